use super::*;
use crate::cluster::store::SyncState;
use crate::findings::test_support::{NOW, inputs, object};
use crate::signals::test_support::*;

const ISSUE_IDS: [&str; 50] = [
    "control-plane-not-ha",
    "control-plane-single-zone",
    "apiserver-check-failing",
    "leader-lease-stale",
    "etcd-backup-missing",
    "etcd-backup-stale",
    "etcd-backup-failed",
    "cluster-backup-missing",
    // Issue 19: etcd, live.
    "etcd-member-unhealthy",
    "etcd-no-leader",
    "etcd-alarm-active",
    "etcd-db-near-quota",
    "etcd-fragmented",
    "etcd-member-lagging",
    "etcd-even-members",
    "etcd-not-ha",
    "cert-expired",
    "cert-expiring",
    "node-not-ready",
    "node-pressure",
    "node-problem-detector-missing",
    "cluster-limit-exceeded",
    "pod-crashlooping",
    "pod-image-pull-failing",
    "pod-pending-unschedulable",
    "pod-oomkilled-recently",
    "namespace-no-pod-security",
    "namespace-no-resourcequota",
    "namespace-no-networkpolicy",
    "quota-near-limit",
    "quota-exhausted",
    "workload-single-replica",
    "workload-no-pdb",
    "pdb-blocks-eviction",
    "workload-single-zone",
    "workload-single-node",
    // Issue 17's workload incidents.
    "workload-rollout-stuck",
    "workload-unavailable",
    "container-no-requests",
    "container-no-limits",
    "container-no-readiness-probe",
    "container-no-liveness-probe",
    "container-privileged",
    "pod-host-path",
    "pod-host-namespace",
    "pod-default-service-account",
    "secret-in-env",
    "image-latest-tag",
    "rbac-cluster-admin-binding",
    "dns-not-autoscaled",
];

#[test]
fn the_catalog_is_the_issues_table_and_every_rule_has_a_check() {
    let ids: Vec<&str> = catalog().iter().map(|r| r.id).collect();
    assert_eq!(ids, ISSUE_IDS);
    for r in catalog() {
        assert!(catalog::check(r.id).is_some(), "{}", r.id);
        assert!(!r.what.is_empty() && !r.remediation.is_empty(), "{}", r.id);
        assert!(!r.remediation.contains('\n'));
    }
}

#[test]
fn severities_parse_and_order() {
    assert!(Severity::Critical > Severity::Warning && Severity::Warning > Severity::Info);
    for s in Severity::ALL {
        assert_eq!(Severity::parse(s.label()), Some(s));
    }
    assert_eq!(Severity::parse(" WARN "), Some(Severity::Warning));
    assert_eq!(Severity::parse("none"), None);
    assert_eq!(
        serde_json::to_string(&Severity::Critical).unwrap(),
        "\"critical\""
    );
}

#[test]
fn config_selects_rules_and_names_unknown_ids() {
    let c = Config {
        only: Some(vec!["node-pressure".into(), "no-such-rule".into()]),
        skip: vec!["node-pressure".into(), "bogus".into(), "bogus".into()],
        ..Config::default()
    };
    assert_eq!(c.unknown_ids(), ["no-such-rule", "bogus"]);
    assert!(!c.enabled("node-pressure"), "skip wins over only");
    assert!(!c.enabled("node-not-ready"));
    let d = Config::default();
    assert!(d.unknown_ids().is_empty() && d.enabled("node-not-ready"));
    assert_eq!(
        d.system_namespaces,
        ["kube-system", "kube-public", "kube-node-lease"]
    );
    assert!(d.is_system("kube-system") && !d.is_system("default"));
}

/// Nodes w-1 (ready), w-2 (NotReady); namespaces web (labelled, quota,
/// policy) and kube-system; Deployment web/api with `pods` pods, none of
/// them setting a memory limit, one image `:latest`; a kube-system
/// DaemonSet with hostPath pods.
fn cluster(pods: usize) -> crate::cluster::store::Store {
    let mut s = all_synced();
    add_node(&mut s, node("w-1", Some("a")));
    let mut down = node("w-2", Some("a"));
    down.readiness = crate::cluster::store::records::Readiness::NotReady;
    add_node(&mut s, down);
    let mut web = namespace("web");
    web.pod_security_enforce = Some("baseline".into());
    add_namespace(&mut s, web);
    add_namespace(&mut s, namespace("kube-system"));
    add_quota(&mut s, quota("web", "q", &[]));
    add_quota(&mut s, quota("kube-system", "q", &[]));
    add_network_policy(&mut s, "web", "deny");
    add_network_policy(&mut s, "kube-system", "deny");
    add_workload(
        &mut s,
        workload("Deployment", "web", "api", pods as i32, &[("app", "api")]),
    );
    add_pdb(&mut s, pdb("web", "api", &[("app", "api")], None, (1, 2, 1, 2)));
    add_replicaset(&mut s, "web", "api-5d4c", Some("api"));
    let c = crate::cluster::store::records::ContainerRecord {
        memory_limit: None,
        image: "app:latest".into(),
        ..good_container()
    };
    for i in 0..pods {
        let node = if i % 2 == 0 { "w-1" } else { "w-2" };
        let p = workload_pod(
            "web",
            &format!("api-5d4c-{i}"),
            Some(node),
            ("ReplicaSet", "api-5d4c"),
            &[("app", "api")],
            vec![c.clone()],
        );
        add_pod(&mut s, p);
    }
    add_workload(&mut s, workload("DaemonSet", "kube-system", "agent", 2, &[]));
    for n in ["w-1", "w-2"] {
        let mut p = workload_pod(
            "kube-system",
            &format!("agent-{n}"),
            Some(n),
            ("DaemonSet", "agent"),
            &[],
            vec![good_container()],
        );
        p.host_path = true;
        add_pod(&mut s, p);
    }
    s
}

