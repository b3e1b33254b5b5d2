//! `kon drain` and `kon cordon` under the sim's faults (issue 13, group 3):
//! a hung API ends at `--timeout` with the truth, throttling and server
//! errors are retried, the pods left are read back from the API, ctrl-c
//! aborts at once; and `already cordoned` as kubectl says it.

use crate::test_support;

use std::collections::BTreeSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

use test_support::node_cli::{
    LIMIT, audit, command, cordoned, kon, kubectl_ok, planned, pods_on, stderr_until, text, wait_bounded,
};
use test_support::process::{kubectl, sim};

const DRAIN: &[&str] = &["--ignore-daemonsets", "--delete-emptydir-data", "--yes"];

fn drain_args<'a>(node: &'a str, timeout: &'a str) -> Vec<&'a str> {
    let mut a = vec!["drain", node];
    a.extend_from_slice(DRAIN);
    a.extend_from_slice(&["--timeout", timeout]);
    a
}

/// The part of a drain's summary that lists the pods left (`a/b (terminating)` → `a/b`).
fn pods_left(stdout: &str) -> BTreeSet<String> {
    let part = stdout
        .split("; ")
        .find_map(|p| p.split_once("still on the node: ").map(|(_, l)| l))
        .unwrap_or_else(|| panic!("no pods left listed: {stdout}"));
    part.split(", ")
        .map(|p| p.trim_end_matches(" (terminating)").trim().to_string())
        .collect()
}

#[test]
fn a_paused_api_ends_drain_and_cordon_at_their_timeout_with_the_truth() {
    let s = sim(&["--scenario", "demo", "--pause", "3:1000"]);
    let state = tempfile::tempdir().unwrap();
    // Wait until the server stops answering.
    let started = Instant::now();
    loop {
        let (ok, _, _) = kubectl(
            &s.kubeconfig,
            &["--request-timeout=1s", "get", "--raw", "/version"],
        );
        if !ok {
            break;
        }
        assert!(started.elapsed() < LIMIT, "the sim never paused");
        std::thread::sleep(Duration::from_millis(200));
    }
    let out = kon(&s, state.path(), &drain_args("worker-a-2", "5s"));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "stdout: {stdout}\nstderr: {stderr}");
    assert!(!stdout.contains("drained"), "{stdout}");
    assert!(
        stderr.contains("reading node worker-a-2: no answer within") && stderr.contains("nothing changed"),
        "{stderr}"
    );
    let out = kon(&s, state.path(), &["cordon", "worker-a-3", "--timeout", "5s"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("kon cordon: node/worker-a-3: not cordoned: timed out after 5s"),
        "{stderr}"
    );
    let log = audit(state.path());
    assert_eq!(log.len(), 1, "only the cordon was attempted: {log:?}");
    assert_eq!(log[0]["outcome"], "not cordoned: timed out after 5s");
}

#[test]
fn a_throttled_api_still_drains() {
    let s = sim(&["--scenario", "demo", "--throttle-rate", "0.5"]);
    let state = tempfile::tempdir().unwrap();
    let out = kon(&s, state.path(), &drain_args("worker-a-2", "120s"));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "stdout: {stdout}\nstderr: {stderr}");
    assert!(stdout.contains("node/worker-a-2 drained"), "{stdout}");
    let plan = planned(&stderr);
    assert!(!plan.is_empty(), "{stderr}");
    let log = audit(state.path());
    let evicted: BTreeSet<String> = log
        .iter()
        .filter(|e| e["action"] == "evict" && e["outcome"] == "evicted")
        .map(|e| {
            e["target"]
                .as_str()
                .unwrap()
                .trim_start_matches("pod/")
                .to_string()
        })
        .collect();
    assert_eq!(evicted, plan.into_iter().collect(), "one line per eviction");
    assert!(cordoned(&s, "worker-a-2"));
}

#[test]
fn evictions_are_retried_through_server_errors() {
    let s = sim(&["--scenario", "demo", "--error-rate", "0.3"]);
    let state = tempfile::tempdir().unwrap();
    let out = kon(&s, state.path(), &drain_args("worker-a-2", "120s"));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "stdout: {stdout}\nstderr: {stderr}");
    assert!(stdout.contains("node/worker-a-2 drained"), "{stdout}");
    let log = audit(state.path());
    let evictions: Vec<&serde_json::Value> = log.iter().filter(|e| e["action"] == "evict").collect();
    assert_eq!(evictions.len(), planned(&stderr).len());
    assert!(
        evictions.iter().all(|e| e["outcome"] == "evicted"),
        "{evictions:?}"
    );
    // A retry is recorded with its reason, never as a debug dump.
    for e in log.iter().filter_map(|e| e["retries"].as_str()) {
        assert!(e.contains("500 InternalError") || e.contains("no answer"), "{e}");
        assert!(!e.contains("Status {"), "{e}");
    }
}

