//! Whether a file is a valid etcd snapshot, as `etcdutl snapshot restore`
//! judges it: a snapshot streamed by etcd (`etcdctl snapshot save`) is the
//! bbolt database (a whole number of 512-byte sectors) followed by the
//! SHA-256 of that database; restoring checks it. A copy of a member's
//! `member/snap/db` has no hash (restore needs `--skip-hash-check`), and
//! anything else is not a snapshot.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

const HASH: u64 = 32;
const SECTOR: u64 = 512;

/// What the file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Integrity {
    /// A snapshot whose appended SHA-256 matches its database.
    Valid,
    /// A database without the appended hash (a copied `member/snap/db`):
    /// it cannot be checked.
    NoHash,
    /// The appended hash does not match: truncated or damaged.
    Corrupt,
    /// Its size fits neither form.
    NotSnapshot { size: u64 },
    /// It could not be read (the reason).
    Unreadable(String),
}

impl std::fmt::Display for Integrity {
    /// What the check found, in words (for messages; never the debug form).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Integrity::Valid => f.write_str("its SHA-256 checks out"),
            Integrity::NoHash => f.write_str("a database without its appended SHA-256"),
            Integrity::Corrupt => f.write_str("its SHA-256 does not match"),
            Integrity::NotSnapshot { size } => {
                write!(
                    f,
                    "its size ({size} bytes) fits neither a snapshot nor a database"
                )
            }
            Integrity::Unreadable(why) => write!(f, "unreadable: {why}"),
        }
    }
}

/// Checks the file at `path` (reading all of it once).
pub fn check(path: &Path) -> Integrity {
    let shown = path.display();
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Integrity::Unreadable(format!("{shown}: {e}")),
    };
    let size = match f.metadata() {
        Ok(m) => m.len(),
        Err(e) => return Integrity::Unreadable(format!("{shown}: {e}")),
    };
    if size == 0 {
        return Integrity::NotSnapshot { size };
    }
    if size % SECTOR == 0 {
        return Integrity::NoHash;
    }
    if size % SECTOR != HASH {
        return Integrity::NotSnapshot { size };
    }
    let mut hasher = Sha256::new();
    let mut left = size - HASH;
    let mut buf = vec![0u8; 1 << 20];
    while left > 0 {
        let want = usize::try_from(left.min(buf.len() as u64)).unwrap_or(buf.len());
        match f.read(&mut buf[..want]) {
            Ok(0) => return Integrity::Corrupt,
            Ok(n) => {
                hasher.update(&buf[..n]);
                left -= n as u64;
            }
            Err(e) => return Integrity::Unreadable(format!("{shown}: {e}")),
        }
    }
    let mut stored = [0u8; HASH as usize];
    if let Err(e) = f.read_exact(&mut stored) {
        return Integrity::Unreadable(format!("{shown}: {e}"));
    }
    if hasher.finalize().as_slice() == stored {
        Integrity::Valid
    } else {
        Integrity::Corrupt
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, bytes).unwrap();
        f
    }

    fn snapshot(db: &[u8]) -> Vec<u8> {
        let mut out = db.to_vec();
        out.extend_from_slice(&Sha256::digest(db));
        out
    }

    #[test]
    fn what_was_found_reads_as_words_not_a_debug_dump() {
        let texts = [
            Integrity::Corrupt.to_string(),
            Integrity::NotSnapshot { size: 7 }.to_string(),
            Integrity::Unreadable("/b/x: Permission denied".into()).to_string(),
        ];
        assert_eq!(texts[0], "its SHA-256 does not match");
        assert!(texts[1].contains("(7 bytes)"), "{}", texts[1]);
        assert_eq!(texts[2], "unreadable: /b/x: Permission denied");
    }

    #[test]
    fn a_database_with_its_hash_is_valid_and_a_changed_byte_is_not() {
        let db: Vec<u8> = (0..4096u32 * 3).map(|i| (i % 251) as u8).collect();
        let good = snapshot(&db);
        assert_eq!(check(file(&good).path()), Integrity::Valid);
        let mut bad = good.clone();
        bad[5000] ^= 1;
        assert_eq!(check(file(&bad).path()), Integrity::Corrupt);
        // A database alone (a copied member/snap/db) cannot be checked.
        assert_eq!(check(file(&db).path()), Integrity::NoHash);
        // Truncated: neither form.
        assert_eq!(
            check(file(&good[..good.len() - 7]).path()),
            Integrity::NotSnapshot {
                size: good.len() as u64 - 7
            }
        );
        assert_eq!(check(file(b"").path()), Integrity::NotSnapshot { size: 0 });
        assert!(matches!(
            check(Path::new("/nonexistent/kon/snapshot.db")),
            Integrity::Unreadable(e) if e.contains("/nonexistent/kon/snapshot.db")
        ));
    }
}
