//! The describe layout's shared parts: the dispatch per kind, `Label:
//! value` fields aligned like kubectl's, headings, times with their age,
//! and the metadata every kind starts with.

use serde_json::Value;

use super::{Line, events, generic, node, pod, workload};
use crate::cluster::store::Store;

/// Where values start, like kubectl's tab stops.
pub(super) const LABEL_WIDTH: usize = 20;

/// The describe lines of `object` (already redacted), the Events the
/// store holds about it at the bottom; ages relative to `now` (Unix seconds).
pub fn lines(object: &Value, store: &Store, now: i64) -> Vec<Line> {
    let kind = s(object, "/kind");
    let mut out = match kind {
        "Pod" => pod::lines(object, store, now),
        "Node" => node::lines(object, store, now),
        "Deployment" | "StatefulSet" | "DaemonSet" => workload::lines(object, now),
        _ => generic::lines(object, now),
    };
    let ns = s(object, "/metadata/namespace");
    let name = s(object, "/metadata/name");
    out.push(vec![]);
    out.extend(events::lines(store, kind, ns, name, now));
    out
}

/// The string at `pointer` (`""` when absent or not a string).
pub(super) fn s<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

/// The value at `pointer` as text: a string as it is, a number or boolean
/// written out, `""` when absent.
pub(super) fn text(v: &Value, pointer: &str) -> String {
    match v.pointer(pointer) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The list at `pointer` (empty when absent).
pub(super) fn list<'a>(v: &'a Value, pointer: &str) -> &'a [Value] {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(super) fn pad(n: usize) -> String {
    " ".repeat(n)
}

/// `Label:  value` at `indent`, the value in `scope`; `<none>` when empty.
pub(super) fn field(indent: usize, label: &str, value: impl Into<String>, scope: &'static str) -> Line {
    let value = value.into();
    let (value, scope) = if value.is_empty() {
        ("<none>".to_string(), "muted")
    } else {
        (value, scope)
    };
    let width = LABEL_WIDTH.saturating_sub(indent).max(label.len() + 2);
    vec![
        (format!("{}{:<width$}", pad(indent), format!("{label}:")), "muted"),
        (value, scope),
    ]
}

/// A section's title at `indent` (`Containers:`).
pub(super) fn heading(indent: usize, title: &str) -> Line {
    vec![(format!("{}{title}:", pad(indent)), "title")]
}

/// A plain line at `indent`.
pub(super) fn plain(indent: usize, t: impl Into<String>, scope: &'static str) -> Line {
    vec![(format!("{}{}", pad(indent), t.into()), scope)]
}

/// Unix seconds of an RFC 3339 time.
pub(super) fn seconds(t: &str) -> Option<i64> {
    t.parse::<k8s_openapi::jiff::Timestamp>()
        .ok()
        .map(|t| t.as_second())
}

/// `2026-12-06T08:09:00Z (10m ago)`; the text as given when it is not a time.
pub(super) fn when(t: &str, now: i64) -> String {
    match seconds(t) {
        Some(at) if now >= at => format!("{t} ({} ago)", crate::signals::verdict::age(now - at)),
        _ => t.to_string(),
    }
}

/// `k=v` pairs of a string map, one per line under the first (kubectl's
/// labels), sorted; `<none>` when empty.
pub(super) fn map_field(indent: usize, label: &str, v: &Value, pointer: &str, skip: &[&str]) -> Vec<Line> {
    let pairs: Vec<String> = v
        .pointer(pointer)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(k, _)| !skip.contains(&k.as_str()))
                .map(|(k, v)| match v {
                    Value::String(s) => format!("{k}={s}"),
                    other => format!("{k}={other}"),
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = vec![field(
        indent,
        label,
        pairs.first().cloned().unwrap_or_default(),
        "text",
    )];
    let width = LABEL_WIDTH.max(indent + label.len() + 2);
    out.extend(pairs.iter().skip(1).map(|p| plain(width, p.clone(), "text")));
    out
}

/// Name, namespace, labels, annotations, creation: every kind's first lines.
pub(super) fn meta(v: &Value, now: i64) -> Vec<Line> {
    let mut out = vec![field(0, "Name", s(v, "/metadata/name"), "title")];
    if let Some(ns) = v.pointer("/metadata/namespace").and_then(Value::as_str) {
        out.push(field(0, "Namespace", ns, "text"));
    }
    out.push(field(
        0,
        "Created",
        when(s(v, "/metadata/creationTimestamp"), now),
        "text",
    ));
    out.extend(map_field(0, "Labels", v, "/metadata/labels", &[]));
    out.extend(map_field(
        0,
        "Annotations",
        v,
        "/metadata/annotations",
        &[super::redact::LAST_APPLIED],
    ));
    if let Some(t) = v.pointer("/metadata/deletionTimestamp").and_then(Value::as_str) {
        out.push(field(0, "Deleting since", when(t, now), "warn"));
    }
    out
}

/// `ReplicaSet/x` for each owner reference (the controller first).
pub(super) fn owners(v: &Value) -> Vec<(String, String)> {
    let mut refs: Vec<&Value> = list(v, "/metadata/ownerReferences").iter().collect();
    refs.sort_by_key(|r| r.get("controller").and_then(Value::as_bool) != Some(true));
    refs.iter()
        .map(|r| (s(r, "/kind").to_string(), s(r, "/name").to_string()))
        .collect()
}

/// A condition list as aligned rows: type, status, reason, then the
/// message on its own line (it wraps); False (or Unknown) ones in `warn`
/// unless the condition is one that is good when False.
pub(super) fn conditions(v: &Value, pointer: &str, good_when_false: &[&str]) -> Vec<Line> {
    let conds = list(v, pointer);
    let mut out = vec![heading(0, "Conditions")];
    if conds.is_empty() {
        out.push(plain(2, "<none>", "muted"));
        return out;
    }
    out.push(plain(
        2,
        format!("{:<28}{:<8}{}", "Type", "Status", "Reason"),
        "muted",
    ));
    for c in conds {
        let kind = s(c, "/type");
        let status = s(c, "/status");
        let good = if good_when_false.contains(&kind) {
            "False"
        } else {
            "True"
        };
        let scope = if status == good { "ok" } else { "warn" };
        out.push(vec![
            (format!("  {kind:<28}"), "text"),
            (format!("{status:<8}"), scope),
            (s(c, "/reason").to_string(), "text"),
        ]);
        let message = s(c, "/message");
        if !message.is_empty() {
            out.push(plain(4, message, "muted"));
        }
    }
    out
}
