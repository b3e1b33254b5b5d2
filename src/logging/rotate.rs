//! A log file capped in size: once a write would take it past `max_bytes`
//! it becomes `<name>.1` (older ones shift to `.2` … `.keep`, the oldest is
//! dropped) and a new file is started. `tracing-appender` rotates by time
//! only, and the few lines here need no other crate.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

pub struct RotatingFile {
    path: PathBuf,
    max_bytes: u64,
    keep: u32,
    file: File,
    size: u64,
}

fn open(path: &Path) -> io::Result<(File, u64)> {
    let file = OpenOptions::new().create(true).append(true).open(path)?;
    let size = file.metadata()?.len();
    Ok((file, size))
}

fn numbered(path: &Path, n: u32) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(format!(".{n}"));
    PathBuf::from(s)
}

/// Renames `from` to `to`; a missing `from` is no error.
fn shift(from: &Path, to: &Path) -> io::Result<()> {
    match std::fs::rename(from, to) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

impl RotatingFile {
    /// Appends to `path` (created if missing), keeping `keep` older files.
    pub fn open(path: &Path, max_bytes: u64, keep: u32) -> io::Result<Self> {
        let (file, size) = open(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            max_bytes,
            keep: keep.max(1),
            file,
            size,
        })
    }

    /// Whether `path` is still the file written to (another kon may have
    /// rotated it meanwhile).
    fn still_ours(&self) -> bool {
        match (std::fs::metadata(&self.path), self.file.metadata()) {
            (Ok(p), Ok(f)) => p.ino() == f.ino() && p.dev() == f.dev(),
            _ => false,
        }
    }

    fn rotate(&mut self) -> io::Result<()> {
        if self.still_ours() {
            for n in (1..self.keep).rev() {
                shift(&numbered(&self.path, n), &numbered(&self.path, n + 1))?;
            }
            shift(&self.path, &numbered(&self.path, 1))?;
        }
        (self.file, self.size) = open(&self.path)?;
        Ok(())
    }
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.size > 0 && self.size + buf.len() as u64 > self.max_bytes {
            self.rotate()?;
        }
        let n = self.file.write(buf)?;
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(p: &Path) -> String {
        std::fs::read_to_string(p).unwrap_or_default()
    }

    #[test]
    fn rotates_at_its_cap_and_keeps_only_so_many_old_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kon.log");
        let mut f = RotatingFile::open(&path, 100, 2).unwrap();
        for i in 0..20 {
            // 25 bytes a line: four lines a file.
            f.write_all(format!("line {i:02} 456789012345678\n").as_bytes())
                .unwrap();
        }
        for p in [&path, &numbered(&path, 1), &numbered(&path, 2)] {
            let len = std::fs::metadata(p).unwrap().len();
            assert!(len > 0 && len <= 100, "{}: {len} bytes", p.display());
        }
        assert!(!numbered(&path, 3).exists(), "only two old files are kept");
        assert!(read(&path).starts_with("line 16") && read(&path).contains("line 19"));
        assert!(read(&numbered(&path, 1)).starts_with("line 12"));
        assert!(read(&numbered(&path, 2)).starts_with("line 08"));
    }

    #[test]
    fn an_existing_file_counts_towards_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kon.log");
        std::fs::write(&path, "x".repeat(90)).unwrap();
        let mut f = RotatingFile::open(&path, 100, 3).unwrap();
        f.write_all(b"a new line past the cap\n").unwrap();
        assert_eq!(read(&numbered(&path, 1)), "x".repeat(90));
        assert_eq!(read(&path), "a new line past the cap\n");
    }

    #[test]
    fn a_file_another_process_rotated_is_not_rotated_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kon.log");
        let mut f = RotatingFile::open(&path, 50, 3).unwrap();
        f.write_all(&[b'a'; 40]).unwrap();
        // Another kon rotates first and writes its own line.
        std::fs::rename(&path, numbered(&path, 1)).unwrap();
        std::fs::write(&path, "theirs\n").unwrap();
        f.write_all(&[b'b'; 20]).unwrap();
        assert_eq!(read(&numbered(&path, 1)), "a".repeat(40));
        assert_eq!(read(&path), format!("theirs\n{}", "b".repeat(20)));
        assert!(!numbered(&path, 2).exists());
    }
}