fn only_rules(ids: &[&str]) -> Config {
    Config {
        only: Some(ids.iter().map(|s| s.to_string()).collect()),
        ..Config::default()
    }
}

#[test]
fn pods_of_one_workload_make_one_finding_per_rule() {
    let s = cluster(1000);
    let config = only_rules(&["container-no-limits", "image-latest-tag"]);
    let r = evaluate(&inputs(&s), &config);
    let seen: Vec<(&str, String)> = r.findings.iter().map(|f| (f.id, object(f))).collect();
    assert_eq!(
        seen,
        [
            ("container-no-limits", "Deployment web/api".to_string()),
            ("image-latest-tag", "Deployment web/api".to_string()),
        ]
    );
    assert!(
        r.findings[0].message.ends_with("in 1000 of 1000 pods"),
        "{}",
        r.findings[0].message
    );
}

#[test]
fn system_namespaces_are_skipped_by_the_rules_that_say_so() {
    let s = cluster(2);
    let config = only_rules(&["pod-host-path", "namespace-no-pod-security"]);
    let r = evaluate(&inputs(&s), &config);
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let judged = evaluate(
        &inputs(&s),
        &Config {
            judge_system: true,
            ..config.clone()
        },
    );
    let seen: Vec<String> = judged.findings.iter().map(object).collect();
    assert_eq!(
        seen,
        ["Namespace kube-system/kube-system", "DaemonSet kube-system/agent"]
    );
    // The list of system namespaces is the configuration's.
    let custom = Config {
        system_namespaces: vec!["web".into()],
        ..only_rules(&["image-latest-tag"])
    };
    assert!(evaluate(&inputs(&s), &custom).findings.is_empty());
}

#[test]
fn findings_sort_worst_first_then_catalog_order_then_object() {
    let s = cluster(2);
    let config = Config {
        skip: vec!["node-problem-detector-missing".into()],
        ..Config::default()
    };
    let r = evaluate(&inputs(&s), &config);
    let seen: Vec<(Severity, &str, String)> =
        r.findings.iter().map(|f| (f.severity, f.id, object(f))).collect();
    let mut sorted = seen.clone();
    let order = |id: &str| ISSUE_IDS.iter().position(|i| *i == id);
    sorted.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(order(a.1).cmp(&order(b.1)))
            .then(a.2.cmp(&b.2))
    });
    assert_eq!(seen, sorted);
    assert!(
        seen.iter()
            .any(|(_, id, o)| *id == "node-not-ready" && o == "Node w-2")
    );
    assert!(
        !seen
            .iter()
            .any(|(_, id, _)| *id == "node-problem-detector-missing")
    );
    assert_eq!(
        (r.critical, r.warning, r.info),
        (
            r.findings
                .iter()
                .filter(|f| f.severity == Severity::Critical)
                .count(),
            r.findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count(),
            r.findings.iter().filter(|f| f.severity == Severity::Info).count(),
        )
    );
}

