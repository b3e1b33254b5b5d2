//! Events as the store keeps them: what happened to which object, how many
//! times, first and last seen; at most a bounded number of them, the oldest
//! dropped first and counted.

use std::hash::Hash;
use std::sync::Arc;

use super::Table;
use super::intern::Interner;
use crate::cluster::slim::events::SlimEvent;

/// How many Events the store keeps by default (`[events] limit`).
pub const DEFAULT_LIMIT: usize = 5000;

/// The object an Event is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Regarding {
    /// `Pod`, `Node`, `Deployment`…
    pub kind: Arc<str>,
    /// Empty for cluster-scoped objects (nodes).
    pub namespace: Arc<str>,
    pub name: Box<str>,
}

/// One Event (a series counts as one, with its count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// The Event object's own namespace and name.
    pub namespace: Arc<str>,
    pub name: Box<str>,
    pub regarding: Regarding,
    /// `BackOff`, `FailedScheduling`…
    pub reason: Arc<str>,
    /// `type: Warning` (else Normal).
    pub warning: bool,
    /// The message (`note`; core `message`).
    pub note: Box<str>,
    /// How many times it happened (series count, else the deprecated count, else 1).
    pub count: u32,
    /// Unix seconds.
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    /// Who reported it: `kubelet`, `default-scheduler`…
    pub source: Option<Arc<str>>,
}

impl EventRecord {
    pub fn from_slim(e: &SlimEvent, i: &mut Interner) -> Self {
        let secs = |t: Option<&k8s_openapi::jiff::Timestamp>| t.map(|t| t.as_second());
        let created = secs(e.metadata.creation_timestamp.as_ref().map(|t| &t.0));
        let event_time = secs(e.event_time.as_ref().map(|t| &t.0));
        let first_seen = secs(e.deprecated_first_timestamp.as_ref().map(|t| &t.0))
            .or(event_time)
            .or(created);
        let last_seen = secs(
            e.series
                .as_ref()
                .and_then(|s| s.last_observed_time.as_ref())
                .map(|t| &t.0),
        )
        .or(secs(e.deprecated_last_timestamp.as_ref().map(|t| &t.0)))
        .or(event_time)
        .or(created);
        let count = e
            .series
            .as_ref()
            .map(|s| s.count)
            .or(e.deprecated_count)
            .filter(|c| *c > 0)
            .map_or(1, |c| c as u32);
        let namespace = e.metadata.namespace.as_deref().unwrap_or("");
        let source = e
            .reporting_controller
            .as_deref()
            .or(e.deprecated_source.component.as_deref())
            .filter(|s| !s.is_empty())
            .map(|s| i.get(s));
        Self {
            namespace: i.get(namespace),
            name: e.metadata.name.as_deref().unwrap_or("").into(),
            regarding: Regarding {
                kind: i.get(&e.regarding.kind),
                namespace: i.get(e.regarding.namespace.as_deref().unwrap_or("")),
                name: e.regarding.name.as_str().into(),
            },
            reason: i.get(e.reason.as_deref().unwrap_or("")),
            warning: e.type_.as_deref() == Some("Warning"),
            note: e.note.as_deref().unwrap_or("").into(),
            count,
            first_seen,
            last_seen,
            source,
        }
    }

    /// Whether it is about `kind` `namespace/name` (`namespace` empty for
    /// cluster-scoped objects).
    pub fn is_about(&self, kind: &str, namespace: &str, name: &str) -> bool {
        &*self.regarding.kind == kind
            && &*self.regarding.namespace == namespace
            && &*self.regarding.name == name
    }
}

/// How many Events the store keeps, how many it dropped to stay there,
/// and where they are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventBound {
    pub limit: usize,
    /// Events dropped (oldest first) since the store was made.
    pub dropped: u64,
    /// Only the Events of this namespace are read: the user may not list
    /// them cluster-wide.
    pub namespace_only: Option<String>,
}

impl Default for EventBound {
    fn default() -> Self {
        Self {
            limit: DEFAULT_LIMIT,
            dropped: 0,
            namespace_only: None,
        }
    }
}

impl EventBound {
    /// Keeps at most `limit` events in `table` (and in a relist in
    /// progress): over it, the oldest eighth is dropped at once, so that a
    /// steady flow does not pay a selection per event. Returns how many
    /// were dropped.
    pub fn enforce<K: Eq + Hash + Clone>(&mut self, table: &mut Table<K, EventRecord>) -> usize {
        let limit = self.limit.max(1);
        let keep = limit - limit / 8;
        let (items, pending) = table.maps_mut();
        let shown = if items.len() > limit {
            drop_oldest(items, keep)
        } else {
            0
        };
        let listed = match pending {
            Some(p) if p.len() > limit => drop_oldest(p, keep),
            _ => 0,
        };
        if shown > 0 {
            table.touch();
        }
        self.dropped += (shown + listed) as u64;
        shown + listed
    }
}

/// Drops the oldest (by last seen) until `keep` remain; how many it dropped.
fn drop_oldest<K: Eq + Hash + Clone>(items: &mut super::Items<K, EventRecord>, keep: usize) -> usize {
    let excess = items.len().saturating_sub(keep);
    if excess == 0 {
        return 0;
    }
    let mut ages: Vec<(i64, K)> = items
        .iter()
        .map(|(k, e)| (e.last_seen.unwrap_or(i64::MIN), k.clone()))
        .collect();
    ages.select_nth_unstable_by_key(excess - 1, |(t, _)| *t);
    for (_, k) in ages.into_iter().take(excess) {
        items.remove(&k);
    }
    excess
}

#[cfg(test)]
#[path = "event_records_tests.rs"]
mod tests;
