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
use crate::files;

/// Pages copied per step: all of them, so that the copy is one read transaction (in WAL mode
/// it does not hold writers up) and no write can make it start over.
const ALL_PAGES: i32 = -1;
/// How long to wait between tries when the source is locked.
const PAUSE: Duration = Duration::from_millis(50);

/// Backs the database at `db_path` up to `path` (`replace`: an existing file may go), and
/// returns how many claims the copy holds: counted in the copy, which is one snapshot.
pub fn back_up(db_path: &Path, path: &Path, replace: bool) -> Result<u64> {
    let conn = super::open(db_path)?;
    copy_to(&conn, path, replace)?;
    let copy = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY);
    // A device or a pipe cannot be read back: the database is counted instead.
    let counted = copy
        .and_then(|copy| {
            copy.query_row("SELECT count(*) FROM claims", [], |row| {
                row.get::<_, i64>(0)
            })
        })
        .or_else(|_| conn.query_row("SELECT count(*) FROM claims", [], |row| row.get(0)))?;
    Ok(counted as u64)
}

/// Writes a copy of `conn`'s database to `path`, whole or not at all: into a temporary sibling
/// that is checked and then renamed into place. `replace` allows an existing file to go. A
/// device or FIFO gets the copy's bytes once it is complete and checked.
pub fn copy_to(conn: &Connection, path: &Path, replace: bool) -> Result<()> {
    let pending = files::Pending::create(path, "the backup")?;
    match pending.temp_path() {
        Some(temp) => {
            write_copy(conn, temp, path)?;
            if replace {
                pending.finish()
            } else {
                pending.finish_new()
            }
        }
        None => {
            let scratch = scratch_file()?;
            write_copy(conn, &scratch.path, path)?;
            let mut copy = std::fs::File::open(&scratch.path)?;
            std::io::copy(&mut copy, &mut pending.writer()?)
                .with_context(|| format!("cannot write '{}'", path.display()))?;
            pending.finish()
        }
    }
}

/// Copies `conn`'s database into the new file at `temp`, and checks the copy. Running out of
/// room there is said of `path`, the file the user named, not of the database copied.
fn write_copy(conn: &Connection, temp: &Path, path: &Path) -> Result<()> {
    let on_copy = |err: rusqlite::Error| -> anyhow::Error {
        match err.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => UserError::DiskFull(path.display().to_string()).into(),
            Some(ErrorCode::SystemIoFailure | ErrorCode::CannotOpen) => {
                anyhow!("cannot write '{}': {}", path.display(), err)
            }
            _ => err.into(),
        }
    };
    let mut copy = Connection::open(temp).map_err(on_copy)?;
    Backup::new(conn, &mut copy)
        .and_then(|backup| copy_all(&backup))
        .map_err(on_copy)?;
    let check: String = copy
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(on_copy)?;
    if check != "ok" {
        bail!(
            "the copy written to '{}' did not check out: {check}",
            path.display()
        );
    }
    // The copy keeps the source's WAL mode; a copy is one self-contained file, without a log
    // that a reader would have to create beside it.
    copy.pragma_update(None, "journal_mode", "DELETE")
        .map_err(on_copy)?;
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
    pub version: migrations::SchemaVersion,
}

