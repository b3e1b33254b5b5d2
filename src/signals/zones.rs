//! The zones pane: nodes per zone, control-plane instances per zone, and how
//! each Deployment's and StatefulSet's replicas spread over zones and nodes
//! (the guidance: spread replicas over nodes and zones; a zone can be lost).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::verdict::{Verdict, sort_worst_first, summarize};
use crate::cluster::store::records::{PodPhase, PodRecord, Readiness};
use crate::cluster::store::{Store, SyncState};

/// The entry of nodes without a `topology.kubernetes.io/zone` label.
pub const NO_ZONE: &str = "(no zone)";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZonesModel {
    /// Labelled zones by name, then [`NO_ZONE`] if any node has no label.
    pub zones: Vec<ZoneRow>,
    /// The bar chart: one bar per entry of `zones`, same order.
    pub bars: Vec<ZoneBar>,
    /// Worst first: most flags, then largest skew, then by name.
    pub workloads: Vec<Workload>,
    /// Kinds still arriving (`"nodes"`, `"pods"`).
    pub pending: Vec<&'static str>,
    /// Worst first.
    pub verdicts: Vec<Verdict>,
    /// The dashboard tile's line and level.
    pub summary: Verdict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneRow {
    pub name: Arc<str>,
    /// False for the [`NO_ZONE`] entry.
    pub labelled: bool,
    pub nodes: usize,
    pub ready: usize,
    /// Not ready or unknown; `ready + not_ready == nodes`.
    pub not_ready: usize,
    /// Unschedulable, ready or not (counted apart from the two above).
    pub cordoned: usize,
    pub control_plane: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneBar {
    pub zone: Arc<str>,
    pub nodes: usize,
    pub ready: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WorkloadKind {
    Deployment,
    StatefulSet,
    /// A ReplicaSet whose name does not derive from a Deployment.
    ReplicaSet,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpreadFlag {
    /// Every placed replica (at least 2) is on this node.
    OneNode(Arc<str>),
    /// Every placed replica (at least 2) is in this zone, in a cluster of
    /// several zones.
    OneZone(Arc<str>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    pub namespace: Arc<str>,
    pub kind: WorkloadKind,
    pub name: Arc<str>,
    /// Live pods (not terminating, not finished).
    pub replicas: usize,
    /// The workload's desired and ready replicas, as its controller says
    /// (`None`: a ReplicaSet of its own, or the workload is not read).
    pub desired: Option<i32>,
    pub ready: Option<i32>,
    /// Replicas per entry of [`ZonesModel::zones`], same order.
    pub per_zone: Vec<usize>,
    /// Distinct nodes the replicas run on.
    pub nodes: usize,
    /// Replicas not on a known node (pending, or their node is gone).
    pub unplaced: usize,
    /// Largest minus smallest count over the labelled zones (zones with
    /// none count 0); replicas on unlabelled nodes are not in it.
    pub skew: usize,
    pub flags: Vec<SpreadFlag>,
}

/// The Deployment a ReplicaSet belongs to, by name. The deployment
/// controller names a ReplicaSet `<deployment>-<pod-template-hash>` and puts
/// the hash on its pods as the `pod-template-hash` label, so with the label
/// the suffix is stripped exactly (a label that is not the name's suffix
/// means the ReplicaSet was not made by a Deployment). Without the label,
/// the last `-` segment is stripped when it looks like such a hash: 1 to 10
/// characters of the controller's alphabet (`bcdfghjklmnpqrstvwxz2456789`)
/// or digits (older releases). `None`: a ReplicaSet of its own.
pub fn deployment_of<'a>(replica_set: &'a str, template_hash: Option<&str>) -> Option<&'a str> {
    let prefix = match template_hash.filter(|h| !h.is_empty()) {
        Some(h) => replica_set.strip_suffix(h)?.strip_suffix('-')?,
        None => {
            let (prefix, last) = replica_set.rsplit_once('-')?;
            let alphabet = |b: u8| b"bcdfghjklmnpqrstvwxz2456789".contains(&b);
            let hashy = (1..=10).contains(&last.len())
                && (last.bytes().all(alphabet) || last.bytes().all(|b| b.is_ascii_digit()));
            hashy.then_some(prefix)?
        }
    };
    (!prefix.is_empty()).then_some(prefix)
}

/// Deployment names already derived, by ReplicaSet name and template hash,
/// so that 150000 pods do not cost 150000 allocations.
type Derived<'a> = HashMap<(&'a str, Option<&'a str>), (WorkloadKind, Arc<str>)>;

/// Each watched ReplicaSet's Deployment, by (namespace, name); empty when
/// ReplicaSets cannot be read (names are then derived, see [`deployment_of`]).
type Owners<'a> = HashMap<(&'a str, &'a str), Option<&'a Arc<str>>>;

fn replica_set_owners(store: &Store) -> Owners<'_> {
    if !matches!(
        store.replicasets.state,
        SyncState::Synced | SyncState::Stale { .. }
    ) {
        return HashMap::new();
    }
    store
        .replicasets
        .items
        .iter()
        .map(|((ns, name), rs)| ((&**ns, &**name), rs.deployment.as_ref()))
        .collect()
}

/// The workload a pod's replicas are counted under: a ReplicaSet's owner
/// as the ReplicaSet says, else as its name and template hash suggest.
fn workload_of<'a>(
    p: &'a PodRecord,
    owners: &Owners<'a>,
    derived: &mut Derived<'a>,
) -> Option<(WorkloadKind, Arc<str>)> {
    let (kind, owner) = p.owner.as_ref()?;
    match &**kind {
        "StatefulSet" => Some((WorkloadKind::StatefulSet, owner.clone())),
        "ReplicaSet" => {
            if let Some(deployment) = owners.get(&(&*p.namespace, &**owner)) {
                return Some(match deployment {
                    Some(d) => (WorkloadKind::Deployment, (*d).clone()),
                    None => (WorkloadKind::ReplicaSet, owner.clone()),
                });
            }
            let hash = p
                .labels
                .iter()
                .find(|(k, _)| &**k == "pod-template-hash")
                .map(|(_, v)| &**v);
            let found = derived
                .entry((&**owner, hash))
                .or_insert_with(|| match deployment_of(owner, hash) {
                    Some(d) => (WorkloadKind::Deployment, Arc::from(d)),
                    None => (WorkloadKind::ReplicaSet, owner.clone()),
                });
            Some(found.clone())
        }
        _ => None,
    }
}

fn live(p: &PodRecord) -> bool {
    !p.terminating && !matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed)
}

