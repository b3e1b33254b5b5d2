//! What each pane model was computed from, so that [`super::Panes::recompute`]
//! recomputes only the models whose inputs moved: the store's tables it
//! reads (a snapshot of the store at the last recompute, compared table by
//! table in O(1): [`Store::unchanged_since`]), versions of the inputs from
//! outside the store (health answers, scope, what was read on this
//! machine, the platform clues) and of the models it reads, and, for a
//! model that depends on the time, when it was computed.

use std::sync::Arc;

use crate::cluster::store::{Kind, Store};

use super::Local;

/// The models, each with its slot in the memo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    Platform,
    ControlPlane,
    Zones,
    Quotas,
    Nodes,
    Workloads,
    Events,
    Pods,
    Certs,
    Backups,
    Etcd,
    Findings,
    /// The control plane's static pods and nodes (a pass over every pod
    /// and node: `signals::control_plane::Hosts`), kept while the pods
    /// and nodes do not change: the control plane itself is computed
    /// whenever a lease moves.
    StaticPods,
    /// The findings that time does not change (`findings::parts::Part::Steady`:
    /// most pass over every pod), kept while their inputs do not move; the
    /// others (`Findings`) are computed at the cadence and put together with them.
    FindingsSteady,
}

const MODELS: usize = 14;

impl Model {
    /// Every model, in the order of its slot.
    pub const ALL: [Model; MODELS] = [
        Model::Platform,
        Model::ControlPlane,
        Model::Zones,
        Model::Quotas,
        Model::Nodes,
        Model::Workloads,
        Model::Events,
        Model::Pods,
        Model::Certs,
        Model::Backups,
        Model::Etcd,
        Model::Findings,
        Model::StaticPods,
        Model::FindingsSteady,
    ];
}

/// How often a model that depends on the time is recomputed when nothing
/// else moved, in seconds. The certificates, backups and the timed part of
/// the findings hold ages in their texts (days, hours, minutes): every
/// [`SLOW_SECS`]. The control plane, pods and workloads models have no
/// cadence: they say when time alone changes them (a deadline,
/// [`Memo::until`]: `signals::control_plane::changes_at`,
/// `signals::pods::changes_at`, `signals::workloads::stalls_at`); the
/// steady part of the findings does not depend on the time. The tables,
/// the pods tile and the control plane's page draw ages from the frame's
/// time, not the model's.
pub const fn cadence(m: Model) -> Option<i64> {
    match m {
        Model::Certs | Model::Backups | Model::Findings => Some(SLOW_SECS),
        Model::Platform
        | Model::ControlPlane
        | Model::Zones
        | Model::Workloads
        | Model::Quotas
        | Model::Nodes
        | Model::Events
        | Model::Pods
        | Model::Etcd
        | Model::StaticPods
        | Model::FindingsSteady => None,
    }
}

/// The cadence of the models that hold ages in their texts and give no
/// deadline yet (certificates, backups, the timed findings). None of them
/// passes over the pods (the timed findings read the candidates the
/// steady part kept: `findings::parts::TimedPods`), so an idle console's
/// two runs a minute are cheap.
pub const SLOW_SECS: i64 = 30;

/// Versions of the inputs that are not store tables: bumped when the value
/// seen differs from the last one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Versions {
    pub health: u64,
    pub scope: u64,
    pub clues: u64,
    pub local_certs: u64,
    pub local_backups: u64,
    pub local_etcd: u64,
    pub local_findings: u64,
    /// The sync state of the leases (what the findings read of them).
    pub leases_state: u64,
    /// Bumped by `recompute` when the model's value changed.
    pub platform: u64,
    pub control_plane: u64,
    /// Bumped when what the findings read of the control plane changed
    /// ([`judged`]): not its renewal times, which move at every renewal.
    pub control_plane_judged: u64,
    pub zones: u64,
    pub quotas: u64,
    pub certs: u64,
    pub backups: u64,
    pub etcd: u64,
    /// Bumped when the steady part of the findings changed.
    pub findings_steady: u64,
}

