//! The simulated API server's in-memory object store: one sorted map per resource
//! type, a single etcd-like global resourceVersion, and a bounded watch event log.
//!
//! Pure and synchronous: the caller owns the clock ([`Store::set_now`]) and wraps
//! the store in a mutex. Objects are ordinary Kubernetes JSON kept compact
//! ([`Stored`]: the JSON text) behind `Arc` so the map, the event log and list
//! pages share them instead of copying; reads that need a `Value` decode it
//! (small types keep a decoded copy, see [`super::stored::DECODED_UP_TO`]).
//!
//! Creation lives in `store_create`, other writes in `store_write`, listing in
//! `store_list`, watching in `store_watch`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::Arc;

use serde_json::Value;

use super::api_error::ApiError;
use super::selector::{LabelSelector, Operator};
use super::store_index::{Index, label_key};
use super::store_watch::EventLog;
use super::stored::{DECODED_UP_TO, Slot, Stored, owned};
use crate::sim::scheduler_fit::Used;
use crate::sim::scheduler_node::NodeFit;

pub use super::resource_type::ResourceType;

/// The objects of one resource type, keyed `namespace/name` (or `name` when
/// cluster-scoped): byte order of these keys is etcd's listing order.
/// Written only through [`TypeEntry::put`] and [`TypeEntry::take`], which
/// keep its [`Index`] right.
pub(super) struct TypeEntry {
    pub(super) rt: ResourceType,
    pub(super) objects: BTreeMap<String, Slot>,
    pub(super) index: Index,
    /// Whether its slots keep a decoded copy (see [`DECODED_UP_TO`]).
    pub(super) decoded: bool,
}

/// What [`TypeEntry::put`] stored and what it replaced.
pub(super) struct Put {
    pub(super) stored: Arc<Stored>,
    pub(super) prev: Option<Arc<Stored>>,
}

impl TypeEntry {
    fn new(rt: ResourceType) -> Self {
        TypeEntry {
            rt,
            objects: BTreeMap::new(),
            index: Index::default(),
            decoded: true,
        }
    }

    /// Stores `obj` under `key` (replacing what was there). `old` is the
    /// object it replaces, decoded, when the caller has it (else it is
    /// decoded here, for the index).
    pub(super) fn put(&mut self, key: String, obj: Arc<Value>, old: Option<&Value>) -> Put {
        let prev = self.objects.get(&key).map(|s| Arc::clone(&s.stored));
        let decoded_old = match (old, &prev) {
            (None, Some(_)) => self.objects.get(&key).map(Slot::value),
            _ => None,
        };
        self.index.replace(&key, old.or(decoded_old.as_deref()), &obj);
        let stored = Arc::new(Stored::from_value(&obj));
        if self.decoded && self.objects.len() >= DECODED_UP_TO && prev.is_none() {
            self.decoded = false;
            for s in self.objects.values_mut() {
                s.decoded = None;
            }
        }
        let slot = Slot {
            stored: Arc::clone(&stored),
            decoded: self.decoded.then_some(obj),
        };
        self.objects.insert(key, slot);
        Put { stored, prev }
    }

    /// Removes the object under `key`; `old` as in [`TypeEntry::put`].
    pub(super) fn take(&mut self, key: &str, old: Option<&Value>) -> Option<Arc<Stored>> {
        let slot = self.objects.remove(key)?;
        match old {
            Some(o) => self.index.remove(key, o),
            None => self.index.remove(key, &slot.value()),
        }
        Some(slot.stored)
    }

    fn pick(&self, keys: Option<&std::collections::BTreeSet<String>>) -> Vec<Arc<Value>> {
        keys.into_iter()
            .flatten()
            .filter_map(|k| self.objects.get(k).map(Slot::value))
            .collect()
    }
}

/// The in-memory object store.
pub struct Store {
    pub(super) now: i64,
    pub(super) types: Vec<TypeEntry>,
    pub(super) rv: u64,
    pub(super) log: EventLog,
    pub(super) uid_counter: u64,
    pub(super) name_counter: u64,
    /// Pods in graceful deletion: (type index, key) -> Unix deadline.
    pub(super) terminating: HashMap<(usize, String), i64>,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

/// Default number of watch events kept before old ones are compacted away.
pub const DEFAULT_EVENT_CAPACITY: usize = 100_000;

impl Store {
    /// An empty store with no types, clock at the Unix epoch, and an event log of
    /// [`DEFAULT_EVENT_CAPACITY`].
    pub fn new() -> Self {
        Store {
            now: 0,
            types: Vec::new(),
            rv: 0,
            log: EventLog::new(DEFAULT_EVENT_CAPACITY),
            uid_counter: 0,
            name_counter: 0,
            terminating: HashMap::new(),
        }
    }

