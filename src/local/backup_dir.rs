//! A directory of etcd snapshots on this machine (`etcdctl snapshot save`
//! into a dated file, a cron job on a control-plane host, a mounted share):
//! how many files it holds and which is the newest.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What one look at a backup directory found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirScan {
    pub path: PathBuf,
    /// Regular files directly in the directory (not in subdirectories).
    pub files: usize,
    /// The newest of them by modification time: file name, mtime (Unix
    /// seconds) and size in bytes. Ties go to the greater name.
    pub newest: Option<(String, i64, u64)>,
    /// Whether the newest file is a valid etcd snapshot (`None`: not
    /// checked, or no file).
    pub integrity: Option<super::snapshot_check::Integrity>,
}

/// The newest file last checked (name, mtime, size) and what it was.
pub type Checked = Option<((String, i64, u64), super::snapshot_check::Integrity)>;

/// [`scan`], then checks the newest file's integrity, unless it is the file
/// `last` already checked, unchanged (a multi-GiB snapshot is read once).
pub fn scan_checked(path: &Path, last: &mut Checked) -> Result<DirScan, String> {
    let mut s = scan(path)?;
    if let Some(newest) = &s.newest {
        let integrity = match last {
            Some((k, i)) if k == newest => i.clone(),
            _ => {
                let i = super::snapshot_check::check(&path.join(&newest.0));
                *last = Some((newest.clone(), i.clone()));
                i
            }
        };
        s.integrity = Some(integrity);
    }
    Ok(s)
}

/// A snapshot still being written into the directory (kon's snapshot now
/// streams into `.NAME.part`, then renames it): no backup yet, not counted.
pub fn is_partial(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".part")
}

/// Reads `path` (not recursively): regular files only, symlinks followed
/// (a link to a file counts, a dangling one does not). A missing or
/// unreadable directory is an error that names the path; a file that
/// vanishes while the directory is read is skipped.
pub fn scan(path: &Path) -> Result<DirScan, String> {
    let shown = path.display();
    let entries = std::fs::read_dir(path).map_err(|e| format!("backup directory {shown}: {e}"))?;
    let mut files = 0;
    let mut newest: Option<(String, i64, u64)> = None;
    for entry in entries {
        let entry = entry.map_err(|e| format!("backup directory {shown}: {e}"))?;
        // `metadata` of the path follows symlinks; a file removed meanwhile is skipped.
        let Ok(meta) = std::fs::metadata(entry.path()) else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().into_owned();
        if !meta.is_file() || is_partial(&name) {
            continue;
        }
        files += 1;
        let mtime = meta.modified().map(unix_secs).unwrap_or(0);
        let newer = newest
            .as_ref()
            .is_none_or(|(n, t, _)| (mtime, name.as_str()) > (*t, n.as_str()));
        if newer {
            newest = Some((name, mtime, meta.len()));
        }
    }
    Ok(DirScan {
        path: path.to_path_buf(),
        files,
        newest,
        integrity: None,
    })
}

/// Unix seconds of a file time; times before 1970 are negative.
fn unix_secs(t: std::time::SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::io::Write;
    use std::time::{Duration, SystemTime};

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> Self {
            let unique = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let p = std::env::temp_dir().join(format!("kon-{tag}-{}-{unique}", std::process::id()));
            std::fs::create_dir_all(&p).expect("create temp dir");
            Self(p)
        }

        fn file(&self, name: &str, bytes: usize, mtime: i64) {
            let mut f = File::create(self.0.join(name)).expect("create file");
            f.write_all(&vec![b'x'; bytes]).expect("write file");
            let t = UNIX_EPOCH + Duration::from_secs(mtime as u64);
            f.set_modified(t).expect("set mtime");
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn newest_regular_file_by_mtime() {
        let d = TempDir::new("scan");
        d.file("snapshot-1.db", 10, 1_700_000_000);
        d.file("snapshot-3.db", 30, 1_700_200_000);
        d.file("snapshot-2.db", 20, 1_700_100_000);
        // Subdirectories and what they hold do not count.
        std::fs::create_dir(d.0.join("old")).expect("mkdir");
        let mut f = File::create(d.0.join("old/snapshot-9.db")).expect("create");
        f.write_all(b"newer but nested").expect("write");
        // A snapshot being written is no backup yet.
        d.file(".etcd-snapshot-m1-20261206T081952Z.db.part", 5, 1_700_300_000);
        let s = scan(&d.0).expect("scan");
        assert_eq!(s.path, d.0);
        assert_eq!(s.files, 3);
        assert_eq!(s.newest, Some(("snapshot-3.db".into(), 1_700_200_000, 30)));
    }

    #[test]
    fn empty_directory_has_no_newest() {
        let d = TempDir::new("empty");
        let s = scan(&d.0).expect("scan");
        assert_eq!((s.files, s.newest), (0, None));
    }

    #[test]
    fn same_mtime_picks_the_greater_name() {
        let d = TempDir::new("tie");
        d.file("b.db", 2, 1_700_000_000);
        d.file("a.db", 1, 1_700_000_000);
        let s = scan(&d.0).expect("scan");
        assert_eq!(s.newest, Some(("b.db".into(), 1_700_000_000, 2)));
    }

    #[test]
    fn missing_directory_or_a_file_is_an_error_naming_the_path() {
        let d = TempDir::new("missing");
        let gone = d.0.join("nope");
        let e = scan(&gone).expect_err("missing dir");
        assert!(e.contains(&gone.display().to_string()), "{e}");
        d.file("f.db", 1, 1_700_000_000);
        let e = scan(&d.0.join("f.db")).expect_err("a file is not a directory");
        assert!(e.contains("f.db"), "{e}");
    }
}
