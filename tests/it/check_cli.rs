//! `kon check` as scripts and CI run it: JSON against the demo reports the
//! planted problems; the healthy scenario has nothing critical; a dump of a
//! cluster replayed with `kon sim --from` is checked end to end; exit codes.

use crate::test_support;

use std::collections::BTreeSet;
use std::process::Output;

use test_support::process::{check, kubectl, sim};
use test_support::tmux::write_unreachable_kubeconfig;

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// (rule id, namespace/name) of every finding.
fn found(report: &serde_json::Value) -> BTreeSet<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let object = match f["namespace"].as_str() {
                Some(ns) => format!("{ns}/{}", f["name"].as_str().unwrap()),
                None => f["name"].as_str().unwrap().to_string(),
            };
            (f["id"].as_str().unwrap().to_string(), object)
        })
        .collect()
}

fn has(found: &BTreeSet<(String, String)>, id: &str, object: &str) -> bool {
    found.iter().any(|(i, o)| i == id && o.contains(object))
}

/// The demo's planted problems (the list at the top of assets/scenarios/demo.yaml).
const DEMO_PLANTED: &[(&str, &str)] = &[
    ("etcd-backup-stale", ""),
    ("etcd-backup-failed", ""),
    ("cert-expiring", "storefront-tls"),
    ("cert-expiring", "serving"),
    ("namespace-no-pod-security", "data"),
    ("namespace-no-resourcequota", "data"),
    ("namespace-no-networkpolicy", "data"),
    ("quota-near-limit", "payments"),
    ("workload-single-replica", "data/report-generator"),
    ("node-not-ready", "worker-b-4"),
    ("node-pressure", "worker-c-3"),
    ("pdb-blocks-eviction", "payments/api"),
    ("workload-single-node", "web/cache"),
    ("workload-single-zone", "data/postgres"),
    ("image-latest-tag", "default/debug-shell"),
    ("container-no-requests", "default/debug-shell"),
    ("container-privileged", "data/db-tuner"),
    ("pod-host-path", "data/db-tuner"),
    ("secret-in-env", "payments/api"),
    ("rbac-cluster-admin-binding", ""),
    ("dns-not-autoscaled", ""),
    ("node-problem-detector-missing", ""),
    // The incident (issue 17): what is broken now.
    ("pod-crashlooping", "payments/ledger-"),
    ("pod-image-pull-failing", "web/recommender-"),
    ("pod-pending-unschedulable", "data/trainer-"),
    ("pod-oomkilled-recently", "data/etl-worker-"),
    ("workload-rollout-stuck", "web/checkout"),
    ("workload-unavailable", "payments/ledger"),
];

