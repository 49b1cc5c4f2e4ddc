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
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

impl FromStr for Timestamp {
    type Err = String;

    /// Any RFC 3339 timestamp, in any zone; it is kept in UTC.
    fn from_str(text: &str) -> Result<Timestamp, String> {
        DateTime::parse_from_rfc3339(text.trim())
            .map(|moment| Timestamp(moment.with_timezone(&Utc)))
            .map_err(|_| format!("'{text}' is not an RFC 3339 timestamp"))
    }
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
    }
}
