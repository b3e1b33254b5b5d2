//! The kinds kon watches, their tables, and the deltas watchers send.

use std::sync::Arc;

use super::Table;
use super::backup_views::{CronJobView, EtcdSnapshotView, JobView, VeleroBackupView, VeleroScheduleView};
use super::cert_views::{CertManagerView, CsrView, TlsSecretView};
use super::intern::Interner;
use super::rbac_views::{ClusterRoleBindingView, HpaView};
use super::sync::SyncState;
use super::views::{
    EndpointSliceView, LeaseView, LimitRangeView, NamespaceView, NetworkPolicyView, NodeView, PdbView,
    PodView, QuotaView, ReplicaSetView, WorkloadView,
};
use crate::cluster::slim::backups::{
    SlimCronJob, SlimEtcdSnapshotFile, SlimJob, SlimVeleroBackup, SlimVeleroSchedule,
};
use crate::cluster::slim::certs::{SlimCertificate, SlimCsr, SlimTlsSecret};
use crate::cluster::slim::endpoints::{SlimEndpointSlice, SlimReplicaSet};
use crate::cluster::slim::node::SlimNode;
use crate::cluster::slim::pod::SlimPod;
use crate::cluster::slim::rbac::{SlimClusterRoleBinding, SlimHpa};
use crate::cluster::slim::simple::{SlimLease, SlimLimitRange, SlimNamespace, SlimResourceQuota};
use crate::cluster::slim::workloads::{
    SlimDaemonSet, SlimDeployment, SlimNetworkPolicy, SlimPdb, SlimStatefulSet,
};

/// A change to one kind's table.
#[derive(Debug, Clone, PartialEq)]
pub enum Delta<K, V> {
    /// A (re)list starts; the table keeps showing the old items until it is done.
    InitStart,
    InitApply(K, V),
    InitDone,
    Apply(K, V),
    Delete(K),
    State(SyncState),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Nodes,
    Pods,
    Namespaces,
    Leases,
    ResourceQuotas,
    LimitRanges,
    Deployments,
    StatefulSets,
    DaemonSets,
    Pdbs,
    NetworkPolicies,
    ReplicaSets,
    /// The EndpointSlices of the `default/kubernetes` Service.
    ApiEndpoints,
    /// `kubernetes.io/tls` Secrets.
    TlsSecrets,
    /// cert-manager Certificates.
    Certificates,
    Csrs,
    VeleroBackups,
    VeleroSchedules,
    EtcdSnapshots,
    CronJobs,
    Jobs,
    Hpas,
    ClusterRoleBindings,
}

impl Kind {
    pub const ALL: [Kind; 23] = [
        Kind::Nodes,
        Kind::Pods,
        Kind::Namespaces,
        Kind::Leases,
        Kind::ResourceQuotas,
        Kind::LimitRanges,
        Kind::Deployments,
        Kind::StatefulSets,
        Kind::DaemonSets,
        Kind::Pdbs,
        Kind::NetworkPolicies,
        Kind::ReplicaSets,
        Kind::ApiEndpoints,
        Kind::TlsSecrets,
        Kind::Certificates,
        Kind::Csrs,
        Kind::VeleroBackups,
        Kind::VeleroSchedules,
        Kind::EtcdSnapshots,
        Kind::CronJobs,
        Kind::Jobs,
        Kind::Hpas,
        Kind::ClusterRoleBindings,
    ];

    /// The API resource, as RBAC names it.
    pub fn resource(self) -> &'static str {
        match self {
            Kind::Nodes => "nodes",
            Kind::Pods => "pods",
            Kind::Namespaces => "namespaces",
            Kind::Leases => "leases.coordination.k8s.io",
            Kind::ResourceQuotas => "resourcequotas",
            Kind::LimitRanges => "limitranges",
            Kind::Deployments => "deployments.apps",
            Kind::StatefulSets => "statefulsets.apps",
            Kind::DaemonSets => "daemonsets.apps",
            Kind::Pdbs => "poddisruptionbudgets.policy",
            Kind::NetworkPolicies => "networkpolicies.networking.k8s.io",
            Kind::ReplicaSets => "replicasets.apps",
            Kind::ApiEndpoints => "endpointslices.discovery.k8s.io",
            Kind::TlsSecrets => "secrets",
            Kind::Certificates => "certificates.cert-manager.io",
            Kind::Csrs => "certificatesigningrequests.certificates.k8s.io",
            Kind::VeleroBackups => "backups.velero.io",
            Kind::VeleroSchedules => "schedules.velero.io",
            Kind::EtcdSnapshots => "etcdsnapshotfiles.k3s.cattle.io",
            Kind::CronJobs => "cronjobs.batch",
            Kind::Jobs => "jobs.batch",
            Kind::Hpas => "horizontalpodautoscalers.autoscaling",
            Kind::ClusterRoleBindings => "clusterrolebindings.rbac.authorization.k8s.io",
        }
    }
}

