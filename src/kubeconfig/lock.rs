//! kubectl's `<file>.lock`, made safe against writers that die holding it.
//!
//! kubectl creates an empty `<file>.lock` exclusively and removes it when
//! done; a kubectl killed in between leaves it for good. kon keeps that
//! file (so kubectl and kon exclude each other) and adds two things:
//!
//! - the lock file names its writer (`kon pid=N host=H`) and kon holds an
//!   OS advisory lock (`flock`) on it for as long as it writes. The file
//!   is made complete first (a temporary file, written and flocked, then
//!   hard-linked to `<file>.lock`, which fails if one exists), so a kon
//!   lock is never seen empty or unlocked while its writer lives.
//! - a lock found in place is judged: a kon lock from this host whose
//!   flock can be taken belongs to a dead writer (the kernel drops the
//!   flock when a process dies) and is taken over. A kon lock from another
//!   host (flock is not trusted across hosts) is respected. kubectl's empty
//!   lock carries no owner: it is respected until it is [`FOREIGN_STALE`]
//!   old (kubectl holds it for milliseconds), then taken over.
//!
//! Taking over happens under a flock of the lock's directory, so that two
//! kon processes never both remove a lock and the second one never removes
//! the lock the first one has just made.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// Age after which an empty (kubectl's) or unrecognised lock file whose
/// writer cannot be known is taken to be abandoned. kubectl holds its lock
/// only while it rewrites the file, milliseconds; 30 s is far beyond any
/// live kubectl, and short enough that a user retrying is not stuck.
pub const FOREIGN_STALE: Duration = Duration::from_secs(30);

/// kubectl's lock file for `path`.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Holds `<file>.lock` (and a flock on it); removed on drop.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    /// The lock file, flocked for as long as the lock is held.
    file: File,
}

/// Who holds a lock file that is in place.
#[derive(Debug, PartialEq)]
pub(crate) enum Holder {
    /// It went away while being looked at.
    Gone,
    /// A live writer: it holds the flock (a kon process), or its pid lives.
    Live { pid: Option<u32> },
    /// A kon process on another host: respected, it cannot be checked.
    OtherHost { pid: u32, host: String },
    /// No owner recorded (kubectl's empty lock, or another tool's), this old.
    Foreign { age: Duration },
    /// Nobody holds it any more: safe to take over.
    Dead,
}

impl Lock {
    /// Takes the lock of `file`; `AlreadyExists` when a live writer (or
    /// one that cannot be judged) holds it. A dead writer's lock is taken
    /// over.
    pub fn acquire(file: &Path) -> io::Result<Self> {
        let path = lock_path(file);
        let mut holder = Holder::Gone;
        for _ in 0..3 {
            if let Some(lock) = create(&path)? {
                lock.remove_stale_temps();
                return Ok(lock);
            }
            holder = inspect(&path)?.0;
            match holder {
                Holder::Gone => continue,
                Holder::Dead => {
                    holder = take_over(&path)?;
                    if !matches!(holder, Holder::Gone | Holder::Dead) {
                        break;
                    }
                }
                _ => break,
            }
        }
        Err(io::Error::new(io::ErrorKind::AlreadyExists, busy(&path, &holder)))
    }

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

impl Lock {
    /// Removes the temporary lock files of writers killed before they
    /// linked or removed them.
    fn remove_stale_temps(&self) {
        let (dir, name) = dir_and_name(&self.path);
        super::write::remove_stale_temps(dir, &name);
    }
}

/// The directory of `path` (`.` for a bare name) and its file name.
fn dir_and_name(path: &Path) -> (&Path, String) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own file: never one that replaced it.
        if same_file(&self.path, &self.file) {
            let _ = fs::remove_file(&self.path);
        }
        // The flock goes with the file.
    }
}

/// Why the lock could not be had, naming its holder.
fn busy(lock: &Path, holder: &Holder) -> String {
    let who = match holder {
        Holder::Live { pid: Some(pid) } => format!("kon (pid {pid})"),
        Holder::Live { pid: None } => "another writer".to_string(),
        Holder::OtherHost { pid, host } => {
            format!("kon (pid {pid}) on host {host}; kon cannot tell whether it still runs")
        }
        Holder::Foreign { age } => format!(
            "another writer, kubectl perhaps (its lock is {} s old; kon takes over such a lock \
             once it is {} s old)",
            age.as_secs(),
            FOREIGN_STALE.as_secs()
        ),
        Holder::Gone | Holder::Dead => "another writer".to_string(),
    };
    format!("locked by {who}: {} exists", lock.display())
}

/// This process's record in its lock files.
fn record() -> String {
    format!("kon pid={} host={}\n", std::process::id(), host())
}

