//! `claims restore`: put a backup back in place of the database, keeping the one it replaces.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

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
    if ctx.db.is_postgres() {
        bail!(
            "restore replaces an SQLite file; bring back a PostgreSQL backup made with pg_dump \
             with the server's own tool: `pg_restore --clean --if-exists --dbname=DATABASE \
             BACKUP.dump`"
        );
    }
    let db_path = &ctx.db_path;
    let backup = db::sqlite::backup::inspect(&args.file)?;
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
        if aside.exists() {
            bail!(
                "'{}' already exists: wait a second and try again",
                aside.display()
            );
        }
        db::sqlite::backup::restore(db_path, &args.file, &aside)?;
        kept = Some(aside);
    } else {
        db::sqlite::backup::restore_new(db_path, &args.file)?;
    }
    // An older backup is brought up to this version's schema now, not on first use.
    ctx.open_store()?;
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
