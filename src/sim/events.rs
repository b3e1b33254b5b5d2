//! Events as the real API server keeps them: one store (core `v1` Events,
//! the storage version) served on both `v1` and `events.k8s.io/v1`, with
//! the field conversions of `pkg/apis/events/v1/conversion.go`.
//!
//! Core → events.k8s.io: `involvedObject` → `regarding`, `message` →
//! `note`, `source` → `deprecatedSource`, `firstTimestamp`/`lastTimestamp`
//! → `deprecatedFirstTimestamp`/`deprecatedLastTimestamp`, `count` →
//! `deprecatedCount`, `reportingComponent` → `reportingController`; the
//! rest (`eventTime`, `series`, `action`, `reason`, `type`, `related`,
//! `reportingInstance`) keeps its name.

use serde_json::{Map, Value, json};

use super::objects::api_error::ApiError;
use super::objects::field_selector::rename_fields;

/// (core name, events.k8s.io name) of the fields that differ.
const RENAMED: &[(&str, &str)] = &[
    ("involvedObject", "regarding"),
    ("message", "note"),
    ("source", "deprecatedSource"),
    ("firstTimestamp", "deprecatedFirstTimestamp"),
    ("lastTimestamp", "deprecatedLastTimestamp"),
    ("count", "deprecatedCount"),
    ("reportingComponent", "reportingController"),
];

/// Fields both versions share.
const SHARED: &[&str] = &[
    "metadata",
    "eventTime",
    "series",
    "action",
    "reason",
    "type",
    "related",
    "reportingInstance",
];

fn convert(obj: &Value, api_version: &str, from_core: bool) -> Value {
    let mut out = Map::new();
    out.insert("kind".into(), json!("Event"));
    out.insert("apiVersion".into(), json!(api_version));
    for k in SHARED {
        if let Some(v) = obj.get(*k) {
            out.insert((*k).to_string(), v.clone());
        }
    }
    for (core, v1) in RENAMED {
        let (from, to) = if from_core { (core, v1) } else { (v1, core) };
        if let Some(v) = obj.get(*from).filter(|v| !v.is_null()) {
            out.insert((*to).to_string(), v.clone());
        }
    }
    // The API server prints a null eventTime on the core version; the new
    // version's field is required, so a legacy event shows null there too.
    out.entry("eventTime").or_insert(Value::Null);
    Value::Object(out)
}

/// A stored (core `v1`) Event as `events.k8s.io/v1` serves it.
pub fn to_events_v1(core: &Value) -> Value {
    convert(core, "events.k8s.io/v1", true)
}

/// An `events.k8s.io/v1` Event in the storage (core `v1`) form.
pub fn to_core(v1: &Value) -> Value {
    convert(v1, "v1", false)
}

/// Whether `obj` is in the `events.k8s.io` form.
pub fn is_events_v1(obj: &Value) -> bool {
    obj.get("apiVersion").and_then(Value::as_str) == Some("events.k8s.io/v1")
        || obj.get("regarding").is_some()
        || obj.get("note").is_some()
}

/// An `events.k8s.io/v1` field selector in the core field names it is
/// evaluated with (`regarding.name` → `involvedObject.name`,
/// `reportingController` → `reportingComponent`); core-only names are
/// refused as the real server refuses them.
pub fn core_field_selector(selector: &str) -> Result<String, ApiError> {
    rename_fields(selector, |field| match field {
        "metadata.name" | "metadata.namespace" | "reason" | "type" => Ok(field.to_string()),
        "reportingController" => Ok("reportingComponent".to_string()),
        f => match f.strip_prefix("regarding.") {
            Some(
                rest @ ("kind" | "namespace" | "name" | "uid" | "apiVersion" | "resourceVersion"
                | "fieldPath"),
            ) => Ok(format!("involvedObject.{rest}")),
            _ => Err(ApiError::bad_request(format!("field label not supported: {f}"))),
        },
    })
}

/// Warning or Normal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    Normal,
    Warning,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// What a component reports about an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub type_: EventType,
    pub reason: String,
    pub message: String,
    /// `spec.containers{name}` for a container's events.
    pub field_path: Option<String>,
}

