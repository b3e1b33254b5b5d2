//! Placement from the nodes' summaries (`NodeFit`, kept by the store's
//! index) against placement from the nodes' objects as the sim did it
//! before (the reference below is that code, kept verbatim): the same node
//! or the same message, over random nodes, pods and usage; and the
//! summaries the store keeps equal to a fresh read of each node after
//! writes.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use super::{ZONE_LABEL, place};
use crate::sim::objects::patch::PatchType;
use crate::sim::objects::store::{ResourceType, Store};
use crate::sim::scheduler_fit::{Used, millicores, quantity, requests};
use crate::sim::scheduler_node::NodeFit;

/// The placement of before, from the nodes' objects (reference).
mod reference {
    use super::*;

    fn s<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
        path.iter().try_fold(v, |v, k| v.get(k))
    }

    fn node_schedulable(node: &Value) -> bool {
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

    fn fits(pod: &Value, node: &Value) -> bool {
        let taints_ok = s(node, &["spec", "taints"])
            .and_then(Value::as_array)
            .is_none_or(|ts| ts.iter().all(|t| tolerates(pod, t)));
        selector_fits(pod, node) && taints_ok
    }

    fn selector_fits(pod: &Value, node: &Value) -> bool {
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

    fn pick_node<'a>(
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

    fn allocatable<'a>(node: &'a Value, res: &str) -> Option<&'a Value> {
        node.get("status")?.get("allocatable")?.get(res)
    }

    fn node_reasons(pod: &Value, node: &Value, used: Used) -> (Vec<String>, bool) {
        if node.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
            return (vec!["node(s) were unschedulable".into()], false);
        }
        let untolerated = node
            .pointer("/spec/taints")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|t| matches!(t["effect"].as_str(), Some("NoSchedule" | "NoExecute")))
            .find(|t| !fits(pod, &json!({"spec": {"taints": [t]}})));
        if let Some(t) = untolerated {
            let (k, v) = (t["key"].as_str().unwrap_or(""), t["value"].as_str().unwrap_or(""));
            return (vec![format!("node(s) had untolerated taint {{{k}: {v}}}")], false);
        }
        if !selector_fits(pod, node) {
            return (
                vec!["node(s) didn't match Pod's node affinity/selector".into()],
                false,
            );
        }
        let (cpu, mem) = requests(pod);
        let mut out = Vec::new();
        let max_pods = allocatable(node, "pods").and_then(quantity).unwrap_or(110);
        if used.pods + 1 > max_pods {
            out.push("Too many pods".to_string());
        }
        if cpu > 0
            && allocatable(node, "cpu")
                .and_then(millicores)
                .is_some_and(|a| used.cpu + cpu > a)
        {
            out.push("Insufficient cpu".to_string());
        }
        if mem > 0
            && allocatable(node, "memory")
                .and_then(quantity)
                .is_some_and(|a| used.mem + mem > a)
        {
            out.push("Insufficient memory".to_string());
        }
        (out, true)
    }

    fn histogram(counts: &BTreeMap<String, usize>) -> String {
        let mut parts: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
        parts.sort();
        parts.join(", ")
    }

    fn explain(pod: &Value, nodes: &[&Value], used: &HashMap<String, Used>) -> Option<String> {
        let mut filter: BTreeMap<String, usize> = BTreeMap::new();
        let mut preempt: BTreeMap<String, usize> = BTreeMap::new();
        for n in nodes {
            let name = n.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
            let (reasons, resolvable) = node_reasons(pod, n, used.get(name).copied().unwrap_or_default());
            if reasons.is_empty() {
                return None;
            }
            for r in reasons {
                *filter.entry(r).or_default() += 1;
            }
            let verdict = if resolvable {
                "No preemption victims found for incoming pod"
            } else {
                "Preemption is not helpful for scheduling"
            };
            *preempt.entry(verdict.to_string()).or_default() += 1;
        }
        let n = nodes.len();
        if n == 0 {
            return Some("no nodes available to schedule pods".to_string());
        }
        Some(format!(
            "0/{n} nodes are available: {}. preemption: 0/{n} nodes are available: {}.",
            histogram(&filter),
            histogram(&preempt)
        ))
    }

    /// `controllers_scheduler::place` as it was, after reading every node.
    pub fn place(
        pod: &Value,
        nodes: &[&Value],
        used: &HashMap<String, Used>,
        siblings: &HashMap<String, usize>,
    ) -> Result<String, String> {
        let per_node = |n: &str| used.get(n).map_or(0, |u| usize::try_from(u.pods).unwrap_or(0));
        let fitting: Vec<&Value> = nodes
            .iter()
            .copied()
            .filter(|n| {
                let name = n["metadata"]["name"].as_str().unwrap_or("");
                node_reasons(pod, n, used.get(name).copied().unwrap_or_default())
                    .0
                    .is_empty()
            })
            .collect();
        if let Some(n) = pick_node(pod, &fitting, per_node, siblings) {
            return Ok(n.to_string());
        }
        Err(explain(pod, nodes, used).unwrap_or_else(|| {
            let ready = nodes
                .iter()
                .filter(|n| {
                    n.pointer("/status/conditions")
                        .and_then(Value::as_array)
                        .is_some_and(|cs| cs.iter().any(|c| c["type"] == "Ready" && c["status"] == "True"))
                })
                .count();
            format!(
                "0/{} nodes are available: {} node(s) were not ready.",
                nodes.len(),
                nodes.len() - ready
            )
        }))
    }
}

