//! The bulk generator: a realistic cluster from a `SimCluster` `generate`
//! block — nodes over zones, control-plane static pods and leases, a
//! kube-proxy DaemonSet, namespaces, Deployments with their ReplicaSets and
//! Pods, PodDisruptionBudgets and ResourceQuotas. Deterministic from the
//! seed; the cluster holds exactly `nodes × podsPerNode` pods.

use serde_json::{Map, Value, json};

use super::sim_cluster::{Generate, STATIC_PODS_PER_CONTROL_PLANE_NODE};
use super::sim_time::{format_rfc3339, format_rfc3339_micro};

/// SplitMix64: a tiny, good-enough deterministic generator.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
}

/// The SplitMix64 finalizer: a bijection on u64 that scrambles bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A deterministic UUID-shaped uid (version 4 layout), distinct for every
/// `index` of the same `seed` and `tag`.
pub fn uid(seed: u64, tag: u64, index: u64) -> String {
    let base = mix(seed ^ tag.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let h1 = mix(base.wrapping_add(index));
    let h2 = mix(h1 ^ 0xA5A5_A5A5_A5A5_A5A5);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:x}{:03x}-{:012x}",
        h1 >> 32,
        (h1 >> 16) & 0xFFFF,
        (h1 >> 4) & 0xFFF,
        8 | (h1 & 0x3),
        (h2 >> 52) & 0xFFF,
        h2 & 0xFFFF_FFFF_FFFF
    )
}

/// The alphabet Kubernetes uses for generated name suffixes.
const SAFE: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
/// 27^5: the number of distinct 5-character suffixes.
const SUFFIX_SPACE: u64 = 14_348_907;

fn encode(mut n: u64, len: usize) -> String {
    let mut out = String::with_capacity(len);
    for _ in 0..len {
        let i = usize::try_from(n % 27).unwrap_or(0);
        out.push(char::from(SAFE.get(i).copied().unwrap_or(b'x')));
        n /= 27;
    }
    out
}

/// A 5-character suffix, distinct for every `i` below 27^5 of one `salt`.
fn suffix(salt: u64, i: u64) -> String {
    // 7654321 is prime to 27^5 = 3^15, so this is a permutation.
    let n = (7_654_321u64.wrapping_mul(i % SUFFIX_SPACE) + salt % SUFFIX_SPACE) % SUFFIX_SPACE;
    encode(n, 5)
}

// Tags separating the uid streams of different kinds.
const TAG_NODE: u64 = 1;
const TAG_NS: u64 = 2;
const TAG_POD: u64 = 3;
const TAG_DEPLOY: u64 = 4;
const TAG_RS: u64 = 5;
const TAG_DS: u64 = 6;
const TAG_LEASE: u64 = 7;
const TAG_OTHER: u64 = 8;
const TAG_HOLDER: u64 = 9;

const DAY: i64 = 86_400;

const WORKLOAD_WORDS: &[&str] = &[
    "api",
    "web",
    "worker",
    "cache",
    "gateway",
    "auth",
    "search",
    "billing",
    "orders",
    "catalog",
    "notifier",
    "scheduler",
    "ingest",
    "reports",
    "metrics",
    "media",
];

/// What `generate` builds, counted (for callers and tests).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Nodes.
    pub nodes: u64,
    /// Pods of every kind.
    pub pods: u64,
    /// Deployments (CoreDNS included).
    pub deployments: u64,
    /// Namespaces (system ones included).
    pub namespaces: u64,
}

/// Counts the objects `generate` would build for `g`, by kind.
pub fn expected_counts(g: &Generate) -> Counts {
    if g.nodes == 0 {
        return Counts::default();
    }
    let namespaces = g.namespace_names().len() as u64;
    Counts {
        nodes: u64::from(g.nodes),
        pods: g.total_pods(),
        deployments: namespaces * u64::from(g.workloads_per_namespace) + 1,
        namespaces: namespaces + 4,
    }
}

/// One generated node, as the pod builders need it.
struct NodeRef {
    name: String,
    uid: String,
    ip: String,
    index: u64,
    /// Pod addresses handed out so far on this node.
    pods: u32,
}

impl NodeRef {
    fn next_pod_ip(&mut self) -> String {
        self.pods = self.pods.wrapping_add(1);
        let k = self.index % 32_768;
        format!("10.{}.{}.{}", k >> 8, k & 255, 2 + self.pods % 250)
    }
}

/// Builds the cluster `g` describes, running `kubernetes_version`, as seen
/// at Unix time `now`, all at once (see [`generate_each`]).
pub fn generate(g: &Generate, kubernetes_version: &str, now: i64) -> Vec<Value> {
    let capacity = usize::try_from(g.total_pods() + 2 * u64::from(g.nodes) + 64).unwrap_or(0);
    let mut out = Vec::with_capacity(if g.nodes == 0 { 0 } else { capacity });
    generate_each(g, kubernetes_version, now, &mut |v| out.push(v));
    out
}

