//! Dates as spreadsheets and feeds write them: ISO (`2025-09-03`, or a whole RFC 3339
//! timestamp), `September 3, 2025`, `Sep. 3, 2025`, `3 September 2025`, and news style with a
//! weekday and an ordinal, `Thursday, January 9th, 2020`. Anything else, in particular
//! `03/09/2025` (the 3rd of September or the 9th of March?), is an error rather than a guess.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};

/// The forms tried after the weekday, ordinal suffixes and stray punctuation are removed.
const FORMATS: [&str; 5] = ["%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"];

/// Reads a date in one of the common forms; `None` when it is none of them, or when it names
/// a weekday the date does not fall on ("Monday, January 9th, 2020" was a Thursday).
pub fn parse(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if is_iso_shaped(value) {
        return NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
    }
    if let Some(time) = moment_written(value) {
        // The day as the writer gave it, in their own time zone.
        return Some(time.date_naive());
    }
    let mut weekday = None;
    let mut words = Vec::new();
    for word in value
        .split(|ch: char| ch.is_whitespace() || ch == ',')
        .filter(|word| !word.is_empty())
    {
        let bare = word.trim_end_matches('.');
        match weekday_of(bare) {
            Some(day) if weekday.is_none() && words.is_empty() => weekday = Some(day),
            _ => words.push(ap_month(&strip_ordinal(bare))),
        }
    }
    let cleaned = words.join(" ");
    FORMATS
        .iter()
        .find_map(|format| NaiveDate::parse_from_str(&cleaned, format).ok())
        // chrono accepts a one-digit month or day in ISO form; keep ISO to its one spelling.
        .filter(|_| !cleaned.contains('-') || is_iso_shaped(&cleaned))
        .filter(|date| weekday.is_none_or(|day| date.weekday() == day))
}

/// The moments feeds write besides RFC 3339: a space for the `T` (`2020-10-07 20:05`), no
/// seconds, `UTC` spelled out (`2017-03-01 20:30:17 UTC`), an offset without its colon
/// (`2019-01-23T14:22:00+0100`). A moment without a zone is taken as UTC.
const MOMENT_FORMATS: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
];

/// A date and time as feeds write them, in the zone they were written in.
fn moment_written(value: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(time) = DateTime::parse_from_rfc3339(value) {
        return Some(time);
    }
    if !value.get(..10).is_some_and(is_iso_shaped) || value.len() < 16 {
        return None;
    }
    let bare = value
        .strip_suffix(" UTC")
        .or_else(|| value.strip_suffix(" GMT"))
        .or_else(|| value.strip_suffix('Z'))
        .unwrap_or(value)
        .trim_end();
    for zoned in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%d %H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(time) = DateTime::parse_from_str(bare, zoned) {
            return Some(time);
        }
    }
    let bare = bare
        .split_once('.')
        .map_or(bare, |(whole, _fraction)| whole);
    MOMENT_FORMATS.iter().find_map(|format| {
        NaiveDateTime::parse_from_str(bare, format)
            .ok()
            .map(|time| time.and_utc().fixed_offset())
    })
}

/// A moment (a review's `datePublished`, a verdict's date) in any form `parse` or
/// `moment_written` reads, in UTC; a bare date is that day's midnight, UTC.
pub fn moment(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    moment_written(value)
        .map(|time| time.with_timezone(&Utc))
        .or_else(|| parse(value).map(|day| day.and_time(NaiveTime::MIN).and_utc()))
}

/// The weekday a word names ("Thu", "Thursday"), if it names one.
fn weekday_of(word: &str) -> Option<Weekday> {
    let word = word.to_lowercase();
    if word.len() < 3 {
        return None;
    }
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .into_iter()
    .find(|day| day_name(*day).starts_with(&word))
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

/// The Associated Press abbreviates September as "Sept."; chrono knows only "Sep".
fn ap_month(word: &str) -> String {
    if word.eq_ignore_ascii_case("sept") {
        "Sep".to_string()
    } else {
        word.to_string()
    }
}

/// `9th` → `9`, `1st` → `1`; other words unchanged.
fn strip_ordinal(word: &str) -> String {
    let lower = word.to_lowercase();
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(number) = lower.strip_suffix(suffix)
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
        {
            return number.to_string();
        }
    }
    word.to_string()
}

/// A date written `YYYY-MM-DD`, read digit by digit; `None` for any other shape or a day the
/// calendar lacks.
pub fn iso(value: &str) -> Option<NaiveDate> {
    if !is_iso_shaped(value) {
        return None;
    }
    let number = |from: usize, to: usize| {
        value.as_bytes()[from..to]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    NaiveDate::from_ymd_opt(number(0, 4) as i32, number(5, 7), number(8, 10))
}

/// Whether a text has the shape `NNNN-NN-NN`.
pub fn is_iso_shaped(value: &str) -> bool {
    value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn the_moments_real_claimreview_feeds_write() {
        for (text, expected) in [
            ("2020-10-07 20:05", "2020-10-07T20:05:00Z"),
            ("2017-03-01 20:30:17 UTC", "2017-03-01T20:30:17Z"),
            ("2019-01-23T14:22:00+0100", "2019-01-23T13:22:00Z"),
            ("2022-11-04T00:00:00Z", "2022-11-04T00:00:00Z"),
            ("2021-07-28", "2021-07-28T00:00:00Z"),
            ("2019-02-21T23:12:05.123", "2019-02-21T23:12:05Z"),
        ] {
            let got = moment(text).map(|time| time.format("%Y-%m-%dT%H:%M:%SZ").to_string());
            assert_eq!(got.as_deref(), Some(expected), "{text}");
        }
        assert_eq!(parse("2019-01-23T23:22:00+0100"), day(2019, 1, 23));
        assert_eq!(parse("2020-10-07 20:05"), day(2020, 10, 7));
        for bad in ["2020-10-07 25:05", "2020-10-07 nonsense", "yesterday"] {
            assert_eq!(moment(bad), None, "{bad}");
        }
    }

    #[test]
    fn common_forms() {
        for (text, expected) in [
            ("2025-09-03", day(2025, 9, 3)),
            ("2025-09-03T14:05:00Z", day(2025, 9, 3)),
            ("2025-09-03T23:30:00-05:00", day(2025, 9, 3)),
            ("September 3, 2025", day(2025, 9, 3)),
            ("Sep 3, 2025", day(2025, 9, 3)),
            ("Sept. 3, 2025", day(2025, 9, 3)),
            ("Sep. 3, 2025", day(2025, 9, 3)),
            ("3 September 2025", day(2025, 9, 3)),
            ("Thursday, January 9th, 2020", day(2020, 1, 9)),
            ("Thu, Jan 9th, 2020", day(2020, 1, 9)),
            ("  March 1st, 2024 ", day(2024, 3, 1)),
        ] {
            assert_eq!(parse(text), expected, "{text}");
        }
    }

    #[test]
    fn ambiguous_or_impossible_dates_are_refused() {
        for text in [
            "03/09/2025",
            "2025-9-3",
            "2025-02-30",
            "February 30, 2025",
            "soon",
            "",
            "20250903",
            "Monday, January 9th, 2020",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
