//! The kinds kon watches, each declared once in the table of
//! `watched_kinds!`, and what that table gives: the [`Kind`] enum (with
//! each kind's RBAC resource and what its reader asks the API for), the
//! [`Event`] a watcher sends, the [`Store`]'s table per kind with its sync
//! state, and (expanded in `cluster/readers.rs`) the reader that watches or
//! lists it.
//!
//! To add a watched kind:
//! 1. Write its slim (wire) type in `cluster/slim/<api group>.rs`: only the
//!    fields kon reads, with `slim_resource!` (its scope, cluster or
//!    namespaced, decides how its objects are keyed).
//! 2. Write the record the store keeps in `store/*_records.rs`, with its
//!    normalizer, an associated function `fn(&Slim, &mut Interner) -> Self`
//!    (or `-> Option<Self>` for a kind kon keeps only some objects of).
//! 3. Add one row to the table in `watched_kinds!`: the `Kind` variant,
//!    the `Event` variant and its slim type, the RBAC resource, the
//!    [`Query`] (namespace, label and field selectors), and the `Store`
//!    field with its record type and normalizer (`Every(from_slim)` or
//!    `Only(from_slim)`).
//!
//! Nothing else (but `pub mod` for a new file): the event, the table, the
//! sync state (`Store::state`, the header's worst state, `kon check`'s
//! unread kinds), the watcher of the console and the list of `kon check` all
//! follow from the row. Then read the table from signals or findings.

use super::Table;
use super::delta::{Normalize, StoredKey, WireKey, apply_to};
use super::intern::Interner;
use super::sync::SyncState;
use super::{
    backup_records, cert_records, event_records, namespace_records, platform_records, rbac_records, records,
    workload_records,
};
use crate::cluster::slim;

pub use super::delta::Delta;

