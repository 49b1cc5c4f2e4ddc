//! Checks on what the user typed, before anything touches the database: each function returns
//! the cleaned value or a `UserError` that names the flag and the fix.

use std::io::Read;

use anyhow::Result;
use chrono::{Days, NaiveDate};

use crate::error::UserError;

/// The longest claim text: a statement, even a long one, is far shorter. The limit keeps a
/// pasted article out of the text field (it belongs in a note or an evidence excerpt).
pub const MAX_CLAIM_CHARS: usize = 10_000;
/// The longest context, note, excerpt or verdict explanation.
pub const MAX_LONG_TEXT_CHARS: usize = 100_000;
/// The longest speaker name, title, publisher or tag.
pub const MAX_NAME_CHARS: usize = 500;
/// The longest URL (what browsers and servers commonly accept).
pub const MAX_URL_CHARS: usize = 8_000;
/// The most tags a claim can have: tags are for filtering, and a claim filed under hundreds of
/// them (a script gone wrong) would only slow every count down.
pub const MAX_TAGS: usize = 50;

/// Checks that a claim with these tags stays within `MAX_TAGS`.
pub fn tag_count(count: usize) -> Result<()> {
    if count > MAX_TAGS {
        return Err(UserError::TooManyTags {
            count,
            limit: MAX_TAGS,
        }
        .into());
    }
    Ok(())
}

/// A required text that may be long (a claim, a note): as `required_text`, but `-` reads it
/// from standard input.
pub fn required_text_or_stdin(value: &str, what: &'static str, limit: usize) -> Result<String> {
    if value == "-" {
        required_text(&read_stdin(what, limit)?, what, limit)
    } else {
        required_text(value, what, limit)
    }
}

/// A required text: trimmed, not empty, not over `limit` characters.
pub fn required_text(value: &str, what: &'static str, limit: usize) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(UserError::Empty { what }.into());
    }
    check_length(trimmed, what, limit)?;
    Ok(one_line_end(trimmed))
}

/// Windows line ends (`\r\n`) as plain `\n`, as import reads them too: a claim pasted from a
/// Windows document and the same claim imported from its export are the same text.
fn one_line_end(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    }
}

/// An optional text: trimmed, and `None` when nothing is left.
pub fn optional_text(
    value: Option<&str>,
    what: &'static str,
    limit: usize,
) -> Result<Option<String>> {
    let Some(trimmed) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    check_length(trimmed, what, limit)?;
    Ok(Some(one_line_end(trimmed)))
}

fn check_length(value: &str, what: &'static str, limit: usize) -> Result<()> {
    let len = value.chars().count();
    if len > limit {
        return Err(UserError::TooLong { what, len, limit }.into());
    }
    Ok(())
}

/// Reads standard input, but no more than `limit` characters can take (4 bytes each).
fn read_stdin(what: &'static str, limit: usize) -> Result<String> {
    let bytes = read_at_most(std::io::stdin(), limit as u64 * 4)?
        .ok_or(UserError::TooLongInput { what, limit })?;
    String::from_utf8(bytes).map_err(|_| UserError::StdinNotUtf8 { what }.into())
}

/// Reads `input` to its end if that comes within `limit` bytes; `None` if it does not. One
/// byte past the limit is read, enough to tell, and no more: a runaway pipe or a device that
/// never ends (`/dev/zero`) is an error at the limit, not a process that eats all the memory.
fn read_at_most(input: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// How much of a kind of file `claims` reads whole, and what to tell the user of a bigger one.
#[derive(Debug, Clone, Copy)]
pub struct FileLimit {
    /// The most bytes read, a whole number of MiB.
    pub bytes: u64,
    /// The kind of file, for messages: "a scale file".
    pub what: &'static str,
    /// What to do with a file over the limit.
    pub fix: &'static str,
}

/// Reads a whole file as UTF-8 text, no more than `limit` allows. Every file `claims` reads
/// whole comes through here (files read a record at a time have limits of their own), so
/// that none can take all the memory there is.
pub fn read_text_file(path: &std::path::Path, limit: FileLimit) -> Result<String> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => {
            anyhow::anyhow!("file '{name}' does not exist: check the path")
        }
        _ => read_error(err, &name, limit.what),
    })?;
    read_text(file, &name, limit)
}

/// Reads `input` whole, no more than `limit` allows; `name` names it in messages.
pub fn read_bytes(input: impl Read, name: &str, limit: FileLimit) -> Result<Vec<u8>> {
    Ok(read_at_most(input, limit.bytes)
        .map_err(|err| read_error(err, name, limit.what))?
        .ok_or_else(|| UserError::FileTooLarge {
            file: name.to_string(),
            limit: format!("{} MiB", limit.bytes >> 20),
            what: limit.what,
            fix: limit.fix,
        })?)
}

/// Reads `input` whole as UTF-8 text, no more than `limit` allows; `name` names it in messages.
pub fn read_text(input: impl Read, name: &str, limit: FileLimit) -> Result<String> {
    let bytes = read_bytes(input, name, limit)?;
    String::from_utf8(bytes).map_err(|err| {
        UserError::FileNotUtf8 {
            file: name.to_string(),
            offset: err.utf8_error().valid_up_to(),
        }
        .into()
    })
}

/// A failed read of the file `name` (`what` it should be), in the user's words: a folder
/// given for a file says so, where the system says only "Is a directory (os error 21)".
fn read_error(err: std::io::Error, name: &str, what: &'static str) -> anyhow::Error {
    if err.kind() == std::io::ErrorKind::IsADirectory {
        return UserError::IsAFolder {
            file: name.to_string(),
            what,
        }
        .into();
    }
    anyhow::Error::new(err).context(format!("cannot read '{name}'"))
}

