//! Test support: the objects of a scenario (JSON, as the simulator serves
//! them) turned into the watch events the console's watchers send, so that
//! tests build realistic stores without a server.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::cluster::slim;
use crate::cluster::store::delta::{ObjectKey, WireKey};
use crate::cluster::store::kinds::Event;
use crate::cluster::store::{Delta, Kind, Store, SyncState};

/// Which delta an object arrives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Part of a (re)list.
    Listed,
    /// A watch event: added or modified.
    Applied,
    /// A watch event: deleted.
    Deleted,
}

fn delta<S>(v: &Value, op: Op) -> Option<Delta<WireKey<S>, S>>
where
    S: DeserializeOwned + kube::Resource,
    <S as kube::Resource>::Scope: ObjectKey,
{
    let meta: ObjectMeta = serde_json::from_value(v.get("metadata")?.clone()).ok()?;
    let key = <<S as kube::Resource>::Scope as ObjectKey>::wire(&meta);
    if op == Op::Deleted {
        return Some(Delta::Delete(key));
    }
    let obj: S = serde_json::from_value(v.clone()).ok()?;
    Some(match op {
        Op::Listed => Delta::InitApply(key, obj),
        _ => Delta::Apply(key, obj),
    })
}

/// What the watchers' selectors let through (see `Kind::query`).
fn selected(v: &Value) -> bool {
    let s = |p: &str| v.pointer(p).and_then(Value::as_str).unwrap_or("");
    match s("/kind") {
        "Secret" => s("/type") == "kubernetes.io/tls",
        "ConfigMap" => s("/metadata/namespace") == "kube-system" && s("/metadata/name") == "kubeadm-config",
        "EndpointSlice" => {
            s("/metadata/namespace") == "default"
                && s("/metadata/labels/kubernetes.io~1service-name") == "kubernetes"
        }
        _ => true,
    }
}

/// The watch event of `v` (`None`: a kind kon does not watch).
pub fn event(v: &Value, op: Op) -> Option<Event> {
    if !selected(v) {
        return None;
    }
    use slim::*;
    Some(match v.get("kind")?.as_str()? {
        "Node" => Event::Node(delta::<node::SlimNode>(v, op)?),
        "Pod" => Event::Pod(delta::<pod::SlimPod>(v, op)?),
        "Namespace" => Event::Namespace(delta::<namespace::SlimNamespace>(v, op)?),
        "Lease" => Event::Lease(delta::<coordination::SlimLease>(v, op)?),
        "ResourceQuota" => Event::Quota(delta::<namespace::SlimResourceQuota>(v, op)?),
        "LimitRange" => Event::LimitRange(delta::<namespace::SlimLimitRange>(v, op)?),
        "Deployment" => Event::Deployment(delta::<apps::SlimDeployment>(v, op)?),
        "StatefulSet" => Event::StatefulSet(delta::<apps::SlimStatefulSet>(v, op)?),
        "DaemonSet" => Event::DaemonSet(delta::<apps::SlimDaemonSet>(v, op)?),
        "PodDisruptionBudget" => Event::Pdb(delta::<policy::SlimPdb>(v, op)?),
        "NetworkPolicy" => Event::NetworkPolicy(delta::<networking::SlimNetworkPolicy>(v, op)?),
        "ReplicaSet" => Event::ReplicaSet(delta::<apps::SlimReplicaSet>(v, op)?),
        "EndpointSlice" => Event::ApiEndpoints(delta::<discovery::SlimEndpointSlice>(v, op)?),
        "Secret" => Event::TlsSecret(delta::<certs::SlimTlsSecret>(v, op)?),
        "Certificate" => Event::Certificate(delta::<certs::SlimCertificate>(v, op)?),
        "CertificateSigningRequest" => Event::Csr(delta::<certs::SlimCsr>(v, op)?),
        "Backup" => Event::VeleroBackup(delta::<velero::SlimVeleroBackup>(v, op)?),
        "Schedule" => Event::VeleroSchedule(delta::<velero::SlimVeleroSchedule>(v, op)?),
        "ETCDSnapshotFile" => Event::EtcdSnapshot(delta::<k3s::SlimEtcdSnapshotFile>(v, op)?),
        "CronJob" => Event::CronJob(delta::<batch::SlimCronJob>(v, op)?),
        "Job" => Event::Job(delta::<batch::SlimJob>(v, op)?),
        "HorizontalPodAutoscaler" => Event::Hpa(delta::<autoscaling::SlimHpa>(v, op)?),
        "ClusterRoleBinding" => Event::ClusterRoleBinding(delta::<rbac::SlimClusterRoleBinding>(v, op)?),
        "ConfigMap" => Event::KubeadmConfig(delta::<config_map::SlimConfigMap>(v, op)?),
        "Event" => Event::ClusterEvent(delta::<events::SlimEvent>(v, op)?),
        _ => return None,
    })
}