/// The table of watched kinds, one row per kind, handed to the macro
/// `$then` that expands it (`declare_kinds!` below, `declare_readers!` in
/// `cluster/readers.rs`). A row:
///
/// ```text
/// /// doc (of the Kind variant and the Store field)
/// KindVariant, EventVariant(slim type), "RBAC resource", Query,
///     store_field: ViewType = Every(normalizer) | Only(normalizer);
/// ```
///
/// The normalizer is an associated function of the record type (see
/// `delta::Normalize`). The order is `Kind::ALL`'s (the header names the
/// last of the worst). Paths in a row are resolved where it is expanded:
/// slim types from `crate::cluster::slim` (imported in both places), record
/// types from their module of `store`, so a row needs no import.
macro_rules! watched_kinds {
    ($then:ident) => {
        $then! {
            Nodes, Node(slim::node::SlimNode), "nodes", Query::ALL,
                nodes: records::NodeRecord = Every(from_slim);
            Pods, Pod(slim::pod::SlimPod), "pods", Query::ALL,
                pods: records::PodRecord = Every(from_slim);
            Namespaces, Namespace(slim::namespace::SlimNamespace), "namespaces", Query::ALL,
                namespaces: namespace_records::NamespaceRecord = Every(from_slim);
            /// The leases of `kube-system` only: the leader and API server
            /// identity leases kon reads live there, and node heartbeats
            /// (`kube-node-lease`, 500 renewals a second at 5000 nodes) are
            /// then never sent to kon, not just dropped once decoded.
            Leases, Lease(slim::coordination::SlimLease), "leases.coordination.k8s.io",
                Query { namespace: Some("kube-system"), ..Query::ALL },
                leases: records::LeaseRecord = Only(from_slim);
            ResourceQuotas, Quota(slim::namespace::SlimResourceQuota), "resourcequotas", Query::ALL,
                quotas: namespace_records::QuotaRecord = Every(from_slim);
            LimitRanges, LimitRange(slim::namespace::SlimLimitRange), "limitranges", Query::ALL,
                limit_ranges: namespace_records::LimitRangeRecord = Every(from_slim);
            Deployments, Deployment(slim::apps::SlimDeployment), "deployments.apps", Query::ALL,
                deployments: workload_records::WorkloadRecord = Every(from_deployment);
            StatefulSets, StatefulSet(slim::apps::SlimStatefulSet), "statefulsets.apps", Query::ALL,
                statefulsets: workload_records::WorkloadRecord = Every(from_statefulset);
            DaemonSets, DaemonSet(slim::apps::SlimDaemonSet), "daemonsets.apps", Query::ALL,
                daemonsets: workload_records::WorkloadRecord = Every(from_daemonset);
            Pdbs, Pdb(slim::policy::SlimPdb), "poddisruptionbudgets.policy", Query::ALL,
                pdbs: records::PdbRecord = Every(from_slim);
            NetworkPolicies, NetworkPolicy(slim::networking::SlimNetworkPolicy),
                "networkpolicies.networking.k8s.io", Query::ALL,
                network_policies: records::NetworkPolicyRecord = Every(from_slim);
            ReplicaSets, ReplicaSet(slim::apps::SlimReplicaSet), "replicasets.apps", Query::ALL,
                replicasets: workload_records::ReplicaSetRecord = Every(from_slim);
            /// The EndpointSlices of the `default/kubernetes` Service (one or
            /// two objects, not every EndpointSlice of the cluster), by name.
            ApiEndpoints, ApiEndpoints(slim::discovery::SlimEndpointSlice),
                "endpointslices.discovery.k8s.io",
                Query { namespace: Some("default"), labels: Some(slim::discovery::API_ENDPOINTS_SELECTOR), fields: None },
                api_endpoints: records::EndpointSliceRecord = Every(from_slim);
            /// `kubernetes.io/tls` Secrets (of them only `tls.crt` is deserialized).
            TlsSecrets, TlsSecret(slim::certs::SlimTlsSecret), "secrets",
                Query { fields: Some(slim::certs::TLS_SECRETS_SELECTOR), ..Query::ALL },
                tls_secrets: cert_records::TlsSecretRecord = Every(from_slim);
            /// cert-manager Certificates.
            Certificates, Certificate(slim::certs::SlimCertificate), "certificates.cert-manager.io", Query::ALL,
                certificates: cert_records::CertManagerRecord = Every(from_slim);
            Csrs, Csr(slim::certs::SlimCsr), "certificatesigningrequests.certificates.k8s.io", Query::ALL,
                csrs: cert_records::CsrRecord = Every(from_slim);
            VeleroBackups, VeleroBackup(slim::velero::SlimVeleroBackup), "backups.velero.io", Query::ALL,
                velero_backups: backup_records::VeleroBackupRecord = Every(from_slim);
            VeleroSchedules, VeleroSchedule(slim::velero::SlimVeleroSchedule), "schedules.velero.io", Query::ALL,
                velero_schedules: backup_records::VeleroScheduleRecord = Every(from_slim);
            EtcdSnapshots, EtcdSnapshot(slim::k3s::SlimEtcdSnapshotFile),
                "etcdsnapshotfiles.k3s.cattle.io", Query::ALL,
                etcd_snapshots: backup_records::EtcdSnapshotRecord = Every(from_slim);
            CronJobs, CronJob(slim::batch::SlimCronJob), "cronjobs.batch", Query::ALL,
                cronjobs: backup_records::CronJobRecord = Every(from_slim);
            Jobs, Job(slim::batch::SlimJob), "jobs.batch", Query::ALL,
                jobs: backup_records::JobRecord = Every(from_slim);
            Hpas, Hpa(slim::autoscaling::SlimHpa), "horizontalpodautoscalers.autoscaling", Query::ALL,
                hpas: workload_records::HpaRecord = Every(from_slim);
            ClusterRoleBindings, ClusterRoleBinding(slim::rbac::SlimClusterRoleBinding),
                "clusterrolebindings.rbac.authorization.k8s.io", Query::ALL,
                cluster_role_bindings: rbac_records::ClusterRoleBindingRecord = Every(from_slim);
            /// The ConfigMap `kube-system/kubeadm-config` (platform detection), by name.
            KubeadmConfig, KubeadmConfig(slim::config_map::SlimConfigMap), "configmaps",
                Query { namespace: Some("kube-system"), labels: None, fields: Some(slim::config_map::KUBEADM_CONFIG_SELECTOR) },
                kubeadm_config: platform_records::KubeadmConfigRecord = Every(from_slim);
            /// `events.k8s.io/v1` Events, at most `Store::event_bound.limit`
            /// of them (the oldest dropped first). Shown, not judged.
            Events, ClusterEvent(slim::events::SlimEvent), "events.events.k8s.io", Query::ALL,
                events: event_records::EventRecord = Every(from_slim);
        }
    };
}
pub(crate) use watched_kinds;

/// What a kind's reader asks the API for: the objects of one namespace (of
/// every namespace when `None`) matching the label and field selectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    pub namespace: Option<&'static str>,
    pub labels: Option<&'static str>,
    pub fields: Option<&'static str>,
}

impl Query {
    /// Every object of the kind.
    pub const ALL: Query = Query {
        namespace: None,
        labels: None,
        fields: None,
    };
}