impl Report {
    pub fn new(type_: EventType, reason: &str, message: impl Into<String>) -> Self {
        Self {
            type_,
            reason: reason.to_string(),
            message: message.into(),
            field_path: None,
        }
    }

    pub fn on_container(mut self, container: &str) -> Self {
        self.field_path = Some(format!("spec.containers{{{container}}}"));
        self
    }
}

/// Who reports: a component (and its instance, e.g. the node of a kubelet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reporter {
    pub component: String,
    pub instance: String,
    /// Reports through the `events.k8s.io` API (the scheduler): `eventTime`
    /// and `series`; otherwise the legacy recorder (kubelet, controller
    /// manager): `count`, `firstTimestamp`, `lastTimestamp`, `source`.
    pub new_api: bool,
}

impl Reporter {
    pub fn legacy(component: &str, instance: &str) -> Self {
        Self {
            component: component.to_string(),
            instance: instance.to_string(),
            new_api: false,
        }
    }
}

/// The `involvedObject` reference to `obj`.
pub fn reference(obj: &Value, field_path: Option<&str>) -> Value {
    let mut r = json!({
        "kind": obj.get("kind").cloned().unwrap_or(Value::Null),
        "apiVersion": obj.get("apiVersion").cloned().unwrap_or(Value::Null),
        "name": obj.pointer("/metadata/name").cloned().unwrap_or(Value::Null),
        "uid": obj.pointer("/metadata/uid").cloned().unwrap_or(Value::Null),
        "resourceVersion": obj.pointer("/metadata/resourceVersion").cloned().unwrap_or(Value::Null),
    });
    if let Some(ns) = obj.pointer("/metadata/namespace") {
        r["namespace"] = ns.clone();
    }
    if let Some(fp) = field_path {
        r["fieldPath"] = json!(fp);
    }
    r
}

/// The namespace an event about `obj` lives in: the object's, or
/// `default` for cluster-scoped objects (nodes).
pub fn namespace_for(obj: &Value) -> String {
    obj.pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or("default")
        .to_string()
}

/// A new core Event: `name` is `{object}.{hex}` as client-go names them.
pub fn new_event(
    name: &str,
    involved: &Value,
    report: &Report,
    by: &Reporter,
    stamp: &str,
    micro: &str,
) -> Value {
    let mut e = json!({
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": name, "namespace": namespace_for(involved)},
        "involvedObject": reference(involved, report.field_path.as_deref()),
        "reason": report.reason,
        "message": report.message,
        "type": report.type_.as_str(),
        "reportingComponent": by.component,
        "reportingInstance": by.instance,
    });
    if by.new_api {
        e["eventTime"] = json!(micro);
        e["action"] = json!(action_of(&report.reason));
        e["source"] = json!({});
    } else {
        e["eventTime"] = Value::Null;
        e["count"] = json!(1);
        e["firstTimestamp"] = json!(stamp);
        e["lastTimestamp"] = json!(stamp);
        e["source"] = json!({"component": by.component, "host": by.instance});
        if by.instance.is_empty()
            && let Some(s) = e["source"].as_object_mut()
        {
            s.remove("host");
        }
    }
    e
}

fn action_of(reason: &str) -> &'static str {
    match reason {
        "FailedScheduling" | "Scheduled" => "Scheduling",
        _ => "",
    }
}

/// The merge patch that records one more occurrence of `event` at `now`:
/// `count` and `lastTimestamp` for the legacy recorder, `series` for the
/// new API (its first repeat starts the series at 2).
pub fn repeat_patch(event: &Value, stamp: &str, micro: &str) -> Value {
    if event.get("eventTime").is_some_and(|t| !t.is_null()) {
        let count = event
            .pointer("/series/count")
            .and_then(Value::as_i64)
            .unwrap_or(1);
        json!({"series": {"count": count + 1, "lastObservedTime": micro}})
    } else {
        let count = event.get("count").and_then(Value::as_i64).unwrap_or(1);
        json!({"count": count + 1, "lastTimestamp": stamp})
    }
}

#[cfg(test)]
#[path = "events_tests.rs"]
mod tests;
