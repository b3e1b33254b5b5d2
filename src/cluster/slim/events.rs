//! The `events.k8s.io` group, slim: Events (what happened to which object,
//! how often, and when).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta, Time};
use serde::Deserialize;

use super::meta::slim_meta;
use super::slim_resource;

/// An Event of `events.k8s.io/v1`: the same objects as core `v1` Events,
/// with the deprecated core fields kept under `deprecated*`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlimEvent {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub regarding: ObjectRef,
    pub note: Option<String>,
    pub reason: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub series: Option<Series>,
    pub event_time: Option<MicroTime>,
    pub deprecated_count: Option<i32>,
    pub deprecated_first_timestamp: Option<Time>,
    pub deprecated_last_timestamp: Option<Time>,
    pub reporting_controller: Option<String>,
    #[serde(default)]
    pub deprecated_source: Source,
}
slim_resource!(
    SlimEvent,
    "events.k8s.io",
    "v1",
    "Event",
    "events",
    k8s_openapi::NamespaceResourceScope
);

/// The object an Event is about.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ObjectRef {
    #[serde(default)]
    pub kind: String,
    pub namespace: Option<String>,
    #[serde(default)]
    pub name: String,
}

/// A repeated Event: how many times, and the last.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Series {
    #[serde(default)]
    pub count: i32,
    pub last_observed_time: Option<MicroTime>,
}

/// The reporter of an Event written through the core API (`source.component`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Source {
    pub component: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_repeated_event_and_a_core_written_one() {
        let e: SlimEvent = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "ledger-1.17f", "namespace": "payments", "creationTimestamp": "2026-12-06T05:00:00Z"},
            "regarding": {"kind": "Pod", "namespace": "payments", "name": "ledger-1", "fieldPath": "spec.containers{ledger}"},
            "note": "Back-off restarting failed container ledger in pod ledger-1",
            "reason": "BackOff", "type": "Warning",
            "series": {"count": 17, "lastObservedTime": "2026-12-06T05:20:00.000000Z"},
            "eventTime": "2026-12-06T05:00:00.000000Z",
            "reportingController": "kubelet"
        }))
        .unwrap();
        assert_eq!(e.regarding.name, "ledger-1");
        assert_eq!(e.series.as_ref().map(|s| s.count), Some(17));
        assert_eq!(e.type_.as_deref(), Some("Warning"));
        let core: SlimEvent = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "n.1", "namespace": "default"},
            "regarding": {"kind": "Node", "name": "worker-b-4"},
            "note": "Node worker-b-4 status is now: NodeNotReady", "reason": "NodeNotReady", "type": "Normal",
            "deprecatedCount": 3,
            "deprecatedFirstTimestamp": "2026-12-06T05:00:00Z",
            "deprecatedLastTimestamp": "2026-12-06T05:06:00Z",
            "deprecatedSource": {"component": "node-controller"}
        }))
        .unwrap();
        assert_eq!(core.deprecated_count, Some(3));
        assert_eq!(
            core.deprecated_source.component.as_deref(),
            Some("node-controller")
        );
        assert!(core.regarding.namespace.is_none());
    }
}
