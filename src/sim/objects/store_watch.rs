//! The watch side of the store: a bounded, resourceVersion-ordered event log,
//! selector-aware event replay (as the apiserver's watch cache does it), 410 Gone
//! for compacted history, and bookmarks.

use std::collections::VecDeque;
use std::sync::Arc;

use serde::Serialize;
use serde_json::{Value, json};

use super::api_error::ApiError;
use super::field_selector::Filter;
use super::object_meta::{meta_str, set_meta};
use super::store::{ResourceType, Store, key_range};

/// Watch event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    /// `ADDED`.
    Added,
    /// `MODIFIED`.
    Modified,
    /// `DELETED`.
    Deleted,
}

impl EventType {
    /// The wire name (`ADDED`, `MODIFIED`, `DELETED`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// One event as a watcher receives it.
#[derive(Debug, Clone, PartialEq)]
pub struct WatchEvent {
    /// ADDED / MODIFIED / DELETED, after selector transitions.
    pub event_type: EventType,
    /// The resourceVersion of the write that produced it.
    pub rv: u64,
    /// The object (its `metadata.resourceVersion` is `rv`).
    pub object: Arc<Value>,
}

#[derive(Serialize)]
struct Wire<'a> {
    #[serde(rename = "type")]
    event_type: &'static str,
    object: &'a Value,
}

impl WatchEvent {
    /// `{"type":"ADDED","object":{...}}` as a value.
    pub fn to_json(&self) -> Value {
        json!({"type": self.event_type.as_str(), "object": &*self.object})
    }

    /// The same serialized (no trailing newline), without copying the object.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&Wire {
            event_type: self.event_type.as_str(),
            object: &self.object,
        })
        .unwrap_or_default()
    }
}

struct LoggedEvent {
    rv: u64,
    type_idx: usize,
    event_type: EventType,
    object: Arc<Value>,
    /// The state before a MODIFIED write, for selector transitions.
    prev: Option<Arc<Value>>,
}

/// The bounded event history. Events with rv <= `compacted_rv` are gone.
/// `storage_compacted_rv` is the point an explicit compaction (etcd's) moved
/// to: list `continue` tokens expire only with that, not when the watch
/// history merely overflows (a long paginated list must not fail because
/// leases were renewed meanwhile).
pub(super) struct EventLog {
    events: VecDeque<LoggedEvent>,
    capacity: usize,
    compacted_rv: u64,
    storage_compacted_rv: u64,
}

impl EventLog {
    pub(super) fn new(capacity: usize) -> Self {
        EventLog {
            events: VecDeque::new(),
            capacity: capacity.max(1),
            compacted_rv: 0,
            storage_compacted_rv: 0,
        }
    }

    /// Forgets events with rv <= `rv`.
    pub(super) fn compact(&mut self, rv: u64) {
        while self.events.front().is_some_and(|e| e.rv <= rv) {
            self.events.pop_front();
        }
        self.compacted_rv = self.compacted_rv.max(rv);
        self.storage_compacted_rv = self.storage_compacted_rv.max(rv);
    }

    fn push(&mut self, ev: LoggedEvent) {
        self.events.push_back(ev);
        while self.events.len() > self.capacity {
            if let Some(old) = self.events.pop_front() {
                self.compacted_rv = self.compacted_rv.max(old.rv);
            }
        }
    }
}

impl Store {
    /// Appends an event for the write that produced `object` (at the current rv).
    pub(super) fn record(
        &mut self,
        type_idx: usize,
        event_type: EventType,
        object: Arc<Value>,
        prev: Option<Arc<Value>>,
    ) {
        let rv = self.rv;
        self.log.push(LoggedEvent {
            rv,
            type_idx,
            event_type,
            object,
            prev,
        });
    }

    /// Sets how many events are kept (older ones are compacted away, at least 1).
    pub fn set_event_capacity(&mut self, capacity: usize) {
        self.log.capacity = capacity.max(1);
        let excess = self.log.events.len().saturating_sub(self.log.capacity);
        if excess > 0
            && let Some(rv) = self.log.events.get(excess - 1).map(|e| e.rv)
        {
            self.log.compact(rv);
        }
    }

    /// Drops history up to and including `keep_after_rv` (capped at the latest rv):
    /// watching from an older version then answers 410 Expired, and older
    /// `continue` tokens expire.
    pub fn compact(&mut self, keep_after_rv: u64) {
        self.log.compact(keep_after_rv.min(self.rv));
    }