/// Checks that `path` is a whole `claims` database (any schema version this binary can
/// upgrade), without writing to it.
pub fn inspect(path: &Path) -> Result<BackupFile> {
    let shown = path.display().to_string();
    match std::fs::metadata(path) {
        Err(_) => {
            bail!("'{shown}' does not exist: give the path of a backup made with `claims backup`")
        }
        Ok(meta) if meta.is_dir() => {
            bail!("'{shown}' is a folder: give the path of a backup file made with `claims backup`")
        }
        Ok(meta) if !meta.is_file() => bail!(
            "'{shown}' is not a file (a device or a pipe): give the path of a backup made with \
             `claims backup`"
        ),
        Ok(meta) if meta.len() == 0 => bail!(
            "'{shown}' is empty, so it is not a backup: give the path of a file made with \
             `claims backup`"
        ),
        Ok(_) => {}
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
    // as damage to the database being restored (see `errors::explained`).
    let unreadable = |err: rusqlite::Error| match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => not_a_backup("it is not SQLite"),
        Some(ErrorCode::DatabaseCorrupt) => {
            anyhow!("'{shown}' is damaged ({err}): choose another backup")
        }
        _ => anyhow::Error::new(err).context(format!("cannot read '{shown}'")),
    };
    let version = migrations::version(&conn).map_err(unreadable)?;
    if migrations::fit(version) == migrations::Fit::Newer {
        return Err(migrations::too_new(&conn, path));
    }
    let has_claims: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'claims')",
            [],
            |row| row.get(0),
        )
        .map_err(unreadable)?;
    if version == migrations::SchemaVersion::NONE || !has_claims {
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

/// Replaces the database at `db_path`, which others may have open and be writing to, with the
/// backup at `from`, keeping what it held as `aside`.
///
/// It is one write transaction on the live database: it takes the write lock, copies the
/// database aside through a second connection (which sees everything committed until the lock
/// was taken, and nothing can be committed after), replaces every table's rows with the
/// backup's, and commits. So every write of another process lands either before (and is in
/// the copy kept aside) or after (in the restored database), never in between where neither
/// would have it; readers go on reading the old contents until the commit. A file SQLite can
/// no longer read is kept aside byte for byte and replaced whole.
pub fn restore(db_path: &Path, from: &Path, aside: &Path) -> Result<()> {
    match restore_in_place(db_path, from, aside) {
        Ok(()) => Ok(()),
        Err(err)
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<rusqlite::Error>()
                    .is_some_and(is_damage)
            }) =>
        {
            if !aside.exists() {
                copy_bytes(db_path, aside)?;
            }
            replace_file(db_path, from)
        }
        Err(err) => Err(err),
    }
}

fn restore_in_place(db_path: &Path, from: &Path, aside: &Path) -> Result<()> {
    let mut live = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .with_context(|| format!("cannot open '{}'", db_path.display()))?;
    live.busy_timeout(super::busy_timeout())?;
    // The rows arrive table by table; the backup's own keys agree with each other.
    live.pragma_update(None, "foreign_keys", false)?;
    live.execute(
        "ATTACH ?1 AS restored",
        [format!(
            "file:{}?mode=ro",
            super::uri_path(&absolute(from)?)
        )],
    )?;
    {
        let tx = super::write(&mut live)?;
        let snapshot = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        if copy_to(&snapshot, aside, false).is_err() {
            // Pages SQLite cannot read: the file as it is, log and all (nobody can write
            // meanwhile).
            copy_bytes(db_path, aside)?;
        }
        replace_contents(&tx)?;
        tx.commit()?;
    }
    live.execute_batch("DETACH restored")?;
    live.pragma_update(None, "journal_mode", "WAL")?;
    // An older backup is brought up to this version's schema at once.
    migrations::upgrade(&mut live)?;
    Ok(())
}

fn absolute(path: &Path) -> Result<std::path::PathBuf> {
    path.canonicalize()
        .with_context(|| format!("cannot open '{}'", path.display()))
}

/// Makes `main`'s schema and rows those of the attached `restored`: every object of `main`
/// dropped, every object of `restored` created again, and every table's rows copied (the
/// search index's own tables too, so it comes back as it was). Indexes and triggers are
/// created after the rows, so that no trigger fires on them. Runs inside the caller's
/// transaction.
fn replace_contents(conn: &Connection) -> Result<()> {
    let names = |sql: &str| -> rusqlite::Result<Vec<(String, String)>> {
        conn.prepare(sql)?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect()
    };
    // Views and triggers, then virtual tables (which take their own tables with them), then
    // the other tables with their indexes.
    for (kind, name) in names(
        "SELECT type, name FROM main.sqlite_schema WHERE type IN ('view', 'trigger') \
         ORDER BY type = 'trigger'",
    )? {
        conn.execute_batch(&format!(
            "DROP {} main.{}",
            kind.to_uppercase(),
            quoted(&name)
        ))?;
    }
    for table in [
        "sql LIKE 'CREATE VIRTUAL TABLE%'",
        "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    ] {
        for (_, name) in names(&format!(
            "SELECT type, name FROM main.sqlite_schema WHERE type = 'table' AND {table}"
        ))? {
            conn.execute_batch(&format!("DROP TABLE IF EXISTS main.{}", quoted(&name)))?;
        }
    }
    // Virtual tables first: they create their own tables, which are then not created again.
    for (_, sql) in names(
        "SELECT name, sql FROM restored.sqlite_schema WHERE type = 'table' AND sql LIKE \
         'CREATE VIRTUAL TABLE%'",
    )? {
        conn.execute_batch(&sql)?;
    }
    for (name, sql) in names(
        "SELECT name, sql FROM restored.sqlite_schema WHERE type = 'table' AND sql NOT LIKE \
         'CREATE VIRTUAL TABLE%' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )? {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = ?1)",
            [&name],
            |row| row.get(0),
        )?;
        if !exists {
            conn.execute_batch(&sql)?;
        }
    }
    for (name, _) in names(
        "SELECT name, sql FROM restored.sqlite_schema WHERE type = 'table' AND sql NOT LIKE \
         'CREATE VIRTUAL TABLE%' AND (name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR name = \
         'sqlite_sequence')",
    )? {
        let name = quoted(&name);
        conn.execute_batch(&format!(
            "DELETE FROM main.{name}; INSERT INTO main.{name} SELECT * FROM restored.{name};"
        ))?;
    }
    for (_, sql) in names(
        "SELECT name, sql FROM restored.sqlite_schema WHERE type IN ('index', 'trigger', \
         'view') AND sql IS NOT NULL ORDER BY type = 'view', type = 'trigger'",
    )? {
        conn.execute_batch(&sql)?;
    }
    let version: i64 = conn.query_row("PRAGMA restored.user_version", [], |row| row.get(0))?;
    conn.pragma_update(Some("main"), "user_version", version)?;
    conn.execute_batch("PRAGMA main.analysis_limit = 1000; ANALYZE main;")?;
    Ok(())
}

