//! Views of the API objects that carry certificates: `kubernetes.io/tls`
//! Secrets (only `tls.crt`, parsed when it arrives; the key is never
//! deserialized), cert-manager Certificates and CertificateSigningRequests.

use std::sync::Arc;

use super::intern::Interner;
use crate::certs::CertInfo;
use crate::cluster::slim::certs::{SlimCertificate, SlimCsr, SlimTlsSecret};

/// A `kubernetes.io/tls` Secret's certificate chain (leaf first), or why it
/// could not be read. Nothing else of the Secret is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsSecretRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub chain: Result<Vec<CertInfo>, String>,
}

/// A cert-manager `Certificate` (cert-manager.io/v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertManagerRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// `spec.secretName`.
    pub secret_name: Option<Arc<str>>,
    /// `spec.dnsNames` (and `commonName` first when set).
    pub dns_names: Vec<String>,
    /// The `Ready` condition: status, and its message when not True.
    pub ready: Option<bool>,
    pub ready_message: Option<String>,
    /// `status.notAfter`, `status.renewalTime`, Unix seconds.
    pub not_after: Option<i64>,
    pub renewal_time: Option<i64>,
    /// `status.failedIssuanceAttempts` and the `Issuing=False` message, when renewal is failing.
    pub failed_attempts: u32,
    pub issuing_failure: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CsrState {
    Pending,
    /// Approved, but no certificate issued yet.
    Approved,
    Issued,
    Denied,
    Failed,
}

/// A CertificateSigningRequest (certificates.k8s.io/v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrRecord {
    pub name: Arc<str>,
    pub signer: Arc<str>,
    /// `spec.username`: who asked.
    pub requester: Arc<str>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    pub state: CsrState,
    /// `status.certificate`, parsed, when issued.
    pub certificate: Option<Result<CertInfo, String>>,
}

impl CertManagerRecord {
    pub fn from_slim(c: &SlimCertificate, i: &mut Interner) -> Self {
        let cond = |t: &str| c.status.conditions.iter().find(|x| x.type_ == t);
        let ready = cond("Ready").map(|r| r.status == "True");
        let ready_message = cond("Ready")
            .filter(|r| r.status != "True")
            .and_then(|r| r.message.clone().or(r.reason.clone()));
        let issuing_failure = cond("Issuing")
            .filter(|x| x.status == "False" && x.reason.as_deref() == Some("Failed"))
            .and_then(|x| x.message.clone());
        let mut dns_names: Vec<String> = c.spec.common_name.iter().cloned().collect();
        dns_names.extend(
            c.spec
                .dns_names
                .iter()
                .filter(|d| !dns_names.contains(d))
                .cloned()
                .collect::<Vec<_>>(),
        );
        Self {
            namespace: i.get(c.metadata.namespace.as_deref().unwrap_or("")),
            name: i.get(c.metadata.name.as_deref().unwrap_or("")),
            secret_name: c.spec.secret_name.as_deref().map(|s| i.get(s)),
            dns_names,
            ready,
            ready_message,
            not_after: c.status.not_after.as_ref().map(|t| t.0.as_second()),
            renewal_time: c.status.renewal_time.as_ref().map(|t| t.0.as_second()),
            failed_attempts: c.status.failed_issuance_attempts.unwrap_or(0),
            issuing_failure,
        }
    }
}

/// Base64 (as the API sends Secret data and CSR certificates) of a PEM
/// chain, parsed; the error says which step failed.
fn decode_chain(b64: &str) -> Result<Vec<CertInfo>, String> {
    use base64::Engine as _;
    let pem = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .map_err(|e| format!("the data is not base64: {e}"))?;
    crate::certs::parse::parse_pem(&pem).map_err(|e| e.to_string())
}

impl TlsSecretRecord {
    pub fn from_slim(s: &SlimTlsSecret, i: &mut Interner) -> Self {
        let chain = match &s.data.tls_crt {
            None => Err("the Secret has no tls.crt".to_string()),
            Some(b64) => decode_chain(b64),
        };
        Self {
            namespace: i.get(s.metadata.namespace.as_deref().unwrap_or("")),
            name: i.get(s.metadata.name.as_deref().unwrap_or("")),
            chain,
        }
    }
}

impl CsrRecord {
    pub fn from_slim(c: &SlimCsr, i: &mut Interner) -> Self {
        let is = |t: &str| {
            c.status
                .conditions
                .iter()
                .any(|x| x.type_ == t && x.status == "True")
        };
        let certificate = c
            .status
            .certificate
            .as_deref()
            .filter(|b| !b.trim().is_empty())
            .map(|b| {
                decode_chain(b).and_then(|chain| chain.into_iter().next().ok_or_else(|| "empty".into()))
            });
        let state = if is("Denied") {
            CsrState::Denied
        } else if is("Failed") {
            CsrState::Failed
        } else if certificate.is_some() {
            CsrState::Issued
        } else if is("Approved") {
            CsrState::Approved
        } else {
            CsrState::Pending
        };
        Self {
            name: i.get(c.metadata.name.as_deref().unwrap_or("")),
            signer: i.get(&c.spec.signer_name),
            requester: i.get(&c.spec.username),
            created: c.metadata.creation_timestamp.as_ref().map(|t| t.0.as_second()),
            state,
            certificate,
        }
    }
}
