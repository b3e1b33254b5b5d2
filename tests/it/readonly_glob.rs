//! `[contexts."GLOB"] readonly = true`: kon drain is refused (and the
//! refusal recorded) in a context the glob matches, whatever the command
//! line says; and the console shows it in the header after switching INTO
//! such a context.

use crate::test_support;

use std::process::Command;

use test_support::process::{kubectl, sim};
use test_support::tmux::{Tmux, kon_bin};

#[test]
fn a_cli_drain_is_refused_in_a_context_a_glob_makes_read_only() {
    let s = sim(&["--scenario", "demo"]);
    let st = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(st.path().join("config")).unwrap();
    let toml = "readonly = false\n[contexts.\"kon-*\"]\nreadonly = true\n";
    std::fs::write(st.path().join("config/config.toml"), toml).unwrap();
    let out = Command::new(kon_bin())
        .args([
            "drain",
            "worker-a-3",
            "--yes",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
        ])
        .arg("--kubeconfig")
        .arg(&s.kubeconfig)
        .env("KON_CONFIG_DIR", st.path().join("config"))
        .env("KON_STATE_DIR", st.path())
        .output()
        .expect("kon runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("read-only (context kon-sim is read-only by contexts.\"kon-*\" in"),
        "{err}"
    );
    let (ok, cordoned, e) = kubectl(
        &s.kubeconfig,
        &[
            "get",
            "node",
            "worker-a-3",
            "-o",
            "jsonpath={.spec.unschedulable}",
        ],
    );
    assert!(ok, "{e}");
    assert_ne!(cordoned.trim(), "true", "the node stays schedulable");
    let log = std::fs::read_to_string(st.path().join("audit.log")).unwrap_or_default();
    let lines: Vec<serde_json::Value> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "{log}");
    assert_eq!(lines[0]["outcome"], "refused: read-only");
    assert_eq!(lines[0]["context"], "kon-sim");
}

#[test]
fn the_header_says_read_only_after_a_switch_into_a_matching_context() {
    let t = Tmux::new("ro-glob");
    let demo = sim(&["--scenario", "demo"]);
    let healthy = sim(&["--scenario", "healthy"]);
    let a = t.home().join("a.yaml");
    let b = t.home().join("b.yaml");
    std::fs::copy(&demo.kubeconfig, &a).unwrap();
    let text = std::fs::read_to_string(&healthy.kubeconfig).unwrap();
    std::fs::write(&b, text.replace("kon-sim", "prod-sim")).unwrap();
    std::fs::create_dir_all(t.home().join("config")).unwrap();
    std::fs::write(
        t.home().join("config/config.toml"),
        "[contexts.\"prod-*\"]\nreadonly = true\n",
    )
    .unwrap();
    let cmd = format!(
        "unset XDG_CACHE_HOME; export KUBECONFIG={}:{}; exec {}",
        a.display(),
        b.display(),
        kon_bin().display()
    );
    t.start(140, 32, &cmd);
    let screen = t.wait_for("1 of 15 nodes not ready");
    assert!(!screen.contains("READ-ONLY"), "kon-sim is writable:\n{screen}");
    t.send(&[":ctx prod-sim", "Enter"]);
    let screen = t.wait_for("READ-ONLY: config.toml contexts.\"prod-*\"");
    assert!(screen.contains("ctx prod-sim"), "{screen}");
    // And switching back out of it lifts it.
    t.send(&[":ctx kon-sim", "Enter"]);
    t.wait_for("switched to context kon-sim");
    let screen = t.wait_for("1 of 15 nodes not ready");
    assert!(!screen.contains("READ-ONLY"), "back to writable:\n{screen}");
    t.send(&["q"]);
}
