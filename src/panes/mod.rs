//! The pane models the dashboard shows, recomputed from the store and what
//! was read on this machine (off the render path, debounced by the event
//! loop): the signals' models and the findings over them. Above `signals`
//! and `findings`, below `app` (so that `kon check` computes them without
//! the console).

pub mod local;
pub mod memo;
pub mod platform;

pub use local::Local;

use crate::cluster::store::{Kind, Store, SyncState};
use crate::findings::parts::{Part, Partial};
use crate::signals::backups::{self, BackupsModel};
use crate::signals::certs::{self, CertsModel};
use crate::signals::control_plane::{self, ControlPlaneModel};
use crate::signals::health_text;
use crate::signals::nodes::{self, NodeRow};
use crate::signals::quotas::{self, QuotasModel};
use crate::signals::workloads_rows::{self, WorkloadRow};
use crate::signals::zones::{self, ZonesModel};
use crate::signals::{pods, pods_update};
use memo::{Memo, Model};
use std::sync::Arc;

/// Every pane's model. `None` until the data it needs has started to arrive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panes {
    /// Every model is shared (`Arc`): the snapshot the loop takes for a
    /// recompute (`AppState::recompute_job`) copies pointers, in O(1) of
    /// the cluster's size, and drops them.
    pub control_plane: Option<Arc<ControlPlaneModel>>,
    /// The quotas hold a row per node.
    pub zones: Option<Arc<ZonesModel>>,
    pub quotas: Option<Arc<QuotasModel>>,
    /// The nodes table's rows, in name order.
    pub nodes: Option<Arc<[NodeRow]>>,
    /// The workloads view's rows in the scope, worst first.
    pub workloads: Option<Arc<[WorkloadRow]>>,
    /// The events view's rows in the scope (Normal ones too), newest first.
    pub events: Option<Arc<[crate::signals::events::EventRow]>>,
    /// Every pod in scope, worst first (the pods table and its tile).
    pub pods: Option<Arc<pods::PodsModel>>,
    pub certs: Option<Arc<CertsModel>>,
    pub backups: Option<Arc<BackupsModel>>,
    /// etcd, live (`None`: not resolved).
    pub etcd: Option<Arc<crate::signals::etcd_live::EtcdLive>>,
    /// The readiness findings over everything above.
    /// Shared (one finding per workload and rule: thousands at scale).
    pub findings: Option<Arc<crate::findings::Report>>,
    /// The platform the cluster runs on, which the models and rules judge
    /// it by (managed control planes).
    pub platform: crate::platform::Detection,
    /// The platform evidence the store does not hold (the server's
    /// gitVersion and API groups, config.toml's `platform`), set by the
    /// console and `kon check` before they recompute.
    pub platform_clues: Arc<crate::platform::Evidence>,
    /// What the models were computed from (equal in any two `Panes`).
    pub memo: Memo,
}

/// The latest `/readyz?verbose` and `/livez?verbose` answers.
pub type Health<'a> = (
    Option<&'a Result<String, String>>,
    Option<&'a Result<String, String>>,
);

