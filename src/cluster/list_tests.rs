//! A list against a scripted server: a failed page is retried alone; a
//! list whose continue token expired (410) starts over; a kind still
//! failing at the deadline is left unreachable with why.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use kube::api::Api;
use tokio::net::TcpListener;

use super::*;
use crate::cluster::slim::namespace::SlimNamespace;

/// One answer: status and body.
type Answer = (u16, String);

fn page(names: &[&str], cont: Option<&str>) -> Answer {
    let items: Vec<serde_json::Value> = names
        .iter()
        .map(|n| serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}}))
        .collect();
    let body = serde_json::json!({
        "apiVersion": "v1", "kind": "NamespaceList",
        "metadata": {"continue": cont.unwrap_or("")},
        "items": items,
    });
    (200, body.to_string())
}

fn status(code: u16, reason: &str) -> Answer {
    let body = serde_json::json!({
        "apiVersion": "v1", "kind": "Status", "status": "Failure",
        "code": code, "reason": reason, "message": format!("scripted {reason}"),
    });
    (code, body.to_string())
}

/// Serves `script` in order (the last answer again when it runs out) and
/// records each request's `continue` parameter.
async fn scripted(script: Vec<Answer>) -> (kube::Client, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (script, log) = (Arc::new(Mutex::new(script.into_iter())), seen.clone());
    let last = Arc::new(Mutex::new(status(500, "InternalError")));
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (script, log, last) = (script.clone(), log.clone(), last.clone());
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<hyper::body::Incoming>| {
                    let query = req.uri().query().unwrap_or("").to_string();
                    let cont = query
                        .split('&')
                        .find_map(|p| p.strip_prefix("continue="))
                        .unwrap_or("")
                        .to_string();
                    log.lock().unwrap().push(cont);
                    let next = script.lock().unwrap().next();
                    let (code, body) = match next {
                        Some(a) => {
                            *last.lock().unwrap() = a.clone();
                            a
                        }
                        None => last.lock().unwrap().clone(),
                    };
                    let resp = Response::builder()
                        .status(code)
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from(body)))
                        .unwrap();
                    async move { Ok::<_, std::convert::Infallible>(resp) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(tcp), service)
                    .await;
            });
        }
    });
    let config = kube::Config::new(url.parse().unwrap());
    (crate::cluster::client(config).unwrap(), seen)
}

async fn list(client: kube::Client, total: Duration) -> Vec<Event> {
    let api: Api<SlimNamespace> = Api::all(client);
    let name = |o: &SlimNamespace| o.metadata.name.clone().unwrap_or_default();
    let budget = Budget::new(Duration::from_secs(5), total);
    list_kind(
        api,
        (None, None),
        Kind::Namespaces,
        name,
        Event::Namespace,
        budget,
    )
    .await
}

fn names(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Namespace(Delta::InitApply(k, _)) => Some(k.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_failed_page_is_retried_alone() {
    let (client, seen) = scripted(vec![
        page(&["a"], Some("c1")),
        status(503, "ServiceUnavailable"),
        status(429, "TooManyRequests"),
        page(&["b"], None),
    ])
    .await;
    let events = list(client, Duration::from_secs(20)).await;
    assert_eq!(names(&events), ["a", "b"]);
    assert!(matches!(events.last(), Some(Event::Namespace(Delta::InitDone))));
    assert_eq!(*seen.lock().unwrap(), ["", "c1", "c1", "c1"]);
}

#[tokio::test]
async fn an_expired_continue_token_starts_the_list_over() {
    let (client, seen) = scripted(vec![
        page(&["a"], Some("c1")),
        status(410, "Expired"),
        page(&["a"], Some("c2")),
        page(&["b"], None),
    ])
    .await;
    let events = list(client, Duration::from_secs(20)).await;
    assert_eq!(
        names(&events),
        ["a", "b"],
        "the first try's page is not kept twice"
    );
    assert_eq!(*seen.lock().unwrap(), ["", "c1", "", "c2"]);
}

#[tokio::test]
async fn a_kind_still_failing_at_the_deadline_is_unreachable_with_why() {
    let (client, seen) = scripted(vec![status(500, "InternalError")]).await;
    let events = list(client, Duration::from_secs(2)).await;
    let [Event::Namespace(Delta::State(SyncState::Unreachable { reason }))] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert!(reason.contains("gave up after"), "{reason}");
    assert!(seen.lock().unwrap().len() > 1, "it was retried");
    // Forbidden is not retried, and says so.
    let (client, seen) = scripted(vec![status(403, "Forbidden")]).await;
    let events = list(client, Duration::from_secs(20)).await;
    assert!(matches!(
        events.as_slice(),
        [Event::Namespace(Delta::State(SyncState::Forbidden { .. }))]
    ));
    assert_eq!(seen.lock().unwrap().len(), 1);
}
