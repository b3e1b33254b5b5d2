//! What a troubled node says of itself: its conditions' messages, how long
//! since its kubelet last reported, its taints. Pure text for the pods
//! table opened on a node.

use crate::cluster::store::records::NodeRecord;

use super::pods_status::human_duration;

/// Whether a condition reports a problem: Ready not True, any other
/// (pressure, network, node-problem-detector's) True or Unknown.
fn troubled(type_: &str, status: &str) -> bool {
    if type_ == "Ready" {
        status != "True"
    } else {
        status != "False"
    }
}

/// Lines about node `n`: its Ready condition with its reason, message and
/// the age of the last heartbeat; the other conditions in trouble; its taints.
pub fn lines(n: &NodeRecord, now: i64) -> Vec<String> {
    let d = &n.details;
    let mut out = Vec::new();
    let ready = d.condition("Ready");
    let mut first = format!("node {}", n.name);
    match ready {
        None => first.push_str(": no Ready condition reported"),
        Some(c) => {
            first.push_str(&format!(": Ready={}", c.status));
            if let Some(r) = &c.reason {
                first.push_str(&format!(" {r}"));
            }
            if let Some(m) = &c.message {
                first.push_str(&format!(": {m}"));
            }
            match c.heartbeat {
                Some(t) => first.push_str(&format!(" · last heartbeat {} ago", human_duration(now - t))),
                None => first.push_str(" · no heartbeat time"),
            }
        }
    }
    out.push(first);
    let others: Vec<String> = d
        .conditions
        .iter()
        .filter(|c| &*c.type_ != "Ready" && troubled(&c.type_, &c.status))
        .map(|c| {
            let mut s = format!("{}={}", c.type_, c.status);
            if let Some(m) = c.message.as_deref().or(c.reason.as_deref()) {
                s.push_str(&format!(" ({m})"));
            }
            s
        })
        .collect();
    if !others.is_empty() {
        out.push(others.join(" · "));
    }
    if !d.taints.is_empty() {
        let taints: Vec<String> = d.taints.iter().map(|t| t.text()).collect();
        out.push(format!("taints: {}", taints.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::cluster::store::pod_records::{NodeConditionRecord, NodeDetails, TaintRecord};
    use crate::signals::test_support::node;

    fn cond(
        t: &str,
        s: &str,
        reason: Option<&str>,
        msg: Option<&str>,
        hb: Option<i64>,
    ) -> NodeConditionRecord {
        NodeConditionRecord {
            type_: t.into(),
            status: s.into(),
            reason: reason.map(Arc::from),
            message: msg.map(Arc::from),
            heartbeat: hb,
        }
    }

    #[test]
    fn a_not_ready_node_says_why_since_when_and_its_taints() {
        let mut n = node("worker-b-4", None);
        n.details = NodeDetails {
            conditions: Box::new([
                cond(
                    "MemoryPressure",
                    "Unknown",
                    Some("NodeStatusUnknown"),
                    Some("Kubelet stopped posting node status."),
                    Some(0),
                ),
                cond("DiskPressure", "False", None, None, Some(0)),
                cond(
                    "Ready",
                    "False",
                    Some("KubeletNotReady"),
                    Some("container runtime is down"),
                    Some(1000),
                ),
            ]),
            taints: Box::new([TaintRecord {
                key: "node.kubernetes.io/not-ready".into(),
                value: None,
                effect: "NoSchedule".into(),
            }]),
        };
        assert_eq!(
            lines(&n, 1000 + 12 * 60),
            [
                "node worker-b-4: Ready=False KubeletNotReady: container runtime is down · last heartbeat 12m ago",
                "MemoryPressure=Unknown (Kubelet stopped posting node status.)",
                "taints: node.kubernetes.io/not-ready:NoSchedule",
            ]
        );
        let bare = node("w", None);
        assert_eq!(lines(&bare, 0), ["node w: no Ready condition reported"]);
    }
}