/// A name from a schema as an SQL identifier.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Creates the database at `db_path`, which does not exist, from the backup at `from`.
pub fn restore_new(db_path: &Path, from: &Path) -> Result<()> {
    copy_to(&open_backup(from)?, db_path, false)?;
    Connection::open(db_path)?.pragma_update(None, "journal_mode", "WAL")?;
    Ok(())
}

fn open_backup(from: &Path) -> Result<Connection> {
    Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .with_context(|| format!("cannot open '{}'", from.display()))
}

fn is_damage(err: &rusqlite::Error) -> bool {
    matches!(
        err.sqlite_error_code(),
        Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
    )
}

/// Copies the database file and its write-ahead log byte for byte, damaged or not, so that
/// nothing it held is lost.
fn copy_bytes(db_path: &Path, aside: &Path) -> Result<()> {
    let cannot = || format!("cannot keep a copy of '{}'", db_path.display());
    std::fs::copy(db_path, aside).with_context(cannot)?;
    let wal = files::sibling(db_path, "-wal");
    if wal.exists() {
        std::fs::copy(&wal, files::sibling(aside, "-wal")).with_context(cannot)?;
    }
    Ok(())
}

/// Puts a copy of `from` where the database file is, when SQLite cannot write into the file
/// that is there (it is not a database any more). Its stale log goes with it.
fn replace_file(db_path: &Path, from: &Path) -> Result<()> {
    // The damaged file's log (kept aside with it) must not be replayed into the restored one.
    for suffix in ["-wal", "-shm"] {
        let stale = files::sibling(db_path, suffix);
        if stale.exists() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("cannot remove '{}'", stale.display()))?;
        }
    }
    copy_to(&open_backup(from)?, db_path, true)?;
    Connection::open(db_path)?.pragma_update(None, "journal_mode", "WAL")?;
    Ok(())
}

/// A private copy of `conn`'s database in a temporary file, to work on when the database
/// itself cannot be written (a dry run on a read-only file). The file goes when the
/// [`Scratch`] does, or on an interrupt.
pub fn scratch_copy(conn: &Connection) -> Result<(Connection, Scratch)> {
    let path = scratch_file()?;
    let mut copy = Connection::open(&path.path)?;
    Backup::new(conn, &mut copy).and_then(|backup| copy_all(&backup))?;
    super::configure(&copy, &path.path)?;
    Ok((copy, path))
}

/// A temporary file of this process in the system's temporary folder.
pub struct Scratch {
    path: tempfile::TempPath,
    _registered: files::Registered,
}

fn scratch_file() -> Result<Scratch> {
    let (temp, registered) = files::Registered::create(
        || {
            tempfile::Builder::new()
                .prefix(&format!(".claims-tmp-{}-", std::process::id()))
                .tempfile()
                .map(tempfile::NamedTempFile::into_temp_path)
        },
        |temp| temp.to_path_buf(),
    )
    .context("cannot make a scratch file in the temporary folder")?;
    Ok(Scratch {
        path: temp,
        _registered: registered,
    })
}
