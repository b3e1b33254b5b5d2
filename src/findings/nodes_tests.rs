use crate::cluster::store::records::Readiness;
use crate::cluster::store::{Store, SyncState};
use crate::findings::test_support::*;
use crate::findings::{Inputs, Severity};
use crate::signals::quotas;
use crate::signals::test_support::*;

fn down(name: &str, readiness: Readiness) -> crate::cluster::store::records::NodeRecord {
    crate::cluster::store::records::NodeRecord {
        readiness,
        ..node(name, Some("a"))
    }
}

#[test]
fn not_ready_fires_per_node_critical_for_control_plane() {
    let mut s = all_synced();
    add_node(&mut s, down("w-1", Readiness::NotReady));
    add_node(&mut s, node("w-2", Some("a")));
    let mut cp = cp_node("cp-1", Some("a"));
    cp.readiness = Readiness::Unknown;
    cp.unschedulable = true;
    add_node(&mut s, cp);
    add_pod(&mut s, pod("web", "a", Some("w-1")));
    add_pod(&mut s, pod("web", "b", Some("w-1")));
    add_pod(&mut s, pod("web", "c", Some("w-2")));
    // A worker with no pod bound to it is a warning; with pods, an incident.
    add_node(&mut s, down("w-3", Readiness::NotReady));
    let out = run("node-not-ready", &inputs(&s));
    assert_eq!(objects(&out), ["Node cp-1", "Node w-1", "Node w-3"]);
    assert_eq!(
        severities(&out),
        [Severity::Critical, Severity::Critical, Severity::Warning]
    );
    assert_eq!(out.findings[1].message, "NotReady; 2 pods bound to it");
    assert_eq!(out.findings[2].message, "NotReady; 0 pods bound to it");
    assert_eq!(
        out.findings[0].message,
        "NotReady (Ready is Unknown: the kubelet stopped posting status); control-plane node, cordoned, 0 pods bound to it"
    );
}

#[test]
fn not_ready_says_why_as_the_node_does() {
    use crate::cluster::store::pod_records::{NodeConditionRecord, NodeDetails};
    let mut s = all_synced();
    let mut n = down("worker-b-4", Readiness::NotReady);
    n.details = NodeDetails {
        conditions: Box::new([NodeConditionRecord {
            type_: "Ready".into(),
            status: "False".into(),
            reason: Some("KubeletNotReady".into()),
            message: Some("container runtime is down".into()),
            heartbeat: None,
        }]),
        taints: Box::new([]),
    };
    add_node(&mut s, n);
    let out = run("node-not-ready", &inputs(&s));
    assert_eq!(
        only(&out).message,
        "NotReady: container runtime is down; 0 pods bound to it"
    );
}

#[test]
fn not_ready_quiet_when_ready_and_unchecked_when_forbidden() {
    let mut s = all_synced();
    add_node(&mut s, node("w-1", Some("a")));
    // Cordoned but ready is not a readiness problem.
    let mut c = node("w-2", Some("a"));
    c.unschedulable = true;
    add_node(&mut s, c);
    assert!(run("node-not-ready", &inputs(&s)).findings.is_empty());
    s.nodes.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "nodes".into(),
    };
    let out = run("node-not-ready", &inputs(&s));
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["nodes: forbidden"]);
}

#[test]
fn pressure_fires_per_node_with_every_condition() {
    let mut s = all_synced();
    let mut n = node("w-1", None);
    n.memory_pressure = true;
    n.pid_pressure = true;
    add_node(&mut s, n);
    add_node(&mut s, node("w-2", None));
    let out = run("node-pressure", &inputs(&s));
    let f = only(&out);
    assert_eq!(f.name, "w-1");
    assert_eq!(
        f.message,
        "MemoryPressure, PIDPressure: the kubelet evicts pods and refuses new ones"
    );
}

#[test]
fn pressure_quiet_without_conditions() {
    let mut s = all_synced();
    add_node(&mut s, down("w-1", Readiness::NotReady));
    assert!(run("node-pressure", &inputs(&s)).findings.is_empty());
}

#[test]
fn npd_missing_fires_without_a_running_detector() {
    let mut s = all_synced();
    add_node(&mut s, node("w-1", None));
    let out = run("node-problem-detector-missing", &inputs(&s));
    assert_eq!(only(&out).severity, Severity::Info);
    assert!(
        only(&out)
            .message
            .starts_with("no node-problem-detector DaemonSet or pod found (1 node)")
    );
    // A DaemonSet with nothing ready is not running.
    let mut w = workload("DaemonSet", "kube-system", "node-problem-detector", 3, &[]);
    w.ready = 0;
    add_workload(&mut s, w);
    let out = run("node-problem-detector-missing", &inputs(&s));
    assert_eq!(
        only(&out).message,
        "DaemonSet kube-system/node-problem-detector has 0 of 3 pods ready"
    );
}

