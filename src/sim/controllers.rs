//! The simulated cluster's small controllers, so that a drain behaves as on
//! a real cluster: ReplicaSets and StatefulSets replace their pods (on a
//! node the scheduler picks), DaemonSet pods come back on their own node,
//! new pods start after a moment, terminating pods go, PDB status is kept
//! current, and the leases of live components are renewed.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::disruption;
use super::objects::patch::PatchType;
use super::objects::resource_type::ResourceType;
use super::objects::selector::LabelSelector;
use super::objects::store::Store;
use super::recorder::Recorder;
use super::scenarios::sim_time::{format_rfc3339, format_rfc3339_micro, parse_rfc3339};

#[path = "controllers_deployments.rs"]
mod deployments;
#[path = "controllers_kubelet.rs"]
mod kubelet_side;
pub use kubelet_side::kubelet_alive;
#[path = "controllers_daemonsets.rs"]
mod daemonsets;
#[path = "controllers_rollout.rs"]
mod rollout_side;
#[path = "controllers_scheduler.rs"]
mod scheduler_side;
#[path = "controllers_statefulsets.rs"]
mod statefulsets;
#[path = "controllers_targets.rs"]
mod targets;
pub use targets::RESYNC_SECONDS;

/// Seconds a new pod takes to become Ready.
pub const STARTUP_SECONDS: i64 = 2;
/// The longest a terminating pod lingers (its grace period, capped).
pub const MAX_TERMINATION_SECONDS: i64 = 1;

#[derive(Debug, Default)]
pub struct Controllers {
    /// Namespaces to reconcile whole.
    dirty: BTreeSet<String>,
    /// Pods changed since the last reconcile (their controllers and PDBs react).
    changed_pods: Vec<targets::PodChange>,
    /// (namespace, name) of Deployments whose ReplicaSets' status changed.
    deployments_due: BTreeSet<(String, String)>,
    /// The last namespace resynced whole, and when the next one is.
    resync_cursor: Option<String>,
    next_resync: i64,
    removed_pods: Vec<Value>,
    /// (namespace, name, ready at) of pods starting up.
    starting: Vec<(String, String, i64)>,
    /// (namespace, name, renew interval, next renewal) of live leases.
    leases: Vec<(String, String, i64, i64)>,
    /// The events the components write.
    pub recorder: Recorder,
    /// Pods with a `sim.kon/behaviour`, and when the kubelet looks again.
    misbehaving: BTreeMap<(String, String), i64>,
    /// Pods no node took, and when the scheduler retries.
    pending: BTreeMap<(String, String), i64>,
    /// Whether each node was Ready when last seen (for the node controller's events).
    node_ready: BTreeMap<String, bool>,
    /// When expired Events are next dropped.
    next_event_expiry: i64,
    /// (namespace, name) of the Deployments whose rollout the controller drives.
    rolling: BTreeSet<(String, String)>,
    /// (namespace, name) of the DaemonSets whose update the controller drives.
    rolling_daemons: BTreeSet<(String, String)>,
}

fn rt(store: &Store, group: &str, plural: &str) -> Option<ResourceType> {
    store.find_resource(group, plural).cloned()
}

fn str_at<'a>(v: &'a Value, ptr: &str) -> Option<&'a str> {
    v.pointer(ptr).and_then(Value::as_str)
}

fn controller_ref(pod: &Value) -> Option<&Value> {
    pod.pointer("/metadata/ownerReferences")?
        .as_array()?
        .iter()
        .find(|o| o["controller"] == true)
}

impl Controllers {
    /// Something in `namespace` changed that controllers may react to.
    pub fn touch(&mut self, namespace: &str) {
        self.dirty.insert(namespace.to_string());
    }

    /// A pod was removed from the store.
    pub fn pod_removed(&mut self, pod: Value) {
        self.pod_changed(&pod);
        self.removed_pods.push(pod);
        self.retry_scheduling();
    }