#[test]
fn score_counts_objects_and_a_critical_caps_the_grade() {
    let s = cluster(2);
    // Objects: the cluster, nodes w-1 and w-2, namespaces web and
    // kube-system, Deployment web/api, DaemonSet kube-system/agent: 7.
    // w-2 is NotReady with no pod bound to it: a warning.
    let mut quiet = cluster(2);
    quiet.pods.items.retain(|_, p| p.node.as_deref() != Some("w-2"));
    let r = evaluate(&inputs(&quiet), &only_rules(&["node-not-ready"]));
    assert_eq!(
        (r.checked, r.clean, r.score, r.grade),
        (7, 6, Some(85), Some('B'))
    );
    // With pods bound to it, an incident: critical, and the grade capped at C.
    let r = evaluate(&inputs(&s), &only_rules(&["node-not-ready"]));
    assert_eq!(
        (r.checked, r.clean, r.score, r.grade),
        (7, 6, Some(85), Some('C'))
    );
    // Two warnings on one object count once.
    let r = evaluate(
        &inputs(&s),
        &only_rules(&["node-not-ready", "container-no-limits", "image-latest-tag"]),
    );
    assert_eq!(
        (r.checked, r.clean, r.score, r.grade),
        (7, 5, Some(71), Some('C'))
    );
    // Info findings do not count against the score.
    let r = evaluate(
        &inputs(&s),
        &only_rules(&["pod-default-service-account", "container-no-liveness-probe"]),
    );
    assert_eq!((r.score, r.grade), (Some(100), Some('A')));
    // A critical finding (a control-plane node down) caps A at C.
    let mut s = all_synced();
    for i in 0..20 {
        add_node(&mut s, node(&format!("w-{i}"), None));
    }
    let mut cp = cp_node("cp-1", None);
    cp.readiness = crate::cluster::store::records::Readiness::NotReady;
    add_node(&mut s, cp);
    let r = evaluate(&inputs(&s), &only_rules(&["node-not-ready"]));
    assert_eq!((r.checked, r.clean, r.score, r.critical), (22, 21, Some(95), 1));
    assert_eq!(r.grade, Some('C'));
}

#[test]
fn unreadable_kinds_are_not_checked_and_not_reported() {
    let mut s = cluster(2);
    s.pods.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "pods".into(),
    };
    s.quotas.state = SyncState::Unreachable {
        reason: "timeout".into(),
    };
    let r = evaluate(&inputs(&s), &Config::default());
    assert!(
        !r.findings
            .iter()
            .any(|f| f.id.starts_with("container-") || f.id == "namespace-no-resourcequota")
    );
    let pods = r
        .not_checked
        .iter()
        .find(|n| n.starts_with("pods: forbidden"))
        .expect("pods listed");
    assert!(
        pods.contains("container-no-requests") && pods.contains("image-latest-tag"),
        "{pods}"
    );
    assert!(
        r.not_checked
            .iter()
            .any(|n| n.starts_with("resourcequotas: unreachable (")
                && n.contains("namespace-no-resourcequota")),
        "{:?}",
        r.not_checked
    );
    // The models were not given: those rules say so once each.
    assert!(
        r.not_checked
            .iter()
            .any(|n| n.starts_with("control plane: not read yet (control-plane-not-ha, "))
    );
    // Skipped rules are not listed.
    let r = evaluate(&inputs(&s), &only_rules(&["node-pressure"]));
    assert!(r.not_checked.is_empty(), "{:?}", r.not_checked);
}

#[test]
fn a_report_serializes() {
    let mut s = cluster(2);
    // NotReady w-2 without pods: a warning, grade B.
    s.pods.items.retain(|_, p| p.node.as_deref() != Some("w-2"));
    let r = evaluate(&inputs(&s), &only_rules(&["node-not-ready"]));
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v["grade"], "B");
    assert_eq!(v["findings"][0]["severity"], "warning");
    assert_eq!(v["findings"][0]["kind"], "Node");
    assert_eq!(v["findings"][0]["namespace"], serde_json::Value::Null);
    let _ = NOW;
}

#[test]
fn a_report_with_unread_kinds_has_no_score() {
    let mut s = cluster(2);
    let full = evaluate(&inputs(&s), &Config::default());
    assert!(full.complete && full.unread.is_empty());
    assert!(full.score.is_some() && full.grade.is_some());
    // Half the kinds failing used to leave fewer objects to find wanting,
    // and so a better score: now there is no score at all.
    s.pods.state = SyncState::Unreachable {
        reason: "Internal error (gave up after 4 tries)".into(),
    };
    s.namespaces.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "namespaces".into(),
    };
    let partial = evaluate(&inputs(&s), &Config::default());
    assert!(!partial.complete);
    assert_eq!((partial.score, partial.grade), (None, None));
    let unread: Vec<(&str, Cause)> = partial.unread.iter().map(|u| (u.kind, u.cause)).collect();
    assert_eq!(
        unread,
        [("pods", Cause::Failed), ("namespaces", Cause::Forbidden)]
    );
    assert_eq!(partial.unread[1].why, "forbidden: list namespaces");
    // Nothing read at all: still no score, never "100 (A)".
    let nothing = evaluate(
        &inputs(&crate::cluster::store::Store::default()),
        &Config::default(),
    );
    assert!(nothing.findings.is_empty());
    assert_eq!(
        (nothing.score, nothing.grade, nothing.complete),
        (None, None, false)
    );
    let v = serde_json::to_value(&partial).unwrap();
    assert_eq!(v["complete"], false);
    assert_eq!(v["score"], serde_json::Value::Null);
    assert_eq!(v["unread"][1]["kind"], "namespaces");
    assert_eq!(v["unread"][1]["why"], "forbidden: list namespaces");
}
