//! End-to-end: what the screen itself shows, in tmux — the colour codes a
//! 16-colour terminal receives, the dashboard at its smallest, the command
//! line's completion, long text readable whole.

use crate::test_support;

use std::time::{Duration, Instant};

use test_support::tmux::{Tmux, kon_bin};

fn demo(t: &Tmux, width: u16, height: u16, flags: &str) {
    t.start(
        width,
        height,
        &format!("exec {} {flags} --demo", kon_bin().display()),
    );
}

/// Waits for `file` to hold `done` (the program is drawing; a readiness
/// wait, not a speed check).
fn wait_file(file: &std::path::Path, what: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let s = String::from_utf8_lossy(&std::fs::read(file).unwrap_or_default()).into_owned();
        if done(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}: {s:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn sixteen_colours_get_the_classic_sgr_codes() {
    let t = Tmux::new("sgr16");
    demo(&t, 100, 30, "--color 16");
    t.wait_for("Control plane");
    // What kon writes, byte for byte, from a full redraw on.
    let log = t.home().join("pane-output");
    t.pipe_output_to(&log);
    t.send(&["C-l"]);
    let raw = wait_file(&log, "a redraw with colour", |s| {
        s.contains("Control plane") && s.contains("\x1b[3")
    });
    assert!(!raw.contains("38;5;") && !raw.contains("48;5;"), "{raw:?}");
    // The header's separators are muted: dark grey, SGR 90.
    assert!(raw.contains("\x1b[90;49m │ "), "{raw:?}");
    // tmux stores what it was sent: a 256-palette code would come back as one.
    let out = t.tmux(&["capture-pane", "-e", "-p", "-t", "t"]);
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(
        screen.contains("\x1b[3") || screen.contains("\x1b[9"),
        "{screen:?}"
    );
    assert!(
        !screen.contains("38;5;") && !screen.contains("48;5;"),
        "{screen:?}"
    );
}

#[test]
fn a_tiny_terminal_shows_each_tiles_verdict() {
    let t = Tmux::new("tiny");
    demo(&t, 40, 12, "");
    // The demo's verdicts arrive: each tile's title is followed by one.
    let screen = t.wait_until_screen("verdicts at 40x12", |s| {
        s.contains("Zones: ▲") || s.contains("Zones: ✔") || s.contains("Zones: ✖")
    });
    for title in ["Control plane: ", "Certificates: ", "Findings: "] {
        assert!(screen.contains(title), "{title} in\n{screen}");
    }
    assert!(!screen.contains('┌') && !screen.contains('┏'), "{screen}");
}

#[test]
fn the_command_line_completes_and_refuses_an_unknown_namespace() {
    let t = Tmux::new("complete");
    demo(&t, 100, 30, "");
    t.wait_for("Control plane");
    // The demo's namespaces are read before the dashboard shows findings.
    t.wait_until_screen("findings", |s| s.contains("score"));
    t.send(&[":", "n", "s", " ", "k", "u", "b", "e", "-", "s", "y", "s", "Tab"]);
    // Typed `kube-sys`: Tab completed it (the trailing space is not captured).
    t.wait_for(":ns kube-system");
    t.send(&["Enter"]);
    t.wait_for("ns kube-system │");
    t.send(&[":", "n", "s", " ", "n", "o", "s", "u", "c", "h", "Enter"]);
    let screen = t.wait_for("no namespace exists with name \"nosuch\"");
    assert!(screen.contains("ns kube-system │"), "the scope stays:\n{screen}");
}