/// Builds the cluster `g` describes, running `kubernetes_version`, as seen
/// at Unix time `now`, handing each object to `emit` as it is made (so a
/// caller that stores objects in another form never holds them all as
/// `Value`s). Nothing when `g.nodes` is 0. Call `Generate::validate` first
/// (the parser does): invalid settings are clamped, not reported.
pub fn generate_each(g: &Generate, kubernetes_version: &str, now: i64, emit: &mut dyn FnMut(Value)) {
    if g.nodes == 0 {
        return;
    }
    let seed = g.seed;
    let mut rng = Rng::new(seed);
    let zones = g.zone_names();
    let zones: Vec<String> = if zones.is_empty() {
        vec![g.region.clone()]
    } else {
        zones
    };
    let cp_count = u64::from(g.control_plane_count().max(1));
    let node_count = u64::from(g.nodes);
    let worker_count = node_count.saturating_sub(cp_count);
    let total = g.total_pods();
    let fixed = node_count + STATIC_PODS_PER_CONTROL_PLANE_NODE * cp_count;
    let workload_pods = total.saturating_sub(fixed);
    let pod_hosts = if worker_count == 0 { cp_count } else { worker_count };
    let max_per_host = workload_pods.div_ceil(pod_hosts.max(1)) + 1;
    let pods_capacity = max_per_host.max(110);
    let cluster_born = now - 90 * DAY;

    let namespaces = g.namespace_names();

    // Namespaces.
    for (i, ns) in ["default", "kube-system", "kube-public", "kube-node-lease"]
        .iter()
        .enumerate()
    {
        emit(namespace(ns, &uid(seed, TAG_NS, i as u64), cluster_born, None));
    }
    for (i, ns) in namespaces.iter().enumerate() {
        // Every fifth namespace has no Pod Security labels, as in real life.
        let level = match i % 5 {
            4 => None,
            1 | 3 => Some("restricted"),
            _ => Some("baseline"),
        };
        let born = cluster_born + (i as i64 % 60) * DAY;
        emit(namespace(ns, &uid(seed, TAG_NS, 100 + i as u64), born, level));
    }

    // Nodes, with their heartbeat leases.
    let mut nodes: Vec<NodeRef> = Vec::with_capacity(usize::try_from(node_count).unwrap_or(0));
    let width = node_count.to_string().len().max(3);
    let (cp_cpu, worker_cpu) = (
        4u64,
        if max_per_host <= 40 {
            8
        } else if max_per_host <= 80 {
            16
        } else {
            32
        },
    );
    for k in 0..node_count {
        let is_cp = k < cp_count;
        let name = if is_cp {
            format!("control-plane-{}", k + 1)
        } else {
            format!("worker-{:0width$}", k - cp_count + 1)
        };
        let zone_index = usize::try_from(if is_cp { k } else { k - cp_count }).unwrap_or(0) % zones.len();
        let zone = zones.get(zone_index).map_or("", String::as_str);
        let n = k + 10;
        let ip = format!("10.{}.{}.{}", 128 + ((n >> 16) & 127), (n >> 8) & 255, n & 255);
        let node_uid = uid(seed, TAG_NODE, k);
        let spec = NodeSpec {
            name: &name,
            uid: &node_uid,
            ip: &ip,
            index: k,
            zone,
            region: &g.region,
            control_plane: is_cp,
            tainted: is_cp && worker_count > 0,
            cpu: if is_cp { cp_cpu } else { worker_cpu },
            pods_capacity,
            version: kubernetes_version,
            born: cluster_born + i64::try_from(k % 3_600).unwrap_or(0),
            now,
            seed,
        };
        emit(node(&spec));
        emit(node_lease(
            &name,
            &node_uid,
            &uid(seed, TAG_LEASE, k),
            spec.born,
            now,
        ));
        nodes.push(NodeRef {
            name,
            uid: node_uid,
            ip,
            index: k,
            pods: 0,
        });
    }

    let version = kubernetes_version;
    let cp_len = usize::try_from(cp_count).unwrap_or(0).min(nodes.len());
    let (cp_nodes, workers) = nodes.split_at_mut(cp_len);

    // Control plane: static pods, leader and identity leases, the kubernetes Service.
    let mut other = 0u64;
    let mut next_other = || {
        other += 1;
        uid(seed, TAG_OTHER, other)
    };
    for (i, cp) in cp_nodes.iter().enumerate() {
        for component in [
            "etcd",
            "kube-apiserver",
            "kube-controller-manager",
            "kube-scheduler",
        ] {
            emit(static_pod(
                component,
                cp,
                version,
                &next_other(),
                cluster_born + i as i64 * 60,
            ));
        }
        let identity = format!("apiserver-{}", encode(mix(seed ^ cp.index), 26).to_lowercase());
        let holder = format!("{identity}_{}", uid(seed, TAG_HOLDER, cp.index));
        emit(lease(
            "kube-system",
            &identity,
            &next_other(),
            json!({"apiserver.kubernetes.io/identity": "kube-apiserver", "kubernetes.io/hostname": cp.name}),
            &holder,
            3_600,
            now - 5,
            cluster_born,
        ));
    }
    if let Some(leader) = cp_nodes.first() {
        for component in ["kube-controller-manager", "kube-scheduler"] {
            let holder = format!(
                "{}_{}",
                leader.name,
                uid(seed, TAG_HOLDER, 1_000 + component.len() as u64)
            );
            emit(lease(
                "kube-system",
                component,
                &next_other(),
                json!({}),
                &holder,
                15,
                now - 1,
                cluster_born,
            ));
        }
    }
    let cp_ips: Vec<&str> = cp_nodes.iter().map(|n| n.ip.as_str()).collect();
    for v in kubernetes_service(&cp_ips, &mut next_other, cluster_born) {
        emit(v);
    }

    // kube-proxy: one pod on every node.
    let ds_uid = uid(seed, TAG_DS, 0);
    emit(kube_proxy_daemonset(&ds_uid, node_count, version, cluster_born));
    let proxy_salt = rng.next_u64();
    for (i, n) in cp_nodes.iter_mut().chain(workers.iter_mut()).enumerate() {
        let pod_uid = uid(seed, TAG_POD, i as u64);
        let name = format!("kube-proxy-{}", suffix(proxy_salt, i as u64));
        emit(kube_proxy_pod(&name, &pod_uid, &ds_uid, n, version, cluster_born));
    }

    // Workloads: CoreDNS (2 replicas) then namespaces × workloadsPerNamespace.
    let hosts: &mut [NodeRef] = if workers.is_empty() { cp_nodes } else { workers };
    let mut plan: Vec<(String, String)> = vec![("kube-system".to_owned(), "coredns".to_owned())];
    for ns in &namespaces {
        for j in 0..usize::try_from(g.workloads_per_namespace).unwrap_or(0) {
            let word = WORKLOAD_WORDS
                .get(j % WORKLOAD_WORDS.len())
                .copied()
                .unwrap_or("app");
            let name = if j < WORKLOAD_WORDS.len() {
                word.to_owned()
            } else {
                format!("{word}-{}", j / WORKLOAD_WORDS.len() + 1)
            };
            plan.push((ns.clone(), name));
        }
    }
    let replicas = split_replicas(workload_pods, plan.len(), &mut rng);
    let mut pod_index = node_count;
    let mut placed = 0u64;
    let mut ns_usage: std::collections::BTreeMap<&str, (u64, u64, u64)> = Default::default();
    for (d, ((ns, name), &count)) in plan.iter().zip(replicas.iter()).enumerate() {
        let d = d as u64;
        let w = Workload::new(ns, name, d, count, &mut rng, seed, cluster_born, now);
        emit(w.deployment());
        emit(w.replica_set());
        if count >= 2 && d.is_multiple_of(2) {
            emit(w.pdb(&next_other()));
        }
        let salt = rng.next_u64();
        let template = w.pod_template();
        for r in 0..count {
            let slot = usize::try_from(placed % hosts.len().max(1) as u64).unwrap_or(0);
            placed += 1;
            if let Some(host) = hosts.get_mut(slot) {
                let pod_name = format!("{}-{}", w.rs_name, suffix(salt, r));
                emit(template.pod(ns, &pod_name, uid(seed, TAG_POD, pod_index), host));
            }
            pod_index += 1;
        }
        let usage = ns_usage.entry(ns.as_str()).or_default();
        usage.0 += count;
        usage.1 += count * w.cpu_millis;
        usage.2 += count * w.memory_mi;
    }
    for (i, ns) in namespaces.iter().enumerate() {
        let (pods, cpu, mem) = ns_usage.get(ns.as_str()).copied().unwrap_or_default();
        // Quotas between 40% and 85% used; every seventh namespace has none.
        if i % 7 != 6 {
            let headroom = 118 + rng.below(132);
            emit(resource_quota(
                ns,
                &next_other(),
                pods,
                cpu,
                mem,
                headroom,
                cluster_born,
            ));
        }
        if i % 5 != 4 {
            emit(default_deny(ns, &next_other(), cluster_born));
        }
    }
}

