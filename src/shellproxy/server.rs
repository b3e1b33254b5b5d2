//! The loopback server: accepts kubectl's plain-HTTP requests on
//! 127.0.0.1, refuses what [`decide`] refuses with a Kubernetes `Status`,
//! and forwards the rest through kon's client for the context (which
//! authenticates with its certificates, tokens or exec plugin), streaming
//! the answer back chunk by chunk.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Request, Response, header};
use http_body_util::{BodyExt, Full, Limited, StreamBody, combinators::UnsyncBoxBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use super::decide::{Deny, Verdict, decide, is_stream, is_upgrade};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Body = UnsyncBoxBody<Bytes, BoxError>;

/// How long a request that is not a stream may wait for the answer's
/// headers, and then for each piece of its body (a slow but moving LIST of
/// a large cluster is not cut).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);
/// The largest request body forwarded (reviews are small).
const MAX_BODY: usize = 1 << 20;

/// Headers that belong to one connection, never forwarded either way.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
];

/// Headers some servers and proxies read as another method: never forwarded
/// (the decision was made on the request's own method).
const METHOD_OVERRIDES: &[&str] = &["x-http-method-override", "x-http-method", "x-method-override"];

/// A running proxy; it stops (its connections too) when dropped.
pub struct Proxy {
    addr: SocketAddr,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Proxy {
    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops it and waits until its port is closed.
    pub async fn stop(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        // Aborting the accept task drops its JoinSet: every connection ends.
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// Starts the proxy on a random loopback port, forwarding through `client`.
/// Only requests under `/TOKEN/` are served (the shell's kubeconfig, mode
/// 0600, has it in its server URL; kubectl sends no credentials over plain
/// HTTP): another local user cannot borrow the context's credentials
/// through the port.
pub async fn start(client: kube::Client, deny: Deny, token: String) -> std::io::Result<Proxy> {
    let expected: std::sync::Arc<str> = format!("/{token}").into();
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        // Dropped with this task: every connection ends with the proxy.
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((tcp, _)) = accepted else { continue };
                    let (client, expected) = (client.clone(), expected.clone());
                    connections.spawn(async move {
                        let service = service_fn(move |req: Request<Incoming>| {
                            let (client, expected) = (client.clone(), expected.clone());
                            async move {
                                match under(req, &expected) {
                                    Some(req) => Ok::<_, Infallible>(handle(client, deny, req).await),
                                    None => Ok(status(401, "Unauthorized", "Unauthorized")),
                                }
                            }
                        });
                        let _ = http1::Builder::new()
                            .keep_alive(true)
                            .serve_connection(TokioIo::new(tcp), service)
                            .await;
                    });
                }
                Some(_) = connections.join_next() => {}
            }
        }
    });
    Ok(Proxy {
        addr,
        task: Some(task),
    })
}

/// The request with `prefix` (`/TOKEN`) taken off its path; `None` when
/// the path is not under it (compared in constant time).
fn under(mut req: Request<Incoming>, prefix: &str) -> Option<Request<Incoming>> {
    let pq = req.uri().path_and_query()?.as_str();
    let head = pq.as_bytes().get(..prefix.len())?;
    let same = head
        .iter()
        .zip(prefix.as_bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0;
    let rest = &pq[prefix.len()..];
    if !same || !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('?')) {
        return None;
    }
    let rest = if rest.starts_with('/') {
        rest.to_string()
    } else {
        format!("/{rest}")
    };
    *req.uri_mut() = rest.parse().ok()?;
    Some(req)
}

async fn handle(client: kube::Client, deny: Deny, req: Request<Incoming>) -> Response<Body> {
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").to_string();
    let headers = req.headers();
    let upgrade = is_upgrade(
        headers.get_all(header::UPGRADE).iter().map(|v| v.as_bytes()),
        headers.get_all(header::CONNECTION).iter().map(|v| v.as_bytes()),
    );
    match decide(req.method().as_str(), &path, &query, upgrade, &deny) {
        Verdict::Refuse(why) => {
            tracing::info!(method = %req.method(), %path, %why, "read-only shell refused");
            refusal(&why)
        }
        Verdict::Forward => {
            let stream = is_stream(&path, &query);
            match forward(&client, req, stream).await {
                Ok(r) => r,
                Err(e) => status(
                    503,
                    "ServiceUnavailable",
                    &format!("[kubectx] readonly mode: {e}"),
                ),
            }
        }
    }
}

async fn forward(
    client: &kube::Client,
    req: Request<Incoming>,
    stream: bool,
) -> Result<Response<Body>, String> {
    let (parts, body) = req.into_parts();
    let body = Limited::new(body, MAX_BODY)
        .collect()
        .await
        .map_err(|e| format!("reading the request body: {e}"))?
        .to_bytes();
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut upstream = Request::builder()
        .method(parts.method.clone())
        .uri(target)
        .body(kube::client::Body::from(body))
        .map_err(|e| e.to_string())?;
    *upstream.headers_mut() = end_to_end(&parts.headers);
    for h in METHOD_OVERRIDES
        .iter()
        .chain(&["authorization", "content-length"])
    {
        upstream.headers_mut().remove(*h);
    }
    let sent = client.send(upstream);
    let response = if stream {
        sent.await
    } else {
        tokio::time::timeout(REQUEST_TIMEOUT, sent).await.map_err(|_| {
            format!(
                "the API server did not answer within {}s",
                REQUEST_TIMEOUT.as_secs()
            )
        })?
    }
    .map_err(|e| crate::errors::chain(&e))?;
    let (mut parts, body) = response.into_parts();
    parts.headers = end_to_end(&parts.headers);
    let frames = futures::stream::unfold(Some(body), move |body| async move {
        let mut body = body?;
        let next = if stream {
            body.frame().await
        } else {
            match tokio::time::timeout(REQUEST_TIMEOUT, body.frame()).await {
                Ok(next) => next,
                Err(_) => return Some((Err(BoxError::from("the API server's answer timed out")), None)),
            }
        };
        match next? {
            Ok(frame) => Some((Ok::<Frame<Bytes>, BoxError>(frame), Some(body))),
            Err(e) => Some((Err(BoxError::from(e.to_string())), None)),
        }
    });
    Ok(Response::from_parts(
        parts,
        UnsyncBoxBody::new(StreamBody::new(frames)),
    ))
}

fn end_to_end(headers: &HeaderMap) -> HeaderMap {
    let mut out = headers.clone();
    for h in HOP_BY_HOP {
        out.remove(*h);
    }
    out
}

/// The refusal, as upstream words it, in a `Status` kubectl prints as
/// `Error from server (Forbidden): [kubectx] readonly mode: …`.
pub fn refusal(why: &str) -> Response<Body> {
    status(403, "Forbidden", &format!("[kubectx] readonly mode: {why}"))
}

fn status(code: u16, reason: &str, message: &str) -> Response<Body> {
    let body = serde_json::json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    });
    let bytes = Bytes::from(body.to_string());
    let full = Full::new(bytes).map_err(|never: Infallible| match never {});
    let mut r = Response::new(UnsyncBoxBody::new(full));
    *r.status_mut() = http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::FORBIDDEN);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    r
}