/// The versions a model was last computed from, and when; for a model
/// that says when time alone changes it, that time.
#[derive(Debug, Clone, Default)]
struct Slot {
    extra: Option<Vec<u64>>,
    at: i64,
    until: Option<i64>,
}

impl Slot {
    /// Whether time alone makes model `m` due at `now`: its cadence or
    /// deadline came, or time went backwards.
    fn late(&self, m: Model, now: i64) -> bool {
        cadence(m).is_some_and(|every| now - self.at >= every)
            || self.until.is_some_and(|t| now >= t)
            || now < self.at
    }
}

/// A health endpoint's answer, as fetched.
type Fetched = Result<String, String>;

/// The inputs seen last, to tell which moved.
#[derive(Debug, Clone)]
struct Seen {
    health: (Option<Fetched>, Option<Fetched>),
    scope: Option<String>,
    clues: Arc<crate::platform::Evidence>,
    local: Local,
    leases: crate::cluster::store::SyncState,
}

/// What the models were computed from. Not part of what the panes show:
/// two `Panes` with the same models are equal whatever their memos.
#[derive(Debug, Clone, Default)]
pub struct Memo {
    /// The store as it was at the last recompute (a cheap clone: shared).
    store: Option<Store>,
    /// Shared, as everything here: a snapshot of the panes copies pointers.
    seen: Option<Arc<Seen>>,
    pub versions: Versions,
    slots: [Slot; MODELS],
    /// The control plane's static pods and nodes, as of the store's pods and nodes.
    pub cp_hosts: Arc<crate::signals::control_plane::Hosts>,
    /// What the findings last read of the control plane ([`judged`]).
    pub control_plane_judged: Option<Arc<crate::signals::control_plane::ControlPlaneModel>>,
    /// The steady part of the findings ([`Model::FindingsSteady`]).
    pub findings_steady: Option<std::sync::Arc<crate::findings::parts::Partial>>,
    /// What the pods model was computed from besides the store (its
    /// scope, time, and the pods whose rows time changes), so that it is
    /// brought up to date from the pods that changed (`signals::pods_update`).
    pub pods_basis: Option<std::sync::Arc<crate::signals::pods_update::Basis>>,
    /// How many times each model was computed (for tests: a recompute
    /// that finds nothing moved computes none).
    pub computed: [u64; MODELS],
    /// How many pods the timed findings read, over all their runs (for
    /// tests: the candidates the steady part kept, not every pod).
    pub timed_pods_read: u64,
}

impl PartialEq for Memo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Memo {
    /// Takes in this recompute's inputs from outside the store: bumps the
    /// version of each that changed.
    pub fn observe(
        &mut self,
        health: super::Health,
        scope: Option<&str>,
        clues: &Arc<crate::platform::Evidence>,
        local: &Local,
        leases: &crate::cluster::store::SyncState,
    ) {
        let Some(seen) = &mut self.seen else {
            self.seen = Some(Arc::new(Seen {
                health: (health.0.cloned(), health.1.cloned()),
                scope: scope.map(str::to_string),
                clues: clues.clone(),
                local: local.clone(),
                leases: leases.clone(),
            }));
            return;
        };
        let was: &Seen = seen;
        let moved_health = (was.health.0.as_ref(), was.health.1.as_ref()) != health;
        let moved_scope = was.scope.as_deref() != scope;
        let moved_leases = was.leases != *leases;
        let moved_clues = !Arc::ptr_eq(&was.clues, clues) && *was.clues != **clues;
        let moved_local = was.local != *local;
        if !(moved_health || moved_scope || moved_leases || moved_clues || moved_local) {
            return;
        }
        let v = &mut self.versions;
        let seen = Arc::make_mut(seen);
        if moved_health {
            seen.health = (health.0.cloned(), health.1.cloned());
            v.health += 1;
        }
        if moved_scope {
            seen.scope = scope.map(str::to_string);
            v.scope += 1;
        }
        if moved_leases {
            seen.leases = leases.clone();
            v.leases_state += 1;
        }
        if moved_clues {
            v.clues += 1;
        }
        seen.clues = clues.clone();
        if !moved_local {
            return;
        }
        let was = &seen.local;
        if (&was.found, &was.expected, was.thresholds) != (&local.found, &local.expected, local.thresholds) {
            v.local_certs += 1;
        }
        if (&was.backup_dir, was.backup_dir_expected, &was.backups)
            != (&local.backup_dir, local.backup_dir_expected, &local.backups)
        {
            v.local_backups += 1;
        }
        if (&was.etcd, &was.etcd_seen) != (&local.etcd, &local.etcd_seen) {
            v.local_etcd += 1;
        }
        if was.findings != local.findings {
            v.local_findings += 1;
        }
        seen.local = local.clone();
    }

