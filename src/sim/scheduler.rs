//! A small scheduler for the simulated cluster: where a recreated pod goes.
//! Honours `unschedulable`, node readiness, `nodeSelector`, taints and
//! tolerations and the node's pod capacity; spreads a workload's pods over
//! zones, then nodes.

use std::collections::HashMap;

use serde_json::Value;

pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";

fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// Whether the node can take new pods at all.
pub fn node_schedulable(node: &Value) -> bool {
    let cordoned = s(node, &["spec", "unschedulable"])
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let ready = s(node, &["status", "conditions"])
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| c["type"] == "Ready" && c["status"] == "True"));
    !cordoned && ready
}

fn tolerates(pod: &Value, taint: &Value) -> bool {
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
    let selector_ok = selector_fits(pod, node);
    let taints_ok = s(node, &["spec", "taints"])
        .and_then(Value::as_array)
        .is_none_or(|ts| ts.iter().all(|t| tolerates(pod, t)));
    selector_ok && taints_ok
}

/// Whether the node's labels satisfy the pod's `nodeSelector`.
pub fn selector_fits(pod: &Value, node: &Value) -> bool {
    let labels = &node["metadata"]["labels"];
    s(pod, &["spec", "nodeSelector"])
        .and_then(Value::as_object)
        .is_none_or(|sel| sel.iter().all(|(k, v)| labels.get(k) == Some(v)))
}

fn capacity(node: &Value) -> usize {
    s(node, &["status", "allocatable", "pods"])
        .and_then(|v| {
            v.as_str()
                .and_then(|p| p.parse().ok())
                .or(v.as_u64().map(|n| n as usize))
        })
        .unwrap_or(110)
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
    let zone_of = |n: &'a Value| n["metadata"]["labels"][ZONE_LABEL].as_str().unwrap_or("");
    let mut siblings_per_zone: HashMap<&str, usize> = HashMap::new();
    for n in nodes {
        let name = n["metadata"]["name"].as_str().unwrap_or("");
        *siblings_per_zone.entry(zone_of(n)).or_default() +=
            siblings_per_node.get(name).copied().unwrap_or(0);
    }
    nodes
        .iter()
        .filter(|n| node_schedulable(n) && fits(pod, n))
        .filter_map(|n| {
            let name = n["metadata"]["name"].as_str()?;
            let used = pods_per_node(name);
            (used < capacity(n)).then_some((n, name, used))
        })
        .min_by_key(|(n, name, used)| {
            let zone = siblings_per_zone.get(zone_of(n)).copied().unwrap_or(0);
            let here = siblings_per_node.get(*name).copied().unwrap_or(0);
            (zone, here, *used, *name)
        })
        .map(|(_, name, _)| name)
}

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
