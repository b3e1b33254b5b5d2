//! A Node described: roles, zone, whether it takes pods, taints,
//! conditions, addresses, capacity and allocatable, the pods on it (as
//! the store knows them), its system.

use serde_json::Value;

use super::Line;
use super::layout::{conditions, field, heading, list, map_field, meta, plain, s};
use crate::cluster::store::Store;

const ZONE: &str = "topology.kubernetes.io/zone";

pub fn lines(v: &Value, store: &Store, now: i64) -> Vec<Line> {
    let mut out = meta(v, now);
    let roles: Vec<&str> = v
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
        .map(|m| {
            m.keys()
                .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .collect()
        })
        .unwrap_or_default();
    out.push(field(0, "Roles", roles.join(","), "text"));
    let zone = v
        .pointer("/metadata/labels")
        .and_then(|l| l.get(ZONE))
        .and_then(Value::as_str)
        .unwrap_or("");
    let (zone, scope) = if zone.is_empty() {
        ("unknown (no zone label)", "muted")
    } else {
        (zone, "text")
    };
    out.push(field(0, "Zone", zone, scope));
    let cordoned = v.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true);
    let (sched, scope) = if cordoned {
        ("cordoned (unschedulable)", "warn")
    } else {
        ("takes new pods", "ok")
    };
    out.push(field(0, "Scheduling", sched, scope));
    let taints: Vec<String> = list(v, "/spec/taints")
        .iter()
        .map(|t| {
            let value = s(t, "/value");
            let value = if value.is_empty() {
                String::new()
            } else {
                format!("={value}")
            };
            format!("{}{value}:{}", s(t, "/key"), s(t, "/effect"))
        })
        .collect();
    out.push(field(
        0,
        "Taints",
        taints.first().cloned().unwrap_or_default(),
        "warn",
    ));
    out.extend(
        taints
            .iter()
            .skip(1)
            .map(|t| plain(super::layout::LABEL_WIDTH, t.clone(), "warn")),
    );
    let pods = store
        .pods
        .items
        .values()
        .filter(|p| p.node.as_deref() == Some(s(v, "/metadata/name")))
        .count();
    out.push(field(
        0,
        "Pods",
        format!("{pods} (as kon's watch sees them)"),
        "text",
    ));
    out.extend(conditions(
        v,
        "/status/conditions",
        &[
            "MemoryPressure",
            "DiskPressure",
            "PIDPressure",
            "NetworkUnavailable",
        ],
    ));
    out.push(heading(0, "Addresses"));
    for a in list(v, "/status/addresses") {
        out.push(plain(
            2,
            format!("{}: {}", s(a, "/type"), s(a, "/address")),
            "text",
        ));
    }
    out.extend(map_field(0, "Capacity", v, "/status/capacity", &[]));
    out.extend(map_field(0, "Allocatable", v, "/status/allocatable", &[]));
    out.push(heading(0, "System Info"));
    for (label, key) in [
        ("Kubelet Version", "kubeletVersion"),
        ("OS Image", "osImage"),
        ("Kernel Version", "kernelVersion"),
        ("Container Runtime", "containerRuntimeVersion"),
        ("Architecture", "architecture"),
    ] {
        out.push(field(2, label, s(v, &format!("/status/nodeInfo/{key}")), "text"));
    }
    out
}
