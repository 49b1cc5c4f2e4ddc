//! Dates as spreadsheets and feeds write them: ISO (`2025-09-03`, or a whole RFC 3339
//! timestamp), `September 3, 2025`, `Sep. 3, 2025`, `3 September 2025`, and news style with a
//! weekday and an ordinal, `Thursday, January 9th, 2020`. Anything else, in particular
//! `03/09/2025` (the 3rd of September or the 9th of March?), is an error rather than a guess.

use chrono::{DateTime, Datelike, NaiveDate, Weekday};

/// The forms tried after the weekday, ordinal suffixes and stray punctuation are removed.
const FORMATS: [&str; 5] = ["%Y-%m-%d", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"];

/// Reads a date in one of the common forms; `None` when it is none of them, or when it names
/// a weekday the date does not fall on ("Monday, January 9th, 2020" was a Thursday).
pub fn parse(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    if is_iso_shaped(value) {
        return NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(value) {
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
