//! A small scheduler for the simulated cluster: where a recreated pod goes.
//! Honours `unschedulable`, node readiness, `nodeSelector`, taints and
//! tolerations and the node's pod capacity; spreads a workload's pods over
//! zones, then nodes.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::scheduler_fit::{self, Used};
use super::scheduler_node::NodeFit;

pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";

fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// Whether the node can take new pods at all.
pub fn node_schedulable(node: &Value) -> bool {
    NodeFit::of(node).schedulable()
}

/// Whether `pod` tolerates `taint` (a `PreferNoSchedule` one always).
pub fn tolerates(pod: &Value, taint: &Value) -> bool {
    let effect = taint["effect"].as_str().unwrap_or("");
    if effect == "PreferNoSchedule" {
        return true;
    }
    let Some(tols) = s(pod, &["spec", "tolerations"]).and_then(Value::as_array) else {
        return false;
    };
    tols.iter().any(|t| {
        let key_ok = match t["key"].as_str() {
            None | Some("") => t["operator"] == "Exists",
            Some(k) => Some(k) == taint["key"].as_str(),
        };
        let value_ok = t["operator"] == "Exists"
            || t["value"].as_str().unwrap_or("") == taint["value"].as_str().unwrap_or("");
        let effect_ok = match t["effect"].as_str() {
            None | Some("") => true,
            Some(e) => e == effect,
        };
        key_ok && value_ok && effect_ok
    })
}

/// Whether `pod` may run on `node` (ignoring capacity).
pub fn fits(pod: &Value, node: &Value) -> bool {
    fits_node(pod, &NodeFit::of(node))
}

/// [`fits`] on a node's summary.
pub fn fits_node(pod: &Value, node: &NodeFit) -> bool {
    labels_fit(pod, &node.labels) && node.taints.iter().all(|t| tolerates(pod, t))
}

/// Whether the node's labels satisfy the pod's `nodeSelector`.
pub fn selector_fits(pod: &Value, node: &Value) -> bool {
    labels_fit(pod, &NodeFit::of(node).labels)
}

/// Whether these node labels satisfy the pod's `nodeSelector`.
pub fn labels_fit(pod: &Value, labels: &Map<String, Value>) -> bool {
    s(pod, &["spec", "nodeSelector"])
        .and_then(Value::as_object)
        .is_none_or(|sel| sel.iter().all(|(k, v)| labels.get(k) == Some(v)))
}

/// The node for `pod`. `pods_per_node` counts the pods on each node;
/// `siblings_per_node` counts the pods of the same workload. `None` when no
/// node fits (the pod stays Pending, as on a real cluster).
pub fn pick_node<'a>(
    pod: &Value,
    nodes: &'a [&'a Value],
    pods_per_node: impl Fn(&str) -> usize,
    siblings_per_node: &HashMap<String, usize>,
) -> Option<&'a str> {
    let fits: Vec<(&str, NodeFit)> = nodes
        .iter()
        .filter_map(|n| Some((n["metadata"]["name"].as_str()?, NodeFit::of(n))))
        .collect();
    let summaries: Vec<(&str, &NodeFit)> = fits.iter().map(|(n, f)| (*n, f)).collect();
    pick(pod, &summaries, pods_per_node, siblings_per_node)
}

/// [`pick_node`] over the nodes' summaries, by name.
pub fn pick<'a>(
    pod: &Value,
    nodes: &[(&'a str, &NodeFit)],
    pods_per_node: impl Fn(&str) -> usize,
    siblings_per_node: &HashMap<String, usize>,
) -> Option<&'a str> {
    let mut siblings_per_zone: HashMap<&str, usize> = HashMap::new();
    for (name, n) in nodes {
        *siblings_per_zone.entry(n.zone()).or_default() += siblings_per_node.get(*name).copied().unwrap_or(0);
    }
    nodes
        .iter()
        .filter(|(_, n)| n.schedulable() && fits_node(pod, n))
        .filter_map(|(name, n)| {
            let used = pods_per_node(name);
            (used < n.capacity).then_some((n, *name, used))
        })
        .min_by_key(|(n, name, used)| {
            let zone = siblings_per_zone.get(n.zone()).copied().unwrap_or(0);
            let here = siblings_per_node.get(*name).copied().unwrap_or(0);
            (zone, here, *used, *name)
        })
        .map(|(_, name, _)| name)
}

