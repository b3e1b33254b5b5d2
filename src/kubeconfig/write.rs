//! Safe replacement of a kubeconfig file.
//!
//! kubectl's convention: `<file>.lock`, created exclusively, guards the
//! file. The new text goes to a temporary file in the same directory, is
//! synced, and is renamed over the original, so a crash at any point leaves
//! either the old or the new file. The original's permissions are kept.
//!
//! Like kubectl, a file we may not write is refused (`open <file>:
//! permission denied`), although the rename would only need the
//! directory. As root, where every file is writable, a file with no write
//! permission bit at all (0400, 0444) is refused too: its owner marked it
//! read-only on purpose (kubectl as root would write it).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::edit::EditError;

pub use super::lock::{Lock, lock_path};

/// Why [`update_locked`] changed nothing.
#[derive(Debug)]
pub enum UpdateError {
    Io { path: PathBuf, source: io::Error },
    Edit { path: PathBuf, source: EditError },
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            // Go's words, as kubectl prints them.
            Self::Io { path, source } if source.kind() == io::ErrorKind::PermissionDenied => {
                match source.get_ref() {
                    Some(why) => write!(f, "open {}: {why}", path.display()),
                    None => write!(f, "open {}: permission denied", path.display()),
                }
            }
            Self::Io { path, source } => write!(f, "{}: {source}", path.display()),
            // path:line:column: message
            Self::Edit {
                path,
                source:
                    source @ EditError::Malformed {
                        position: Some(_), ..
                    },
            } => {
                write!(f, "{}:{source}", path.display())
            }
            Self::Edit { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for UpdateError {}

/// Reads, edits and rewrites `path` while holding its lock (waiting up to
/// `wait` for another writer), so concurrent updates are not lost. Nothing
/// is written when the edit fails or changes nothing; returns whether the
/// file was written.
pub fn update_locked(
    path: &Path,
    wait: Duration,
    edit: impl FnOnce(&str) -> Result<String, EditError>,
) -> Result<bool, UpdateError> {
    let io_err = |source| UpdateError::Io {
        path: path.to_path_buf(),
        source,
    };
    let _lock = Lock::acquire_wait(path, wait).map_err(io_err)?;
    let old = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_err(e)),
    };
    let new = edit(&old).map_err(|source| UpdateError::Edit {
        path: path.to_path_buf(),
        source,
    })?;
    if new == old {
        clean_up_after_dead_writers(path);
        return Ok(false);
    }
    write_atomic(path, &new).map_err(io_err)?;
    Ok(true)
}

/// Replaces `path` with `contents` under its lock. A missing file is
/// created with mode 0600.
pub fn write_locked(path: &Path, contents: &str) -> io::Result<()> {
    let _lock = Lock::acquire(path)?;
    write_atomic(path, contents)
}

/// Replaces `path` with `contents` through a synced temporary file in the
/// same directory (the caller holds the lock). A symlinked kubeconfig (a
/// dotfiles checkout) is written through: the link stays, its target changes.
pub fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    let target = follow_links(path)?;
    let path = target.as_path();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let permissions = match fs::metadata(path) {
        Ok(m) => {
            check_writable(path, &m)?;
            Some(m.permissions())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(dir, &name);
    let (tmp_path, mut tmp) = create_temp(dir, &name)?;
    let result = (|| {
        tmp.write_all(contents.as_bytes())?;
        if let Some(p) = permissions {
            // The umask may have narrowed the creation mode: set it exactly.
            tmp.set_permissions(p)?;
        }
        tmp.sync_all()?;
        drop(tmp);
        fs::rename(&tmp_path, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp_path);
    }
    result?;
    sync_dir(dir);
    Ok(())
}

/// Refuses a file this process may not write, as opening it for writing
/// would (no truncation, nothing changes); and, even as root, one with no
/// write permission bit at all.
fn check_writable(path: &Path, meta: &fs::Metadata) -> io::Result<()> {
    if !meta.is_file() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o222 == 0 {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!("permission denied (mode {mode:04o}: no one may write it)"),
            ));
        }
    }
    match OpenOptions::new().write(true).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            Err(io::Error::from(io::ErrorKind::PermissionDenied))
        }
        Err(e) => Err(e),
    }
}

/// Removes what writers killed under the lock left next to `path`'s
/// target (the caller holds the lock).
fn clean_up_after_dead_writers(path: &Path) {
    let Ok(target) = follow_links(path) else { return };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Some(name) = target.file_name() {
        remove_stale_temps(dir, &name.to_string_lossy());
    }
}

/// A new file `.<name>.<pid>.<n>.tmp` in `dir`, mode 0600 on Unix.
pub(super) fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp_path = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&tmp_path) {
            Ok(f) => return Ok((tmp_path, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// The file `path` finally names, following symlinks (relative ones from
/// their own directory); a dangling link gives the file it would create.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

/// Removes temporary files of `name` left by writers that were killed
/// between creating and renaming them (their process is gone). Only called
/// under the lock, so no live writer's file is touched.
pub(super) fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(pid) = rest
            .strip_suffix(".tmp")
            .and_then(|r| r.split('.').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if !super::lock::pid_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Syncs the directory so the rename itself is durable (best effort).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
#[path = "write_tests.rs"]
mod tests;