/// A watch event of one kind, still in its slim form.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Node(Delta<String, SlimNode>),
    Pod(Delta<(String, String), SlimPod>),
    Namespace(Delta<String, SlimNamespace>),
    Lease(Delta<(String, String), SlimLease>),
    Quota(Delta<(String, String), SlimResourceQuota>),
    LimitRange(Delta<(String, String), SlimLimitRange>),
    Deployment(Delta<(String, String), SlimDeployment>),
    StatefulSet(Delta<(String, String), SlimStatefulSet>),
    DaemonSet(Delta<(String, String), SlimDaemonSet>),
    Pdb(Delta<(String, String), SlimPdb>),
    NetworkPolicy(Delta<(String, String), SlimNetworkPolicy>),
    ReplicaSet(Delta<(String, String), SlimReplicaSet>),
    ApiEndpoints(Delta<(String, String), SlimEndpointSlice>),
    VeleroBackup(Delta<(String, String), SlimVeleroBackup>),
    VeleroSchedule(Delta<(String, String), SlimVeleroSchedule>),
    EtcdSnapshot(Delta<String, SlimEtcdSnapshotFile>),
    CronJob(Delta<(String, String), SlimCronJob>),
    Job(Delta<(String, String), SlimJob>),
    Certificate(Delta<(String, String), SlimCertificate>),
    TlsSecret(Delta<(String, String), SlimTlsSecret>),
    Csr(Delta<String, SlimCsr>),
    Hpa(Delta<(String, String), SlimHpa>),
    ClusterRoleBinding(Delta<String, SlimClusterRoleBinding>),
}

type NsKey = (Arc<str>, Box<str>);

/// Every table kon keeps for one context.
#[derive(Debug, Default, Clone)]
pub struct Store {
    pub interner: Interner,
    pub nodes: Table<Arc<str>, NodeView>,
    pub pods: Table<NsKey, PodView>,
    pub namespaces: Table<Arc<str>, NamespaceView>,
    pub leases: Table<NsKey, LeaseView>,
    pub quotas: Table<NsKey, QuotaView>,
    pub limit_ranges: Table<NsKey, LimitRangeView>,
    pub deployments: Table<NsKey, WorkloadView>,
    pub statefulsets: Table<NsKey, WorkloadView>,
    pub daemonsets: Table<NsKey, WorkloadView>,
    pub pdbs: Table<NsKey, PdbView>,
    pub network_policies: Table<NsKey, NetworkPolicyView>,
    pub replicasets: Table<NsKey, ReplicaSetView>,
    /// EndpointSlices of `default/kubernetes`, by name.
    pub api_endpoints: Table<NsKey, EndpointSliceView>,
    pub tls_secrets: Table<NsKey, TlsSecretView>,
    pub certificates: Table<NsKey, CertManagerView>,
    pub csrs: Table<Arc<str>, CsrView>,
    pub velero_backups: Table<NsKey, VeleroBackupView>,
    pub velero_schedules: Table<NsKey, VeleroScheduleView>,
    pub etcd_snapshots: Table<Arc<str>, EtcdSnapshotView>,
    pub cronjobs: Table<NsKey, CronJobView>,
    /// Jobs owned by a CronJob.
    pub jobs: Table<NsKey, JobView>,
    pub hpas: Table<NsKey, HpaView>,
    pub cluster_role_bindings: Table<Arc<str>, ClusterRoleBindingView>,
}

/// Converts a delta's keys and slim objects with the interner.
fn convert<K, V, K2, V2>(
    d: Delta<K, V>,
    i: &mut Interner,
    key: fn(K, &mut Interner) -> K2,
    view: fn(&V, &mut Interner) -> V2,
) -> Delta<K2, V2> {
    match d {
        Delta::InitStart => Delta::InitStart,
        Delta::InitApply(k, v) => Delta::InitApply(key(k, i), view(&v, i)),
        Delta::InitDone => Delta::InitDone,
        Delta::Apply(k, v) => Delta::Apply(key(k, i), view(&v, i)),
        Delta::Delete(k) => Delta::Delete(key(k, i)),
        Delta::State(s) => Delta::State(s),
    }
}

