//! Shared by the finders: reading certificate files (bounded), kubeconfig
//! `*-data`/file fields, and turning PEM into one [`FoundCert`] per certificate.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;

use super::parse::parse_pem;
use super::pem_blocks::{base64_message, lenient_base64};
use super::{FoundCert, Origin};

/// A certificate file larger than this is not read (think `/dev/zero`).
pub(crate) const MAX_FILE_BYTES: u64 = 4 << 20;

/// The bytes of a file, at most [`MAX_FILE_BYTES`].
pub(crate) fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut data = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut data)?;
    if data.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "larger than 4 MiB, not a certificate file",
        ));
    }
    Ok(data)
}

/// `cannot read /path: Permission denied` (without the `(os error 13)`).
pub(crate) fn read_error(path: &Path, e: &std::io::Error) -> String {
    format!("cannot read {}: {}", path.display(), io_text(e))
}

pub(crate) fn io_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match (e.raw_os_error(), s.rfind(" (os error ")) {
        (Some(_), Some(i)) => s[..i].to_string(),
        _ => s,
    }
}

/// `path` as written, or joined to `base_dir` when relative.
pub(crate) fn resolve(path: &str, base_dir: Option<&Path>) -> PathBuf {
    let p = Path::new(path);
    match base_dir {
        Some(dir) if p.is_relative() => dir.join(p),
        _ => p.to_path_buf(),
    }
}

/// The certificate bytes a kubeconfig gives in `<field>-data` (base64) or in
/// the `<field>` file, with where they came from (`embedded_location` for
/// data, else the file's path). `*-data` wins when both are set, as in
/// kube-rs. None when neither is set (empty counts as unset).
pub(crate) fn data_or_file(
    field: &str,
    data: Option<&str>,
    file: Option<&str>,
    base_dir: Option<&Path>,
    embedded_location: &str,
) -> Option<(String, Result<Vec<u8>, String>)> {
    if let Some(d) = data.filter(|d| !d.trim().is_empty()) {
        let text: Vec<u8> = d.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
        let bytes = lenient_base64()
            .decode(&text)
            .map_err(|e| format!("{field}-data is not valid base64: {}", base64_message(&e)));
        return Some((embedded_location.to_string(), bytes));
    }
    let path = resolve(file.filter(|f| !f.is_empty())?, base_dir);
    let bytes = read_file(&path).map_err(|e| read_error(&path, &e));
    Some((path.display().to_string(), bytes))
}

/// What a found certificate is, before its contents are known.
pub(crate) struct Slot<'a> {
    pub origin: Origin,
    pub name: &'a str,
    pub location: &'a str,
    pub ca: bool,
}

impl Slot<'_> {
    /// One entry carrying `message` as the error.
    pub(crate) fn failed(&self, message: String) -> FoundCert {
        FoundCert {
            origin: self.origin,
            name: self.name.to_string(),
            location: self.location.to_string(),
            ca: self.ca,
            cert: Err(message),
        }
    }

    /// One entry per certificate in the PEM `data` (`name`, or `name 2/3`
    /// when there are several; the certificates after the first are CAs when
    /// they say so), or one entry with the error.
    pub(crate) fn expand(&self, data: Result<Vec<u8>, String>) -> Vec<FoundCert> {
        let certs = match data.and_then(|d| parse_pem(&d).map_err(|e| e.to_string())) {
            Ok(c) => c,
            Err(e) => return vec![self.failed(e)],
        };
        let total = certs.len();
        certs
            .into_iter()
            .enumerate()
            .map(|(i, c)| FoundCert {
                origin: self.origin,
                name: if total > 1 {
                    format!("{} {}/{total}", self.name, i + 1)
                } else {
                    self.name.to_string()
                },
                location: self.location.to_string(),
                ca: self.ca || (i > 0 && c.is_ca),
                cert: Ok(c),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certs::test_support::TempDir;

    #[test]
    fn os_error_suffix_is_dropped() {
        let e = std::io::Error::from_raw_os_error(13);
        assert_eq!(
            read_error(Path::new("/x"), &e),
            "cannot read /x: Permission denied"
        );
        let e = std::io::Error::other("odd (os error 1)");
        assert_eq!(io_text(&e), "odd (os error 1)");
    }

    #[test]
    fn big_files_are_refused() {
        let dir = TempDir::new("big");
        let p = dir.path().join("big.crt");
        let f = std::fs::File::create(&p).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        let e = read_file(&p).unwrap_err();
        assert_eq!(
            read_error(&p, &e),
            format!(
                "cannot read {}: larger than 4 MiB, not a certificate file",
                p.display()
            )
        );
    }

    #[test]
    fn resolve_relative_paths() {
        assert_eq!(
            resolve("a/b.crt", Some(Path::new("/k"))),
            PathBuf::from("/k/a/b.crt")
        );
        assert_eq!(
            resolve("/abs.crt", Some(Path::new("/k"))),
            PathBuf::from("/abs.crt")
        );
        assert_eq!(resolve("a.crt", None), PathBuf::from("a.crt"));
    }

    #[test]
    fn data_or_file_prefers_data_and_reports_bad_base64() {
        let (loc, r) = data_or_file("client-certificate", Some("@@@"), Some("/nope"), None, "here").unwrap();
        assert_eq!(loc, "here");
        assert_eq!(
            r.unwrap_err(),
            "client-certificate-data is not valid base64: invalid character '@' at position 0"
        );
        assert!(data_or_file("x", Some(""), Some(""), None, "here").is_none());
        assert!(data_or_file("x", None, None, None, "here").is_none());
        let (loc, r) = data_or_file(
            "x",
            None,
            Some("missing.crt"),
            Some(Path::new("/nonexistent")),
            "",
        )
        .unwrap();
        assert_eq!(loc, "/nonexistent/missing.crt");
        assert_eq!(
            r.unwrap_err(),
            "cannot read /nonexistent/missing.crt: No such file or directory"
        );
        // Line-wrapped base64 is accepted.
        let (_, r) = data_or_file("x", Some("aGVs\n bG8="), None, None, "").unwrap();
        assert_eq!(r.unwrap(), b"hello");
    }
}