/// Splits `total` replicas over `n` workloads with random weights 1..=4,
/// summing exactly to `total`. CoreDNS (the first) gets 2 when it can.
fn split_replicas(total: u64, n: usize, rng: &mut Rng) -> Vec<u64> {
    let mut out = vec![0u64; n];
    if n == 0 || total == 0 {
        return out;
    }
    let dns = total.min(2);
    if let Some(first) = out.first_mut() {
        *first = dns;
    }
    let rest = total - dns;
    let others = n - 1;
    if others == 0 {
        if let Some(first) = out.first_mut() {
            *first += rest;
        }
        return out;
    }
    let weights: Vec<u64> = (0..others).map(|_| 1 + rng.below(4)).collect();
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let mut given = 0u64;
    for (slot, w) in out.iter_mut().skip(1).zip(&weights) {
        let share = u64::try_from(u128::from(rest) * u128::from(*w) / sum.max(1)).unwrap_or(0);
        *slot = share;
        given += share;
    }
    let mut left = rest - given;
    let mut i = 1;
    while left > 0 {
        if let Some(slot) = out.get_mut(i) {
            *slot += 1;
            left -= 1;
        }
        i = if i + 1 >= n { 1 } else { i + 1 };
    }
    out
}

fn namespace(name: &str, uid: &str, born: i64, psa: Option<&str>) -> Value {
    let mut labels = Map::new();
    labels.insert("kubernetes.io/metadata.name".into(), json!(name));
    if let Some(level) = psa {
        labels.insert("pod-security.kubernetes.io/enforce".into(), json!(level));
        labels.insert("pod-security.kubernetes.io/warn".into(), json!("restricted"));
        labels.insert("pod-security.kubernetes.io/audit".into(), json!("restricted"));
    }
    json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": name, "uid": uid, "creationTimestamp": format_rfc3339(born), "labels": labels},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    })
}

struct NodeSpec<'a> {
    name: &'a str,
    uid: &'a str,
    ip: &'a str,
    index: u64,
    zone: &'a str,
    region: &'a str,
    control_plane: bool,
    tainted: bool,
    cpu: u64,
    pods_capacity: u64,
    version: &'a str,
    born: i64,
    now: i64,
    seed: u64,
}

fn node(s: &NodeSpec<'_>) -> Value {
    let mut labels = Map::new();
    for (k, v) in [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", s.name),
        ("kubernetes.io/os", "linux"),
        (
            "node.kubernetes.io/instance-type",
            if s.cpu <= 4 {
                "m6i.xlarge"
            } else if s.cpu <= 8 {
                "m6i.2xlarge"
            } else if s.cpu <= 16 {
                "m6i.4xlarge"
            } else {
                "m6i.8xlarge"
            },
        ),
        ("topology.kubernetes.io/region", s.region),
        ("topology.kubernetes.io/zone", s.zone),
    ] {
        labels.insert(k.into(), json!(v));
    }
    if s.control_plane {
        labels.insert("node-role.kubernetes.io/control-plane".into(), json!(""));
        labels.insert(
            "node.kubernetes.io/exclude-from-external-load-balancers".into(),
            json!(""),
        );
    }
    let k = s.index % 32_768;
    let cidr = format!("10.{}.{}.0/24", k >> 8, k & 255);
    let mut spec =
        json!({"podCIDR": cidr, "podCIDRs": [cidr], "providerID": format!("sim://{}/{}", s.zone, s.name)});
    if s.tainted {
        set(
            &mut spec,
            "taints",
            json!([{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]),
        );
    }
    let memory_ki = s.cpu * 4 * 1_048_576;
    let born = format_rfc3339(s.born);
    let beat = format_rfc3339(s.now - 5 - i64::try_from(s.index % 30).unwrap_or(0));
    let condition = |t: &str, status: &str, reason: &str, message: &str| json!({"lastHeartbeatTime": beat, "lastTransitionTime": born, "message": message, "reason": reason, "status": status, "type": t});
    json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": s.name,
            "uid": s.uid,
            "creationTimestamp": born,
            "labels": labels,
            "annotations": {
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
        },
        "spec": spec,
        "status": {
            "addresses": [{"address": s.ip, "type": "InternalIP"}, {"address": s.name, "type": "Hostname"}],
            "allocatable": {
                "cpu": format!("{}m", s.cpu * 1000 - 80),
                "ephemeral-storage": "95551679124",
                "hugepages-1Gi": "0",
                "hugepages-2Mi": "0",
                "memory": format!("{}Ki", memory_ki - 1_048_576),
                "pods": s.pods_capacity.to_string(),
            },
            "capacity": {
                "cpu": s.cpu.to_string(),
                "ephemeral-storage": "101430960Ki",
                "hugepages-1Gi": "0",
                "hugepages-2Mi": "0",
                "memory": format!("{memory_ki}Ki"),
                "pods": s.pods_capacity.to_string(),
            },
            "conditions": [
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "bootID": uid(s.seed, TAG_NODE + 100, s.index),
                "containerRuntimeVersion": "containerd://2.1.4",
                "kernelVersion": "6.8.0-1024-aws",
                "kubeProxyVersion": "",
                "kubeletVersion": s.version,
                "machineID": uid(s.seed, TAG_NODE + 200, s.index).replace('-', ""),
                "operatingSystem": "linux",
                "osImage": "Ubuntu 24.04.2 LTS",
                "systemUUID": uid(s.seed, TAG_NODE + 300, s.index),
            },
        },
    })
}

