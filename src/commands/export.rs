//! `claims export`: every matching claim, as CSV or as complete JSON.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use super::filter_args::FilterArgs;
use crate::context::Context;
use crate::db::{self, filter::SortOrder};
use crate::output::{csv::ClaimCsvWriter, json::JsonArrayWriter};

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ExportFormat {
    /// RFC 4180 CSV, one row per claim: id,text,speaker,said_on,status,context,source_url,tags,
    /// evidence_count,created_at,updated_at (tags joined with ';', timestamps RFC 3339 UTC).
    #[default]
    Csv,
    /// A JSON array of claims, each with its evidence, notes and history.
    Json,
}

/// Write every matching claim, oldest first, to standard output or a file.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub filters: FilterArgs,

    /// The format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,

    /// Write to this file instead of standard output. The file appears whole or not at all:
    /// the export goes to a temporary file that is renamed into place when complete.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: ExportArgs, out: &mut dyn Write) -> Result<()> {
    let conn = ctx.open_db()?;
    let scale = db::scale::load(&conn)?;
    let filter = args.filters.to_filter(&scale)?;
    let write_all = |out: &mut dyn Write| -> Result<()> {
        match args.format {
            ExportFormat::Csv => {
                let mut writer = ClaimCsvWriter::new(out)?;
                db::claims::for_each(&conn, &filter, SortOrder::Logged, None, |claim| {
                    writer.write(&claim)
                })?;
                writer.finish()?;
            }
            ExportFormat::Json => {
                let mut writer = JsonArrayWriter::new(out)?;
                db::claims::for_each(&conn, &filter, SortOrder::Logged, None, |claim| {
                    writer.write(&db::full_record(&conn, claim)?)
                })?;
                writer.finish()?;
            }
        }
        Ok(())
    };
    match &args.output {
        None => write_all(out),
        Some(path) => write_atomically(path, write_all),
    }
}

/// Writes a file through a temporary sibling renamed into place, so that a failed or interrupted
/// export never leaves half a file where a whole one was expected.
fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let cannot = || format!("cannot write '{}'", path.display());
    if !dir.is_dir() {
        bail!(
            "cannot write '{}': directory '{}' does not exist: create it or choose another path",
            path.display(),
            dir.display()
        );
    }
    let mut builder = tempfile::Builder::new();
    if let Some(permissions) = permissions_for(path) {
        builder.permissions(permissions);
    }
    let temp = builder.tempfile_in(dir).with_context(cannot)?;
    let mut buffered = BufWriter::new(temp);
    write(&mut buffered).with_context(cannot)?;
    let temp = buffered
        .into_inner()
        .map_err(|err| anyhow::Error::new(err.into_error()))
        .with_context(cannot)?;
    temp.as_file().sync_all().with_context(cannot)?;
    temp.persist(path)
        .map_err(|err| err.error)
        .with_context(cannot)?;
    Ok(())
}

/// The permissions the written file gets: those of the file it replaces, else those of any new
/// file (read and write for all, less the umask), not the owner-only mode of temporary files.
fn permissions_for(path: &Path) -> Option<std::fs::Permissions> {
    if let Ok(existing) = std::fs::metadata(path) {
        return Some(existing.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    None
}
