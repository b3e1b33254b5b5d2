//! The bulk generator: a realistic cluster from a `SimCluster` `generate`
//! block — nodes over zones, control-plane static pods and leases, a
//! kube-proxy DaemonSet, namespaces, Deployments with their ReplicaSets and
//! Pods, PodDisruptionBudgets and ResourceQuotas. Deterministic from the
//! seed; the cluster holds exactly `nodes × podsPerNode` pods.

use serde_json::{Value, json};

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

#[path = "generate_objects.rs"]
mod objects;
#[path = "generate_workload.rs"]
mod workload;

use objects::*;
use workload::*;

#[cfg(test)]
#[path = "generate_tests.rs"]
mod tests;