    /// Sets the store's clock (Unix seconds), used for creation/deletion timestamps.
    pub fn set_now(&mut self, unix_secs: i64) {
        self.now = unix_secs;
    }

    /// The store's clock in Unix seconds.
    pub fn now(&self) -> i64 {
        self.now
    }

    /// Registers (or redefines) a resource type; objects of a redefined type are kept.
    pub fn register(&mut self, rt: ResourceType) {
        match self
            .types
            .iter_mut()
            .find(|t| t.rt.group == rt.group && t.rt.plural == rt.plural)
        {
            Some(t) => t.rt = rt,
            None => self.types.push(TypeEntry::new(rt)),
        }
    }

    /// The registered resource types, in registration order.
    pub fn kinds(&self) -> Vec<&ResourceType> {
        self.types.iter().map(|t| &t.rt).collect()
    }

    /// The registered type for `group` + `plural`.
    pub fn find_resource(&self, group: &str, plural: &str) -> Option<&ResourceType> {
        self.types
            .iter()
            .map(|t| &t.rt)
            .find(|rt| rt.group == group && rt.plural == plural)
    }

    /// The registered type for an object's `apiVersion` (`apps/v1`) and `kind`.
    pub fn find_kind(&self, api_version: &str, kind: &str) -> Option<&ResourceType> {
        let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
        self.types
            .iter()
            .map(|t| &t.rt)
            .find(|rt| rt.group == group && rt.kind == kind)
    }

    /// The newest resourceVersion handed out (0 for an empty store).
    pub fn latest_rv(&self) -> u64 {
        self.rv
    }

    /// Number of objects of a type (all namespaces).
    pub fn count(&self, rt: &ResourceType) -> Result<usize, ApiError> {
        let idx = self.type_index(rt)?;
        Ok(self.entry(idx).map_or(0, |t| t.objects.len()))
    }

    pub(super) fn type_index(&self, rt: &ResourceType) -> Result<usize, ApiError> {
        self.types
            .iter()
            .position(|t| t.rt.group == rt.group && t.rt.plural == rt.plural)
            .ok_or_else(ApiError::resource_not_found)
    }

    pub(super) fn entry(&self, idx: usize) -> Option<&TypeEntry> {
        self.types.get(idx)
    }

    pub(super) fn entry_mut(&mut self, idx: usize) -> Option<&mut TypeEntry> {
        self.types.get_mut(idx)
    }

    /// The map key of an object: `ns/name`, or `name` for cluster-scoped types.
    pub(super) fn key(rt: &ResourceType, namespace: Option<&str>, name: &str) -> String {
        match namespace {
            Some(ns) if rt.namespaced => format!("{ns}/{name}"),
            _ => name.to_string(),
        }
    }

    pub(super) fn lookup(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<(usize, String, Arc<Value>), ApiError> {
        let idx = self.type_index(rt)?;
        let key = Self::key(rt, namespace, name);
        let obj = self
            .entry(idx)
            .and_then(|t| t.objects.get(&key))
            .map(Slot::value)
            .ok_or_else(|| ApiError::not_found(&rt.group, &rt.plural, name))?;
        Ok((idx, key, obj))
    }

    /// The object, or 404 `pods "x" not found`.
    pub fn get(&self, rt: &ResourceType, namespace: Option<&str>, name: &str) -> Result<Value, ApiError> {
        self.lookup(rt, namespace, name).map(|(_, _, o)| owned(o))
    }

    /// Iteration over a type's objects (one namespace, or all), in key order;
    /// for controllers that scan. Each is shared (a small type's kept copy)
    /// or decoded as the iteration reaches it.
    pub fn objects<'a>(
        &'a self,
        rt: &ResourceType,
        namespace: Option<&'a str>,
    ) -> Result<impl Iterator<Item = Arc<Value>> + 'a, ApiError> {
        let idx = self.type_index(rt)?;
        let range = key_range(rt, namespace);
        let objects = self.entry(idx).map(|t| &t.objects);
        Ok(objects
            .into_iter()
            .flat_map(move |m| m.range(range.clone()).map(|(_, o)| o.value())))
    }

