//! The controllers' kubelet side: misbehaving pods evolve (`kubelet`),
//! started pods and deleted ones get the kubelet's events, a node going
//! NotReady is told by the node lifecycle controller, OOM kills by
//! node-problem-detector where it runs.

use serde_json::{Value, json};

use super::scheduler_side::SCHEDULING_RETRY_SECONDS;
use super::{Controllers, rt, str_at};
use crate::sim::events::{EventType, Report, Reporter};
use crate::sim::kubelet;
use crate::sim::objects::patch::PatchType;
use crate::sim::objects::resource_type::ResourceType;
use crate::sim::objects::store::Store;

fn kubelet_on(pod: &Value) -> Reporter {
    Reporter::legacy("kubelet", str_at(pod, "/spec/nodeName").unwrap_or(""))
}

/// Whether the node's kubelet is alive (Ready), cordoned or not.
pub(super) fn ready_node(node: &Value) -> bool {
    node.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| c["type"] == "Ready" && c["status"] == "True"))
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
            let p: &Value = &p;
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
                let n: &Value = &n;
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
        let on_node = store.on_node(&pods, name);
        for p in on_node {
            let r = Report::new(EventType::Warning, "NodeNotReady", "Node is not ready");
            self.recorder.record(store, &p, &r, &by);
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
            self.pod_changed(pod);
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
        self.scheduler_tick(store);
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
    store
        .on_node(&pods, name)
        .iter()
        .any(|p| str_at(p, "/metadata/name").is_some_and(|n| n.starts_with("node-problem-detector")))
}
