//! The controllers' kubelet and scheduler side: misbehaving pods evolve
//! (`kubelet`), unschedulable pods are retried and told why
//! (`scheduler_fit`), and what they do is written as Events.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::{Controllers, controller_ref, rt, str_at};
use crate::sim::events::{EventType, Report, Reporter};
use crate::sim::kubelet;
use crate::sim::objects::patch::PatchType;
use crate::sim::objects::resource_type::ResourceType;
use crate::sim::objects::store::Store;
use crate::sim::scenarios::sim_time::format_rfc3339;
use crate::sim::scheduler;
use crate::sim::scheduler_fit::{self, Used};

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

fn kubelet_on(pod: &Value) -> Reporter {
    Reporter::legacy("kubelet", str_at(pod, "/spec/nodeName").unwrap_or(""))
}

/// Whether the node's kubelet is alive (Ready), cordoned or not.
fn ready_node(node: &Value) -> bool {
    node.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| c["type"] == "Ready" && c["status"] == "True"))
}

/// Where `pod` can go, or the scheduler's message saying why nowhere.
pub(super) fn place(
    store: &Store,
    pods_rt: &ResourceType,
    pod: &Value,
    owner: Option<&Value>,
) -> Result<String, String> {
    let nodes: Vec<Value> = match rt(store, "", "nodes")
        .and_then(|n| store.objects(&n, None).ok().map(|it| it.cloned().collect()))
    {
        Some(n) => n,
        None => return Err("no nodes available to schedule pods".into()),
    };
    let owner_uid = owner.and_then(|o| str_at(o, "/metadata/uid"));
    let mut used: HashMap<String, Used> = HashMap::new();
    let mut per_node: HashMap<String, usize> = HashMap::new();
    let mut siblings: HashMap<String, usize> = HashMap::new();
    if let Ok(it) = store.objects(pods_rt, None) {
        for p in it {
            let Some(n) = str_at(p, "/spec/nodeName") else {
                continue;
            };
            if matches!(str_at(p, "/status/phase"), Some("Succeeded" | "Failed")) {
                continue;
            }
            used.entry(n.to_string()).or_default().add(p);
            *per_node.entry(n.to_string()).or_default() += 1;
            if owner_uid.is_some() && controller_ref(p).and_then(|o| o["uid"].as_str()) == owner_uid {
                *siblings.entry(n.to_string()).or_default() += 1;
            }
        }
    }
    let fitting: Vec<&Value> = nodes
        .iter()
        .filter(|n| {
            let name = str_at(n, "/metadata/name").unwrap_or("");
            scheduler_fit::node_reasons(pod, n, used.get(name).copied().unwrap_or_default())
                .0
                .is_empty()
        })
        .collect();
    if let Some(n) = scheduler::pick_node(pod, &fitting, &per_node, &siblings) {
        return Ok(n.to_string());
    }
    let all: Vec<&Value> = nodes.iter().collect();
    Err(scheduler_fit::explain(pod, &all, &used).unwrap_or_else(|| {
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
    /// Remembers the scenario's misbehaving and unscheduled pods.
    pub fn adopt_pods(&mut self, store: &Store) {
        let Some(pods) = rt(store, "", "pods") else {
            return;
        };
        let Ok(it) = store.objects(&pods, None) else {
            return;
        };
        let now = store.now();
        for p in it {
            let (Some(ns), Some(name)) = (str_at(p, "/metadata/namespace"), str_at(p, "/metadata/name"))
            else {
                continue;
            };
            if p.pointer("/metadata/deletionTimestamp").is_some() {
                continue;
            }
            let key = (ns.to_string(), name.to_string());
            if str_at(p, "/spec/nodeName").is_none() {
                if str_at(p, "/status/phase").is_none_or(|ph| ph == "Pending") {
                    self.pending.insert(key, now + SCHEDULING_RETRY_SECONDS);
                }
            } else if let Some(b) = kubelet::behaviour(p) {
                self.misbehaving.insert(key, kubelet::first_look(p, b, now));
            }
        }
    }

    /// Remembers which nodes are Ready.
    pub fn adopt_nodes(&mut self, store: &Store) {
        let Some(nodes) = rt(store, "", "nodes") else {
            return;
        };
        if let Ok(it) = store.objects(&nodes, None) {
            for n in it {
                if let Some(name) = str_at(n, "/metadata/name") {
                    self.node_ready.insert(name.to_string(), ready_node(n));
                }
            }
        }
    }

    /// A node was written: when its readiness changed, the node lifecycle
    /// controller says so on the node (and, going NotReady, on its pods).
    pub fn node_changed(&mut self, store: &mut Store, node: &Value) {
        self.retry_scheduling();
        let Some(name) = str_at(node, "/metadata/name") else {
            return;
        };
        let ready = ready_node(node);
        if self.node_ready.insert(name.to_string(), ready) == Some(ready) {
            return;
        }
        let by = Reporter::legacy("node-controller", "");
        let state = if ready { "NodeReady" } else { "NodeNotReady" };
        let r = Report::new(
            EventType::Normal,
            state,
            format!("Node {name} status is now: {state}"),
        );
        self.recorder.record(store, node, &r, &by);
        if ready {
            return;
        }
        let Some(pods) = rt(store, "", "pods") else {
            return;
        };
        let on_node: Vec<Value> = match store.objects(&pods, None) {
            Ok(it) => it
                .filter(|p| str_at(p, "/spec/nodeName") == Some(name))
                .cloned()
                .collect(),
            Err(_) => return,
        };
        for p in on_node {
            let r = Report::new(EventType::Warning, "NodeNotReady", "Node is not ready");
            self.recorder.record(store, &p, &r, &by);
        }
    }

    /// The cluster changed in a way that may let pending pods schedule.
    pub fn retry_scheduling(&mut self) {
        for due in self.pending.values_mut() {
            *due = 0;
        }
    }

    /// A graceful delete of a running pod: its kubelet stops the containers.
    pub fn pod_deleting(&mut self, store: &mut Store, pod: &Value) {
        let Some(node) = str_at(pod, "/spec/nodeName") else {
            return;
        };
        let names: Vec<String> = pod
            .pointer("/spec/containers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| c["name"].as_str().map(str::to_string))
            .collect();
        let by = Reporter::legacy("kubelet", node);
        for c in names {
            let r =
                Report::new(EventType::Normal, "Killing", format!("Stopping container {c}")).on_container(&c);
            self.recorder.record(store, pod, &r, &by);
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

    /// A started pod: the kubelet's events, and its misbehaviour from now on.
    pub(super) fn started(&mut self, store: &mut Store, pods: &ResourceType, pod: &Value) -> bool {
        let now = store.now();
        let Some(b) = kubelet::behaviour(pod) else {
            let by = kubelet_on(pod);
            if let Some(c) = pod.pointer("/spec/containers/0") {
                let (name, image) = (
                    c["name"].as_str().unwrap_or(""),
                    c["image"].as_str().unwrap_or(""),
                );
                for r in [
                    Report::new(
                        EventType::Normal,
                        "Pulled",
                        format!("Container image \"{image}\" already present on machine"),
                    ),
                    Report::new(EventType::Normal, "Created", format!("Created container: {name}")),
                    Report::new(EventType::Normal, "Started", format!("Started container {name}")),
                ] {
                    self.recorder.record(store, pod, &r.on_container(name), &by);
                }
            }
            return false;
        };
        self.apply(store, pods, pod, kubelet::start(pod, b, now));
        true
    }

    fn apply(&mut self, store: &mut Store, pods: &ResourceType, pod: &Value, step: kubelet::Step) {
        let (Some(ns), Some(name)) = (str_at(pod, "/metadata/namespace"), str_at(pod, "/metadata/name"))
        else {
            return;
        };
        let (ns, name) = (ns.to_string(), name.to_string());
        if let Some(status) = step.status {
            if kubelet::oom_killed_at(&status, store.now()) {
                self.oom_killing(store, pod);
            }
            let _ = store.patch_status(
                pods,
                Some(&ns),
                &name,
                PatchType::Merge,
                &json!({"status": status}),
            );
            self.touch(&ns);
        }
        let by = kubelet_on(pod);
        for r in &step.events {
            self.recorder.record(store, pod, r, &by);
        }
        self.misbehaving.insert((ns, name), step.next);
    }

    /// A container was OOM-killed: node-problem-detector's kernel monitor,
    /// where it runs on the node, reports `OOMKilling` on the node (the
    /// kubelet itself writes no event for a container's OOM kill).
    fn oom_killing(&mut self, store: &mut Store, pod: &Value) {
        let (Some(nodes), Some(node)) = (rt(store, "", "nodes"), str_at(pod, "/spec/nodeName")) else {
            return;
        };
        let Ok(node_obj) = store.get(&nodes, None, node) else {
            return;
        };
        if !runs_node_problem_detector(store, &node_obj) {
            return;
        }
        let r = Report::new(
            EventType::Warning,
            "OOMKilling",
            kubelet::oom_kernel_line(pod, store.now()),
        );
        self.recorder
            .record(store, &node_obj, &r, &Reporter::legacy("kernel-monitor", node));
    }

    /// Time passing for misbehaving and unschedulable pods.
    pub(super) fn kubelet_tick(&mut self, store: &mut Store) {
        let now = store.now();
        let Some(pods) = rt(store, "", "pods") else {
            return;
        };
        let due: Vec<(String, String)> = self
            .misbehaving
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in due {
            let pod = store.get(&pods, Some(&key.0), &key.1).ok();
            let Some((pod, b)) = pod
                .filter(|p| p.pointer("/metadata/deletionTimestamp").is_none())
                .and_then(|p| kubelet::behaviour(&p).map(|b| (p, b)))
            else {
                self.misbehaving.remove(&key);
                continue;
            };
            if !self.node_alive(store, &pod) {
                // A dead kubelet writes nothing.
                self.misbehaving.insert(key, now + 10);
                continue;
            }
            let step = kubelet::step(&pod, b, now);
            self.apply(store, &pods, &pod, step);
        }
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

    fn node_alive(&self, store: &Store, pod: &Value) -> bool {
        kubelet_alive(store, pod)
    }
}

/// Whether the kubelet of the pod's node is alive (the node is Ready).
pub fn kubelet_alive(store: &Store, pod: &Value) -> bool {
    let (Some(nodes), Some(node)) = (rt(store, "", "nodes"), str_at(pod, "/spec/nodeName")) else {
        return false;
    };
    store.get(&nodes, None, node).is_ok_and(|n| ready_node(&n))
}

/// `PodScheduled=False` with the scheduler's reason and message.
pub(super) fn unschedulable_condition(message: &str, now: i64) -> Value {
    json!({
        "type": "PodScheduled", "status": "False", "reason": "Unschedulable",
        "message": message, "lastProbeTime": null, "lastTransitionTime": format_rfc3339(now),
    })
}

/// Whether node-problem-detector watches this node: its conditions on the
/// node (GKE and AKS run it on the node itself), or its pod there.
pub fn runs_node_problem_detector(store: &Store, node: &Value) -> bool {
    let conditions = node
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| c["type"] == "KernelDeadlock"));
    if conditions {
        return true;
    }
    let (Some(pods), Some(name)) = (rt(store, "", "pods"), str_at(node, "/metadata/name")) else {
        return false;
    };
    store.objects(&pods, None).is_ok_and(|mut it| {
        it.any(|p| {
            str_at(p, "/spec/nodeName") == Some(name)
                && str_at(p, "/metadata/name").is_some_and(|n| n.starts_with("node-problem-detector"))
        })
    })
}
