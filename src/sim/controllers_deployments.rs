//! The controllers' Deployment side (and ReplicaSet scale-down), as far as the sim needs it: a scaled
//! Deployment scales its current ReplicaSet (with the `ScalingReplicaSet`
//! event the deployment controller writes), and its status sums its
//! ReplicaSets'. A rollout in progress (an older ReplicaSet still scaled
//! up) is left as the scenario wrote it, conditions included.

use serde_json::{Value, json};

use super::{Controllers, MAX_TERMINATION_SECONDS, rt, str_at};
use crate::sim::disruption;
use crate::sim::events::{EventType, Report, Reporter};
use crate::sim::objects::patch::PatchType;
use crate::sim::objects::resource_type::ResourceType;
use crate::sim::objects::store::Store;

fn revision(rs: &Value) -> i64 {
    rs.pointer("/metadata/annotations/deployment.kubernetes.io~1revision")
        .and_then(Value::as_str)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

fn int(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}

/// The Deployment status fields its ReplicaSets add up to (`calculateStatus`).
pub fn status_of(desired_new: &Value, rss: &[Value]) -> Value {
    let sum = |ptr: &str| rss.iter().map(|r| int(r, ptr)).sum::<i64>();
    let total = rss
        .iter()
        .map(|r| r.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1))
        .sum::<i64>();
    let available = sum("/status/availableReplicas");
    json!({
        "replicas": sum("/status/replicas"),
        "readyReplicas": sum("/status/readyReplicas"),
        "availableReplicas": available,
        "updatedReplicas": int(desired_new, "/status/replicas"),
        "unavailableReplicas": (total - available).max(0),
    })
}

impl Controllers {
    pub(super) fn reconcile_deployments(&mut self, store: &mut Store, ns: &str) {
        let (Some(drt), Some(rsrt)) = (rt(store, "apps", "deployments"), rt(store, "apps", "replicasets"))
        else {
            return;
        };
        let deployments: Vec<Value> = match store.objects(&drt, Some(ns)) {
            Ok(it) => it.cloned().collect(),
            Err(_) => return,
        };
        if deployments.is_empty() {
            return;
        }
        let all_rs: Vec<Value> = match store.objects(&rsrt, Some(ns)) {
            Ok(it) => it.cloned().collect(),
            Err(_) => return,
        };
        for d in deployments {
            let (Some(name), Some(uid)) = (str_at(&d, "/metadata/name"), str_at(&d, "/metadata/uid")) else {
                continue;
            };
            let mut rss: Vec<Value> = all_rs
                .iter()
                .filter(|r| super::controller_ref(r).and_then(|o| o["uid"].as_str()) == Some(uid))
                .cloned()
                .collect();
            rss.sort_by_key(revision);
            let Some(current) = rss.last().cloned() else {
                continue;
            };
            let desired = d.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1);
            let now_scaled = current
                .pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            let rolling = rss[..rss.len() - 1]
                .iter()
                .any(|r| r.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1) > 0);
            let rs_name = str_at(&current, "/metadata/name").unwrap_or("").to_string();
            if !rolling && now_scaled != desired {
                let patch = json!({
                    "metadata": {"annotations": {"deployment.kubernetes.io/desired-replicas": desired.to_string()}},
                    "spec": {"replicas": desired},
                });
                if store
                    .patch_value(&rsrt, Some(ns), &rs_name, PatchType::Merge, &patch)
                    .is_ok()
                {
                    let way = if desired > now_scaled { "up" } else { "down" };
                    let r = Report::new(
                        EventType::Normal,
                        "ScalingReplicaSet",
                        format!("Scaled {way} replica set {rs_name} from {now_scaled} to {desired}"),
                    );
                    self.recorder
                        .record(store, &d, &r, &Reporter::legacy("deployment-controller", ""));
                    self.touch(ns);
                }
                continue;
            }
            let status = status_of(&current, &rss);
            let differs = [
                "replicas",
                "readyReplicas",
                "availableReplicas",
                "updatedReplicas",
                "unavailableReplicas",
            ]
            .iter()
            .any(|k| int(&d, &format!("/status/{k}")) != status[k].as_i64().unwrap_or(0));
            if differs {
                let _ =
                    store.patch_status(&drt, Some(ns), name, PatchType::Merge, &json!({"status": status}));
            }
        }
    }

    /// Deletes `n` of a ReplicaSet's pods, as its controller picks them:
    /// unscheduled first, then not ready, then the newest.
    pub(super) fn scale_down(
        &mut self,
        store: &mut Store,
        pods_rt: &ResourceType,
        owned: &[&Value],
        n: usize,
    ) -> i64 {
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
        let mut removed = 0;
        for p in victims.into_iter().take(n) {
            let (Some(ns), Some(name)) = (str_at(p, "/metadata/namespace"), str_at(p, "/metadata/name"))
            else {
                continue;
            };
            self.pod_deleting(store, p);
            if store
                .delete(pods_rt, Some(ns), name, Some(MAX_TERMINATION_SECONDS))
                .is_ok()
            {
                removed += 1;
            }
        }
        removed
    }
}
