//! The deployment controller, as far as the sim needs it. A Deployment whose
//! spec changed since its status was observed (a scale, a restart, an image,
//! an undo), or whose rollout is under way, is driven by the rollout
//! controller (`controllers_rollout.rs`). Any other keeps what the scenario
//! wrote (a stuck rollout stays stuck): only its status counts follow its
//! ReplicaSets.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::{Controllers, MAX_TERMINATION_SECONDS, rt, str_at};
use crate::sim::disruption;
use crate::sim::objects::patch::PatchType;
use crate::sim::objects::resource_type::ResourceType;
use crate::sim::objects::store::Store;
use crate::sim::rollout::{revision, status_counts};
use crate::sim::rollout_conditions::{ROLLING_REASONS, condition};

fn int(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}

/// Whether the controller drives `d` now: its spec changed since it was
/// observed, it has no ReplicaSet yet, or its status says a rollout is under
/// way (the rollouts this controller started are also remembered until they end).
pub fn driven(d: &Value, rss: &[Value]) -> bool {
    let conds = d
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let rolling = condition(conds, "Progressing")
        .and_then(|c| c["reason"].as_str())
        .is_some_and(|r| ROLLING_REASONS.contains(&r));
    int(d, "/metadata/generation") > int(d, "/status/observedGeneration") || rss.is_empty() || rolling
}

impl Controllers {
    pub(super) fn reconcile_deployments(&mut self, store: &mut Store, ns: &str) {
        let (Some(drt), Some(rsrt)) = (rt(store, "apps", "deployments"), rt(store, "apps", "replicasets"))
        else {
            return;
        };
        let deployments: Vec<Value> = match store.objects(&drt, Some(ns)) {
            Ok(it) => it.map(Arc::unwrap_or_clone).collect(),
            Err(_) => return,
        };
        self.rolling.retain(|(n, name)| {
            n != ns
                || deployments
                    .iter()
                    .any(|d| str_at(d, "/metadata/name") == Some(name))
        });
        if deployments.is_empty() {
            return;
        }
        // ReplicaSets by their controller's uid, read once for the namespace.
        let mut by_owner: HashMap<String, Vec<Value>> = HashMap::new();
        match store.objects(&rsrt, Some(ns)) {
            Ok(it) => {
                for rs in it {
                    if let Some(uid) = super::controller_ref(&rs).and_then(|o| o["uid"].as_str()) {
                        by_owner.entry(uid.to_string()).or_default().push((*rs).clone());
                    }
                }
            }
            Err(_) => return,
        }
        for d in deployments {
            let Some(uid) = str_at(&d, "/metadata/uid") else {
                continue;
            };
            let rss = by_owner.remove(uid).unwrap_or_default();
            self.reconcile_deployment(store, &drt, &rsrt, &d, rss);
        }
    }

    /// One Deployment, by name (after its ReplicaSet changed): its
    /// ReplicaSets from the store's index of controllers.
    pub(super) fn reconcile_deployment_named(&mut self, store: &mut Store, ns: &str, name: &str) {
        let (Some(drt), Some(rsrt)) = (rt(store, "apps", "deployments"), rt(store, "apps", "replicasets"))
        else {
            return;
        };
        let Ok(d) = store.get(&drt, Some(ns), name) else {
            self.rolling.remove(&(ns.to_string(), name.to_string()));
            return;
        };
        let Some(uid) = str_at(&d, "/metadata/uid") else {
            return;
        };
        let rss: Vec<Value> = store
            .owned_by(&rsrt, uid)
            .iter()
            .map(|rs| (**rs).clone())
            .collect();
        self.reconcile_deployment(store, &drt, &rsrt, &d, rss);
    }

    /// Drives `d`'s rollout, or makes its status counts follow its ReplicaSets `rss`.
    fn reconcile_deployment(
        &mut self,
        store: &mut Store,
        drt: &ResourceType,
        rsrt: &ResourceType,
        d: &Value,
        mut rss: Vec<Value>,
    ) {
        let (Some(ns), Some(name)) = (str_at(d, "/metadata/namespace"), str_at(d, "/metadata/name")) else {
            return;
        };
        if d.pointer("/metadata/deletionTimestamp").is_some() {
            return;
        }
        let key = (ns.to_string(), name.to_string());
        if driven(d, &rss) || self.rolling.contains(&key) {
            if self.roll(store, drt, rsrt, d, rss) {
                self.rolling.remove(&key);
            } else {
                self.rolling.insert(key);
            }
            return;
        }
        rss.sort_by_key(revision);
        let Some(current) = rss.last() else {
            return;
        };
        let all: Vec<&Value> = rss.iter().collect();
        let status = status_counts(Some(current), &all);
        let differs = [
            "replicas",
            "readyReplicas",
            "availableReplicas",
            "updatedReplicas",
            "unavailableReplicas",
        ]
        .iter()
        .any(|k| int(d, &format!("/status/{k}")) != status[k].as_i64().unwrap_or(0));
        if differs {
            let _ = store.patch_status(drt, Some(ns), name, PatchType::Merge, &json!({"status": status}));
        }
    }

    /// Deletes `n` of a ReplicaSet's pods, as its controller picks them:
    /// unscheduled first, then not ready, then the newest; the names deleted.
    pub(super) fn scale_down(
        &mut self,
        store: &mut Store,
        pods_rt: &ResourceType,
        owned: &[&Value],
        n: usize,
    ) -> Vec<String> {
        let mut victims: Vec<&Value> = owned
            .iter()
            .copied()
            .filter(|p| p.pointer("/metadata/deletionTimestamp").is_none())
            .collect();
        victims.sort_by_key(|p| {
            (
                p.pointer("/spec/nodeName").is_some(),
                disruption::pod_healthy(p),
                std::cmp::Reverse(str_at(p, "/metadata/creationTimestamp").unwrap_or("").to_string()),
            )
        });
        let mut removed = Vec::new();
        for p in victims.into_iter().take(n) {
            if self.delete_pod(store, pods_rt, p)
                && let Some(name) = str_at(p, "/metadata/name")
            {
                removed.push(name.to_string());
            }
        }
        removed
    }

    /// Deletes a pod gracefully, as a controller does (the kubelet stops it).
    pub(super) fn delete_pod(&mut self, store: &mut Store, pods_rt: &ResourceType, p: &Value) -> bool {
        let (Some(ns), Some(name)) = (str_at(p, "/metadata/namespace"), str_at(p, "/metadata/name")) else {
            return false;
        };
        self.pod_deleting(store, p);
        store
            .delete(pods_rt, Some(ns), name, Some(MAX_TERMINATION_SECONDS))
            .is_ok()
    }
}
