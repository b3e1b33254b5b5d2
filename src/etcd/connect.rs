//! One HTTP/1.1 connection to an etcd endpoint (TLS or plain), and the
//! words of its failures: the endpoint first, the file when a file is the
//! cause. The one-shot requests (`client::post`) and the streamed ones
//! (`stream`) share it.

use http_body_util::Full;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;
use tokio_rustls::TlsConnector;

use super::client::{Tls, io_text};
use super::resolve::TlsFiles;

/// A request body.
pub type Body = Full<bytes::Bytes>;

/// The connection's driver: it ends with the connection's own error.
pub type Driver = JoinHandle<Result<(), hyper::Error>>;

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// The parts of an endpoint URL.
pub(super) struct Url {
    tls: bool,
    host: String,
    port: u16,
    /// A path prefix (the simulator serves several members under one port).
    prefix: String,
}

pub(super) fn parse(endpoint: &str) -> Result<Url, String> {
    let uri: http::Uri = endpoint
        .parse()
        .map_err(|e| format!("{endpoint}: not a URL: {e}"))?;
    let tls = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => false,
        _ => return Err(format!("{endpoint}: not an http:// or https:// URL")),
    };
    let host = uri
        .host()
        .ok_or_else(|| format!("{endpoint}: no host"))?
        .trim_matches(|c| c == '[' || c == ']')
        .to_string();
    Ok(Url {
        tls,
        port: uri.port_u16().unwrap_or(2379),
        host,
        prefix: uri.path().trim_end_matches('/').to_string(),
    })
}

/// What a failed TLS exchange means, in the user's words.
pub(super) fn tls_hint(text: &str, files: &TlsFiles) -> String {
    let ca = files
        .cacert
        .as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if text.contains("UnknownIssuer") || text.contains("BadSignature") {
        format!(" (is {ca} the CA that signed etcd's certificate? --etcd-cacert)")
    } else if text.contains("CertificateRequired")
        || text.contains("BadCertificate")
        || text.contains("UnknownCA")
        // A server that wants a certificate may just close the connection.
        || (files.cert.is_none() && ["not ready", "closed", "reset"].iter().any(|w| text.contains(w)))
    {
        match &files.cert {
            None => " (etcd asks for a client certificate: give --etcd-cert and --etcd-key)".into(),
            Some(c) => format!(" (etcd refused the client certificate {})", c.display()),
        }
    } else {
        String::new()
    }
}

fn err_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(inner) = cur {
        let t = inner.to_string();
        if !s.contains(&t) {
            s = format!("{s}: {t}");
        }
        cur = inner.source();
    }
    s
}

/// The text of a failed exchange: the endpoint, the error chain, a hint.
pub fn fail(endpoint: &str, e: &(dyn std::error::Error + 'static), tls: &Tls) -> String {
    let text = err_chain(e);
    format!("{endpoint}: {text}{}", tls_hint(&text, &tls.files))
}

/// A request that failed to send: the connection's own error says why (a
/// TLS alert: no client certificate), else the request's.
pub async fn failed(endpoint: &str, e: hyper::Error, mut driver: Driver, tls: &Tls) -> String {
    let text = match (&mut driver).await {
        Ok(Err(conn)) => fail(endpoint, &conn, tls),
        _ => fail(endpoint, &e, tls),
    };
    driver.abort();
    text
}

/// `POST {prefix}{path}` with a JSON body, for `endpoint`.
pub fn request(endpoint: &str, path: &str, body: &str) -> Result<http::Request<Body>, String> {
    let url = parse(endpoint)?;
    http::Request::post(format!("{}{path}", url.prefix))
        .header(http::header::HOST, format!("{}:{}", url.host, url.port))
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(Full::new(bytes::Bytes::from(body.to_string())))
        .map_err(|e| format!("{endpoint}: {e}"))
}

/// Connects to `endpoint` (TLS when `https://`): a sender and its driver,
/// which the caller aborts when done (dropping the sender ends it too).
pub async fn open(endpoint: &str, tls: &Tls) -> Result<(SendRequest<Body>, Driver), String> {
    let url = parse(endpoint)?;
    let tcp = TcpStream::connect((url.host.as_str(), url.port))
        .await
        .map_err(|e| format!("{endpoint}: cannot connect: {}", io_text(&e)))?;
    let io: Box<dyn Io> = if url.tls {
        let config = tls.config.clone().map_err(|e| format!("{endpoint}: {e}"))?;
        let name = match url.host.parse::<std::net::IpAddr>() {
            Ok(ip) => ServerName::IpAddress(ip.into()),
            Err(_) => {
                ServerName::try_from(url.host.clone()).map_err(|_| format!("{endpoint}: bad host name"))?
            }
        };
        let stream = TlsConnector::from(config).connect(name, tcp).await.map_err(|e| {
            let text = format!("TLS handshake failed: {}", io_text(&e));
            format!("{endpoint}: {text}{}", tls_hint(&text, &tls.files))
        })?;
        Box::new(stream)
    } else {
        Box::new(tcp)
    };
    let (sender, conn) = hyper::client::conn::http1::handshake::<_, Body>(TokioIo::new(io))
        .await
        .map_err(|e| fail(endpoint, &e, tls))?;
    Ok((sender, tokio::spawn(conn)))
}
