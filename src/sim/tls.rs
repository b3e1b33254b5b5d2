//! The simulated cluster's PKI: its own CA, a serving certificate for
//! 127.0.0.1/localhost and an admin client certificate, with the lifetimes
//! the scenario asks for; and the rustls server configuration.

use std::sync::Arc;

use anyhow::{Context as _, Result};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use time::OffsetDateTime;

/// When each certificate is valid: (notBefore, notAfter) in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windows {
    pub ca: (i64, i64),
    pub serving: (i64, i64),
    pub client: (i64, i64),
}

impl Windows {
    /// kubeadm's defaults around `now`: a 10-year CA, 1-year leaf certificates.
    pub fn kubeadm(now: i64) -> Self {
        const DAY: i64 = 86_400;
        Self {
            ca: (now - 30 * DAY, now + 3620 * DAY),
            serving: (now - 30 * DAY, now + 335 * DAY),
            client: (now - 30 * DAY, now + 335 * DAY),
        }
    }
}

/// The generated PKI, PEM-encoded, plus what the server needs.
pub struct Pki {
    pub ca_pem: String,
    pub client_cert_pem: String,
    pub client_key_pem: String,
    pub serving_cert_pem: String,
    server_chain: Vec<CertificateDer<'static>>,
    server_key: PrivatePkcs8KeyDer<'static>,
    ca_der: CertificateDer<'static>,
    /// Signs further certificates (the scenario's TLS Secrets).
    pub issuer: Issuer<'static, KeyPair>,
}

fn at(unix: i64) -> Result<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(unix).with_context(|| format!("certificate time {unix} out of range"))
}

fn window((start, end): (i64, i64)) -> Result<(OffsetDateTime, OffsetDateTime)> {
    Ok((at(start)?, at(end)?))
}

/// Signs a leaf certificate for `dns_names` with `issuer` over `window`;
/// returns (cert PEM, key PEM). For the TLS Secrets a scenario asks for.
pub fn issue_leaf(
    issuer: &Issuer<'_, KeyPair>,
    common_name: &str,
    dns_names: &[String],
    win: (i64, i64),
) -> Result<(String, String)> {
    let key = KeyPair::generate().context("generating a key")?;
    let mut p = CertificateParams::new(dns_names.to_vec()).context("certificate parameters")?;
    p.distinguished_name.push(DnType::CommonName, common_name);
    p.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    (p.not_before, p.not_after) = window(win)?;
    let cert = p.signed_by(&key, issuer).context("signing")?;
    Ok((cert.pem(), key.serialize_pem()))
}

impl Pki {
    /// Generates the CA and the two leaf certificates.
    pub fn generate(windows: &Windows) -> Result<Self> {
        let ca_key = KeyPair::generate().context("generating the CA key")?;
        let mut ca = CertificateParams::new(Vec::<String>::new()).context("CA parameters")?;
        ca.distinguished_name.push(DnType::CommonName, "kon-sim-ca");
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        (ca.not_before, ca.not_after) = window(windows.ca)?;
        let ca_cert = ca.self_signed(&ca_key).context("signing the CA")?;
        let issuer = Issuer::new(ca, ca_key);

        let server_key = KeyPair::generate().context("generating the serving key")?;
        let mut serving = CertificateParams::new(vec!["localhost".to_string(), "kubernetes".to_string()])
            .context("serving parameters")?;
        serving
            .subject_alt_names
            .push(SanType::IpAddress(std::net::Ipv4Addr::LOCALHOST.into()));
        serving.subject_alt_names.push(SanType::DnsName(
            "kubernetes.default.svc".try_into().context("SAN")?,
        ));
        serving
            .distinguished_name
            .push(DnType::CommonName, "kube-apiserver");
        serving.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        serving.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        (serving.not_before, serving.not_after) = window(windows.serving)?;
        let serving_cert = serving
            .signed_by(&server_key, &issuer)
            .context("signing the serving cert")?;

        let client_key = KeyPair::generate().context("generating the client key")?;
        let mut client = CertificateParams::new(Vec::<String>::new()).context("client parameters")?;
        client
            .distinguished_name
            .push(DnType::CommonName, "kubernetes-admin");
        client
            .distinguished_name
            .push(DnType::OrganizationName, "kubeadm:cluster-admins");
        client.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        client.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        (client.not_before, client.not_after) = window(windows.client)?;
        let client_cert = client
            .signed_by(&client_key, &issuer)
            .context("signing the client cert")?;

        Ok(Self {
            ca_pem: ca_cert.pem(),
            client_cert_pem: client_cert.pem(),
            client_key_pem: client_key.serialize_pem(),
            serving_cert_pem: serving_cert.pem(),
            server_chain: vec![serving_cert.der().clone(), ca_cert.der().clone()],
            server_key: PrivatePkcs8KeyDer::from(server_key.serialize_der()),
            ca_der: ca_cert.der().clone(),
            issuer,
        })
    }

    /// TLS for the API server: HTTP/1.1, client certificates signed by the
    /// CA accepted but not required (bearer tokens work too).
    pub fn server_config(&self) -> Result<Arc<ServerConfig>> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = RootCertStore::empty();
        roots
            .add(self.ca_der.clone())
            .context("adding the CA to the client verifier")?;
        let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .allow_unauthenticated()
            .build()
            .context("building the client verifier")?;
        let mut config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .context("TLS versions")?
            .with_client_cert_verifier(verifier)
            .with_single_cert(
                self.server_chain.clone(),
                PrivateKeyDer::Pkcs8(self.server_key.clone_key()),
            )
            .context("installing the serving certificate")?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_pem_and_a_server_config() {
        let pki = Pki::generate(&Windows::kubeadm(1_700_000_000)).unwrap();
        assert!(pki.ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
        assert!(pki.client_key_pem.contains("PRIVATE KEY"));
        assert_eq!(pki.server_chain.len(), 2);
        pki.server_config().unwrap();
        let (cert, key) = issue_leaf(
            &pki.issuer,
            "shop",
            &["shop.example.com".into()],
            (0, 1_800_000_000),
        )
        .unwrap();
        assert!(cert.contains("BEGIN CERTIFICATE") && key.contains("PRIVATE KEY"));
    }

    #[test]
    fn absurd_times_are_errors_not_panics() {
        let mut w = Windows::kubeadm(0);
        w.serving = (i64::MIN, i64::MAX);
        assert!(Pki::generate(&w).is_err());
    }
}