#[test]
fn the_pods_left_are_the_ones_the_api_has() {
    let s = sim(&["--scenario", "demo", "--throttle-rate", "0.3"]);
    let state = tempfile::tempdir().unwrap();
    // A PodDisruptionBudget keeps payments/api on worker-a-1: the drain times out.
    let out = kon(&s, state.path(), &drain_args("worker-a-1", "10s"));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "stdout: {stdout}\nstderr: {stderr}");
    assert!(stdout.contains("timed out after 10s"), "{stdout}");
    assert!(stdout.contains("node/worker-a-1 stays cordoned"), "{stdout}");
    let reported = pods_left(&stdout);
    let plan: BTreeSet<String> = planned(&stderr).into_iter().collect();
    let on_node: BTreeSet<String> = pods_on(&s, "worker-a-1")
        .into_iter()
        .filter(|p| plan.contains(p))
        .collect();
    assert_eq!(reported, on_node, "{stdout}");
    assert!(
        reported.iter().any(|p| p.starts_with("payments/api")),
        "{reported:?}"
    );
    let last = audit(state.path()).pop().unwrap();
    let in_log: BTreeSet<String> = last["pods_left"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().trim_end_matches(" (terminating)").to_string())
        .collect();
    assert_eq!(in_log, on_node);
    assert!(cordoned(&s, "worker-a-1"));
}

#[test]
fn ctrl_c_aborts_a_running_drain_at_once_and_says_what_was_evicted() {
    let s = sim(&["--scenario", "demo"]);
    let state = tempfile::tempdir().unwrap();
    let mut child = command(&s, state.path(), &drain_args("worker-a-1", "10m"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kon runs");
    // Running, and held by the PodDisruptionBudget.
    let (seen, rest) = stderr_until(&mut child, "blocked (PDB payments/api)");
    let signal = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(signal.success());
    let out = wait_bounded(child, &["drain", "worker-a-1"]);
    let stdout = text(&out.stdout);
    let stderr: Vec<String> = seen.into_iter().chain(rest.try_iter()).collect();
    assert_eq!(
        out.status.code(),
        Some(130),
        "stdout: {stdout}\nstderr: {stderr:#?}"
    );
    assert!(
        stdout.starts_with("node/worker-a-1 aborted; evicted "),
        "{stdout}"
    );
    assert!(
        pods_left(&stdout).iter().any(|p| p.starts_with("payments/api")),
        "{stdout}"
    );
    assert!(
        stdout.trim_end().ends_with("node/worker-a-1 stays cordoned"),
        "{stdout}"
    );
    assert!(
        stderr.iter().any(|l| l.contains("interrupted: aborting")),
        "{stderr:#?}"
    );
    assert!(cordoned(&s, "worker-a-1"));
    let last = audit(state.path()).pop().unwrap();
    assert!(last["outcome"].as_str().unwrap().starts_with("aborted"), "{last}");
}

#[test]
fn cordon_says_already_cordoned_as_kubectl_does() {
    let s = sim(&["--scenario", "demo"]);
    let state = tempfile::tempdir().unwrap();
    // worker-a-4 is cordoned in the demo, worker-a-3 is not.
    let out = kon(&s, state.path(), &["cordon", "worker-a-4"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "node/worker-a-4 already cordoned\n");
    let out = kon(&s, state.path(), &["uncordon", "worker-a-3"]);
    assert_eq!(text(&out.stdout), "node/worker-a-3 already uncordoned\n");
    let out = kon(&s, state.path(), &["cordon", "worker-a-3"]);
    assert_eq!(text(&out.stdout), "node/worker-a-3 cordoned\n");
    // kubectl's words for the same.
    let kubectl_says = kubectl_ok(&s, &["cordon", "worker-a-4"]);
    assert_eq!(kubectl_says, "node/worker-a-4 already cordoned\n");
    let outcomes: Vec<String> = audit(state.path())
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["action"].as_str().unwrap(),
                e["outcome"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            "cordon already cordoned",
            "uncordon already uncordoned",
            "cordon ok"
        ]
    );
}
