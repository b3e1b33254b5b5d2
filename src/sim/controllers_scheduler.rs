//! The controllers' scheduler side: where a pod goes (the nodes' taints,
//! selectors and free resources, then the spreading of `scheduler`), and
//! for a pod no node takes, the condition and `FailedScheduling` events
//! with the message the real scheduler writes, retried as it retries.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

use super::kubelet_side::ready_node;
use super::{Controllers, rt, str_at};
use crate::sim::events::{EventType, Report, Reporter};
use crate::sim::objects::patch::PatchType;
use crate::sim::objects::resource_type::ResourceType;
use crate::sim::objects::store::Store;
use crate::sim::scenarios::sim_time::format_rfc3339;
use crate::sim::scheduler;
use crate::sim::scheduler_fit;

/// How long the scheduler waits before retrying an unschedulable pod when
/// nothing in the cluster changed (podMaxInUnschedulablePodsDuration).
pub const SCHEDULING_RETRY_SECONDS: i64 = 300;

pub(super) fn scheduler_reporter() -> Reporter {
    Reporter {
        component: "default-scheduler".into(),
        instance: "default-scheduler-control-plane-1".into(),
        new_api: true,
    }
}

/// Where `pod` can go, or the scheduler's message saying why nowhere.
pub(super) fn place(
    store: &Store,
    pods_rt: &ResourceType,
    pod: &Value,
    owner: Option<&Value>,
) -> Result<String, String> {
    let Some(nodes_rt) = rt(store, "", "nodes") else {
        return Err("no nodes available to schedule pods".into());
    };
    let Ok(held) = store
        .objects(&nodes_rt, None)
        .map(Iterator::collect::<Vec<Arc<Value>>>)
    else {
        return Err("no nodes available to schedule pods".into());
    };
    let nodes: Vec<&Value> = held.iter().map(|n| &**n).collect();
    // What each node runs (pods not Succeeded or Failed), from the store's index.
    let no_use = HashMap::new();
    let used = store.used_by_node(pods_rt).unwrap_or(&no_use);
    let mut siblings: HashMap<String, usize> = HashMap::new();
    if let Some(uid) = owner.and_then(|o| str_at(o, "/metadata/uid")) {
        for p in store.owned_by(pods_rt, uid) {
            let Some(n) = str_at(&p, "/spec/nodeName") else {
                continue;
            };
            if matches!(str_at(&p, "/status/phase"), Some("Succeeded" | "Failed")) {
                continue;
            }
            *siblings.entry(n.to_string()).or_default() += 1;
        }
    }
    let per_node = |n: &str| used.get(n).map_or(0, |u| usize::try_from(u.pods).unwrap_or(0));
    let asks = scheduler_fit::requests(pod);
    let fitting: Vec<&Value> = nodes
        .iter()
        .copied()
        .filter(|n| {
            let name = str_at(n, "/metadata/name").unwrap_or("");
            scheduler_fit::node_reasons_asking(pod, asks, n, used.get(name).copied().unwrap_or_default())
                .0
                .is_empty()
        })
        .collect();
    if let Some(n) = scheduler::pick_node(pod, &fitting, per_node, &siblings) {
        return Ok(n.to_string());
    }
    Err(scheduler_fit::explain(pod, &nodes, used).unwrap_or_else(|| {
        // Every node passes the filters but none is Ready: what the taints
        // a Ready-less node gets would say.
        let ready = nodes.iter().filter(|n| ready_node(n)).count();
        format!(
            "0/{} nodes are available: {} node(s) were not ready.",
            nodes.len(),
            nodes.len() - ready
        )
    }))
}

impl Controllers {
    /// The cluster changed in a way that may let pending pods schedule.
    pub fn retry_scheduling(&mut self) {
        for due in self.pending.values_mut() {
            *due = 0;
        }
    }

    /// A new pod was bound (by the scheduler, or to its DaemonSet's node).
    pub(super) fn scheduled(&mut self, store: &mut Store, pod: &Value) {
        let (Some(ns), Some(name), Some(node)) = (
            str_at(pod, "/metadata/namespace"),
            str_at(pod, "/metadata/name"),
            str_at(pod, "/spec/nodeName"),
        ) else {
            return;
        };
        let r = Report::new(
            EventType::Normal,
            "Scheduled",
            format!("Successfully assigned {ns}/{name} to {node}"),
        );
        self.recorder.record(store, pod, &r, &scheduler_reporter());
    }

    /// A pod no node takes: its condition says why, and the scheduler tells it.
    pub(super) fn unschedulable(&mut self, store: &mut Store, pod: &Value, message: &str) {
        let r = Report::new(EventType::Warning, "FailedScheduling", message);
        self.recorder.record(store, pod, &r, &scheduler_reporter());
        if let (Some(ns), Some(name)) = (str_at(pod, "/metadata/namespace"), str_at(pod, "/metadata/name")) {
            self.pending.insert(
                (ns.to_string(), name.to_string()),
                store.now() + SCHEDULING_RETRY_SECONDS,
            );
        }
    }

    /// Retries the unschedulable pods that are due.
    pub(super) fn scheduler_tick(&mut self, store: &mut Store) {
        let now = store.now();
        let Some(pods) = rt(store, "", "pods") else {
            return;
        };
        let due: Vec<(String, String)> = self
            .pending
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in due {
            self.pending.remove(&key);
            let Ok(pod) = store.get(&pods, Some(&key.0), &key.1) else {
                continue;
            };
            if pod.pointer("/spec/nodeName").is_some() || pod.pointer("/metadata/deletionTimestamp").is_some()
            {
                continue;
            }
            match place(store, &pods, &pod, None) {
                Ok(node) => {
                    let stamp = format_rfc3339(now);
                    let patch = json!({"spec": {"nodeName": node}});
                    let _ = store.patch_value(&pods, Some(&key.0), &key.1, PatchType::Merge, &patch);
                    let cond = json!({"status": {"conditions": [{"type": "PodScheduled", "status": "True", "lastTransitionTime": stamp}]}});
                    if let Ok(bound) =
                        store.patch_status(&pods, Some(&key.0), &key.1, PatchType::Merge, &cond)
                    {
                        self.scheduled(store, &bound);
                    }
                    self.starting
                        .push((key.0.clone(), key.1.clone(), now + super::STARTUP_SECONDS));
                    self.touch(&key.0);
                }
                Err(message) => {
                    let current = pod
                        .pointer("/status/conditions")
                        .and_then(Value::as_array)
                        .and_then(|cs| cs.iter().find(|c| c["type"] == "PodScheduled"))
                        .and_then(|c| c["message"].as_str());
                    if current != Some(message.as_str()) {
                        let cond =
                            json!({"status": {"conditions": [unschedulable_condition(&message, now)]}});
                        let _ = store.patch_status(&pods, Some(&key.0), &key.1, PatchType::Merge, &cond);
                    }
                    self.unschedulable(store, &pod, &message);
                }
            }
        }
    }
}

/// `PodScheduled=False` with the scheduler's reason and message.
pub(super) fn unschedulable_condition(message: &str, now: i64) -> Value {
    json!({
        "type": "PodScheduled", "status": "False", "reason": "Unschedulable",
        "message": message, "lastProbeTime": null, "lastTransitionTime": format_rfc3339(now),
    })
}
