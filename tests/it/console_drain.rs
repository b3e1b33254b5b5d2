//! The console's node actions end to end (tmux): the demo's actions are
//! recorded apart from real clusters', and ctrl-x aborts a drain at once
//! even when the API server has stopped answering.

use crate::test_support;

use std::time::{Duration, Instant};

use test_support::process::{kubectl, sim};
use test_support::tmux::{Tmux, kon_bin};

fn audit_lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("an audit line is JSON"))
        .collect()
}

/// Waits for the audit log at `path` to hold a line `pred` accepts.
fn wait_for_line(path: &std::path::Path, pred: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
    let started = Instant::now();
    loop {
        if let Some(l) = audit_lines(path).into_iter().find(&pred) {
            return l;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no such line in {}: {:?}",
            path.display(),
            audit_lines(path)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The nodes table sorted by name, the cursor on the `row`th node (0: first).
fn nodes_by_name_at(t: &Tmux, row: usize) {
    t.send(&["n"]);
    t.wait_for("Nodes 15/15");
    t.send(&["<"]);
    t.wait_for("sort name");
    t.send(&["g"]);
    for _ in 0..row {
        t.send(&["j"]);
    }
}

#[test]
fn the_demos_actions_go_to_an_audit_log_of_their_own() {
    let t = Tmux::new("drain-demo-audit");
    t.start(160, 40, &format!("exec {} --demo", kon_bin().display()));
    t.wait_for("1 of 15 nodes not ready");
    // control-plane-1..3, worker-a-1, -2, -3: the sixth row.
    nodes_by_name_at(&t, 5);
    t.send(&["c"]);
    t.wait_for("node/worker-a-3 cordoned");
    let state = t.home().join("state");
    let line = wait_for_line(&state.join("audit-demo.log"), |l| l["action"] == "cordon");
    assert_eq!(line["target"], "node/worker-a-3");
    assert_eq!(line["outcome"], "ok");
    assert!(
        !state.join("audit.log").exists(),
        "the demo wrote to the real clusters' audit log"
    );
    t.send(&["C-c"]);
}

#[test]
fn ctrl_x_aborts_a_drain_at_once_when_the_api_has_stopped_answering() {
    // The server stops answering 60 s after it starts: time to open the
    // console and start the drain, which a PodDisruptionBudget then holds.
    let s = sim(&["--scenario", "demo", "--pause", "60:1000"]);
    let t = Tmux::new("drain-ctrl-x");
    t.start(
        220,
        50,
        &format!(
            "exec {} --kubeconfig {}",
            kon_bin().display(),
            s.kubeconfig.display()
        ),
    );
    t.wait_for("1 of 15 nodes not ready");
    nodes_by_name_at(&t, 3);
    t.send(&["d"]);
    t.wait_for("plan — nothing changed yet");
    t.send(&["f3"]);
    t.send(&["worker-a-1"]);
    t.send(&["Enter"]);
    t.wait_for("running — ctrl-x aborts");
    t.wait_for("blocked (PDB payments/api)");
    // Wait until the server no longer answers.
    let started = Instant::now();
    while kubectl(
        &s.kubeconfig,
        &["--request-timeout=1s", "get", "--raw", "/version"],
    )
    .0
    {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the sim never paused"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    t.send(&["C-x"]);
    t.wait_for("aborting the drain of node/worker-a-1");
    let screen = t.wait_for("finished — esc to return");
    assert!(screen.contains("node/worker-a-1: aborted; evicted"), "{screen}");
    assert!(screen.contains("could not be read"), "{screen}");
    let log = t.home().join("state/audit.log");
    let last = wait_for_line(&log, |l| {
        l["action"] == "drain" && l["outcome"].as_str().is_some_and(|o| o.starts_with("aborted"))
    });
    let outcome = last["outcome"].as_str().unwrap();
    assert!(outcome.contains("could not be read"), "{last}");
    assert!(outcome.ends_with("node/worker-a-1 stays cordoned"), "{last}");
    t.send(&["C-c"]);
}