/// Builds the pane's model; `namespace` filters the workloads (None: all).
pub fn model(store: &Store, namespace: Option<&str>) -> ZonesModel {
    let mut verdicts = Vec::new();
    let mut pending = Vec::new();
    let mut readable = |kind: &'static str, state: &SyncState| match state {
        SyncState::Synced | SyncState::Stale { .. } => true,
        SyncState::NotStarted | SyncState::Syncing { .. } => {
            pending.push(kind);
            false
        }
        _ => {
            verdicts.push(Verdict::warn(format!("{kind}: {}", state.label())));
            false
        }
    };
    let nodes_ok = readable("nodes", &store.nodes.state);
    let pods_readable = readable("pods", &store.pods.state);
    let pods_ok = nodes_ok && pods_readable;

    let (zones, zone_of) = if nodes_ok {
        zone_rows(store)
    } else {
        Default::default()
    };
    let labelled = zones.iter().filter(|z| z.labelled).count();
    let workloads = if pods_ok {
        workloads(store, namespace, &zones, &zone_of)
    } else {
        Vec::new()
    };
    if nodes_ok {
        verdicts.extend(node_verdicts(&zones));
        verdicts.extend(spread_verdict(&workloads));
    }
    sort_worst_first(&mut verdicts);
    let summary = summarize(&verdicts, || {
        if !nodes_ok {
            return "waiting for nodes".to_owned();
        }
        let nodes: usize = zones.iter().map(|z| z.nodes).sum();
        let mut s = format!("{labelled} zones, {nodes} nodes ready");
        if pods_ok {
            s.push_str(", replicas spread");
        }
        s
    });
    let bars = zones
        .iter()
        .map(|z| ZoneBar {
            zone: z.name.clone(),
            nodes: z.nodes,
            ready: z.ready,
        })
        .collect();
    ZonesModel {
        zones,
        bars,
        workloads,
        pending,
        verdicts,
        summary,
    }
}

