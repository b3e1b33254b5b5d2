//! Issue 13, group 4, end to end: the console acts only on what the user
//! can see. The real binary in tmux against a `kon sim` process, with
//! kubectl reading back what changed.

use crate::test_support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use test_support::process::{SimProcess, kubectl, sim};
use test_support::tmux::{Tmux, alive, kon_bin};

fn start(t: &Tmux, s: &SimProcess, width: u16, height: u16) {
    let cmd = format!(
        "exec {} --kubeconfig {}",
        kon_bin().display(),
        s.kubeconfig.display()
    );
    t.start(width, height, &cmd);
    t.wait_for("1 of 15 nodes not ready");
}

/// The nodes the API says are cordoned.
fn cordoned(s: &SimProcess) -> BTreeSet<String> {
    let query = "jsonpath={range .items[?(@.spec.unschedulable==true)]}{.metadata.name}{\"\\n\"}{end}";
    let (ok, out, err) = kubectl(&s.kubeconfig, &["get", "nodes", "-o", query]);
    assert!(ok, "kubectl get nodes: {err}");
    out.lines().map(str::to_string).collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// The nodes table sorted by name, the cursor on the top row
/// (control-plane-1, -2, -3, worker-a-1 … worker-c-4).
fn table_by_name(t: &Tmux) {
    t.send(&["n"]);
    t.send(&["<"]);
    t.wait_for("sort name");
    t.send(&["g"]);
}

fn wait_gone(pid: i32) -> bool {
    let start = Instant::now();
    while alive(pid) && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    !alive(pid)
}

#[test]
fn marks_never_make_hidden_nodes_the_target() {
    let s = sim(&["--scenario", "demo"]);
    assert_eq!(cordoned(&s), set(&["worker-a-4"]), "the demo's own cordoned node");
    let t = Tmux::new("visible-marks");
    start(&t, &s, 100, 30);
    // The sequence: mark 4 (control-plane nodes among them), Esc, n,
    // filter to one node, c.
    table_by_name(&t);
    t.send(&["Space", "Space", "Space", "Space"]);
    t.wait_for("4 marked");
    t.send(&["Escape"]);
    t.wait_without("Nodes ");
    t.send(&["n"]);
    let screen = t.wait_for("Nodes 15/15");
    assert!(
        !screen.contains("marked"),
        "leaving the table dropped the marks:\n{screen}"
    );
    t.send(&["/"]);
    t.send(&["'worker-c-4", "Enter"]);
    t.wait_for("Nodes 1/15");
    t.send(&["c"]);
    t.wait_for("node/worker-c-4 cordoned");
    assert_eq!(cordoned(&s), set(&["worker-a-4", "worker-c-4"]));

    // Marks hidden by a filter (without leaving): kon asks first, naming
    // the node it will cordon and the marked ones it leaves out.
    t.send(&["Escape"]);
    t.wait_for("Nodes 15/15");
    t.send(&["g"]);
    t.send(&["Space", "Space", "Space", "Space"]);
    t.wait_for("4 marked");
    t.send(&["/"]);
    t.send(&["'worker-c-3", "Enter"]);
    t.wait_for("4 marked (4 hidden by the filter)");
    t.send(&["c"]);
    let screen = t.wait_for("Cordon 1 node?");
    assert!(screen.contains("cordon: worker-c-3"), "{screen}");
    assert!(
        screen.contains("not cordoned (marked, but hidden by the filter): control-plane-1,")
            && screen.contains("control-plane-2, control-plane-3, worker-a-1"),
        "{screen}"
    );
    assert_eq!(
        cordoned(&s),
        set(&["worker-a-4", "worker-c-4"]),
        "nothing before the yes"
    );
    t.send(&["Enter"]);
    t.wait_for("node/worker-c-3 cordoned");
    assert_eq!(cordoned(&s), set(&["worker-a-4", "worker-c-3", "worker-c-4"]));

    // A control-plane node: its name is typed; Enter alone does nothing.
    t.send(&["Escape"]);
    t.wait_for("Nodes 15/15");
    t.send(&["x"]);
    t.wait_without("marked");
    t.send(&["/"]);
    t.send(&["'control-plane-2", "Enter"]);
    t.wait_for("Nodes 1/15");
    t.send(&["c"]);
    t.wait_for("type control-plane-2 to cordon:");
    t.send(&["Enter"]);
    t.wait_for("▲ type control-plane-2 to cordon");
    assert!(!cordoned(&s).contains("control-plane-2"));
    t.send(&["control-plane-2", "Enter"]);
    t.wait_for("node/control-plane-2 cordoned");
    assert_eq!(
        cordoned(&s),
        set(&["control-plane-2", "worker-a-4", "worker-c-3", "worker-c-4"])
    );
    let log = std::fs::read_to_string(t.home().join("state/audit.log")).unwrap_or_default();
    assert_eq!(log.lines().count(), 3, "one audit line per node acted on:\n{log}");
    let pid = t.pane_pid();
    t.send(&["C-c"]);
    assert!(wait_gone(pid));
}

#[test]
fn the_drain_plan_scrolls_at_80x24_and_a_running_drain_can_be_left() {
    let s = sim(&["--scenario", "demo"]);
    let t = Tmux::new("visible-drain");
    start(&t, &s, 80, 24);
    // worker-a-1, worker-b-1 and worker-c-1: their refusals and blocks do
    // not fit on 24 rows.
    table_by_name(&t);
    for _ in 0..3 {
        t.send(&["j", "j", "j", "Space"]);
    }
    t.wait_for("3 marked");
    t.send(&["d"]);
    let screen = t.wait_for("more lines below (PgDn)");
    assert!(
        screen.contains("REFUSED · ") && screen.contains("BLOCKED by PDB"),
        "the summary is next to the prompt:\n{screen}"
    );
    assert!(
        !screen.contains("worker-c-1:"),
        "worker-c-1's plan is below:\n{screen}"
    );
    t.send(&["F3"]);
    t.wait_for("delete emptyDir data: on");
    t.send(&["3", "Enter"]);
    t.wait_for("read the whole plan first");
    t.send(&["PageDown"]);
    t.send(&["PageDown"]);
    let screen = t.wait_for("— end —");
    let end = screen.split("worker-c-1: evict").nth(1).unwrap_or_default();
    assert!(
        end.contains("BLOCKED by PodDisruptionBudget payments/api"),
        "worker-c-1's block is on screen:\n{screen}"
    );
    // Read, but cancelled: nothing changed.
    t.send(&["Escape"]);
    t.wait_for("Nodes 15/15");
    assert_eq!(cordoned(&s), set(&["worker-a-4"]));

    // worker-c-1's drain waits on its PodDisruptionBudget: leave it running.
    t.send(&["x"]);
    t.wait_without("marked");
    t.send(&["/"]);
    t.send(&["'worker-c-1", "Enter"]);
    t.wait_for("Nodes 1/15");
    t.send(&["d"]);
    t.wait_for("type worker-c-1 to drain:");
    t.send(&["worker-c-1", "Enter"]);
    t.wait_for("esc runs it in the background");
    t.send(&["Escape"]);
    let screen = t.wait_for("draining ");
    assert!(
        screen.lines().next().is_some_and(|h| h.contains("draining ")),
        "{screen}"
    );
    assert!(screen.contains("d drain view"), "{screen}");
    assert!(cordoned(&s).contains("worker-c-1"));
    // The same key shows it again.
    t.send(&["d"]);
    t.wait_for("esc runs it in the background");
    // Quitting asks; any other key keeps it running.
    t.send(&["C-c"]);
    t.wait_for("Abort the drain and quit?");
    t.send(&["n"]);
    t.wait_for("the drain goes on");
    let pid = t.pane_pid();
    assert!(alive(pid));
    t.send(&["C-c"]);
    t.wait_for("Abort the drain and quit?");
    t.send(&["y"]);
    assert!(wait_gone(pid), "kon quits once the drain has stopped");
    let log = std::fs::read_to_string(t.home().join("state/audit.log")).unwrap_or_default();
    assert!(log.contains("node/worker-c-1"), "{log}");
}