/// A delta of views that may be `None` (objects kon does not keep): an
/// update to such an object deletes it (it may have been kept before), a
/// listed one is skipped.
fn keep_some<K, V>(d: Delta<K, Option<V>>) -> Option<Delta<K, V>> {
    Some(match d {
        Delta::InitStart => Delta::InitStart,
        Delta::InitApply(k, v) => Delta::InitApply(k, v?),
        Delta::InitDone => Delta::InitDone,
        Delta::Apply(k, Some(v)) => Delta::Apply(k, v),
        Delta::Apply(k, None) | Delta::Delete(k) => Delta::Delete(k),
        Delta::State(s) => Delta::State(s),
    })
}

fn name_key(k: String, i: &mut Interner) -> Arc<str> {
    i.get(&k)
}

fn ns_key((ns, name): (String, String), i: &mut Interner) -> NsKey {
    (i.get(&ns), name.into_boxed_str())
}

impl Store {
    /// Applies one watch event, converting slim objects to interned views.
    /// Applies one watch event; false when nothing changed.
    pub fn apply(&mut self, ev: Event) -> bool {
        let i = &mut self.interner;
        match ev {
            Event::Node(d) => self.nodes.apply(convert(d, i, name_key, NodeView::from_slim)),
            Event::Pod(d) => self.pods.apply(convert(d, i, ns_key, PodView::from_slim)),
            Event::Namespace(d) => self
                .namespaces
                .apply(convert(d, i, name_key, NamespaceView::from_slim)),
            Event::Lease(d) => self.leases.apply(convert(d, i, ns_key, LeaseView::from_slim)),
            Event::Quota(d) => self.quotas.apply(convert(d, i, ns_key, QuotaView::from_slim)),
            Event::LimitRange(d) => self
                .limit_ranges
                .apply(convert(d, i, ns_key, LimitRangeView::from_slim)),
            Event::Deployment(d) => self.deployments.apply(convert(d, i, ns_key, |w, i| {
                WorkloadView::from_parts("Deployment", &w.metadata, &w.spec, &w.status, i)
            })),
            Event::StatefulSet(d) => self.statefulsets.apply(convert(d, i, ns_key, |w, i| {
                WorkloadView::from_parts("StatefulSet", &w.metadata, &w.spec, &w.status, i)
            })),
            Event::DaemonSet(d) => self.daemonsets.apply(convert(d, i, ns_key, |w, i| {
                WorkloadView::from_parts("DaemonSet", &w.metadata, &w.spec, &w.status, i)
            })),
            Event::Pdb(d) => self.pdbs.apply(convert(d, i, ns_key, PdbView::from_slim)),
            Event::NetworkPolicy(d) => {
                self.network_policies
                    .apply(convert(d, i, ns_key, NetworkPolicyView::from_slim))
            }
            Event::ReplicaSet(d) => self
                .replicasets
                .apply(convert(d, i, ns_key, ReplicaSetView::from_slim)),
            Event::ApiEndpoints(d) => {
                self.api_endpoints
                    .apply(convert(d, i, ns_key, EndpointSliceView::from_slim))
            }
            Event::VeleroBackup(d) => {
                self.velero_backups
                    .apply(convert(d, i, ns_key, VeleroBackupView::from_slim))
            }
            Event::VeleroSchedule(d) => {
                self.velero_schedules
                    .apply(convert(d, i, ns_key, VeleroScheduleView::from_slim))
            }
            Event::EtcdSnapshot(d) => {
                self.etcd_snapshots
                    .apply(convert(d, i, name_key, EtcdSnapshotView::from_slim))
            }
            Event::CronJob(d) => self.cronjobs.apply(convert(d, i, ns_key, CronJobView::from_slim)),
            Event::TlsSecret(d) => self
                .tls_secrets
                .apply(convert(d, i, ns_key, TlsSecretView::from_slim)),
            Event::Csr(d) => self.csrs.apply(convert(d, i, name_key, CsrView::from_slim)),
            Event::Hpa(d) => self.hpas.apply(convert(d, i, ns_key, HpaView::from_slim)),
            Event::ClusterRoleBinding(d) => {
                self.cluster_role_bindings
                    .apply(convert(d, i, name_key, ClusterRoleBindingView::from_slim))
            }
            Event::Certificate(d) => {
                self.certificates
                    .apply(convert(d, i, ns_key, CertManagerView::from_slim))
            }
            Event::Job(d) => match keep_some(convert(d, i, ns_key, JobView::from_slim)) {
                Some(d) => self.jobs.apply(d),
                None => false,
            },
        }
    }