    /// The objects of a type (one namespace, or all) in key order, shared:
    /// for a caller that writes to the store while it reads them.
    pub fn objects_shared(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
    ) -> Result<Vec<Arc<Value>>, ApiError> {
        let idx = self.type_index(rt)?;
        let range = key_range(rt, namespace);
        Ok(self
            .entry(idx)
            .map(|t| t.objects.range(range).map(|(_, o)| o.value()).collect())
            .unwrap_or_default())
    }

    /// The objects of a type in `namespace` that `selector` selects, in key
    /// order: from the label index when the selector requires a label value
    /// (the smallest set of those it names), else a scan of the namespace.
    pub fn select(
        &self,
        rt: &ResourceType,
        namespace: &str,
        selector: &LabelSelector,
    ) -> Result<Vec<Arc<Value>>, ApiError> {
        let t = self.entry(self.type_index(rt)?);
        let ns = if rt.namespaced { namespace } else { "" };
        let exact = selector
            .requirements()
            .iter()
            .filter_map(|r| match (r.operator, r.values.as_slice()) {
                (Operator::Equals | Operator::In, [v]) => Some(label_key(ns, &r.key, v)),
                _ => None,
            });
        let smallest = exact
            .map(|l| t.and_then(|t| t.index.labelled(&l)))
            .min_by_key(|keys| keys.map_or(0, |k| k.len()));
        let candidates = match smallest {
            Some(keys) => t.map_or_else(Vec::new, |t| t.pick(keys)),
            None => self.objects_shared(rt, rt.namespaced.then_some(namespace))?,
        };
        Ok(candidates
            .into_iter()
            .filter(|o| selector.matches_object(o))
            .collect())
    }

    /// The objects of a type whose controller (ownerReference with
    /// `controller: true`) has this uid, in key order; from the index.
    pub fn owned_by(&self, rt: &ResourceType, uid: &str) -> Vec<Arc<Value>> {
        self.type_index(rt)
            .ok()
            .and_then(|i| self.entry(i))
            .map_or_else(Vec::new, |t| t.pick(t.index.owned_by(uid)))
    }

    /// The objects of a type bound to `node` (`spec.nodeName`), in key
    /// order; from the index.
    pub fn on_node(&self, rt: &ResourceType, node: &str) -> Vec<Arc<Value>> {
        self.type_index(rt)
            .ok()
            .and_then(|i| self.entry(i))
            .map_or_else(Vec::new, |t| t.pick(t.index.on_node(node)))
    }

    /// What the objects of a type bound to each node and not Succeeded or
    /// Failed use (pods, cpu and memory requests), by node; from the index.
    pub fn used_by_node(&self, rt: &ResourceType) -> Option<&HashMap<String, Used>> {
        let t = self.entry(self.type_index(rt).ok()?)?;
        Some(t.index.used())
    }

    /// What the scheduler reads of each object of kind Node of a type, by
    /// name (readiness, taints, labels, allocatable); from the index.
    pub fn node_fits(&self, rt: &ResourceType) -> Option<&HashMap<String, NodeFit>> {
        let t = self.entry(self.type_index(rt).ok()?)?;
        Some(t.index.nodes())
    }

    /// The first object (with its key) after `after` in key order, all
    /// namespaces, wrapping around to the first one; None when there is none.
    pub fn next_after(&self, rt: &ResourceType, after: Option<&str>) -> Option<(String, Arc<Value>)> {
        let objects = &self.entry(self.type_index(rt).ok()?)?.objects;
        let from = after.map_or(Bound::Unbounded, |k| Bound::Excluded(k.to_string()));
        objects
            .range((from, Bound::Unbounded))
            .next()
            .or_else(|| objects.iter().next())
            .map(|(k, o)| (k.clone(), o.value()))
    }

    pub(super) fn next_rv(&mut self) -> u64 {
        self.rv += 1;
        self.rv
    }
}

/// The key range holding one namespace's objects (`ns/` up to `ns0`, `0` being the
/// byte after `/`), or everything.
pub(super) fn key_range(rt: &ResourceType, namespace: Option<&str>) -> (Bound<String>, Bound<String>) {
    match namespace {
        Some(ns) if rt.namespaced => (
            Bound::Included(format!("{ns}/")),
            Bound::Excluded(format!("{ns}0")),
        ),
        _ => (Bound::Unbounded, Bound::Unbounded),
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "store_compact_tests.rs"]
mod compact_tests;
