//! The console's context picker opens a read-only shell (issue 16): the
//! console suspends (main screen, cooked mode), the shell's kubectl reads
//! and is refused writes, and `exit` brings the console back.

use crate::test_support;

use test_support::process::sim;
use test_support::tmux::{Tmux, kon_bin};

#[test]
fn ctrl_r_in_the_context_picker_suspends_the_console_for_a_readonly_shell() {
    let t = Tmux::new("ro-shell");
    let s = sim(&["--scenario", "demo"]);
    let tmp = t.home().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let cmd = format!(
        "export KUBECONFIG={} SHELL=/bin/sh TMPDIR={} PS1='ro$ '; {}; echo KON_EXIT=$?; sleep 60",
        s.kubeconfig.display(),
        tmp.display(),
        kon_bin().display()
    );
    t.start(120, 32, &cmd);
    t.wait_for("1 of 15 nodes not ready");
    t.send(&["C"]);
    let screen = t.wait_for("ctrl-r ro shell");
    assert!(screen.contains("kon-sim"), "{screen}");
    t.send(&["C-r"]);
    let screen = t.wait_for("[READONLY SHELL] kubectl context is kon-sim in READ-ONLY mode");
    assert!(
        !screen.contains("Control plane"),
        "the console's screen is still up:\n{screen}"
    );
    t.wait_for("ro$");
    t.send(&[
        "kubectl get nodes -o name | grep -c node/; kubectl cordon worker-a-1",
        "Enter",
    ]);
    let screen = t.wait_for("readonly mode: PATCH requests are not allowed");
    assert!(screen.contains("\n15\n"), "kubectl read the nodes:\n{screen}");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        1,
        "the shell's kubeconfig is in TMPDIR while it runs"
    );
    t.send(&["exit", "Enter"]);
    let screen = t.wait_for("read-only shell in kon-sim ended");
    assert!(screen.contains("Control plane"), "the console is back:\n{screen}");
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "the temp kubeconfig is gone"
    );
    // Keys reach the console again.
    t.send(&["?"]);
    t.wait_for("Help —");
    t.send(&["Escape"]);
    t.wait_without("Help —");
    t.send(&["q"]);
    t.wait_for("KON_EXIT=0");
}
