//! Dates: `import::dates::parse` (every date of an imported file), `input::past_date` (`--date`,
//! `--published`), `input::filter_date` (`--since`, `--until`), `input::is_iso_shaped` and
//! `import::fields::timestamp` (`created_at`, `updated_at`, the history's `at`) on arbitrary
//! UTF-8.
//!
//! Input: one byte choosing "today" (the real clock, or `CLAIMS_NOW` anywhere RFC 3339 can put
//! it, a day either way for the local time zone), then the text.

#![no_main]

use chrono::NaiveDate;
use claims::import::{dates, fields};
use claims::input;
use libfuzzer_sys::fuzz_target;

/// Days "today" can be: `Context::today` is the local day of an RFC 3339 time (years 0 to 9999).
const TODAYS: [(i32, u32, u32); 6] = [
    (2025, 9, 3),
    (2024, 2, 29),
    (1970, 1, 1),
    (0, 1, 1),
    (-1, 12, 31),
    (10000, 1, 1),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (y, m, d) = TODAYS[usize::from(pick) % TODAYS.len()];
    let today = NaiveDate::from_ymd_opt(y, m, d).expect("a real day");

    let _ = dates::parse(text);
    let _ = input::is_iso_shaped(text);
    let _ = fields::timestamp(text);
    let _ = input::filter_date(text, "--since");
    if let Ok(date) = input::past_date(text, "--date", today) {
        // What past_date promises: never after today.
        assert!(date <= today, "{text:?} gave {date}, after {today}");
    }
    if let Some(date) = dates::parse(text) {
        // The import then refuses a date after today the same way.
        let _ = input::not_after_today(date, text, "said_on", today);
    }
});
