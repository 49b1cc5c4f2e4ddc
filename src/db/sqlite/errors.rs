//! SQLite's storage errors (a damaged file, a read-only one, a full disk, a lock held too long)
//! in the user's terms.

use crate::error::UserError;

/// Puts SQLite's storage errors (a damaged file, a read-only one, a full disk) in the user's
/// terms, naming the database: SQLite's own words ("database disk image is malformed",
/// "attempt to write a readonly database") say neither which file nor what to do.
pub fn explained(err: anyhow::Error, db: &std::path::Path) -> anyhow::Error {
    use rusqlite::ErrorCode;
    let Some(sqlite) = err
        .chain()
        .find_map(|cause| cause.downcast_ref::<rusqlite::Error>())
    else {
        return err;
    };
    let path = db.display().to_string();
    let explained = match sqlite.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt) => UserError::Damaged(path),
        Some(ErrorCode::ReadOnly) => read_only(db),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => UserError::Busy(path),
        Some(ErrorCode::DiskFull) => UserError::DiskFull(path),
        Some(ErrorCode::SystemIoFailure) if !is_read_failure(sqlite) => UserError::WriteFailed {
            path,
            detail: sqlite.to_string(),
        },
        _ => return err,
    };
    explained.into()
}

/// Why a database cannot be written, and what to do, in the user's terms: SQLite only says
/// "attempt to write a readonly database".
fn read_only(db: &std::path::Path) -> UserError {
    let folder = match db.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    let (why, fix) = if is_read_only_mount(folder) {
        (
            "the disk it is on is mounted read-only".to_string(),
            "copy it to a writable disk and use --db there, or remount the disk read-write"
                .to_string(),
        )
    } else if !is_writable(folder) {
        (
            format!(
                "its folder '{}' cannot be written, and SQLite keeps its log beside the file",
                folder.display()
            ),
            format!(
                "make the folder writable (chmod u+w '{}')",
                folder.display()
            ),
        )
    } else {
        (
            "the file's permissions do not allow writing".to_string(),
            format!("make it writable (chmod u+w '{}')", db.display()),
        )
    };
    UserError::ReadOnly {
        path: db.display().to_string(),
        why,
        fix,
    }
}

fn c_path(path: &std::path::Path) -> Option<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes()).ok()
}

fn is_writable(path: &std::path::Path) -> bool {
    // SAFETY: access only reads the NUL-terminated path it is given.
    c_path(path).is_some_and(|path| unsafe { libc::access(path.as_ptr(), libc::W_OK) } == 0)
}

fn is_read_only_mount(path: &std::path::Path) -> bool {
    let Some(path) = c_path(path) else {
        return false;
    };
    // SAFETY: statvfs writes into the zeroed struct it is given, from a NUL-terminated path.
    unsafe {
        let mut stats: libc::statvfs = std::mem::zeroed();
        libc::statvfs(path.as_ptr(), &mut stats) == 0 && stats.f_flag & libc::ST_RDONLY != 0
    }
}

fn is_read_failure(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.extended_code == rusqlite::ffi::SQLITE_IOERR_READ
                || failure.extended_code == rusqlite::ffi::SQLITE_IOERR_SHORT_READ
    )
}