/// The sim's seeded generator (`scenarios::generate::Rng`), in `usize`.
struct Lcg(crate::sim::scenarios::generate::Rng);

impl Lcg {
    fn seeded(seed: u64) -> Self {
        Lcg(crate::sim::scenarios::generate::Rng::new(seed))
    }

    fn below(&mut self, n: usize) -> usize {
        self.0.below(n as u64) as usize
    }

    fn pick<T: Clone>(&mut self, from: &[T]) -> T {
        from[self.below(from.len())].clone()
    }
}

const TAINTS: [&str; 4] = [
    r#"{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}"#,
    r#"{"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}"#,
    r#"{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}"#,
    r#"{"key": "spot", "value": "true", "effect": "PreferNoSchedule"}"#,
];

fn random_node(r: &mut Lcg, name: &str) -> Value {
    let mut n = json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": {}}, "spec": {}, "status": {}});
    if let Some(zone) = r.pick(&[Some("z1"), Some("z2"), Some("z3"), None]) {
        n["metadata"]["labels"][ZONE_LABEL] = json!(zone);
    }
    if let Some(disk) = r.pick(&[Some("ssd"), Some("hdd"), None]) {
        n["metadata"]["labels"]["disk"] = json!(disk);
    }
    if r.below(6) == 0 {
        n["spec"]["unschedulable"] = json!(true);
    }
    let taints: Vec<Value> = TAINTS
        .iter()
        .filter(|_| r.below(5) == 0)
        .filter_map(|t| serde_json::from_str(t).ok())
        .collect();
    if !taints.is_empty() {
        n["spec"]["taints"] = json!(taints);
    }
    match r.below(6) {
        0 => {}
        1 => n["status"]["conditions"] = json!([{"type": "Ready", "status": "False"}]),
        _ => n["status"]["conditions"] = json!([{"type": "Ready", "status": "True"}]),
    }
    let cpu = r.pick(&[json!("2"), json!("500m"), json!("1.5"), json!(4), Value::Null]);
    let mem = r.pick(&[json!("4Gi"), json!("1000Mi"), json!("bad"), Value::Null]);
    let pods = r.pick(&[json!("3"), json!("110"), json!("1k"), json!(2), Value::Null]);
    for (k, v) in [("cpu", cpu), ("memory", mem), ("pods", pods)] {
        if !v.is_null() {
            n["status"]["allocatable"][k] = v;
        }
    }
    n
}

