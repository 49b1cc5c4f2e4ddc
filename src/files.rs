//! The files `claims` writes: whole or not at all, never over something it does not own.
//!
//! A regular file is written to a temporary sibling that is renamed into place, so a failed or
//! interrupted write never leaves half a file. That sibling is named after the file and the
//! process (`.export.csv.claims-tmp-4242-Ab12Cd`): on Ctrl-C (or SIGTERM, SIGHUP) it is
//! removed, and a file of that exact shape whose process is gone (killed) is removed by the
//! next write beside it. Nothing of any other name is ever removed.
//!
//! What is not a regular file is never replaced: a symbolic link is followed and its target
//! written, and a device or a FIFO (`--output /dev/null`, a named pipe) is written straight
//! into. The database's own side files are refused as outputs, since SQLite would take what is
//! written there for its journal.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, Result, bail};

/// The files SQLite keeps beside a database: the rollback journal, the write-ahead log and its
/// index. A file of one of these names is SQLite's to read and delete.
pub const SQLITE_SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// What the name of a temporary sibling holds between the file's name and the process id.
const TEMP_TAG: &str = ".claims-tmp-";

/// `path` with `suffix` added to its name: `claims.db` and `-wal` give `claims.db-wal`.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The folder `path` is to be written in, which must exist: the temporary sibling of a file
/// written whole goes there.
pub fn existing_folder(path: &Path) -> Result<&Path> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!(
            "cannot write '{}': directory '{}' does not exist: create it or choose another path",
            path.display(),
            dir.display()
        );
    }
    Ok(dir)
}

/// Where a write to a path really goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// A regular file (which may not exist yet), symbolic links followed: written whole.
    File(PathBuf),
    /// A device, a FIFO or a socket: written into as it is, never replaced.
    Special(PathBuf),
}

/// Where writing `given` (the value of `flag`) goes: links followed, folders refused.
pub fn destination(given: &Path, flag: &str) -> Result<Destination> {
    let real = follow_links(given)?;
    match std::fs::metadata(&real) {
        Err(_) => Ok(Destination::File(real)),
        Ok(meta) if meta.is_file() => Ok(Destination::File(real)),
        Ok(meta) if meta.is_dir() => bail!(
            "{flag} '{}' is a folder: give the path of a file",
            given.display()
        ),
        Ok(_) => Ok(Destination::Special(real)),
    }
}

/// The path a chain of symbolic links ends at, even when the last one points at a file that
/// does not exist yet (it is then created there).
fn follow_links(given: &Path) -> Result<PathBuf> {
    let mut path = given.to_path_buf();
    // As many links as the kernel itself follows before giving up with ELOOP.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)
                    .with_context(|| format!("cannot read the link '{}'", path.display()))?;
                path = match path.parent() {
                    Some(parent) => parent.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    bail!(
        "'{}' is a loop of symbolic links: point it at a file",
        given.display()
    )
}

/// Writes `given` (the value of `flag`) whole or not at all: a regular file through a
/// temporary sibling renamed into place, a device or FIFO straight. An error of `write` itself
/// (a bad row, a database error) keeps its own words; only the file's own steps say "cannot
/// write" and name the user's path, never the temporary one.
pub fn write_atomically(
    given: &Path,
    flag: &str,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let pending = Pending::create(given, flag)?;
    let mut buffered = BufWriter::new(Labelled {
        inner: pending.writer()?,
        path: given,
    });
    write(&mut buffered)?;
    buffered
        .into_inner()
        .map_err(|err| anyhow::Error::new(err.into_error()))
        .with_context(|| cannot_write(given))?;
    pending.finish()
}

fn cannot_write(path: &Path) -> String {
    format!("cannot write '{}'", path.display())
}

/// A writer whose errors name the file the user asked for (a full disk is then "cannot write
/// 'out.csv': No space left on device"), whatever layer (CSV, JSON) they pass through.
struct Labelled<'a, W> {
    inner: W,
    path: &'a Path,
}

impl<W: Write> Write for Labelled<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|err| self.labelled(err))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|err| self.labelled(err))
    }
}

impl<W> Labelled<'_, W> {
    fn labelled(&self, err: std::io::Error) -> std::io::Error {
        std::io::Error::new(
            err.kind(),
            format!("{}: {}", cannot_write(self.path), without_path(err)),
        )
    }
}

/// The error without the temporary path that `tempfile` adds to its own: the user named
/// another file, and a hidden name they never chose only confuses.
fn without_path(err: std::io::Error) -> std::io::Error {
    let code = err.raw_os_error().or_else(|| {
        err.get_ref()
            .and_then(|inner| inner.source())
            .and_then(|source| source.downcast_ref::<std::io::Error>())
            .and_then(std::io::Error::raw_os_error)
    });
    match code {
        Some(code) => std::io::Error::from_raw_os_error(code),
        None => err,
    }
}

