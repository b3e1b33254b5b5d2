//! The control-plane pane: API server instances, the scheduler's and the
//! controller manager's leader leases, control-plane nodes and static pods
//! with their zones, the API server's readyz/livez checks, and the verdicts
//! the production guidance asks for (at least 3 instances, spread over
//! zones, healthy checks, live leaders).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::health_text::HealthReport;
use super::verdict::{Verdict, sort_worst_first, summarize};
use crate::cluster::store::records::{LeaseRecord, Readiness};
use crate::cluster::store::{Store, SyncState};
use crate::platform::{self, Detection};

/// Slack on top of a lease's duration before it counts as stale: leader
/// election renews well inside the duration (every 2 s for a 15 s lease),
/// so one missed renewal is not a stale leader, but 10 s past expiry is
/// longer than any healthy hand-over and absorbs modest clock skew between
/// the control plane and this machine.
pub const STALE_MARGIN_SECS: i64 = 10;
/// client-go's default `leaseDurationSeconds`, used when a lease has none.
pub const DEFAULT_LEASE_SECS: i64 = 15;
/// The smallest HA control plane.
pub const HA_INSTANCES: usize = 3;
/// The static-pod components shown, in this order.
pub const COMPONENTS: [&str; 4] = [
    "kube-apiserver",
    "etcd",
    "kube-scheduler",
    "kube-controller-manager",
];
/// The leader leases watched, in `kube-system`.
pub const LEADERS: [&str; 2] = crate::cluster::store::records::LEADER_LEASES;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlPlaneModel {
    /// API server identity leases, by name.
    pub apiservers: Vec<ApiServer>,
    /// The addresses behind `default/kubernetes` (sorted) and whether each
    /// is ready; `Err` says why they cannot be read.
    pub addresses: Result<Vec<(Box<str>, bool)>, String>,
    /// One entry per [`LEADERS`] name, in that order.
    pub leaders: Vec<Leader>,
    /// Control-plane nodes, by name.
    pub nodes: Vec<ControlPlaneNode>,
    /// One entry per [`COMPONENTS`] name, in that order.
    pub components: Vec<Component>,
    pub count: InstanceCount,
    /// Control-plane instances per zone (nodes that are control-plane or run
    /// a kube-apiserver static pod), by zone name.
    pub zones: Vec<(Arc<str>, usize)>,
    /// Such instances whose node has no zone label.
    pub unzoned: usize,
    pub readyz: EndpointHealth,
    pub livez: EndpointHealth,
    /// The failing checks of both endpoints.
    pub failing_checks: Vec<FailingCheck>,
    /// What has not arrived yet (`"nodes"`, `"readyz"`, …): the verdicts
    /// that need it are left out rather than guessed.
    pub pending: Vec<&'static str>,
    /// Worst first.
    pub verdicts: Vec<Verdict>,
    /// The dashboard tile's line and level.
    pub summary: Verdict,
    /// The platform judged by: on a managed one the provider runs the
    /// control plane, and what the customer cannot see is not a problem.
    pub platform: Detection,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiServer {
    pub name: Arc<str>,
    pub holder: Option<Arc<str>>,
    /// When it was last renewed (Unix seconds): the page draws its age
    /// from the frame's time, so the model does not move every second.
    pub renewed: Option<i64>,
    /// The lease duration used for staleness (the lease's, or the default).
    pub duration: i64,
    pub stale: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaderStatus {
    /// Renewed within its duration plus [`STALE_MARGIN_SECS`].
    Fresh,
    Stale,
    /// The lease exists but nobody holds it: no leader is elected.
    NoHolder,
    /// No such lease (leader election off, or a managed control plane).
    Missing,
    /// Leases are not readable (yet).
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leader {
    pub component: &'static str,
    pub holder: Option<Arc<str>>,
    /// When it was last renewed (Unix seconds).
    pub renewed: Option<i64>,
    /// The lease duration used for staleness (the lease's, or the default).
    pub duration: i64,
    pub status: LeaderStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlPlaneNode {
    pub name: Arc<str>,
    pub zone: Option<Arc<str>>,
    pub readiness: Readiness,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Component {
    pub name: &'static str,
    /// By node, then pod name.
    pub pods: Vec<StaticPod>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticPod {
    pub name: Box<str>,
    pub node: Option<Arc<str>>,
    pub zone: Option<Arc<str>>,
    pub ready: bool,
}

/// The control-plane instance count and what it is the maximum of; a
/// source is `None` when its kind is not readable.
///
/// Why the maximum: every source can be blind in some cluster. Managed
/// control planes hide their nodes and static pods; API servers outside the
/// cluster (or with `APIServerIdentity` off) have no identity lease; nodes
/// may lack the `control-plane` role label. A missing source must not make
/// the count, and with it the HA verdict, fall. The price is that the count
/// can be too high when a source overcounts, so stale identity leases (an
/// API server that went away) are not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct InstanceCount {
    pub identity_leases: Option<usize>,
    pub nodes: Option<usize>,
    pub apiserver_pods: Option<usize>,
    /// Ready addresses behind the `default/kubernetes` Service.
    pub endpoints: Option<usize>,
}

impl InstanceCount {
    pub fn total(&self) -> usize {
        [
            self.identity_leases,
            self.nodes,
            self.apiserver_pods,
            self.endpoints,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointHealth {
    NotPolled,
    Passed {
        checks: usize,
    },
    Failed {
        failing: Vec<String>,
    },
    /// Unreachable, or an answer that is not a health listing.
    Error(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailingCheck {
    pub endpoint: &'static str,
    pub name: String,
}

/// Whether a kind's data can be used: `Ok` when synced (or stale but once
/// synced), `Err(None)` while still arriving, `Err(Some(why))` when it
/// cannot be read.
fn usable(state: &SyncState) -> Result<(), Option<String>> {
    match state {
        SyncState::Synced | SyncState::Stale { .. } | SyncState::Absent => Ok(()),
        SyncState::NotStarted | SyncState::Syncing { .. } => Err(None),
        SyncState::Forbidden { .. } | SyncState::Unreachable { .. } => Err(Some(state.label())),
    }
}

/// Whether the lease's last renewal is past `duration` + margin. A lease
/// never renewed is stale.
fn staleness(lease: &LeaseRecord, duration: i64, now: i64) -> bool {
    lease
        .renewed
        .is_none_or(|r| now - r > duration + STALE_MARGIN_SECS)
}

/// When time alone next changes the model `m` computed at `now` (`None`:
/// never): a lease passing its stale threshold, or an age a stale lease's
/// verdict prints changing ([`super::verdict::next_change`]). The ages of
/// fresh leases are not in the model (the page draws them).
pub fn changes_at(m: &ControlPlaneModel, now: i64) -> Option<i64> {
    let leases = (m.apiservers.iter()).map(|a| (a.renewed, a.duration, a.stale));
    let leaders = (m.leaders.iter())
        .filter(|l| matches!(l.status, LeaderStatus::Fresh | LeaderStatus::Stale))
        .map(|l| (l.renewed, l.duration, l.status == LeaderStatus::Stale));
    let mut at: Option<i64> = None;
    for (renewed, duration, stale) in leases.chain(leaders) {
        let Some(r) = renewed else { continue };
        let next = match stale {
            true => r + super::verdict::next_change(now - r),
            false => r + duration + STALE_MARGIN_SECS + 1,
        };
        at = Some(at.map_or(next, |a| a.min(next)));
    }
    at.map(|a| a.max(now + 1))
}

/// The API server addresses of `default/kubernetes`. Not a pending source:
/// many clusters do not let every user read EndpointSlices, and the count
/// stands on the other sources then.
fn api_addresses(store: &Store) -> Result<Vec<(Box<str>, bool)>, String> {
    match &store.api_endpoints.state {
        SyncState::Synced | SyncState::Stale { .. } => {}
        SyncState::NotStarted | SyncState::Syncing { .. } => return Err("not read yet".into()),
        other => return Err(other.label()),
    }
    let mut all: Vec<(Box<str>, bool)> = store
        .api_endpoints
        .items
        .values()
        .flat_map(|e| e.addresses.iter().cloned())
        .collect();
    all.sort();
    // Dual-stack clusters list an address in two slices; once is enough.
    all.dedup_by(|a, b| a.0 == b.0);
    Ok(all)
}

/// Builds the pane's model on a platform not known to be managed (see
/// [`model_on`]).
pub fn model(
    store: &Store,
    readyz: Option<&Result<HealthReport, String>>,
    livez: Option<&Result<HealthReport, String>>,
    now: i64,
) -> ControlPlaneModel {
    model_on(store, readyz, livez, &platform::UNKNOWN, now)
}

/// Builds the pane's model. `readyz`/`livez` are the last polled answers
/// (`None` before the first), already parsed; `now` is Unix seconds. On a
/// managed platform the verdicts rest on what the customer can see
/// (`/readyz`, `/livez`, the API endpoints, the leases the provider
/// exposes): no control-plane nodes, static pods or leader leases is not a
/// warning there, and the provider's zone spread is not judged.
pub fn model_on(
    store: &Store,
    readyz: Option<&Result<HealthReport, String>>,
    livez: Option<&Result<HealthReport, String>>,
    platform: &Detection,
    now: i64,
) -> ControlPlaneModel {
    model_with(store, (readyz, livez), platform, now, &hosts(store))
}

/// What the model reads of the pods and nodes: the static pods of the
/// control-plane components and the control-plane nodes (a pass over
/// every pod and every node). The caller keeps them while the pods and
/// nodes do not change: the model itself is computed again whenever a
/// lease or a health answer moves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hosts {
    pub static_pods: Vec<Component>,
    pub nodes: Vec<ControlPlaneNode>,
}

/// The [`Hosts`] of the cluster in `store`.
pub fn hosts(store: &Store) -> Hosts {
    Hosts {
        static_pods: components(store, true),
        nodes: cp_nodes(store),
    }
}

/// A health endpoint's answer, parsed.
type Parsed = Result<HealthReport, String>;

/// [`model_on`] with the pods and nodes already gathered ([`hosts`] of
/// the same store).
pub fn model_with(
    store: &Store,
    (readyz, livez): (Option<&Parsed>, Option<&Parsed>),
    platform: &Detection,
    now: i64,
    hosts: &Hosts,
) -> ControlPlaneModel {
    let managed = platform.is_managed();
    let mut verdicts = Vec::new();
    let mut pending = Vec::new();
    let mut readable = |kind: &'static str, state: &SyncState, skipped: &str| match usable(state) {
        Ok(()) => true,
        Err(None) => {
            pending.push(kind);
            false
        }
        Err(Some(why)) => {
            verdicts.push(Verdict::warn(format!("{kind}: {why}; {skipped} not checked")));
            false
        }
    };
    let leases_ok = readable("leases", &store.leases.state, "API server instances and leaders");
    let nodes_ok = readable("nodes", &store.nodes.state, "control-plane nodes and zones");
    let pods_ok = readable("pods", &store.pods.state, "static pods");

    let apiservers = if leases_ok {
        apiservers(store, now)
    } else {
        Vec::new()
    };
    let leaders: Vec<Leader> = LEADERS
        .into_iter()
        .map(|c| leader(store, c, leases_ok, now))
        .collect();
    let nodes = if nodes_ok { hosts.nodes.clone() } else { Vec::new() };
    let components = match pods_ok {
        true => hosts.static_pods.clone(),
        false => components(store, false),
    };
    let addresses = api_addresses(store);
    let count = InstanceCount {
        endpoints: addresses
            .as_ref()
            .ok()
            .map(|a| a.iter().filter(|(_, ready)| *ready).count()),
        identity_leases: leases_ok.then(|| apiservers.iter().filter(|a| !a.stale).count()),
        nodes: nodes_ok.then_some(nodes.len()),
        apiserver_pods: pods_ok.then(|| components.first().map_or(0, |c| c.pods.len())),
    };

    // Where the instances are: control-plane nodes and kube-apiserver hosts.
    let mut hosts: BTreeSet<&str> = nodes.iter().map(|n| &*n.name).collect();
    if let Some(api) = components.first() {
        hosts.extend(api.pods.iter().filter_map(|p| p.node.as_deref()));
    }
    let mut zones: BTreeMap<Arc<str>, usize> = BTreeMap::new();
    let mut unzoned = 0;
    for h in &hosts {
        match store.nodes.items.get(*h).and_then(|n| n.zone.clone()) {
            Some(z) => *zones.entry(z).or_default() += 1,
            None => unzoned += 1,
        }
    }
    let zones: Vec<(Arc<str>, usize)> = zones.into_iter().collect();

    if managed {
        verdicts.push(Verdict::ok(super::managed::runs_control_plane(platform)));
    }
    if (leases_ok || nodes_ok || pods_ok) && managed {
        verdicts.push(super::managed::count(platform, &count));
    } else if leases_ok || nodes_ok || pods_ok {
        verdicts.push(verdicts::count(&count));
    }
    if nodes_ok && !managed {
        verdicts.extend(verdicts::zones(store, hosts.len(), &zones, unzoned));
    }
    verdicts.extend(verdicts::not_ready(&nodes, &components));
    if managed {
        let stale: Vec<(&str, Option<i64>)> = apiservers
            .iter()
            .filter(|a| a.stale)
            .map(|a| (&*a.name, a.renewed.map(|r| now - r)))
            .collect();
        verdicts.extend(super::managed::stale_apiservers(platform, &stale));
    } else {
        verdicts.extend(verdicts::stale_apiservers(&apiservers, now));
    }
    // On a managed control plane a leader lease the provider does not
    // expose is not a verdict (the page says it is not exposed).
    verdicts.extend(
        leaders
            .iter()
            .filter(|l| !(managed && l.status == LeaderStatus::Missing))
            .filter_map(|l| verdicts::leader(l, now)),
    );

    let mut failing_checks = Vec::new();
    let readyz = verdicts::endpoint("readyz", readyz, &mut verdicts, &mut failing_checks, &mut pending);
    let livez = verdicts::endpoint("livez", livez, &mut verdicts, &mut failing_checks, &mut pending);

    sort_worst_first(&mut verdicts);
    let summary = summarize(&verdicts, || {
        if !(leases_ok || nodes_ok || pods_ok) {
            return "waiting for cluster data".to_owned();
        }
        if managed {
            return format!("run by {}, healthy", platform.platform);
        }
        let mut s = format!("{} instances", count.total());
        if !zones.is_empty() {
            s.push_str(&format!(
                " in {} zone{}",
                zones.len(),
                verdicts::plural(zones.len())
            ));
        }
        s.push_str(", healthy");
        s
    });
    ControlPlaneModel {
        apiservers,
        addresses,
        leaders,
        nodes,
        components,
        count,
        zones,
        unzoned,
        readyz,
        livez,
        failing_checks,
        pending,
        verdicts,
        summary,
        platform: platform.clone(),
    }
}

#[path = "control_plane_sources.rs"]
mod sources;
use sources::{apiservers, components, cp_nodes, leader};

#[path = "control_plane_verdicts.rs"]
mod verdicts;

#[cfg(test)]
#[path = "control_plane_tests.rs"]
mod tests;
