//! Switching context and namespace inside the console, in tmux, between two
//! simulated clusters (the demo and the healthy scenario) whose contexts
//! come from two kubeconfig files.

use crate::test_support;

use std::path::{Path, PathBuf};

use test_support::process::{SimProcess, sim};
use test_support::tmux::{Tmux, kon_bin};

/// Two sims and a KUBECONFIG list: file `a` (current context `kon-sim`,
/// the demo) and file `b` (context `kon-sim-b`, the healthy cluster).
struct TwoClusters {
    _a: SimProcess,
    _b: SimProcess,
    a: PathBuf,
    b: PathBuf,
}

fn two_clusters(dir: &Path) -> TwoClusters {
    let demo = sim(&["--scenario", "demo"]);
    let healthy = sim(&["--scenario", "healthy"]);
    let a = dir.join("a.yaml");
    let b = dir.join("b.yaml");
    std::fs::copy(&demo.kubeconfig, &a).unwrap();
    let text = std::fs::read_to_string(&healthy.kubeconfig).unwrap();
    std::fs::write(&b, text.replace("kon-sim", "kon-sim-b")).unwrap();
    TwoClusters {
        _a: demo,
        _b: healthy,
        a,
        b,
    }
}

fn start(t: &Tmux, c: &TwoClusters) {
    let cmd = format!(
        "unset XDG_CACHE_HOME; export KUBECONFIG={}:{}; exec {}",
        c.a.display(),
        c.b.display(),
        kon_bin().display()
    );
    t.start(120, 32, &cmd);
}

#[test]
fn the_context_picker_switches_clusters_without_touching_the_kubeconfig() {
    let t = Tmux::new("ctx-switch");
    let c = two_clusters(t.home());
    let a_before = std::fs::read(&c.a).unwrap();
    let b_before = std::fs::read(&c.b).unwrap();
    start(&t, &c);
    t.wait_for("1 of 15 nodes not ready");
    t.send(&["C"]);
    // Both contexts, each with its cluster's server; the current one marked.
    let screen = t.wait_for("kon-sim-b");
    assert!(
        screen.contains("2/2") && screen.contains("https://127.0.0.1:"),
        "{screen}"
    );
    t.send(&["sim-b"]);
    t.wait_for("1/2");
    t.send(&["Enter"]);
    let screen = t.wait_for("switched to context kon-sim-b (kubeconfig unchanged)");
    assert!(
        screen.contains("ctx kon-sim-b"),
        "the header names the new context:\n{screen}"
    );
    // The healthy cluster's six nodes, and none of the demo's.
    t.send(&["n"]);
    let screen = t.wait_for("Nodes 6/6");
    assert!(screen.contains("worker-1"), "{screen}");
    assert!(
        !screen.contains("worker-a-1"),
        "a node of the old cluster is shown:\n{screen}"
    );
    assert_eq!(std::fs::read(&c.a).unwrap(), a_before, "file a was written");
    assert_eq!(std::fs::read(&c.b).unwrap(), b_before, "file b was written");
    // Back to the first context by the command line.
    t.send(&["Escape"]);
    t.send(&[":ctx kon-sim", "Enter"]);
    t.wait_for("switched to context kon-sim (kubeconfig unchanged)");
    t.wait_for("1 of 15 nodes not ready");
    // An unknown context is refused and the console stays where it is.
    t.send(&[":ctx nope", "Enter"]);
    let screen = t.wait_for("no context exists with the name: \"nope\"");
    assert!(screen.contains("ctx kon-sim "), "{screen}");
    t.send(&["q"]);
}

#[test]
fn the_save_key_writes_the_switch_like_kubectx_and_kubens() {
    let t = Tmux::new("ctx-save");
    let c = two_clusters(t.home());
    start(&t, &c);
    t.wait_for("1 of 15 nodes not ready");
    t.send(&["C"]);
    t.wait_for("kon-sim-b");
    t.send(&["sim-b"]);
    t.wait_for("1/2");
    t.send(&["C-s"]);
    t.wait_for("current-context written to");
    // kubectl writes current-context to the first file that sets it: a.
    let out = std::process::Command::new("kubectl")
        .args(["config", "current-context"])
        .env("KUBECONFIG", format!("{}:{}", c.a.display(), c.b.display()))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "kon-sim-b");
    let a = std::fs::read_to_string(&c.a).unwrap();
    assert!(a.contains("current-context: kon-sim-b"), "{a}");
    // And `kubectx -` goes back, as after a kubectx switch.
    let previous = std::fs::read_to_string(t.home().join(".kube/kubectx")).unwrap();
    assert_eq!(previous, "kon-sim");
    // The namespace picker: the healthy cluster's `shop`, saved to the
    // file that holds the context (b).
    t.wait_for("ctx kon-sim-b");
    t.send(&["N"]);
    t.wait_for("every namespace");
    t.send(&["shop"]);
    t.send(&["C-s"]);
    // (The context's notice also said "written to": wait for this one's.)
    let screen = t.wait_for("namespace shop of context kon-sim-b written to");
    assert!(screen.contains("ns shop"), "{screen}");
    let b = std::fs::read_to_string(&c.b).unwrap();
    assert!(b.contains("namespace: shop"), "{b}");
    let a_after = std::fs::read_to_string(&c.a).unwrap();
    assert_eq!(a_after, a, "the namespace went to file a");
    let previous = std::fs::read_to_string(t.home().join(".kube/kubens/kon-sim-b")).unwrap();
    assert_eq!(previous.trim(), "default", "`kubens -` goes back");
    t.send(&["q"]);
}
