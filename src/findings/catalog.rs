//! The catalog: every rule in the order of issue 6's table, with its
//! default severity, whether it skips system namespaces, and why.

use super::Severity::{Critical, Info, Warning};
use super::{
    Check, Rule, backups_certs, containers, control_plane, etcd_live, namespaces, nodes, pods, pods_incident,
    rbac_dns, rollouts, workloads,
};

/// Every rule, in the catalog's order.
pub fn catalog() -> &'static [Rule] {
    &RULES
}

/// The rule `id`.
pub(crate) fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// The check of rule `id`.
pub(crate) fn check(id: &str) -> Option<Check> {
    Some(match id {
        "control-plane-not-ha" => control_plane::not_ha,
        "control-plane-single-zone" => control_plane::single_zone,
        "apiserver-check-failing" => control_plane::check_failing,
        "leader-lease-stale" => control_plane::leader_stale,
        "etcd-backup-missing" => backups_certs::backup_missing,
        "etcd-backup-stale" => backups_certs::backup_stale,
        "etcd-backup-failed" => backups_certs::backup_failed,
        "cluster-backup-missing" => backups_certs::cluster_backup_missing,
        "etcd-member-unhealthy" => etcd_live::member_unhealthy,
        "etcd-no-leader" => etcd_live::no_leader,
        "etcd-alarm-active" => etcd_live::alarm_active,
        "etcd-db-near-quota" => etcd_live::db_near_quota,
        "etcd-fragmented" => etcd_live::fragmented,
        "etcd-member-lagging" => etcd_live::member_lagging,
        "etcd-even-members" => etcd_live::even_members,
        "etcd-not-ha" => etcd_live::not_ha,
        "cert-expired" => backups_certs::cert_expired,
        "cert-expiring" => backups_certs::cert_expiring,
        "node-not-ready" => nodes::not_ready,
        "node-pressure" => nodes::pressure,
        "node-problem-detector-missing" => nodes::npd_missing,
        "cluster-limit-exceeded" => nodes::limit_exceeded,
        "pod-crashlooping" => pods_incident::crashlooping,
        "pod-image-pull-failing" => pods_incident::image_pull_failing,
        "pod-pending-unschedulable" => pods_incident::pending_unschedulable,
        "pod-oomkilled-recently" => pods_incident::oomkilled_recently,
        "namespace-no-pod-security" => namespaces::no_pod_security,
        "namespace-no-resourcequota" => namespaces::no_resourcequota,
        "namespace-no-networkpolicy" => namespaces::no_networkpolicy,
        "quota-near-limit" => namespaces::quota_near_limit,
        "quota-exhausted" => namespaces::quota_exhausted,
        "workload-single-replica" => workloads::single_replica,
        "workload-no-pdb" => workloads::no_pdb,
        "pdb-blocks-eviction" => workloads::pdb_blocks_eviction,
        "workload-single-zone" => workloads::single_zone,
        "workload-single-node" => workloads::single_node,
        "workload-rollout-stuck" => rollouts::rollout_stuck,
        "workload-unavailable" => rollouts::unavailable,
        "container-no-requests" => containers::no_requests,
        "container-no-limits" => containers::no_limits,
        "container-no-readiness-probe" => containers::no_readiness_probe,
        "container-no-liveness-probe" => containers::no_liveness_probe,
        "container-privileged" => containers::privileged,
        "pod-host-path" => pods::host_path,
        "pod-host-namespace" => pods::host_namespace,
        "pod-default-service-account" => pods::default_service_account,
        "secret-in-env" => containers::secret_in_env,
        "image-latest-tag" => containers::image_latest_tag,
        "rbac-cluster-admin-binding" => rbac_dns::cluster_admin_binding,
        "dns-not-autoscaled" => rbac_dns::dns_not_autoscaled,
        _ => return None,
    })
}

const fn def(
    id: &'static str,
    severity: super::Severity,
    skip_in_system: bool,
    what: &'static str,
    remediation: &'static str,
) -> Rule {
    Rule {
        id,
        severity,
        what,
        remediation,
        skip_in_system,
    }
}

