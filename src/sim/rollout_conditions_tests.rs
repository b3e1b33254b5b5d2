//! The Deployment conditions after a sync, as `kubectl rollout status` reads them.

use serde_json::{Value, json};

use super::*;

const T: i64 = 1_767_225_600;

fn deployment(replicas: i64, status: Value) -> Value {
    json!({"metadata": {"name": "web", "generation": 2}, "spec": {"replicas": replicas}, "status": status})
}

fn reason(conds: &[Value], type_: &str) -> String {
    condition(conds, type_)
        .and_then(|c| c["reason"].as_str())
        .unwrap_or_default()
        .to_string()
}

fn counts(replicas: i64, updated: i64, available: i64) -> Value {
    json!({"replicas": replicas, "updatedReplicas": updated, "readyReplicas": available,
        "availableReplicas": available, "unavailableReplicas": 0})
}

#[test]
fn a_new_replica_set_is_told_then_progress_then_success() {
    let done = json!({"replicas": 3, "updatedReplicas": 3, "availableReplicas": 3, "readyReplicas": 3,
        "conditions": [{"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
            "lastUpdateTime": "2026-01-01T00:00:00Z", "lastTransitionTime": "2026-01-01T00:00:00Z"}]});
    let d = deployment(3, done);
    let c = conditions(&d, &counts(3, 0, 3), "web-abc", Found::Created, T);
    assert_eq!(reason(&c, "Progressing"), "NewReplicaSetCreated");
    assert_eq!(
        condition(&c, "Progressing").map(|c| c["message"].clone()),
        Some(json!("Created new replica set \"web-abc\""))
    );
    // The transition time stays while the status stays True.
    assert_eq!(
        condition(&c, "Progressing").map(|c| c["lastTransitionTime"].clone()),
        Some(json!("2026-01-01T00:00:00Z"))
    );
    assert_eq!(reason(&c, "Available"), "MinimumReplicasAvailable");

    let d = deployment(
        3,
        json!({"replicas": 3, "updatedReplicas": 0, "availableReplicas": 3, "conditions": c}),
    );
    let c = conditions(&d, &counts(4, 1, 3), "web-abc", Found::Existing, T + 5);
    assert_eq!(reason(&c, "Progressing"), "ReplicaSetUpdated");

    let d = deployment(
        3,
        json!({"replicas": 4, "updatedReplicas": 1, "availableReplicas": 3, "conditions": c}),
    );
    let c = conditions(&d, &counts(3, 3, 3), "web-abc", Found::Existing, T + 10);
    assert_eq!(reason(&c, "Progressing"), "NewReplicaSetAvailable");
    assert_eq!(
        condition(&c, "Progressing").map(|c| c["message"].clone()),
        Some(json!("ReplicaSet \"web-abc\" has successfully progressed."))
    );
}

#[test]
fn no_progress_past_the_deadline_times_out_and_too_few_available_is_told() {
    let stamp = "2026-01-01T00:00:00Z";
    let status = json!({"replicas": 4, "updatedReplicas": 1, "availableReplicas": 1, "readyReplicas": 1,
        "conditions": [{"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
            "lastUpdateTime": stamp, "lastTransitionTime": stamp}]});
    let mut d = deployment(4, status);
    d["spec"]["progressDeadlineSeconds"] = json!(60);
    let then = crate::sim::scenarios::sim_time::parse_rfc3339(stamp).unwrap_or_default();
    let c = conditions(&d, &counts(4, 1, 1), "web-abc", Found::Existing, then + 30);
    assert_eq!(reason(&c, "Progressing"), "ReplicaSetUpdated", "not yet");
    let c = conditions(&d, &counts(4, 1, 1), "web-abc", Found::Existing, then + 61);
    assert_eq!(reason(&c, "Progressing"), "ProgressDeadlineExceeded");
    assert_eq!(
        condition(&c, "Progressing").map(|c| c["status"].clone()),
        Some(json!("False"))
    );
    assert_eq!(reason(&c, "Available"), "MinimumReplicasUnavailable");
}
