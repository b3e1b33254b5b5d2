//! Problem pods for tests, built from manifests as the API server would
//! send them (through the slim type and the store's normalizer): the
//! states of an incident, relative to a given time.

use serde_json::{Value, json};

use crate::cluster::slim::pod::SlimPod;
use crate::cluster::store::intern::Interner;
use crate::cluster::store::records::PodRecord;

/// RFC 3339 of Unix seconds.
pub fn ts(t: i64) -> String {
    k8s_openapi::jiff::Timestamp::from_second(t)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// A pod from a manifest.
pub fn from_manifest(v: Value) -> PodRecord {
    let slim: SlimPod = serde_json::from_value(v).expect("a pod manifest");
    PodRecord::from_slim(&slim, &mut Interner::default())
}

fn meta(ns: &str, name: &str, created: i64, owner: Option<(&str, &str)>) -> Value {
    let mut m = json!({"name": name, "namespace": ns, "creationTimestamp": ts(created)});
    if let Some((kind, owner)) = owner {
        m["ownerReferences"] = json!([{"apiVersion": "apps/v1", "kind": kind, "name": owner,
            "uid": "u", "controller": true}]);
    }
    m
}

/// `payments/ledger-…` crash-looping: 17 restarts, the last 3 minutes before `now`, Error 1.
pub fn crashlooping(now: i64) -> PodRecord {
    from_manifest(json!({
        "metadata": meta("payments", "ledger-7d9f8-x2x4q", now - 86_400, Some(("ReplicaSet", "ledger-7d9f8"))),
        "spec": {"nodeName": "w-1", "containers": [{"name": "ledger"}]},
        "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "False"}],
            "containerStatuses": [{"name": "ledger", "ready": false, "restartCount": 17,
                "state": {"waiting": {"reason": "CrashLoopBackOff",
                    "message": "back-off 5m0s restarting failed container=ledger pod=ledger-7d9f8-x2x4q"}},
                "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                    "startedAt": ts(now - 200), "finishedAt": ts(now - 180)}}}]}
    }))
}

/// `data/etl-worker-…` running again after an OOM kill 10 minutes before `now`.
pub fn oom_killed(now: i64) -> PodRecord {
    from_manifest(json!({
        "metadata": meta("data", "etl-worker-5c6b7-q8d2k", now - 7200, Some(("ReplicaSet", "etl-worker-5c6b7"))),
        "spec": {"nodeName": "w-2", "containers": [{"name": "etl"}]},
        "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{"name": "etl", "ready": true, "restartCount": 1,
                "state": {"running": {"startedAt": ts(now - 590)}},
                "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                    "finishedAt": ts(now - 600)}}}]}
    }))
}

/// `web/recommender-…` whose image cannot be pulled.
pub fn image_pull(now: i64) -> PodRecord {
    from_manifest(json!({
        "metadata": meta("web", "recommender-6f5d4-m7n2p", now - 1800, Some(("ReplicaSet", "recommender-6f5d4"))),
        "spec": {"nodeName": "w-3", "containers": [{"name": "app"}]},
        "status": {"phase": "Pending",
            "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0,
                "state": {"waiting": {"reason": "ImagePullBackOff",
                    "message": "Back-off pulling image \"registry.example.com/recommender:v9\""}}}]}
    }))
}

/// `data/trainer-0` that no node can take.
pub fn unschedulable(now: i64) -> PodRecord {
    from_manifest(json!({
        "metadata": meta("data", "trainer-0", now - 900, Some(("StatefulSet", "trainer"))),
        "spec": {"containers": [{"name": "train"}]},
        "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False",
            "reason": "Unschedulable",
            "message": "0/6 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 5 Insufficient nvidia.com/gpu."}]}
    }))
}

/// `web/cache-…` stuck Terminating on node `node` since 20 minutes before `now`.
pub fn stuck_terminating(now: i64, node: &str) -> PodRecord {
    let mut m = meta(
        "web",
        "search-8c7d6-zz9k1",
        now - 86_400,
        Some(("ReplicaSet", "search-8c7d6")),
    );
    m["deletionTimestamp"] = json!(ts(now - 1200));
    m["deletionGracePeriodSeconds"] = json!(30);
    from_manifest(json!({
        "metadata": m,
        "spec": {"nodeName": node, "containers": [{"name": "search"}]},
        "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "False"}],
            "containerStatuses": [{"name": "search", "ready": false, "restartCount": 0,
                "state": {"running": {"startedAt": ts(now - 86_000)}}}]}
    }))
}

/// Every pod above.
pub fn incident(now: i64, lost_node: &str) -> Vec<PodRecord> {
    vec![
        crashlooping(now),
        oom_killed(now),
        image_pull(now),
        unschedulable(now),
        stuck_terminating(now, lost_node),
    ]
}
