//! The proxy against a fake API server on loopback: what passes, what is
//! refused (and never reaches the server), and that streams are flushed.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::sync::mpsc;

use super::{Deny, start};

type Seen = Arc<Mutex<Vec<String>>>;

/// A fake API server: records `METHOD path?query [its Authorization]`; a watch
/// gets one event now and a second when `release` sends.
async fn upstream(seen: Seen, release: Arc<tokio::sync::Mutex<mpsc::Receiver<()>>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let (seen, release) = (seen.clone(), release.clone());
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<Incoming>| {
                    let (seen, release) = (seen.clone(), release.clone());
                    async move {
                        let auth = req.headers().get("authorization").and_then(|v| v.to_str().ok());
                        let overridden = req.headers().get("x-http-method-override").is_some();
                        seen.lock().unwrap().push(format!(
                            "{} {} [{}]{}",
                            req.method(),
                            req.uri(),
                            auth.unwrap_or("no authorization"),
                            if overridden { " [method override]" } else { "" }
                        ));
                        let body: BoxBody<Bytes, std::convert::Infallible> =
                            if req.uri().query().is_some_and(|q| q.contains("watch=true")) {
                                let frames = futures::stream::unfold(0, move |n| {
                                    let release = release.clone();
                                    async move {
                                        match n {
                                            0 => Some((Ok(Frame::data(Bytes::from("event-1\n"))), 1)),
                                            1 => {
                                                release.lock().await.recv().await;
                                                Some((Ok(Frame::data(Bytes::from("event-2\n"))), 2))
                                            }
                                            _ => None,
                                        }
                                    }
                                });
                                BoxBody::new(StreamBody::new(frames))
                            } else {
                                BoxBody::new(Full::new(Bytes::from(r#"{"kind":"PodList","items":[]}"#)))
                            };
                        Ok::<_, std::convert::Infallible>(Response::new(body))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), service)
                    .await;
            });
        }
    });
    format!("http://{addr}")
}

const SESSION: &str = "session-token";

fn client(url: &str, token: Option<&str>) -> kube::Client {
    let mut config = kube::Config::new(url.parse().unwrap());
    if let Some(t) = token {
        config.auth_info.token = Some(t.to_string().into());
    }
    crate::kubeconfig::client(config).unwrap()
}

struct Fixture {
    seen: Seen,
    release: mpsc::Sender<()>,
    kubectl: kube::Client,
    proxy: super::Proxy,
}

async fn fixture(deny: Deny) -> Fixture {
    let seen = Seen::default();
    let (release, rx) = mpsc::channel(1);
    let url = upstream(seen.clone(), Arc::new(tokio::sync::Mutex::new(rx))).await;
    let proxy = start(client(&url, Some("the-token")), deny, SESSION.into())
        .await
        .unwrap();
    assert!(proxy.addr().ip().is_loopback());
    Fixture {
        seen,
        release,
        kubectl: client(&format!("http://{}/{SESSION}", proxy.addr()), None),
        proxy,
    }
}

async fn send(f: &Fixture, method: &str, uri: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req.body(kube::client::Body::from(b"{}".to_vec())).unwrap();
    let resp = f.kubectl.send(req).await.unwrap();
    let code = resp.status().as_u16();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (code, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn reads_pass_with_the_contexts_credentials() {
    let f = fixture(Deny::default()).await;
    let headers = [
        ("x-http-method-override", "DELETE"),
        ("authorization", "Bearer kubectls-own"),
    ];
    let (code, body) = send(&f, "GET", "/api/v1/namespaces/default/pods?limit=500", &headers).await;
    assert_eq!((code, body.as_str()), (200, r#"{"kind":"PodList","items":[]}"#));
    let review = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    assert_eq!(send(&f, "POST", review, &[]).await.0, 200);
    assert_eq!(
        *f.seen.lock().unwrap(),
        [
            "GET /api/v1/namespaces/default/pods?limit=500 [Bearer the-token]".to_string(),
            format!("POST {review} [Bearer the-token]"),
        ]
    );
}

#[tokio::test]
async fn without_the_session_token_nothing_is_served() {
    let f = fixture(Deny::default()).await;
    let url = format!("http://{}", f.proxy.addr());
    for token in [None, Some("wrong"), Some("session-token-longer")] {
        let stranger = client(&url, token);
        let req = Request::get("/api/v1/pods")
            .body(kube::client::Body::from(Vec::new()))
            .unwrap();
        let resp = stranger.send(req).await.unwrap();
        assert_eq!(resp.status().as_u16(), 401, "{token:?}");
    }
    assert!(f.seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn writes_upgrades_and_denied_reads_are_refused_with_a_status_and_never_forwarded() {
    let f = fixture(Deny { secrets: true }).await;
    let (code, body) = send(&f, "DELETE", "/api/v1/namespaces/default/pods/web", &[]).await;
    assert_eq!(code, 403);
    let status: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        status,
        serde_json::json!({
            "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": "[kubectx] readonly mode: DELETE requests are not allowed",
            "reason": "Forbidden", "code": 403,
        })
    );
    let upgrade = [("connection", "Upgrade"), ("upgrade", "websocket")];
    let (code, body) = send(
        &f,
        "GET",
        "/api/v1/namespaces/default/pods/web/exec?command=sh",
        &upgrade,
    )
    .await;
    assert_eq!(code, 403);
    assert!(
        body.contains("operations like exec, cp, and port-forward are not allowed"),
        "{body}"
    );
    let (code, body) = send(&f, "GET", "/api/v1/namespaces/default/secrets", &[]).await;
    assert_eq!(code, 403);
    assert!(
        body.contains("reading secrets is denied (--deny secrets)"),
        "{body}"
    );
    assert!(f.seen.lock().unwrap().is_empty(), "{:?}", f.seen.lock().unwrap());
}

#[tokio::test]
async fn a_watch_is_flushed_event_by_event() {
    let f = fixture(Deny::default()).await;
    let req = Request::get("/api/v1/pods?watch=true")
        .body(kube::client::Body::from(Vec::new()))
        .unwrap();
    let mut body = f.kubectl.send(req).await.unwrap().into_body();
    // The first event arrives while the server still holds the second back.
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(first, "event-1\n");
    f.release.send(()).await.unwrap();
    let second = body.frame().await.unwrap().unwrap().into_data().unwrap();
    assert_eq!(second, "event-2\n");
    assert!(body.frame().await.is_none());
}

#[tokio::test]
async fn once_stopped_the_port_is_closed() {
    let f = fixture(Deny::default()).await;
    let addr = f.proxy.addr();
    f.proxy.stop().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
