//! One stored object as the store keeps it: its compact JSON (what lists and
//! watches write out as it is) and its resourceVersion, decoded into a
//! `serde_json::Value` only for the reads that need one.
//!
//! A pod is ~2.6 KB as compact JSON and ~20 KB as a `Value`; at 150000 pods
//! that is the difference between a few hundred MiB and a few GiB.

use std::sync::Arc;

use serde_json::Value;

use super::object_meta::meta_str;

/// An object's compact JSON (as `serde_json::to_string` writes its `Value`)
/// and its `metadata.resourceVersion`; immutable, shared behind `Arc` by the
/// store's map, its watch log and list pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    json: Box<str>,
    rv: u64,
}

impl Stored {
    /// The compact form of `obj`.
    pub fn from_value(obj: &Value) -> Stored {
        Stored {
            // Serialising a `Value` (string keys only) cannot fail.
            json: serde_json::to_string(obj).unwrap_or_default().into_boxed_str(),
            rv: meta_str(obj, "resourceVersion")
                .and_then(|s| s.parse().ok())
                .unwrap_or_default(),
        }
    }

    /// The object's JSON, exactly as serialising its `Value` gives it.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// Its `metadata.resourceVersion` (0 when it has none).
    pub fn rv(&self) -> u64 {
        self.rv
    }

    /// The object decoded (`Null` never happens: the JSON was written from a
    /// `Value`).
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.json).unwrap_or_default()
    }
}

/// Types holding at most this many objects keep a decoded copy of each
/// object next to its JSON (nodes, leases, workloads, namespaces: few, and
/// read often, e.g. every node by each placement of the scheduler); bigger
/// ones (pods, events at scale) decode on demand. Once a type grows past it,
/// it stays compact.
pub(super) const DECODED_UP_TO: usize = 10_000;

/// A map entry of the store: the shared stored form and, for small types,
/// the decoded value (not shared with the watch log, so replaced objects
/// hold only their JSON).
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub(super) stored: Arc<Stored>,
    pub(super) decoded: Option<Arc<Value>>,
}

impl Slot {
    /// The object as a value: the kept copy, else decoded now.
    pub(super) fn value(&self) -> Arc<Value> {
        match &self.decoded {
            Some(v) => Arc::clone(v),
            None => Arc::new(self.stored.value()),
        }
    }
}

/// A value out of an `Arc`, copied only when it is shared.
pub(super) fn owned(v: Arc<Value>) -> Value {
    Arc::try_unwrap(v).unwrap_or_else(|shared| (*shared).clone())
}

#[cfg(test)]
#[path = "stored_tests.rs"]
mod tests;