    /// Every namespace dirty (after loading a scenario: PDB status is recomputed).
    pub fn touch_all(&mut self, store: &Store) {
        if let Some(ns_rt) = rt(store, "", "namespaces")
            && let Ok(it) = store.objects(&ns_rt, None)
        {
            let names: Vec<String> = it
                .filter_map(|n| str_at(&n, "/metadata/name").map(str::to_string))
                .collect();
            self.dirty.extend(names);
        }
    }

    /// Remembers the leases that are live now, to keep them renewed; stale
    /// ones (a dead node's, a stuck leader's) stay stale, as the scenario says.
    pub fn adopt_leases(&mut self, store: &Store) {
        let Some(lease_rt) = rt(store, "coordination.k8s.io", "leases") else {
            return;
        };
        let Ok(it) = store.objects(&lease_rt, None) else {
            return;
        };
        let now = store.now();
        for l in it {
            let l: &Value = &l;
            let renewed = str_at(l, "/spec/renewTime").and_then(|t| parse_rfc3339(t).ok());
            let duration = l
                .pointer("/spec/leaseDurationSeconds")
                .and_then(Value::as_i64)
                .unwrap_or(15);
            let (Some(ns), Some(name), Some(renewed)) = (
                str_at(l, "/metadata/namespace"),
                str_at(l, "/metadata/name"),
                renewed,
            ) else {
                continue;
            };
            if renewed + duration >= now {
                let interval = if ns == "kube-node-lease" {
                    10
                } else {
                    (duration / 3).clamp(1, 10)
                };
                self.leases
                    .push((ns.to_string(), name.to_string(), interval, now + interval));
            }
        }
    }

