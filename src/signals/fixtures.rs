//! Hand-built stores for the pane models' unit tests.

use std::sync::Arc;

use crate::cluster::store::views::{
    ContainerView, LeaseView, LimitRangeView, NamespaceView, NodeView, Phase, PodView, QuotaView, Readiness,
};
use crate::cluster::store::{Store, SyncState};

/// An empty store whose every kind is synced.
pub fn synced() -> Store {
    let mut s = Store::default();
    s.nodes.state = SyncState::Synced;
    s.pods.state = SyncState::Synced;
    s.namespaces.state = SyncState::Synced;
    s.leases.state = SyncState::Synced;
    s.quotas.state = SyncState::Synced;
    s.limit_ranges.state = SyncState::Synced;
    s
}

/// A ready, schedulable worker node.
pub fn node(name: &str, zone: Option<&str>) -> NodeView {
    NodeView {
        name: name.into(),
        zone: zone.map(Arc::from),
        region: None,
        roles: Vec::new(),
        control_plane: false,
        readiness: Readiness::Ready,
        unschedulable: false,
        memory_pressure: false,
        disk_pressure: false,
        pid_pressure: false,
        kubelet_version: "v1.35.0".into(),
        created: Some(0),
        pods_capacity: 110,
        cpu_allocatable_milli: 4000,
        memory_allocatable: 16 << 30,
    }
}

/// A ready control-plane node.
pub fn cp_node(name: &str, zone: Option<&str>) -> NodeView {
    NodeView {
        roles: vec!["control-plane".into()],
        control_plane: true,
        ..node(name, zone)
    }
}

/// A running, ready pod with no owner.
pub fn pod(ns: &str, name: &str, node: Option<&str>) -> PodView {
    PodView {
        namespace: ns.into(),
        name: name.into(),
        node: node.map(Arc::from),
        phase: Phase::Running,
        ready: true,
        terminating: false,
        owner: None,
        containers: Box::new([]),
        empty_dir: false,
        host_path: false,
        host_namespaces: false,
        mirror: false,
        service_account: None,
        control_plane_component: None,
        labels: Box::new([]),
    }
}

/// A control-plane static (mirror) pod of `component` on `node`.
pub fn static_pod(component: &str, node: &str) -> PodView {
    PodView {
        mirror: true,
        control_plane_component: Some(component.into()),
        owner: Some(("Node".into(), node.into())),
        ..pod("kube-system", &format!("{component}-{node}"), Some(node))
    }
}

/// A pod owned by the controller `kind`/`owner`, with optional labels.
pub fn owned(
    ns: &str,
    name: &str,
    node: Option<&str>,
    kind: &str,
    owner: &str,
    labels: &[(&str, &str)],
) -> PodView {
    PodView {
        owner: Some((kind.into(), owner.into())),
        labels: labels
            .iter()
            .map(|(k, v)| (Arc::from(*k), Arc::from(*v)))
            .collect(),
        ..pod(ns, name, node)
    }
}

pub fn lease(
    ns: &str,
    name: &str,
    holder: Option<&str>,
    renewed: Option<i64>,
    duration: Option<i32>,
) -> LeaseView {
    LeaseView {
        namespace: ns.into(),
        name: name.into(),
        holder: holder.map(Arc::from),
        renewed,
        duration_seconds: duration,
        apiserver_identity: false,
    }
}

/// An API server identity lease renewed at `renewed` (duration 3600 s, as
/// the real server sets it).
pub fn identity_lease(name: &str, renewed: i64) -> LeaseView {
    LeaseView {
        apiserver_identity: true,
        ..lease(
            "kube-system",
            name,
            Some(&format!("{name}_0b1c")),
            Some(renewed),
            Some(3600),
        )
    }
}

pub fn add_node(s: &mut Store, n: NodeView) {
    s.nodes.items.insert(n.name.clone(), n);
}

pub fn add_pod(s: &mut Store, p: PodView) {
    s.pods.items.insert((p.namespace.clone(), p.name.clone()), p);
}

pub fn add_lease(s: &mut Store, l: LeaseView) {
    s.leases.items.insert((l.namespace.clone(), (*l.name).into()), l);
}

/// A container requesting `cpu_milli` millicores and `memory` bytes.
pub fn container(cpu_milli: Option<u64>, memory: Option<u64>) -> ContainerView {
    ContainerView {
        cpu_request_milli: cpu_milli,
        memory_request: memory,
        memory_limit: None,
        readiness_probe: false,
        liveness_probe: false,
        serving: false,
        privileged: false,
        escalation_not_false: false,
    }
}

/// A running pod on `node` whose containers request (millicores, bytes).
pub fn requesting(ns: &str, name: &str, node: Option<&str>, requests: &[(u64, u64)]) -> PodView {
    PodView {
        containers: requests
            .iter()
            .map(|&(cpu, mem)| container(Some(cpu), Some(mem)))
            .collect(),
        ..pod(ns, name, node)
    }
}

pub fn namespace(name: &str) -> NamespaceView {
    NamespaceView {
        name: name.into(),
        pod_security_enforce: None,
        terminating: false,
    }
}

/// A ResourceQuota with (resource, used, hard) in natural units.
pub fn quota(ns: &str, name: &str, resources: &[(&str, f64, f64)]) -> QuotaView {
    QuotaView {
        namespace: ns.into(),
        name: name.into(),
        resources: resources
            .iter()
            .map(|&(r, used, hard)| (Arc::from(r), used, hard))
            .collect(),
    }
}

pub fn add_namespace(s: &mut Store, n: NamespaceView) {
    s.namespaces.items.insert(n.name.clone(), n);
}

pub fn add_quota(s: &mut Store, q: QuotaView) {
    s.quotas.items.insert((q.namespace.clone(), (*q.name).into()), q);
}

pub fn add_limit_range(s: &mut Store, ns: &str, name: &str) {
    let l = LimitRangeView {
        namespace: ns.into(),
        name: name.into(),
    };
    s.limit_ranges.items.insert((l.namespace.clone(), name.into()), l);
}