/// Expands the table into `Kind`, `Event` and `Store`.
macro_rules! declare_kinds {
    ($(
        $(#[$doc:meta])*
        $kind:ident, $event:ident($slim:ty), $resource:literal, $query:expr,
            $field:ident: $record:ty = $keep:ident($normalize:ident);
    )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $($(#[$doc])* $kind,)*
        }

        impl Kind {
            /// How many kinds kon watches.
            pub const COUNT: usize = [$(stringify!($kind)),*].len();

            /// Every kind, in declaration order.
            pub const ALL: [Kind; Kind::COUNT] = [$(Kind::$kind),*];

            /// The API resource, as RBAC names it.
            pub fn resource(self) -> &'static str {
                match self {
                    $(Kind::$kind => $resource,)*
                }
            }

            /// What the kind's reader asks the API for.
            pub fn query(self) -> Query {
                match self {
                    $(Kind::$kind => $query,)*
                }
            }
        }

        /// A watch event of one kind, still in its slim form.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Event {
            $($event(Delta<WireKey<$slim>, $slim>),)*
        }

        /// Every table kon keeps for one context.
        #[derive(Debug, Default, Clone)]
        pub struct Store {
            pub interner: Interner,
            /// How many Events the store keeps, and how many it dropped.
            pub event_bound: event_records::EventBound,
            $($(#[$doc])* pub $field: Table<StoredKey<$slim>, $record>,)*
        }

        impl Store {
            /// Applies one watch event, converting slim objects to interned
            /// records; false when nothing changed.
            pub fn apply(&mut self, ev: Event) -> bool {
                let i = &mut self.interner;
                let changed = match ev {
                    $(Event::$event(d) => {
                        let normalize: Normalize<$slim, $record> = Normalize::$keep(<$record>::$normalize);
                        apply_to(&mut self.$field, i, d, normalize)
                    })*
                };
                changed | (self.event_bound.enforce(&mut self.events) > 0)
            }

            pub fn state(&self, kind: Kind) -> &SyncState {
                match kind {
                    $(Kind::$kind => &self.$field.state,)*
                }
            }

            /// How many real changes `kind`'s table has seen (objects or
            /// sync state; see [`Table::changes`]).
            pub fn changes(&self, kind: Kind) -> u64 {
                match kind {
                    $(Kind::$kind => self.$field.changes(),)*
                }
            }

            /// Whether `kind`'s table holds what it held in `since`, an
            /// earlier clone of this store ([`Table::unchanged_since`]).
            pub fn unchanged_since(&self, since: &Store, kind: Kind) -> bool {
                match kind {
                    $(Kind::$kind => self.$field.unchanged_since(&since.$field),)*
                }
            }

            fn set_state(&mut self, kind: Kind, next: SyncState) -> bool {
                match kind {
                    $(Kind::$kind => self.$field.set_state(next),)*
                }
            }
        }
    };
}

watched_kinds!(declare_kinds);

impl Kind {
    /// Whether the readiness rules read it: an unread judged kind leaves a
    /// report incomplete, and `kon check` lists only judged kinds. Events
    /// are shown by the console, not judged.
    pub fn judged(self) -> bool {
        !matches!(self, Kind::Events)
    }

    /// How many kinds are judged.
    pub fn judged_count() -> usize {
        Kind::ALL.iter().filter(|k| k.judged()).count()
    }
}

impl Store {
    /// Events about `kind` `namespace/name` (`namespace` empty for a
    /// cluster-scoped object), newest first.
    pub fn events_about(&self, kind: &str, namespace: &str, name: &str) -> Vec<&event_records::EventRecord> {
        let mut found: Vec<_> = self
            .events
            .items
            .values()
            .filter(|e| e.is_about(kind, namespace, name))
            .collect();
        found.sort_by(|a, b| {
            b.last_seen
                .cmp(&a.last_seen)
                .then_with(|| a.reason.cmp(&b.reason))
        });
        found
    }

    /// The API server stopped answering: every synced kind is shown stale
    /// (its watch may be silently dead) with `reason`, until its watch
    /// reports again or [`Store::connection_back`] clears what this set.
    pub fn connection_lost(&mut self, since: i64, reason: &str) -> bool {
        let mut changed = false;
        for kind in Kind::ALL {
            if *self.state(kind) == SyncState::Synced {
                let stale = SyncState::Stale {
                    since,
                    reason: reason.to_string(),
                };
                changed |= self.set_state(kind, stale);
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
            if matches!(self.state(kind), SyncState::Stale { reason: r, .. } if r == reason) {
                changed |= self.set_state(kind, SyncState::Synced);
            }
        }
        changed
    }

    /// The worst state over every judged kind (what the header shows; a
    /// kind only shown, like Events, says its state where it is shown).
    pub fn worst(&self) -> (Kind, &SyncState) {
        Kind::ALL
            .into_iter()
            .filter(|k| k.judged())
            .map(|k| (k, self.state(k)))
            .max_by_key(|(_, s)| s.severity())
            .unwrap_or((Kind::Nodes, &self.nodes.state))
    }
}

#[cfg(test)]
#[path = "kinds_tests.rs"]
mod tests;
