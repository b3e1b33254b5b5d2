//! Reading user files: a missing file is normal, an unreadable one is reported.

use std::io::ErrorKind;
use std::path::Path;

use super::error::FileError;

pub enum UserFile {
    Missing,
    Unreadable(FileError),
    Text(String),
}

/// Reads a user file as UTF-8. Never fails hard: the caller falls back to
/// its defaults and shows the problem.
pub fn read_user_file(path: &Path) -> UserFile {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => UserFile::Text(s),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let src = String::from_utf8_lossy(valid);
                UserFile::Unreadable(FileError::at(
                    path,
                    &src,
                    Some(src.len()..src.len()),
                    "not valid UTF-8",
                ))
            }
        },
        Err(e) if e.kind() == ErrorKind::NotFound => UserFile::Missing,
        Err(e) => UserFile::Unreadable(FileError::new(path, format!("cannot read: {e}"))),
    }
}