impl Panes {
    /// Brings every model up to date; true when anything the screen shows
    /// changed. `scope` limits the namespaced panes to one namespace
    /// (`None`: all). Incremental: a model is computed only when one of
    /// its inputs moved since it last was (the change counters of the
    /// store tables it reads, the health answers, the scope, what was read
    /// on this machine, the platform, the models it reads), or, for a
    /// model that depends on the time, when its cadence
    /// ([`memo::cadence`]) is due; the findings only when one of theirs
    /// did. The result equals a computation from scratch (the property
    /// test in `incremental_tests.rs`).
    pub fn recompute(
        &mut self,
        store: &Store,
        (readyz, livez): Health,
        scope: Option<&str>,
        local: &Local,
        now: i64,
    ) -> bool {
        use Kind::*;
        let mut memo = std::mem::take(&mut self.memo);
        memo.observe(
            (readyz, livez),
            scope,
            &self.platform_clues,
            local,
            &store.leases.state,
        );
        let mut changed = false;
        // First, so that every model below judges the cluster for what it is.
        let v = memo.versions;
        if memo.due(
            Model::Platform,
            store,
            &[Nodes, Pods, KubeadmConfig],
            &[v.clues],
            now,
        ) {
            let p = platform::detect(store, &self.platform_clues);
            changed |= memo::set(&mut self.platform, p, &mut memo.versions.platform);
        }
        let started = |kinds: &[Kind]| kinds.iter().any(|k| *store.state(*k) != SyncState::NotStarted);
        if memo.due(Model::StaticPods, store, &[Pods, Nodes], &[], now) {
            memo.cp_hosts = Arc::new(control_plane::hosts(store));
        }
        let v = memo.versions;
        if memo.due(
            Model::ControlPlane,
            store,
            &[Leases, Nodes, Pods, ApiEndpoints],
            &[v.health, v.platform],
            now,
        ) {
            let readyz = readyz.map(health_text::from_fetch);
            let livez = livez.map(health_text::from_fetch);
            let m = started(&[Nodes, Pods, Leases]).then(|| {
                let health = (readyz.as_ref(), livez.as_ref());
                Arc::new(control_plane::model_with(
                    store,
                    health,
                    &self.platform,
                    now,
                    &memo.cp_hosts,
                ))
            });
            memo.until(
                Model::ControlPlane,
                m.as_ref().and_then(|m| control_plane::changes_at(m, now)),
            );
            let judged = m.as_ref().map(|m| Arc::new(memo::judged(m)));
            changed |= memo::set(&mut self.control_plane, m, &mut memo.versions.control_plane);
            memo::set(
                &mut memo.control_plane_judged,
                judged,
                &mut memo.versions.control_plane_judged,
            );
        }
        let zone_kinds = [Nodes, Pods, ReplicaSets, Deployments, StatefulSets];
        if memo.due(Model::Zones, store, &zone_kinds, &[v.scope], now) {
            let m = started(&[Nodes, Pods]).then(|| Arc::new(zones::model(store, scope)));
            changed |= memo::set(&mut self.zones, m, &mut memo.versions.zones);
        }
        let quota_kinds = [ResourceQuotas, LimitRanges, Namespaces, Nodes, Pods];
        if memo.due(Model::Quotas, store, &quota_kinds, &[v.scope], now) {
            let m = started(&[ResourceQuotas, Nodes, Pods]).then(|| Arc::new(quotas::model(store, scope)));
            changed |= memo::set(&mut self.quotas, m, &mut memo.versions.quotas);
        }
        if memo.due(Model::Nodes, store, &[Nodes, Pods], &[], now) {
            // Per pod written when only pods changed, else every pod counted.
            let updated = (self.nodes.as_deref().zip(memo.store()))
                .and_then(|(prev, was)| nodes::rows_updated(prev, was, store));
            let m = started(&[Nodes]).then(|| updated.unwrap_or_else(|| nodes::rows(store)).into());
            changed |= memo::set(&mut self.nodes, m, &mut 0);
        }
        let workload_kinds = [Deployments, StatefulSets, DaemonSets, CronJobs, Jobs, ReplicaSets];
        if memo.due(Model::Workloads, store, &workload_kinds, &[v.scope], now) {
            let (m, until) = match started(&[Deployments, StatefulSets, DaemonSets, CronJobs, Jobs]) {
                true => {
                    let (rows, until) = workloads_rows::rows_until(store, scope, now);
                    (Some(rows.into()), until)
                }
                false => (None, None),
            };
            memo.until(Model::Workloads, until);
            changed |= memo::set(&mut self.workloads, m, &mut 0);
        }
        if memo.due(Model::Events, store, &[Events], &[v.scope], now) {
            let m = started(&[Events]).then(|| crate::signals::events::rows(store, scope, true).into());
            changed |= memo::set(&mut self.events, m, &mut 0);
        }
        if memo.due(Model::Pods, store, &[Pods, ReplicaSets, Jobs], &[v.scope], now) {
            let (m, basis) = match started(&[Pods]) {
                true => {
                    // From the pods that changed when that is known, else in full.
                    let prev = (self.pods.as_deref().zip(memo.pods_basis.as_deref())).zip(memo.store());
                    let (m, basis) = prev
                        .and_then(|((m, b), was)| pods_update::update(m, b, was, store, scope, now))
                        .unwrap_or_else(|| pods_update::build(store, scope, now));
                    (Some(Arc::new(m)), Some(Arc::new(basis)))
                }
                false => (None, None),
            };
            memo.until(Model::Pods, basis.as_ref().and_then(|b| b.until()));
            memo.pods_basis = basis;
            changed |= memo::set(&mut self.pods, m, &mut 0);
        }
        if memo.due(
            Model::Certs,
            store,
            &[TlsSecrets, Certificates, Csrs],
            &[v.local_certs],
            now,
        ) {
            let found = local.found_all();
            let m = (started(&[TlsSecrets, Certificates, Csrs]) || !found.is_empty()).then(|| {
                Arc::new(certs::model(
                    store,
                    &found,
                    &local.pending(),
                    local.thresholds,
                    now,
                ))
            });
            changed |= memo::set(&mut self.certs, m, &mut memo.versions.certs);
        }
        let backup_kinds = [VeleroBackups, VeleroSchedules, EtcdSnapshots, CronJobs, Jobs];
        let v = memo.versions;
        if memo.due(
            Model::Backups,
            store,
            &backup_kinds,
            &[v.local_backups, v.platform],
            now,
        ) {
            // A configured directory not scanned yet would read as "no backup".
            let dir_ready = !local.backup_dir_expected || local.backup_dir.is_some();
            let listed = started(&[VeleroBackups, VeleroSchedules, EtcdSnapshots, CronJobs]);
            let m = ((listed || local.backup_dir.is_some()) && dir_ready).then(|| {
                Arc::new(backups::model_on(
                    store,
                    local.backup_dir.as_ref(),
                    &local.backups,
                    &self.platform,
                    now,
                ))
            });
            changed |= memo::set(&mut self.backups, m, &mut memo.versions.backups);
        }
        if memo.due(Model::Etcd, store, &[], &[v.local_etcd, v.platform], now) {
            let managed = self
                .platform
                .is_managed()
                .then(|| self.platform.platform.to_string());
            let m = local
                .etcd
                .as_ref()
                .map(|r| crate::signals::etcd_live::model(r, local.etcd_seen.as_ref(), managed.as_deref()))
                .map(Arc::new);
            changed |= memo::set(&mut self.etcd, m, &mut memo.versions.etcd);
        }
        // Every table: the rules read most of them, and their completeness
        // the state of all. Of the leases only that state: the rules read
        // the leases through the control-plane model.
        let read = Kind::ALL.map(|k| if k == Leases { Nodes } else { k });
        let v = memo.versions;
        let steady = [
            v.platform,
            v.leases_state,
            v.zones,
            v.quotas,
            v.etcd,
            v.local_findings,
        ];
        if memo.due(Model::FindingsSteady, store, &read, &steady, now) {
            let part = self.findings_part(store, local, now, Part::Steady, None);
            memo::set(
                &mut memo.findings_steady,
                Some(Arc::new(part)),
                &mut memo.versions.findings_steady,
            );
        }
        let v = memo.versions;
        let models = [
            v.platform,
            v.control_plane_judged,
            v.leases_state,
            v.zones,
            v.quotas,
            v.certs,
            v.backups,
            v.etcd,
            v.scope,
            v.local_findings,
            v.findings_steady,
        ];
        if memo.due(Model::Findings, store, &read, &models, now) {
            let steady = memo.findings_steady.as_deref();
            let read = steady
                .and_then(Partial::timed_pods)
                .map_or(store.pods.items.len(), <[_]>::len);
            memo.timed_pods_read += read as u64;
            let m = self
                .findings_now(store, scope, local, now, memo.findings_steady.as_deref())
                .map(Arc::new);
            changed |= memo::set(&mut self.findings, m, &mut 0);
        }
        memo.computed_from(store);
        self.memo = memo;
        changed
    }

