//! What the scheduler reads of a node, read once when the node is written
//! (the store keeps one per node in its index) instead of on every
//! placement: readiness, `unschedulable`, taints, labels (`nodeSelector`,
//! zone) and allocatable cpu, memory and pods.

use serde_json::{Map, Value};

use super::scheduler::ZONE_LABEL;
use super::scheduler_fit::{millicores, quantity};

/// One node as the scheduler sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeFit {
    /// `spec.unschedulable` (cordoned).
    pub unschedulable: bool,
    /// A `Ready` condition with status `True`.
    pub ready: bool,
    /// `spec.taints`, as written.
    pub taints: Vec<Value>,
    /// `metadata.labels`, as written.
    pub labels: Map<String, Value>,
    /// Its zone label ("" when it has none).
    pub zone: String,
    /// Allocatable cpu in millicores, when readable.
    pub cpu: Option<i64>,
    /// Allocatable memory in bytes, when readable.
    pub mem: Option<i64>,
    /// Allocatable pods as the NodeResourcesFit filter reads it (a
    /// quantity; 110 when absent or unreadable).
    pub max_pods: i64,
    /// Allocatable pods as the spreading step reads it (a plain number;
    /// 110 otherwise).
    pub capacity: usize,
}

impl NodeFit {
    /// What the scheduler reads of `node`.
    pub fn of(node: &Value) -> NodeFit {
        let allocatable = |res: &str| node.pointer("/status/allocatable").and_then(|a| a.get(res));
        let labels: Map<String, Value> = node
            .pointer("/metadata/labels")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        NodeFit {
            zone: labels
                .get(ZONE_LABEL)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            labels,
            unschedulable: node.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true),
            ready: node
                .pointer("/status/conditions")
                .and_then(Value::as_array)
                .is_some_and(|cs| cs.iter().any(|c| c["type"] == "Ready" && c["status"] == "True")),
            taints: node
                .pointer("/spec/taints")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            cpu: allocatable("cpu").and_then(millicores),
            mem: allocatable("memory").and_then(quantity),
            max_pods: allocatable("pods").and_then(quantity).unwrap_or(110),
            capacity: allocatable("pods")
                .and_then(|v| {
                    v.as_str()
                        .and_then(|p| p.parse().ok())
                        .or(v.as_u64().map(|n| n as usize))
                })
                .unwrap_or(110),
        }
    }

    /// Its zone label ("" when it has none).
    pub fn zone(&self) -> &str {
        &self.zone
    }

    /// Whether it takes new pods at all: Ready and not cordoned.
    pub fn schedulable(&self) -> bool {
        !self.unschedulable && self.ready
    }
}