/// The date a claim was made or a source published: `YYYY-MM-DD`, `today` or `yesterday`, and
/// not after today.
pub fn past_date(value: &str, flag: &'static str, today: NaiveDate) -> Result<NaiveDate> {
    let date = match value.trim() {
        "today" => today,
        "yesterday" => today
            .checked_sub_days(Days::new(1))
            .expect("the calendar has a day before today"),
        // The one date reader of the whole program: what an import reads ("September 3,
        // 2025"), a command line takes too.
        other => crate::dates::parse(other).ok_or_else(|| UserError::InvalidDate {
            value: other.to_string(),
            flag,
            extra: ", or today or yesterday",
        })?,
    };
    not_after_today(date, value, flag, today)
}

/// A date a claim was made or a source published cannot be after today.
pub fn not_after_today(
    date: NaiveDate,
    value: &str,
    flag: &'static str,
    today: NaiveDate,
) -> Result<NaiveDate> {
    if date > today {
        return Err(UserError::FutureDate {
            value: value.to_string(),
            flag,
            today: today.to_string(),
        }
        .into());
    }
    Ok(date)
}

/// A date bound of a filter (`--since`, `--until`): `YYYY-MM-DD`.
/// A date that may lie ahead (a due date): what `past_date` reads, and `tomorrow`.
pub fn any_date(value: &str, flag: &'static str, today: NaiveDate) -> Result<NaiveDate> {
    match value.trim() {
        "today" => Ok(today),
        "tomorrow" => Ok(today
            .checked_add_days(Days::new(1))
            .expect("the calendar has a day after today")),
        other => crate::dates::parse(other).ok_or_else(|| {
            UserError::InvalidDate {
                value: other.to_string(),
                flag,
                extra: ", or today or tomorrow",
            }
            .into()
        }),
    }
}

pub fn filter_date(value: &str, flag: &'static str) -> Result<NaiveDate> {
    iso_date(value.trim(), flag, "")
}

/// Exactly `YYYY-MM-DD` and a real day of the calendar. chrono alone would accept `2025-9-3`;
/// a desk's data wants one spelling of a date.
fn iso_date(value: &str, flag: &'static str, extra: &'static str) -> Result<NaiveDate> {
    is_iso_shaped(value)
        .then(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| {
            UserError::InvalidDate {
                value: value.to_string(),
                flag,
                extra,
            }
            .into()
        })
}

pub use crate::dates::is_iso_shaped;

/// An http(s) address with a host.
pub fn web_url(value: &str, flag: &'static str) -> Result<String> {
    let trimmed = value.trim();
    let invalid = || UserError::InvalidUrl {
        value: value.to_string(),
        flag,
    };
    check_length(trimmed, "the URL", MAX_URL_CHARS)?;
    // The URL parser would quietly percent-encode a space or a control character; storing the
    // text as typed would then keep a link that is not one.
    if trimmed
        .chars()
        .any(|ch| ch.is_whitespace() || ch.is_control())
    {
        return Err(invalid().into());
    }
    let parsed = url::Url::parse(trimmed).map_err(|_| invalid())?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(invalid().into());
    }
    Ok(trimmed.to_string())
}

/// A tag: trimmed, lower-cased (so `Mexico` and `mexico` are one tag), without `;` (the CSV
/// export joins tags with it).
pub fn tag(value: &str) -> Result<String> {
    let cleaned = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if cleaned.is_empty() || cleaned.contains(';') {
        return Err(UserError::InvalidTag(value.to_string()).into());
    }
    check_length(&cleaned, "the tag", MAX_NAME_CHARS)?;
    Ok(cleaned.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 9, 3).unwrap()
    }

    #[test]
    fn dates_are_strict_iso_days() {
        assert_eq!(
            past_date("2025-09-01", "--date", today()).unwrap(),
            NaiveDate::from_ymd_opt(2025, 9, 1).unwrap()
        );
        for bad in [
            "2025-02-30",
            "03/09/2025",
            "2025-9-3",
            "20250903",
            "",
            "yesterday-ish",
        ] {
            let err = past_date(bad, "--date", today()).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!("invalid date '{bad}' for --date")),
                "{err}"
            );
        }
    }

    #[test]
    fn relative_dates_and_the_future() {
        assert_eq!(past_date("today", "--date", today()).unwrap(), today());
        assert_eq!(
            past_date("yesterday", "--date", today()).unwrap(),
            NaiveDate::from_ymd_opt(2025, 9, 2).unwrap()
        );
        let err = past_date("2025-09-04", "--date", today()).unwrap_err();
        assert!(err.to_string().contains("in the future"));
    }

    #[test]
    fn only_web_urls() {
        assert!(web_url("https://apnews.com/article/x", "--url").is_ok());
        for bad in [
            "ftp://x.org/a",
            "javascript:alert(1)",
            "apnews.com",
            "http://",
            "https://example.org/a b",
            "https://example.org/\u{1b}[31m",
        ] {
            assert!(web_url(bad, "--url").is_err(), "{bad}");
        }
    }

    #[test]
    fn tags_are_normalised() {
        assert_eq!(tag("  Border   Security ").unwrap(), "border security");
        assert!(tag("a;b").is_err());
        assert!(tag("   ").is_err());
    }
}
