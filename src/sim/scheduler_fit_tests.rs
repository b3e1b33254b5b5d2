use serde_json::json;

use super::*;

fn node(name: &str, cpu: &str) -> Value {
    json!({"metadata": {"name": name, "labels": {}}, "spec": {},
           "status": {"allocatable": {"cpu": cpu, "memory": "32505856Ki", "pods": "110"},
                      "conditions": [{"type": "Ready", "status": "True"}]}})
}

fn pod(cpu: &str) -> Value {
    json!({"spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": cpu, "memory": "1Gi"}}}]}})
}

#[test]
fn quantities() {
    assert_eq!(millicores(&json!("7920m")), Some(7920));
    assert_eq!(millicores(&json!("16")), Some(16000));
    assert_eq!(millicores(&json!("0.5")), Some(500));
    assert_eq!(quantity(&json!("32505856Ki")), Some(32505856 * 1024));
    assert_eq!(quantity(&json!("256Mi")), Some(256 << 20));
    assert_eq!(quantity(&json!("110")), Some(110));
    assert_eq!(quantity(&json!("1x")), None);
    assert_eq!(requests(&pod("250m")), (250, 1 << 30));
}

#[test]
fn the_message_counts_each_nodes_first_failing_filter_sorted_as_go_sorts() {
    let mut cordoned = node("a", "8");
    cordoned["spec"]["unschedulable"] = json!(true);
    cordoned["spec"]["taints"] = json!([{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]);
    let mut cp = node("cp", "4");
    cp["spec"]["taints"] = json!([{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]);
    let mut gone = node("gone", "8");
    gone["spec"]["taints"] = json!([
        {"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"}
    ]);
    let workers: Vec<Value> = (0..10).map(|i| node(&format!("w{i}"), "7920m")).collect();
    let mut nodes: Vec<&Value> = vec![&cordoned, &cp, &gone];
    nodes.extend(workers.iter());
    let msg = explain(&pod("16"), &nodes, &HashMap::new());
    assert_eq!(
        msg.as_deref(),
        Some(
            "0/13 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, \
             1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 1 node(s) were unschedulable, \
             10 Insufficient cpu. preemption: 0/13 nodes are available: 10 No preemption victims found for incoming pod, \
             3 Preemption is not helpful for scheduling."
        )
    );
    // A pod that fits somewhere has no message.
    assert_eq!(explain(&pod("1"), &nodes, &HashMap::new()), None);
}

#[test]
fn what_is_already_bound_counts() {
    let n = node("w", "2");
    let used = HashMap::from([(
        "w".to_string(),
        Used {
            pods: 3,
            cpu: 1500,
            mem: 0,
        },
    )]);
    let (reasons, resolvable) = node_reasons(&pod("600m"), &n, used["w"]);
    assert_eq!(
        (reasons, resolvable),
        (vec!["Insufficient cpu".to_string()], true)
    );
    assert!(node_reasons(&pod("500m"), &n, used["w"]).0.is_empty());
    let full = Used {
        pods: 110,
        cpu: 0,
        mem: 0,
    };
    assert_eq!(node_reasons(&pod("1m"), &n, full).0, ["Too many pods"]);
    let mut picky = pod("1m");
    picky["spec"]["nodeSelector"] = json!({"disk": "ssd"});
    assert_eq!(
        node_reasons(&picky, &n, Used::default()),
        (
            vec!["node(s) didn't match Pod's node affinity/selector".to_string()],
            false
        )
    );
}

#[test]
fn the_demos_pending_pod_carries_the_message_the_scheduler_computes() {
    let s = crate::sim::scenarios::builtin::load("demo").expect("demo loads");
    let nodes: Vec<&Value> = s.objects.iter().filter(|o| o["kind"] == "Node").collect();
    let trainer = s
        .objects
        .iter()
        .find(|o| {
            o["kind"] == "Pod"
                && o["metadata"]["name"]
                    .as_str()
                    .is_some_and(|n| n.starts_with("trainer-"))
        })
        .expect("the trainer pod");
    let mut used: HashMap<String, Used> = HashMap::new();
    for p in s.objects.iter().filter(|o| o["kind"] == "Pod") {
        if let Some(n) = p["spec"]["nodeName"].as_str() {
            used.entry(n.to_string()).or_default().add(p);
        }
    }
    let written = trainer["status"]["conditions"][0]["message"].as_str();
    assert_eq!(explain(trainer, &nodes, &used).as_deref(), written);
    assert!(
        written
            .is_some_and(|m| m.starts_with("0/15 nodes are available: ") && m.contains("9 Insufficient cpu"))
    );
}
