//! A Deployment, StatefulSet or DaemonSet described: replicas, strategy,
//! selector, revision, the pod template's images, conditions.

use serde_json::Value;

use super::Line;
use super::layout::{conditions, field, heading, list, meta, plain, s, text};

const REVISION: &str = "deployment.kubernetes.io/revision";

pub fn lines(v: &Value, now: i64) -> Vec<Line> {
    let kind = s(v, "/kind");
    let mut out = meta(v, now);
    out.push(field(0, "Selector", selector(v), "text"));
    let n = |p: &str| {
        let t = text(v, p);
        if t.is_empty() { "0".to_string() } else { t }
    };
    match kind {
        "Deployment" => {
            let desired = text(v, "/spec/replicas");
            let desired = if desired.is_empty() {
                "1".to_string()
            } else {
                desired
            };
            let replicas = format!(
                "{desired} desired | {} updated | {} total | {} available | {} unavailable",
                n("/status/updatedReplicas"),
                n("/status/replicas"),
                n("/status/availableReplicas"),
                n("/status/unavailableReplicas")
            );
            let scope = if n("/status/unavailableReplicas") == "0" {
                "text"
            } else {
                "warn"
            };
            out.push(field(0, "Replicas", replicas, scope));
            let strategy = s(v, "/spec/strategy/type");
            out.push(field(0, "Strategy", strategy, "text"));
            if strategy == "RollingUpdate" || strategy.is_empty() {
                out.push(field(
                    0,
                    "Rolling Update",
                    format!(
                        "{} max unavailable, {} max surge",
                        text(v, "/spec/strategy/rollingUpdate/maxUnavailable"),
                        text(v, "/spec/strategy/rollingUpdate/maxSurge")
                    ),
                    "text",
                ));
            }
            let revision = v
                .pointer("/metadata/annotations")
                .and_then(|a| a.get(REVISION))
                .and_then(Value::as_str)
                .unwrap_or("");
            out.push(field(0, "Revision", revision, "text"));
            if v.pointer("/spec/paused").and_then(Value::as_bool) == Some(true) {
                out.push(field(0, "Paused", "true (rollouts wait)", "warn"));
            }
        }
        "StatefulSet" => {
            let desired = text(v, "/spec/replicas");
            let desired = if desired.is_empty() {
                "1".to_string()
            } else {
                desired
            };
            let replicas = format!(
                "{desired} desired | {} total | {} ready | {} current | {} updated",
                n("/status/replicas"),
                n("/status/readyReplicas"),
                n("/status/currentReplicas"),
                n("/status/updatedReplicas")
            );
            out.push(field(0, "Replicas", replicas, "text"));
            out.push(field(
                0,
                "Update Strategy",
                s(v, "/spec/updateStrategy/type"),
                "text",
            ));
            let partition = text(v, "/spec/updateStrategy/rollingUpdate/partition");
            if !partition.is_empty() {
                out.push(field(2, "Partition", partition, "text"));
            }
            out.push(field(
                0,
                "Current Revision",
                s(v, "/status/currentRevision"),
                "text",
            ));
            out.push(field(
                0,
                "Update Revision",
                s(v, "/status/updateRevision"),
                "text",
            ));
        }
        _ => {
            let replicas = format!(
                "{} desired | {} current | {} ready | {} up-to-date | {} available | {} misscheduled",
                n("/status/desiredNumberScheduled"),
                n("/status/currentNumberScheduled"),
                n("/status/numberReady"),
                n("/status/updatedNumberScheduled"),
                n("/status/numberAvailable"),
                n("/status/numberMisscheduled")
            );
            out.push(field(0, "Pods", replicas, "text"));
            out.push(field(
                0,
                "Update Strategy",
                s(v, "/spec/updateStrategy/type"),
                "text",
            ));
        }
    }
    out.push(heading(0, "Pod Template"));
    for c in list(v, "/spec/template/spec/initContainers") {
        out.push(plain(
            2,
            format!("{} (init): {}", s(c, "/name"), s(c, "/image")),
            "text",
        ));
    }
    for c in list(v, "/spec/template/spec/containers") {
        out.push(plain(2, format!("{}: {}", s(c, "/name"), s(c, "/image")), "text"));
    }
    out.extend(conditions(v, "/status/conditions", &["ReplicaFailure"]));
    out
}

/// `app=x,tier=y`, and match expressions as `key In (a,b)`.
fn selector(v: &Value) -> String {
    let mut parts: Vec<String> = v
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    for e in list(v, "/spec/selector/matchExpressions") {
        let values: Vec<&str> = list(e, "/values").iter().filter_map(Value::as_str).collect();
        parts.push(format!(
            "{} {} ({})",
            s(e, "/key"),
            s(e, "/operator"),
            values.join(",")
        ));
    }
    parts.join(",")
}
