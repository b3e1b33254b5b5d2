//! Certificates: what kon reads of one (parsed with x509-parser), and the
//! places it finds them outside the watched API objects.

pub mod kubeadm;
pub mod kubeconfig;
pub mod parse;
mod pem_blocks;
pub mod serving;
mod source;
#[cfg(test)]
mod test_support;

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

/// Where a certificate that is not an API object was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// The API server's serving chain, from a TLS handshake.
    Serving,
    /// The active context's client certificate or cluster CA.
    Kubeconfig,
    /// A kubeadm file under the PKI directory, or a client certificate
    /// embedded in one of its kubeconfig files (`admin.conf`, ...).
    Kubeadm,
}

/// A certificate found outside the watched API objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCert {
    pub origin: Origin,
    /// What it is: `apiserver`, `etcd-ca`, `admin.conf`, `client certificate
    /// (user admin)`, `serving chain 1/2`, ...
    pub name: String,
    /// Where: a file path or the server's URL.
    pub location: String,
    /// A certificate authority (kubeadm lists CAs apart).
    pub ca: bool,
    /// The certificate, or why it could not be read (unreadable file,
    /// malformed PEM, permission denied, ...).
    pub cert: Result<CertInfo, String>,
}