    /// How many times model `m` was computed since these panes were made
    /// (tests count work by it, not by time).
    pub fn computed(&self, m: Model) -> u64 {
        self.memo.computed[m as usize]
    }

    /// The findings' inputs at `now`; for the steady part, without the
    /// models its rules must not read (they hold ages).
    fn findings_inputs<'a>(&'a self, store: &'a Store, now: i64, part: Part) -> crate::findings::Inputs<'a> {
        let timed = part == Part::Timed;
        crate::findings::Inputs {
            etcd: self.etcd.as_deref(),
            store,
            control_plane: self.control_plane.as_deref().filter(|_| timed),
            certs: self.certs.as_deref().filter(|_| timed),
            backups: self.backups.as_deref().filter(|_| timed),
            quotas: self.quotas.as_deref(),
            zones: self.zones.as_deref(),
            platform: &self.platform,
            now,
        }
    }

    /// Part `part` of the findings; the timed rules over pods read the
    /// pods the steady part kept (`steady`), when given.
    fn findings_part(
        &self,
        store: &Store,
        local: &Local,
        now: i64,
        part: Part,
        steady: Option<&Partial>,
    ) -> Partial {
        let inputs = self.findings_inputs(store, now, part);
        let pods = steady.and_then(Partial::timed_pods);
        crate::findings::parts::run_on(&inputs, &local.findings, Some(part), pods)
    }

    /// The report: the timed rules run now, with the steady part kept.
    fn findings_now(
        &self,
        store: &Store,
        scope: Option<&str>,
        local: &Local,
        now: i64,
        steady: Option<&Partial>,
    ) -> Option<crate::findings::Report> {
        self.control_plane.is_some().then(|| {
            let timed = self.findings_part(store, local, now, Part::Timed, steady);
            let none = Partial::default();
            let steady = steady.unwrap_or(&none);
            let inputs = self.findings_inputs(store, now, Part::Timed);
            let mut report = crate::findings::parts::assemble(&inputs, &[steady, &timed]);
            if let Some(ns) = scope {
                report
                    .findings
                    .retain(|f| f.namespace.as_deref().is_none_or(|n| n == ns));
            }
            report
        })
    }
}

#[cfg(test)]
mod deadline_tests;
#[cfg(test)]
mod demo_tests;
#[cfg(test)]
mod findings_tests;
#[cfg(test)]
mod incremental_tests;
#[cfg(test)]
mod pods_incremental_tests;
#[cfg(test)]
mod scale_tests;
#[cfg(test)]
pub(crate) mod test_store;
