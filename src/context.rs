//! What every command needs besides its own arguments: where the database is, how to print, the
//! clock, and who is making the change. Tests pin the clock with `CLAIMS_NOW` and the reviewer with
//! `CLAIMS_REVIEWER`, so their output is the same on every run.

use std::path::PathBuf;

use crate::db::Store;
use crate::ops::Transaction;
use crate::output::Style;
use anyhow::{Result, anyhow};
use chrono::{DateTime, Local, NaiveDate, SecondsFormat, Utc};

/// The environment variable that freezes the clock (an RFC 3339 timestamp).
pub const NOW_VAR: &str = "CLAIMS_NOW";
/// The environment variable naming the reviewer recorded in the history.
pub const REVIEWER_VAR: &str = "CLAIMS_REVIEWER";

/// The shared state of one `claims` invocation.
pub struct Context {
    pub db_path: PathBuf,
    pub style: Style,
    now: DateTime<Utc>,
    today: NaiveDate,
}

impl Context {
    /// Reads the clock (or its `CLAIMS_NOW` override) once, so one command stamps one time.
    pub fn new(db_path: PathBuf, style: Style) -> Result<Self> {
        let now = match std::env::var(NOW_VAR) {
            Ok(value) => DateTime::parse_from_rfc3339(value.trim())
                .map_err(|_| {
                    anyhow!(
                        "invalid {NOW_VAR} '{value}': expected an RFC 3339 timestamp such as \
                         2025-09-03T12:00:00Z, or unset it"
                    )
                })?
                .with_timezone(&Utc),
            Err(_) => Utc::now(),
        };
        // "today" is the user's calendar day, pinned clock or not: a claim made in the evening
        // in Mexico City is dated that evening's day, not the next UTC one.
        let today = now.with_timezone(&Local).date_naive();
        Ok(Context {
            db_path,
            style,
            now,
            today,
        })
    }

    /// Now, as stored and exported: RFC 3339 in UTC, to the second.
    pub fn timestamp(&self) -> String {
        self.now.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// Today's date where the user is: what `today` means and the latest date a claim can have.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Who is making the change: `CLAIMS_REVIEWER`, else the login name.
    pub fn actor(&self) -> String {
        [REVIEWER_VAR, "USER", "LOGNAME", "USERNAME"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .map(|name| name.trim().to_string())
            .find(|name| !name.is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    }

    /// Opens the existing database named by `--db`.
    pub fn open_store(&self) -> Result<Box<dyn Store>> {
        crate::db::open(&self.db_path)
    }

    /// Begins a write transaction on `store` as this command's actor, at this command's time.
    pub fn transaction<'s>(&self, store: &'s mut dyn Store) -> Result<Transaction<'s>> {
        Transaction::begin(store, self.actor(), self.timestamp())
    }
}
