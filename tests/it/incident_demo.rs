//! Issue 17's walk through an incident on `kon --demo`, at 80x24, in tmux:
//! the Pods tile names the crash-looping pod; `p` lists it among the problem
//! pods with its restarts and last termination; `/` narrows to it; `e` shows
//! its BackOff events; `w` shows the stuck rollout; Enter on the NotReady
//! node shows why it is down and the pods bound to it.

use crate::test_support;

use test_support::tmux::{Tmux, kon_bin};

/// The row of the screen that contains `text`.
fn row<'a>(screen: &'a str, text: &str) -> &'a str {
    screen.lines().find(|l| l.contains(text)).unwrap_or_default()
}

#[test]
fn an_incident_on_the_demo_from_the_first_screen_to_the_broken_node() {
    let t = Tmux::new("incident-demo");
    t.start(80, 24, &format!("exec {} --demo", kon_bin().display()));

    // The first screen names the crash loop in the Pods tile, with its restarts.
    let screen = t.wait_for("CrashLoopBackOff");
    let ledger = row(&screen, "payments/ledger-");
    assert!(
        ledger.contains("CrashLoopBackOff") && ledger.contains("restarts 17 ("),
        "the Pods tile names the crash-looping pod:\n{screen}"
    );
    assert!(row(&screen, "data/trainer-").contains("Pending"), "{screen}");

    // `p`: the problem pods first, kubectl's words.
    t.send(&["p"]);
    let screen = t.wait_for("Pods ");
    let ledger = row(&screen, "payments/ledger-");
    assert!(ledger.contains("CrashLoopBackOff"), "{screen}");
    assert!(
        ledger.contains("17 (") && ledger.contains("ago)"),
        "restarts whole:\n{screen}"
    );
    assert!(ledger.contains("Error 1"), "last termination:\n{screen}");
    let oom = row(&screen, "data/etl-worker-");
    assert!(oom.contains("OOMKilled 137"), "{screen}");
    let position = |text: &str| {
        screen
            .lines()
            .position(|l| l.contains(text))
            .unwrap_or(usize::MAX)
    };
    assert!(
        position("payments/ledger-") < position("data/etl-worker-"),
        "a failing container comes before a pod that only restarted:\n{screen}"
    );
    for status in ["Pending", "ImagePullBackOff", "Terminating"] {
        assert!(screen.contains(status), "{status}:\n{screen}");
    }

    // `/` narrows the table to the crash loop; its detail says why.
    t.send(&["/"]);
    t.send(&["'CrashLoop", "Enter"]);
    let screen = t.wait_for("Pods 1/");
    assert!(row(&screen, "▶").contains("payments/ledger-"), "{screen}");
    assert!(
        screen.contains("back-off"),
        "the waiting message below:\n{screen}"
    );
    assert!(
        screen.contains("BackOff x"),
        "its Warning events below:\n{screen}"
    );
    t.send(&["Escape"]);
    t.wait_without("filter “");
    t.send(&["Escape"]);
    t.wait_without("Pods 1");

    // `e`: the events view has the crash loop's BackOff, with its count.
    t.send(&["e"]);
    let screen = t.wait_for("Events ");
    let backoff = row(&screen, "BackOff");
    assert!(
        backoff.contains("/ledger-") && backoff.contains(" x1") && backoff.contains(" over "),
        "the BackOff events of the ledger, deduplicated with their count:\n{screen}"
    );
    t.send(&["Escape"]);
    t.wait_without("Events ");

    // `w`: the stuck rollout first.
    t.send(&["w"]);
    let screen = t.wait_for("Workloads ");
    let first = screen.lines().find(|l| l.contains("▶")).unwrap_or_default();
    assert!(
        first.contains("web/checkout") && first.contains("ProgressDeadlineExceeded"),
        "{screen}"
    );
    t.send(&["Escape"]);
    t.wait_without("Workloads ");

    // The NotReady node: why it is down, and Enter lists the pods on it.
    t.send(&["n"]);
    t.wait_for("Nodes ");
    t.send(&["/"]);
    t.send(&["'worker-b-4", "Enter"]);
    let screen = t.wait_for("Nodes 1/");
    assert!(
        screen.contains("Kubelet stopped"),
        "why the node is down:\n{screen}"
    );
    t.send(&["Enter"]);
    let screen = t.wait_for("on node worker-b-4");
    assert!(screen.contains("Kubelet stopped posting node"), "{screen}");
    assert!(screen.contains("last heartbeat"), "{screen}");
    let stuck = row(&screen, "log-shipper-");
    assert!(
        stuck.contains("Terminating"),
        "the pod stuck on the dead node:\n{screen}"
    );
    t.send(&["Escape"]);
    t.wait_for("Nodes ");
}
