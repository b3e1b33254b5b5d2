//! Pod churn (`kon sim --pod-churn N`, `faults.podChurnPerSecond`): a
//! steady stream of the pod changes a busy cluster makes, one per call of
//! [`Churn::step`], written through the store like any other write so that
//! watchers see MODIFIED, ADDED and DELETED events.
//!
//! The changes come in a cycle of four: a running pod turns unready, another
//! pod's container restarts (its restart count grows), the unready pod is
//! ready again, and a pod of a ReplicaSet is deleted (its ReplicaSet creates
//! the replacement, which then starts as any new pod does). Pods are taken in
//! key order from a cursor that wraps around, so the changes spread over the
//! whole cluster; pods that misbehave on purpose (`sim.kon/behaviour`), are
//! not running or are terminating are passed over.

use std::sync::Arc;

use serde_json::{Value, json};

use super::objects::patch::PatchType;
use super::objects::resource_type::ResourceType;
use super::scenarios::sim_time::format_rfc3339;
use super::state::World;

/// The most pods looked at for one change (the rest wait for the next step).
const SCAN: usize = 64;

/// What one step did, for tests and logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `namespace/name` turned unready.
    Unready(String),
    /// `namespace/name`'s first container restarted.
    Restarted(String),
    /// `namespace/name` is ready again.
    Ready(String),
    /// `namespace/name` was deleted; its ReplicaSet replaces it.
    Deleted(String),
}

/// How many steps are due so that `per_second` are made on average from
/// `started`: a late tick makes the ones that fell due meanwhile, at most
/// a second's worth (after a longer stall the rest is let go rather than
/// burst).
#[derive(Debug, Clone)]
pub struct Pace {
    per_second: u32,
    started: std::time::Instant,
    done: u64,
}

impl Pace {
    pub fn new(per_second: u32, started: std::time::Instant) -> Self {
        Self {
            per_second,
            started,
            done: 0,
        }
    }

    /// The steps due at `now` (counted as made).
    pub fn due(&mut self, now: std::time::Instant) -> u32 {
        let elapsed = now.saturating_duration_since(self.started);
        let owed = (elapsed.as_secs_f64() * f64::from(self.per_second)) as u64;
        let cap = u64::from(self.per_second.max(1));
        if owed.saturating_sub(self.done) > cap {
            self.done = owed - cap;
        }
        let due = owed.saturating_sub(self.done);
        self.done += due;
        u32::try_from(due).unwrap_or(u32::MAX)
    }
}

/// The churn's position: the last pod looked at and the step of the cycle.
#[derive(Debug, Default, Clone)]
pub struct Churn {
    cursor: Option<String>,
    step: u64,
    unready: Option<(String, String)>,
}

fn running(pod: &Value) -> bool {
    pod.pointer("/status/phase").and_then(Value::as_str) == Some("Running")
        && pod.pointer("/metadata/deletionTimestamp").is_none()
        && super::kubelet::behaviour(pod).is_none()
        && pod
            .pointer("/status/containerStatuses/0")
            .is_some_and(Value::is_object)
}

fn replicaset_owned(pod: &Value) -> bool {
    pod.pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|o| o["controller"] == true && o["kind"] == "ReplicaSet")
}

fn ns_name(pod: &Value) -> Option<(String, String)> {
    let m = pod.get("metadata")?;
    Some((
        m["namespace"].as_str()?.to_string(),
        m["name"].as_str()?.to_string(),
    ))
}

