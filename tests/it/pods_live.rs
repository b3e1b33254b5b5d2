//! The pods table against a live `kon sim`: what kubectl changes shows up
//! in the table (the real binary in tmux, kubectl acting on the sim).

use crate::test_support;

use test_support::process::{kubectl, sim};
use test_support::tmux::{Tmux, kon_bin};

#[test]
fn a_pod_deleted_with_kubectl_leaves_the_pods_table() {
    let s = sim(&["--scenario", "demo"]);
    // A pod the demo runs, by namespace and name.
    let query = "jsonpath={.items[0].metadata.namespace}/{.items[0].metadata.name}";
    let (ok, out, err) = kubectl(&s.kubeconfig, &["get", "pods", "-A", "-o", query]);
    assert!(ok, "kubectl get pods: {err}");
    let (ns, name) = out.trim().split_once('/').expect("a pod");
    let t = Tmux::new("pods-live");
    let cmd = format!(
        "exec {} --kubeconfig {}",
        kon_bin().display(),
        s.kubeconfig.display()
    );
    t.start(160, 40, &cmd);
    t.wait_for("Pods");
    t.send(&["p"]);
    t.wait_for("sort status");
    // The exact name: one row.
    t.send(&["/"]);
    t.send(&[&format!("'{name}")]);
    t.send(&["Enter"]);
    t.wait_for(&format!("{ns}/{name}"));
    t.wait_for("Pods 1/");
    let (ok, _, err) = kubectl(&s.kubeconfig, &["delete", "pod", "-n", ns, name, "--wait=false"]);
    assert!(ok, "kubectl delete pod: {err}");
    // Gone, or Terminating while a grace period runs: the table shows it.
    t.wait_until_screen("the pod to leave the table or terminate", |sc| {
        sc.contains("no pod matches") || sc.contains("Terminating")
    });
}

#[test]
fn a_node_condition_patched_with_kubectl_shows_in_the_nodes_table_and_its_pods() {
    let s = sim(&["--scenario", "demo"]);
    let t = Tmux::new("pods-live-node");
    let cmd = format!(
        "exec {} --kubeconfig {}",
        kon_bin().display(),
        s.kubeconfig.display()
    );
    t.start(120, 36, &cmd);
    t.wait_for("Pods");
    t.send(&["n"]);
    t.wait_for("Nodes ");
    t.send(&["/"]);
    t.send(&["'worker-a-3", "Enter"]);
    let screen = t.wait_for("Nodes 1/");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("worker-a-3") && l.contains("Ready")),
        "{screen}"
    );
    // The kubelet reports its runtime down, as a real one would.
    let patch = r#"{"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletNotReady","message":"container runtime is down"}]}}"#;
    let (ok, _, err) = kubectl(
        &s.kubeconfig,
        &[
            "patch",
            "node",
            "worker-a-3",
            "--subresource=status",
            "--type=strategic",
            "-p",
            patch,
        ],
    );
    assert!(ok, "kubectl patch node: {err}");
    // The row turns NotReady and says why, from the watch.
    let screen = t.wait_for("container runtime is down");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("worker-a-3") && l.contains("NotReady")),
        "{screen}"
    );
    // Enter: its pods, under the node's condition message.
    t.send(&["Enter"]);
    let screen = t.wait_for("on node worker-a-3");
    assert!(
        screen.contains("Ready=False KubeletNotReady: container runtime is down"),
        "{screen}"
    );
}