    pub fn state(&self, kind: Kind) -> &SyncState {
        match kind {
            Kind::Nodes => &self.nodes.state,
            Kind::Pods => &self.pods.state,
            Kind::Namespaces => &self.namespaces.state,
            Kind::Leases => &self.leases.state,
            Kind::ResourceQuotas => &self.quotas.state,
            Kind::LimitRanges => &self.limit_ranges.state,
            Kind::Deployments => &self.deployments.state,
            Kind::StatefulSets => &self.statefulsets.state,
            Kind::DaemonSets => &self.daemonsets.state,
            Kind::Pdbs => &self.pdbs.state,
            Kind::NetworkPolicies => &self.network_policies.state,
            Kind::ReplicaSets => &self.replicasets.state,
            Kind::ApiEndpoints => &self.api_endpoints.state,
            Kind::TlsSecrets => &self.tls_secrets.state,
            Kind::Certificates => &self.certificates.state,
            Kind::Csrs => &self.csrs.state,
            Kind::VeleroBackups => &self.velero_backups.state,
            Kind::VeleroSchedules => &self.velero_schedules.state,
            Kind::EtcdSnapshots => &self.etcd_snapshots.state,
            Kind::CronJobs => &self.cronjobs.state,
            Kind::Jobs => &self.jobs.state,
            Kind::Hpas => &self.hpas.state,
            Kind::ClusterRoleBindings => &self.cluster_role_bindings.state,
        }
    }

    /// The API server stopped answering: every synced kind is shown stale
    /// (its watch may be silently dead) with `reason`, until its watch
    /// reports again or [`Store::connection_back`] clears what this set.
    pub fn connection_lost(&mut self, since: i64, reason: &str) -> bool {
        let mut changed = false;
        for kind in Kind::ALL {
            let state = self.state_mut(kind);
            if *state == SyncState::Synced {
                *state = SyncState::Stale {
                    since,
                    reason: reason.to_string(),
                };
                changed = true;
            }
        }
        changed
    }

    /// The API server answers again: the kinds made stale by
    /// [`Store::connection_lost`] with `reason` are synced again (their
    /// watches resume from where they were; a watch that fails says so).
    pub fn connection_back(&mut self, reason: &str) -> bool {
        let mut changed = false;
        for kind in Kind::ALL {
            let state = self.state_mut(kind);
            if matches!(state, SyncState::Stale { reason: r, .. } if r == reason) {
                *state = SyncState::Synced;
                changed = true;
            }
        }
        changed
    }

    fn state_mut(&mut self, kind: Kind) -> &mut SyncState {
        match kind {
            Kind::Nodes => &mut self.nodes.state,
            Kind::Pods => &mut self.pods.state,
            Kind::Namespaces => &mut self.namespaces.state,
            Kind::Leases => &mut self.leases.state,
            Kind::ResourceQuotas => &mut self.quotas.state,
            Kind::LimitRanges => &mut self.limit_ranges.state,
            Kind::Deployments => &mut self.deployments.state,
            Kind::StatefulSets => &mut self.statefulsets.state,
            Kind::DaemonSets => &mut self.daemonsets.state,
            Kind::Pdbs => &mut self.pdbs.state,
            Kind::NetworkPolicies => &mut self.network_policies.state,
            Kind::ReplicaSets => &mut self.replicasets.state,
            Kind::ApiEndpoints => &mut self.api_endpoints.state,
            Kind::TlsSecrets => &mut self.tls_secrets.state,
            Kind::Certificates => &mut self.certificates.state,
            Kind::Csrs => &mut self.csrs.state,
            Kind::VeleroBackups => &mut self.velero_backups.state,
            Kind::VeleroSchedules => &mut self.velero_schedules.state,
            Kind::EtcdSnapshots => &mut self.etcd_snapshots.state,
            Kind::CronJobs => &mut self.cronjobs.state,
            Kind::Jobs => &mut self.jobs.state,
            Kind::Hpas => &mut self.hpas.state,
            Kind::ClusterRoleBindings => &mut self.cluster_role_bindings.state,
        }
    }

    /// The worst state over every kind (what the header shows).
    pub fn worst(&self) -> (Kind, &SyncState) {
        Kind::ALL
            .into_iter()
            .map(|k| (k, self.state(k)))
            .max_by_key(|(_, s)| s.severity())
            .unwrap_or((Kind::Nodes, &self.nodes.state))
    }
}
