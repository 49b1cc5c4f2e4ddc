//! Putting a report folder in place: it is built in a new folder beside its destination and
//! moved there only when complete, so a failed or interrupted report never leaves half a site,
//! and an earlier report is replaced only by a whole new one.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::output::file;

/// The file that marks a folder as a `claims` report, which a new report may replace.
pub const MARKER: &str = ".claims-report";

/// Builds a report with `build` (given an empty folder) and moves it to `out`, replacing an
/// earlier report there. `out` may also be missing or an empty folder; anything else is
/// refused before anything is built.
pub fn publish<T>(out: &Path, build: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let parent = file::existing_folder(out)?;
    let replaces = check_destination(out)?;
    let staging = tempfile::Builder::new()
        .prefix(".claims-report-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a folder in '{}'", parent.display()))?;
    #[cfg(unix)]
    {
        // A temporary folder is owner-only; a report is for others to read.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755))?;
    }
    let built = build(staging.path())?;
    std::fs::write(
        staging.path().join(MARKER),
        "Made by `claims report`: the next report written here replaces this folder.\n",
    )?;
    let cannot = || format!("cannot put the report in '{}'", out.display());
    if replaces {
        let old = aside(parent, out);
        std::fs::rename(out, &old).with_context(cannot)?;
        if let Err(err) = std::fs::rename(staging.path(), out) {
            // Put the earlier report back rather than leave nothing.
            let _ = std::fs::rename(&old, out);
            return Err(err).with_context(cannot);
        }
        std::fs::remove_dir_all(&old)
            .with_context(|| format!("cannot remove the earlier report '{}'", old.display()))?;
    } else {
        if out.exists() {
            std::fs::remove_dir(out).with_context(cannot)?;
        }
        std::fs::rename(staging.path(), out).with_context(cannot)?;
    }
    // The folder has moved: nothing is left for the guard to delete.
    let _ = staging.keep();
    Ok(built)
}

/// Whether `out` holds an earlier report to replace; an error when it holds anything else.
fn check_destination(out: &Path) -> Result<bool> {
    if !out.exists() {
        return Ok(false);
    }
    if !out.is_dir() {
        bail!(
            "--out '{}' is a file, not a folder: choose a folder for the report",
            out.display()
        );
    }
    if out.join(MARKER).is_file() {
        return Ok(true);
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("cannot read '{}'", out.display()))?
        .next()
        .is_none();
    if !empty {
        bail!(
            "--out '{}' is a folder that holds other files: choose a new or empty folder, or \
             one an earlier report was written to",
            out.display()
        );
    }
    Ok(false)
}

/// A name beside `out` for the earlier report while the new one moves in.
fn aside(parent: &Path, out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "report".into(), |name| name.to_string_lossy());
    parent.join(format!(".{name}.old-{}", std::process::id()))
}
