//! Putting a report folder in place: it is built in a new folder beside its destination and
//! moved there only when complete, so a failed or interrupted report never leaves half a site,
//! and an earlier report is replaced only by a whole new one.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::files;

/// The file that marks a folder as a `claims` report, which a new report may replace.
pub const MARKER: &str = ".claims-report";
/// What the marker says. A work folder is removed only when its marker says exactly this.
const MARKER_TEXT: &str =
    "Made by `claims report`: the next report written here replaces this folder.\n";

/// What the name of the folder a report is built in holds after `.{out's name}`, before the
/// builder's process id and a random part.
const STAGING: &str = ".claims-report-tmp-";
/// Likewise for an earlier report, set aside while the new one moves in.
const ASIDE: &str = ".claims-report-old-";

/// Removes the work folders that reports to `out` left when they were interrupted (Ctrl-C, a
/// kill): a big report is a million files that nobody would otherwise find. Only a folder of
/// exactly that name, whose process is gone, that holds the report's marker and nothing a
/// report does not write, is removed: never a folder someone else made, whatever its name.
fn remove_abandoned(parent: &Path, out: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let name = folder_name(out);
    let prefixes = [STAGING, ASIDE].map(|tag| format!(".{name}{tag}"));
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes
            .iter()
            .find_map(|prefix| files::abandoned_pid(&entry_name, prefix))
        else {
            continue;
        };
        let path = entry.path();
        if !files::is_running(pid)
            && is_report_work(&path)
            && std::fs::remove_dir_all(&path).is_ok()
        {
            eprintln!(
                "note: removed '{}', an unfinished report of an interrupted run.",
                path.strip_prefix(".").unwrap_or(&path).display()
            );
        }
    }
}

/// Whether `folder` is a report's own work: its marker, with the marker's words, and nothing
/// but what a report writes.
fn is_report_work(folder: &Path) -> bool {
    let marked = std::fs::read_to_string(folder.join(MARKER)).is_ok_and(|text| text == MARKER_TEXT);
    marked
        && std::fs::read_dir(folder).is_ok_and(|entries| {
            entries
                .flatten()
                .all(|entry| REPORT_ENTRIES.contains(&entry.file_name().to_string_lossy().as_ref()))
        })
}

fn folder_name(out: &Path) -> String {
    out.file_name().map_or_else(
        || "report".into(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// The folder a report is built in: new, beside `out`, named `.{out's name}{STAGING}{pid}-
/// {random}`, with the report's marker inside from the start. An interrupt removes it.
fn staging_folder(parent: &Path, out: &Path) -> Result<(tempfile::TempDir, files::Registered)> {
    let cannot_create = || format!("cannot create a folder in '{}'", parent.display());
    let (folder, registered) = files::Registered::create(
        || {
            tempfile::Builder::new()
                .prefix(&work_prefix(out, STAGING))
                .tempdir_in(parent)
        },
        |folder| folder.path().to_path_buf(),
    )
    .with_context(cannot_create)?;
    #[cfg(unix)]
    {
        // A temporary folder is owner-only; a report is for others to read.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o755))
            .with_context(cannot_create)?;
    }
    std::fs::write(folder.path().join(MARKER), MARKER_TEXT).with_context(cannot_create)?;
    Ok((folder, registered))
}

/// A free name beside `out` for the earlier report while the new one moves in, of the same
/// shape as the staging folder's. (It is not removed on an interrupt: it holds the earlier
/// report, which the next report clears away once its process is gone.)
fn aside_name(parent: &Path, out: &Path) -> Result<std::path::PathBuf> {
    let cannot_create = || format!("cannot create a folder in '{}'", parent.display());
    let reserved = tempfile::Builder::new()
        .prefix(&work_prefix(out, ASIDE))
        .tempdir_in(parent)
        .with_context(cannot_create)?;
    let path = reserved.path().to_path_buf();
    reserved.close().with_context(cannot_create)?;
    Ok(path)
}

fn work_prefix(out: &Path, tag: &str) -> String {
    format!(".{}{tag}{}-", folder_name(out), std::process::id())
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
    let parent = files::existing_folder(&out)?;
    let replaces = check_destination(given, &out)?;
    remove_abandoned(parent, &out);
    let (staging, _registered) = staging_folder(parent, &out)?;
    let built = build(staging.path())?;
    let cannot = || format!("cannot put the report in '{}'", given.display());
    if replaces {
        let old = aside_name(parent, &out)?;
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
