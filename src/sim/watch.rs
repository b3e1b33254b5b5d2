//! Watches: `?watch=true` streams of `{"type","object"}` lines from a
//! resourceVersion, with bookmarks, timeouts, `410 Gone` for versions that
//! were compacted away, and the scenario's watch faults.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use hyper::Response;
use serde_json::{Value, json};
use tokio::sync::mpsc::Sender;

use super::api::error_response;
use super::http::{Body, streaming};
use super::objects::api_error::ApiError;
use super::objects::field_selector::Filter;
use super::objects::resource_type::ResourceType;
use super::objects::store_watch::WatchEvent;
use super::route::{Query, ResourcePath};
use super::state::Sim;

/// How often a bookmark goes out on a quiet watch that asked for them.
const BOOKMARK_EVERY: Duration = Duration::from_secs(5);
/// A watch ends after this long unless `timeoutSeconds` says otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1800);

fn line(v: &Value) -> Bytes {
    let mut b = serde_json::to_vec(v).unwrap_or_default();
    b.push(b'\n');
    Bytes::from(b)
}

fn error_event(e: &ApiError) -> Bytes {
    line(&json!({"type": "ERROR", "object": e.to_status()}))
}

/// How events are encoded: as objects, or as one-row Tables (what `kubectl
/// get -w` asks for; the column definitions come with the first only).
#[derive(Clone)]
pub struct Encoding {
    pub table: Option<String>,
    /// How objects are converted for this resource's version (events.k8s.io
    /// Events are stored as core Events).
    pub convert: Option<fn(&Value) -> Value>,
    columns_sent: bool,
}

impl Encoding {
    pub fn new(table: bool, query: &Query) -> Self {
        Self {
            table: table.then(|| query.get("includeObject").unwrap_or("Metadata").to_string()),
            convert: None,
            columns_sent: false,
        }
    }

    fn event(&mut self, e: &WatchEvent, kind: &str, now: i64) -> Bytes {
        if self.convert.is_none() && self.table.is_none() {
            let mut b = e.to_bytes();
            b.push(b'\n');
            return Bytes::from(b);
        }
        let value = e.value();
        let converted = self.convert.map(|f| f(&value));
        let Some(include) = &self.table else {
            let obj = converted.as_ref().unwrap_or(&value);
            return line(&json!({"type": e.event_type.as_str(), "object": obj}));
        };
        let meta = json!({"resourceVersion": e.rv.to_string()});
        let obj = converted.as_ref().unwrap_or(&value);
        let mut t = super::table::table(kind, &[obj], meta, now, include);
        if self.columns_sent {
            t["columnDefinitions"] = json!([]);
        }
        self.columns_sent = true;
        line(&json!({"type": e.event_type.as_str(), "object": t}))
    }
}

pub async fn serve(
    sim: Arc<Sim>,
    rt: ResourceType,
    p: ResourcePath,
    query: &Query,
    mut enc: Encoding,
) -> Response<Body> {
    let filter = match Filter::parse(&rt, query.get("labelSelector"), query.get("fieldSelector")) {
        Ok(f) => f,
        Err(e) => return error_response(&e),
    };
    let timeout = match query.number("timeoutSeconds") {
        Ok(t) => t
            .filter(|t| *t > 0)
            .map_or(DEFAULT_TIMEOUT, |t| Duration::from_secs(t as u64)),
        Err(m) => return error_response(&ApiError::bad_request(m)),
    };
    let bookmarks = query.flag("allowWatchBookmarks");
    let initial = query.flag("sendInitialEvents");
    let rv_param = query
        .get("resourceVersion")
        .filter(|v| !v.is_empty() && *v != "0");
    let asked: Option<u64> = match rv_param.map(str::parse::<u64>) {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(_)) => {
            return error_response(&ApiError::bad_request(format!(
                "invalid resource version: {:?}",
                rv_param.unwrap_or_default()
            )));
        }
    };
    let ns = p.namespace.clone();
    let key = format!("{}/{}", rt.group, rt.plural);

    // What the watch starts with, read under one lock with the version it ends at.
    let start = sim.mutate(|w| {
        if let Some(rv) = asked
            && sim.cluster.faults.force_gone
            && !w.forced_gone.contains(&key)
        {
            w.forced_gone.push(key.clone());
            return Err(ApiError::too_old_resource_version(rv, w.store.latest_rv()));
        }
        let mut out: Vec<Bytes> = Vec::new();
        match asked {
            Some(rv) if !initial => {
                for e in w.store.events_since(&rt, ns.as_deref(), rv, &filter)? {
                    out.push(enc.event(&e, &rt.kind, w.store.now()));
                }
            }
            _ => {
                for e in w.store.initial_events(&rt, ns.as_deref(), &filter)? {
                    out.push(enc.event(&e, &rt.kind, w.store.now()));
                }
                if initial {
                    out.push(line(&w.store.bookmark(&rt, true)));
                }
            }
        }
        Ok((out, w.store.latest_rv()))
    });
    let (tx, response) = streaming("application/json");
    match start {
        Err(e) => {
            tokio::spawn(async move {
                let _ = tx.send(error_event(&e)).await;
            });
        }
        Ok((first, cursor)) => {
            tokio::spawn(stream(
                sim, rt, ns, filter, first, cursor, bookmarks, timeout, tx, enc,
            ));
        }
    }
    response
}

#[allow(clippy::too_many_arguments)]
async fn stream(
    sim: Arc<Sim>,
    rt: ResourceType,
    ns: Option<String>,
    filter: Filter,
    first: Vec<Bytes>,
    mut cursor: u64,
    bookmarks: bool,
    timeout: Duration,
    tx: Sender<Bytes>,
    mut enc: Encoding,
) {
    let mut changes = sim.subscribe();
    for b in first {
        if tx.send(b).await.is_err() {
            return;
        }
    }
    let cut = sim.cluster.faults.watch_cut_seconds.map(Duration::from_secs);
    let end = tokio::time::sleep(cut.map_or(timeout, |c| c.min(timeout)));
    tokio::pin!(end);
    let mut bookmark = tokio::time::interval(BOOKMARK_EVERY);
    bookmark.tick().await;
    loop {
        // A paused server hangs: open watches send nothing (no event, no
        // bookmark) and are not closed until the pause ends.
        tokio::select! {
            () = &mut end => {
                sim.wait_if_paused().await;
                return;
            }
            () = tx.closed() => return,
            changed = changes.changed() => {
                if changed.is_err() {
                    return;
                }
                sim.wait_if_paused().await;
                let batch = sim.read(|w| {
                    let evs = w.store.events_since(&rt, ns.as_deref(), cursor, &filter);
                    (evs, w.store.latest_rv(), w.store.now())
                });
                match batch {
                    (Ok(events), latest, now) => {
                        cursor = latest;
                        for e in events {
                            if tx.send(enc.event(&e, &rt.kind, now)).await.is_err() {
                                return;
                            }
                        }
                    }
                    (Err(e), _, _) => {
                        // Compacted past us while we were slow: the client must relist.
                        let _ = tx.send(error_event(&e)).await;
                        return;
                    }
                }
            }
            _ = bookmark.tick(), if bookmarks => {
                sim.wait_if_paused().await;
                let b = sim.read(|w| w.store.bookmark(&rt, false));
                if tx.send(line(&b)).await.is_err() {
                    return;
                }
            }
        }
    }
}