#[test]
fn npd_missing_quiet_with_a_daemonset_or_a_pod() {
    let mut s = all_synced();
    add_workload(
        &mut s,
        workload("DaemonSet", "monitoring", "npd-node-problem-detector", 3, &[]),
    );
    assert!(
        run("node-problem-detector-missing", &inputs(&s))
            .findings
            .is_empty()
    );
    // DaemonSets forbidden: a running pod labelled as the detector is enough.
    let mut s = all_synced();
    s.daemonsets.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "daemonsets".into(),
    };
    add_pod(
        &mut s,
        owned(
            "kube-system",
            "npd-x1",
            Some("w-1"),
            "DaemonSet",
            "npd",
            &[("app", "node-problem-detector")],
        ),
    );
    assert!(
        run("node-problem-detector-missing", &inputs(&s))
            .findings
            .is_empty()
    );
    // Neither readable: not checked.
    s.pods.state = SyncState::Unreachable { reason: "x".into() };
    let out = run("node-problem-detector-missing", &inputs(&s));
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["daemonsets: forbidden", "pods: unreachable"]);
}

/// `nodes` nodes with `per_node` pods each.
fn packed(nodes: usize, per_node: usize) -> Store {
    let mut s = all_synced();
    for n in 0..nodes {
        let name = format!("n-{n}");
        add_node(&mut s, node(&name, None));
        for p in 0..per_node {
            add_pod(&mut s, pod("web", &format!("p-{n}-{p}"), Some(&name)));
        }
    }
    s
}

#[test]
fn limit_exceeded_fires_per_node_and_for_the_cluster() {
    let mut s = packed(2, 5);
    for p in 0..120 {
        add_pod(&mut s, pod("web", &format!("x-{p}"), Some("n-0")));
    }
    add_pod(&mut s, pod("web", "y", Some("n-1")));
    for p in 0..95 {
        add_pod(&mut s, pod("web", &format!("z-{p}"), Some("n-1")));
    }
    let m = quotas::model(&s, None);
    let out = run(
        "cluster-limit-exceeded",
        &Inputs {
            etcd: None,
            quotas: Some(&m),
            ..inputs(&s)
        },
    );
    assert_eq!(objects(&out), ["Node n-0", "Node n-1"]);
    assert_eq!(severities(&out), [Severity::Critical, Severity::Warning]);
    assert_eq!(
        out.findings[0].message,
        "125 pods, over the supported 110 per node"
    );
    assert_eq!(
        out.findings[1].message,
        "101 pods, 91% of the supported 110 per node"
    );
}

#[test]
fn limit_exceeded_for_the_cluster_uses_the_quotas_model() {
    let s = all_synced();
    let mut m = quotas::model(&s, None);
    m.limits = vec![
        quotas::LimitRow {
            kind: quotas::LimitKind::Nodes,
            count: 4_600,
            limit: 5_000,
            level: crate::signals::verdict::Level::Warn,
        },
        quotas::LimitRow {
            kind: quotas::LimitKind::Pods,
            count: 151_000,
            limit: 150_000,
            level: crate::signals::verdict::Level::Crit,
        },
    ];
    let out = run(
        "cluster-limit-exceeded",
        &Inputs {
            etcd: None,
            quotas: Some(&m),
            ..inputs(&s)
        },
    );
    let messages: Vec<_> = out
        .findings
        .iter()
        .map(|f| (f.severity, f.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (Severity::Warning, "4600 nodes, 92% of the supported 5000"),
            (Severity::Critical, "151000 pods, over the supported 150000"),
        ]
    );
}

#[test]
fn limit_exceeded_quiet_below_and_unchecked_without_data() {
    let s = packed(3, 50);
    let m = quotas::model(&s, None);
    let out = run(
        "cluster-limit-exceeded",
        &Inputs {
            etcd: None,
            quotas: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty() && out.not_checked.is_empty());
    let mut s = packed(1, 1);
    s.pods.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "pods".into(),
    };
    let m = quotas::model(&s, None);
    let out = run(
        "cluster-limit-exceeded",
        &Inputs {
            etcd: None,
            quotas: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["pods: forbidden"]);
    assert_eq!(
        run("cluster-limit-exceeded", &inputs(&s)).not_checked,
        ["cluster limits: not read yet"]
    );
}

#[test]
fn npd_missing_quiet_when_nodes_report_its_conditions() {
    // GKE and AKS run node-problem-detector as part of the node: no pod,
    // but the nodes carry its conditions.
    let mut s = all_synced();
    add_node(&mut s, node("gke-pool-1", Some("a")));
    assert_eq!(
        run("node-problem-detector-missing", &inputs(&s)).findings.len(),
        1,
        "no detector at all: reported"
    );
    let mut n = node("gke-pool-2", Some("a"));
    n.npd_conditions = true;
    add_node(&mut s, n);
    assert!(
        run("node-problem-detector-missing", &inputs(&s))
            .findings
            .is_empty()
    );
}