    /// The compaction point: history at or below it is gone.
    pub fn compacted_rv(&self) -> u64 {
        self.log.compacted_rv
    }

    /// The storage compaction point: `continue` tokens older than it expire.
    pub fn storage_compacted_rv(&self) -> u64 {
        self.log.storage_compacted_rv
    }

    /// Events of type `rt` after `rv` (exclusive), in order, restricted to
    /// `namespace` and `filter`. With selectors, an object modified into the
    /// selection arrives as ADDED and one modified out of it as DELETED (carrying
    /// its previous state), as the real watch cache does. `rv` older than the
    /// compaction point is 410 Expired `too old resource version: rv (compacted)`.
    ///
    /// A watch without a resourceVersion or with `"0"` should be served as
    /// [`Store::initial_events`] followed by `events_since(latest_rv())`.
    pub fn events_since(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
        rv: u64,
        filter: &Filter,
    ) -> Result<Vec<WatchEvent>, ApiError> {
        let idx = self.type_index(rt)?;
        if rv < self.log.compacted_rv {
            return Err(ApiError::too_old_resource_version(rv, self.log.compacted_rv));
        }
        let ns = namespace.filter(|_| rt.namespaced);
        let start = self.log.events.partition_point(|e| e.rv <= rv);
        let mut out = Vec::new();
        for ev in self.log.events.range(start..) {
            if ev.type_idx != idx || ns.is_some_and(|n| meta_str(&ev.object, "namespace") != Some(n)) {
                continue;
            }
            if let Some(w) = transition(ev, filter) {
                out.push(w);
            }
        }
        Ok(out)
    }

    /// Synthetic ADDED events for every current object matching (what a watch from
    /// rv "0" or with `sendInitialEvents=true` starts with), in key order.
    pub fn initial_events(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
        filter: &Filter,
    ) -> Result<Vec<WatchEvent>, ApiError> {
        let idx = self.type_index(rt)?;
        let range = key_range(rt, namespace);
        Ok(self
            .entry(idx)
            .into_iter()
            .flat_map(|t| t.objects.range(range.clone()))
            .filter(|(_, o)| filter.matches(o))
            .map(|(_, o)| WatchEvent {
                event_type: EventType::Added,
                rv: rv_of(o),
                object: Arc::clone(o),
            })
            .collect())
    }

    /// A BOOKMARK event at the latest resourceVersion; with `initial_events_end`
    /// it carries the `k8s.io/initial-events-end: "true"` annotation that ends the
    /// initial events of a `sendInitialEvents` watch.
    pub fn bookmark(&self, rt: &ResourceType, initial_events_end: bool) -> Value {
        let mut metadata = json!({"resourceVersion": self.rv.to_string()});
        if initial_events_end && let Value::Object(m) = &mut metadata {
            m.insert(
                "annotations".to_string(),
                json!({"k8s.io/initial-events-end": "true"}),
            );
        }
        json!({
            "type": "BOOKMARK",
            "object": {"kind": rt.kind, "apiVersion": rt.api_version(), "metadata": metadata}
        })
    }
}

fn rv_of(obj: &Value) -> u64 {
    meta_str(obj, "resourceVersion")
        .and_then(|s| s.parse().ok())
        .unwrap_or_default()
}

fn transition(ev: &LoggedEvent, filter: &Filter) -> Option<WatchEvent> {
    let emit = |event_type, object: &Arc<Value>| WatchEvent {
        event_type,
        rv: ev.rv,
        object: Arc::clone(object),
    };
    if filter.is_everything() {
        return Some(emit(ev.event_type, &ev.object));
    }
    let now_in = filter.matches(&ev.object);
    match ev.event_type {
        EventType::Added | EventType::Deleted => now_in.then(|| emit(ev.event_type, &ev.object)),
        EventType::Modified => {
            let was_in = ev.prev.as_ref().is_some_and(|p| filter.matches(p));
            match (was_in, now_in) {
                (true, true) => Some(emit(EventType::Modified, &ev.object)),
                (false, true) => Some(emit(EventType::Added, &ev.object)),
                (true, false) => {
                    let mut old = ev.prev.as_deref().cloned().unwrap_or_default();
                    set_meta(&mut old, "resourceVersion", Value::String(ev.rv.to_string()));
                    Some(WatchEvent {
                        event_type: EventType::Deleted,
                        rv: ev.rv,
                        object: Arc::new(old),
                    })
                }
                (false, false) => None,
            }
        }
    }
}

#[cfg(test)]
#[path = "store_watch_tests.rs"]
mod tests;
