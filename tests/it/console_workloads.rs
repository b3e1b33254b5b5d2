//! The workloads and events views end to end: the real binary in tmux
//! against a `kon sim` process; scaling a Deployment on the sim with
//! kubectl shows up in the workloads view, the cursor staying on its
//! workload. (The sim does not serve the `scale` subresource yet, so the
//! replicas are patched, as `kubectl scale` would set them.)

use crate::test_support;

use test_support::process::{kubectl, sim};
use test_support::tmux::{Tmux, kon_bin};

#[test]
fn scaling_a_deployment_shows_up_in_the_workloads_view() {
    let s = sim(&["--scenario", "demo"]);
    let t = Tmux::new("workloads-scale");
    let cmd = format!(
        "exec {} --kubeconfig {}",
        kon_bin().display(),
        s.kubeconfig.display()
    );
    t.start(120, 32, &cmd);
    t.wait_for("1 of 15 nodes not ready");
    t.send(&["w"]);
    t.wait_for("Workloads ");
    t.send(&["/"]);
    t.send(&["'web/frontend", "Enter"]);
    let screen = t.wait_for("web/frontend");
    assert!(
        screen.contains("3/3"),
        "the demo's frontend, 3 of 3 ready:\n{screen}"
    );
    let (ok, _, err) = kubectl(
        &s.kubeconfig,
        &[
            "patch",
            "deployment/frontend",
            "-n",
            "web",
            "--type=merge",
            "-p",
            r#"{"spec":{"replicas":7}}"#,
        ],
    );
    assert!(ok, "kubectl patch: {err}");
    // The desired count follows the watch; the selected row is still frontend.
    let screen = t.wait_for("/7 ");
    let row = screen
        .lines()
        .find(|l| l.contains("deploy web/frontend"))
        .unwrap_or_default()
        .to_string();
    assert!(row.contains("▶") && row.contains("/7"), "{screen}");
    assert!(
        screen.contains("Deployment web/frontend"),
        "the detail names it:\n{screen}"
    );
    // Esc clears the filter first, the cursor still on frontend; then leaves.
    t.send(&["Escape"]);
    let screen = t.wait_without("filter “");
    let row = screen
        .lines()
        .find(|l| l.contains("deploy web/frontend"))
        .unwrap_or_default()
        .to_string();
    assert!(row.contains("▶"), "the cursor stayed on frontend:\n{screen}");
    t.send(&["Escape"]);
    t.wait_without("Workloads ");
    // The events view opens from the dashboard, and closes back.
    t.send(&["e"]);
    t.wait_for("Events ");
    t.send(&["Escape"]);
    t.wait_without("Events ");
}
