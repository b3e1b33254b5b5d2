//! The quotas pane: every ResourceQuota's used/hard as gauges, namespaces
//! with no ResourceQuota or no LimitRange, cluster capacity against the
//! requests of the pods on it, and the cluster against the supported limits
//! of large clusters (110 pods per node, 5000 nodes, 150000 pods, 300000
//! containers).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::verdict::{Level, Verdict, sort_worst_first, summarize};
use crate::cluster::store::records::{PodPhase, PodRecord};
use crate::cluster::store::{Store, SyncState};

pub use verdicts::{
    WARN_FRACTION, amount, bytes, commitment_line, cores, fraction, gauge_line, limit_level, node_pods_line,
    percent, quota_level,
};

/// Supported limits of a cluster (all at once), from the guidance.
pub const MAX_PODS_PER_NODE: u64 = 110;
pub const MAX_NODES: u64 = 5_000;
pub const MAX_PODS: u64 = 150_000;
pub const MAX_CONTAINERS: u64 = 300_000;
/// Namespaces Kubernetes makes itself; listed after the others.
pub const SYSTEM_NAMESPACES: [&str; 3] = ["kube-system", "kube-public", "kube-node-lease"];

#[derive(Debug, Clone, PartialEq)]
pub struct QuotasModel {
    /// Every quota resource, fullest first (then by namespace, quota, resource).
    pub gauges: Vec<Gauge>,
    /// Live namespaces with no ResourceQuota: by name, system namespaces last.
    pub without_quota: Vec<Arc<str>>,
    /// Live namespaces with no LimitRange, ordered likewise.
    pub without_limit_range: Vec<Arc<str>>,
    /// Requests against allocatable per node, most committed first.
    pub nodes: Vec<NodeLoad>,
    /// The sum over `nodes`; `None` while nodes or pods are not readable.
    pub total: Option<Commitment>,
    /// Pods per node against `min(110, the node's pods capacity)`, fullest first.
    pub pods_per_node: Vec<NodePods>,
    /// The cluster against the supported limits, in [`LimitKind`] order;
    /// a row is missing while the kind it counts is not readable.
    pub limits: Vec<LimitRow>,
    /// Kinds still arriving (`"resourcequotas"`, `"nodes"`, …).
    pub pending: Vec<&'static str>,
    /// Worst first.
    pub verdicts: Vec<Verdict>,
    /// The dashboard tile's line and level.
    pub summary: Verdict,
}

/// One resource of one ResourceQuota. Amounts are in the resource's natural
/// unit: cores for cpu, bytes for memory and storage, a count otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    pub namespace: Arc<str>,
    pub quota: Arc<str>,
    pub resource: Arc<str>,
    pub used: f64,
    pub hard: f64,
    /// `used / hard`; with a hard limit of 0, 0 when nothing is used and
    /// infinity otherwise (see [`fraction`]).
    pub fraction: f64,
    /// Crit at or above 100% (nothing more fits), warn at or above 90%.
    pub level: Level,
}

/// Requested against allocatable, of one node or of the whole cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Commitment {
    pub cpu_requested_milli: u64,
    pub cpu_allocatable_milli: u64,
    pub memory_requested: u64,
    pub memory_allocatable: u64,
}

impl Commitment {
    pub fn cpu(&self) -> f64 {
        fraction(self.cpu_requested_milli as f64, self.cpu_allocatable_milli as f64)
    }

    pub fn memory(&self) -> f64 {
        fraction(self.memory_requested as f64, self.memory_allocatable as f64)
    }

    /// The more committed of cpu and memory.
    pub fn worst(&self) -> f64 {
        self.cpu().max(self.memory())
    }

