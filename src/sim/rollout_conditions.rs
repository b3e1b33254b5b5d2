//! A Deployment's `Available` and `Progressing` conditions after one sync of
//! its controller (`syncRolloutStatus`), pure: what `kubectl rollout status`
//! and `kubectl describe` read.

use serde_json::{Value, json};

use super::rollout::fenceposts;
use super::scenarios::sim_time::{format_rfc3339, parse_rfc3339};

/// What this sync did about the new ReplicaSet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// It was created now.
    Created,
    /// It already existed.
    Existing,
}

/// Reasons of a Progressing condition while a rollout goes on (the
/// controller keeps driving such a Deployment).
pub const ROLLING_REASONS: &[&str] = &["NewReplicaSetCreated", "FoundNewReplicaSet", "ReplicaSetUpdated"];

fn int(v: &Value, p: &str) -> i64 {
    v.pointer(p).and_then(Value::as_i64).unwrap_or(0)
}

/// The condition of `type_` in a conditions list.
pub fn condition<'a>(conds: &'a [Value], type_: &str) -> Option<&'a Value> {
    conds.iter().find(|c| c["type"] == type_)
}

/// Sets a condition as `SetDeploymentCondition` does: unchanged when status
/// and reason are the same (unless `touch`), the transition time kept while
/// the status stays; replaced in place, or appended.
fn set(conds: &mut Vec<Value>, cond: (&str, bool, &str, String), now: &str, touch: bool) {
    let (type_, status, reason, message) = cond;
    let status = if status { "True" } else { "False" };
    let pos = conds.iter().position(|c| c["type"] == type_);
    let mut transition = now.to_string();
    if let Some(old) = pos.and_then(|i| conds.get(i)) {
        if old["status"] == status && old["reason"] == reason && !touch {
            return;
        }
        if old["status"] == status
            && let Some(t) = old["lastTransitionTime"].as_str()
        {
            transition = t.to_string();
        }
    }
    let c = json!({"type": type_, "status": status, "lastUpdateTime": now,
        "lastTransitionTime": transition, "reason": reason, "message": message});
    match pos.and_then(|i| conds.get_mut(i)) {
        Some(slot) => *slot = c,
        None => conds.push(c),
    }
}

/// The conditions of Deployment `d` whose new status counts are `counts`
/// (observed at its generation), its new ReplicaSet `new_rs`, at `now`.
pub fn conditions(d: &Value, counts: &Value, new_rs: &str, found: Found, now: i64) -> Vec<Value> {
    let stamp = format_rfc3339(now);
    let mut conds: Vec<Value> = d
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let desired = d.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1);
    let (_, unavailable) = fenceposts(d.pointer("/spec/strategy"), desired);
    let available = int(counts, "/availableReplicas");
    let availability = if available >= desired - unavailable {
        (
            "Available",
            true,
            "MinimumReplicasAvailable",
            "Deployment has minimum availability.".to_string(),
        )
    } else {
        (
            "Available",
            false,
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.".to_string(),
        )
    };
    set(&mut conds, availability, &stamp, false);
    let has_progressing = condition(&conds, "Progressing").is_some();
    match found {
        Found::Created => {
            let msg = format!("Created new replica set \"{new_rs}\"");
            set(
                &mut conds,
                ("Progressing", true, "NewReplicaSetCreated", msg),
                &stamp,
                false,
            );
        }
        Found::Existing if !has_progressing => {
            let msg = format!("Found new replica set \"{new_rs}\"");
            set(
                &mut conds,
                ("Progressing", true, "FoundNewReplicaSet", msg),
                &stamp,
                false,
            );
        }
        Found::Existing => {}
    }
    let current = condition(&conds, "Progressing").cloned();
    let reason = current.as_ref().and_then(|c| c["reason"].as_str()).unwrap_or("");
    let (replicas, updated) = (int(counts, "/replicas"), int(counts, "/updatedReplicas"));
    if replicas == updated && reason == "NewReplicaSetAvailable" {
        return conds;
    }
    let complete = updated == desired && replicas == desired && available == desired;
    let old = d.get("status").cloned().unwrap_or_else(|| json!({}));
    let progressing = updated > int(&old, "/updatedReplicas")
        || replicas - updated < int(&old, "/replicas") - int(&old, "/updatedReplicas")
        || int(counts, "/readyReplicas") > int(&old, "/readyReplicas")
        || available > int(&old, "/availableReplicas");
    if complete {
        let msg = format!("ReplicaSet \"{new_rs}\" has successfully progressed.");
        set(
            &mut conds,
            ("Progressing", true, "NewReplicaSetAvailable", msg),
            &stamp,
            true,
        );
    } else if progressing {
        let msg = format!("ReplicaSet \"{new_rs}\" is progressing.");
        set(
            &mut conds,
            ("Progressing", true, "ReplicaSetUpdated", msg),
            &stamp,
            true,
        );
    } else if timed_out(d, current.as_ref(), now) {
        let msg = format!("ReplicaSet \"{new_rs}\" has timed out progressing.");
        set(
            &mut conds,
            ("Progressing", false, "ProgressDeadlineExceeded", msg),
            &stamp,
            false,
        );
    }
    conds
}

/// Whether the rollout made no progress for `progressDeadlineSeconds`
/// (default 600) since the Progressing condition was last updated.
fn timed_out(d: &Value, progressing: Option<&Value>, now: i64) -> bool {
    let Some(c) = progressing else {
        return false;
    };
    match c["reason"].as_str() {
        Some("NewReplicaSetAvailable") => return false,
        Some("ProgressDeadlineExceeded") => return true,
        _ => {}
    }
    let deadline = d
        .pointer("/spec/progressDeadlineSeconds")
        .and_then(Value::as_i64)
        .unwrap_or(600);
    c["lastUpdateTime"]
        .as_str()
        .and_then(|t| parse_rfc3339(t).ok())
        .is_some_and(|from| from + deadline < now)
}