/// Rows per zone, and each node's row index.
fn zone_rows(store: &Store) -> (Vec<ZoneRow>, HashMap<&str, usize>) {
    let names: BTreeSet<&Arc<str>> = store
        .nodes
        .items
        .values()
        .filter_map(|n| n.zone.as_ref())
        .collect();
    let row = |name: Arc<str>, labelled| ZoneRow {
        name,
        labelled,
        nodes: 0,
        ready: 0,
        not_ready: 0,
        cordoned: 0,
        control_plane: 0,
    };
    let mut rows: Vec<ZoneRow> = names.iter().map(|z| row(Arc::clone(z), true)).collect();
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, z)| (&***z, i)).collect();
    let mut zone_of = HashMap::with_capacity(store.nodes.items.len());
    for n in store.nodes.items.values() {
        let i = match n.zone.as_deref().and_then(|z| index.get(z)) {
            Some(&i) => i,
            None => {
                if rows.last().is_none_or(|r| r.labelled) {
                    rows.push(row(Arc::from(NO_ZONE), false));
                }
                rows.len() - 1
            }
        };
        let r = &mut rows[i];
        r.nodes += 1;
        if n.readiness == Readiness::Ready {
            r.ready += 1;
        } else {
            r.not_ready += 1;
        }
        r.cordoned += usize::from(n.unschedulable);
        r.control_plane += usize::from(n.control_plane);
        zone_of.insert(&*n.name, i);
    }
    (rows, zone_of)
}

fn workloads(
    store: &Store,
    namespace: Option<&str>,
    zones: &[ZoneRow],
    zone_of: &HashMap<&str, usize>,
) -> Vec<Workload> {
    type Key = (Arc<str>, WorkloadKind, Arc<str>);
    /// Per workload: replicas per zone, per node, and unplaced.
    type Counts<'a> = (Vec<usize>, HashMap<&'a str, usize>, usize);
    let mut acc: HashMap<Key, Counts> = HashMap::new();
    let mut derived = Derived::new();
    let owners = replica_set_owners(store);
    for p in store.pods.items.values() {
        if !live(p) || namespace.is_some_and(|ns| ns != &*p.namespace) {
            continue;
        }
        let Some((kind, name)) = workload_of(p, &owners, &mut derived) else {
            continue;
        };
        let (per_zone, per_node, unplaced) = acc
            .entry((p.namespace.clone(), kind, name))
            .or_insert_with(|| (vec![0; zones.len()], HashMap::new(), 0));
        match p.node.as_deref().and_then(|n| Some((n, *zone_of.get(n)?))) {
            Some((node, z)) => {
                per_zone[z] += 1;
                *per_node.entry(node).or_default() += 1;
            }
            None => *unplaced += 1,
        }
    }
    let labelled = zones.iter().filter(|z| z.labelled).count();
    let mut out: Vec<Workload> = acc
        .into_iter()
        .map(|((namespace, kind, name), (per_zone, per_node, unplaced))| {
            let counts = zones
                .iter()
                .zip(&per_zone)
                .filter(|(z, _)| z.labelled)
                .map(|(_, c)| *c);
            let skew = counts.clone().max().unwrap_or(0) - counts.min().unwrap_or(0);
            let placed: usize = per_zone.iter().sum();
            let mut flags = Vec::new();
            if placed >= 2 {
                if let (1, Some((node, _))) = (per_node.len(), per_node.iter().next()) {
                    flags.push(SpreadFlag::OneNode(Arc::from(*node)));
                }
                let mut used = zones.iter().zip(&per_zone).filter(|(_, c)| **c > 0);
                if let (Some((z, _)), None) = (used.next(), used.next())
                    && z.labelled
                    && labelled > 1
                {
                    flags.push(SpreadFlag::OneZone(z.name.clone()));
                }
            }
            let record = match kind {
                WorkloadKind::Deployment => store.deployments.items.get(&(namespace.clone(), (*name).into())),
                WorkloadKind::StatefulSet => {
                    store.statefulsets.items.get(&(namespace.clone(), (*name).into()))
                }
                WorkloadKind::ReplicaSet => None,
            };
            Workload {
                desired: record.map(|r| r.replicas),
                ready: record.map(|r| r.ready),
                namespace,
                kind,
                name,
                replicas: placed + unplaced,
                per_zone,
                nodes: per_node.len(),
                unplaced,
                skew,
                flags,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.flags.len(), b.skew)
            .cmp(&(a.flags.len(), a.skew))
            .then_with(|| (&a.namespace, &a.name, a.kind).cmp(&(&b.namespace, &b.name, b.kind)))
    });
    out
}