fn node_lease(node: &str, node_uid: &str, uid: &str, born: i64, now: i64) -> Value {
    json!({
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {
            "name": node,
            "namespace": "kube-node-lease",
            "uid": uid,
            "creationTimestamp": format_rfc3339(born),
            "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node, "uid": node_uid}],
        },
        "spec": {"holderIdentity": node, "leaseDurationSeconds": 40, "renewTime": format_rfc3339_micro(now - 3)},
    })
}

#[allow(clippy::too_many_arguments)]
fn lease(
    ns: &str,
    name: &str,
    uid: &str,
    labels: Value,
    holder: &str,
    duration: u32,
    renewed: i64,
    born: i64,
) -> Value {
    json!({
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {"name": name, "namespace": ns, "uid": uid, "creationTimestamp": format_rfc3339(born), "labels": labels},
        "spec": {
            "holderIdentity": holder,
            "leaseDurationSeconds": duration,
            "acquireTime": format_rfc3339_micro(born),
            "renewTime": format_rfc3339_micro(renewed),
            "leaseTransitions": 0,
        },
    })
}

fn kubernetes_service(cp_ips: &[&str], next_uid: &mut impl FnMut() -> String, born: i64) -> Vec<Value> {
    let born = format_rfc3339(born);
    let addresses: Vec<Value> = cp_ips.iter().map(|ip| json!({"ip": ip})).collect();
    let endpoints: Vec<Value> = cp_ips
        .iter()
        .map(|ip| json!({"addresses": [ip], "conditions": {"ready": true}}))
        .collect();
    vec![
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "kubernetes", "namespace": "default", "uid": next_uid(), "creationTimestamp": born,
                "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"], "internalTrafficPolicy": "Cluster",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
                "sessionAffinity": "None", "type": "ClusterIP"},
            "status": {"loadBalancer": {}},
        }),
        json!({
            "apiVersion": "v1",
            "kind": "Endpoints",
            "metadata": {"name": "kubernetes", "namespace": "default", "uid": next_uid(), "creationTimestamp": born,
                "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
            "subsets": [{"addresses": addresses, "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}],
        }),
        json!({
            "apiVersion": "discovery.k8s.io/v1",
            "kind": "EndpointSlice",
            "metadata": {"name": "kubernetes", "namespace": "default", "uid": next_uid(), "creationTimestamp": born,
                "labels": {"kubernetes.io/service-name": "kubernetes"}},
            "addressType": "IPv4",
            "endpoints": endpoints,
            "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}],
        }),
    ]
}

fn static_pod(component: &str, node: &NodeRef, version: &str, uid: &str, born: i64) -> Value {
    let image = if component == "etcd" {
        "registry.k8s.io/etcd:3.6.5-0".to_owned()
    } else {
        format!("registry.k8s.io/{component}:{version}")
    };
    let hash = format!(
        "{:032x}",
        u128::from(mix(node.index ^ component.len() as u64)) << 64 | u128::from(mix(node.index))
    );
    let started = format_rfc3339(born + 30);
    let cpu = match component {
        "kube-apiserver" => "250m",
        "kube-controller-manager" => "200m",
        _ => "100m",
    };
    let mut annotations = json!({
        "kubernetes.io/config.hash": hash,
        "kubernetes.io/config.mirror": hash,
        "kubernetes.io/config.seen": format_rfc3339(born),
        "kubernetes.io/config.source": "file",
    });
    if component == "kube-apiserver" {
        set(
            &mut annotations,
            "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint",
            json!(format!("{}:6443", node.ip)),
        );
    } else if component == "etcd" {
        set(
            &mut annotations,
            "kubeadm.kubernetes.io/etcd.advertise-client-urls",
            json!(format!("https://{}:2379", node.ip)),
        );
    }
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": format!("{component}-{}", node.name),
            "namespace": "kube-system",
            "uid": uid,
            "creationTimestamp": format_rfc3339(born),
            "labels": {"component": component, "tier": "control-plane"},
            "annotations": annotations,
            "ownerReferences": [{"apiVersion": "v1", "controller": true, "kind": "Node", "name": node.name, "uid": node.uid}],
        },
        "spec": {
            "containers": [{
                "name": component,
                "image": image,
                "imagePullPolicy": "IfNotPresent",
                "command": [component],
                "resources": {"requests": {"cpu": cpu}},
                "livenessProbe": {"failureThreshold": 8, "httpGet": {"host": node.ip, "path": "/livez", "port": 10259, "scheme": "HTTPS"},
                    "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 15},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
            }],
            "dnsPolicy": "ClusterFirst",
            "enableServiceLinks": true,
            "hostNetwork": true,
            "nodeName": node.name,
            "preemptionPolicy": "PreemptLowerPriority",
            "priority": 2_000_001_000,
            "priorityClassName": "system-node-critical",
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "terminationGracePeriodSeconds": 30,
            "tolerations": [{"effect": "NoExecute", "operator": "Exists"}],
        },
        "status": running_status(&node.ip, &node.ip, born, &started, &[(component, &image)], "Burstable"),
    })
}

