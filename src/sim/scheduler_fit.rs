//! Why the scheduler cannot place a pod: the default filters in their order
//! (NodeUnschedulable, TaintToleration, NodeAffinity, NodeResourcesFit),
//! the first failing one per node, and the message `FitError.Error()`
//! writes from them, preemption's verdict included:
//!
//! `0/15 nodes are available: 1 node(s) were unschedulable, 9 Insufficient
//! cpu. preemption: 0/15 nodes are available: 1 Preemption is not helpful
//! for scheduling, 9 No preemption victims found for incoming pod.`

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::scheduler;
use super::scheduler_node::NodeFit;

/// CPU in millicores or memory in bytes, from a Kubernetes quantity.
pub fn quantity(q: &Value) -> Option<i64> {
    let s = match q {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit {
        "" => 1.0,
        "m" => 0.001,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        _ => return None,
    };
    Some((n * mult * 1000.0).round() as i64 / 1000)
}

/// CPU millicores of a quantity (`500m` → 500, `2` → 2000).
pub fn millicores(q: &Value) -> Option<i64> {
    let s = q.as_str().map(str::to_string).unwrap_or_else(|| q.to_string());
    match s.strip_suffix('m') {
        Some(m) => m.parse::<f64>().ok().map(|v| v.round() as i64),
        None => s.parse::<f64>().ok().map(|v| (v * 1000.0).round() as i64),
    }
}

/// What a pod asks for: (cpu millicores, memory bytes).
pub fn requests(pod: &Value) -> (i64, i64) {
    let mut cpu = 0;
    let mut mem = 0;
    for c in pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(r) = c.pointer("/resources/requests") {
            cpu += r.get("cpu").and_then(millicores).unwrap_or(0);
            mem += r.get("memory").and_then(quantity).unwrap_or(0);
        }
    }
    (cpu, mem)
}

/// What is used on one node: pods, cpu millicores, memory bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Used {
    pub pods: i64,
    pub cpu: i64,
    pub mem: i64,
}

impl Used {
    pub fn add(&mut self, pod: &Value) {
        let (cpu, mem) = requests(pod);
        self.pods += 1;
        self.cpu += cpu;
        self.mem += mem;
    }
}

/// Why `pod` cannot go to `node` (the first failing filter's reasons), and
/// whether preemption could help there; empty when it fits.
pub fn node_reasons(pod: &Value, node: &Value, used: Used) -> (Vec<String>, bool) {
    node_reasons_asking(pod, requests(pod), &NodeFit::of(node), used)
}

/// [`node_reasons`] on a node's summary, for a pod asking `(cpu, mem)` (its
/// [`requests`], read once for every node).
pub fn node_reasons_asking(pod: &Value, asks: (i64, i64), node: &NodeFit, used: Used) -> (Vec<String>, bool) {
    if node.unschedulable {
        return (vec!["node(s) were unschedulable".into()], false);
    }
    // Each taint is judged as a node carrying only that taint and no label
    // would be: a pod with a nodeSelector finds it untolerated too (kept as
    // the sim has always said it).
    let no_labels = serde_json::Map::new();
    let untolerated = node
        .taints
        .iter()
        .filter(|t| matches!(t["effect"].as_str(), Some("NoSchedule" | "NoExecute")))
        .find(|t| !(scheduler::labels_fit(pod, &no_labels) && scheduler::tolerates(pod, t)));
    if let Some(t) = untolerated {
        let (k, v) = (t["key"].as_str().unwrap_or(""), t["value"].as_str().unwrap_or(""));
        return (vec![format!("node(s) had untolerated taint {{{k}: {v}}}")], false);
    }
    if !scheduler::labels_fit(pod, &node.labels) {
        return (
            vec!["node(s) didn't match Pod's node affinity/selector".into()],
            false,
        );
    }
    let (cpu, mem) = asks;
    let mut out = Vec::new();
    if used.pods + 1 > node.max_pods {
        out.push("Too many pods".to_string());
    }
    if cpu > 0 && node.cpu.is_some_and(|a| used.cpu + cpu > a) {
        out.push("Insufficient cpu".to_string());
    }
    if mem > 0 && node.mem.is_some_and(|a| used.mem + mem > a) {
        out.push("Insufficient memory".to_string());
    }
    (out, true)
}

fn histogram(counts: &BTreeMap<String, usize>) -> String {
    let mut parts: Vec<String> = counts.iter().map(|(r, n)| format!("{n} {r}")).collect();
    // Go's sort.Strings on "count reason": "10 ..." sorts before "3 ...".
    parts.sort();
    parts.join(", ")
}

/// The scheduler's message for a pod no node takes, or None if one does.
pub fn explain(pod: &Value, nodes: &[&Value], used: &HashMap<String, Used>) -> Option<String> {
    let fits: Vec<(&str, NodeFit)> = nodes
        .iter()
        .map(|n| {
            let name = n.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
            (name, NodeFit::of(n))
        })
        .collect();
    let summaries: Vec<(&str, &NodeFit)> = fits.iter().map(|(n, f)| (*n, f)).collect();
    explain_fits(pod, &summaries, used)
}

/// [`explain`] over the nodes' summaries, by name.
pub fn explain_fits(pod: &Value, nodes: &[(&str, &NodeFit)], used: &HashMap<String, Used>) -> Option<String> {
    let mut filter: BTreeMap<String, usize> = BTreeMap::new();
    let mut preempt: BTreeMap<String, usize> = BTreeMap::new();
    let asks = requests(pod);
    for (name, n) in nodes {
        let (reasons, resolvable) =
            node_reasons_asking(pod, asks, n, used.get(*name).copied().unwrap_or_default());
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

#[cfg(test)]
#[path = "scheduler_fit_tests.rs"]
mod tests;