fn node_verdicts(zones: &[ZoneRow]) -> Vec<Verdict> {
    let nodes: usize = zones.iter().map(|z| z.nodes).sum();
    let labelled: Vec<&ZoneRow> = zones.iter().filter(|z| z.labelled).collect();
    let unlabelled = zones
        .iter()
        .filter(|z| !z.labelled)
        .map(|z| z.nodes)
        .sum::<usize>();
    let mut out = Vec::new();
    if nodes == 0 {
        return vec![Verdict::warn("no nodes")];
    }
    for z in labelled.iter().filter(|z| z.ready == 0) {
        out.push(Verdict::crit(format!(
            "zone {}: none of its {} nodes ready",
            z.name, z.nodes
        )));
    }
    let not_ready: usize = zones.iter().map(|z| z.not_ready).sum();
    if not_ready > 0 {
        out.push(Verdict::warn(format!("{not_ready} of {nodes} nodes not ready")));
    }
    match (labelled.len(), unlabelled) {
        (0, _) => out.push(Verdict::warn(format!(
            "no zones: none of the {nodes} nodes has a topology.kubernetes.io/zone label"
        ))),
        (_, u) if u > 0 => out.push(Verdict::warn(format!("{u} of {nodes} nodes have no zone label"))),
        (1, _) if nodes == 1 => out.push(Verdict::warn(format!(
            "a single node (zone {}): no redundancy",
            labelled[0].name
        ))),
        (1, _) => out.push(Verdict::warn(format!(
            "all {nodes} nodes in one zone ({}): losing it loses the cluster",
            labelled[0].name
        ))),
        _ => {}
    }
    out
}

fn spread_verdict(workloads: &[Workload]) -> Option<Verdict> {
    let flagged: Vec<&Workload> = workloads.iter().filter(|w| !w.flags.is_empty()).collect();
    let first = flagged.first()?;
    let placed = first.replicas - first.unplaced;
    let place = match first.flags.first() {
        Some(SpreadFlag::OneNode(n)) => format!("on node {n}"),
        Some(SpreadFlag::OneZone(z)) => format!("in zone {z}"),
        None => String::new(),
    };
    Some(Verdict::warn(format!(
        "{} workload{} not spread; worst: {}/{}, all {placed} replicas {place}",
        flagged.len(),
        if flagged.len() == 1 { "" } else { "s" },
        first.namespace,
        first.name
    )))
}

#[cfg(test)]
#[path = "zones_tests.rs"]
mod tests;