/// Where `pod` goes among `nodes` (their summaries, by name), given what
/// each node runs (`used`) and where the pods of its workload are
/// (`siblings`): the node, or the scheduler's message saying why none.
pub fn place(
    pod: &Value,
    nodes: &[(&str, &NodeFit)],
    used: &HashMap<String, Used>,
    siblings: &HashMap<String, usize>,
) -> Result<String, String> {
    let asks = scheduler_fit::requests(pod);
    // One pass, as `pick` over the nodes passing the filters would do it:
    // the siblings per zone counted over those nodes, the candidates among
    // them that are schedulable, tolerate, match and have room.
    let mut siblings_per_zone: HashMap<&str, usize> = HashMap::new();
    let mut candidates: Vec<(&str, usize, usize, &str)> = Vec::new();
    for (name, n) in nodes {
        let u = used.get(*name).copied().unwrap_or_default();
        if !scheduler_fit::node_reasons_asking(pod, asks, n, u).0.is_empty() {
            continue;
        }
        let here = siblings.get(*name).copied().unwrap_or(0);
        *siblings_per_zone.entry(n.zone()).or_default() += here;
        let pods = usize::try_from(u.pods).unwrap_or(0);
        if n.schedulable() && fits_node(pod, n) && pods < n.capacity {
            candidates.push((n.zone(), here, pods, name));
        }
    }
    let best = candidates.into_iter().min_by_key(|(zone, here, pods, name)| {
        let zone = siblings_per_zone.get(zone).copied().unwrap_or(0);
        (zone, *here, *pods, *name)
    });
    if let Some((_, _, _, name)) = best {
        return Ok(name.to_string());
    }
    Err(scheduler_fit::explain_fits(pod, nodes, used).unwrap_or_else(|| {
        // Every node passes the filters but none is Ready: what the taints
        // a Ready-less node gets would say.
        let ready = nodes.iter().filter(|(_, n)| n.ready).count();
        format!(
            "0/{} nodes are available: {} node(s) were not ready.",
            nodes.len(),
            nodes.len() - ready
        )
    }))
}

#[cfg(test)]
#[path = "scheduler_place_tests.rs"]
mod place_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(name: &str, zone: &str) -> Value {
        json!({
            "metadata": {"name": name, "labels": {ZONE_LABEL: zone, "disk": "ssd"}},
            "spec": {},
            "status": {"conditions": [{"type": "Ready", "status": "True"}], "allocatable": {"pods": "110"}}
        })
    }

    fn at(m: &HashMap<String, usize>) -> impl Fn(&str) -> usize + '_ {
        |n| m.get(n).copied().unwrap_or(0)
    }

    fn counts(pairs: &[(&str, usize)]) -> HashMap<String, usize> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn spreads_over_zones_then_nodes() {
        let (a, b, c) = (node("a", "z1"), node("b", "z1"), node("c", "z2"));
        let nodes = [&a, &b, &c];
        let pod = json!({"spec": {}});
        // z1 has two siblings, z2 none: go to z2.
        let sib = counts(&[("a", 1), ("b", 1)]);
        assert_eq!(pick_node(&pod, &nodes, at(&HashMap::new()), &sib), Some("c"));
        // Equal zones: the node with fewer siblings, then fewer pods.
        let sib = counts(&[("a", 1), ("c", 1)]);
        assert_eq!(pick_node(&pod, &nodes, at(&counts(&[("b", 5)])), &sib), Some("b"));
    }

    #[test]
    fn skips_cordoned_not_ready_full_and_tainted() {
        let mut a = node("a", "z1");
        a["spec"]["unschedulable"] = json!(true);
        let mut b = node("b", "z1");
        b["status"]["conditions"][0]["status"] = json!("False");
        let mut c = node("c", "z1");
        c["status"]["allocatable"]["pods"] = json!("2");
        let mut d = node("d", "z1");
        d["spec"]["taints"] =
            json!([{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]);
        let nodes = [&a, &b, &c, &d];
        let pod = json!({"spec": {}});
        assert_eq!(
            pick_node(&pod, &nodes, at(&counts(&[("c", 2)])), &HashMap::new()),
            None
        );
        let tolerant = json!({"spec": {"tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}]}});
        assert_eq!(
            pick_node(&tolerant, &nodes, at(&counts(&[("c", 2)])), &HashMap::new()),
            Some("d")
        );
    }

    #[test]
    fn node_selector_must_match() {
        let a = node("a", "z1");
        let nodes = [&a];
        let hdd = json!({"spec": {"nodeSelector": {"disk": "hdd"}}});
        let ssd = json!({"spec": {"nodeSelector": {"disk": "ssd"}}});
        assert_eq!(
            pick_node(&hdd, &nodes, at(&HashMap::new()), &HashMap::new()),
            None
        );
        assert_eq!(
            pick_node(&ssd, &nodes, at(&HashMap::new()), &HashMap::new()),
            Some("a")
        );
    }
}
