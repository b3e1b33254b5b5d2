//! The log view end to end on `kon --demo` at 80x24, in tmux: `l` on the
//! crash-looping pod opens its previous container's log, ending with its
//! crash; `/` finds a line; following the chatty pod (20000 lines/s) keeps
//! `?` and `Esc` answering.

use crate::test_support;

use test_support::tmux::{Tmux, kon_bin};

/// Waits until one capture shows `text`: a followed log never holds
/// still, so `wait_for`'s two agreeing captures never come. (A readiness
/// wait, not a speed check, with `wait_for`'s patience.)
fn wait_moving(t: &Tmux, text: &str) -> String {
    wait_screen(t, text, true)
}

/// Waits until one capture no longer shows `text`.
fn wait_moving_without(t: &Tmux, text: &str) -> String {
    wait_screen(t, text, false)
}

fn wait_screen(t: &Tmux, text: &str, shown: bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let s = t.screen();
        if s.contains(text) == shown {
            return s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {text:?}; screen:\n{s}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The rows of the log between the title and the status line.
fn log_rows(screen: &str) -> Vec<&str> {
    let rows: Vec<&str> = screen.lines().collect();
    let end = rows.len().saturating_sub(2);
    rows.get(2..end).unwrap_or_default().to_vec()
}

#[test]
fn l_on_the_crash_looping_pod_shows_its_previous_run_ending_with_the_crash_and_search_finds_a_line() {
    let t = Tmux::new("logs-previous");
    t.start(80, 24, &format!("exec {} --demo", kon_bin().display()));
    t.wait_for("CrashLoopBackOff");
    t.send(&["p"]);
    t.wait_for("Pods ");
    t.send(&["/"]);
    t.send(&["'ledger-", "Enter"]);
    t.wait_for("filter “'ledger-”");
    t.send(&["l"]);
    let screen = t.wait_for("end of the previous container's log");
    assert!(
        screen.contains("payments/ledger-") && screen.contains("› ledger [previous run]"),
        "the previous run of the crash-looping container:\n{screen}"
    );
    // The crash is the last thing the run wrote: its FATAL line comes
    // after every INFO line, and only its stack follows it.
    let rows: Vec<&str> = log_rows(&screen)
        .into_iter()
        .filter(|r| !r.trim().is_empty())
        .collect();
    let fatal = rows.iter().rposition(|r| r.starts_with("FATAL"));
    let last_info = rows.iter().rposition(|r| r.starts_with("INFO"));
    assert!(
        fatal.is_some() && fatal > last_info,
        "the log ends with the crash:\n{screen}"
    );
    let after: Vec<&&str> = rows.iter().skip(fatal.unwrap_or(0) + 1).collect();
    assert!(
        !after.is_empty() && after.iter().all(|r| !r.starts_with("INFO")),
        "only the crash's stack after it:\n{screen}"
    );

    // `/` finds a line: the status line counts the matches and names the one shown.
    t.send(&["/"]);
    t.send(&["migration", "Enter"]);
    let screen = t.wait_for("/migration ");
    let status = screen.lines().rev().nth(1).unwrap_or_default();
    assert!(
        status.contains("/migration ") && !status.contains(" -/") && !status.contains("/0"),
        "a match found and shown:\n{screen}"
    );
    // Esc drops the search, then goes back to the pods table.
    t.send(&["Escape"]);
    t.wait_without("/migration ");
    t.send(&["Escape"]);
    t.wait_for("Pods ");
}

#[test]
fn following_the_chatty_pod_keeps_help_and_esc_answering() {
    let t = Tmux::new("logs-chatty");
    t.start(80, 24, &format!("exec {} --demo", kon_bin().display()));
    t.wait_for("CrashLoopBackOff");
    t.send(&["p"]);
    t.wait_for("Pods ");
    t.send(&["/"]);
    t.send(&["'ingress-nginx-controller", "Enter"]);
    t.wait_for("Pods 2/");
    t.send(&["l"]);
    let screen = wait_moving(&t, "● following");
    assert!(
        screen.contains("ingress-nginx/ingress-nginx-controller-"),
        "{screen}"
    );
    // Thousands of lines a second, and the keys still answer.
    wait_moving(&t, " dropped");
    for _ in 0..3 {
        t.send(&["?"]);
        wait_moving(&t, "Help — esc to close");
        t.send(&["Escape"]);
        wait_moving_without(&t, "Help — esc to close");
    }
    // Scrolling up pauses the view; G follows again.
    t.send(&["k"]);
    wait_moving(&t, "new lines below");
    t.send(&["G"]);
    wait_moving(&t, "● following");
    t.send(&["Escape"]);
    wait_moving(&t, "Pods ");
}
