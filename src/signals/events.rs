//! The events view's rows: Events of the scope, deduplicated (the Events
//! about one object with the same type, reason and message are one row,
//! their counts added: `x17 over 20m`), Warnings only unless Normal ones
//! are asked for, newest first. Pure: from the store.

use std::collections::HashMap;
use std::sync::Arc;

use crate::cluster::store::Store;
use crate::cluster::store::event_records::{EventRecord, Regarding};

/// One row: an Event, or several alike about one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub warning: bool,
    pub reason: Arc<str>,
    pub regarding: Regarding,
    /// The message (`note`), whole.
    pub message: Box<str>,
    /// How many times it happened, over every Event object merged.
    pub count: u32,
    /// Unix seconds.
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    /// Who reported it (`kubelet`, `default-scheduler`…).
    pub source: Option<Arc<str>>,
}

impl EventRow {
    /// `Pod payments/ledger-7d-x2`, `Node worker-b-4`.
    pub fn object(&self) -> String {
        let r = &self.regarding;
        if r.namespace.is_empty() {
            format!("{} {}", r.kind, r.name)
        } else {
            format!("{} {}/{}", r.kind, r.namespace, r.name)
        }
    }

    /// `x17 over 20m` for a repeated event (`None` when it happened once).
    pub fn repeats(&self) -> Option<String> {
        if self.count <= 1 {
            return None;
        }
        let over = match (self.first_seen, self.last_seen) {
            (Some(f), Some(l)) if l > f => format!(" over {}", crate::signals::verdict::age(l - f)),
            _ => String::new(),
        };
        Some(format!("x{}{over}", self.count))
    }
}

/// The rows of the Events in `scope` (every namespace when `None`; a
/// cluster-scoped object's Events, such as a node's, are in every scope),
/// Warnings only unless `normal`; newest first, Warnings before Normal
/// ones seen at the same second.
pub fn rows(store: &Store, scope: Option<&str>, normal: bool) -> Vec<EventRow> {
    let in_scope = |e: &EventRecord| {
        scope.is_none_or(|ns| &*e.regarding.namespace == ns || e.regarding.namespace.is_empty())
    };
    let mut merged: HashMap<(&Regarding, bool, &str, &str), EventRow> = HashMap::new();
    for e in store.events.items.values() {
        if !(e.warning || normal) || !in_scope(e) {
            continue;
        }
        let key = (&e.regarding, e.warning, &*e.reason, &*e.note);
        merged
            .entry(key)
            .and_modify(|r| {
                r.count += e.count;
                r.first_seen = min_some(r.first_seen, e.first_seen);
                if e.last_seen > r.last_seen {
                    r.last_seen = e.last_seen;
                    r.source = e.source.clone();
                }
            })
            .or_insert_with(|| EventRow {
                warning: e.warning,
                reason: e.reason.clone(),
                regarding: e.regarding.clone(),
                message: e.note.clone(),
                count: e.count,
                first_seen: e.first_seen,
                last_seen: e.last_seen,
                source: e.source.clone(),
            });
    }
    let mut out: Vec<EventRow> = merged.into_values().collect();
    out.sort_by(|a, b| {
        b.last_seen
            .cmp(&a.last_seen)
            .then_with(|| b.warning.cmp(&a.warning))
            .then_with(|| a.regarding.cmp(&b.regarding))
            .then_with(|| a.reason.cmp(&b.reason))
            .then_with(|| a.message.cmp(&b.message))
    });
    out
}

/// The recent Warning rows about one object (`namespace` empty for a
/// cluster-scoped one), newest first, at most `max`.
pub fn warnings_about(store: &Store, kind: &str, namespace: &str, name: &str, max: usize) -> Vec<EventRow> {
    let mut out: Vec<EventRow> = Vec::new();
    for e in store
        .events_about(kind, namespace, name)
        .into_iter()
        .filter(|e| e.warning)
    {
        match out
            .iter_mut()
            .find(|r| r.reason == e.reason && *r.message == *e.note)
        {
            Some(r) => {
                r.count += e.count;
                r.first_seen = min_some(r.first_seen, e.first_seen);
            }
            None => out.push(EventRow {
                warning: true,
                reason: e.reason.clone(),
                regarding: e.regarding.clone(),
                message: e.note.clone(),
                count: e.count,
                first_seen: e.first_seen,
                last_seen: e.last_seen,
                source: e.source.clone(),
            }),
        }
    }
    out.truncate(max);
    out
}

fn min_some(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
