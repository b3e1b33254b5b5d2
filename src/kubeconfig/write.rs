//! Safe replacement of a kubeconfig file.
//!
//! kubectl's convention: `<file>.lock`, created exclusively, guards the
//! file. The new text goes to a temporary file in the same directory, is
//! synced, and is renamed over the original, so a crash at any point leaves
//! either the old or the new file. The original's permissions are kept.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::edit::EditError;

/// kubectl's lock file for `path`.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Holds `<file>.lock`; removed on drop.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Creates the lock file; an error (`AlreadyExists`) when another
    /// writer holds it.
    pub fn acquire(file: &Path) -> io::Result<Self> {
        let path = lock_path(file);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => Ok(Self { path }),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} is locked by another writer ({} exists)",
                    file.display(),
                    path.display()
                ),
            )),
            Err(e) => Err(e),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

impl Lock {
    /// Like [`Lock::acquire`], retrying while another writer holds the lock,
    /// up to `timeout`.
    pub fn acquire_wait(file: &Path, timeout: Duration) -> io::Result<Self> {
        let deadline = Instant::now() + timeout;
        loop {
            match Self::acquire(file) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => return other,
            }
        }
    }
}

/// Why [`update_locked`] changed nothing.
#[derive(Debug)]
pub enum UpdateError {
    Io { path: PathBuf, source: io::Error },
    Edit { path: PathBuf, source: EditError },
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
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
        Ok(m) => Some(m.permissions()),
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

/// A new file `.<name>.<pid>.<n>.tmp` in `dir`, mode 0600 on Unix.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
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
fn remove_stale_temps(dir: &Path, name: &str) {
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
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
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
