//! The pure arithmetic of the workload controllers' rollouts, as the real
//! deployment controller does it: the pod-template hash, template equality
//! ignoring that hash, `maxSurge`/`maxUnavailable` resolved against the
//! replica count, how far a rolling update may scale the new ReplicaSet up
//! and the old ones down in one step, and the Deployment's conditions.

use serde_json::{Map, Value, json};

/// The label a Deployment's ReplicaSets and pods carry their template's hash in.
pub const HASH_LABEL: &str = "pod-template-hash";
/// The annotation holding a ReplicaSet's (and its Deployment's) revision.
pub const REVISION: &str = "deployment.kubernetes.io/revision";
/// Revisions a ReplicaSet held before a rollback gave it a new one.
pub const REVISION_HISTORY: &str = "deployment.kubernetes.io/revision-history";
/// A Deployment's annotations that are not copied to its ReplicaSets (and that
/// `kubectl rollout undo` keeps from the Deployment).
pub const NOT_COPIED: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    REVISION,
    REVISION_HISTORY,
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
];

/// `rand.SafeEncodeString`'s alphabet (no vowels, no 0/1/3).
const SAFE: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// A revision annotation's number (0 when absent or not a number).
pub fn revision(obj: &Value) -> i64 {
    obj.pointer("/metadata/annotations")
        .and_then(|a| a.get(REVISION))
        .and_then(Value::as_str)
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

/// A template as compared and hashed: without the hash label, and without
/// nulls or empty maps and lists (`Semantic.DeepEqual` of the typed objects,
/// where `kubectl rollout undo` sends `creationTimestamp: null` and `resources: {}`).
pub fn canonical(template: &Value) -> Value {
    let mut t = prune(template).unwrap_or_else(|| json!({}));
    if let Some(labels) = t.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
        labels.remove(HASH_LABEL);
        if labels.is_empty()
            && let Some(meta) = t.get_mut("metadata").and_then(Value::as_object_mut)
        {
            meta.remove("labels");
        }
    }
    if t.get("metadata")
        .and_then(Value::as_object)
        .is_some_and(Map::is_empty)
        && let Some(o) = t.as_object_mut()
    {
        o.remove("metadata");
    }
    t
}

fn prune(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Object(m) => {
            let out: Map<String, Value> = m
                .iter()
                .filter_map(|(k, v)| prune(v).map(|v| (k.clone(), v)))
                .collect();
            (!out.is_empty()).then_some(Value::Object(out))
        }
        Value::Array(a) if a.is_empty() => None,
        Value::Array(a) => Some(Value::Array(
            a.iter().map(|v| prune(v).unwrap_or_else(|| json!({}))).collect(),
        )),
        other => Some(other.clone()),
    }
}

/// Whether two pod templates are the same apart from the hash label.
pub fn equal_ignore_hash(a: &Value, b: &Value) -> bool {
    canonical(a) == canonical(b)
}

/// The pod-template hash of `template` (FNV-32a of its canonical form and the
/// collision count, written as `SafeEncodeString` writes the decimal number:
/// 1 to 10 characters of `456789bcdf`, the images of the digits).
pub fn template_hash(template: &Value, collisions: u32) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u32::from(*b);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    feed(canonical(template).to_string().as_bytes());
    if collisions > 0 {
        // `binary.LittleEndian.PutUint32` into `make([]byte, 8)`: eight bytes.
        let mut bytes = [0u8; 8];
        bytes[..4].copy_from_slice(&collisions.to_le_bytes());
        feed(&bytes);
    }
    h.to_string()
        .bytes()
        .map(|b| char::from(SAFE[usize::from(b) % SAFE.len()]))
        .collect()
}

/// An int-or-percent of `total` (`25%` → a quarter, rounded up or down).
fn scaled(v: Option<&Value>, total: i64, round_up: bool, default: i64) -> i64 {
    let pct = match v {
        None | Some(Value::Null) => return default,
        Some(Value::Number(n)) => return n.as_i64().unwrap_or(default).max(0),
        Some(Value::String(s)) => match s.strip_suffix('%').and_then(|p| p.trim().parse::<i64>().ok()) {
            Some(p) => p.max(0),
            None => return s.trim().parse::<i64>().map_or(default, |n| n.max(0)),
        },
        Some(_) => return default,
    };
    let whole = pct * total.max(0);
    if round_up { (whole + 99) / 100 } else { whole / 100 }
}