#[test]
fn demo_json_reports_every_planted_problem() {
    let s = sim(&["--scenario", "demo"]);
    let out = check(&s.kubeconfig, &["--output", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "critical findings fail: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    let f = found(&report);
    let missing: Vec<_> = DEMO_PLANTED.iter().filter(|(id, o)| !has(&f, id, o)).collect();
    assert!(missing.is_empty(), "not reported: {missing:?}\nfound: {f:#?}");
    assert_eq!(report["context"], "kon-sim");
    assert!(
        report["server"]
            .as_str()
            .unwrap()
            .starts_with("https://127.0.0.1:")
    );
    assert!(report["generatedAt"].as_str().unwrap().ends_with('Z'));
    let grade = report["grade"].as_str().unwrap();
    assert!("ABCDF".contains(grade) && grade.len() == 1);
    assert!(report["score"].as_u64().unwrap() <= 100);
    let summary = &report["summary"];
    assert!(summary["critical"].as_u64().unwrap() > 0);
    for finding in report["findings"].as_array().unwrap() {
        for key in ["id", "severity", "kind", "name", "message", "remediation"] {
            assert!(finding[key].is_string(), "{key} in {finding}");
        }
    }
    // The NotReady node has pods bound to it: an incident, critical.
    let severity = |id: &str, object: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id && f["name"].as_str().unwrap_or("").contains(object))
            .map(|f| f["severity"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(
        severity("node-not-ready", "worker-b-4").as_deref(),
        Some("critical")
    );
    assert_eq!(
        severity("pod-crashlooping", "ledger-").as_deref(),
        Some("critical")
    );
    // Aggregated: one finding per workload, not one per pod.
    let per_object: Vec<_> = f.iter().collect();
    assert_eq!(per_object.len(), report["findings"].as_array().unwrap().len());
    // --fail-on none always exits 0; text output is readable.
    let out = check(&s.kubeconfig, &["--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("CRITICAL") && text.contains("node-not-ready") && text.contains("→"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "NO_COLOR: no escapes");
    // --rules narrows; an unknown id is an error (exit 2).
    let out = check(
        &s.kubeconfig,
        &[
            "--output",
            "json",
            "--rules",
            "node-not-ready",
            "--fail-on",
            "warning",
        ],
    );
    let ids: BTreeSet<String> = found(&json(&out)).into_iter().map(|(i, _)| i).collect();
    assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["node-not-ready"]);
    let out = check(&s.kubeconfig, &["--rules", "no-such-rule"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-rule"));
}

#[test]
fn healthy_has_nothing_critical() {
    let s = sim(&["--scenario", "healthy"]);
    let out = check(&s.kubeconfig, &["--output", "json"]);
    let report = json(&out);
    let critical: Vec<_> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "critical")
        .collect();
    assert!(critical.is_empty(), "{critical:#?}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn an_unreachable_cluster_exits_2_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let kc = write_unreachable_kubeconfig(dir.path());
    let out = check(&kc, &["--output", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot reach"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_replayed_dump_is_checked_end_to_end() {
    // Dump the demo as `kubectl get -A -o yaml` prints it, replay it, check it.
    let s = sim(&["--scenario", "demo"]);
    let kinds = "nodes,namespaces,pods,deployments,replicasets,statefulsets,daemonsets,\
                 poddisruptionbudgets,resourcequotas,limitranges,networkpolicies,leases,\
                 clusterrolebindings,horizontalpodautoscalers,cronjobs,jobs";
    let (ok, dump, err) = kubectl(&s.kubeconfig, &["get", kinds, "-A", "-o", "yaml"]);
    assert!(ok, "{err}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dump.yaml");
    std::fs::write(&file, dump).unwrap();
    drop(s);
    let replay = sim(&["--from", file.to_str().unwrap()]);
    let out = check(&replay.kubeconfig, &["--output", "json"]);
    let f = found(&json(&out));
    for (id, object) in [
        ("node-not-ready", "worker-b-4"),
        ("secret-in-env", "payments/api"),
        ("workload-single-node", "web/cache"),
        ("pdb-blocks-eviction", "payments/api"),
        ("rbac-cluster-admin-binding", ""),
        ("namespace-no-pod-security", "data"),
        ("etcd-backup-failed", "etcd-snapshot"),
    ] {
        assert!(has(&f, id, object), "{id} {object} not in {f:#?}");
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The kinds the report says were not read, and why.
fn unread(report: &serde_json::Value) -> Vec<(String, String)> {
    report["unread"]
        .as_array()
        .unwrap_or_else(|| panic!("no unread list: {report:#}"))
        .iter()
        .map(|u| {
            (
                u["kind"].as_str().unwrap().to_string(),
                u["why"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_cluster_that_cannot_be_read_is_not_judged() {
    for fault in ["--error-rate", "--throttle-rate"] {
        let s = sim(&["--scenario", "healthy", fault, "1.0"]);
        let out = check(&s.kubeconfig, &["--output", "json", "--timeout", "5s"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{fault}: {err}");
        assert!(err.contains("could not judge"), "{fault}: {err}");
        let report = json(&out);
        assert_eq!(report["complete"], false, "{fault}");
        assert_eq!(report["score"], serde_json::Value::Null, "{fault}");
        assert_eq!(report["grade"], serde_json::Value::Null, "{fault}");
        let kinds: Vec<String> = unread(&report).into_iter().map(|(k, _)| k).collect();
        for kind in ["nodes", "pods", "namespaces"] {
            assert!(kinds.iter().any(|k| k == kind), "{fault}: {kinds:?}");
            assert!(err.contains(kind), "{fault}: {err}");
        }
        // It retried before giving up, and says so.
        assert!(err.contains("gave up after"), "{fault}: {err}");
        // The text report has no grade that reads as a pass.
        let out = check(&s.kubeconfig, &["--timeout", "5s"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{fault}: {text}");
        assert!(text.contains("INCOMPLETE, no score"), "{fault}: {text}");
        assert!(
            !text.contains("(A)") && !text.contains("\nno findings\n"),
            "{text}"
        );
    }
}

#[test]
fn throttled_reads_are_retried_and_judged_as_without_faults() {
    let clean = sim(&["--scenario", "healthy"]);
    let expected = check(&clean.kubeconfig, &["--output", "json", "--fail-on", "info"]);
    let expected_found = found(&json(&expected));
    assert!(
        !expected_found.is_empty(),
        "the healthy scenario has info findings"
    );
    drop(clean);
    for fault in [["--throttle-rate", "0.5"], ["--error-rate", "0.3"]] {
        let s = sim(&[&["--scenario", "healthy"][..], &fault[..]].concat());
        let out = check(&s.kubeconfig, &["--output", "json", "--fail-on", "info"]);
        let report = json(&out);
        assert_eq!(report["complete"], true, "{fault:?}: {}", stderr(&out));
        assert!(unread(&report).is_empty(), "{fault:?}");
        assert_eq!(report["grade"], "A", "{fault:?}");
        assert_eq!(found(&report), expected_found, "{fault:?}");
        // The info findings fail `--fail-on info`, as without faults.
        assert_eq!(out.status.code(), expected.status.code(), "{fault:?}");
        assert_eq!(out.status.code(), Some(1), "{fault:?}");
    }
}

#[test]
fn forbidden_kinds_are_not_checked_and_the_check_is_incomplete() {
    let s = sim(&["--scenario", "healthy", "--forbid", "nodes", "--forbid", "pods"]);
    let out = check(&s.kubeconfig, &["--output", "json"]);
    let report = json(&out);
    assert_eq!(report["complete"], false);
    assert_eq!(report["score"], serde_json::Value::Null);
    assert_eq!(report["grade"], serde_json::Value::Null);
    assert_eq!(
        unread(&report),
        [
            ("nodes".to_string(), "forbidden: list nodes".to_string()),
            ("pods".to_string(), "forbidden: list pods".to_string())
        ]
    );
    // Incomplete fails the default --fail-on, and says how to accept it.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--allow-incomplete"), "{}", stderr(&out));
    let out = check(&s.kubeconfig, &["--output", "json", "--allow-incomplete"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["complete"], false, "still incomplete, only accepted");
    let out = check(&s.kubeconfig, &["--fail-on", "none"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("INCOMPLETE, no score"), "{text}");
    assert!(text.contains("nodes (forbidden: list nodes)"), "{text}");
    assert!(!text.contains("score 100") && !text.contains("(A)"), "{text}");
}

#[test]
fn a_hung_api_server_is_given_up_on_at_the_timeout() {
    let s = sim(&["--scenario", "healthy", "--pause", "0:600"]);
    let out = check(&s.kubeconfig, &["--timeout", "5s"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("could not judge"), "{err}");
    assert!(err.contains("no answer"), "{err}");
}

#[test]
fn the_report_states_its_scope_and_refuses_an_unknown_namespace() {
    let s = sim(&["--scenario", "healthy"]);
    let out = check(&s.kubeconfig, &["-n", "nosuchns"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(r#"namespaces "nosuchns" not found"#), "{err}");
    assert!(
        out.stdout.is_empty(),
        "no report for a namespace that does not exist"
    );
    let report = json(&check(&s.kubeconfig, &["-n", "kube-system", "-o", "json"]));
    assert_eq!(report["scope"], "namespace kube-system");
    assert_eq!(report["namespace"], "kube-system");
    let report = json(&check(&s.kubeconfig, &["-A", "-o", "json"]));
    assert_eq!(report["scope"], "all namespaces");
    assert_eq!(report["namespace"], serde_json::Value::Null);
    let text = String::from_utf8_lossy(&check(&s.kubeconfig, &["-n", "kube-system"]).stdout).into_owned();
    assert!(
        text.lines().next().unwrap().ends_with(", namespace kube-system"),
        "{text}"
    );
    // Namespaces the user may not read: said, and the check goes on.
    let s = sim(&["--scenario", "healthy", "--forbid", "namespaces"]);
    let out = check(&s.kubeconfig, &["-n", "kube-system", "--allow-incomplete"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("namespace kube-system could not be verified"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