/// Every kind with its event variant.
macro_rules! each_kind {
    ($then:ident) => {
        $then!(
            Nodes => Node, Pods => Pod, Namespaces => Namespace, Leases => Lease,
            ResourceQuotas => Quota, LimitRanges => LimitRange, Deployments => Deployment,
            StatefulSets => StatefulSet, DaemonSets => DaemonSet, Pdbs => Pdb,
            NetworkPolicies => NetworkPolicy, ReplicaSets => ReplicaSet, ApiEndpoints => ApiEndpoints,
            TlsSecrets => TlsSecret, Certificates => Certificate, Csrs => Csr,
            VeleroBackups => VeleroBackup, VeleroSchedules => VeleroSchedule,
            EtcdSnapshots => EtcdSnapshot, CronJobs => CronJob, Jobs => Job, Hpas => Hpa,
            ClusterRoleBindings => ClusterRoleBinding, KubeadmConfig => KubeadmConfig,
            Events => ClusterEvent,
        )
    };
}

/// A list start or end (`done`) of `kind`, as its watcher sends it.
pub fn list_mark(kind: Kind, done: bool) -> Event {
    macro_rules! mark {
        ($($k:ident => $e:ident),* $(,)?) => {
            match kind {
                $(Kind::$k => Event::$e(if done { Delta::InitDone } else { Delta::InitStart }),)*
            }
        };
    }
    each_kind!(mark)
}

/// A sync state report of `kind`, as its watcher sends it.
pub fn state(kind: Kind, s: SyncState) -> Event {
    macro_rules! report {
        ($($k:ident => $e:ident),* $(,)?) => {
            match kind {
                $(Kind::$k => Event::$e(Delta::State(s)),)*
            }
        };
    }
    each_kind!(report)
}

/// The kind an event is about.
pub fn kind_of(e: &Event) -> Kind {
    macro_rules! which {
        ($($k:ident => $e:ident),* $(,)?) => {
            match e {
                $(Event::$e(_) => Kind::$k,)*
            }
        };
    }
    each_kind!(which)
}

/// A source of objects: hands each to the function it is given.
pub type Objects<'a> = dyn FnMut(&mut dyn FnMut(Value)) + 'a;

/// A store that listed every kind once and holds `objects` (each passed
/// to `keep` as it goes, for the test's later use).
pub fn listed(objects: &mut Objects, keep: &mut dyn FnMut(&Value)) -> Store {
    let mut store = Store::default();
    for k in Kind::ALL {
        store.apply(list_mark(k, false));
    }
    objects(&mut |v| {
        keep(&v);
        if let Some(e) = event(&v, Op::Listed) {
            store.apply(e);
        }
    });
    for k in Kind::ALL {
        store.apply(list_mark(k, true));
    }
    store
}

/// The objects of a shipped scenario (its own and the generated ones), and
/// the time they were written for.
pub fn scenario_objects(name: &str) -> (i64, impl FnMut(&mut dyn FnMut(Value))) {
    let scenario = crate::sim::scenarios::builtin::load(name).expect("a shipped scenario");
    (scenario.now, move |emit: &mut dyn FnMut(Value)| {
        for v in &scenario.objects {
            emit(v.clone());
        }
        scenario.generate_each(emit);
    })
}
