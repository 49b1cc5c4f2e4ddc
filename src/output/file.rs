//! Files written whole or not at all.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{Context as _, Result, bail};

/// Writes a file through a temporary sibling renamed into place, so that a failed or interrupted
/// export never leaves half a file where a whole one was expected.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = existing_folder(path)?;
    let cannot = || format!("cannot write '{}'", path.display());
    // Only the file's own steps say "cannot write": an error of `write` (a bad row, a database
    // error) is about something else and keeps its own words.
    let mut builder = tempfile::Builder::new();
    if let Some(permissions) = permissions_for(path) {
        builder.permissions(permissions);
    }
    let temp = builder.tempfile_in(dir).with_context(cannot)?;
    let mut buffered = BufWriter::new(temp);
    write(&mut buffered)?;
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

/// Refuses to write `path` (given with `flag`) over a file the command reads: the database
/// (with its `-wal` and `-shm` companions) or the input.
pub fn refuse_to_replace(path: &Path, flag: &str, protected: &[(&Path, &str)]) -> Result<()> {
    let Ok(target) = path.canonicalize() else {
        return Ok(()); // It does not exist yet, so it is nothing the command reads.
    };
    for (other, what) in protected {
        let Ok(other) = other.canonicalize() else {
            continue;
        };
        let companions = ["", "-wal", "-shm"].map(|suffix| {
            let mut name = other.clone().into_os_string();
            name.push(suffix);
            std::path::PathBuf::from(name)
        });
        if companions.contains(&target) {
            bail!(
                "{flag} '{}' is {what}: writing it would destroy it; choose another file",
                path.display()
            );
        }
    }
    Ok(())
}
