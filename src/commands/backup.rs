//! `claims backup`: a consistent copy of the database, taken while others may be writing.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::context::Context;
use crate::db;
use crate::files;

/// Copy the database to FILE: one consistent snapshot even while others write (SQLite's online
/// backup API), checked, and renamed into place whole. `claims restore FILE` brings it back.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// Where the copy goes; an existing file is kept unless --force is given.
    pub file: PathBuf,

    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Runs `claims backup`.
pub fn run(ctx: &Context, args: BackupArgs, out: &mut dyn Write) -> Result<()> {
    if ctx.db.is_postgres() {
        bail!(
            "backup copies an SQLite file; back up a PostgreSQL database with the server's own \
             tool: `pg_dump --format=custom --file=BACKUP.dump DATABASE` (`pg_restore` brings it \
             back)"
        );
    }
    files::refuse_to_replace(&args.file, "FILE", &[(&ctx.db_path, "the database")])?;
    if args.file.exists() && !args.force {
        bail!(
            "'{}' already exists: choose another name, or pass --force to replace it",
            args.file.display()
        );
    }
    let claims = db::sqlite::backup::back_up(&ctx.db_path, &args.file, args.force)?;
    writeln!(
        out,
        "Backed up {} ({claims} claims) to {}.",
        ctx.db_path.display(),
        args.file.display()
    )?;
    Ok(())
}
