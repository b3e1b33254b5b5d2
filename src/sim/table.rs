//! `meta.k8s.io/v1` Table answers, for clients that ask for them (`kubectl
//! get` sends `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`), with
//! the columns the real server prints for common kinds.

use serde_json::{Value, json};

/// Whether the Accept header asks for a Table.
pub fn wanted(accept: Option<&str>) -> bool {
    accept.is_some_and(|a| {
        a.split(',')
            .next()
            .is_some_and(|first| first.contains("as=Table"))
    })
}

/// Kubernetes' short human duration (`5s`, `3m20s`, `2d4h`, `120d`, `2y30d`).
pub fn human_duration(secs: i64) -> String {
    let s = secs.max(0);
    let (m, h, d) = (s / 60, s / 3600, s / 86_400);
    // A unit with a zero remainder is printed alone ("5m", not "5m0s").
    let two = |big: i64, bu: &str, small: i64, su: &str| {
        if small == 0 {
            format!("{big}{bu}")
        } else {
            format!("{big}{bu}{small}{su}")
        }
    };
    match () {
        _ if s < 120 => format!("{s}s"),
        _ if m < 10 => two(m, "m", s % 60, "s"),
        _ if m < 180 => format!("{m}m"),
        _ if h < 8 => two(h, "h", m % 60, "m"),
        _ if h < 48 => format!("{h}h"),
        _ if h < 24 * 8 => two(d, "d", h % 24, "h"),
        _ if d < 365 * 2 => format!("{d}d"),
        _ if d < 365 * 8 => two(d / 365, "y", d % 365, "d"),
        _ => format!("{}y", d / 365),
    }
}

fn col(name: &str, ty: &str, priority: i64) -> Value {
    json!({"name": name, "type": ty, "format": if name == "Name" { "name" } else { "" }, "description": "", "priority": priority})
}

fn age(obj: &Value, now: i64) -> String {
    obj.pointer("/metadata/creationTimestamp")
        .and_then(Value::as_str)
        .and_then(|t| super::scenarios::sim_time::parse_rfc3339(t).ok())
        .map_or("<unknown>".into(), |t| human_duration(now - t))
}

fn s<'a>(obj: &'a Value, ptr: &str) -> &'a str {
    obj.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

fn node_cells(n: &Value, now: i64) -> Vec<Value> {
    let ready = n
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"))
        .map(|c| {
            if c["status"] == "True" {
                "Ready"
            } else {
                "NotReady"
            }
        })
        .unwrap_or("Unknown");
    let mut status = ready.to_string();
    if n.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
        status.push_str(",SchedulingDisabled");
    }
    let mut roles: Vec<&str> = n
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
        .map(|l| {
            l.keys()
                .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .collect()
        })
        .unwrap_or_default();
    roles.sort_unstable();
    let roles = if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.join(",")
    };
    vec![
        json!(s(n, "/metadata/name")),
        json!(status),
        json!(roles),
        json!(age(n, now)),
        json!(s(n, "/status/nodeInfo/kubeletVersion")),
    ]
}

fn workload_cells(w: &Value, now: i64) -> Vec<Value> {
    let n = |p: &str| w.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    vec![
        json!(s(w, "/metadata/name")),
        json!(format!("{}/{}", n("/status/readyReplicas"), n("/spec/replicas"))),
        json!(n("/status/updatedReplicas")),
        json!(n("/status/availableReplicas")),
        json!(age(w, now)),
    ]
}

/// An Event's cells, whichever version it is served as.
fn event_cells(e: &Value, now: i64) -> Vec<Value> {
    if super::events::is_events_v1(e) {
        super::printers::event_cells(&super::events::to_core(e), now)
    } else {
        super::printers::event_cells(e, now)
    }
}

/// How a kind's row cells are computed.
type CellsFn = fn(&Value, i64) -> Vec<Value>;

fn int_or_string(v: Option<&Value>) -> Value {
    match v {
        Some(Value::Number(n)) => json!(n.to_string()),
        Some(Value::String(s)) => json!(s),
        _ => json!("N/A"),
    }
}

fn pdb_cells(p: &Value, now: i64) -> Vec<Value> {
    vec![
        json!(s(p, "/metadata/name")),
        int_or_string(p.pointer("/spec/minAvailable")),
        int_or_string(p.pointer("/spec/maxUnavailable")),
        json!(
            p.pointer("/status/disruptionsAllowed")
                .and_then(Value::as_i64)
                .unwrap_or(0)
        ),
        json!(age(p, now)),
    ]
}

fn replicaset_cells(r: &Value, now: i64) -> Vec<Value> {
    let n = |p: &str| r.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    vec![
        json!(s(r, "/metadata/name")),
        json!(n("/spec/replicas")),
        json!(n("/status/replicas")),
        json!(n("/status/readyReplicas")),
        json!(age(r, now)),
    ]
}

fn statefulset_cells(r: &Value, now: i64) -> Vec<Value> {
    let n = |p: &str| r.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    vec![
        json!(s(r, "/metadata/name")),
        json!(format!("{}/{}", n("/status/readyReplicas"), n("/spec/replicas"))),
        json!(age(r, now)),
    ]
}

fn daemonset_cells(d: &Value, now: i64) -> Vec<Value> {
    let n = |p: &str| d.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    let selector = d
        .pointer("/spec/template/spec/nodeSelector")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "<none>".into());
    vec![
        json!(s(d, "/metadata/name")),
        json!(n("/status/desiredNumberScheduled")),
        json!(n("/status/currentNumberScheduled")),
        json!(n("/status/numberReady")),
        json!(n("/status/updatedNumberScheduled")),
        json!(n("/status/numberAvailable")),
        json!(selector),
        json!(age(d, now)),
    ]
}

