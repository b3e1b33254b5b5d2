//! A Pod described: status, node and its zone, the owner chain (Pod →
//! ReplicaSet → Deployment), conditions, its containers, volumes'
//! sources in short, tolerations.

use std::sync::Arc;

use serde_json::Value;

use super::Line;
use super::layout::{conditions, field, list, meta, owners, s, text, when};
use super::pod_containers;
use crate::cluster::store::Store;

pub fn lines(v: &Value, store: &Store, now: i64) -> Vec<Line> {
    let mut out = meta(v, now);
    let node = s(v, "/spec/nodeName");
    let node_text = if node.is_empty() {
        "<not scheduled>".to_string()
    } else {
        match zone_of(store, node) {
            Some(z) => format!("{node} (zone {z})"),
            None => format!("{node} (zone unknown)"),
        }
    };
    out.push(field(0, "Node", node_text, "text"));
    let (status, scope) = status(v);
    out.push(field(0, "Status", status, scope));
    let message = s(v, "/status/message");
    if !message.is_empty() {
        out.push(field(0, "Message", message, "warn"));
    }
    out.push(field(0, "Controlled By", owner_chain(v, store), "text"));
    out.push(field(
        0,
        "Start Time",
        when(s(v, "/status/startTime"), now),
        "text",
    ));
    out.push(field(0, "IP", s(v, "/status/podIP"), "text"));
    out.push(field(0, "QoS Class", s(v, "/status/qosClass"), "text"));
    out.push(field(
        0,
        "Service Account",
        s(v, "/spec/serviceAccountName"),
        "text",
    ));
    out.push(field(
        0,
        "Priority Class",
        s(v, "/spec/priorityClassName"),
        "text",
    ));
    out.extend(conditions(v, "/status/conditions", &[]));
    out.extend(pod_containers::section(
        v,
        "Init Containers",
        "initContainers",
        "initContainerStatuses",
        now,
    ));
    out.extend(pod_containers::section(
        v,
        "Containers",
        "containers",
        "containerStatuses",
        now,
    ));
    out.extend(pod_containers::section(
        v,
        "Ephemeral Containers",
        "ephemeralContainers",
        "ephemeralContainerStatuses",
        now,
    ));
    out.extend(volumes(v));
    out.push(field(0, "Node-Selectors", selectors(v), "text"));
    out.extend(tolerations(v));
    out
}

/// kubectl's STATUS in short: Terminating, the pod's reason, or its phase.
fn status(v: &Value) -> (String, &'static str) {
    if v.pointer("/metadata/deletionTimestamp").is_some() {
        return ("Terminating".into(), "warn");
    }
    let reason = s(v, "/status/reason");
    if !reason.is_empty() {
        return (reason.to_string(), "warn");
    }
    match s(v, "/status/phase") {
        p @ ("Running" | "Succeeded") => (p.to_string(), "ok"),
        "" => ("Unknown".into(), "warn"),
        p => (p.to_string(), "warn"),
    }
}

fn zone_of(store: &Store, node: &str) -> Option<Arc<str>> {
    store
        .nodes
        .items
        .values()
        .find(|n| &*n.name == node)
        .and_then(|n| n.zone.clone())
}

/// `ReplicaSet/x → Deployment/y`: the controller, and the ReplicaSet's
/// Deployment as the store knows it.
fn owner_chain(v: &Value, store: &Store) -> String {
    let ns = s(v, "/metadata/namespace");
    let Some((kind, name)) = owners(v).into_iter().next() else {
        return String::new();
    };
    let mut chain = format!("{kind}/{name}");
    if kind == "ReplicaSet" {
        let deployment = store
            .replicasets
            .items
            .iter()
            .find(|((rns, rname), _)| &**rns == ns && &**rname == name.as_str())
            .and_then(|(_, r)| r.deployment.clone());
        if let Some(d) = deployment {
            chain.push_str(&format!(" → Deployment/{d}"));
        }
    }
    chain
}

fn selectors(v: &Value) -> String {
    v.pointer("/spec/nodeSelector")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// `key:Effect op=Exists for 300s`, one per line.
fn tolerations(v: &Value) -> Vec<Line> {
    let t: Vec<String> = list(v, "/spec/tolerations")
        .iter()
        .map(|t| {
            let key = s(t, "/key");
            let value = s(t, "/value");
            let mut out = if value.is_empty() {
                key.to_string()
            } else {
                format!("{key}={value}")
            };
            let effect = s(t, "/effect");
            if !effect.is_empty() {
                out.push_str(&format!(":{effect}"));
            }
            let op = s(t, "/operator");
            if op == "Exists" {
                out.push_str(" op=Exists");
            }
            let secs = text(t, "/tolerationSeconds");
            if !secs.is_empty() {
                out.push_str(&format!(" for {secs}s"));
            }
            if out.is_empty() {
                "(every taint)".to_string()
            } else {
                out
            }
        })
        .collect();
    let mut out = vec![field(
        0,
        "Tolerations",
        t.first().cloned().unwrap_or_default(),
        "text",
    )];
    out.extend(
        t.iter()
            .skip(1)
            .map(|x| super::layout::plain(super::layout::LABEL_WIDTH, x.clone(), "text")),
    );
    out
}

/// Each volume and its source: `data: PersistentVolumeClaim data-0`,
/// `creds: Secret api-credentials`.
fn volumes(v: &Value) -> Vec<Line> {
    let vols = list(v, "/spec/volumes");
    let mut out = vec![super::layout::heading(0, "Volumes")];
    if vols.is_empty() {
        out.push(super::layout::plain(2, "<none>", "muted"));
    }
    for vol in vols {
        let name = s(vol, "/name");
        let source = vol
            .as_object()
            .and_then(|m| m.iter().find(|(k, _)| k.as_str() != "name"))
            .map(|(k, src)| {
                let what = ["claimName", "secretName", "name", "path", "medium"]
                    .iter()
                    .map(|f| s(src, &format!("/{f}")))
                    .find(|x| !x.is_empty())
                    .unwrap_or("");
                let kind = match k.as_str() {
                    "persistentVolumeClaim" => "PersistentVolumeClaim",
                    "secret" => "Secret",
                    "configMap" => "ConfigMap",
                    "emptyDir" => "EmptyDir",
                    "hostPath" => "HostPath",
                    "projected" => "Projected",
                    other => other,
                };
                format!("{kind} {what}").trim_end().to_string()
            })
            .unwrap_or_default();
        out.push(super::layout::plain(2, format!("{name}: {source}"), "text"));
    }
    out
}