    /// Time passing: terminating pods go, starting pods become Ready,
    /// leases are renewed.
    pub fn tick(&mut self, store: &mut Store) {
        for pod in store.finalize_deletions() {
            if pod["kind"] == "Pod" || pod.pointer("/spec/containers").is_some() {
                self.pod_removed(pod);
            }
        }
        let now = store.now();
        let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.starting)
            .into_iter()
            .partition(|s| s.2 <= now);
        self.starting = later;
        if let Some(pods) = rt(store, "", "pods") {
            for (ns, name, _) in due {
                let Ok(pod) = store.get(&pods, Some(&ns), &name) else {
                    continue;
                };
                if self.started(store, &pods, &pod) {
                    continue;
                }
                let status = running_status(&pod, now);
                let _ = store.patch_status(
                    &pods,
                    Some(&ns),
                    &name,
                    PatchType::Merge,
                    &json!({"status": status}),
                );
                self.pod_changed(&pod);
            }
        }
        self.kubelet_tick(store);
        self.resync_tick(store, now);
        if self.next_event_expiry <= now {
            self.next_event_expiry = now + 60;
            self.recorder.expire(store);
        }
        if let Some(leases) = rt(store, "coordination.k8s.io", "leases") {
            let stamp = format_rfc3339_micro(now);
            for (ns, name, interval, next) in &mut self.leases {
                if *next <= now {
                    *next = now + *interval;
                    let patch = json!({"spec": {"renewTime": stamp}});
                    let _ = store.patch_value(&leases, Some(ns), name, PatchType::Merge, &patch);
                }
            }
        }
    }

    /// Reacts to what changed since the last call.
    pub fn reconcile(&mut self, store: &mut Store) {
        for pod in std::mem::take(&mut self.removed_pods) {
            self.revive_daemon_pod(store, &pod);
        }
        let whole = std::mem::take(&mut self.dirty);
        let changed = std::mem::take(&mut self.changed_pods);
        for ns in &whole {
            self.reconcile_namespace(store, ns);
        }
        self.reconcile_changed(store, &whole, changed);
    }

    fn reconcile_namespace(&mut self, store: &mut Store, ns: &str) {
        let Some(pods_rt) = rt(store, "", "pods") else {
            return;
        };
        self.reconcile_deployments(store, ns);
        for (group, plural) in [("apps", "replicasets"), ("apps", "statefulsets")] {
            let Some(wrt) = rt(store, group, plural) else {
                continue;
            };
            let owners: Vec<Value> = match store.objects(&wrt, Some(ns)) {
                Ok(it) => it.map(Arc::unwrap_or_clone).collect(),
                Err(_) => continue,
            };
            for owner in owners {
                // Its pods as they stand before it is synced (from the index).
                let pods = store.owned_by(&pods_rt, str_at(&owner, "/metadata/uid").unwrap_or_default());
                let owner = if wrt.kind == "StatefulSet" {
                    self.sync_statefulset(store, &pods_rt, &wrt, owner, &pods)
                } else {
                    owner
                };
                self.scale(store, &pods_rt, &wrt, &owner, &pods);
            }
        }
        self.sync_daemonsets(store, ns, &pods_rt);
        self.update_pdbs(store, ns, &pods_rt, |_: &LabelSelector| true);
    }

    /// Brings a ReplicaSet or StatefulSet to its replica count and updates its status.
    fn scale(
        &mut self,
        store: &mut Store,
        pods_rt: &ResourceType,
        wrt: &ResourceType,
        owner: &Value,
        pods: &[Arc<Value>],
    ) {
        let (Some(ns), Some(name), Some(_uid)) = (
            str_at(owner, "/metadata/namespace"),
            str_at(owner, "/metadata/name"),
            str_at(owner, "/metadata/uid"),
        ) else {
            return;
        };
        let desired = owner
            .pointer("/spec/replicas")
            .and_then(Value::as_i64)
            .unwrap_or(1)
            .max(0);
        // Its pods (`pods` comes from the store's index of controllers).
        let owned: Vec<&Value> = pods.iter().map(Arc::as_ref).collect();
        let active = owned
            .iter()
            .filter(|p| p.pointer("/metadata/deletionTimestamp").is_none())
            .count() as i64;
        let stateful = wrt.kind == "StatefulSet";
        let mut created = 0;
        if active < desired {
            let names: Vec<Option<String>> = if stateful {
                (0..desired)
                    .map(|i| format!("{name}-{i}"))
                    .filter(|n| !owned.iter().any(|p| str_at(p, "/metadata/name") == Some(n)))
                    .map(Some)
                    .collect()
            } else {
                vec![None; (desired - active) as usize]
            };
            for pod_name in names {
                if self
                    .create_pod(store, pods_rt, owner, &wrt.kind, pod_name, None)
                    .is_some()
                {
                    created += 1;
                }
            }
        }
        let mut removed = Vec::new();
        if stateful {
            removed = self.stateful_scale_down(store, pods_rt, owner, &owned, desired);
        } else if active > desired {
            removed = self.scale_down(store, pods_rt, &owned, (active - desired) as usize);
        }
        // The pods deleted just now are no longer ready (as the next sync of
        // the real controller counts them): never more ready than replicas.
        let ready = owned
            .iter()
            .filter(|p| disruption::pod_healthy(p))
            .filter(|p| {
                !removed
                    .iter()
                    .any(|r| str_at(p, "/metadata/name") == Some(r.as_str()))
            })
            .count() as i64;
        let replicas = active + created - removed.len() as i64;
        let status = json!({
            "replicas": replicas,
            "readyReplicas": ready,
            "availableReplicas": ready,
            "observedGeneration": owner.pointer("/metadata/generation").cloned().unwrap_or(json!(1)),
        });
        let changed = ["replicas", "readyReplicas", "availableReplicas"]
            .iter()
            .any(|k| {
                owner
                    .pointer(&format!("/status/{k}"))
                    .and_then(Value::as_i64)
                    .unwrap_or(0)
                    != status[k].as_i64().unwrap_or(0)
            });
        if changed {
            let _ = store.patch_status(wrt, Some(ns), name, PatchType::Merge, &json!({"status": status}));
            // Its Deployment's status follows.
            self.deployment_due(owner);
        }
    }

    /// A DaemonSet's pod removed from a node that still exists comes back there.
    fn revive_daemon_pod(&mut self, store: &mut Store, pod: &Value) {
        let Some(owner_ref) = controller_ref(pod).filter(|o| o["kind"] == "DaemonSet") else {
            return;
        };
        let (Some(ns), Some(ds_name), Some(node)) = (
            str_at(pod, "/metadata/namespace"),
            owner_ref["name"].as_str(),
            str_at(pod, "/spec/nodeName"),
        ) else {
            return;
        };
        let (Some(ds_rt), Some(pods_rt), Some(nodes_rt)) = (
            rt(store, "apps", "daemonsets"),
            rt(store, "", "pods"),
            rt(store, "", "nodes"),
        ) else {
            return;
        };
        let (Ok(ds), Ok(_)) = (
            store.get(&ds_rt, Some(ns), ds_name),
            store.get(&nodes_rt, None, node),
        ) else {
            return;
        };
        self.create_pod(store, &pods_rt, &ds, "DaemonSet", None, Some(node.to_string()));
    }

    /// Creates a pod from `owner`'s template, scheduled (or on `node`), Pending
    /// until it starts.
    fn create_pod(
        &mut self,
        store: &mut Store,
        pods_rt: &ResourceType,
        owner: &Value,
        owner_kind: &str,
        name: Option<String>,
        node: Option<String>,
    ) -> Option<Value> {
        let ns = str_at(owner, "/metadata/namespace")?.to_string();
        let owner_name = str_at(owner, "/metadata/name")?;
        let template = owner.pointer("/spec/template")?;
        let mut meta = template.get("metadata").cloned().unwrap_or_else(|| json!({}));
        if !meta.is_object() {
            meta = json!({});
        }
        match &name {
            Some(n) => {
                meta["name"] = json!(n);
                meta["labels"]["statefulset.kubernetes.io/pod-name"] = json!(n);
                if let Some(rev) = owner.pointer("/status/updateRevision") {
                    meta["labels"][statefulsets::REVISION_LABEL] = rev.clone();
                }
                if let Some(i) = statefulsets::ordinal(owner_name, n) {
                    meta["labels"]["apps.kubernetes.io/pod-index"] = json!(i.to_string());
                }
            }
            None => meta["generateName"] = json!(format!("{owner_name}-")),
        }
        if owner_kind == "DaemonSet" {
            if let Some(hash) = daemonsets::daemon_hash(store, owner) {
                meta["labels"][statefulsets::REVISION_LABEL] = json!(hash);
            }
            if let Some(g) = owner.pointer("/metadata/generation").and_then(Value::as_i64) {
                meta["labels"]["pod-template-generation"] = json!(g.to_string());
            }
        }
        meta["namespace"] = json!(ns);
        meta["ownerReferences"] = json!([{
            "apiVersion": owner.get("apiVersion").cloned().unwrap_or(json!("apps/v1")),
            "kind": owner_kind,
            "name": owner_name,
            "uid": owner.pointer("/metadata/uid").cloned().unwrap_or(Value::Null),
            "controller": true,
            "blockOwnerDeletion": true,
        }]);
        let mut pod = json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": meta,
            "spec": template.get("spec").cloned().unwrap_or_else(|| json!({})),
        });
        if let Some(n) = &name {
            pod["spec"]["hostname"] = json!(n);
        }
        let now = store.now();
        let placed = match node {
            Some(n) => Ok(n),
            None => scheduler_side::place(store, pods_rt, &pod, Some(owner)),
        };
        match &placed {
            Ok(n) => {
                pod["spec"]["nodeName"] = json!(n);
                pod["status"] = json!({
                    "phase": "Pending",
                    "conditions": [{"type": "PodScheduled", "status": "True", "lastTransitionTime": format_rfc3339(now)}],
                });
            }
            Err(message) => {
                pod["status"] = json!({
                    "phase": "Pending",
                    "conditions": [scheduler_side::unschedulable_condition(message, now)],
                    "qosClass": "Burstable",
                });
            }
        }
        let created = store.create(pods_rt, Some(&ns), pod).ok()?;
        match &placed {
            Ok(_) => {
                if let Some(pod_name) = str_at(&created, "/metadata/name") {
                    self.starting
                        .push((ns.clone(), pod_name.to_string(), now + STARTUP_SECONDS));
                }
                self.scheduled(store, &created);
            }
            Err(message) => self.unschedulable(store, &created, message),
        }
        Some(created)
    }

    /// The status of the PDBs of `ns` whose selector `which` takes.
    fn update_pdbs(
        &mut self,
        store: &mut Store,
        ns: &str,
        pods_rt: &ResourceType,
        which: impl Fn(&LabelSelector) -> bool,
    ) {
        let Some(pdb_rt) = rt(store, "policy", "poddisruptionbudgets") else {
            return;
        };
        let pdbs: Vec<Value> = match store.objects(&pdb_rt, Some(ns)) {
            Ok(it) => it.map(Arc::unwrap_or_clone).collect(),
            Err(_) => return,
        };
        if pdbs.is_empty() {
            return;
        }
        if store.count(pods_rt).is_err() {
            return;
        }
        for pdb in pdbs {
            let Some(name) = str_at(&pdb, "/metadata/name") else {
                continue;
            };
            let selector = LabelSelector::from_structured(pdb.pointer("/spec/selector"));
            if selector.as_ref().is_ok_and(|sel| !which(sel)) {
                continue;
            }
            // The pods it selects (as `matching_pods`), from the label index.
            let selected: Vec<Arc<Value>> = selector
                .and_then(|sel| store.select(pods_rt, ns, &sel))
                .unwrap_or_default();
            let matching: Vec<&Value> = selected.iter().map(Arc::as_ref).collect();
            let Ok(b) = disruption::budget(&pdb, &matching, None) else {
                continue;
            };
            let generation = pdb
                .pointer("/metadata/generation")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            let mut status = disruption::status(&b, generation);
            // Keep the condition's transition time when nothing changed.
            let same = [
                "disruptionsAllowed",
                "currentHealthy",
                "desiredHealthy",
                "expectedPods",
            ]
            .iter()
            .all(|k| pdb.pointer(&format!("/status/{k}")) == status.get(*k));
            if same {
                continue;
            }
            if let Some(c) = status.pointer_mut("/conditions/0/lastTransitionTime") {
                *c = json!(format_rfc3339(store.now()));
            }
            let _ = store.patch_status(
                &pdb_rt,
                Some(ns),
                name,
                PatchType::Merge,
                &json!({"status": status}),
            );
        }
    }
}

