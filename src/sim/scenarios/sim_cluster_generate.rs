//! The SimCluster `generate` block: how large a cluster to generate, and
//! its validation.

use serde::{Deserialize, Serialize};

use super::*;

/// Settings of the bulk generator (see `generate.rs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Generate {
    /// Nodes in total, control plane included.
    pub nodes: u32,
    /// Zones: a count (named `REGIONa`, `REGIONb`…) or a list of names.
    pub zones: NamesOrCount,
    /// The `topology.kubernetes.io/region` label.
    pub region: String,
    /// Control-plane nodes (tainted, with static pods), spread over zones.
    pub control_plane_nodes: u32,
    /// Average pods per node: the cluster holds exactly `nodes ×
    /// podsPerNode` pods, static and DaemonSet pods included.
    pub pods_per_node: u32,
    /// Workload namespaces: a count (named `team-01`…) or a list of names.
    pub namespaces: NamesOrCount,
    /// Deployments per workload namespace.
    pub workloads_per_namespace: u32,
    /// Seed of the generator: same seed, same cluster.
    pub seed: u64,
}

impl Default for Generate {
    fn default() -> Self {
        Generate {
            nodes: 0,
            zones: NamesOrCount::Count(3),
            region: "region-1".to_owned(),
            control_plane_nodes: 3,
            pods_per_node: 10,
            namespaces: NamesOrCount::Count(5),
            workloads_per_namespace: 4,
            seed: 1,
        }
    }
}

/// Static pods on each generated control-plane node.
pub const STATIC_PODS_PER_CONTROL_PLANE_NODE: u64 = 4;
/// Upper bound on generated nodes (a guard against typos).
pub const MAX_GENERATED_NODES: u32 = 100_000;
/// Upper bound on generated pods (a guard against typos).
pub const MAX_GENERATED_PODS: u64 = 2_000_000;
/// Namespaces the generator always creates and users cannot name.
pub const SYSTEM_NAMESPACES: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

impl Generate {
    /// Control-plane nodes actually generated (never more than `nodes`).
    pub fn control_plane_count(&self) -> u32 {
        self.control_plane_nodes.min(self.nodes)
    }

    /// Zone names.
    pub fn zone_names(&self) -> Vec<String> {
        self.zones.names(|i| {
            if i < 26 {
                let letter = char::from(b'a' + u8::try_from(i).unwrap_or(0));
                format!("{}{letter}", self.region)
            } else {
                format!("{}-zone{}", self.region, i + 1)
            }
        })
    }

    /// Workload namespace names.
    pub fn namespace_names(&self) -> Vec<String> {
        self.namespaces.names(|i| format!("team-{:02}", i + 1))
    }

    /// Total pods: `nodes × podsPerNode`.
    pub fn total_pods(&self) -> u64 {
        u64::from(self.nodes) * u64::from(self.pods_per_node)
    }

    /// Pods that are not Deployment pods: one DaemonSet pod per node, plus
    /// the static pods of the control plane.
    pub fn fixed_pods(&self) -> u64 {
        u64::from(self.nodes) + STATIC_PODS_PER_CONTROL_PLANE_NODE * u64::from(self.control_plane_count())
    }

