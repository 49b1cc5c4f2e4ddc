//! Copies of the database through SQLite's online backup API: a copy taken while others write
//! is one consistent snapshot, and a restore into a database others have open goes through
//! SQLite's locks instead of replacing the file under them.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use rusqlite::backup::Backup;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::migrations;
use crate::error::UserError;

/// Pages copied per step: all of them, so that the copy is one read transaction (in WAL mode
/// it does not hold writers up) and no write can make it start over.
const ALL_PAGES: i32 = -1;
/// How long to wait between tries when the source is locked.
const PAUSE: Duration = Duration::from_millis(50);

/// Writes a copy of `conn`'s database to `path`, whole or not at all: into a temporary sibling
/// that is checked and then renamed into place. `replace` allows an existing file to go.
pub fn copy_to(conn: &Connection, path: &Path, replace: bool) -> Result<()> {
    let dir = crate::output::file::existing_folder(path)?;
    let cannot = || format!("cannot write '{}'", path.display());
    let temp = tempfile::Builder::new()
        .prefix(".claims-copy-")
        .tempfile_in(dir)
        .with_context(cannot)?;
    {
        let mut copy = Connection::open(temp.path()).with_context(cannot)?;
        copy_all(&Backup::new(conn, &mut copy)?)?;
        let check: String = copy.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
        if check != "ok" {
            bail!(
                "the copy in '{}' did not check out: {check}",
                path.display()
            );
        }
        // The copy keeps the source's WAL mode; a copy is one self-contained file, without a
        // log that a reader would have to create beside it.
        copy.pragma_update(None, "journal_mode", "DELETE")?;
    }
    temp.as_file().sync_all().with_context(cannot)?;
    if replace {
        temp.persist(path).map_err(|err| err.error)
    } else {
        temp.persist_noclobber(path).map_err(|err| err.error)
    }
    .with_context(cannot)?;
    Ok(())
}

/// Runs a backup in one step, waiting while the source or the destination is locked.
/// (rusqlite's `run_to_completion` copies in steps of a few pages, which a write in between
/// makes start over.)
fn copy_all(backup: &Backup<'_, '_>) -> rusqlite::Result<()> {
    use rusqlite::backup::StepResult;
    loop {
        match backup.step(ALL_PAGES)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked => std::thread::sleep(PAUSE),
            _ => std::thread::sleep(PAUSE),
        }
    }
}

/// What a backup file holds, once it has been checked to be a `claims` database.
pub struct BackupFile {
    pub claims: i64,
    pub version: i64,
}

/// Checks that `path` is a whole `claims` database (any schema version this binary can
/// upgrade), without writing to it.
pub fn inspect(path: &Path) -> Result<BackupFile> {
    let shown = path.display().to_string();
    if !path.is_file() {
        bail!("'{shown}' does not exist: give the path of a backup made with `claims backup`");
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open '{shown}'"))?;
    let not_a_backup = |why: &str| {
        anyhow!(
            "'{shown}' is not a claims backup ({why}): give the path of a file made with \
             `claims backup`"
        )
    };
    // The backup's own errors name the backup: left alone, a damaged page would be reported
    // as damage to the database being restored (see `error::explained`).
    let unreadable = |err: rusqlite::Error| match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => not_a_backup("it is not SQLite"),
        Some(ErrorCode::DatabaseCorrupt) => {
            anyhow!("'{shown}' is damaged ({err}): choose another backup")
        }
        _ => anyhow::Error::new(err).context(format!("cannot read '{shown}'")),
    };
    let version = migrations::version(&conn).map_err(unreadable)?;
    if version > migrations::LATEST_VERSION {
        return Err(UserError::DatabaseTooNew {
            path: shown,
            found: version,
            known: migrations::LATEST_VERSION,
        }
        .into());
    }
    let has_claims: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'claims')",
            [],
            |row| row.get(0),
        )
        .map_err(unreadable)?;
    if version == 0 || !has_claims {
        return Err(not_a_backup("it is an SQLite database of another program"));
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(unreadable)?;
    if check != "ok" {
        bail!("'{shown}' is damaged ({check}): choose another backup");
    }
    let claims: i64 = conn
        .query_row("SELECT count(*) FROM claims", [], |row| row.get(0))
        .map_err(unreadable)?;
    Ok(BackupFile { claims, version })
}

/// Replaces the database at `db_path`, which may be open in other processes, with the backup
/// at `from`. Returns false when the file at `db_path` is not a database SQLite can write into
/// (damaged beyond that): the caller replaces the file instead.
pub fn restore_into(db_path: &Path, from: &Path) -> Result<bool> {
    let mut conn = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .with_context(|| format!("cannot open '{}'", db_path.display()))?;
    conn.busy_timeout(super::BUSY_TIMEOUT)?;
    let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let copied = Backup::new(&source, &mut conn).and_then(|backup| copy_all(&backup));
    match copied {
        Ok(()) => {}
        Err(err)
            if matches!(
                err.sqlite_error_code(),
                Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
            ) =>
        {
            return Ok(false);
        }
        Err(err) => return Err(err.into()),
    }
    conn.pragma_update(None, "journal_mode", "WAL")?;
    Ok(true)
}
