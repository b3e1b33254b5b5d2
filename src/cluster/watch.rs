//! Watchers: one `kube::runtime::watcher` per kind (list once, then watch
//! with bookmarks; relist only when the server says), each sending slim
//! deltas as messages. They never touch the application state.

use std::fmt::Debug;
use std::time::Duration;

use futures::StreamExt;
use kube::api::{Api, ListParams};
use kube::runtime::WatchStreamExt;
use kube::runtime::watcher;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinSet;

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
use super::store::kinds::{Event, Kind};
use super::store::{Delta, SyncState};
use crate::app::Msg;

/// Page size of the initial lists.
const PAGE: u32 = 500;

/// What a watch failure means for the pane: forbidden, stale, or unreachable.
pub fn classify(e: &watcher::Error, kind: Kind, synced_once: bool, now: i64) -> SyncState {
    let api_status = match e {
        watcher::Error::InitialListFailed(kube::Error::Api(s))
        | watcher::Error::WatchStartFailed(kube::Error::Api(s))
        | watcher::Error::WatchFailed(kube::Error::Api(s)) => Some((s.code, s.message.clone())),
        watcher::Error::WatchError(s) => Some((s.code, s.message.clone())),
        _ => None,
    };
    // The resource is not served (its CRD is not installed): the source is
    // absent, not failing.
    if matches!(api_status, Some((404, _))) && matches!(e, watcher::Error::InitialListFailed(_)) {
        return SyncState::Absent;
    }
    if let Some((403, _)) = api_status {
        let verb = if matches!(e, watcher::Error::InitialListFailed(_)) {
            "list"
        } else {
            "watch"
        };
        return SyncState::Forbidden {
            verb: verb.into(),
            resource: kind.resource().into(),
        };
    }
    let reason = match api_status {
        Some((code, msg)) => format!("{code}: {msg}"),
        None => super::probe::error_chain(e),
    };
    if synced_once {
        SyncState::Stale { since: now, reason }
    } else {
        SyncState::Unreachable { reason }
    }
}

/// How long a failed watch of a synced kind waits between checks that the
/// API answers again.
const RESUME_CHECK: Duration = Duration::from_secs(5);

async fn watch_kind<K, Key>(
    api: Api<K>,
    (labels, fields): (Option<&'static str>, Option<&'static str>),
    kind: Kind,
    key: fn(&K) -> Key,
    wrap: fn(Delta<Key, K>) -> Event,
    generation: u64,
    tx: Sender<Msg>,
) where
    K: kube::Resource + Clone + DeserializeOwned + Debug + Send + 'static,
{
    let mut config = watcher::Config::default().page_size(PAGE);
    if let Some(l) = labels {
        config = config.labels(l);
    }
    if let Some(f) = fields {
        config = config.fields(f);
    }
    let check = api.clone();
    let check_params = ListParams {
        label_selector: labels.map(str::to_string),
        field_selector: fields.map(str::to_string),
        limit: Some(1),
        ..Default::default()
    };
    let mut stream = watcher(api, config).default_backoff().boxed();
    let mut synced_once = false;
    // After a failure of a kind that was synced, the watcher resumes from its
    // last resourceVersion without a new list, so a quiet kind would stay
    // "stale" until its next change. A cheap list (limit 1) that answers
    // proves the API is back and the watch resuming.
    let mut failing = false;
    loop {
        let ev = if failing {
            tokio::select! {
                ev = stream.next() => ev,
                () = tokio::time::sleep(RESUME_CHECK) => {
                    let answer = tokio::time::timeout(RESUME_CHECK, check.list_metadata(&check_params)).await;
                    if matches!(answer, Ok(Ok(_))) {
                        failing = false;
                        if !send(&tx, generation, wrap(Delta::State(SyncState::Synced))).await {
                            return;
                        }
                    }
                    continue;
                }
            }
        } else {
            stream.next().await
        };
        let Some(ev) = ev else { return };
        let delta = match ev {
            Ok(watcher::Event::Init) => Delta::InitStart,
            Ok(watcher::Event::InitApply(o)) => Delta::InitApply(key(&o), o),
            Ok(watcher::Event::InitDone) => {
                synced_once = true;
                Delta::InitDone
            }
            Ok(watcher::Event::Apply(o)) => Delta::Apply(key(&o), o),
            Ok(watcher::Event::Delete(o)) => Delta::Delete(key(&o)),
            Err(e) => {
                tracing::debug!(?kind, error = %e, "watch failed; retrying with backoff");
                let state = classify(&e, kind, synced_once, crate::clock::unix_now());
                failing = matches!(state, SyncState::Stale { .. });
                Delta::State(state)
            }
        };
        if !matches!(delta, Delta::State(_)) {
            failing = false;
        }
        if !send(&tx, generation, wrap(delta)).await {
            return;
        }
    }
}