/// A file being written whole: nothing is at its path until [`Pending::finish`]; dropped
/// unfinished, it leaves nothing behind.
pub struct Pending {
    given: PathBuf,
    target: Target,
}

enum Target {
    File {
        temp: tempfile::NamedTempFile,
        real: PathBuf,
        _guard: Registered,
    },
    Special(PathBuf),
}

impl Pending {
    /// Starts writing `given` (the value of `flag`).
    pub fn create(given: &Path, flag: &str) -> Result<Pending> {
        let target = match destination(given, flag)? {
            Destination::Special(real) => Target::Special(real),
            Destination::File(real) => {
                existing_folder(&real)?;
                let (temp, guard) = temp_beside(&real)
                    .map_err(without_path)
                    .with_context(|| cannot_write(given))?;
                Target::File {
                    temp,
                    real,
                    _guard: guard,
                }
            }
        };
        Ok(Pending {
            given: given.to_path_buf(),
            target,
        })
    }

    /// The path the user gave.
    pub fn path(&self) -> &Path {
        &self.given
    }

    /// Where the contents go.
    pub fn writer(&self) -> Result<std::fs::File> {
        match &self.target {
            Target::File { temp, .. } => temp.reopen().map_err(without_path),
            Target::Special(real) => std::fs::OpenOptions::new().write(true).open(real),
        }
        .with_context(|| cannot_write(&self.given))
    }

    /// The temporary file the contents go to before they are put in place, for writers that
    /// need a path (SQLite); `None` for a device or FIFO.
    pub fn temp_path(&self) -> Option<&Path> {
        match &self.target {
            Target::File { temp, .. } => Some(temp.path()),
            Target::Special(_) => None,
        }
    }

    /// Puts the file in place: synced to disk, then renamed over the path.
    pub fn finish(self) -> Result<()> {
        self.finish_as(false)
    }

    /// Like [`Pending::finish`], but refuses to replace a file that appeared meanwhile.
    pub fn finish_new(self) -> Result<()> {
        self.finish_as(true)
    }

    fn finish_as(self, no_clobber: bool) -> Result<()> {
        let cannot = || cannot_write(&self.given);
        let Target::File {
            temp,
            real,
            _guard: guard,
        } = self.target
        else {
            return Ok(());
        };
        temp.as_file().sync_all().with_context(cannot)?;
        guard
            .settle(|| {
                if no_clobber {
                    temp.persist_noclobber(&real)
                } else {
                    temp.persist(&real)
                }
            })
            .map_err(|err| err.error)
            .with_context(cannot)?;
        Ok(())
    }
}