    /// Whether model `m` must be computed now: one of its inputs (the
    /// tables `kinds` of `store`, the versions `extra`) moved since the
    /// last recompute, or its cadence came due, or time went backwards.
    /// Remembers the inputs when it is.
    pub fn due(&mut self, m: Model, store: &Store, kinds: &[Kind], extra: &[u64], now: i64) -> bool {
        let tables_moved = match &self.store {
            Some(was) => kinds.iter().any(|k| !store.unchanged_since(was, *k)),
            None => true,
        };
        let slot = &mut self.slots[m as usize];
        let moved = tables_moved || slot.extra.as_deref() != Some(extra);
        if !(moved || slot.late(m, now)) {
            return false;
        }
        slot.extra = Some(extra.to_vec());
        slot.at = now;
        slot.until = None;
        self.computed[m as usize] += 1;
        true
    }
}

impl Memo {
    /// Model `m`, just computed, differs by time alone from `at` on
    /// (`None`: never): it is due again then.
    pub fn until(&mut self, m: Model, at: Option<i64>) {
        self.slots[m as usize].until = at;
    }

    /// Whether time alone makes a model due at `now` (its cadence or its
    /// deadline came, or time went backwards), or none was computed yet:
    /// O(1) in the cluster's size, so that the loop's 1 s tick asks it and
    /// starts no recompute when nothing is due (the inputs that move, store
    /// and the rest, ask for one themselves).
    pub fn time_due(&self, now: i64) -> bool {
        self.store.is_none() || Model::ALL.iter().any(|&m| self.slots[m as usize].late(m, now))
    }

    /// Remembers the store the models are now up to date with.
    pub fn computed_from(&mut self, store: &Store) {
        self.store = Some(store.clone());
    }

    /// The store the models were last computed from (`None`: never).
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }
}

/// What the findings read of the control-plane model computed at `now`:
/// the model without its verdicts and summary (texts the findings do not
/// read) and without renewal times but a stale leader's, which the
/// findings print. So it stays the same as leases are renewed on time (a
/// leader lease every 2 s), and changes when a lease's status does. The
/// findings' own texts count from their own time.
pub fn judged(
    m: &crate::signals::control_plane::ControlPlaneModel,
) -> crate::signals::control_plane::ControlPlaneModel {
    use crate::signals::control_plane::LeaderStatus;
    let mut j = m.clone();
    j.verdicts.clear();
    j.summary = crate::signals::verdict::Verdict::ok(String::new());
    for a in &mut j.apiservers {
        a.renewed = None;
    }
    for l in &mut j.leaders {
        if l.status != LeaderStatus::Stale {
            l.renewed = None;
        }
    }
    j
}

/// Sets `slot` to `new`; true (and the version bumped) when it differs.
pub fn set<T: PartialEq>(slot: &mut T, new: T, version: &mut u64) -> bool {
    if *slot == new {
        return false;
    }
    *slot = new;
    *version += 1;
    true
}