/// The pid and host a kon lock file names.
fn parse_record(text: &str) -> Option<(u32, String)> {
    let rest = text.trim_end().strip_prefix("kon ")?;
    let mut pid = None;
    let mut host = None;
    for field in rest.split(' ') {
        if let Some(v) = field.strip_prefix("pid=") {
            pid = v.parse::<u32>().ok();
        } else if let Some(v) = field.strip_prefix("host=") {
            host = Some(v.to_string());
        }
    }
    Some((pid?, host?))
}

/// This machine's name, as the kernel knows it.
fn host() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty() && !h.contains(char::is_whitespace))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Whether process `pid` of this host may be alive: `false` only when it is
/// known to be gone (no `/proc/<pid>` where `/proc` exists).
pub(crate) fn pid_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Creates the lock file complete (record written, flocked), or `None` when
/// one exists already.
fn create(path: &Path) -> io::Result<Option<Lock>> {
    let (dir, name) = dir_and_name(path);
    let (tmp_path, mut file) = super::write::create_temp(dir, &name)?;
    let made = (|| {
        file.try_lock().map_err(io::Error::from)?;
        file.write_all(record().as_bytes())?;
        fs::hard_link(&tmp_path, path)
    })();
    let _ = fs::remove_file(&tmp_path);
    match made {
        Ok(()) => Ok(Some(Lock {
            path: path.to_path_buf(),
            file,
        })),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(None),
        // No hard links here (some network and FUSE file systems): create
        // it in place; it is empty only for the moment before the write.
        Err(_) => create_in_place(path),
    }
}

fn create_in_place(path: &Path) -> io::Result<Option<Lock>> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(None),
        Err(e) => return Err(e),
    };
    let lock = Lock {
        path: path.to_path_buf(),
        file: file.try_clone()?,
    };
    // Waits out a writer that is only looking at it (it holds the flock
    // for a moment). Flock support is not required: without it the pid
    // still tells.
    let _ = file.lock();
    file.write_all(record().as_bytes())?;
    Ok(Some(lock))
}

/// Who holds the lock file at `path`, with the file opened (and flocked,
/// when the flock could be had) so that it stays the same while judged.
fn inspect(path: &Path) -> io::Result<(Holder, Option<File>)> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Holder::Gone, None)),
        Err(e) => return Err(e),
    };
    // kubectl makes its lock with mode 0: unreadable unless root.
    let file = match File::open(path) {
        Ok(f) => Some(f),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Holder::Gone, None)),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => None,
        Err(e) => return Err(e),
    };
    let mut text = String::new();
    let mut flocked = None;
    if let Some(f) = &file {
        if !same_file(path, f) {
            return Ok((Holder::Gone, None));
        }
        let _ = f.take(256).read_to_string(&mut text);
        flocked = match f.try_lock() {
            Ok(()) => Some(true),
            Err(fs::TryLockError::WouldBlock) => Some(false),
            Err(fs::TryLockError::Error(_)) => None,
        };
    }
    let holder = judge(parse_record(&text), flocked, meta.modified().ok());
    Ok((holder, file))
}

/// The verdict on a lock file: its record, whether its flock could be had
/// (`None`: no flock here), when it was made.
pub(crate) fn judge(
    record: Option<(u32, String)>,
    flocked: Option<bool>,
    modified: Option<SystemTime>,
) -> Holder {
    match (record, flocked) {
        // Someone holds its flock: a live kon (or one still writing it).
        (record, Some(false)) => Holder::Live {
            pid: record.map(|r| r.0),
        },
        (Some((pid, h)), _) if h != host() => Holder::OtherHost { pid, host: h },
        // The writer's flock is gone with it (the kernel drops it).
        (Some(_), Some(true)) => Holder::Dead,
        (Some((pid, _)), None) if pid_alive(pid) => Holder::Live { pid: Some(pid) },
        (Some(_), None) => Holder::Dead,
        // Empty (kubectl's) or another tool's: only its age tells.
        (None, _) => {
            let age = modified
                .and_then(|m| SystemTime::now().duration_since(m).ok())
                .unwrap_or_default();
            if age >= FOREIGN_STALE {
                Holder::Dead
            } else {
                Holder::Foreign { age }
            }
        }
    }
}

/// Removes a dead writer's lock, judging it again under the directory's
/// flock (so no other kon removes or makes one meanwhile); what was found.
fn take_over(path: &Path) -> io::Result<Holder> {
    let (dir, _) = dir_and_name(path);
    let guard = File::open(dir)?;
    guard.lock()?;
    let (holder, file) = inspect(path)?;
    if holder == Holder::Dead {
        tracing::warn!(lock = %path.display(), "taking over a lock left by a writer that is gone");
        fs::remove_file(path)?;
    }
    drop(file);
    drop(guard);
    Ok(holder)
}

/// Whether `path` is still the file `file` has open.
fn same_file(path: &Path, file: &File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::symlink_metadata(path), file.metadata()) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

#[cfg(test)]
#[path = "lock_tests.rs"]
mod tests;
