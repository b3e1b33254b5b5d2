//! The API server's serving chain, read from a TLS handshake.
//!
//! kon connects, completes (or at least starts) the handshake with a
//! verifier that records whatever chain the server presents and accepts it,
//! sends nothing, and closes. Nothing is trusted on the strength of this
//! connection: it only shows what the server presents.

use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, DnsName, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::parse::parse_der;
use super::{FoundCert, Origin};

/// The name of the leaf entry (also of the single entry carrying an error).
pub const LEAF_NAME: &str = "serving certificate";

/// The chain `server_url` (`https://host[:port]`, port 443 by default)
/// presents, leaf first: `serving certificate`, then `serving chain 2/3`, …,
/// each with the URL as location (`ca` for the chain's CA certificates).
/// Failures (a bad URL, refused, unresolvable, no handshake within
/// `timeout`, not TLS) come back as a single `serving certificate` entry
/// whose `cert` is the error, so a caller always has something to show.
/// `timeout` bounds the whole exchange: resolving, connecting, handshaking.
pub async fn fetch_chain(server_url: &str, timeout: Duration) -> Vec<FoundCert> {
    let target = match Target::parse(server_url) {
        Ok(t) => t,
        Err(e) => return vec![failed(server_url, e)],
    };
    let recorder = Arc::new(Recorder::new());
    let outcome = tokio::time::timeout(timeout, handshake(&target, recorder.clone())).await;
    // The chain counts even when the handshake went wrong after the server
    // sent it (a server that insists on a client certificate, say).
    if let Some(chain) = recorder.chain().filter(|c| !c.is_empty()) {
        return entries(server_url, &chain);
    }
    let error = match outcome {
        Ok(Ok(())) => "the server sent no certificate".to_string(),
        Ok(Err(e)) => e,
        Err(_) => format!("no TLS handshake with {} within {timeout:?}", target.authority()),
    };
    vec![failed(server_url, error)]
}

/// Where to connect, from an `https://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// Without brackets for IPv6.
    pub host: String,
    pub port: u16,
}

impl Target {
    pub(crate) fn parse(url: &str) -> Result<Self, String> {
        let uri: http::Uri = url
            .trim()
            .parse()
            .map_err(|e| format!("{url:?} is not a URL: {e}"))?;
        match uri.scheme_str() {
            Some("https") => {}
            Some(other) => return Err(format!("{url} is not an https URL (scheme {other})")),
            None => return Err(format!("{url:?} is not an https URL (no https://)")),
        }
        let host = uri
            .host()
            .map(|h| h.trim_start_matches('[').trim_end_matches(']'))
            .filter(|h| !h.is_empty())
            .ok_or_else(|| format!("{url} names no host"))?;
        // `Uri::port` hides a port that is not a u16; read it from the authority.
        let authority = uri.authority().map(|a| a.as_str()).unwrap_or_default();
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
        let port_text = match host_port.rfind(']') {
            Some(i) => host_port.get(i + 1..).and_then(|rest| rest.strip_prefix(':')),
            None => host_port.rsplit_once(':').map(|(_, p)| p),
        };
        let port = match port_text {
            Some(p) => p.parse::<u16>().map_err(|_| format!("{url}: bad port {p:?}"))?,
            None => 443,
        };
        Ok(Self {
            host: host.to_string(),
            port,
        })
    }

    /// `host:port`, `[v6]:port`.
    pub(crate) fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// SNI: the host name, or the address for an IP.
    pub(crate) fn server_name(&self) -> Result<ServerName<'static>, String> {
        match self.host.parse::<IpAddr>() {
            Ok(ip) => Ok(ServerName::IpAddress(ip.into())),
            Err(_) => DnsName::try_from(self.host.clone())
                .map(ServerName::DnsName)
                .map_err(|_| format!("{} is not a valid host name", self.host)),
        }
    }
}

async fn handshake(target: &Target, recorder: Arc<Recorder>) -> Result<(), String> {
    let name = target.server_name()?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(recorder)
        .with_no_client_auth();
    let authority = target.authority();
    let tcp = TcpStream::connect((target.host.as_str(), target.port))
        .await
        .map_err(|e| format!("cannot connect to {authority}: {}", super::source::io_text(&e)))?;
    let mut tls = TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|e| {
            format!(
                "TLS handshake with {authority} failed: {}",
                super::source::io_text(&e)
            )
        })?;
    // Say goodbye properly; nothing was sent, nothing more is read.
    let _ = tls.shutdown().await;
    Ok(())
}

fn failed(url: &str, message: String) -> FoundCert {
    FoundCert {
        origin: Origin::Serving,
        name: LEAF_NAME.into(),
        location: url.into(),
        ca: false,
        cert: Err(message),
    }
}

fn entries(url: &str, chain: &[CertificateDer<'static>]) -> Vec<FoundCert> {
    let total = chain.len();
    chain
        .iter()
        .enumerate()
        .map(|(i, der)| {
            let cert = parse_der(der).map_err(|e| e.to_string());
            FoundCert {
                origin: Origin::Serving,
                name: if i == 0 {
                    LEAF_NAME.into()
                } else {
                    format!("serving chain {}/{total}", i + 1)
                },
                location: url.into(),
                ca: i > 0 && cert.as_ref().map(|c| c.is_ca).unwrap_or(true),
                cert,
            }
        })
        .collect()
}

/// Accepts any server chain, keeping a copy of it.
#[derive(Debug)]
struct Recorder {
    seen: Mutex<Option<Vec<CertificateDer<'static>>>>,
    schemes: Vec<SignatureScheme>,
}

impl Recorder {
    fn new() -> Self {
        let schemes = rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes();
        Self {
            seen: Mutex::new(None),
            schemes,
        }
    }

    fn chain(&self) -> Option<Vec<CertificateDer<'static>>> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let mut chain = vec![end_entity.clone().into_owned()];
        chain.extend(intermediates.iter().map(|c| c.clone().into_owned()));
        *self.seen.lock().unwrap_or_else(PoisonError::into_inner) = Some(chain);
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}

#[cfg(test)]
#[path = "serving_tests.rs"]
mod tests;
