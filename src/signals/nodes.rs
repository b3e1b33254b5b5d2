//! The nodes table's rows: one per node with what an on-call engineer reads
//! before cordoning or draining it. Pure: computed from the store off the
//! render path; sorting and filtering live in `app::nodes_table`.

use std::collections::HashMap;
use std::sync::Arc;

use crate::cluster::store::Store;
use crate::cluster::store::records::{NodeRecord, PodPhase, Readiness};

/// A node's condition as the STATUS column reads it (`kubectl get nodes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeStatus {
    /// Ordered worst first, so that sorting by status puts problems on top.
    /// No Ready condition at all: kubectl prints `Unknown`.
    NoCondition,
    /// The Ready condition is Unknown (the kubelet stopped posting status):
    /// kubectl prints `NotReady`, as for False.
    Unknown,
    NotReady,
    Ready,
}

impl NodeStatus {
    /// The word kubectl's node printer uses: `Ready` when the Ready condition
    /// is True, `NotReady` when it is False or Unknown, `Unknown` without one.
    pub fn label(self) -> &'static str {
        match self {
            NodeStatus::Ready => "Ready",
            NodeStatus::NotReady | NodeStatus::Unknown => "NotReady",
            NodeStatus::NoCondition => "Unknown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRow {
    pub name: Arc<str>,
    pub status: NodeStatus,
    pub cordoned: bool,
    /// Roles from `node-role.kubernetes.io/*` labels, comma-separated; `<none>` as kubectl prints.
    pub roles: String,
    pub zone: Option<Arc<str>>,
    pub version: Arc<str>,
    /// Creation time, Unix seconds.
    pub created: Option<i64>,
    /// Pods bound to the node that are not finished (as `kubectl describe node` counts).
    pub pods: u32,
    pub pods_capacity: u32,
    /// Pressure conditions that are True: `Memory`, `Disk`, `PID`.
    pub pressure: Vec<&'static str>,
}

impl NodeRow {
    fn from_view(n: &NodeRecord, pods: u32) -> Self {
        let status = match n.readiness {
            Readiness::Ready => NodeStatus::Ready,
            Readiness::NotReady => NodeStatus::NotReady,
            Readiness::Unknown => NodeStatus::Unknown,
            Readiness::Missing => NodeStatus::NoCondition,
        };
        let roles = if n.roles.is_empty() {
            "<none>".to_string()
        } else {
            n.roles.iter().map(|r| &**r).collect::<Vec<_>>().join(",")
        };
        let pressure = [
            (n.memory_pressure, "Memory"),
            (n.disk_pressure, "Disk"),
            (n.pid_pressure, "PID"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        Self {
            name: n.name.clone(),
            status,
            cordoned: n.unschedulable,
            roles,
            zone: n.zone.clone(),
            version: n.kubelet_version.clone(),
            created: n.created,
            pods,
            pods_capacity: n.pods_capacity,
            pressure,
        }
    }

    /// The status as `kubectl get nodes` prints it: `Ready`, `NotReady,SchedulingDisabled`, ...
    pub fn status_text(&self) -> String {
        if self.cordoned {
            format!("{},SchedulingDisabled", self.status.label())
        } else {
            self.status.label().to_string()
        }
    }

    /// Whether the row needs attention (not ready, cordoned, under pressure or full).
    pub fn troubled(&self) -> bool {
        self.status != NodeStatus::Ready || self.cordoned || !self.pressure.is_empty() || self.full()
    }

    /// At or over its pod capacity.
    pub fn full(&self) -> bool {
        self.pods_capacity > 0 && self.pods >= self.pods_capacity
    }

    /// The text the `/` filter matches against: every column a user might type.
    pub fn haystack(&self) -> String {
        let mut s = format!(
            "{} {} {} {} {}",
            self.name,
            self.status.label(),
            self.roles,
            self.zone.as_deref().unwrap_or("no-zone"),
            self.version
        );
        if matches!(self.status, NodeStatus::Unknown | NodeStatus::NoCondition) {
            s.push_str(" Unknown");
        }
        if self.cordoned {
            s.push_str(" cordoned SchedulingDisabled");
        }
        for p in &self.pressure {
            s.push(' ');
            s.push_str(p);
            s.push_str("Pressure");
        }
        s
    }
}

/// Every node's row, in name order (the table sorts its own view).
pub fn rows(store: &Store) -> Vec<NodeRow> {
    let mut per_node: HashMap<&str, u32> = HashMap::new();
    for node in store.pods.items.values().filter_map(counted) {
        *per_node.entry(node).or_default() += 1;
    }
    let mut rows: Vec<NodeRow> = store
        .nodes
        .items
        .values()
        .map(|n| NodeRow::from_view(n, per_node.get(&*n.name).copied().unwrap_or(0)))
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    rows
}

/// Whether a pod counts on its node (as `kubectl describe node` counts).
fn counted(p: &crate::cluster::store::records::PodRecord) -> Option<&str> {
    match p.phase {
        PodPhase::Succeeded | PodPhase::Failed => None,
        _ => p.node.as_deref(),
    }
}

/// `prev` (the rows of `was`, an earlier state of `store`) brought up to
/// `store` when only pods changed: each pod written since moves its count
/// from its node then to its node now. `None` when the nodes changed or
/// which pods did is not known: compute [`rows`].
pub fn rows_updated(prev: &[NodeRow], was: &Store, store: &Store) -> Option<Vec<NodeRow>> {
    if !store.nodes.unchanged_since(&was.nodes) {
        return None;
    }
    let written: std::collections::HashSet<_> = store.pods.changed_since(&was.pods)?.collect();
    let mut delta: HashMap<&str, i64> = HashMap::new();
    for k in written {
        if let Some(n) = was.pods.items.get(k).and_then(counted) {
            *delta.entry(n).or_default() -= 1;
        }
        if let Some(n) = store.pods.items.get(k).and_then(counted) {
            *delta.entry(n).or_default() += 1;
        }
    }
    delta.retain(|_, d| *d != 0);
    let rows = prev.iter().map(|r| match delta.get(&*r.name) {
        Some(d) => NodeRow {
            pods: u32::try_from(i64::from(r.pods) + d).unwrap_or(0),
            ..r.clone()
        },
        None => r.clone(),
    });
    Some(rows.collect())
}

#[cfg(test)]
#[path = "nodes_tests.rs"]
mod tests;