/// `(maxSurge, maxUnavailable)` of a Deployment's `spec.strategy` for
/// `replicas` (defaults 25% each; surge rounds up, unavailable down; never
/// both 0, as `ResolveFenceposts`).
pub fn fenceposts(strategy: Option<&Value>, replicas: i64) -> (i64, i64) {
    let ru = strategy.and_then(|s| s.get("rollingUpdate"));
    let quarter = |up: bool| scaled(Some(&json!("25%")), replicas, up, 0);
    let surge = scaled(ru.and_then(|r| r.get("maxSurge")), replicas, true, quarter(true));
    let unavailable = scaled(
        ru.and_then(|r| r.get("maxUnavailable")),
        replicas,
        false,
        quarter(false),
    );
    if surge == 0 && unavailable == 0 {
        (0, 1)
    } else {
        (surge, unavailable)
    }
}

/// The replicas the new ReplicaSet may have now (`NewRSNewReplicas`): up to
/// `desired + surge` pods in all, never more than `desired` in it.
pub fn new_rs_target(desired: i64, surge: i64, all_spec: i64, new_spec: i64) -> i64 {
    if new_spec >= desired {
        return desired;
    }
    let room = desired + surge - all_spec;
    if room <= 0 {
        return new_spec;
    }
    new_spec + room.min(desired - new_spec)
}

/// A ReplicaSet's replica counts as a rolling update reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub spec: i64,
    pub available: i64,
}

/// The replicas of the old ReplicaSets (oldest first) after one scale-down
/// step of a rolling update (`reconcileOldReplicaSets`): unhealthy replicas
/// go first, then available ones while at least `desired - unavailable`
/// stay available.
pub fn old_rs_targets(olds: &[Counts], new: Counts, desired: i64, unavailable: i64) -> Vec<i64> {
    let mut out: Vec<i64> = olds.iter().map(|c| c.spec).collect();
    let old_total: i64 = out.iter().sum();
    if old_total == 0 {
        return out;
    }
    let min_available = desired - unavailable;
    let new_unavailable = (new.spec - new.available).max(0);
    let max_down = old_total + new.spec - min_available - new_unavailable;
    if max_down <= 0 {
        return out;
    }
    let mut cleaned = 0;
    for (target, c) in out.iter_mut().zip(olds) {
        if cleaned >= max_down {
            break;
        }
        let unhealthy = (c.spec - c.available).max(0);
        let n = unhealthy.min(max_down - cleaned).min(*target);
        *target -= n;
        cleaned += n;
    }
    let available: i64 = olds.iter().map(|c| c.available).sum::<i64>() + new.available;
    let budget = available - min_available;
    let mut down = 0;
    for target in &mut out {
        if down >= budget {
            break;
        }
        let n = (*target).min(budget - down);
        *target -= n;
        down += n;
    }
    out
}

/// The status counts of a Deployment from its ReplicaSets (`calculateStatus`).
pub fn status_counts(new: Option<&Value>, all: &[&Value]) -> Value {
    let int = |v: &Value, p: &str| v.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    let sum = |p: &str| all.iter().map(|r| int(r, p)).sum::<i64>();
    let spec_total: i64 = all
        .iter()
        .map(|r| r.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1))
        .sum();
    let available = sum("/status/availableReplicas");
    json!({
        "replicas": sum("/status/replicas"),
        "updatedReplicas": new.map_or(0, |n| int(n, "/status/replicas")),
        "readyReplicas": sum("/status/readyReplicas"),
        "availableReplicas": available,
        "unavailableReplicas": (spec_total - available).max(0),
    })
}

#[cfg(test)]
#[path = "rollout_tests.rs"]
mod tests;
