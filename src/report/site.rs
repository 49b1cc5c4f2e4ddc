//! Putting a report folder in place: it is built in a new folder beside its destination and
//! moved there only when complete, so a failed or interrupted report never leaves half a site,
//! and an earlier report is replaced only by a whole new one.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::output::file;

/// The file that marks a folder as a `claims` report, which a new report may replace.
pub const MARKER: &str = ".claims-report";

/// How the folder a report is built in starts, followed by the builder's process id.
const STAGING: &str = ".claims-report-";
/// What follows an earlier report's name, and precedes the process id, while it is set aside.
const ASIDE: &str = ".old-";

/// Removes the folders of reports whose process is gone (interrupted with Ctrl-C or killed):
/// a big report is a million files that nobody would otherwise find. A folder whose process
/// is still running (another report being made beside this one) is left alone.
fn remove_abandoned(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // A report being built, or an earlier one set aside while the new one moves in.
        let pid = match name.strip_prefix(STAGING) {
            Some(rest) => rest.split('-').next(),
            None => name
                .strip_prefix('.')
                .and_then(|rest| rest.rsplit_once(ASIDE))
                .map(|(_, pid)| pid),
        }
        .and_then(|pid| pid.parse::<i32>().ok());
        if let Some(pid) = pid
            && !is_running(pid)
            && std::fs::remove_dir_all(entry.path()).is_ok()
        {
            let path = entry.path();
            eprintln!(
                "note: removed '{}', an unfinished report of an interrupted run.",
                path.strip_prefix(".").unwrap_or(&path).display()
            );
        }
    }
}

/// Whether a process with this id exists.
fn is_running(pid: i32) -> bool {
    // Signal 0 checks that the process exists without signalling it; EPERM means it exists
    // but belongs to someone else.
    // SAFETY: kill with signal 0 has no effect on the target; it only reports.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// What a report folder holds: a folder with anything else in it is not replaced.
const REPORT_ENTRIES: [&str; 7] = [
    MARKER,
    "claims",
    "index.html",
    "pages",
    "report.css",
    "report.js",
    "speakers",
];

/// Builds a report with `build` (given an empty folder) and moves it to `out`, replacing an
/// earlier report there. `out` may also be missing or an empty folder; anything else is
/// refused before anything is built.
pub fn publish<T>(given: &Path, build: impl FnOnce(&Path) -> Result<T>) -> Result<T> {
    let out = resolve(given)?;
    let parent = file::existing_folder(&out)?;
    let replaces = check_destination(given, &out)?;
    remove_abandoned(parent);
    let cannot_create = || format!("cannot create a folder in '{}'", parent.display());
    let staging = tempfile::Builder::new()
        .prefix(&format!("{STAGING}{}-", std::process::id()))
        .tempdir_in(parent)
        .with_context(cannot_create)?;
    #[cfg(unix)]
    {
        // A temporary folder is owner-only; a report is for others to read.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755))
            .with_context(cannot_create)?;
    }
    let built = build(staging.path())?;
    std::fs::write(
        staging.path().join(MARKER),
        "Made by `claims report`: the next report written here replaces this folder.\n",
    )
    .with_context(cannot_create)?;
    let cannot = || format!("cannot put the report in '{}'", given.display());
    if replaces {
        let old = aside(parent, &out);
        std::fs::rename(&out, &old).with_context(cannot)?;
        if let Err(err) = std::fs::rename(staging.path(), &out) {
            // Put the earlier report back rather than leave nothing.
            let _ = std::fs::rename(&old, &out);
            return Err(err).with_context(cannot);
        }
        // The new report is in place: failing to clear the old one away is worth a warning,
        // not a failure.
        if let Err(err) = std::fs::remove_dir_all(&old) {
            eprintln!(
                "warning: cannot remove the earlier report, set aside as '{}': {err}",
                old.display()
            );
        }
    } else {
        if out.exists() {
            std::fs::remove_dir(&out).with_context(cannot)?;
        }
        std::fs::rename(staging.path(), &out).with_context(cannot)?;
    }
    // The folder has moved: nothing is left for the guard to delete.
    let _ = staging.keep();
    Ok(built)
}

/// Where the report really goes: for an existing `given`, its real path (a symbolic link
/// followed, `.` and `..` resolved), so that the folder a link points to is the one replaced,
/// not the link.
fn resolve(given: &Path) -> Result<PathBuf> {
    if !given.exists() {
        return Ok(given.to_path_buf());
    }
    let real = given
        .canonicalize()
        .with_context(|| format!("cannot read '{}'", given.display()))?;
    let here = std::env::current_dir().context("cannot read the current folder")?;
    if here.starts_with(&real) {
        bail!(
            "--out '{}' is the folder you are in, or holds it: give the report a folder of its \
             own, e.g. --out site",
            given.display()
        );
    }
    Ok(real)
}

/// Whether `out` holds an earlier report to replace; an error when it holds anything else.
fn check_destination(given: &Path, out: &Path) -> Result<bool> {
    if !out.exists() {
        return Ok(false);
    }
    if !out.is_dir() {
        bail!(
            "--out '{}' is a file, not a folder: choose a folder for the report",
            given.display()
        );
    }
    let mut entries = Vec::new();
    for entry in
        std::fs::read_dir(out).with_context(|| format!("cannot read '{}'", given.display()))?
    {
        let name = entry?.file_name().to_string_lossy().into_owned();
        entries.push(name);
    }
    if entries.is_empty() {
        return Ok(false);
    }
    if !entries.iter().any(|name| name == MARKER) {
        bail!(
            "--out '{}' is a folder that holds other files: choose a new or empty folder, or \
             one an earlier report was written to",
            given.display()
        );
    }
    // Replacing the folder removes all of it: never what someone put there beside the report.
    let mut foreign: Vec<&String> = entries
        .iter()
        .filter(|name| !REPORT_ENTRIES.contains(&name.as_str()))
        .collect();
    if !foreign.is_empty() {
        foreign.sort();
        let shown: Vec<&str> = foreign.iter().take(3).map(|name| name.as_str()).collect();
        bail!(
            "--out '{}' holds an earlier report and files it did not write ({}{}): move them \
             out, or choose another folder",
            given.display(),
            shown.join(", "),
            if foreign.len() > 3 { ", …" } else { "" }
        );
    }
    Ok(true)
}

/// A name beside `out` for the earlier report while the new one moves in.
fn aside(parent: &Path, out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "report".into(), |name| name.to_string_lossy());
    parent.join(format!(".{name}{ASIDE}{}", std::process::id()))
}