fn running_status(
    host_ip: &str,
    pod_ip: &str,
    born: i64,
    started: &str,
    containers: &[(&str, &str)],
    qos: &str,
) -> Value {
    let t = format_rfc3339(born);
    let cond =
        |ty: &str| json!({"lastProbeTime": null, "lastTransitionTime": t, "status": "True", "type": ty});
    let statuses: Vec<Value> = containers
        .iter()
        .map(|(name, image)| {
            json!({
                "containerID": format!("containerd://{:016x}{:016x}", mix(born as u64 ^ name.len() as u64), mix(pod_ip.len() as u64 ^ born as u64)),
                "image": image,
                "imageID": format!("{image}@sha256:{:016x}{:016x}{:016x}{:016x}", mix(1), mix(image.len() as u64), mix(3), mix(4)),
                "name": name,
                "ready": true,
                "restartCount": 0,
                "started": true,
                "state": {"running": {"startedAt": started}},
            })
        })
        .collect();
    json!({
        "conditions": [cond("Initialized"), cond("Ready"), cond("ContainersReady"), cond("PodScheduled")],
        "containerStatuses": statuses,
        "hostIP": host_ip,
        "phase": "Running",
        "podIP": pod_ip,
        "podIPs": [{"ip": pod_ip}],
        "qosClass": qos,
        "startTime": t,
    })
}

fn kube_proxy_daemonset(uid: &str, nodes: u64, version: &str, born: i64) -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "kube-proxy", "namespace": "kube-system", "uid": uid, "generation": 1,
            "creationTimestamp": format_rfc3339(born), "labels": {"k8s-app": "kube-proxy"},
            "annotations": {"deprecated.daemonset.template.generation": "1"}},
        "spec": {
            "revisionHistoryLimit": 10,
            "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-proxy"}},
                "spec": kube_proxy_pod_spec(None, version),
            },
            "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"},
        },
        "status": {"currentNumberScheduled": nodes, "desiredNumberScheduled": nodes, "numberAvailable": nodes,
            "numberMisscheduled": 0, "numberReady": nodes, "observedGeneration": 1, "updatedNumberScheduled": nodes},
    })
}

fn kube_proxy_pod_spec(node: Option<&str>, version: &str) -> Value {
    let mut spec = json!({
        "containers": [{
            "name": "kube-proxy",
            "image": format!("registry.k8s.io/kube-proxy:{version}"),
            "imagePullPolicy": "IfNotPresent",
            "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
            "env": [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}],
            "resources": {},
            "securityContext": {"privileged": true},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "volumeMounts": [{"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": true}],
        }],
        "dnsPolicy": "ClusterFirst",
        "hostNetwork": true,
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "priorityClassName": "system-node-critical",
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "serviceAccountName": "kube-proxy",
        "terminationGracePeriodSeconds": 30,
        "tolerations": [{"operator": "Exists"}],
        "volumes": [{"hostPath": {"path": "/lib/modules", "type": ""}, "name": "lib-modules"}],
    });
    if let Some(node) = node {
        set(&mut spec, "nodeName", json!(node));
        set(
            &mut spec,
            "affinity",
            json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}]}}}),
        );
        set(&mut spec, "priority", json!(2_000_001_000));
    }
    spec
}

fn kube_proxy_pod(name: &str, uid: &str, ds_uid: &str, node: &NodeRef, version: &str, born: i64) -> Value {
    let image = format!("registry.k8s.io/kube-proxy:{version}");
    let started = format_rfc3339(born + 45);
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "generateName": "kube-proxy-",
            "namespace": "kube-system",
            "uid": uid,
            "creationTimestamp": format_rfc3339(born),
            "labels": {"controller-revision-hash": "7b9c6d5f8d", "k8s-app": "kube-proxy", "pod-template-generation": "1"},
            "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                "kind": "DaemonSet", "name": "kube-proxy", "uid": ds_uid}],
        },
        "spec": kube_proxy_pod_spec(Some(&node.name), version),
        "status": running_status(&node.ip, &node.ip, born, &started, &[("kube-proxy", &image)], "BestEffort"),
    })
}

/// One generated Deployment with what its ReplicaSet and Pods share.
struct Workload {
    ns: String,
    name: String,
    rs_name: String,
    hash: String,
    replicas: u64,
    deploy_uid: String,
    rs_uid: String,
    born: i64,
    container: Value,
    service_account: String,
    cpu_millis: u64,
    memory_mi: u64,
    image: String,
}

