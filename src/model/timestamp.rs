//! Moments, as `claims` stores and writes them: RFC 3339 in UTC, to the second
//! (`2025-09-04T09:00:00Z`).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A moment: when a claim was logged or changed, a note written, a source attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// The moment as chrono's.
    pub fn at(self) -> DateTime<Utc> {
        self.0
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(moment: DateTime<Utc>) -> Timestamp {
        Timestamp(moment)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::{Datelike, Timelike};
        let at = self.0;
        if (0..=9999).contains(&at.year()) {
            // What `to_rfc3339_opts(Secs, true)` writes, without its general machinery: every
            // exported row writes two of these.
            return write!(
                f,
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                at.year(),
                at.month(),
                at.day(),
                at.hour(),
                at.minute(),
                at.second()
            );
        }
        f.write_str(&at.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl FromStr for Timestamp {
    type Err = String;

    /// Any RFC 3339 timestamp, in any zone; it is kept in UTC.
    fn from_str(text: &str) -> Result<Timestamp, String> {
        if let Some(moment) = canonical(text) {
            return Ok(moment);
        }
        DateTime::parse_from_rfc3339(text.trim())
            .map(|moment| Timestamp(moment.with_timezone(&Utc)))
            .map_err(|_| format!("'{text}' is not an RFC 3339 timestamp"))
    }
}

/// The form `claims` stores, `2025-09-04T09:00:00Z`, read without a general parser: a million
/// rows read two each.
fn canonical(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    if bytes.len() != 20 || bytes[19] != b'Z' || bytes[10] != b'T' {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        text.get(from..to)?.bytes().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if separators.iter().any(|(at, want)| bytes[*at] != *want) {
        return None;
    }
    let day = chrono::NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
    let time = chrono::NaiveTime::from_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)?;
    Some(Timestamp(day.and_time(time).and_utc()))
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_any_zone_and_write_utc_to_the_second() {
        let moment: Timestamp = "2025-09-04T11:00:00+02:00".parse().unwrap();
        assert_eq!(moment.to_string(), "2025-09-04T09:00:00Z");
        assert_eq!(
            serde_json::to_string(&moment).unwrap(),
            "\"2025-09-04T09:00:00Z\""
        );
        assert!("yesterday".parse::<Timestamp>().is_err());
        // The stored form reads the same by its quick path as by the general one.
        let stored: Timestamp = "2025-02-28T23:59:07Z".parse().unwrap();
        assert_eq!(stored.to_string(), "2025-02-28T23:59:07Z");
        assert!("2025-02-30T00:00:00Z".parse::<Timestamp>().is_err());
    }
}
