//! String interning: namespaces, node names, owner names and label keys
//! repeat across 150000 pods; each distinct string is stored once. So are
//! a pod's labels and its containers' specs, the same for every pod of a
//! ReplicaSet (hundreds of bytes a pod otherwise).

use std::hash::Hash;
use std::sync::Arc;

use super::records::ContainerRecord;

/// A pod's labels, sorted by key.
pub type Labels = Arc<[(Arc<str>, Arc<str>)]>;

/// Persistent sets, like the store's tables: a clone of the store shares
/// them. They keep every value seen (as many as distinct values: label
/// sets and container specs are per workload revision, not per pod).
#[derive(Debug, Default, Clone)]
pub struct Interner {
    set: imbl::HashMap<Arc<str>, ()>,
    labels: imbl::HashMap<Labels, ()>,
    containers: imbl::HashMap<Arc<[ContainerRecord]>, ()>,
}

/// The one allocation of `items` in `set`.
fn shared<T: Hash + Eq + Clone>(set: &mut imbl::HashMap<Arc<[T]>, ()>, items: Vec<T>) -> Arc<[T]> {
    if let Some((a, ())) = set.get_key_value(&items[..]) {
        return a.clone();
    }
    let a: Arc<[T]> = items.into();
    set.insert(a.clone(), ());
    a
}

impl Interner {
    pub fn get(&mut self, s: &str) -> Arc<str> {
        if let Some((a, ())) = self.set.get_key_value(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.set.insert(a.clone(), ());
        a
    }

    /// A pod's labels (sorted), shared with every pod that has the same.
    pub fn labels(&mut self, kv: Vec<(Arc<str>, Arc<str>)>) -> Labels {
        shared(&mut self.labels, kv)
    }

    /// A pod's containers' specs, shared with every pod that has the same.
    pub fn containers(&mut self, c: Vec<ContainerRecord>) -> Arc<[ContainerRecord]> {
        shared(&mut self.containers, c)
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_string_same_allocation() {
        let mut i = Interner::default();
        let a = i.get("kube-system");
        let b = i.get(&String::from("kube-system"));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(i.len(), 1);
    }

    #[test]
    fn the_same_labels_and_containers_are_one_allocation() {
        use crate::cluster::slim::pod::SlimPod;
        use crate::cluster::store::records::PodRecord;
        let pod = |name: &str, app: &str| -> SlimPod {
            serde_json::from_value(serde_json::json!({
                "metadata": {"namespace": "web", "name": name, "labels": {"app": app, "tier": "front"}},
                "spec": {"containers": [{"name": "c", "image": "nginx:1",
                    "resources": {"requests": {"cpu": "100m"}}}]},
                "status": {"phase": "Running"},
            }))
            .unwrap()
        };
        let mut i = Interner::default();
        let a = PodRecord::from_slim(&pod("a", "web"), &mut i);
        let b = PodRecord::from_slim(&pod("b", "web"), &mut i);
        let c = PodRecord::from_slim(&pod("c", "api"), &mut i);
        assert!(Arc::ptr_eq(&a.labels, &b.labels) && Arc::ptr_eq(&a.containers, &b.containers));
        assert!(!Arc::ptr_eq(&a.labels, &c.labels), "other labels, another set");
        assert_eq!(&*c.labels[0].1, "api");
        assert!(Arc::ptr_eq(&a.containers, &c.containers));
        assert_eq!(a.containers[0].cpu_request_milli, Some(100));
    }
}
