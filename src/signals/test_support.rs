//! Hand-built stores for the pane models' unit tests.

use std::sync::Arc;

use crate::cluster::store::namespace_records::{LimitRangeRecord, NamespaceRecord, QuotaRecord};
use crate::cluster::store::records::{
    ContainerRecord, LeaseRecord, NodeRecord, PodPhase, PodRecord, Readiness,
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
pub fn node(name: &str, zone: Option<&str>) -> NodeRecord {
    NodeRecord {
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
        platform: Default::default(),
        npd_conditions: false,
        details: Default::default(),
    }
}

/// A ready control-plane node.
pub fn cp_node(name: &str, zone: Option<&str>) -> NodeRecord {
    NodeRecord {
        roles: vec!["control-plane".into()],
        control_plane: true,
        ..node(name, zone)
    }
}

/// A running, ready pod with no owner.
pub fn pod(ns: &str, name: &str, node: Option<&str>) -> PodRecord {
    PodRecord {
        namespace: ns.into(),
        name: name.into(),
        node: node.map(Arc::from),
        phase: PodPhase::Running,
        ready: true,
        terminating: false,
        owner: None,
        containers: Arc::new([]),
        empty_dir: false,
        host_path: false,
        host_namespaces: false,
        mirror: false,
        service_account: None,
        control_plane_component: None,
        labels: Arc::new([]),
        status: Default::default(),
    }
}

/// A control-plane static (mirror) pod of `component` on `node`.
pub fn static_pod(component: &str, node: &str) -> PodRecord {
    PodRecord {
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
) -> PodRecord {
    PodRecord {
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
) -> LeaseRecord {
    LeaseRecord {
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
pub fn identity_lease(name: &str, renewed: i64) -> LeaseRecord {
    LeaseRecord {
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

pub fn add_node(s: &mut Store, n: NodeRecord) {
    s.nodes.items.insert(n.name.clone(), n);
}

pub fn add_pod(s: &mut Store, p: PodRecord) {
    s.pods.items.insert((p.namespace.clone(), Box::from(&*p.name)), p);
}

pub fn add_lease(s: &mut Store, l: LeaseRecord) {
    s.leases.items.insert((l.namespace.clone(), (*l.name).into()), l);
}

/// A container requesting `cpu_milli` millicores and `memory` bytes.
pub fn container(cpu_milli: Option<u64>, memory: Option<u64>) -> ContainerRecord {
    ContainerRecord {
        cpu_request_milli: cpu_milli,
        memory_request: memory,
        memory_limit: None,
        readiness_probe: false,
        liveness_probe: false,
        serving: false,
        privileged: false,
        escalation_not_false: false,
        image: "registry.example.com/app:1.0".into(),
        secret_env: false,
    }
}

/// A running pod on `node` whose containers request (millicores, bytes).
pub fn requesting(ns: &str, name: &str, node: Option<&str>, requests: &[(u64, u64)]) -> PodRecord {
    PodRecord {
        containers: requests
            .iter()
            .map(|&(cpu, mem)| container(Some(cpu), Some(mem)))
            .collect(),
        ..pod(ns, name, node)
    }
}

pub fn namespace(name: &str) -> NamespaceRecord {
    NamespaceRecord {
        name: name.into(),
        pod_security_enforce: None,
        terminating: false,
    }
}

/// A ResourceQuota with (resource, used, hard) in natural units.
pub fn quota(ns: &str, name: &str, resources: &[(&str, f64, f64)]) -> QuotaRecord {
    QuotaRecord {
        namespace: ns.into(),
        name: name.into(),
        resources: resources
            .iter()
            .map(|&(r, used, hard)| (Arc::from(r), used, hard))
            .collect(),
    }
}

pub fn add_namespace(s: &mut Store, n: NamespaceRecord) {
    s.namespaces.items.insert(n.name.clone(), n);
}

pub fn add_quota(s: &mut Store, q: QuotaRecord) {
    s.quotas.items.insert((q.namespace.clone(), (*q.name).into()), q);
}

pub fn add_limit_range(s: &mut Store, ns: &str, name: &str) {
    let l = LimitRangeRecord {
        namespace: ns.into(),
        name: name.into(),
    };
    s.limit_ranges.items.insert((l.namespace.clone(), name.into()), l);
}

// ---- Certificates and etcd backups (the certs and backups panes) ----

use crate::certs::{CertInfo, FoundCert, Origin};
use crate::cluster::store::backup_records::{
    CronJobRecord, EtcdSnapshotRecord, JobOutcome, JobRecord, VeleroBackupRecord, VeleroScheduleRecord,
};
use crate::cluster::store::cert_records::{CertManagerRecord, CsrRecord, CsrState, TlsSecretRecord};

/// A store whose certificate kinds (TLS Secrets, Certificates, CSRs) are synced.
pub fn certs_synced() -> Store {
    let mut s = Store::default();
    s.tls_secrets.state = SyncState::Synced;
    s.certificates.state = SyncState::Synced;
    s.csrs.state = SyncState::Synced;
    s
}

/// A store whose backup kinds (Velero, ETCDSnapshotFiles, CronJobs, Jobs) are synced.
pub fn backups_synced() -> Store {
    let mut s = Store::default();
    s.velero_backups.state = SyncState::Synced;
    s.velero_schedules.state = SyncState::Synced;
    s.etcd_snapshots.state = SyncState::Synced;
    s.cronjobs.state = SyncState::Synced;
    s.jobs.state = SyncState::Synced;
    s
}

/// A leaf certificate for `cn` (also its one DNS name) issued by `issuer_cn`.
pub fn cert_info(cn: &str, issuer_cn: &str, not_before: i64, not_after: i64) -> CertInfo {
    CertInfo {
        subject: format!("CN={cn}, O=example"),
        common_name: Some(cn.into()),
        issuer: format!("CN={issuer_cn}, O=example"),
        sans: vec![format!("DNS:{cn}")],
        not_before,
        not_after,
        is_ca: false,
        serial: "01".into(),
    }
}

/// A CA certificate (no SANs).
pub fn ca_info(cn: &str, issuer_cn: &str, not_before: i64, not_after: i64) -> CertInfo {
    CertInfo {
        is_ca: true,
        sans: Vec::new(),
        ..cert_info(cn, issuer_cn, not_before, not_after)
    }
}

pub fn tls_secret(ns: &str, name: &str, chain: Result<Vec<CertInfo>, String>) -> TlsSecretRecord {
    TlsSecretRecord {
        namespace: ns.into(),
        name: name.into(),
        chain,
    }
}

pub fn add_tls_secret(s: &mut Store, v: TlsSecretRecord) {
    s.tls_secrets
        .items
        .insert((v.namespace.clone(), (*v.name).into()), v);
}

/// A Ready cert-manager Certificate writing Secret `secret`, issued until `not_after`.
pub fn cert_manager(ns: &str, name: &str, secret: Option<&str>, not_after: Option<i64>) -> CertManagerRecord {
    CertManagerRecord {
        namespace: ns.into(),
        name: name.into(),
        secret_name: secret.map(Arc::from),
        dns_names: vec![format!("{name}.example.com")],
        ready: Some(true),
        ready_message: None,
        not_after,
        renewal_time: None,
        failed_attempts: 0,
        issuing_failure: None,
    }
}

pub fn add_certificate(s: &mut Store, v: CertManagerRecord) {
    s.certificates
        .items
        .insert((v.namespace.clone(), (*v.name).into()), v);
}

pub fn csr(
    name: &str,
    requester: &str,
    created: Option<i64>,
    state: CsrState,
    certificate: Option<Result<CertInfo, String>>,
) -> CsrRecord {
    CsrRecord {
        name: name.into(),
        signer: "kubernetes.io/kube-apiserver-client-kubelet".into(),
        requester: requester.into(),
        created,
        state,
        certificate,
    }
}

pub fn add_csr(s: &mut Store, v: CsrRecord) {
    s.csrs.items.insert(v.name.clone(), v);
}

pub fn found(origin: Origin, name: &str, location: &str, cert: Result<CertInfo, String>) -> FoundCert {
    FoundCert {
        origin,
        name: name.into(),
        location: location.into(),
        ca: cert.as_ref().is_ok_and(|c| c.is_ca),
        cert,
    }
}

/// A Velero Backup in `phase`, started 10 minutes before `completed`.
pub fn velero_backup(
    ns: &str,
    name: &str,
    phase: &str,
    schedule: Option<&str>,
    completed: Option<i64>,
) -> VeleroBackupRecord {
    VeleroBackupRecord {
        namespace: ns.into(),
        name: name.into(),
        phase: phase.into(),
        schedule: schedule.map(Arc::from),
        started: completed.map(|t| t - 600),
        completed,
        errors: 0,
        failure_reason: None,
    }
}

pub fn add_velero_backup(s: &mut Store, v: VeleroBackupRecord) {
    s.velero_backups
        .items
        .insert((v.namespace.clone(), (*v.name).into()), v);
}

pub fn velero_schedule(ns: &str, name: &str, paused: bool, last_backup: Option<i64>) -> VeleroScheduleRecord {
    VeleroScheduleRecord {
        namespace: ns.into(),
        name: name.into(),
        cron: "0 3 * * *".into(),
        paused,
        last_backup,
        phase: Some("Enabled".into()),
    }
}

pub fn add_velero_schedule(s: &mut Store, v: VeleroScheduleRecord) {
    s.velero_schedules
        .items
        .insert((v.namespace.clone(), (*v.name).into()), v);
}

pub fn etcd_snapshot(
    name: &str,
    node: &str,
    created: Option<i64>,
    ready: Option<bool>,
    error: Option<&str>,
) -> EtcdSnapshotRecord {
    EtcdSnapshotRecord {
        name: name.into(),
        node: Some(node.into()),
        location: Some(format!("file:///var/lib/rancher/k3s/server/db/snapshots/{name}")),
        created,
        ready,
        error: error.map(str::to_owned),
        size: Some("12Mi".into()),
    }
}

pub fn add_etcd_snapshot(s: &mut Store, v: EtcdSnapshotRecord) {
    s.etcd_snapshots.items.insert(v.name.clone(), v);
}

pub fn cronjob(
    ns: &str,
    name: &str,
    labels: &[(&str, &str)],
    suspended: bool,
    last_successful: Option<i64>,
) -> CronJobRecord {
    CronJobRecord {
        namespace: ns.into(),
        name: name.into(),
        labels: labels
            .iter()
            .map(|(k, v)| (Arc::from(*k), Arc::from(*v)))
            .collect(),
        cron: "0 */6 * * *".into(),
        suspended,
        last_schedule: last_successful,
        last_successful,
    }
}

pub fn add_cronjob(s: &mut Store, v: CronJobRecord) {
    s.cronjobs
        .items
        .insert((v.namespace.clone(), (*v.name).into()), v);
}

/// A Job of CronJob `cronjob` (same namespace); `failure` for a failed one.
pub fn job(
    ns: &str,
    name: &str,
    cronjob: &str,
    started: i64,
    outcome: JobOutcome,
    failure: Option<&str>,
) -> JobRecord {
    JobRecord {
        namespace: ns.into(),
        name: name.into(),
        cronjob: Some(cronjob.into()),
        completions: 1,
        active: (outcome == JobOutcome::Running).into(),
        succeeded: (outcome == JobOutcome::Succeeded).into(),
        failed: (outcome == JobOutcome::Failed).into(),
        started: Some(started),
        finished: (outcome != JobOutcome::Running).then_some(started + 60),
        outcome,
        failure: failure.map(str::to_owned),
    }
}

pub fn add_job(s: &mut Store, v: JobRecord) {
    s.jobs.items.insert((v.namespace.clone(), (*v.name).into()), v);
}

// ---- Workloads, policies and RBAC (the readiness findings) ----

use crate::cluster::store::rbac_records::{ClusterRoleBindingRecord, SubjectRecord};
use crate::cluster::store::records::{NetworkPolicyRecord, PdbRecord};
use crate::cluster::store::workload_records::{HpaRecord, ReplicaSetRecord, RolloutRecord, WorkloadRecord};

/// A store whose every kind is synced.
pub fn all_synced() -> Store {
    let mut s = synced();
    for state in [
        &mut s.deployments.state,
        &mut s.statefulsets.state,
        &mut s.daemonsets.state,
        &mut s.pdbs.state,
        &mut s.network_policies.state,
        &mut s.replicasets.state,
        &mut s.api_endpoints.state,
        &mut s.tls_secrets.state,
        &mut s.certificates.state,
        &mut s.csrs.state,
        &mut s.velero_backups.state,
        &mut s.velero_schedules.state,
        &mut s.etcd_snapshots.state,
        &mut s.cronjobs.state,
        &mut s.jobs.state,
        &mut s.hpas.state,
        &mut s.cluster_role_bindings.state,
        &mut s.kubeadm_config.state,
    ] {
        *state = SyncState::Synced;
    }
    s
}

/// A Deployment, StatefulSet or DaemonSet (`kind`) with `replicas`, all
/// ready and rolled out (generation 1 observed, every replica updated and
/// available), selecting `selector`.
pub fn workload(
    kind: &str,
    ns: &str,
    name: &str,
    replicas: i32,
    selector: &[(&str, &str)],
) -> WorkloadRecord {
    WorkloadRecord {
        kind: kind.into(),
        namespace: ns.into(),
        name: name.into(),
        replicas,
        ready: replicas,
        selector: selector
            .iter()
            .map(|(k, v)| (Arc::from(*k), Arc::from(*v)))
            .collect(),
        selector_expressions: false,
        rollout: RolloutRecord {
            generation: 1,
            observed_generation: 1,
            current: replicas,
            updated: replicas,
            available: replicas,
            current_replicas: replicas,
            ..RolloutRecord::default()
        },
    }
}

/// Adds a workload to its kind's table.
pub fn add_workload(s: &mut Store, w: WorkloadRecord) {
    let key = (w.namespace.clone(), (*w.name).into());
    match &*w.kind {
        "StatefulSet" => s.statefulsets.items.insert(key, w),
        "DaemonSet" => s.daemonsets.items.insert(key, w),
        _ => s.deployments.items.insert(key, w),
    };
}

/// A PodDisruptionBudget selecting `selector`, with its status: allowed
/// disruptions, current and desired healthy, expected pods.
pub fn pdb(
    ns: &str,
    name: &str,
    selector: &[(&str, &str)],
    min_available: Option<&str>,
    (allowed, healthy, desired, expected): (i32, i32, i32, i32),
) -> PdbRecord {
    PdbRecord {
        namespace: ns.into(),
        name: name.into(),
        min_available: min_available.map(str::to_owned),
        max_unavailable: None,
        selector: selector
            .iter()
            .map(|(k, v)| (Arc::from(*k), Arc::from(*v)))
            .collect(),
        disruptions_allowed: allowed,
        current_healthy: healthy,
        desired_healthy: desired,
        expected_pods: expected,
    }
}

pub fn add_pdb(s: &mut Store, p: PdbRecord) {
    s.pdbs.items.insert((p.namespace.clone(), (*p.name).into()), p);
}

pub fn add_network_policy(s: &mut Store, ns: &str, name: &str) {
    let n = NetworkPolicyRecord {
        namespace: ns.into(),
        name: name.into(),
    };
    s.network_policies
        .items
        .insert((n.namespace.clone(), name.into()), n);
}

/// ReplicaSet `ns/name`, controlled by Deployment `deployment` if any.
pub fn add_replicaset(s: &mut Store, ns: &str, name: &str, deployment: Option<&str>) {
    let r = ReplicaSetRecord {
        deployment: deployment.map(Arc::from),
        ..ReplicaSetRecord::default()
    };
    s.replicasets.items.insert((Arc::from(ns), name.into()), r);
}

/// An HPA scaling `target_kind`/`target_name`.
pub fn add_hpa(s: &mut Store, ns: &str, name: &str, target_kind: &str, target_name: &str) {
    let h = HpaRecord {
        namespace: ns.into(),
        name: name.into(),
        target_kind: target_kind.into(),
        target_name: target_name.into(),
    };
    s.hpas.items.insert((h.namespace.clone(), name.into()), h);
}

/// A ClusterRoleBinding of `role` to (kind, name, namespace) subjects.
pub fn add_cluster_role_binding(
    s: &mut Store,
    name: &str,
    role: &str,
    subjects: &[(&str, &str, Option<&str>)],
) {
    let b = ClusterRoleBindingRecord {
        name: name.into(),
        role: role.into(),
        subjects: subjects
            .iter()
            .map(|(kind, name, ns)| SubjectRecord {
                kind: (*kind).into(),
                name: (*name).into(),
                namespace: ns.map(Arc::from),
            })
            .collect(),
    };
    s.cluster_role_bindings.items.insert(b.name.clone(), b);
}

/// A container that follows the guidance: requests, a memory limit, both
/// probes, serving on a port, escalation off, a pinned image.
pub fn good_container() -> ContainerRecord {
    ContainerRecord {
        memory_limit: Some(256 << 20),
        readiness_probe: true,
        liveness_probe: true,
        serving: true,
        escalation_not_false: false,
        ..container(Some(100), Some(128 << 20))
    }
}

/// A pod of workload `kind`/`owner` in `ns` on `node` with `containers`,
/// its own service account and `labels`.
pub fn workload_pod(
    ns: &str,
    name: &str,
    node: Option<&str>,
    (kind, owner): (&str, &str),
    labels: &[(&str, &str)],
    containers: Vec<ContainerRecord>,
) -> PodRecord {
    PodRecord {
        containers: containers.into(),
        service_account: Some(owner.into()),
        ..owned(ns, name, node, kind, owner, labels)
    }
}
