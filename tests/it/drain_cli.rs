//! `kon cordon`, `kon uncordon` and `kon drain` against the simulated
//! cluster, as a user runs them: a drain that completes, one a PDB blocks
//! until the timeout, an unmanaged pod refused without --force, several
//! nodes, read-only refusals, the audit log, and the same pods as
//! `kubectl drain`.

use crate::test_support;

use std::collections::BTreeSet;

use test_support::node_cli::{audit, cordoned, kon, text};
use test_support::process::{SimProcess, kubectl, sim};

/// The pod names (no namespace) on `node`, as `pod/NAME`.
fn pods_on(s: &SimProcess, node: &str) -> Vec<String> {
    let sel = format!("spec.nodeName={node}");
    let (ok, out, err) = kubectl(
        &s.kubeconfig,
        &["get", "pods", "-A", "--field-selector", &sel, "-o", "name"],
    );
    assert!(ok, "{err}");
    out.lines().map(str::to_string).collect()
}

#[test]
fn a_drain_completes_and_daemonset_pods_stay() {
    let s = sim(&["--scenario", "demo"]);
    let state = tempfile::tempdir().unwrap();
    let before = pods_on(&s, "worker-a-2");
    let (_, all, _) = kubectl(&s.kubeconfig, &["get", "pods", "-A", "--no-headers"]);
    // Pods already stuck Terminating (the demo's, on its NotReady node) are not counted either side.
    let total_before = all.lines().filter(|l| !l.contains("Terminating")).count();
    let out = kon(
        &s,
        state.path(),
        &[
            "drain",
            "worker-a-2",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--yes",
            "--timeout",
            "60s",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("node/worker-a-2 drained"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("gone"),
        "progress on stderr: {}",
        text(&out.stderr)
    );
    // The evicted pods are recreated elsewhere by their controllers.
    let count = || {
        let (_, out, _) = kubectl(&s.kubeconfig, &["get", "pods", "-A", "--no-headers"]);
        out.lines().filter(|l| !l.contains("Terminating")).count()
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while count() < total_before && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
    assert_eq!(count(), total_before, "every evicted pod was replaced");
    assert!(cordoned(&s, "worker-a-2"));
    let after = pods_on(&s, "worker-a-2");
    assert!(after.len() < before.len(), "{before:?} -> {after:?}");
    // Only DaemonSet pods are left.
    for p in &after {
        assert!(
            p.contains("kube-proxy") || p.contains("node-exporter") || p.contains("fluent"),
            "{p} left on the node"
        );
    }
    let log = audit(state.path());
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["outcome"].as_str().unwrap()))
        .collect();
    // The drain's start (with its options), the cordon, one line per eviction, the end.
    let evictions = before.len() - after.len();
    let mut expected = vec![("drain", "started"), ("cordon", "ok")];
    expected.extend(std::iter::repeat_n(("evict", "evicted"), evictions));
    expected.push(("drain", "drained"));
    assert_eq!(actions, expected);
    assert_eq!(
        log[0]["options"],
        "--ignore-daemonsets --delete-emptydir-data --timeout 60s"
    );
    for e in &log[2..2 + evictions] {
        let pod = e["target"].as_str().unwrap().strip_prefix("pod/").unwrap();
        let name = pod.rsplit('/').next().unwrap();
        assert!(before.contains(&format!("pod/{name}")), "{pod} was on the node");
    }
    assert_eq!(log.last().unwrap()["pods_left"], serde_json::json!([]));
    assert_eq!(log[0]["target"], "node/worker-a-2");
    assert_eq!(log[0]["context"], "kon-sim");
    assert_ne!(log[0]["user"], "?");
    assert!(log[0]["host"].as_str().is_some_and(|h| !h.is_empty()));
    assert!(log[0]["uid"].is_u64());
    // Uncordon.
    let out = kon(&s, state.path(), &["uncordon", "worker-a-2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!cordoned(&s, "worker-a-2"));
}

#[test]
fn a_pdb_blocks_and_the_timeout_leaves_the_node_cordoned() {
    let s = sim(&["--scenario", "demo"]);
    let state = tempfile::tempdir().unwrap();
    let out = kon(
        &s,
        state.path(),
        &[
            "drain",
            "worker-a-1",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--yes",
            "--timeout",
            "8s",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        stderr.contains("BLOCKED by PodDisruptionBudget payments/api"),
        "the plan names the blocker: {stderr}"
    );
    assert!(
        stderr.contains("blocked (PDB payments/api)") && stderr.contains("retry"),
        "retries shown: {stderr}"
    );
    assert!(
        stdout.contains("timed out") && stdout.contains("payments/api"),
        "{stdout}"
    );
    assert!(cordoned(&s, "worker-a-1"), "left cordoned");
}

#[test]
fn an_unmanaged_pod_is_refused_without_force_and_nothing_changes() {
    let s = sim(&["--scenario", "demo"]);
    let state = tempfile::tempdir().unwrap();
    let out = kon(
        &s,
        state.path(),
        &[
            "drain",
            "worker-c-4",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--yes",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("REFUSED default/debug-shell") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(!cordoned(&s, "worker-c-4"), "nothing changed");
    assert!(
        audit(state.path())[0]["outcome"]
            .as_str()
            .unwrap()
            .contains("refused")
    );
}

#[test]
fn read_only_refuses_every_action_and_says_so_in_the_audit_log() {
    let s = sim(&["--scenario", "demo"]);
    let state = tempfile::tempdir().unwrap();
    for args in [
        &["--readonly", "cordon", "worker-a-3"][..],
        &["--readonly", "uncordon", "worker-a-4"],
        &["--readonly", "drain", "worker-a-3", "--yes"],
    ] {
        let out = kon(&s, state.path(), args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains("read-only"), "{}", text(&out.stderr));
    }
    assert!(!cordoned(&s, "worker-a-3") && cordoned(&s, "worker-a-4"));
    let log = audit(state.path());
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|e| e["outcome"] == "refused: read-only"));
    // A dry run is not a change: it runs in read-only mode.
    let out = kon(
        &s,
        state.path(),
        &[
            "--readonly",
            "drain",
            "worker-a-3",
            "--dry-run",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
        ],
    );
    assert!(text(&out.stdout).contains("evict"), "{}", text(&out.stdout));
}

#[test]
fn same_pods_as_kubectl_drain() {
    let s = sim(&["--scenario", "demo"]);
    let state = tempfile::tempdir().unwrap();
    for node in ["worker-a-2", "worker-c-4", "worker-b-1"] {
        // kon's plan
        let out = kon(
            &s,
            state.path(),
            &[
                "drain",
                node,
                "--dry-run",
                "--ignore-daemonsets",
                "--delete-emptydir-data",
            ],
        );
        let plan = text(&out.stdout);
        let kon_evict: BTreeSet<String> = plan
            .lines()
            .filter_map(|l| l.trim().strip_prefix("evict "))
            .map(|p| p.trim().rsplit('/').next().unwrap().to_string())
            .collect();
        let kon_refused: BTreeSet<String> = plan
            .lines()
            .filter_map(|l| l.trim().strip_prefix("REFUSED "))
            .map(|p| p.split(' ').next().unwrap().to_string())
            .collect();
        // kubectl's
        let (ok, out, err) = kubectl(
            &s.kubeconfig,
            &[
                "drain",
                node,
                "--ignore-daemonsets",
                "--delete-emptydir-data",
                "--dry-run=client",
            ],
        );
        let _ = kubectl(&s.kubeconfig, &["uncordon", node]);
        if kon_refused.is_empty() {
            assert!(ok, "{node}: kubectl refused what kon would drain: {err}");
            let kubectl_evict: BTreeSet<String> = out
                .lines()
                .chain(err.lines())
                .filter_map(|l| l.strip_prefix("evicting pod "))
                .map(|p| {
                    p.trim_end_matches(" (dry run)")
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string()
                })
                .collect();
            assert_eq!(kon_evict, kubectl_evict, "{node}");
        } else {
            assert!(!ok, "{node}: kubectl drained what kon refused");
            for r in &kon_refused {
                assert!(
                    err.contains(r.as_str()),
                    "{node}: kubectl does not name {r}: {err}"
                );
            }
        }
    }
}

#[test]
fn several_nodes_drain_one_after_the_other() {
    let s = sim(&["--scenario", "demo"]);
    let state = tempfile::tempdir().unwrap();
    let out = kon(
        &s,
        state.path(),
        &[
            "drain",
            "worker-a-2",
            "worker-b-3",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--yes",
            "--timeout",
            "60s",
        ],
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", text(&out.stderr));
    assert!(
        stdout.contains("node/worker-a-2 drained") && stdout.contains("node/worker-b-3 drained"),
        "{stdout}"
    );
    assert!(cordoned(&s, "worker-a-2") && cordoned(&s, "worker-b-3"));
}

/// `kon --demo drain …` must not drain the kubeconfig's cluster instead of the demo.
#[test]
fn demo_is_never_a_way_to_act_on_the_real_context() {
    let s = sim(&["--scenario", "demo"]);
    let state = tempfile::tempdir().unwrap();
    for args in [
        &["--demo", "cordon", "worker-a-3"][..],
        &["--demo", "drain", "worker-a-3", "--ignore-daemonsets", "--yes"],
    ] {
        let out = kon(&s, state.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("--demo"), "{}", text(&out.stderr));
    }
    assert!(!cordoned(&s, "worker-a-3"), "nothing changed");
    assert!(audit(state.path()).is_empty());
}