fn random_pod(r: &mut Lcg) -> Value {
    let cpu = r.pick(&["100m", "1", "1500m", "3"]);
    let mem = r.pick(&["256Mi", "2Gi", "8Gi"]);
    let mut p = json!({"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": cpu, "memory": mem}}}]}});
    if r.below(4) == 0 {
        p["spec"]["nodeSelector"] = json!({"disk": r.pick(&["ssd", "hdd"])});
    }
    let tolerations = [
        json!({"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}),
        json!({"key": "dedicated", "operator": "Equal", "value": "gpu"}),
        json!({"operator": "Exists"}),
    ];
    let chosen: Vec<Value> = tolerations.into_iter().filter(|_| r.below(4) == 0).collect();
    if !chosen.is_empty() {
        p["spec"]["tolerations"] = json!(chosen);
    }
    p
}

#[test]
fn placement_from_summaries_equals_placement_from_the_nodes_objects() {
    let mut r = Lcg::seeded(21);
    let (mut placed, mut refused) = (0, 0);
    let mut messages = std::collections::BTreeSet::new();
    for round in 0..3000 {
        let names: Vec<String> = (0..r.below(7)).map(|i| format!("n{i}")).collect();
        let nodes: Vec<Value> = names.iter().map(|n| random_node(&mut r, n)).collect();
        let pod = random_pod(&mut r);
        let mut used = HashMap::new();
        let mut siblings = HashMap::new();
        for n in &names {
            if r.below(3) > 0 {
                let u = Used {
                    pods: r.below(4) as i64,
                    cpu: 500 * r.below(4) as i64,
                    mem: (1 << 30) * r.below(4) as i64,
                };
                used.insert(n.clone(), u);
            }
            if r.below(2) == 0 {
                siblings.insert(n.clone(), r.below(3));
            }
        }
        let values: Vec<&Value> = nodes.iter().collect();
        let fits: Vec<(&str, NodeFit)> = names
            .iter()
            .map(String::as_str)
            .zip(nodes.iter().map(NodeFit::of))
            .collect();
        let summaries: Vec<(&str, &NodeFit)> = fits.iter().map(|(n, f)| (*n, f)).collect();
        let want = reference::place(&pod, &values, &used, &siblings);
        let got = place(&pod, &summaries, &used, &siblings);
        assert_eq!(
            got, want,
            "round {round}: pod {pod}, nodes {nodes:?}, used {used:?}, siblings {siblings:?}"
        );
        match got {
            Ok(_) => placed += 1,
            Err(m) => {
                refused += 1;
                messages.insert(m);
            }
        }
    }
    // The cases are varied enough to mean something: both outcomes, many messages.
    assert!(
        placed > 500 && refused > 500,
        "placed {placed}, refused {refused}"
    );
    assert!(messages.len() > 50, "{} distinct messages", messages.len());
}

fn nodes_rt() -> ResourceType {
    ResourceType::new("", "v1", "Node", "nodes", false)
}

/// The summaries the store keeps equal a fresh read of every node.
fn check(store: &Store) {
    let rt = nodes_rt();
    let fresh: HashMap<String, NodeFit> = store
        .objects(&rt, None)
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["metadata"]["name"].as_str()?.to_string(), NodeFit::of(&n))))
        .collect();
    assert_eq!(store.node_fits(&rt), Some(&fresh));
}

#[test]
fn the_stores_node_summaries_follow_every_write() {
    let mut r = Lcg::seeded(7);
    let mut store = Store::new();
    let rt = nodes_rt();
    store.register(rt.clone());
    for _ in 0..400 {
        let name = format!("n{}", r.below(6));
        let exists = store.get(&rt, None, &name).is_ok();
        match (exists, r.below(5)) {
            (false, _) => {
                store
                    .create(&rt, None, random_node(&mut r, &name))
                    .expect("create");
            }
            (true, 0) => {
                store.delete(&rt, None, &name, None).expect("delete");
            }
            (true, 1) => {
                let patch = json!({"spec": {"unschedulable": r.below(2) == 0}});
                store
                    .patch_value(&rt, None, &name, PatchType::Merge, &patch)
                    .expect("cordon");
            }
            (true, 2) => {
                let patch = json!({"metadata": {"labels": {"disk": r.pick(&["ssd", "hdd"])}}});
                store
                    .patch_value(&rt, None, &name, PatchType::Merge, &patch)
                    .expect("label");
            }
            (true, _) => {
                let status = random_node(&mut r, &name)["status"].clone();
                store
                    .patch_status(&rt, None, &name, PatchType::Merge, &json!({"status": status}))
                    .expect("status");
            }
        }
        check(&store);
    }
}
