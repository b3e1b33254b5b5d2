//! Certificate-bearing objects, slim: `kubernetes.io/tls` Secrets (only
//! `tls.crt` is deserialized; `tls.key` and every other key are skipped by
//! serde and never held), cert-manager Certificates, and
//! CertificateSigningRequests.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::Deserialize;

use super::meta::{Condition, slim_meta};
use super::slim_resource;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimTlsSecret {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub data: TlsData,
}
slim_resource!(
    SlimTlsSecret,
    "",
    "v1",
    "Secret",
    "secrets",
    k8s_openapi::NamespaceResourceScope
);

/// The one key of a TLS Secret kon reads (base64, as the API sends it).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct TlsData {
    #[serde(rename = "tls.crt")]
    pub tls_crt: Option<String>,
}

/// The field selector of the TLS Secrets watch.
pub const TLS_SECRETS_SELECTOR: &str = "type=kubernetes.io/tls";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimCertificate {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: CertificateSpec,
    #[serde(default)]
    pub status: CertificateStatus,
}
slim_resource!(
    SlimCertificate,
    "cert-manager.io",
    "v1",
    "Certificate",
    "certificates",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateSpec {
    pub secret_name: Option<String>,
    pub common_name: Option<String>,
    #[serde(default)]
    pub dns_names: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateStatus {
    #[serde(default)]
    pub conditions: Vec<Condition>,
    pub not_after: Option<Time>,
    pub renewal_time: Option<Time>,
    pub failed_issuance_attempts: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimCsr {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: CsrSpec,
    #[serde(default)]
    pub status: CsrStatus,
}
slim_resource!(
    SlimCsr,
    "certificates.k8s.io",
    "v1",
    "CertificateSigningRequest",
    "certificatesigningrequests",
    k8s_openapi::ClusterResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CsrSpec {
    #[serde(default)]
    pub signer_name: String,
    #[serde(default)]
    pub username: String,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct CsrStatus {
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// The issued certificate, base64 of PEM.
    pub certificate: Option<String>,
}
