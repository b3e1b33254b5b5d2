use std::net::SocketAddr;

use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

use super::*;
use crate::certs::test_support::{DAY, Made, dns, intermediate, leaf, now, root};

const SECOND: Duration = Duration::from_secs(1);

#[tokio::test(flavor = "multi_thread")]
async fn reads_the_simulated_api_servers_chain() {
    let scenario = crate::sim::scenarios::builtin::load("demo").unwrap();
    let sim = crate::sim::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let url = sim.kube_config().await.unwrap().cluster_url.to_string();
    let found = fetch_chain(&url, 10 * SECOND).await;
    assert_eq!(found.len(), 2, "{found:?}");
    let leaf = &found[0];
    assert_eq!(
        (leaf.origin, leaf.name.as_str(), leaf.location.as_str(), leaf.ca),
        (Origin::Serving, LEAF_NAME, url.as_str(), false)
    );
    let info = leaf.cert.as_ref().unwrap();
    let left = info.not_after - now();
    assert!((left - 10 * DAY).abs() < 3600, "{left} seconds left");
    assert!(info.sans.iter().any(|s| s == "DNS:localhost"), "{:?}", info.sans);
    assert!(info.sans.iter().any(|s| s == "IP:127.0.0.1"), "{:?}", info.sans);
    assert_eq!(info.common_name.as_deref(), Some("kube-apiserver"));
    let ca = &found[1];
    assert_eq!((ca.name.as_str(), ca.ca), ("serving chain 2/2", true));
    assert_eq!(ca.cert.as_ref().unwrap().subject, info.issuer);
}

/// A TLS server presenting `chain` (leaf first) on loopback, for a few connections.
async fn tls_server(chain: &[&Made], key: &Made) -> SocketAddr {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let certs = chain
        .iter()
        .map(|m| CertificateDer::from(m.der.clone()))
        .collect();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.key_der.clone()));
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                if let Ok(mut s) = acceptor.accept(tcp).await {
                    let mut buf = [0u8; 64];
                    let _ = s.read(&mut buf).await;
                }
            });
        }
    });
    addr
}

#[tokio::test(flavor = "multi_thread")]
async fn a_longer_chain_expired_leaf_and_dns_sni() {
    let t = now();
    let r = root("root-ca", (t - 900 * DAY, t + 900 * DAY));
    let mid = intermediate(&r, "intermediate-ca", (t - 400 * DAY, t + 400 * DAY));
    let l = leaf(
        &mid,
        "api.example",
        None,
        vec![dns("localhost")],
        (t - 100 * DAY, t - DAY),
        77,
    );
    let addr = tls_server(&[&l, &mid.cert, &r.cert], &l).await;
    let url = format!("https://localhost:{}/", addr.port());
    let found = fetch_chain(&url, 10 * SECOND).await;
    let names: Vec<_> = found.iter().map(|f| (f.name.as_str(), f.ca)).collect();
    assert_eq!(
        names,
        [
            (LEAF_NAME, false),
            ("serving chain 2/3", true),
            ("serving chain 3/3", true)
        ]
    );
    let info = found[0].cert.as_ref().unwrap();
    assert_eq!((info.not_after, info.serial.as_str()), (t - DAY, "4d"));
    assert_eq!(
        found[2].cert.as_ref().unwrap().common_name.as_deref(),
        Some("root-ca")
    );
    assert!(found.iter().all(|f| f.location == url));
}

fn only_error(found: &[FoundCert]) -> &str {
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].name.as_str(), found[0].origin),
        (LEAF_NAME, Origin::Serving)
    );
    found[0].cert.as_ref().unwrap_err()
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_is_a_clear_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let found = fetch_chain(&format!("https://127.0.0.1:{port}"), 5 * SECOND).await;
    assert_eq!(
        only_error(&found),
        format!("cannot connect to 127.0.0.1:{port}: Connection refused")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_server_times_out() {
    // Accepted by the kernel's backlog, never answered.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let found = fetch_chain(&format!("https://127.0.0.1:{port}"), Duration::from_millis(300)).await;
    assert_eq!(
        only_error(&found),
        format!("no TLS handshake with 127.0.0.1:{port} within 300ms")
    );
    drop(listener);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_plain_http_server_is_not_tls() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        if let Ok((mut tcp, _)) = listener.accept().await {
            let _ = tcp.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
        }
    });
    let found = fetch_chain(&format!("https://127.0.0.1:{port}"), 5 * SECOND).await;
    let e = only_error(&found);
    assert!(
        e.starts_with(&format!("TLS handshake with 127.0.0.1:{port} failed: ")),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_urls() {
    let e = |u: &'static str| async move { only_error(&fetch_chain(u, SECOND).await).to_string() };
    assert_eq!(
        e("http://127.0.0.1:6443").await,
        "http://127.0.0.1:6443 is not an https URL (scheme http)"
    );
    assert_eq!(
        e("127.0.0.1:6443").await,
        "\"127.0.0.1:6443\" is not an https URL (no https://)"
    );
    assert!(e("https://exa mple").await.contains("is not a URL"));
    assert!(e("").await.contains("is not a URL"));
    assert_eq!(e("https://h:99999").await, "https://h:99999: bad port \"99999\"");
    let unresolvable = e("https://no-such-host.invalid:6443").await;
    assert!(
        unresolvable.starts_with("cannot connect to no-such-host.invalid:6443: "),
        "{unresolvable}"
    );
}

#[test]
fn targets() {
    let t = Target::parse("https://[::1]:6443/").unwrap();
    assert_eq!(
        (t.host.as_str(), t.port, t.authority()),
        ("::1", 6443, "[::1]:6443".to_string())
    );
    assert!(matches!(t.server_name().unwrap(), ServerName::IpAddress(_)));
    let t = Target::parse("https://kube.example.com").unwrap();
    assert_eq!((t.host.as_str(), t.port), ("kube.example.com", 443));
    assert!(matches!(t.server_name().unwrap(), ServerName::DnsName(_)));
    assert_eq!(
        Target::parse("https://[fd00::1]").unwrap().authority(),
        "[fd00::1]:443"
    );
    assert_eq!(Target::parse("https://u@h:8443").unwrap().port, 8443);
    let t = Target::parse(" https://10.0.0.1:443/api?x=1 ").unwrap();
    assert_eq!(t.authority(), "10.0.0.1:443");
    let bad = Target {
        host: "bad_name!".into(),
        port: 1,
    };
    assert_eq!(
        bad.server_name().unwrap_err(),
        "bad_name! is not a valid host name"
    );
}

#[test]
fn entries_name_the_chain_and_keep_bad_certificates() {
    let t = now();
    let r = root("root", (t - DAY, t + DAY));
    let chain = vec![
        CertificateDer::from(b"junk".to_vec()),
        CertificateDer::from(r.cert.der.clone()),
    ];
    let found = entries("https://x", &chain);
    assert!(
        found[0]
            .cert
            .as_ref()
            .unwrap_err()
            .starts_with("not a valid X.509 certificate")
    );
    assert_eq!((found[1].name.as_str(), found[1].ca), ("serving chain 2/2", true));
}