impl Workload {
    #[allow(clippy::too_many_arguments)]
    fn new(
        ns: &str,
        name: &str,
        d: u64,
        replicas: u64,
        rng: &mut Rng,
        seed: u64,
        cluster_born: i64,
        now: i64,
    ) -> Self {
        let hash = encode(mix(seed ^ d.wrapping_mul(31)), 10);
        let cpu_millis = [50u64, 100, 200]
            .get(usize::try_from(rng.below(3)).unwrap_or(0))
            .copied()
            .unwrap_or(100);
        let memory_mi = [64u64, 128, 256]
            .get(usize::try_from(rng.below(3)).unwrap_or(0))
            .copied()
            .unwrap_or(128);
        let age_days = 1 + i64::try_from(rng.below(60)).unwrap_or(0);
        let born = (now - age_days * DAY).max(cluster_born);
        let system = ns == "kube-system";
        let image = if system {
            "registry.k8s.io/coredns/coredns:v1.12.1".to_owned()
        } else {
            format!(
                "registry.example.com/{ns}/{name}:1.{}.{}",
                rng.below(20),
                rng.below(10)
            )
        };
        let port = if system { 8181 } else { 8080 };
        let container = json!({
            "name": if system { "coredns" } else { "app" },
            "image": image,
            "imagePullPolicy": "IfNotPresent",
            "ports": [{"containerPort": port, "name": "http", "protocol": "TCP"}],
            "resources": {
                "requests": {"cpu": format!("{cpu_millis}m"), "memory": format!("{memory_mi}Mi")},
                "limits": {"memory": format!("{}Mi", memory_mi * 2)},
            },
            "readinessProbe": {"failureThreshold": 3, "httpGet": {"path": "/ready", "port": port, "scheme": "HTTP"},
                "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1},
            "livenessProbe": {"failureThreshold": 5, "httpGet": {"path": "/health", "port": port, "scheme": "HTTP"},
                "initialDelaySeconds": 10, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 5},
            "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                "runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
        });
        Workload {
            ns: ns.to_owned(),
            name: name.to_owned(),
            rs_name: format!("{name}-{hash}"),
            hash,
            replicas,
            deploy_uid: uid(seed, TAG_DEPLOY, d),
            rs_uid: uid(seed, TAG_RS, d),
            born,
            container,
            service_account: if d.is_multiple_of(3) {
                "default".to_owned()
            } else {
                name.to_owned()
            },
            cpu_millis,
            memory_mi,
            image,
        }
    }

    fn labels(&self, with_hash: bool) -> Value {
        let key = if self.ns == "kube-system" {
            "k8s-app"
        } else {
            "app"
        };
        let value = if self.ns == "kube-system" {
            "kube-dns"
        } else {
            self.name.as_str()
        };
        if with_hash {
            json!({key: value, "pod-template-hash": self.hash})
        } else {
            json!({key: value})
        }
    }

    fn pod_spec(&self) -> Value {
        json!({
            "containers": [self.container.clone()],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "serviceAccountName": self.service_account,
            "terminationGracePeriodSeconds": 30,
        })
    }

    fn status(&self) -> Value {
        let t = format_rfc3339(self.born + 60);
        json!({
            "availableReplicas": self.replicas, "observedGeneration": 1, "readyReplicas": self.replicas,
            "replicas": self.replicas, "updatedReplicas": self.replicas,
            "conditions": [
                {"lastTransitionTime": t, "lastUpdateTime": t, "message": "Deployment has minimum availability.",
                    "reason": "MinimumReplicasAvailable", "status": "True", "type": "Available"},
                {"lastTransitionTime": t, "lastUpdateTime": t,
                    "message": format!("ReplicaSet \"{}\" has successfully progressed.", self.rs_name),
                    "reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"},
            ],
        })
    }

    fn deployment(&self) -> Value {
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": self.name, "namespace": self.ns, "uid": self.deploy_uid, "generation": 1,
                "creationTimestamp": format_rfc3339(self.born), "labels": self.labels(false),
                "annotations": {"deployment.kubernetes.io/revision": "1"}},
            "spec": {
                "progressDeadlineSeconds": 600,
                "replicas": self.replicas,
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": self.labels(false)},
                "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                "template": {"metadata": {"labels": self.labels(false)}, "spec": self.pod_spec()},
            },
            "status": self.status(),
        })
    }

    fn replica_set(&self) -> Value {
        let r = self.replicas;
        json!({
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": self.rs_name, "namespace": self.ns, "uid": self.rs_uid, "generation": 1,
                "creationTimestamp": format_rfc3339(self.born), "labels": self.labels(true),
                "annotations": {"deployment.kubernetes.io/desired-replicas": r.to_string(),
                    "deployment.kubernetes.io/max-replicas": (r + r.div_ceil(4)).to_string(),
                    "deployment.kubernetes.io/revision": "1"},
                "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                    "kind": "Deployment", "name": self.name, "uid": self.deploy_uid}],
            },
            "spec": {
                "replicas": r,
                "selector": {"matchLabels": self.labels(true)},
                "template": {"metadata": {"labels": self.labels(true)}, "spec": self.pod_spec()},
            },
            "status": {"availableReplicas": r, "fullyLabeledReplicas": r, "observedGeneration": 1, "readyReplicas": r, "replicas": r},
        })
    }

    fn pdb(&self, uid: &str) -> Value {
        let r = self.replicas;
        let t = format_rfc3339(self.born + 60);
        json!({
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": {"name": self.name, "namespace": self.ns, "uid": uid, "generation": 1,
                "creationTimestamp": format_rfc3339(self.born)},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": self.labels(false)}},
            "status": {"currentHealthy": r, "desiredHealthy": r - 1, "disruptionsAllowed": 1, "expectedPods": r,
                "observedGeneration": 1,
                "conditions": [{"lastTransitionTime": t, "message": "", "observedGeneration": 1,
                    "reason": "SufficientPods", "status": "True", "type": "DisruptionAllowed"}]},
        })
    }

    /// What every pod of this workload shares, built once.
    fn pod_template(&self) -> PodTemplate {
        let mut spec = self.pod_spec();
        set(&mut spec, "enableServiceLinks", Value::Bool(true));
        set(&mut spec, "preemptionPolicy", json!("PreemptLowerPriority"));
        set(&mut spec, "priority", json!(0));
        let container_name = if self.ns == "kube-system" {
            "coredns"
        } else {
            "app"
        };
        let started = format_rfc3339(self.born + 20);
        PodTemplate {
            generate_name: format!("{}-", self.rs_name),
            born: format_rfc3339(self.born),
            labels: self.labels(true),
            owners: json!([{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                "kind": "ReplicaSet", "name": self.rs_name, "uid": self.rs_uid}]),
            spec,
            status: running_status(
                "",
                "",
                self.born,
                &started,
                &[(container_name, &self.image)],
                "Burstable",
            ),
        }
    }
}

/// The shared parts of one workload's pods.
struct PodTemplate {
    generate_name: String,
    born: String,
    labels: Value,
    owners: Value,
    spec: Value,
    status: Value,
}

