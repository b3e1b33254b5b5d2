//! Test helpers: certificates made with rcgen at chosen lifetimes, and a
//! temporary directory that removes itself.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine as _;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair, SanType,
    SerialNumber,
};
use time::OffsetDateTime;

pub const DAY: i64 = 86_400;

pub fn now() -> i64 {
    crate::clock::unix_now()
}

fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).expect("test time in range")
}

/// A made certificate: PEM, DER and its key's PEM.
pub struct Made {
    pub pem: String,
    pub der: Vec<u8>,
    pub key_pem: String,
    /// PKCS#8 DER of the key.
    pub key_der: Vec<u8>,
}

/// A CA that can sign further certificates.
pub struct Ca {
    pub cert: Made,
    pub issuer: Issuer<'static, KeyPair>,
}

fn params(cn: &str, org: Option<&str>, win: (i64, i64), serial: u64) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).expect("params");
    // Like Go's crypto/x509 (kubeadm): O before CN in the DER.
    p.distinguished_name = DistinguishedName::new();
    if let Some(o) = org {
        p.distinguished_name.push(DnType::OrganizationName, o);
    }
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = at(win.0);
    p.not_after = at(win.1);
    p.serial_number = Some(SerialNumber::from(serial));
    p
}

/// A self-signed root CA valid over `win` (Unix seconds).
pub fn root(cn: &str, win: (i64, i64)) -> Ca {
    let key = KeyPair::generate().expect("key");
    let mut p = params(cn, None, win, 1);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = p.self_signed(&key).expect("self-signed");
    let made = Made {
        pem: cert.pem(),
        der: cert.der().to_vec(),
        key_pem: key.serialize_pem(),
        key_der: key.serialize_der(),
    };
    Ca {
        cert: made,
        issuer: Issuer::new(p, key),
    }
}

/// An intermediate CA signed by `parent`.
pub fn intermediate(parent: &Ca, cn: &str, win: (i64, i64)) -> Ca {
    let key = KeyPair::generate().expect("key");
    let mut p = params(cn, None, win, 2);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let cert = p.signed_by(&key, &parent.issuer).expect("signed");
    let made = Made {
        pem: cert.pem(),
        der: cert.der().to_vec(),
        key_pem: key.serialize_pem(),
        key_der: key.serialize_der(),
    };
    Ca {
        cert: made,
        issuer: Issuer::new(p, key),
    }
}

/// A leaf certificate signed by `ca`, with subject `O=org, CN=cn`.
pub fn leaf(ca: &Ca, cn: &str, org: Option<&str>, sans: Vec<SanType>, win: (i64, i64), serial: u64) -> Made {
    let key = KeyPair::generate().expect("key");
    let mut p = params(cn, org, win, serial);
    p.subject_alt_names = sans;
    let cert = p.signed_by(&key, &ca.issuer).expect("signed");
    Made {
        pem: cert.pem(),
        der: cert.der().to_vec(),
        key_pem: key.serialize_pem(),
        key_der: key.serialize_der(),
    }
}

pub fn dns(name: &str) -> SanType {
    SanType::DnsName(name.try_into().expect("dns name"))
}

pub fn b64(data: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// A fresh directory under the system temp dir, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = std::env::temp_dir().join(format!("kon-certs-{label}-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path).expect("create temp dir");
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` at `rel`, creating parent directories.
    pub fn write(&self, rel: &str, contents: &str) -> PathBuf {
        let p = self.0.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&p, contents).expect("write");
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
