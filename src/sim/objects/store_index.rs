//! Indexes of the store kept on every write, so that the controllers read
//! the few objects they need instead of scanning every pod: the objects of
//! each controller (by the uid of their controller ownerReference), the
//! objects bound to each node (`spec.nodeName`), and what the pods bound to
//! a node use (pods, cpu and memory requests of those not Succeeded or
//! Failed), as the scheduler counts it, and the objects carrying each label
//! (`key=value` within a namespace), for selectors.

use std::collections::{BTreeSet, HashMap};
#[cfg(test)]
use std::sync::Arc;

use serde_json::Value;

use crate::sim::scheduler_fit::{Used, requests};
use crate::sim::scheduler_node::NodeFit;

/// What the indexes keep of one object.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Summary {
    owner: Option<String>,
    node: Option<String>,
    /// (cpu millicores, memory bytes) when the object counts as used on its node.
    using: Option<(i64, i64)>,
    /// [`label_key`] of each of its labels.
    labels: Vec<String>,
}

/// The index key of label `key=value` in `namespace` ("" when cluster-scoped).
pub(super) fn label_key(namespace: &str, key: &str, value: &str) -> String {
    format!("{namespace}\0{key}\0{value}")
}

fn summary(obj: &Value) -> Summary {
    let owner = obj
        .pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)
        .and_then(|os| os.iter().find(|o| o["controller"] == true))
        .and_then(|o| o["uid"].as_str())
        .map(str::to_string);
    let node = obj
        .pointer("/spec/nodeName")
        .and_then(Value::as_str)
        .map(str::to_string);
    let finished = matches!(
        obj.pointer("/status/phase").and_then(Value::as_str),
        Some("Succeeded" | "Failed")
    );
    let using = (node.is_some() && !finished).then(|| requests(obj));
    let ns = obj
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let labels = obj
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some(label_key(ns, k, v.as_str()?)))
        .collect();
    Summary {
        owner,
        node,
        using,
        labels,
    }
}

/// The indexes of one resource type.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct Index {
    by_owner: HashMap<String, BTreeSet<String>>,
    by_node: HashMap<String, BTreeSet<String>>,
    used: HashMap<String, Used>,
    by_label: HashMap<String, BTreeSet<String>>,
    /// What the scheduler reads of each object of kind Node, by key (its name).
    nodes: HashMap<String, NodeFit>,
}

impl Index {
    /// Takes `obj`, stored under `key`, into account.
    pub(super) fn add(&mut self, key: &str, obj: &Value) {
        self.fit(key, obj);
        let s = summary(obj);
        if let Some(o) = s.owner {
            self.by_owner.entry(o).or_default().insert(key.to_string());
        }
        if let Some(n) = s.node {
            if let Some((cpu, mem)) = s.using {
                let u = self.used.entry(n.clone()).or_default();
                u.pods += 1;
                u.cpu += cpu;
                u.mem += mem;
            }
            self.by_node.entry(n).or_default().insert(key.to_string());
        }
        for l in s.labels {
            self.by_label.entry(l).or_default().insert(key.to_string());
        }
    }

    /// Forgets `obj`, stored under `key` until now.
    pub(super) fn remove(&mut self, key: &str, obj: &Value) {
        self.nodes.remove(key);
        let s = summary(obj);
        if let Some(o) = s.owner {
            forget(&mut self.by_owner, &o, key);
        }
        if let Some(n) = s.node {
            if let Some((cpu, mem)) = s.using
                && let Some(u) = self.used.get_mut(&n)
            {
                u.pods -= 1;
                u.cpu -= cpu;
                u.mem -= mem;
                if u.pods == 0 {
                    self.used.remove(&n);
                }
            }
            forget(&mut self.by_node, &n, key);
        }
        for l in &s.labels {
            forget(&mut self.by_label, l, key);
        }
    }

    /// `old` (if any) replaced by `new` under `key`.
    pub(super) fn replace(&mut self, key: &str, old: Option<&Value>, new: &Value) {
        if let Some(old) = old {
            if summary(old) == summary(new) {
                self.fit(key, new);
                return;
            }
            self.remove(key, old);
        }
        self.add(key, new);
    }

    /// Keeps what the scheduler reads of `obj` when it is a Node.
    fn fit(&mut self, key: &str, obj: &Value) {
        if obj.get("kind").and_then(Value::as_str) == Some("Node") {
            self.nodes.insert(key.to_string(), NodeFit::of(obj));
        }
    }

    /// What the scheduler reads of each node, by name.
    pub(super) fn nodes(&self) -> &HashMap<String, NodeFit> {
        &self.nodes
    }

    pub(super) fn owned_by(&self, uid: &str) -> Option<&BTreeSet<String>> {
        self.by_owner.get(uid)
    }

    pub(super) fn on_node(&self, node: &str) -> Option<&BTreeSet<String>> {
        self.by_node.get(node)
    }

    /// The keys of the objects carrying this [`label_key`].
    pub(super) fn labelled(&self, label: &str) -> Option<&BTreeSet<String>> {
        self.by_label.get(label)
    }

    pub(super) fn used(&self) -> &HashMap<String, Used> {
        &self.used
    }

    /// The indexes of these objects computed from scratch (for tests).
    #[cfg(test)]
    pub(super) fn of<'a>(objects: impl IntoIterator<Item = (&'a String, Arc<Value>)>) -> Index {
        let mut i = Index::default();
        for (k, o) in objects {
            i.add(k, &o);
        }
        i
    }
}

fn forget(map: &mut HashMap<String, BTreeSet<String>>, at: &str, key: &str) {
    if let Some(keys) = map.get_mut(at) {
        keys.remove(key);
        if keys.is_empty() {
            map.remove(at);
        }
    }
}

#[cfg(test)]
#[path = "store_index_tests.rs"]
mod tests;