/// A new temporary file beside `real`, named after it and this process, with the permissions
/// of the file it will replace (else those of any new file, not the owner-only mode of
/// temporary files). Those a killed run left beside it go first.
fn temp_beside(real: &Path) -> std::io::Result<(tempfile::NamedTempFile, Registered)> {
    let dir = match real.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = real
        .file_name()
        .map_or_else(|| "file".into(), |name| name.to_string_lossy());
    let prefix = format!(".{name}{TEMP_TAG}");
    remove_abandoned_files(dir, &prefix);
    let own_prefix = format!("{prefix}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&own_prefix);
    if let Some(permissions) = permissions_for(real) {
        builder.permissions(permissions);
    }
    Registered::create(
        || builder.tempfile_in(dir),
        |temp| temp.path().to_path_buf(),
    )
}

/// Removes the temporary files named `{prefix}{pid}-{random}` in `dir` whose process is gone.
fn remove_abandoned_files(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = abandoned_pid(&name, prefix) else {
            continue;
        };
        if entry.file_type().is_ok_and(|kind| kind.is_file()) && !is_running(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in `name` when it is exactly `{prefix}{pid}-{random}`, the shape of the
/// temporary names `claims` gives (tempfile's random part: six letters and digits), or such a
/// name with an SQLite side file's suffix (a backup's copy has them while it is written).
pub fn abandoned_pid(name: &str, prefix: &str) -> Option<i32> {
    let (pid, random) = name.strip_prefix(prefix)?.split_once('-')?;
    let random = SQLITE_SIDE_FILES
        .iter()
        .find_map(|suffix| random.strip_suffix(suffix))
        .unwrap_or(random);
    let shaped = !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && random.len() == 6
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    shaped.then(|| pid.parse().ok()).flatten()
}

/// Whether a process with this id exists.
pub fn is_running(pid: i32) -> bool {
    // Signal 0 checks that the process exists without signalling it; EPERM means it exists
    // but belongs to someone else.
    // SAFETY: kill with signal 0 has no effect on the target; it only reports.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

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

/// Refuses to write `path` (given with `flag`) over a file the command reads: the database
/// (with the side files SQLite keeps beside it) or the input. `path` need not exist yet: a new
/// file named like the database's journal would be taken by SQLite for its own.
pub fn refuse_to_replace(path: &Path, flag: &str, protected: &[(&Path, &str)]) -> Result<()> {
    let Some(target) = real_path(path) else {
        return Ok(()); // Its folder does not exist: the write fails on its own.
    };
    for (other, what) in protected {
        let Some(other) = real_path(other) else {
            continue;
        };
        if target == other {
            bail!(
                "{flag} '{}' is {what}: writing it would destroy it; choose another file",
                path.display()
            );
        }
        if let Some(suffix) = SQLITE_SIDE_FILES
            .iter()
            .find(|suffix| sibling(&other, suffix) == target)
        {
            bail!(
                "{flag} '{}' is the name of a side file SQLite keeps beside {what} (its \
                 '{suffix}'): SQLite would take it for its own and delete it; choose another name",
                path.display()
            );
        }
    }
    Ok(())
}

/// The absolute path `path` names, links followed, whether or not the file exists: the real
/// path of its folder joined with its name. `None` when the folder does not exist.
fn real_path(path: &Path) -> Option<PathBuf> {
    let followed = follow_links(path).ok()?;
    if let Ok(real) = followed.canonicalize() {
        return Some(real);
    }
    let name = followed.file_name()?;
    let folder = match followed.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(folder.canonicalize().ok()?.join(name))
}

/// The temporary files and folders of this process, removed if it is interrupted.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary file or folder that an interrupt removes, for as long as this lives.
pub struct Registered(PathBuf);

impl Registered {
    /// Creates a temporary file or folder and registers it in one step: an interrupt that
    /// comes while it is being created waits until it is registered, and then removes it.
    /// (Created first and registered after, an interrupt in between would leave it behind.)
    pub fn create<T, E>(
        create: impl FnOnce() -> Result<T, E>,
        path_of: impl FnOnce(&T) -> PathBuf,
    ) -> Result<(T, Registered), E> {
        let mut live = TEMPORARIES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let created = create()?;
        let path = path_of(&created);
        live.push(path.clone());
        Ok((created, Registered(path)))
    }

    /// Runs `settle` (the rename that puts the file in place) with interrupts held off, and
    /// unregisters the file: an interrupt then comes either before it (and the file goes) or
    /// after it (and the file stays, whole).
    fn settle<T>(self, settle: impl FnOnce() -> T) -> T {
        let mut live = TEMPORARIES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let settled = settle();
        if let Some(at) = live.iter().rposition(|path| *path == self.0) {
            live.swap_remove(at);
        }
        std::mem::forget(self);
        settled
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut live) = TEMPORARIES.lock()
            && let Some(at) = live.iter().rposition(|path| *path == self.0)
        {
            live.swap_remove(at);
        }
    }
}

/// Makes Ctrl-C, SIGTERM and SIGHUP remove this process's temporary files and folders before
/// it exits (with 130, as a shell reports an interrupt). Without it they would stay behind,
/// hidden: an interrupted export of a million claims leaves hundreds of megabytes.
pub fn clean_up_on_interrupt() {
    // Failing to install the handler (one is already installed) leaves the default behaviour,
    // and the next run's clean-up of abandoned files.
    let _ = ctrlc::set_handler(|| {
        // The lock is held until the process exits, so that no temporary file is created
        // (or registered) after these are removed.
        let live = TEMPORARIES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for path in live.iter() {
            if path.is_dir() {
                let _ = std::fs::remove_dir_all(path);
            } else {
                let _ = std::fs::remove_file(path);
                for suffix in SQLITE_SIDE_FILES {
                    let _ = std::fs::remove_file(sibling(path, suffix));
                }
            }
        }
        std::process::exit(130);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_of_the_exact_shape_are_abandoned_temporaries() {
        let prefix = ".out.csv.claims-tmp-";
        assert_eq!(
            abandoned_pid(".out.csv.claims-tmp-42-Ab12Cd", prefix),
            Some(42)
        );
        assert_eq!(
            abandoned_pid(".out.csv.claims-tmp-42-Ab12Cd-wal", prefix),
            Some(42)
        );
        for name in [
            ".out.csv.claims-tmp-42-Ab12Cd.bak",
            ".out.csv.claims-tmp-42",
            ".out.csv.claims-tmp-42-Ab12Cd-wall",
            ".out.csv.claims-tmp--Ab12Cd",
            ".out.csv.claims-tmp-4x-Ab12Cd",
            ".other.csv.claims-tmp-42-Ab12Cd",
            "out.csv",
        ] {
            assert_eq!(abandoned_pid(name, prefix), None, "{name}");
        }
    }

    #[test]
    fn a_sibling_adds_to_the_name() {
        assert_eq!(
            sibling(Path::new("dir/claims.db"), "-wal"),
            PathBuf::from("dir/claims.db-wal")
        );
    }
}