impl PodTemplate {
    /// A pod named `name` on `host`: clones of the shared parts plus the
    /// per-pod fields, with no JSON text or serde round trip in between.
    fn pod(&self, ns: &str, name: &str, uid: String, host: &mut NodeRef) -> Value {
        let pod_ip = host.next_pod_ip();
        let mut spec = self.spec.clone();
        set(&mut spec, "nodeName", Value::String(host.name.clone()));
        let mut status = self.status.clone();
        set(&mut status, "hostIP", Value::String(host.ip.clone()));
        set(&mut status, "podIPs", json!([{ "ip": pod_ip }]));
        set(&mut status, "podIP", Value::String(pod_ip));
        let metadata = object([
            ("name", Value::String(name.to_owned())),
            ("generateName", Value::String(self.generate_name.clone())),
            ("namespace", Value::String(ns.to_owned())),
            ("uid", Value::String(uid)),
            ("creationTimestamp", Value::String(self.born.clone())),
            ("labels", self.labels.clone()),
            ("ownerReferences", self.owners.clone()),
        ]);
        object([
            ("apiVersion", Value::String("v1".to_owned())),
            ("kind", Value::String("Pod".to_owned())),
            ("metadata", metadata),
            ("spec", spec),
            ("status", status),
        ])
    }
}

/// A JSON object from (key, value) pairs, moving the values in.
fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// Sets `key` of `obj` when it is an object.
fn set(obj: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = obj {
        map.insert(key.to_owned(), value);
    }
}

fn resource_quota(ns: &str, uid: &str, pods: u64, cpu: u64, mem: u64, headroom_pct: u64, born: i64) -> Value {
    let hard = |used: u64| (used * headroom_pct).div_ceil(100).max(1);
    let hard_cpu = hard(cpu).div_ceil(1000);
    let hard_mem = hard(mem).div_ceil(1024);
    let hard_pods = hard(pods).max(10);
    json!({
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": {"name": "compute", "namespace": ns, "uid": uid, "creationTimestamp": format_rfc3339(born)},
        "spec": {"hard": {"pods": hard_pods.to_string(), "requests.cpu": hard_cpu.to_string(), "requests.memory": format!("{hard_mem}Gi")}},
        "status": {
            "hard": {"pods": hard_pods.to_string(), "requests.cpu": hard_cpu.to_string(), "requests.memory": format!("{hard_mem}Gi")},
            "used": {"pods": pods.to_string(), "requests.cpu": format!("{cpu}m"), "requests.memory": format!("{mem}Mi")},
        },
    })
}

