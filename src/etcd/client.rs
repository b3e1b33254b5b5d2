//! One poll of etcd through its gRPC gateway: every endpoint at once (one
//! dead member never delays the others), four requests each (status,
//! members, alarms, a linearizable read for health), each under a
//! timeout. TLS with rustls: etcd's CA from a file, a client certificate
//! pair when given; plain `http://` as etcdctl accepts it. Errors name the
//! endpoint, and the file when a file is the cause.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::BodyExt;
use rustls::ClientConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::resolve::TlsFiles;
use super::wire;
use super::{EndpointAnswer, Observation};

/// An I/O error without its `(os error N)`.
pub(super) fn io_text(e: &std::io::Error) -> String {
    let s = e.to_string();
    match (e.raw_os_error(), s.rfind(" (os error ")) {
        (Some(_), Some(i)) => s[..i].to_string(),
        _ => s,
    }
}

/// The longest one request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

fn read(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::PermissionDenied {
            " (root-only on kubeadm: run kon with sudo, or give a readable pair with --etcd-cert/--etcd-key)"
        } else {
            ""
        };
        format!("{what} {}: {}{hint}", path.display(), io_text(&e))
    })
}

/// The rustls configuration of `files`: etcd's CA, and the client pair
/// when given. Errors name the file.
pub fn tls_config(files: &TlsFiles) -> Result<Arc<ClientConfig>, String> {
    let Some(ca) = &files.cacert else {
        return Err("no CA to verify etcd's certificate: give --etcd-cacert (or [etcd] cacert)".into());
    };
    let mut roots = rustls::RootCertStore::empty();
    let pem = read(ca, "CA file")?;
    let mut n = 0;
    for der in CertificateDer::pem_slice_iter(&pem) {
        let der = der.map_err(|e| format!("CA file {}: {e}", ca.display()))?;
        roots
            .add(der)
            .map_err(|e| format!("CA file {}: {e}", ca.display()))?;
        n += 1;
    }
    if n == 0 {
        return Err(format!("CA file {}: no PEM certificate in it", ca.display()));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up: {e}"))?
        .with_root_certificates(roots);
    let config = match (&files.cert, &files.key) {
        (Some(cert), Some(key)) => {
            let pem = read(cert, "client certificate")?;
            let chain = CertificateDer::pem_slice_iter(&pem)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("client certificate {}: {e}", cert.display()))?;
            if chain.is_empty() {
                return Err(format!(
                    "client certificate {}: no PEM certificate in it",
                    cert.display()
                ));
            }
            let pem = read(key, "client key")?;
            let pk = PrivateKeyDer::from_pem_slice(&pem)
                .map_err(|e| format!("client key {}: {e}", key.display()))?;
            builder.with_client_auth_cert(chain, pk).map_err(|e| {
                format!(
                    "client certificate {} with key {}: {e}",
                    cert.display(),
                    key.display()
                )
            })?
        }
        (Some(cert), None) => {
            return Err(format!(
                "client certificate {} given without its key (--etcd-key)",
                cert.display()
            ));
        }
        (None, Some(key)) => {
            return Err(format!(
                "client key {} given without its certificate (--etcd-cert)",
                key.display()
            ));
        }
        (None, None) => builder.with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

/// What the TLS set-up gives the requests.
#[derive(Clone)]
pub struct Tls {
    pub(super) config: Result<Arc<ClientConfig>, String>,
    pub(super) files: TlsFiles,
}

impl Tls {
    pub fn load(files: &TlsFiles) -> Self {
        Self {
            config: tls_config(files),
            files: files.clone(),
        }
    }
}

/// `POST {endpoint}{path}` with a JSON body; the answer's body on 2xx.
pub async fn post(
    endpoint: &str,
    path: &str,
    body: &str,
    tls: &Tls,
    timeout: Duration,
) -> Result<Vec<u8>, String> {
    match tokio::time::timeout(timeout, post_now(endpoint, path, body, tls)).await {
        Ok(r) => r,
        Err(_) => Err(format!("{endpoint}: no answer within {}s", timeout.as_secs())),
    }
}

async fn post_now(endpoint: &str, path: &str, body: &str, tls: &Tls) -> Result<Vec<u8>, String> {
    use super::connect;
    let (mut sender, driver) = connect::open(endpoint, tls).await?;
    let resp = match sender.send_request(connect::request(endpoint, path, body)?).await {
        Ok(r) => r,
        Err(e) => return Err(connect::failed(endpoint, e, driver, tls).await),
    };
    let status = resp.status().as_u16();
    let collected = resp.into_body().collect().await;
    driver.abort();
    let bytes = collected
        .map_err(|e| connect::fail(endpoint, &e, tls))?
        .to_bytes()
        .to_vec();
    if !(200..300).contains(&status) {
        return Err(format!("{endpoint}: {}", wire::error_text(status, &bytes)));
    }
    Ok(bytes)
}

fn decode<T: serde::de::DeserializeOwned>(
    endpoint: &str,
    bytes: Result<Vec<u8>, String>,
) -> Result<T, String> {
    serde_json::from_slice(&bytes?).map_err(|e| format!("{endpoint}: not an etcd gateway answer: {e}"))
}

/// Everything one endpoint says, its four requests at once.
pub async fn ask(endpoint: &str, tls: &Tls, timeout: Duration) -> EndpointAnswer {
    let started = Instant::now();
    // A linearizable read of a key that need not exist, as `etcdctl endpoint health` does.
    let health = async {
        let r = post(endpoint, "/v3/kv/range", r#"{"key":"aGVhbHRo"}"#, tls, timeout).await;
        r.map(|_| started.elapsed().as_millis() as u64)
    };
    let (status, members, alarms, health) = tokio::join!(
        post(endpoint, "/v3/maintenance/status", "{}", tls, timeout),
        post(endpoint, "/v3/cluster/member/list", "{}", tls, timeout),
        post(
            endpoint,
            "/v3/maintenance/alarm",
            r#"{"action":"GET"}"#,
            tls,
            timeout
        ),
        health,
    );
    EndpointAnswer {
        endpoint: endpoint.to_string(),
        status: decode(endpoint, status),
        health,
        members: decode::<wire::MemberList>(endpoint, members).map(|m| m.members),
        alarms: decode::<wire::AlarmList>(endpoint, alarms).map(|a| a.alarms),
    }
}

/// Every endpoint, concurrently.
pub async fn poll(endpoints: &[String], tls: &Tls, timeout: Duration) -> Observation {
    let answers = futures::future::join_all(endpoints.iter().map(|e| ask(e, tls, timeout))).await;
    let https = endpoints.iter().any(|e| e.starts_with("https://"));
    Observation {
        answers,
        problem: tls.config.as_ref().err().filter(|_| https).cloned(),
    }
}

/// The configured endpoints, then the members' client URLs their member
/// list names that were not among them (as `etcdctl --cluster`): one
/// poll of the whole cluster from one endpoint.
pub async fn poll_cluster(configured: &[String], files: &TlsFiles, timeout: Duration) -> Observation {
    let tls = Tls::load(files);
    let mut obs = poll(configured, &tls, timeout).await;
    let more: Vec<String> = endpoints_after(configured, &obs).split_off(configured.len());
    if !more.is_empty() {
        let extra = poll(&more, &tls, timeout).await;
        obs.answers.extend(extra.answers);
    }
    obs
}

/// The endpoints to poll next: those configured, and every member's
/// client URLs learned from the last member list (as `etcdctl --cluster`).
pub fn endpoints_after(configured: &[String], last: &Observation) -> Vec<String> {
    let mut out: Vec<String> = configured.to_vec();
    for m in last.members().unwrap_or_default() {
        // One URL per member is enough; skip members already polled.
        let known = m.client_urls.iter().any(|u| out.iter().any(|o| same(o, u)));
        if let (false, Some(u)) = (known, m.client_urls.first()) {
            out.push(u.clone());
        }
    }
    out
}

/// The same endpoint, whatever a trailing slash.
pub fn same(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
