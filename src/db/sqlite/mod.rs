//! The SQLite engine: opening the database file (pragmas, schema upgrades, and the checks that
//! turn a wrong file into a clear error instead of a stray new database), the store on it
//! (`store.rs`), and the queries beside, one file per table family. Backups, restores and the
//! doctor's checks are SQLite's own, for the commands of those names.

pub mod appearances;
pub mod backup;
pub mod claims;
pub mod counts;
pub mod doctor;
mod errors;
pub mod evidence;
pub mod filter;
pub mod functions;
pub mod history;
pub mod import;
pub mod matching;
pub mod migrations;
pub mod notes;
pub mod records;
pub mod scale;
pub mod search;
pub mod speakers;
mod store;
pub mod workflow;

pub use errors::explained;
pub use store::{SqliteStore, SqliteTxn};

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::error::UserError;

/// How long a writer waits for another process's write to finish before giving up, unless
/// `CLAIMS_BUSY_TIMEOUT` says otherwise. Desks run several `claims` processes and scripts at
/// once; half a minute covers any single command.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The environment variable that sets how many seconds a command waits for a lock.
pub const BUSY_TIMEOUT_VAR: &str = "CLAIMS_BUSY_TIMEOUT";

/// How long to wait for another writer: `CLAIMS_BUSY_TIMEOUT` seconds, else 30.
pub fn busy_timeout() -> Duration {
    std::env::var(BUSY_TIMEOUT_VAR)
        .ok()
        .and_then(|value| value.trim().parse::<f64>().ok())
        .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
        .map_or(BUSY_TIMEOUT, Duration::from_secs_f64)
}

/// What `init` found and did.
pub struct InitOutcome {
    pub created: bool,
    pub from_version: migrations::SchemaVersion,
    pub to_version: migrations::SchemaVersion,
}

/// Creates the database at `path` if it is missing, and brings its schema up to date.
pub fn init(path: &Path) -> Result<(Connection, InitOutcome)> {
    let created = !path.exists();
    let mut conn = Connection::open(path)
        .with_context(|| format!("cannot create or open '{}'", path.display()))?;
    configure(&conn, path)?;
    // WAL lets readers work while a write is in progress and is a property of the file, so it is
    // set once here rather than on every open (which would fail on a read-only file).
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(|err| classify(err, path))?;
    refuse_foreign_database(&conn, path, true)?;
    let (from_version, to_version) = migrations::upgrade(&mut conn)?;
    let outcome = InitOutcome {
        created,
        from_version,
        to_version,
    };
    Ok((conn, outcome))
}

/// Opens an existing `claims` database, upgrading an older schema. A missing file is an error:
/// a typo in `--db` must not create a stray empty database.
///
/// Where the file can be read but its folder or disk cannot be written (a folder at 0555, a
/// read-only mount), SQLite cannot make the files its write-ahead log needs beside it; the
/// database is then opened read-only, so that reading works, and a write fails with
/// [`UserError::ReadOnly`] saying why.
pub fn open(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(UserError::DatabaseMissing(path.display().to_string()).into());
    }
    unlock_companions(path);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open '{}'", path.display()))?;
    let mut conn = match configure(&conn, path) {
        Ok(()) => conn,
        Err(err) if cannot_open_beside(&err) => open_read_only(path)?,
        Err(err) => return Err(err),
    };
    refuse_foreign_database(&conn, path, false)?;
    if matches!(
        migrations::fit(migrations::version(&conn)?),
        migrations::Fit::Older(_)
    ) {
        migrations::upgrade(&mut conn)?;
    }
    Ok(conn)
}

/// Opens the file for `claims doctor`: without upgrading it, and without refusing a file that
/// is damaged past its header, since finding that is the checks' job. Everything else is
/// refused as by [`open`] (not SQLite, empty, another program's, too new). Where the file, its
/// folder or its disk cannot be written it is opened read-only, and the checks only read.
pub fn open_as_is(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(UserError::DatabaseMissing(path.display().to_string()).into());
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open '{}'", path.display()))?;
    let conn = match configure(&conn, path) {
        Ok(()) => conn,
        Err(err) if is_damage(&err) => return Ok(conn),
        Err(err) if cannot_open_beside(&err) => match open_read_only(path) {
            Ok(conn) => conn,
            Err(err) if is_damage(&err) => {
                return Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .with_context(|| format!("cannot open '{}'", path.display()));
            }
            Err(err) => return Err(err),
        },
        Err(err) => return Err(err),
    };
    refuse_foreign_database(&conn, path, false)?;
    Ok(conn)
}

fn is_damage(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<rusqlite::Error>())
        .any(|err| err.sqlite_error_code() == Some(ErrorCode::DatabaseCorrupt))
}