/// The pods of `pods` that a PDB selects.
pub fn matching_pods<'a, P: Borrow<Value>>(pdb: &Value, pods: &'a [P]) -> Vec<&'a Value> {
    let Ok(sel) = LabelSelector::from_structured(pdb.pointer("/spec/selector")) else {
        return vec![];
    };
    pods.iter()
        .map(Borrow::borrow)
        .filter(|p| sel.matches(p.pointer("/metadata/labels").and_then(Value::as_object)))
        .collect()
}

/// The status of a pod that has started: Running, Ready, its containers up.
fn running_status(pod: &Value, now: i64) -> Value {
    let t = format_rfc3339(now);
    let containers: Vec<Value> = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    json!({
                        "name": c["name"], "image": c["image"], "imageID": "", "ready": true, "started": true,
                        "restartCount": 0, "state": {"running": {"startedAt": t}},
                        "containerID": format!("containerd://{:064x}", now),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let mut cond = Map::new();
    for ty in [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ] {
        cond.insert(
            ty.to_string(),
            json!({"type": ty, "status": "True", "lastTransitionTime": t}),
        );
    }
    json!({
        "phase": "Running",
        "conditions": cond.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
        "containerStatuses": containers,
        "startTime": t,
        "podIP": format!("10.244.{}.{}", (now / 250) % 250, now % 250 + 2),
        "qosClass": "Burstable",
    })
}

#[cfg(test)]
#[path = "controllers_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "controllers_targets_tests.rs"]
mod targets_tests;