/// Sends a watcher's event; false when the console is gone.
async fn send(tx: &Sender<Msg>, generation: u64, event: Event) -> bool {
    tx.send(Msg::Cluster {
        generation,
        event: Box::new(event),
    })
    .await
    .is_ok()
}

fn name_of<K: kube::Resource>(o: &K) -> String {
    o.meta().name.clone().unwrap_or_default()
}

fn ns_name_of<K: kube::Resource>(o: &K) -> (String, String) {
    (o.meta().namespace.clone().unwrap_or_default(), name_of(o))
}

/// Starts every watcher for `client` into `set`.
pub fn spawn_all(set: &mut JoinSet<()>, client: &kube::Client, generation: u64, tx: &Sender<Msg>) {
    let all = (None, None);
    let c = || client.clone();
    let t = || tx.clone();
    let g = generation;
    set.spawn(watch_kind(
        Api::<SlimNode>::all(c()),
        all,
        Kind::Nodes,
        name_of,
        Event::Node,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimPod>::all(c()),
        all,
        Kind::Pods,
        ns_name_of,
        Event::Pod,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimNamespace>::all(c()),
        all,
        Kind::Namespaces,
        name_of,
        Event::Namespace,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimResourceQuota>::all(c()),
        all,
        Kind::ResourceQuotas,
        ns_name_of,
        Event::Quota,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimLimitRange>::all(c()),
        all,
        Kind::LimitRanges,
        ns_name_of,
        Event::LimitRange,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimDeployment>::all(c()),
        all,
        Kind::Deployments,
        ns_name_of,
        Event::Deployment,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimStatefulSet>::all(c()),
        all,
        Kind::StatefulSets,
        ns_name_of,
        Event::StatefulSet,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimDaemonSet>::all(c()),
        all,
        Kind::DaemonSets,
        ns_name_of,
        Event::DaemonSet,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimPdb>::all(c()),
        all,
        Kind::Pdbs,
        ns_name_of,
        Event::Pdb,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimNetworkPolicy>::all(c()),
        all,
        Kind::NetworkPolicies,
        ns_name_of,
        Event::NetworkPolicy,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimLease>::all(c()),
        all,
        Kind::Leases,
        ns_name_of,
        Event::Lease,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimReplicaSet>::all(c()),
        all,
        Kind::ReplicaSets,
        ns_name_of,
        Event::ReplicaSet,
        g,
        t(),
    ));
    // Only the `kubernetes` Service's slices: one or two objects, not every
    // EndpointSlice of the cluster.
    set.spawn(watch_kind(
        Api::<SlimEndpointSlice>::namespaced(c(), "default"),
        (Some(API_ENDPOINTS_SELECTOR), None),
        Kind::ApiEndpoints,
        ns_name_of,
        Event::ApiEndpoints,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimVeleroBackup>::all(c()),
        all,
        Kind::VeleroBackups,
        ns_name_of,
        Event::VeleroBackup,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimVeleroSchedule>::all(c()),
        all,
        Kind::VeleroSchedules,
        ns_name_of,
        Event::VeleroSchedule,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimEtcdSnapshotFile>::all(c()),
        all,
        Kind::EtcdSnapshots,
        name_of,
        Event::EtcdSnapshot,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimCronJob>::all(c()),
        all,
        Kind::CronJobs,
        ns_name_of,
        Event::CronJob,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimJob>::all(c()),
        all,
        Kind::Jobs,
        ns_name_of,
        Event::Job,
        g,
        t(),
    ));
    // Only TLS Secrets, and of them only `tls.crt` is deserialized.
    set.spawn(watch_kind(
        Api::<SlimTlsSecret>::all(c()),
        (None, Some(TLS_SECRETS_SELECTOR)),
        Kind::TlsSecrets,
        ns_name_of,
        Event::TlsSecret,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimCsr>::all(c()),
        all,
        Kind::Csrs,
        name_of,
        Event::Csr,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimHpa>::all(c()),
        all,
        Kind::Hpas,
        ns_name_of,
        Event::Hpa,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimClusterRoleBinding>::all(c()),
        all,
        Kind::ClusterRoleBindings,
        name_of,
        Event::ClusterRoleBinding,
        g,
        t(),
    ));
    set.spawn(watch_kind(
        Api::<SlimCertificate>::all(c()),
        all,
        Kind::Certificates,
        ns_name_of,
        Event::Certificate,
        g,
        t(),
    ));
}

/// The label selector of the `default/kubernetes` Service's EndpointSlices.
pub const API_ENDPOINTS_SELECTOR: &str = "kubernetes.io/service-name=kubernetes";
