//! How kon reads each kind: its API (and selectors), the key of its
//! objects and the event that carries them. The console watches every kind
//! (`watch::spawn_all`); `kon check` lists each once (`list::list_all`).

use std::fmt::Debug;

use futures::future::BoxFuture;
use kube::api::Api;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::Sender;

use super::Report;
use super::discovery::Changes;
use super::slim::backups::{
    SlimCronJob, SlimEtcdSnapshotFile, SlimJob, SlimVeleroBackup, SlimVeleroSchedule,
};
use super::slim::certs::{SlimCertificate, SlimCsr, SlimTlsSecret, TLS_SECRETS_SELECTOR};
use super::slim::endpoints::{SlimEndpointSlice, SlimReplicaSet};
use super::slim::node::SlimNode;
use super::slim::pod::SlimPod;
use super::slim::rbac::{SlimClusterRoleBinding, SlimHpa};
use super::slim::simple::{SlimLease, SlimLimitRange, SlimNamespace, SlimResourceQuota};
use super::slim::workloads::{SlimDaemonSet, SlimDeployment, SlimNetworkPolicy, SlimPdb, SlimStatefulSet};
use super::store::Delta;
use super::store::kinds::{Event, Kind};

/// Label and field selectors of a kind's list and watch.
pub type Selectors = (Option<&'static str>, Option<&'static str>);

/// Reads one kind: by watching it (the console), or by listing it once.
pub trait KindReader: Send {
    fn kind(&self) -> Kind;
    /// Watches until the receiver is gone; `changes` says when to look
    /// again at a kind the server did not serve.
    fn watch(
        self: Box<Self>,
        generation: u64,
        tx: Sender<Report>,
        changes: Changes,
    ) -> BoxFuture<'static, ()>;
    /// Lists every object once within `budget`: `InitStart`, the objects,
    /// `InitDone`, or the state that says why not.
    fn list(self: Box<Self>, budget: super::retry::Budget) -> BoxFuture<'static, Vec<Event>>;
}

struct Reader<K, Key> {
    api: Api<K>,
    selectors: Selectors,
    kind: Kind,
    key: fn(&K) -> Key,
    wrap: fn(Delta<Key, K>) -> Event,
}

fn reader<K, Key>(
    api: Api<K>,
    selectors: Selectors,
    kind: Kind,
    key: fn(&K) -> Key,
    wrap: fn(Delta<Key, K>) -> Event,
) -> Box<dyn KindReader>
where
    K: kube::Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    Key: Send + 'static,
{
    Box::new(Reader {
        api,
        selectors,
        kind,
        key,
        wrap,
    })
}

impl<K, Key> KindReader for Reader<K, Key>
where
    K: kube::Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    Key: Send + 'static,
{
    fn kind(&self) -> Kind {
        self.kind
    }

    fn watch(
        self: Box<Self>,
        generation: u64,
        tx: Sender<Report>,
        changes: Changes,
    ) -> BoxFuture<'static, ()> {
        let r = *self;
        let to = super::watch::To {
            generation,
            tx,
            changes,
        };
        Box::pin(super::watch::watch_kind(
            r.api,
            r.selectors,
            r.kind,
            r.key,
            r.wrap,
            to,
        ))
    }

    fn list(self: Box<Self>, budget: super::retry::Budget) -> BoxFuture<'static, Vec<Event>> {
        let r = *self;
        Box::pin(super::list::list_kind(
            r.api,
            r.selectors,
            r.kind,
            r.key,
            r.wrap,
            budget,
        ))
    }
}

fn name_of<K: kube::Resource>(o: &K) -> String {
    o.meta().name.clone().unwrap_or_default()
}

fn ns_name_of<K: kube::Resource>(o: &K) -> (String, String) {
    (o.meta().namespace.clone().unwrap_or_default(), name_of(o))
}

