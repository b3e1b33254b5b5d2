//! The sub-shell's kubeconfig file: created new (never over an existing
//! file), mode 0600 from the start, and removed when dropped, so an error
//! path or a killed shell does not leave credentials in the temp directory.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// A file removed on drop.
#[derive(Debug)]
pub struct TempKubeconfig {
    path: PathBuf,
}

impl TempKubeconfig {
    /// Writes `text` to a new file `kubectx-shell-*.yaml` in `dir`
    /// (upstream's name pattern).
    pub fn create(dir: &Path, text: &str) -> io::Result<Self> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let mut last = None;
        for attempt in 0..100u32 {
            let name = format!(
                "kubectx-shell-{}-{:08x}.yaml",
                std::process::id(),
                seed.wrapping_add(attempt.wrapping_mul(0x9e37_79b9))
            );
            let path = dir.join(name);
            match options.open(&path) {
                Ok(mut file) => {
                    // Removed from here on, whatever fails next.
                    let temp = Self { path };
                    file.write_all(text.as_bytes())?;
                    file.sync_all()?;
                    return Ok(temp);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| io::Error::other("no free temporary file name")))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempKubeconfig {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_private_new_and_gone_after_drop() {
        let dir = tempfile::tempdir().unwrap();
        let a = TempKubeconfig::create(dir.path(), "apiVersion: v1\n").unwrap();
        let b = TempKubeconfig::create(dir.path(), "other").unwrap();
        assert_ne!(a.path(), b.path());
        assert_eq!(std::fs::read_to_string(a.path()).unwrap(), "apiVersion: v1\n");
        let name = a.path().file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("kubectx-shell-") && name.ends_with(".yaml"),
            "{name}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(a.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let path = a.path().to_path_buf();
        drop(a);
        assert!(!path.exists());
        assert!(b.path().exists());
    }

    #[test]
    fn a_missing_directory_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let e = TempKubeconfig::create(&dir.path().join("gone"), "x").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
    }
}