fn default_deny(ns: &str, uid: &str, born: i64) -> Value {
    json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "default-deny-ingress", "namespace": ns, "uid": uid, "generation": 1,
            "creationTimestamp": format_rfc3339(born)},
        "spec": {"podSelector": {}, "policyTypes": ["Ingress"]},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use helpers::*;

    /// Small helpers over generated objects.
    mod helpers {
        use serde_json::Value;
        pub fn kind(v: &Value) -> &str {
            v.get("kind").and_then(Value::as_str).unwrap_or_default()
        }
        pub fn count(objs: &[Value], k: &str) -> usize {
            objs.iter().filter(|o| kind(o) == k).count()
        }
        pub fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
            let mut cur = v;
            for p in path {
                cur = match cur.get(p) {
                    Some(c) => c,
                    None => return "",
                };
            }
            cur.as_str().unwrap_or_default()
        }
    }

    const NOW: i64 = 1_800_000_000;

    fn settings(nodes: u32, ppn: u32) -> Generate {
        Generate {
            nodes,
            pods_per_node: ppn,
            ..Generate::default()
        }
    }

    #[test]
    fn counts_are_exact() {
        for (nodes, ppn, cp) in [(20, 10, 3), (7, 13, 1), (3, 12, 3), (1, 5, 1), (50, 30, 5)] {
            let g = Generate {
                control_plane_nodes: cp,
                ..settings(nodes, ppn)
            };
            assert_eq!(g.validate(), Ok(()), "{nodes}/{ppn}/{cp}");
            let objs = generate(&g, "v1.35.0", NOW);
            let expected = expected_counts(&g);
            assert_eq!(count(&objs, "Node") as u64, expected.nodes);
            assert_eq!(count(&objs, "Pod") as u64, expected.pods, "{nodes}/{ppn}/{cp}");
            assert_eq!(count(&objs, "Deployment") as u64, expected.deployments);
            assert_eq!(count(&objs, "ReplicaSet") as u64, expected.deployments);
            assert_eq!(count(&objs, "Namespace") as u64, expected.namespaces);
            let cp_nodes = objs
                .iter()
                .filter(|o| {
                    kind(o) == "Node"
                        && o["metadata"]["labels"]
                            .get("node-role.kubernetes.io/control-plane")
                            .is_some()
                })
                .count();
            assert_eq!(cp_nodes as u32, cp);
        }
        assert!(generate(&settings(0, 10), "v1.35.0", NOW).is_empty());
    }

    #[test]
    fn deterministic_and_seed_sensitive() {
        let a = generate(&settings(10, 10), "v1.35.0", NOW);
        let b = generate(&settings(10, 10), "v1.35.0", NOW);
        assert_eq!(a, b);
        let c = generate(
            &Generate {
                seed: 2,
                ..settings(10, 10)
            },
            "v1.35.0",
            NOW,
        );
        assert_ne!(a, c);
        assert_eq!(count(&a, "Pod"), count(&c, "Pod"));
    }

    #[test]
    fn uids_and_names_are_unique() {
        let objs = generate(&settings(40, 20), "v1.35.0", NOW);
        let mut uids: Vec<&str> = objs.iter().map(|o| s(o, &["metadata", "uid"])).collect();
        let n = uids.len();
        assert!(uids.iter().all(|u| u.len() == 36 && u.as_bytes()[14] == b'4'));
        uids.sort_unstable();
        uids.dedup();
        assert_eq!(uids.len(), n);
        let mut ids: Vec<(&str, &str, &str)> = objs
            .iter()
            .map(|o| {
                (
                    kind(o),
                    s(o, &["metadata", "namespace"]),
                    s(o, &["metadata", "name"]),
                )
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn ownership_chain_and_placement() {
        let objs = generate(&settings(12, 15), "v1.35.0", NOW);
        let by_uid = |u: &str| objs.iter().find(|o| s(o, &["metadata", "uid"]) == u);
        let nodes: Vec<&Value> = objs.iter().filter(|o| kind(o) == "Node").collect();
        let mut per_node = std::collections::BTreeMap::<&str, u64>::new();
        for pod in objs.iter().filter(|o| kind(o) == "Pod") {
            let node = s(pod, &["spec", "nodeName"]);
            assert!(
                nodes.iter().any(|n| s(n, &["metadata", "name"]) == node),
                "pod on unknown node {node}"
            );
            *per_node.entry(node).or_default() += 1;
            let owner = &pod["metadata"]["ownerReferences"][0];
            let owner_obj = by_uid(s(owner, &["uid"]))
                .unwrap_or_else(|| panic!("dangling owner of {}", s(pod, &["metadata", "name"])));
            assert_eq!(kind(owner_obj), s(owner, &["kind"]));
            if kind(owner_obj) == "ReplicaSet" {
                let hash = s(owner_obj, &["metadata", "labels", "pod-template-hash"]);
                assert_eq!(s(pod, &["metadata", "labels", "pod-template-hash"]), hash);
                let dep = by_uid(s(&owner_obj["metadata"]["ownerReferences"][0], &["uid"])).unwrap();
                assert_eq!(kind(dep), "Deployment");
                assert_eq!(
                    s(pod, &["metadata", "namespace"]),
                    s(dep, &["metadata", "namespace"])
                );
                assert!(!s(pod, &["spec", "nodeName"]).starts_with("control-plane"));
            }
        }
        // Every node holds a kube-proxy pod; workers are evenly loaded.
        for n in &nodes {
            let name = s(n, &["metadata", "name"]);
            let proxies = objs
                .iter()
                .filter(|o| {
                    kind(o) == "Pod"
                        && s(o, &["spec", "nodeName"]) == name
                        && s(o, &["metadata", "labels", "k8s-app"]) == "kube-proxy"
                })
                .count();
            assert_eq!(proxies, 1, "{name}");
        }
        let worker_loads: Vec<u64> = per_node
            .iter()
            .filter(|(n, _)| n.starts_with("worker"))
            .map(|(_, c)| *c)
            .collect();
        let (min, max) = (
            worker_loads.iter().min().unwrap(),
            worker_loads.iter().max().unwrap(),
        );
        assert!(max - min <= 1, "{worker_loads:?}");
    }

    #[test]
    fn zones_control_plane_and_leases() {
        let objs = generate(&settings(9, 10), "v1.35.0", NOW);
        let zone_of = |n: &Value| s(n, &["metadata", "labels", "topology.kubernetes.io/zone"]).to_owned();
        let cp: Vec<String> = objs
            .iter()
            .filter(|o| kind(o) == "Node" && s(o, &["metadata", "name"]).starts_with("control-plane"))
            .map(zone_of)
            .collect();
        assert_eq!(cp, vec!["region-1a", "region-1b", "region-1c"]);
        let tainted = objs
            .iter()
            .filter(|o| kind(o) == "Node" && o["spec"].get("taints").is_some())
            .count();
        assert_eq!(tainted, 3);
        let statics = objs
            .iter()
            .filter(|o| s(o, &["metadata", "labels", "tier"]) == "control-plane")
            .count();
        assert_eq!(statics, 12);
        assert!(
            objs.iter()
                .filter(|o| s(o, &["metadata", "labels", "tier"]) == "control-plane")
                .all(|p| p["metadata"]["annotations"]
                    .get("kubernetes.io/config.mirror")
                    .is_some())
        );
        let identity = objs
            .iter()
            .filter(|o| {
                kind(o) == "Lease"
                    && s(o, &["metadata", "labels", "apiserver.kubernetes.io/identity"]) == "kube-apiserver"
            })
            .count();
        assert_eq!(identity, 3);
        for leader in ["kube-scheduler", "kube-controller-manager"] {
            let l = objs
                .iter()
                .find(|o| {
                    kind(o) == "Lease"
                        && s(o, &["metadata", "name"]) == leader
                        && s(o, &["metadata", "namespace"]) == "kube-system"
                })
                .unwrap();
            assert!(s(l, &["spec", "holderIdentity"]).starts_with("control-plane-1_"));
            assert!(s(l, &["spec", "renewTime"]).ends_with(".000000Z"));
        }
        let eps = objs.iter().find(|o| kind(o) == "EndpointSlice").unwrap();
        assert_eq!(eps["endpoints"].as_array().unwrap().len(), 3);
    }

    #[test]
    fn single_node_cluster_runs_workloads_on_the_untainted_control_plane() {
        let objs = generate(
            &Generate {
                control_plane_nodes: 1,
                ..settings(1, 10)
            },
            "v1.35.0",
            NOW,
        );
        assert_eq!(count(&objs, "Pod"), 10);
        assert!(
            objs.iter()
                .filter(|o| kind(o) == "Node")
                .all(|n| n["spec"].get("taints").is_none())
        );
    }

    #[test]
    fn replicas_split_exactly() {
        let mut rng = Rng::new(7);
        for (total, n) in [(0u64, 5usize), (1, 5), (2, 1), (100, 1), (101, 7), (144_988, 251)] {
            let split = split_replicas(total, n, &mut rng);
            assert_eq!(split.len(), n);
            assert_eq!(split.iter().sum::<u64>(), total, "{total}/{n}");
        }
    }

    #[test]
    fn suffixes_do_not_collide() {
        let mut seen: Vec<String> = (0..20_000).map(|i| suffix(12_345, i)).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 20_000);
        assert!(seen.iter().all(|s| s.len() == 5));
    }
}