impl Churn {
    /// Makes the next change, if a pod fits it (None: no pod did among the
    /// next few looked at, or the store serves no pods).
    pub fn step(&mut self, w: &mut World) -> Option<Change> {
        let pods = w.store.find_resource("", "pods").cloned()?;
        let phase = self.step % 4;
        self.step += 1;
        match phase {
            0 => {
                let pod = self.next(w, &pods, running)?;
                let (ns, name) = ns_name(&pod)?;
                set_ready(w, &pods, &pod, false)?;
                self.unready = Some((ns.clone(), name.clone()));
                Some(Change::Unready(format!("{ns}/{name}")))
            }
            1 => {
                let pod = self.next(w, &pods, running)?;
                let (ns, name) = ns_name(&pod)?;
                restart(w, &pods, &pod)?;
                Some(Change::Restarted(format!("{ns}/{name}")))
            }
            2 => {
                let (ns, name) = self.unready.take()?;
                let pod = w.store.get(&pods, Some(&ns), &name).ok()?;
                set_ready(w, &pods, &pod, true)?;
                Some(Change::Ready(format!("{ns}/{name}")))
            }
            _ => {
                let pod = self.next(w, &pods, |p| running(p) && replicaset_owned(p))?;
                let (ns, name) = ns_name(&pod)?;
                super::deletion::delete(w, &pods, Some(&ns), &name, Some(0)).ok()?;
                Some(Change::Deleted(format!("{ns}/{name}")))
            }
        }
    }

    /// The next pod after the cursor (wrapping around) that `fits`.
    fn next(&mut self, w: &World, pods: &ResourceType, fits: impl Fn(&Value) -> bool) -> Option<Arc<Value>> {
        for _ in 0..SCAN {
            let (key, pod) = w.store.next_after(pods, self.cursor.as_deref())?;
            self.cursor = Some(key);
            if fits(&pod) {
                return Some(pod);
            }
        }
        None
    }
}

/// Sets the pod's Ready and ContainersReady conditions and its containers'
/// `ready` (and `started`) as a kubelet whose readiness probe flipped would.
fn set_ready(w: &mut World, pods: &ResourceType, pod: &Value, ready: bool) -> Option<()> {
    let (ns, name) = ns_name(pod)?;
    let status = if ready { "True" } else { "False" };
    let now = format_rfc3339(w.store.now());
    let mut statuses = pod
        .pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let names: Vec<&str> = statuses.iter().filter_map(|s| s["name"].as_str()).collect();
    let message = format!("containers with unready status: [{}]", names.join(" "));
    let mut conditions = pod
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for t in ["Ready", "ContainersReady"] {
        let mut c = json!({"type": t, "status": status, "lastProbeTime": null, "lastTransitionTime": now});
        if !ready {
            c["reason"] = json!("ContainersNotReady");
            c["message"] = json!(message);
        }
        match conditions.iter_mut().find(|c| c["type"] == t) {
            Some(old) => *old = c,
            None => conditions.push(c),
        }
    }
    for s in &mut statuses {
        s["ready"] = json!(ready);
    }
    let patch = json!({"status": {"conditions": conditions, "containerStatuses": statuses}});
    w.store
        .patch_status(pods, Some(&ns), &name, PatchType::Merge, &patch)
        .ok()?;
    w.controllers.pod_changed(pod);
    Some(())
}

/// The pod's first container exits with code 1 and is started again: its
/// restart count grows and its last state says why.
fn restart(w: &mut World, pods: &ResourceType, pod: &Value) -> Option<()> {
    let (ns, name) = ns_name(pod)?;
    let now = format_rfc3339(w.store.now());
    let mut statuses = pod
        .pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .cloned()?;
    let first = statuses.first_mut()?;
    let count = first["restartCount"].as_i64().unwrap_or(0);
    let started = first
        .pointer("/state/running/startedAt")
        .cloned()
        .unwrap_or_else(|| json!(now));
    first["restartCount"] = json!(count + 1);
    first["lastState"] = json!({"terminated": {
        "exitCode": 1, "reason": "Error", "startedAt": started, "finishedAt": now,
    }});
    first["state"] = json!({"running": {"startedAt": now}});
    let patch = json!({"status": {"containerStatuses": statuses}});
    w.store
        .patch_status(pods, Some(&ns), &name, PatchType::Merge, &patch)
        .ok()?;
    w.controllers.pod_changed(pod);
    Some(())
}

#[cfg(test)]
#[path = "churn_tests.rs"]
mod tests;
