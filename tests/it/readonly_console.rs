//! The console with a config.toml that does not parse: READ-ONLY in the
//! header, the reason (path:line:column) on screen, and a saved switch
//! (ctrl-s) refused, said why, and recorded in the audit log.

use crate::test_support;

use test_support::process::sim;
use test_support::tmux::{Tmux, kon_bin};

#[test]
fn a_broken_config_shows_read_only_and_why_and_refuses_ctrl_s() {
    let t = Tmux::new("config-ro-console");
    let demo = sim(&["--scenario", "demo"]);
    let kubeconfig = t.home().join("kubeconfig.yaml");
    std::fs::copy(&demo.kubeconfig, &kubeconfig).unwrap();
    let before = std::fs::read(&kubeconfig).unwrap();
    let config = t.home().join("config/config.toml");
    std::fs::write(&config, "readonly = false\n[drain]\ntimeout = 5m\n").unwrap();
    let cmd = format!(
        "unset XDG_CACHE_HOME; export KUBECONFIG={}; exec {}",
        kubeconfig.display(),
        kon_bin().display()
    );
    t.start(160, 32, &cmd);
    let screen = t.wait_for("1 of 15 nodes not ready");
    assert!(screen.contains("READ-ONLY"), "{screen}");
    let screen = t.wait_until_screen("the reason", |s| s.contains("config.toml:3:"));
    assert!(screen.contains("read-only"), "{screen}");
    // The saved switch of the context shown: refused, with the reason.
    t.send(&["C"]);
    t.wait_for("1/1");
    t.send(&["C-s"]);
    let screen = t.wait_for("the kubeconfig is not changed");
    assert!(screen.contains("config file failed to load"), "{screen}");
    assert_eq!(std::fs::read(&kubeconfig).unwrap(), before, "nothing written");
    let log = std::fs::read_to_string(t.home().join("state/audit.log")).unwrap_or_default();
    let entry: serde_json::Value = serde_json::from_str(log.lines().next().expect("a refusal")).unwrap();
    assert_eq!(entry["action"], "switch-context");
    assert_eq!(entry["target"], "context/kon-sim");
    assert_eq!(entry["outcome"], "refused: read-only");
    t.send(&["q"]);
}