/// A stored date (`YYYY-MM-DD`, or NULL for an unknown one) of a row, read without chrono's
/// general parser: every claim read has one.
pub(crate) fn day(
    row: &rusqlite::Row<'_>,
    column: usize,
) -> rusqlite::Result<Option<chrono::NaiveDate>> {
    let Some(text) = row.get_ref(column)?.as_str_or_null()? else {
        return Ok(None);
    };
    crate::dates::iso(text).map(Some).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            column,
            rusqlite::types::Type::Text,
            format!("'{text}' is not a date (YYYY-MM-DD)").into(),
        )
    })
}

/// Whether a database cannot be written (opened read-only, or on a read-only file).
pub fn is_read_only(conn: &Connection) -> bool {
    conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true)
}

/// Whether opening failed because SQLite could not create or write its files beside the
/// database (`-wal`, `-shm`): a read-only folder says SQLITE_READONLY_DIRECTORY, a read-only
/// mount SQLITE_CANTOPEN.
fn cannot_open_beside(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|cause| cause.downcast_ref::<rusqlite::Error>())
        .any(|err| {
            matches!(
                err.sqlite_error_code(),
                Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
            )
        })
}

/// Opens the database for reading only. SQLite's read-only mode still needs the log's index
/// (`-shm`) beside the file; where that cannot be made either, the file is read as immutable,
/// which is right only when no log holds writes that are not in the file yet.
fn open_read_only(path: &Path) -> Result<Connection> {
    let uri = |query: &str| -> Result<String> {
        let absolute = path
            .canonicalize()
            .with_context(|| format!("cannot open '{}'", path.display()))?;
        Ok(format!("file:{}?{query}", uri_path(&absolute)))
    };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let read_only = Connection::open_with_flags(uri("mode=ro")?, flags)?;
    match configure(&read_only, path) {
        Ok(()) => return Ok(read_only),
        Err(err) if cannot_open_beside(&err) => {}
        Err(err) => return Err(err),
    }
    let wal = crate::files::sibling(path, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|meta| meta.len() > 0) {
        return Err(anyhow::anyhow!(
            "cannot read '{}': it cannot be written here, and its log '{}' holds changes SQLite \
             must first merge into it; run one command where the folder is writable (e.g. \
             `claims doctor`), then read it here",
            path.display(),
            wal.display()
        ));
    }
    let immutable = Connection::open_with_flags(uri("immutable=1")?, flags)?;
    configure(&immutable, path)?;
    Ok(immutable)
}

/// A path as the path of a `file:` URI: the characters that a URI gives a meaning to escaped.
pub(crate) fn uri_path(path: &Path) -> String {
    let mut escaped = String::new();
    for ch in path.to_string_lossy().chars() {
        match ch {
            '%' => escaped.push_str("%25"),
            '?' => escaped.push_str("%3f"),
            '#' => escaped.push_str("%23"),
            _ => escaped.push(ch),
        }
    }
    escaped
}

/// Reading a read-only database leaves its `-wal` and `-shm` files behind with the database's
/// read-only mode (SQLite gives them the database's mode and a reader cannot remove them). Once
/// the database is made writable again they would keep it read-only, so they get its mode
/// back. Best effort: a file that is not ours stays as it is, and SQLite's error says so.
fn unlock_companions(path: &Path) {
    let Ok(database) = std::fs::metadata(path) else {
        return;
    };
    if database.permissions().readonly() {
        return;
    }
    for suffix in ["-wal", "-shm"] {
        let name = crate::files::sibling(path, suffix);
        if std::fs::metadata(&name).is_ok_and(|companion| companion.permissions().readonly()) {
            let _ = std::fs::set_permissions(&name, database.permissions());
        }
    }
}

/// Starts a write transaction that takes the write lock at once. A deferred transaction that
/// reads first and writes later can fail with SQLITE_BUSY without waiting when another process
/// writes in between; taking the lock up front lets the busy timeout do its job.
pub fn write(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

pub(crate) fn configure(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(busy_timeout())?;
    conn.pragma_update(None, "foreign_keys", true)?;
    functions::register(conn)?;
    // The first read of the file is where SQLite notices that it is not a database at all.
    migrations::version(conn).map_err(|err| classify(err, path))?;
    Ok(())
}

/// Refuses a database newer than this binary, and an SQLite file that holds someone else's
/// tables (`allow_empty`: `init` may set up an empty one).
fn refuse_foreign_database(conn: &Connection, path: &Path, allow_empty: bool) -> Result<()> {
    let found = migrations::version(conn)?;
    if migrations::fit(found) == migrations::Fit::Newer {
        return Err(migrations::too_new(conn, path));
    }
    if found == migrations::SchemaVersion::NONE {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |row| row.get(0),
        )?;
        if tables > 0 {
            return Err(UserError::ForeignDatabase(path.display().to_string()).into());
        }
        if !allow_empty {
            return Err(UserError::NotInitialised(path.display().to_string()).into());
        }
    }
    Ok(())
}

fn classify(err: rusqlite::Error, path: &Path) -> anyhow::Error {
    match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => UserError::NotSqlite(path.display().to_string()).into(),
        _ => anyhow::Error::new(err).context(format!("cannot read '{}'", path.display())),
    }
}