// Severities: see the module documentation of `findings`. `skip_in_system`
// is set where system components are built that way on purpose (node
// agents are privileged, use host paths and namespaces and run unlimited;
// controllers with leader election run one replica) or where the namespace
// is Kubernetes' own (quotas, policies and labels on kube-system are the
// distribution's business).
static RULES: [Rule; 50] = [
    // Control plane, etcd backups, certificates: cluster-wide.
    def(
        "control-plane-not-ha",
        Warning,
        false,
        "fewer than 3 control-plane instances",
        "Run at least 3 control-plane instances behind a load-balanced API endpoint (kubeadm join --control-plane).",
    ),
    def(
        "control-plane-single-zone",
        Warning,
        false,
        "all control-plane instances in one zone",
        "Place the control-plane instances in different failure zones (one per zone, at least 3 zones).",
    ),
    def(
        "apiserver-check-failing",
        Critical,
        false,
        "a readyz/livez check fails",
        "Read `kubectl get --raw '/readyz?verbose'` and the API server logs; fix the failing check (often etcd).",
    ),
    def(
        "leader-lease-stale",
        Critical,
        false,
        "scheduler or controller-manager leader not renewed",
        "Check the kube-scheduler / kube-controller-manager pods and logs on the control-plane nodes.",
    ),
    def(
        "etcd-backup-missing",
        Critical,
        false,
        "no backup source found",
        "Back etcd up on a schedule (etcdctl snapshot save in a CronJob, k3s/RKE2 etcd-snapshot, Velero) and keep copies off the cluster.",
    ),
    // Warning past the RPO; critical past twice the RPO or with no good backup at all.
    def(
        "etcd-backup-stale",
        Warning,
        false,
        "newest good backup older than the RPO",
        "Find why backups stopped (suspended CronJob, paused schedule, failing runs) and take a backup now.",
    ),
    def(
        "etcd-backup-failed",
        Warning,
        false,
        "the latest backup run failed",
        "Read the failed run's logs (kubectl logs job/NAME, velero backup logs NAME), fix the cause, run it again.",
    ),
    // Only on a managed control plane (EKS, GKE, AKS), where the provider
    // backs etcd up; elsewhere etcd-backup-missing covers it.
    def(
        "cluster-backup-missing",
        Info,
        false,
        "managed control plane: no cluster backup (Velero) of the workloads' state",
        "Back up the workloads' state: full-cluster backups on a schedule (Velero, or the provider's backup service) kept off the cluster, and manifests in Git (GitOps).",
    ),
    // etcd, live (issue 19): what the members say, when kon can reach them.
    def(
        "etcd-member-unhealthy",
        Critical,
        false,
        "an etcd member does not answer its status or a linearizable read",
        "Check the member: etcdctl endpoint health/status, its logs and its node (disk, network, certificates); replace it if it is gone.",
    ),
    def(
        "etcd-no-leader",
        Critical,
        false,
        "the answering etcd members have no leader",
        "Restore a quorum: bring the missing members back (or restore from a snapshot); read the members' logs for elections.",
    ),
    def(
        "etcd-alarm-active",
        Critical,
        false,
        "an etcd alarm is active (NOSPACE: the cluster only takes reads and deletes; CORRUPT)",
        "NOSPACE: free space (compact, defrag), raise --quota-backend-bytes if needed, then etcdctl alarm disarm. CORRUPT: replace the member from a snapshot.",
    ),
    def(
        "etcd-db-near-quota",
        Warning,
        false,
        "an etcd DB at 80% of its quota or more (critical from 95%)",
        "Compact and defragment; find what grows (events, large objects); raise --quota-backend-bytes (default 2 GiB, suggested maximum 8 GiB).",
    ),
    def(
        "etcd-fragmented",
        Warning,
        false,
        "an etcd DB over 1 GiB with less than half of it in use",
        "Defragment the members one at a time, followers first and the leader last (etcdctl defrag --endpoints=ONE).",
    ),
    def(
        "etcd-member-lagging",
        Warning,
        false,
        "an etcd member's applied index more than 5000 entries behind the leader",
        "Check the member's disk latency (wal fsync) and network to the leader; a member that does not catch up needs replacing.",
    ),
    def(
        "etcd-even-members",
        Warning,
        false,
        "an even number of etcd members",
        "Run an odd number of members (3 or 5): an even count tolerates no more failures than one fewer.",
    ),
    def(
        "etcd-not-ha",
        Warning,
        false,
        "fewer than 3 etcd members",
        "Run at least 3 etcd members (kubeadm join --control-plane adds one), in different failure zones.",
    ),
    def(
        "cert-expired",
        Critical,
        false,
        "a certificate is past notAfter",
        "Renew it now (kubeadm certs renew, cert-manager, or a new Secret) and restart what serves it.",
    ),
    // Warning under the warn threshold (28 days); critical under the crit threshold (14 days).
    def(
        "cert-expiring",
        Warning,
        false,
        "a certificate expires within the thresholds",
        "Renew before it expires (kubeadm certs renew; check cert-manager's Issuer) and automate renewal.",
    ),
    // Nodes and the cluster's size.
    // Warning for a worker with no pod bound to it; critical for a
    // control-plane node or one with pods on it (an incident).
    def(
        "node-not-ready",
        Warning,
        false,
        "a node is NotReady or Unknown",
        "Check the node's kubelet and runtime (journalctl -u kubelet), network and disk; drain and replace it if it stays down.",
    ),
    def(
        "node-pressure",
        Warning,
        false,
        "Memory/Disk/PID pressure",
        "Free memory, disk or PIDs on the node (the kubelet is evicting pods), or cordon and drain it; review requests and limits.",
    ),
    // Info: run as a systemd service (GKE, some distributions) it is invisible to the API.
    def(
        "node-problem-detector-missing",
        Info,
        false,
        "no node-problem-detector running",
        "Run node-problem-detector as a DaemonSet so that kernel, runtime and disk problems become node conditions.",
    ),
    // Critical when exceeded; warning within 10% of the limit.
    def(
        "cluster-limit-exceeded",
        Critical,
        false,
        "a supported limit (110 pods/node, 5000 nodes, 150000 pods, 300000 containers) exceeded, or within 10% (warning)",
        "Stay within the supported limits: lower the kubelet's maxPods, add nodes, or split the cluster.",
    ),
    // Incidents: pods broken right now, one finding per pod.
    def(
        "pod-crashlooping",
        Critical,
        false,
        "a container in CrashLoopBackOff",
        "Read why it exits: kubectl logs POD -c CONTAINER --previous, and kubectl describe pod POD (last state, events); fix the configuration, the image or the probe that kills it.",
    ),
    def(
        "pod-image-pull-failing",
        Warning,
        false,
        "an image cannot be pulled (ImagePullBackOff, ErrImagePull)",
        "Check the image name and tag, that it exists in the registry, and the pull secret (kubectl describe pod POD shows the registry's answer).",
    ),
    def(
        "pod-pending-unschedulable",
        Warning,
        false,
        "a pod no node can take (PodScheduled=False, Unschedulable)",
        "Read the scheduler's message: add capacity or nodes, relax requests, node selectors, affinities or taints, or free the resources it waits for.",
    ),
    def(
        "pod-oomkilled-recently",
        Warning,
        false,
        "a container OOM-killed within the last hour",
        "Raise the container's memory limit (and request) to what it uses at peak, or find the leak; kubectl top pod and its metrics show the usage.",
    ),
    // Namespaces and quotas.
    def(
        "namespace-no-pod-security",
        Warning,
        true,
        "namespace without `pod-security.kubernetes.io/enforce`",
        "Label it pod-security.kubernetes.io/enforce=baseline (or restricted); try warn/audit first.",
    ),
    def(
        "namespace-no-resourcequota",
        Warning,
        true,
        "namespace without a ResourceQuota",
        "Create a ResourceQuota for the namespace's CPU, memory and object counts.",
    ),
    def(
        "namespace-no-networkpolicy",
        Warning,
        true,
        "namespace without any NetworkPolicy",
        "Add a default-deny NetworkPolicy and allow only the traffic the namespace needs.",
    ),
    def(
        "quota-near-limit",
        Warning,
        false,
        "a quota resource at >= 90%",
        "Raise the quota or reduce usage before new pods are refused.",
    ),
    def(
        "quota-exhausted",
        Critical,
        false,
        "a quota resource at >= 100%",
        "New pods or objects are refused now: raise the quota or free what is used.",
    ),
    // Workloads.
    def(
        "workload-single-replica",
        Warning,
        true,
        "Deployment/StatefulSet with fewer than 2 replicas",
        "Run at least 2 replicas (spec.replicas, or the HPA's minReplicas) so that one pod's loss or a drain keeps it up.",
    ),
    def(
        "workload-no-pdb",
        Warning,
        true,
        "multi-replica workload with no PodDisruptionBudget",
        "Create a PodDisruptionBudget (e.g. maxUnavailable: 1) that selects the workload's pods.",
    ),
    def(
        "pdb-blocks-eviction",
        Warning,
        false,
        "a PDB allowing 0 disruptions while its pods are healthy",
        "Allow at least one disruption (maxUnavailable: 1, or minAvailable below the replicas), else every drain blocks.",
    ),
    def(
        "workload-single-zone",
        Warning,
        false,
        "all replicas in one zone while the cluster has more",
        "Spread replicas over zones: topologySpreadConstraints on topology.kubernetes.io/zone.",
    ),
    def(
        "workload-single-node",
        Warning,
        false,
        "all replicas on one node",
        "Spread replicas over nodes: podAntiAffinity or topologySpreadConstraints on kubernetes.io/hostname.",
    ),
    // Incidents (findings::incident): critical when no replica is ready.
    def(
        "workload-rollout-stuck",
        Warning,
        false,
        "a rollout exceeded its progress deadline (ProgressDeadlineExceeded) or made no progress for 15 minutes",
        "Read why the new pods do not become ready (kubectl rollout status, describe the new pods, their events and logs); fix the image or config, or kubectl rollout undo.",
    ),
    def(
        "workload-unavailable",
        Warning,
        false,
        "fewer ready replicas than desired with no rollout under way",
        "Find why its pods are not ready (kubectl get pods -l SELECTOR, describe them, their events and logs): crash loops, failing probes, a lost node, unschedulable replicas.",
    ),
    // Containers and pods: one finding per workload.
    def(
        "container-no-requests",
        Warning,
        true,
        "a container without cpu or memory requests",
        "Set resources.requests.cpu and .memory from observed usage so the scheduler places it right.",
    ),
    def(
        "container-no-limits",
        Warning,
        true,
        "a container without a memory limit",
        "Set resources.limits.memory (or a LimitRange default) so one pod cannot starve its node.",
    ),
    def(
        "container-no-readiness-probe",
        Warning,
        false,
        "a serving container without a readiness probe",
        "Add a readinessProbe so traffic reaches the pod only when it can serve.",
    ),
    // Info: a wrong liveness probe causes restarts; the guidance asks for one, exceptions are common.
    def(
        "container-no-liveness-probe",
        Info,
        false,
        "a long-running container without a liveness probe",
        "Add a livenessProbe that fails only when a restart helps (a deadlock), not on slow dependencies.",
    ),
    // Warning when privileged; info when only allowPrivilegeEscalation is not false.
    def(
        "container-privileged",
        Warning,
        true,
        "privileged, or allowPrivilegeEscalation not false",
        "Drop privileged: true and set securityContext.allowPrivilegeEscalation: false; grant single capabilities instead.",
    ),
    def(
        "pod-host-path",
        Warning,
        true,
        "a hostPath volume",
        "Use a PersistentVolume, emptyDir or a ConfigMap/Secret instead of hostPath.",
    ),
    def(
        "pod-host-namespace",
        Warning,
        true,
        "hostNetwork/hostPID/hostIPC",
        "Remove hostNetwork, hostPID and hostIPC unless the pod is a node agent that needs them.",
    ),
    def(
        "pod-default-service-account",
        Info,
        true,
        "a workload running as the namespace's default service account",
        "Give the workload its own ServiceAccount with only the permissions it needs (or automountServiceAccountToken: false).",
    ),
    def(
        "secret-in-env",
        Info,
        false,
        "Secret values exposed as environment variables",
        "Mount the Secret as a volume instead of env: env leaks into logs, crash dumps and child processes.",
    ),
    def(
        "image-latest-tag",
        Warning,
        true,
        "an image without a tag or with `latest`",
        "Pin the image to a version tag or a digest (@sha256:...) so rollouts and rollbacks are reproducible.",
    ),
    // RBAC and DNS.
    def(
        "rbac-cluster-admin-binding",
        Warning,
        false,
        "a ClusterRoleBinding to cluster-admin for anything but system subjects",
        "Bind a narrower ClusterRole, or a Role per namespace; keep cluster-admin for break-glass access.",
    ),
    def(
        "dns-not-autoscaled",
        Warning,
        false,
        "cluster DNS without an autoscaler or HPA",
        "Scale cluster DNS with the cluster: deploy cluster-proportional-autoscaler (dns-autoscaler) or an HPA for CoreDNS.",
    ),
];
