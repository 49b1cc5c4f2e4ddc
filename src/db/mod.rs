//! Opening the database file: pragmas, schema upgrades, and the checks that turn a wrong file
//! into a clear error instead of a stray new database. The queries live beside, one file per
//! table family.

pub mod appearances;
pub mod backup;
pub mod claims;
pub mod counts;
pub mod doctor;
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

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use crate::error::UserError;

/// How long a writer waits for another process's write to finish before giving up. Desks run
/// several `claims` processes and scripts at once; a few seconds covers any single command.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// What `init` found and did.
pub struct InitOutcome {
    pub created: bool,
    pub from_version: i64,
    pub to_version: i64,
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
pub fn open(path: &Path) -> Result<Connection> {
    if !path.exists() {
        return Err(UserError::DatabaseMissing(path.display().to_string()).into());
    }
    unlock_companions(path);
    let mut conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open '{}'", path.display()))?;
    configure(&conn, path)?;
    refuse_foreign_database(&conn, path, false)?;
    if migrations::version(&conn)? < migrations::LATEST_VERSION {
        migrations::upgrade(&mut conn)?;
    }
    Ok(conn)
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
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
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

fn configure(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
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
    if found > migrations::LATEST_VERSION {
        return Err(UserError::DatabaseTooNew {
            path: path.display().to_string(),
            found,
            known: migrations::LATEST_VERSION,
        }
        .into());
    }
    if found == 0 {
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

/// A claim with its evidence, notes and history: what `show` prints and JSON export writes.
pub fn full_record(
    conn: &Connection,
    claim: crate::model::Claim,
) -> Result<crate::model::ClaimRecord> {
    Ok(crate::model::ClaimRecord {
        evidence: evidence::for_claim(conn, claim.id)?,
        notes: notes::for_claim(conn, claim.id)?,
        history: history::for_claim(conn, claim.id)?,
        appearances: appearances::for_claim(conn, claim.id)?,
        claim,
    })
}
