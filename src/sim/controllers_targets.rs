//! Reconciling what a pod change concerns, not its whole namespace: the
//! pod's controller (by its controller ownerReference; a ReplicaSet's
//! Deployment after it) and the PodDisruptionBudgets selecting it. Writes
//! to anything else (a Deployment scaled, a PDB created, a pod written
//! through the API) still reconcile the namespace whole, and one namespace
//! is resynced whole every [`RESYNC_SECONDS`], in turn.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{Controllers, controller_ref, rt, str_at};
use crate::sim::objects::selector::LabelSelector;
use crate::sim::objects::store::Store;

/// Seconds between two namespaces resynced whole (in turn, so that a
/// cluster of N namespaces is resynced every N × this).
pub const RESYNC_SECONDS: i64 = 5;

/// What the controllers need of a changed pod: where it is, its
/// controller, its labels.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PodChange {
    ns: String,
    /// (kind, name) of its controller.
    owner: Option<(String, String)>,
    labels: Map<String, Value>,
}

impl PodChange {
    fn of(pod: &Value) -> Option<PodChange> {
        let ns = str_at(pod, "/metadata/namespace")?.to_string();
        let owner = controller_ref(pod)
            .and_then(|o| Some((o["kind"].as_str()?.to_string(), o["name"].as_str()?.to_string())));
        let labels = pod
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        Some(PodChange { ns, owner, labels })
    }
}

impl Controllers {
    /// A pod changed (its status, its deletion) without its labels or
    /// controller changing: its controller and the PDBs selecting it react.
    pub fn pod_changed(&mut self, pod: &Value) {
        if let Some(c) = PodChange::of(pod) {
            self.changed_pods.push(c);
        }
    }

    /// A Deployment whose ReplicaSet's status changed: its status follows.
    pub(super) fn deployment_due(&mut self, rs: &Value) {
        if let (Some(ns), Some(o)) = (
            str_at(rs, "/metadata/namespace"),
            controller_ref(rs).filter(|o| o["kind"] == "Deployment"),
        ) && let Some(name) = o["name"].as_str()
        {
            self.deployments_due.insert((ns.to_string(), name.to_string()));
        }
    }

    /// The next namespace due for a whole resync, if one is due at `now`.
    pub(super) fn resync_tick(&mut self, store: &Store, now: i64) {
        if self.next_resync > now {
            return;
        }
        self.next_resync = now + RESYNC_SECONDS;
        let Some(ns_rt) = rt(store, "", "namespaces") else {
            return;
        };
        if let Some((key, _)) = store.next_after(&ns_rt, self.resync_cursor.as_deref()) {
            self.dirty.insert(key.clone());
            self.resync_cursor = Some(key);
        }
    }

    /// Reacts to `changes` (pods changed before this round), but in `whole`
    /// (namespaces reconciled whole this round); then to the Deployments due.
    pub(super) fn reconcile_changed(
        &mut self,
        store: &mut Store,
        whole: &BTreeSet<String>,
        changes: Vec<PodChange>,
    ) {
        let mut owners: BTreeSet<(String, String, String)> = BTreeSet::new();
        let mut selected: BTreeMap<String, Vec<Map<String, Value>>> = BTreeMap::new();
        for c in changes.into_iter().filter(|c| !whole.contains(&c.ns)) {
            if let Some((kind, name)) = c.owner {
                owners.insert((c.ns.clone(), kind, name));
            }
            selected.entry(c.ns).or_default().push(c.labels);
        }
        if let Some(pods_rt) = rt(store, "", "pods") {
            let mut daemons = BTreeSet::new();
            for (ns, kind, name) in owners {
                match kind.as_str() {
                    "ReplicaSet" | "StatefulSet" => self.sync_one(store, &pods_rt, &ns, &kind, &name),
                    "DaemonSet" => {
                        daemons.insert(ns);
                    }
                    _ => {}
                }
            }
            for ns in daemons {
                self.sync_daemonsets(store, &ns, &pods_rt);
            }
            for (ns, labels) in selected {
                self.update_pdbs(store, &ns, &pods_rt, |sel: &LabelSelector| {
                    labels.iter().any(|l| sel.matches(Some(l)))
                });
            }
        }
        for (ns, name) in std::mem::take(&mut self.deployments_due) {
            self.reconcile_deployment_named(store, &ns, &name);
        }
    }

    /// One ReplicaSet or StatefulSet, by name: synced and scaled as the
    /// namespace's reconcile does it.
    fn sync_one(
        &mut self,
        store: &mut Store,
        pods_rt: &crate::sim::objects::resource_type::ResourceType,
        ns: &str,
        kind: &str,
        name: &str,
    ) {
        let plural = if kind == "StatefulSet" {
            "statefulsets"
        } else {
            "replicasets"
        };
        let Some(wrt) = rt(store, "apps", plural) else {
            return;
        };
        let Ok(owner) = store.get(&wrt, Some(ns), name) else {
            return;
        };
        let pods = store.owned_by(pods_rt, str_at(&owner, "/metadata/uid").unwrap_or_default());
        let owner = if kind == "StatefulSet" {
            self.sync_statefulset(store, pods_rt, &wrt, owner, &pods)
        } else {
            owner
        };
        self.scale(store, pods_rt, &wrt, &owner, &pods);
        self.deployment_due(&owner);
    }
}
