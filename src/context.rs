//! What every command needs besides its own arguments: where the database is, how to print, the
//! clock, and who is making the change. Tests pin the clock with `CLAIMS_NOW` and the reviewer with
//! `CLAIMS_REVIEWER`, so their output is the same on every run.

use std::path::PathBuf;

use crate::db::{Location, Store};
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
    /// Where the database is.
    pub db: Location,
    /// The database file (for a PostgreSQL database, its address as a path): what commands
    /// that write files compare their outputs with.
    pub db_path: PathBuf,
    pub style: Style,
    now: DateTime<Utc>,
    today: NaiveDate,
    actor: String,
    /// Whether someone named the actor (`CLAIMS_REVIEWER`, their own defaults) rather than it
    /// being the system's login name: on a server, only a name someone gave is recorded beside
    /// the database login.
    actor_named: bool,
}

impl Context {
    /// Reads the clock (or its `CLAIMS_NOW` override) once, so one command stamps one time.
    pub fn new(db: Location, style: Style) -> Result<Self> {
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
        let (actor, actor_named) = who_acts();
        Ok(Context {
            db_path: db.path(),
            db,
            style,
            now,
            today,
            actor,
            actor_named,
        })
    }

    /// Now, as stored and exported: RFC 3339 in UTC, to the second.
    pub fn timestamp(&self) -> String {
        self.now.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// Now, as a moment.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Today's date where the user is: what `today` means and the latest date a claim can have.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Who is making the change: `CLAIMS_REVIEWER`, else the `name` of the person's own
    /// defaults (`$XDG_CONFIG_HOME/claims/config.toml`, else `~/.config/claims/config.toml`),
    /// else the login name.
    pub fn actor(&self) -> String {
        self.actor.clone()
    }

    /// Opens the existing database named by `--db`.
    pub fn open_store(&self) -> Result<Box<dyn Store>> {
        crate::db::open(&self.db)
    }

    /// Begins a write transaction on `store` as this command's actor, at this command's time.
    pub fn transaction<'s>(&self, store: &'s mut dyn Store) -> Result<Transaction<'s>> {
        Transaction::begin(store, self.actor(), self.actor_named, self.timestamp())
    }
}

/// A person's own defaults, kept outside the database (`config.toml`).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnDefaults {
    /// The name the history records for them.
    name: Option<String>,
}

/// The person's defaults, when they keep a file of them; a file that cannot be read is left
/// out with a warning rather than stopping the command.
fn own_defaults() -> Option<OwnDefaults> {
    let folder = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    let path = folder.join("claims").join("config.toml");
    let text = std::fs::read_to_string(&path).ok()?;
    match toml::from_str(&text) {
        Ok(defaults) => Some(defaults),
        Err(err) => {
            eprintln!(
                "warning: '{}' is left out: {}",
                path.display(),
                err.message()
            );
            None
        }
    }
}

/// Who acts: see [`Context::actor`].
fn who_acts() -> (String, bool) {
    let from = |var: &str| std::env::var(var).ok();
    let given = |name: String| Some(name.trim().to_string()).filter(|name| !name.is_empty());
    if let Some(named) = from(REVIEWER_VAR)
        .into_iter()
        .chain(own_defaults().and_then(|defaults| defaults.name))
        .find_map(given)
    {
        return (named, true);
    }
    let login = ["USER", "LOGNAME", "USERNAME"]
        .into_iter()
        .filter_map(from)
        .find_map(given)
        .unwrap_or_else(|| "unknown".to_string());
    (login, false)
}
