//! Certificates: what kon reads of one (parsed with x509-parser), and the
//! places it finds them outside the watched API objects.

/// What kon shows of a certificate. Never anything of a private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// The subject, RFC 4514 style (`CN=kube-apiserver, O=…`).
    pub subject: String,
    /// The subject's common name, if any.
    pub common_name: Option<String>,
    /// The issuer, RFC 4514 style.
    pub issuer: String,
    /// Subject alternative names: `DNS:name`, `IP:addr`, `URI:…`, `email:…`.
    pub sans: Vec<String>,
    /// Validity, Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
    /// Basic constraints say CA.
    pub is_ca: bool,
    /// Serial number, lower-case hex.
    pub serial: String,
}