fn namespace_cells(n: &Value, now: i64) -> Vec<Value> {
    let phase = s(n, "/status/phase");
    vec![
        json!(s(n, "/metadata/name")),
        json!(if phase.is_empty() { "Active" } else { phase }),
        json!(age(n, now)),
    ]
}

fn row_object(obj: &Value, include: &str) -> Value {
    match include {
        "None" => Value::Null,
        "Object" => obj.clone(),
        _ => {
            json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": obj.get("metadata").cloned().unwrap_or(json!({}))})
        }
    }
}

/// A Table of `objects` of `kind`; `list_meta` is the list's metadata (resourceVersion, continue).
pub fn table(kind: &str, objects: &[&Value], list_meta: Value, now: i64, include: &str) -> Value {
    let (columns, cells): (Vec<Value>, CellsFn) = match kind {
        "Node" => (
            vec![
                col("Name", "string", 0),
                col("Status", "string", 0),
                col("Roles", "string", 0),
                col("Age", "string", 0),
                col("Version", "string", 0),
            ],
            node_cells,
        ),
        "Pod" => (
            vec![
                col("Name", "string", 0),
                col("Ready", "string", 0),
                col("Status", "string", 0),
                col("Restarts", "string", 0),
                col("Age", "string", 0),
                col("IP", "string", 1),
                col("Node", "string", 1),
                col("Nominated Node", "string", 1),
                col("Readiness Gates", "string", 1),
            ],
            super::printers::pod_cells,
        ),
        "Event" => (
            vec![
                col("Last Seen", "string", 0),
                col("Type", "string", 0),
                col("Reason", "string", 0),
                col("Object", "string", 0),
                col("Subobject", "string", 1),
                col("Source", "string", 1),
                col("Message", "string", 0),
                col("First Seen", "string", 1),
                col("Count", "string", 1),
                col("Name", "string", 1),
            ],
            event_cells,
        ),
        "Deployment" => (
            vec![
                col("Name", "string", 0),
                col("Ready", "string", 0),
                col("Up-to-date", "integer", 0),
                col("Available", "integer", 0),
                col("Age", "string", 0),
            ],
            workload_cells,
        ),
        "PodDisruptionBudget" => (
            vec![
                col("Name", "string", 0),
                col("Min Available", "string", 0),
                col("Max Unavailable", "string", 0),
                col("Allowed Disruptions", "integer", 0),
                col("Age", "string", 0),
            ],
            pdb_cells,
        ),
        "ReplicaSet" => (
            vec![
                col("Name", "string", 0),
                col("Desired", "integer", 0),
                col("Current", "integer", 0),
                col("Ready", "integer", 0),
                col("Age", "string", 0),
            ],
            replicaset_cells,
        ),
        "StatefulSet" => (
            vec![
                col("Name", "string", 0),
                col("Ready", "string", 0),
                col("Age", "string", 0),
            ],
            statefulset_cells,
        ),
        "DaemonSet" => (
            vec![
                col("Name", "string", 0),
                col("Desired", "integer", 0),
                col("Current", "integer", 0),
                col("Ready", "integer", 0),
                col("Up-to-date", "integer", 0),
                col("Available", "integer", 0),
                col("Node Selector", "string", 0),
                col("Age", "string", 0),
            ],
            daemonset_cells,
        ),
        "Namespace" => (
            vec![
                col("Name", "string", 0),
                col("Status", "string", 0),
                col("Age", "string", 0),
            ],
            namespace_cells,
        ),
        _ => (
            vec![col("Name", "string", 0), col("Age", "string", 0)],
            |o, now| vec![json!(s(o, "/metadata/name")), json!(age(o, now))],
        ),
    };
    let rows: Vec<Value> = objects
        .iter()
        .map(|o| json!({"cells": cells(o, now), "object": row_object(o, include)}))
        .collect();
    json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": list_meta, "columnDefinitions": columns, "rows": rows})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_kubectl() {
        assert_eq!(human_duration(5), "5s");
        assert_eq!(human_duration(200), "3m20s");
        assert_eq!(human_duration(3600 * 5 + 60 * 7), "5h7m");
        assert_eq!(human_duration(86_400 * 3 + 3600 * 4), "3d4h");
        assert_eq!(human_duration(86_400 * 120), "120d");
        assert_eq!(human_duration(86_400 * 800), "2y70d");
        assert_eq!(human_duration(300), "5m");
        assert_eq!(human_duration(86_400 * 2), "2d");
    }

    #[test]
    fn node_row_shows_status_roles_version() {
        let n = json!({
            "metadata": {"name": "cp-1", "creationTimestamp": "2026-01-01T00:00:00Z", "labels": {"node-role.kubernetes.io/control-plane": ""}},
            "spec": {"unschedulable": true},
            "status": {"conditions": [{"type": "Ready", "status": "False"}], "nodeInfo": {"kubeletVersion": "v1.35.0"}}
        });
        let cells = node_cells(&n, 1_767_225_600 + 86_400 * 2);
        assert_eq!(
            cells,
            vec![
                json!("cp-1"),
                json!("NotReady,SchedulingDisabled"),
                json!("control-plane"),
                json!("2d"),
                json!("v1.35.0")
            ]
        );
    }

    #[test]
    fn only_a_first_choice_table_accept_counts() {
        assert!(wanted(Some(
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"
        )));
        assert!(!wanted(Some("application/json")));
        assert!(!wanted(None));
    }
}