    /// Checks the settings make a cluster the generator can build.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.nodes == 0 {
            return Ok(());
        }
        if self.nodes > MAX_GENERATED_NODES {
            return Err(field_err(
                &["generate", "nodes"],
                format!(
                    "{} nodes is more than the generator makes ({MAX_GENERATED_NODES})",
                    self.nodes
                ),
            ));
        }
        if self.control_plane_nodes == 0 {
            return Err(field_err(
                &["generate", "controlPlaneNodes"],
                "a cluster needs at least 1 control-plane node",
            ));
        }
        if self.control_plane_nodes > self.nodes {
            return Err(field_err(
                &["generate", "controlPlaneNodes"],
                format!(
                    "{} control-plane nodes but only {} nodes",
                    self.control_plane_nodes, self.nodes
                ),
            ));
        }
        let zones = self.zone_names();
        if zones.is_empty() {
            return Err(field_err(&["generate", "zones"], "at least one zone is needed"));
        }
        if let Some(bad) = zones.iter().find(|z| !is_label_value(z)) {
            return Err(field_err(
                &["generate", "zones"],
                format!("{bad:?} is not a valid label value"),
            ));
        }
        if !is_label_value(&self.region) || self.region.is_empty() {
            return Err(field_err(
                &["generate", "region"],
                format!("{:?} is not a valid label value", self.region),
            ));
        }
        if has_duplicates(&zones) {
            return Err(field_err(&["generate", "zones"], "zone names must be distinct"));
        }
        if self.total_pods() > MAX_GENERATED_PODS {
            return Err(field_err(
                &["generate", "podsPerNode"],
                format!(
                    "{} pods in total is more than the generator makes ({MAX_GENERATED_PODS})",
                    self.total_pods()
                ),
            ));
        }
        if self.total_pods() < self.fixed_pods() {
            let minimum = self.fixed_pods().div_ceil(u64::from(self.nodes));
            return Err(field_err(
                &["generate", "podsPerNode"],
                format!(
                    "{} is too few: each node runs a DaemonSet pod and control-plane nodes 4 static pods; use at least {minimum}",
                    self.pods_per_node
                ),
            ));
        }
        let namespaces = self.namespace_names();
        if let Some(bad) = namespaces.iter().find(|n| !is_dns_label(n)) {
            return Err(field_err(
                &["generate", "namespaces"],
                format!("{bad:?} is not a valid namespace name"),
            ));
        }
        if let Some(bad) = namespaces
            .iter()
            .find(|n| SYSTEM_NAMESPACES.contains(&n.as_str()))
        {
            return Err(field_err(
                &["generate", "namespaces"],
                format!("{bad} is generated anyway; name workload namespaces only"),
            ));
        }
        if has_duplicates(&namespaces) {
            return Err(field_err(
                &["generate", "namespaces"],
                "namespace names must be distinct",
            ));
        }
        let workload_pods = self.total_pods() - self.fixed_pods();
        if workload_pods > 0 && (namespaces.is_empty() || self.workloads_per_namespace == 0) {
            return Err(field_err(
                &["generate", "workloadsPerNamespace"],
                format!(
                    "{workload_pods} workload pods need at least one namespace and one workload per namespace"
                ),
            ));
        }
        Ok(())
    }
}

fn has_duplicates(names: &[String]) -> bool {
    let mut sorted: Vec<&String> = names.iter().collect();
    sorted.sort();
    sorted.windows(2).any(|w| w.first() == w.get(1))
}

/// A count of things to name automatically, or the names themselves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NamesOrCount {
    /// This many, named automatically.
    Count(u32),
    /// These names.
    Names(Vec<String>),
}

/// Upper bound on a `NamesOrCount` count.
pub const MAX_NAMED_COUNT: u32 = 10_000;

impl NamesOrCount {
    fn names(&self, auto: impl Fn(usize) -> String) -> Vec<String> {
        match self {
            NamesOrCount::Count(n) => (0..usize::try_from(*n).unwrap_or(0)).map(auto).collect(),
            NamesOrCount::Names(names) => names.clone(),
        }
    }
}

impl Serialize for NamesOrCount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NamesOrCount::Count(n) => s.serialize_u32(*n),
            NamesOrCount::Names(names) => names.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for NamesOrCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NamesOrCount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a count or a list of names")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NamesOrCount, E> {
                match u32::try_from(v) {
                    Ok(n) if n <= MAX_NAMED_COUNT => Ok(NamesOrCount::Count(n)),
                    _ => Err(E::custom(format!("{v} is more than {MAX_NAMED_COUNT}"))),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NamesOrCount, E> {
                Err(E::custom(format!(
                    "{v} is negative: give a count or a list of names"
                )))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<NamesOrCount, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(NamesOrCount::Names(names))
            }
        }
        d.deserialize_any(V)
    }
}