/// How kon reads every kind, for `client`.
pub fn readers(client: &kube::Client) -> Vec<Box<dyn KindReader>> {
    let all = (None, None);
    let c = || client.clone();
    vec![
        reader(Api::<SlimNode>::all(c()), all, Kind::Nodes, name_of, Event::Node),
        reader(Api::<SlimPod>::all(c()), all, Kind::Pods, ns_name_of, Event::Pod),
        reader(
            Api::<SlimNamespace>::all(c()),
            all,
            Kind::Namespaces,
            name_of,
            Event::Namespace,
        ),
        reader(
            Api::<SlimResourceQuota>::all(c()),
            all,
            Kind::ResourceQuotas,
            ns_name_of,
            Event::Quota,
        ),
        reader(
            Api::<SlimLimitRange>::all(c()),
            all,
            Kind::LimitRanges,
            ns_name_of,
            Event::LimitRange,
        ),
        reader(
            Api::<SlimDeployment>::all(c()),
            all,
            Kind::Deployments,
            ns_name_of,
            Event::Deployment,
        ),
        reader(
            Api::<SlimStatefulSet>::all(c()),
            all,
            Kind::StatefulSets,
            ns_name_of,
            Event::StatefulSet,
        ),
        reader(
            Api::<SlimDaemonSet>::all(c()),
            all,
            Kind::DaemonSets,
            ns_name_of,
            Event::DaemonSet,
        ),
        reader(Api::<SlimPdb>::all(c()), all, Kind::Pdbs, ns_name_of, Event::Pdb),
        reader(
            Api::<SlimNetworkPolicy>::all(c()),
            all,
            Kind::NetworkPolicies,
            ns_name_of,
            Event::NetworkPolicy,
        ),
        reader(
            Api::<SlimLease>::all(c()),
            all,
            Kind::Leases,
            ns_name_of,
            Event::Lease,
        ),
        reader(
            Api::<SlimReplicaSet>::all(c()),
            all,
            Kind::ReplicaSets,
            ns_name_of,
            Event::ReplicaSet,
        ),
        // Only the `kubernetes` Service's slices: one or two objects, not every
        // EndpointSlice of the cluster.
        reader(
            Api::<SlimEndpointSlice>::namespaced(c(), "default"),
            (Some(API_ENDPOINTS_SELECTOR), None),
            Kind::ApiEndpoints,
            ns_name_of,
            Event::ApiEndpoints,
        ),
        reader(
            Api::<SlimVeleroBackup>::all(c()),
            all,
            Kind::VeleroBackups,
            ns_name_of,
            Event::VeleroBackup,
        ),
        reader(
            Api::<SlimVeleroSchedule>::all(c()),
            all,
            Kind::VeleroSchedules,
            ns_name_of,
            Event::VeleroSchedule,
        ),
        reader(
            Api::<SlimEtcdSnapshotFile>::all(c()),
            all,
            Kind::EtcdSnapshots,
            name_of,
            Event::EtcdSnapshot,
        ),
        reader(
            Api::<SlimCronJob>::all(c()),
            all,
            Kind::CronJobs,
            ns_name_of,
            Event::CronJob,
        ),
        reader(Api::<SlimJob>::all(c()), all, Kind::Jobs, ns_name_of, Event::Job),
        // Only TLS Secrets, and of them only `tls.crt` is deserialized.
        reader(
            Api::<SlimTlsSecret>::all(c()),
            (None, Some(TLS_SECRETS_SELECTOR)),
            Kind::TlsSecrets,
            ns_name_of,
            Event::TlsSecret,
        ),
        reader(Api::<SlimCsr>::all(c()), all, Kind::Csrs, name_of, Event::Csr),
        reader(Api::<SlimHpa>::all(c()), all, Kind::Hpas, ns_name_of, Event::Hpa),
        reader(
            Api::<SlimClusterRoleBinding>::all(c()),
            all,
            Kind::ClusterRoleBindings,
            name_of,
            Event::ClusterRoleBinding,
        ),
        reader(
            Api::<SlimCertificate>::all(c()),
            all,
            Kind::Certificates,
            ns_name_of,
            Event::Certificate,
        ),
    ]
}

/// The label selector of the `default/kubernetes` Service's EndpointSlices.
pub const API_ENDPOINTS_SELECTOR: &str = "kubernetes.io/service-name=kubernetes";
