//! The sim's event recorder: what the components write to the API when
//! something happens, repeats folded into one Event as client-go's
//! correlator (legacy: `count`, `lastTimestamp`) and the `events.k8s.io`
//! recorder (`series`) fold them.

use std::collections::HashMap;

use serde_json::Value;

use super::events::{self, Report, Reporter};
use super::objects::patch::PatchType;
use super::objects::resource_type::ResourceType;
use super::objects::store::Store;
use super::scenarios::sim_time::{format_rfc3339, format_rfc3339_micro, parse_rfc3339};

/// How long an Event lives after its last write (kube-apiserver's `--event-ttl`).
pub const EVENT_TTL_SECONDS: i64 = 3600;

/// When an Event was last written (its last occurrence).
fn last_written(e: &Value) -> Option<i64> {
    [
        "/series/lastObservedTime",
        "/lastTimestamp",
        "/eventTime",
        "/metadata/creationTimestamp",
    ]
    .iter()
    .filter_map(|p| e.pointer(p).and_then(Value::as_str))
    .filter_map(|t| parse_rfc3339(t).ok())
    .max()
}

/// namespace, involved object (uid, else kind/name), field path, type, reason, message.
type Key = (String, String, String, String, String, String);

#[derive(Debug, Default)]
pub struct Recorder {
    /// Event name per key, for the repeats.
    index: HashMap<Key, String>,
    seq: u64,
}

fn key_of_event(e: &Value) -> Option<Key> {
    let io = e.get("involvedObject")?;
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let who = match s(io, "uid") {
        u if !u.is_empty() => u,
        _ => format!("{}/{}", s(io, "kind"), s(io, "name")),
    };
    Some((
        e.pointer("/metadata/namespace")?.as_str()?.to_string(),
        who,
        s(io, "fieldPath"),
        s(e, "type"),
        s(e, "reason"),
        s(e, "message"),
    ))
}

fn rt(store: &Store) -> Option<ResourceType> {
    store.find_resource("", "events").cloned()
}

impl Recorder {
    /// Indexes the events already in the store (the scenario's), so that
    /// repeats of them count up rather than start over.
    pub fn adopt(&mut self, store: &Store) {
        let Some(rt) = rt(store) else {
            return;
        };
        let Ok(it) = store.objects(&rt, None) else {
            return;
        };
        for e in it {
            let e: &Value = &e;
            if let (Some(k), Some(name)) = (
                key_of_event(e),
                e.pointer("/metadata/name").and_then(Value::as_str),
            ) {
                self.index.insert(k, name.to_string());
            }
        }
    }

    /// Records `report` about `involved` by `by` at the store's clock: a new
    /// Event, or one more occurrence of the same one.
    pub fn record(&mut self, store: &mut Store, involved: &Value, report: &Report, by: &Reporter) {
        let Some(rt) = rt(store) else {
            return;
        };
        let now = store.now();
        let (stamp, micro) = (format_rfc3339(now), format_rfc3339_micro(now));
        self.seq += 1;
        let object_name = involved
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("unknown");
        let name = format!("{object_name}.{:x}", (now as u64) * 1_000_000_000 + self.seq);
        let fresh = events::new_event(&name, involved, report, by, &stamp, &micro);
        let Some(key) = key_of_event(&fresh) else {
            return;
        };
        let ns = key.0.clone();
        if let Some(existing) = self.index.get(&key)
            && let Ok(old) = store.get(&rt, Some(&ns), existing)
        {
            let patch = events::repeat_patch(&old, &stamp, &micro);
            let existing = existing.clone();
            let _ = store.patch_value(&rt, Some(&ns), &existing, PatchType::Merge, &patch);
            return;
        }
        if store.create(&rt, Some(&ns), fresh).is_ok() {
            self.index.insert(key, name);
        }
    }

    /// Drops the Events not written for [`EVENT_TTL_SECONDS`], as their etcd
    /// lease runs out on a real cluster.
    pub fn expire(&mut self, store: &mut Store) {
        let Some(rt) = rt(store) else {
            return;
        };
        let cutoff = store.now() - EVENT_TTL_SECONDS;
        let old: Vec<(String, String)> = match store.objects(&rt, None) {
            Ok(it) => it
                .filter(|e| last_written(e).is_some_and(|t| t < cutoff))
                .filter_map(|e| {
                    Some((
                        e.pointer("/metadata/namespace")?.as_str()?.to_string(),
                        e.pointer("/metadata/name")?.as_str()?.to_string(),
                    ))
                })
                .collect(),
            Err(_) => return,
        };
        for (ns, name) in &old {
            let _ = store.remove(&rt, Some(ns), name);
        }
        if !old.is_empty() {
            let gone: std::collections::HashSet<&str> = old.iter().map(|(_, n)| n.as_str()).collect();
            self.index.retain(|_, name| !gone.contains(name.as_str()));
        }
    }
}
