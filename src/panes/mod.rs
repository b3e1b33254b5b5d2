//! The pane models the dashboard shows, recomputed from the store and what
//! was read on this machine (off the render path, debounced by the event
//! loop): the signals' models and the findings over them. Above `signals`
//! and `findings`, below `app` (so that `kon check` computes them without
//! the console).

pub mod local;
pub mod platform;

pub use local::Local;

use crate::cluster::store::{Store, SyncState};
use crate::signals::backups::{self, BackupsModel};
use crate::signals::certs::{self, CertsModel};
use crate::signals::control_plane::{self, ControlPlaneModel};
use crate::signals::health_text;
use crate::signals::nodes::{self, NodeRow};
use crate::signals::pods;
use crate::signals::quotas::{self, QuotasModel};
use crate::signals::workloads_rows::{self, WorkloadRow};
use crate::signals::zones::{self, ZonesModel};

/// Every pane's model. `None` until the data it needs has started to arrive.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panes {
    pub control_plane: Option<ControlPlaneModel>,
    pub zones: Option<ZonesModel>,
    pub quotas: Option<QuotasModel>,
    /// The nodes table's rows, in name order.
    pub nodes: Option<Vec<NodeRow>>,
    /// The workloads view's rows in the scope, worst first.
    pub workloads: Option<Vec<WorkloadRow>>,
    /// The events view's rows in the scope (Normal ones too), newest first.
    pub events: Option<Vec<crate::signals::events::EventRow>>,
    /// Every pod in scope, worst first (the pods table and its tile).
    pub pods: Option<pods::PodsModel>,
    pub certs: Option<CertsModel>,
    pub backups: Option<BackupsModel>,
    /// etcd, live (`None`: not resolved).
    pub etcd: Option<crate::signals::etcd_live::EtcdLive>,
    /// The readiness findings over everything above.
    pub findings: Option<crate::findings::Report>,
    /// The platform the cluster runs on, which the models and rules judge
    /// it by (managed control planes).
    pub platform: crate::platform::Detection,
    /// The platform evidence the store does not hold (the server's
    /// gitVersion and API groups, config.toml's `platform`), set by the
    /// console and `kon check` before they recompute.
    pub platform_clues: crate::platform::Evidence,
}

/// The latest `/readyz?verbose` and `/livez?verbose` answers.
pub type Health<'a> = (
    Option<&'a Result<String, String>>,
    Option<&'a Result<String, String>>,
);

impl Panes {
    /// Recomputes every model; true when anything the screen shows changed.
    /// `scope` limits the namespaced panes to one namespace (`None`: all).
    pub fn recompute(
        &mut self,
        store: &Store,
        (readyz, livez): Health,
        scope: Option<&str>,
        local: &Local,
        now: i64,
    ) -> bool {
        let before = self.clone();
        // First, so that every model below judges the cluster for what it is.
        self.platform = platform::detect(store, &self.platform_clues);
        let started = |kinds: &[&SyncState]| kinds.iter().any(|s| **s != SyncState::NotStarted);
        let readyz = readyz.map(health_text::from_fetch);
        let livez = livez.map(health_text::from_fetch);
        self.control_plane = started(&[&store.nodes.state, &store.pods.state, &store.leases.state])
            .then(|| control_plane::model_on(store, readyz.as_ref(), livez.as_ref(), &self.platform, now));
        self.zones = started(&[&store.nodes.state, &store.pods.state]).then(|| zones::model(store, scope));
        self.quotas = started(&[&store.quotas.state, &store.nodes.state, &store.pods.state])
            .then(|| quotas::model(store, scope));
        self.nodes = started(&[&store.nodes.state]).then(|| nodes::rows(store));
        self.workloads = started(&[
            &store.deployments.state,
            &store.statefulsets.state,
            &store.daemonsets.state,
            &store.cronjobs.state,
            &store.jobs.state,
        ])
        .then(|| workloads_rows::rows(store, scope, now));
        self.events =
            started(&[&store.events.state]).then(|| crate::signals::events::rows(store, scope, true));
        self.pods = started(&[&store.pods.state]).then(|| pods::model(store, scope, now));
        let found = local.found_all();
        self.certs = (started(&[
            &store.tls_secrets.state,
            &store.certificates.state,
            &store.csrs.state,
        ]) || !found.is_empty())
        .then(|| certs::model(store, &found, &local.pending(), local.thresholds, now));
        let backup_kinds = [
            &store.velero_backups.state,
            &store.velero_schedules.state,
            &store.etcd_snapshots.state,
            &store.cronjobs.state,
        ];
        // A configured directory not scanned yet would read as "no backup".
        let dir_ready = !local.backup_dir_expected || local.backup_dir.is_some();
        self.backups = ((started(&backup_kinds) || local.backup_dir.is_some()) && dir_ready).then(|| {
            backups::model_on(
                store,
                local.backup_dir.as_ref(),
                &local.backups,
                &self.platform,
                now,
            )
        });
        let managed = self
            .platform
            .is_managed()
            .then(|| self.platform.platform.to_string());
        self.etcd = local
            .etcd
            .as_ref()
            .map(|r| crate::signals::etcd_live::model(r, local.etcd_seen.as_ref(), managed.as_deref()));
        self.findings = self.control_plane.is_some().then(|| {
            let inputs = crate::findings::Inputs {
                etcd: self.etcd.as_ref(),
                store,
                control_plane: self.control_plane.as_ref(),
                certs: self.certs.as_ref(),
                backups: self.backups.as_ref(),
                quotas: self.quotas.as_ref(),
                zones: self.zones.as_ref(),
                platform: &self.platform,
                now,
            };
            let mut report = crate::findings::evaluate(&inputs, &local.findings);
            if let Some(ns) = scope {
                report
                    .findings
                    .retain(|f| f.namespace.as_deref().is_none_or(|n| n == ns));
            }
            report
        });
        *self != before
    }
}

#[cfg(test)]
mod demo_tests;