    /// Crit when requests exceed allocatable, warn from 90%.
    pub fn level(&self) -> Level {
        limit_level(self.cpu_requested_milli, self.cpu_allocatable_milli)
            .max(limit_level(self.memory_requested, self.memory_allocatable))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeLoad {
    pub node: Arc<str>,
    /// Requests of the node's live pods (not finished, not terminating).
    pub commitment: Commitment,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodePods {
    pub node: Arc<str>,
    /// Live pods bound to the node.
    pub pods: u64,
    /// The node's own `pods` allocatable.
    pub capacity: u64,
    /// `min(110, capacity)`: the stricter of the supported and the node's limit.
    pub limit: u64,
    /// Crit over `limit`, warn from 90% of it.
    pub level: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LimitKind {
    /// The most pods on one node, against 110.
    PodsPerNode,
    Nodes,
    Pods,
    Containers,
}

impl LimitKind {
    pub const ALL: [LimitKind; 4] = [
        LimitKind::PodsPerNode,
        LimitKind::Nodes,
        LimitKind::Pods,
        LimitKind::Containers,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LimitKind::PodsPerNode => "pods per node",
            LimitKind::Nodes => "nodes",
            LimitKind::Pods => "pods",
            LimitKind::Containers => "containers",
        }
    }

    pub fn limit(self) -> u64 {
        match self {
            LimitKind::PodsPerNode => MAX_PODS_PER_NODE,
            LimitKind::Nodes => MAX_NODES,
            LimitKind::Pods => MAX_PODS,
            LimitKind::Containers => MAX_CONTAINERS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitRow {
    pub kind: LimitKind,
    pub count: u64,
    pub limit: u64,
    /// Crit when exceeded, warn from 90% of the limit.
    pub level: Level,
}

fn live(p: &PodRecord) -> bool {
    !p.terminating && !matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed)
}

/// Builds the pane's model; `namespace` filters the quota gauges and the
/// namespace lists (None: all). Capacity and limits are cluster-wide.
pub fn model(store: &Store, namespace: Option<&str>) -> QuotasModel {
    let mut verdicts = Vec::new();
    let mut pending = Vec::new();
    let mut readable = |kind: &'static str, state: &SyncState, skipped: &str| match state {
        SyncState::Synced | SyncState::Stale { .. } => true,
        SyncState::NotStarted | SyncState::Syncing { .. } => {
            pending.push(kind);
            false
        }
        _ => {
            verdicts.push(Verdict::warn(format!(
                "{kind}: {}; {skipped} not checked",
                state.label()
            )));
            false
        }
    };
    let quotas_ok = readable("resourcequotas", &store.quotas.state, "quota usage");
    let ranges_ok = readable("limitranges", &store.limit_ranges.state, "LimitRanges");
    let ns_ok = readable("namespaces", &store.namespaces.state, "namespace coverage");
    let nodes_ok = readable("nodes", &store.nodes.state, "capacity and node limits");
    let pods_ok = readable("pods", &store.pods.state, "requests and pod limits");
    let in_scope = |ns: &str| namespace.is_none_or(|n| n == ns);

    let gauges = if quotas_ok {
        gauges(store, &in_scope)
    } else {
        Vec::new()
    };
    let without_quota = if ns_ok && quotas_ok {
        let covered = store.quotas.items.keys().map(|(ns, _)| &**ns).collect();
        uncovered(store, &in_scope, covered)
    } else {
        Vec::new()
    };
    let without_limit_range = if ns_ok && ranges_ok {
        let covered = store.limit_ranges.items.keys().map(|(ns, _)| &**ns).collect();
        uncovered(store, &in_scope, covered)
    } else {
        Vec::new()
    };
    let (nodes, pods_per_node) = if nodes_ok && pods_ok {
        per_node(store)
    } else {
        Default::default()
    };
    let total = (nodes_ok && pods_ok).then(|| {
        nodes.iter().fold(Commitment::default(), |t, n| Commitment {
            cpu_requested_milli: t.cpu_requested_milli + n.commitment.cpu_requested_milli,
            cpu_allocatable_milli: t.cpu_allocatable_milli + n.commitment.cpu_allocatable_milli,
            memory_requested: t.memory_requested + n.commitment.memory_requested,
            memory_allocatable: t.memory_allocatable + n.commitment.memory_allocatable,
        })
    });
    let mut counts = Vec::new();
    if nodes_ok && pods_ok {
        let most = pods_per_node.iter().map(|n| n.pods).max().unwrap_or(0);
        counts.push((LimitKind::PodsPerNode, most));
    }
    if nodes_ok {
        counts.push((LimitKind::Nodes, store.nodes.items.len() as u64));
    }
    if pods_ok {
        let pods = store.pods.items.values();
        counts.push((LimitKind::Pods, pods.len() as u64));
        let containers = pods.map(|p| p.containers.len() as u64).sum();
        counts.push((LimitKind::Containers, containers));
    }
    let limits: Vec<LimitRow> = counts
        .into_iter()
        .map(|(kind, count)| LimitRow {
            kind,
            count,
            limit: kind.limit(),
            level: limit_level(count, kind.limit()),
        })
        .collect();

    verdicts.extend(verdicts::gauges(&gauges));
    verdicts.extend(verdicts::uncovered("a ResourceQuota", &without_quota));
    verdicts.extend(verdicts::uncovered("a LimitRange", &without_limit_range));
    verdicts.extend(verdicts::capacity(&nodes, total.as_ref()));
    verdicts.extend(verdicts::pods_per_node(&pods_per_node));
    verdicts.extend(limits.iter().filter_map(verdicts::limit));
    sort_worst_first(&mut verdicts);
    let summary = summarize(&verdicts, || {
        verdicts::all_ok(quotas_ok.then_some(&gauges[..]), total.as_ref())
    });
    QuotasModel {
        gauges,
        without_quota,
        without_limit_range,
        nodes,
        total,
        pods_per_node,
        limits,
        pending,
        verdicts,
        summary,
    }
}

fn gauges(store: &Store, in_scope: &dyn Fn(&str) -> bool) -> Vec<Gauge> {
    let mut out: Vec<Gauge> = store
        .quotas
        .items
        .values()
        .filter(|q| in_scope(&q.namespace))
        .flat_map(|q| {
            q.resources.iter().map(|(resource, used, hard)| Gauge {
                namespace: q.namespace.clone(),
                quota: q.name.clone(),
                resource: resource.clone(),
                used: *used,
                hard: *hard,
                fraction: fraction(*used, *hard),
                level: quota_level(*used, *hard),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (b.level.cmp(&a.level))
            .then_with(|| b.fraction.total_cmp(&a.fraction))
            .then_with(|| (&a.namespace, &a.quota, &a.resource).cmp(&(&b.namespace, &b.quota, &b.resource)))
    });
    out
}

/// Live namespaces in scope that are not in `covered`, system ones last.
fn uncovered(store: &Store, in_scope: &dyn Fn(&str) -> bool, covered: BTreeSet<&str>) -> Vec<Arc<str>> {
    let mut out: Vec<Arc<str>> = store
        .namespaces
        .items
        .values()
        .filter(|n| !n.terminating && in_scope(&n.name) && !covered.contains(&*n.name))
        .map(|n| n.name.clone())
        .collect();
    out.sort_by(|a, b| {
        let system = |n: &str| SYSTEM_NAMESPACES.contains(&n);
        (system(a), a).cmp(&(system(b), b))
    });
    out
}

/// Every node's requests (most committed first) and pod count (fullest first).
fn per_node(store: &Store) -> (Vec<NodeLoad>, Vec<NodePods>) {
    let mut acc: HashMap<&str, (Commitment, u64)> = store
        .nodes
        .items
        .values()
        .map(|n| {
            let c = Commitment {
                cpu_allocatable_milli: n.cpu_allocatable_milli,
                memory_allocatable: n.memory_allocatable,
                ..Commitment::default()
            };
            (&*n.name, (c, 0))
        })
        .collect();
    for p in store.pods.items.values().filter(|p| live(p)) {
        let Some((c, pods)) = p.node.as_deref().and_then(|n| acc.get_mut(n)) else {
            continue;
        };
        *pods += 1;
        for k in p.containers.iter() {
            c.cpu_requested_milli += k.cpu_request_milli.unwrap_or(0);
            c.memory_requested += k.memory_request.unwrap_or(0);
        }
    }
    let mut loads = Vec::with_capacity(acc.len());
    let mut counts = Vec::with_capacity(acc.len());
    for n in store.nodes.items.values() {
        let Some(&(commitment, pods)) = acc.get(&*n.name) else {
            continue;
        };
        loads.push(NodeLoad {
            node: n.name.clone(),
            commitment,
            level: commitment.level(),
        });
        let capacity = u64::from(n.pods_capacity);
        let limit = capacity.min(MAX_PODS_PER_NODE);
        counts.push(NodePods {
            node: n.name.clone(),
            pods,
            capacity,
            limit,
            level: limit_level(pods, limit),
        });
    }
    loads.sort_by(|a, b| {
        let (fa, fb) = (a.commitment.worst(), b.commitment.worst());
        fb.total_cmp(&fa).then_with(|| a.node.cmp(&b.node))
    });
    counts.sort_by(|a, b| {
        let (fa, fb) = (
            fraction(a.pods as f64, a.limit as f64),
            fraction(b.pods as f64, b.limit as f64),
        );
        fb.total_cmp(&fa).then_with(|| a.node.cmp(&b.node))
    });
    (loads, counts)
}

#[path = "quotas_verdicts.rs"]
mod verdicts;

#[cfg(test)]
#[path = "quotas_tests.rs"]
mod tests;
