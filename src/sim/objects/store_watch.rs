//! The watch side of the store: a bounded, resourceVersion-ordered event log,
//! selector-aware event replay (as the apiserver's watch cache does it), 410 Gone
//! for compacted history, and bookmarks.

use std::collections::VecDeque;
use std::sync::Arc;

use serde_json::{Value, json};

use super::api_error::ApiError;
use super::field_selector::Filter;
use super::object_meta::set_meta;
use super::store::{ResourceType, Store, key_range};
use super::stored::Stored;

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
    /// The object (its `metadata.resourceVersion` is `rv`), as stored.
    pub object: Arc<Stored>,
}

impl WatchEvent {
    /// The object decoded.
    pub fn value(&self) -> Value {
        self.object.value()
    }

    /// `{"type":"ADDED","object":{...}}` as a value.
    pub fn to_json(&self) -> Value {
        json!({"type": self.event_type.as_str(), "object": self.value()})
    }

    /// The same serialized (no trailing newline): the stored JSON spliced
    /// into the envelope, nothing decoded.
    pub fn to_bytes(&self) -> Vec<u8> {
        let (kind, json) = (self.event_type.as_str(), self.object.json());
        let mut out = Vec::with_capacity(json.len() + 32);
        out.extend_from_slice(b"{\"type\":\"");
        out.extend_from_slice(kind.as_bytes());
        out.extend_from_slice(b"\",\"object\":");
        out.extend_from_slice(json.as_bytes());
        out.push(b'}');
        out
    }
}

struct LoggedEvent {
    rv: u64,
    type_idx: usize,
    /// The object's namespace ("" when cluster-scoped), for namespaced watches.
    namespace: Box<str>,
    event_type: EventType,
    object: Arc<Stored>,
    /// The state before a MODIFIED write, for selector transitions.
    prev: Option<Arc<Stored>>,
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
    /// Appends an event for the write that produced `object` (at the current
    /// rv), stored under `key`.
    pub(super) fn record(
        &mut self,
        type_idx: usize,
        key: &str,
        event_type: EventType,
        object: Arc<Stored>,
        prev: Option<Arc<Stored>>,
    ) {
        let rv = self.rv;
        let namespaced = self.entry(type_idx).is_some_and(|t| t.rt.namespaced);
        let namespace = match key.split_once('/') {
            Some((ns, _)) if namespaced => ns,
            _ => "",
        };
        self.log.push(LoggedEvent {
            rv,
            type_idx,
            namespace: namespace.into(),
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
            if ev.type_idx != idx || ns.is_some_and(|n| *ev.namespace != *n) {
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
        let everything = filter.is_everything();
        Ok(self
            .entry(idx)
            .into_iter()
            .flat_map(|t| t.objects.range(range.clone()))
            .filter(|(_, o)| everything || filter.matches(&o.value()))
            .map(|(_, o)| WatchEvent {
                event_type: EventType::Added,
                rv: o.stored.rv(),
                object: Arc::clone(&o.stored),
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

fn transition(ev: &LoggedEvent, filter: &Filter) -> Option<WatchEvent> {
    let emit = |event_type, object: &Arc<Stored>| WatchEvent {
        event_type,
        rv: ev.rv,
        object: Arc::clone(object),
    };
    if filter.is_everything() {
        return Some(emit(ev.event_type, &ev.object));
    }
    let now_in = filter.matches(&ev.object.value());
    match ev.event_type {
        EventType::Added | EventType::Deleted => now_in.then(|| emit(ev.event_type, &ev.object)),
        EventType::Modified => {
            let prev = ev.prev.as_ref().map(|p| p.value());
            let was_in = prev.as_ref().is_some_and(|p| filter.matches(p));
            match (was_in, now_in) {
                (true, true) => Some(emit(EventType::Modified, &ev.object)),
                (false, true) => Some(emit(EventType::Added, &ev.object)),
                (true, false) => {
                    let mut old = prev.unwrap_or_default();
                    set_meta(&mut old, "resourceVersion", Value::String(ev.rv.to_string()));
                    Some(WatchEvent {
                        event_type: EventType::Deleted,
                        rv: ev.rv,
                        object: Arc::new(Stored::from_value(&old)),
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
