//! `claims restore`: put a backup back in place of the database, keeping the one it replaces.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use rusqlite::{Connection, OpenFlags};

use crate::context::Context;
use crate::db;

/// Replace the database with a backup made by `claims backup`. The file must be a whole
/// `claims` database; the database it replaces is kept beside it, as DB.before-restore-TIME.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup to restore.
    pub file: PathBuf,

    /// Replace an existing database (it is kept as DB.before-restore-TIME).
    #[arg(long)]
    pub force: bool,
}

/// Runs `claims restore`.
pub fn run(ctx: &Context, args: RestoreArgs, out: &mut dyn Write) -> Result<()> {
    let db_path = &ctx.db_path;
    let backup = db::backup::inspect(&args.file)?;
    if let (Ok(from), Ok(to)) = (args.file.canonicalize(), db_path.canonicalize())
        && from == to
    {
        bail!(
            "'{}' is the database itself: give the path of a backup",
            args.file.display()
        );
    }
    let mut kept = None;
    if db_path.exists() {
        if !args.force {
            bail!(
                "database '{}' exists: pass --force to replace it with '{}' (the current one is \
                 kept beside it as {}.before-restore-TIME)",
                db_path.display(),
                args.file.display(),
                db_path.display()
            );
        }
        let aside = aside_name(db_path, &ctx.timestamp());
        keep_aside(db_path, &aside)?;
        if !db::backup::restore_into(db_path, &args.file)? {
            replace_file(db_path, &args.file)?;
        }
        kept = Some(aside);
    } else {
        let from = Connection::open_with_flags(&args.file, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        db::backup::copy_to(&from, db_path, false)?;
        Connection::open(db_path)?.pragma_update(None, "journal_mode", "WAL")?;
    }
    // An older backup is brought up to this version's schema now, not on first use.
    ctx.open_db()?;
    write!(
        out,
        "Restored {} ({} claims, schema version {}) into {}",
        args.file.display(),
        backup.claims,
        backup.version,
        db_path.display()
    )?;
    match kept {
        Some(aside) => writeln!(out, "; the database before is kept as {}.", aside.display())?,
        None => writeln!(out, ".")?,
    }
    Ok(())
}

/// `DB.before-restore-20250904T120000Z`, beside the database.
fn aside_name(db_path: &Path, timestamp: &str) -> PathBuf {
    let stamp: String = timestamp
        .chars()
        .filter(|c| *c != '-' && *c != ':')
        .collect();
    let mut name = db_path.as_os_str().to_owned();
    name.push(format!(".before-restore-{stamp}"));
    PathBuf::from(name)
}

/// Copies the database about to be replaced to `aside`: through SQLite when it can still read
/// it, else byte for byte (with its write-ahead log), damaged or not, so nothing is lost.
fn keep_aside(db_path: &Path, aside: &Path) -> Result<()> {
    if aside.exists() {
        bail!(
            "'{}' already exists: wait a second and try again",
            aside.display()
        );
    }
    let through_sqlite = Connection::open_with_flags(db_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(anyhow::Error::from)
        .and_then(|conn| db::backup::copy_to(&conn, aside, false));
    if through_sqlite.is_err() {
        let cannot = || format!("cannot keep a copy of '{}'", db_path.display());
        std::fs::copy(db_path, aside).with_context(cannot)?;
        let wal = companion(db_path, "-wal");
        if wal.exists() {
            std::fs::copy(&wal, companion(aside, "-wal")).with_context(cannot)?;
        }
    }
    Ok(())
}

/// Puts a copy of `from` where the database file is, when SQLite cannot write into the file
/// that is there (it is not a database any more). Its stale log goes with it.
fn replace_file(db_path: &Path, from: &Path) -> Result<()> {
    // The damaged file's log (kept aside with it) must not be replayed into the restored one.
    for suffix in ["-wal", "-shm"] {
        let stale = companion(db_path, suffix);
        if stale.exists() {
            std::fs::remove_file(&stale)
                .with_context(|| format!("cannot remove '{}'", stale.display()))?;
        }
    }
    let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    db::backup::copy_to(&source, db_path, true)?;
    Connection::open(db_path)?.pragma_update(None, "journal_mode", "WAL")?;
    Ok(())
}

fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}
