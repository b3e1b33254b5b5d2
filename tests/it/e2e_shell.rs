//! End-to-end: the real binary in tmux. Start, help, quit, terminal
//! restored; signals end it promptly; idle writes nothing; bad config
//! does not block start.

use crate::test_support;

use std::time::{Duration, Instant};

use test_support::tmux::{Tmux, alive, kon_bin, write_unreachable_kubeconfig};

fn kon_cmd(t: &Tmux) -> String {
    let kc = write_unreachable_kubeconfig(t.home());
    format!("{} --kubeconfig {}", kon_bin().display(), kc.display())
}

/// `stty -a` shows a flag as `icanon` when set and `-icanon` when cleared.
fn flag_set(stty: &str, flag: &str) -> bool {
    stty.split_whitespace().any(|w| w.trim_end_matches(';') == flag)
}

fn wait_gone(pid: i32) -> bool {
    let start = Instant::now();
    while alive(pid) && start.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
    }
    !alive(pid)
}

#[test]
fn start_help_quit_restores_terminal() {
    let t = Tmux::new("quit");
    t.start(
        100,
        30,
        &format!(
            "sh -c '{}; echo KON_EXIT=$?; stty -a; echo STTY_DONE; sleep 60'",
            kon_cmd(&t)
        ),
    );
    let screen = t.wait_for("Control plane");
    for want in [
        "e2e-ctx",
        "ns team-a",
        "etcd backups",
        "Findings",
        "no data yet",
        "? help",
    ] {
        assert!(screen.contains(want), "missing {want:?}:\n{screen}");
    }
    t.send(&["?"]);
    let help = t.wait_for("Help —");
    assert!(help.contains("quit: leave kon"), "{help}");
    t.send(&["Escape"]);
    t.wait_without("Help —");
    t.send(&["q"]);
    t.wait_for("KON_EXIT=0");
    let after = t.wait_for("STTY_DONE");
    // Back on the main screen, in cooked mode with echo.
    assert!(
        !after.contains("Control plane"),
        "alternate screen not left:\n{after}"
    );
    assert!(
        flag_set(&after, "icanon") && flag_set(&after, "echo"),
        "terminal still raw:\n{after}"
    );
}

fn assert_ends_on_signal(name: &str, signal: &str) {
    let t = Tmux::new(name);
    t.start(
        100,
        30,
        &format!(
            "sh -c '{}; echo KON_EXIT=$?; stty -a; echo STTY_DONE; sleep 60'",
            kon_cmd(&t)
        ),
    );
    t.wait_for("Control plane");
    let pgrep = std::process::Command::new("pgrep")
        .args(["-P", &t.pane_pid().to_string(), "-x", "kon"])
        .output()
        .expect("pgrep");
    let pid: i32 = String::from_utf8_lossy(&pgrep.stdout)
        .trim()
        .parse()
        .expect("kon's pid");
    let ok = std::process::Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    assert!(wait_gone(pid), "kon still running 2s after {signal}");
    t.wait_for("KON_EXIT=");
    let after = t.wait_for("STTY_DONE");
    assert!(
        flag_set(&after, "icanon") && flag_set(&after, "echo"),
        "terminal still raw:\n{after}"
    );
}

#[test]
fn sighup_ends_it_promptly() {
    assert_ends_on_signal("hup", "-HUP");
}

#[test]
fn sigterm_ends_it_promptly() {
    assert_ends_on_signal("term", "-TERM");
}

#[test]
fn closing_the_terminal_ends_it() {
    let t = Tmux::new("close");
    t.start(100, 30, &format!("exec {}", kon_cmd(&t)));
    t.wait_for("Control plane");
    let pid = t.pane_pid();
    // What a dropped SSH session does: the pty goes away.
    t.tmux(&["kill-server"]);
    assert!(wait_gone(pid), "kon survived its terminal");
}

#[test]
fn idle_console_writes_nothing() {
    let t = Tmux::new("idle");
    t.start(100, 30, &format!("exec {}", kon_cmd(&t)));
    // Settled: the probe has reported the refused connection.
    t.wait_for("unreachable");
    std::thread::sleep(Duration::from_millis(300));
    let log = t.home().join("pane-output");
    t.pipe_output_to(&log);
    // Long enough to span a re-probe (every 5 s while unreachable).
    std::thread::sleep(Duration::from_millis(6000));
    let written = std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0);
    assert_eq!(written, 0, "idle console wrote {written} bytes");
    // It is alive and still answers, and the capture does see output.
    t.send(&["?"]);
    t.wait_for("Help —");
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        std::fs::metadata(&log).map(|m| m.len()).unwrap_or(0) > 0,
        "pipe-pane captured nothing"
    );
}

#[test]
fn bad_config_is_reported_and_start_goes_on() {
    let t = Tmux::new("badcfg");
    let cfg = t.home().join("config");
    std::fs::create_dir_all(cfg.join("keymaps")).unwrap();
    std::fs::write(cfg.join("config.toml"), "theme = \"default\"\nreadonly = maybe\n").unwrap();
    std::fs::write(
        cfg.join("keymaps/default.toml"),
        "[normal]\nquit = [\"q\"]\nhelp = [\"q\"]\n",
    )
    .unwrap();
    t.start(120, 30, &format!("exec {}", kon_cmd(&t)));
    let screen = t.wait_for("Control plane");
    assert!(screen.contains("config.toml:2:12"), "{screen}");
    t.send(&["?"]);
    let help = t.wait_for("Problems in your files");
    assert!(help.contains("default.toml:3:9"), "{help}");
    // The default keymap is in force: q quits.
    let pid = t.pane_pid();
    // Esc and q sent together would read as alt-q; let help close first.
    t.send(&["Escape"]);
    t.wait_without("Help —");
    t.send(&["q"]);
    assert!(wait_gone(pid));
}

#[test]
fn panic_restores_terminal_and_shows_the_message() {
    // Built by `cargo test` with the other examples, next to the test binaries.
    let exe = std::env::current_exe().unwrap();
    let example = exe
        .parent()
        .and_then(|d| d.parent())
        .unwrap()
        .join("examples/panic_in_console");
    assert!(
        example.exists(),
        "{} is missing: run the whole suite (`cargo test`), which builds the examples",
        example.display()
    );
    let t = Tmux::new("panic");
    t.start(
        100,
        30,
        &format!(
            "sh -c '{}; echo EXAMPLE_EXIT=$?; stty -a; echo STTY_DONE; sleep 60'",
            example.display()
        ),
    );
    t.wait_for("EXAMPLE_EXIT=");
    let after = t.wait_for("STTY_DONE");
    assert!(after.contains("EXAMPLE_EXIT=101"), "{after}");
    assert!(
        after.contains("deliberate panic inside the console"),
        "panic message lost:\n{after}"
    );
    assert!(
        flag_set(&after, "icanon") && flag_set(&after, "echo"),
        "terminal still raw:\n{after}"
    );
}

#[test]
fn resize_relayouts_and_ctrl_l_redraws() {
    let t = Tmux::new("resize");
    t.start(100, 30, &format!("exec {}", kon_cmd(&t)));
    let screen = t.wait_for("Control plane");
    let row = |s: &str, a: &str, b: &str| s.lines().any(|l| l.contains(a) && l.contains(b));
    assert!(
        row(&screen, "Control plane", "etcd backups"),
        "two columns at 100 wide:\n{screen}"
    );
    t.tmux(&["resize-window", "-t", "t", "-x", "160", "-y", "48"]);
    let wide = t.wait_until_screen("three columns", |s| row(s, "etcd backups", "Certificates"));
    assert!(row(&wide, "Control plane", "Certificates"), "{wide}");
    t.tmux(&["resize-window", "-t", "t", "-x", "50", "-y", "40"]);
    let one_column = |s: &str| {
        s.contains("Findings") && !row(s, "Control plane", "etcd backups") && !row(s, "Quotas", "Findings")
    };
    let narrow = t.wait_until_screen("one column", one_column);
    // Settle: the same picture twice in a row.
    std::thread::sleep(Duration::from_millis(200));
    let narrow = t.wait_until_screen("a stable screen", |s| s == narrow || one_column(s));
    t.send(&["C-l"]);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(t.screen(), narrow, "ctrl-l redraw changed the picture");
}

#[test]
fn demo_opens_on_the_simulated_cluster() {
    let t = Tmux::new("demo");
    t.start(100, 30, &format!("exec {} --demo", kon_bin().display()));
    t.wait_for("connected v1.35.0");
    // Live data reaches the tiles: the demo's quota at 95% and its NotReady node
    // (each from its own watch, in either order).
    t.wait_for("1 of 15 nodes not ready");
    let screen = t.wait_for("requests.memory at 95%");
    assert!(screen.contains("1 of 15 nodes not ready"), "{screen}");
    // The near-expiry certificate and the stale backup reach the dashboard.
    t.wait_for("newest etcd backup is 3d old");
    let screen = t.wait_for("storefront-tls expires in");
    assert!(screen.contains("newest etcd backup is 3d old"), "{screen}");
    // Once synced the header has room for the server (while syncing, the
    // sync state takes it).
    let screen = t.wait_until_screen("the whole header", |s| s.contains("https://127.0.0.1:"));
    assert!(screen.contains("ctx kon-sim"), "{screen}");
    // Enter opens the focused pane (control plane), Esc returns.
    t.send(&["Enter"]);
    let pane = t.wait_for("Control plane — esc to return");
    assert!(
        pane.contains("Leaders") && pane.contains("kube-scheduler"),
        "{pane}"
    );
    t.send(&["Escape"]);
    t.wait_for("etcd backups");
    let pid = t.pane_pid();
    t.send(&["q"]);
    assert!(wait_gone(pid));
}

#[test]
fn nodes_table_sorts_filters_and_returns() {
    let t = Tmux::new("nodes");
    t.start(100, 30, &format!("exec {} --demo", kon_bin().display()));
    t.wait_for("1 of 15 nodes not ready");
    t.send(&["n"]);
    // Problems first: the demo's node whose Ready condition is Unknown heads the
    // table, under the cursor, worded as kubectl prints it (NotReady).
    let screen = t.wait_for("Nodes 15/15 · sort status");
    let first = screen.lines().nth(3).unwrap_or("");
    assert!(first.contains("▶") && first.contains("NotReady"), "{screen}");
    assert!(screen.contains("⊘ yes") && screen.contains("Memory"), "{screen}");
    // Filter as you type: only the zone's control-plane node is left.
    t.send(&["/"]);
    t.send(&["control eu1c"]);
    let screen = t.wait_for("Nodes 1/15");
    assert!(
        screen.contains("control-plane-3") && screen.contains("eu-west-1c"),
        "{screen}"
    );
    t.send(&["Enter"]);
    // Esc clears the filter first, then leaves.
    t.send(&["Escape"]);
    t.wait_for("Nodes 15/15");
    t.send(&["<"]);
    let screen = t.wait_for("sort name");
    let first = screen.lines().nth(3).unwrap_or("");
    assert!(first.contains("control-plane-1"), "{screen}");
    t.send(&["Escape"]);
    t.wait_for("etcd backups");
    let pid = t.pane_pid();
    t.send(&["q"]);
    assert!(wait_gone(pid));
}

#[test]
fn logs_go_to_the_state_dir_and_kon_log_raises_the_level() {
    let t = Tmux::new("log");
    t.start(100, 30, &format!("KON_LOG=debug {}; sleep 30", kon_cmd(&t)));
    t.wait_for("unreachable");
    t.send(&["q"]);
    let log = t.home().join("state/kon.log");
    let deadline = Instant::now() + Duration::from_secs(20);
    let text = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if text.contains("console ended") || Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        text.contains("INFO") && text.contains("starting console"),
        "{text}"
    );
    assert!(
        text.contains("DEBUG"),
        "KON_LOG=debug did not raise the level:\n{text}"
    );
    // Nothing of the log reached the screen.
    assert!(!t.screen().contains("starting console"));
}

/// A certificate valid from `days_ago` days ago for `days_left` more days, as PEM.
fn pem_cert(cn: &str, days_ago: i64, days_left: i64) -> String {
    let mut p = rcgen::CertificateParams::new(vec![cn.to_string()]).unwrap();
    p.distinguished_name.push(rcgen::DnType::CommonName, cn);
    let now = time::OffsetDateTime::now_utc();
    p.not_before = now - time::Duration::days(days_ago);
    p.not_after = now + time::Duration::days(days_left);
    let key = rcgen::KeyPair::generate().unwrap();
    p.self_signed(&key).unwrap().pem()
}

#[test]
fn kubeadm_files_and_a_backup_directory_show_in_their_panes() {
    let t = Tmux::new("local");
    // A kubeadm PKI directory with an apiserver certificate 5 days from expiry.
    let pki = t.home().join("kubernetes/pki");
    std::fs::create_dir_all(&pki).unwrap();
    std::fs::write(pki.join("apiserver.crt"), pem_cert("kube-apiserver", 360, 5)).unwrap();
    std::fs::write(pki.join("ca.crt"), pem_cert("kubernetes", 365, 3000)).unwrap();
    // A snapshot directory whose newest file is from now.
    let backups = t.home().join("etcd-backups");
    std::fs::create_dir_all(&backups).unwrap();
    std::fs::write(backups.join("snapshot-1.db"), vec![0u8; 4096]).unwrap();
    t.start(
        120,
        40,
        &format!(
            "exec {} --demo --pki-dir {} --backup-dir {}",
            kon_bin().display(),
            pki.display(),
            backups.display()
        ),
    );
    t.wait_for("connected v1.35.0");
    // Certificates: the third tile.
    t.send(&["Tab"]);
    t.send(&["Tab"]);
    t.send(&["Enter"]);
    // The page names kubeadm while it is still waiting for the files too:
    // wait for the page with every source read.
    let screen = t.wait_until_screen("the certificates page, read", |s| {
        s.contains("Certificates — esc to return") && s.contains("kubeadm") && !s.contains("waiting for")
    });
    assert!(screen.contains("apiserver expires in"), "{screen}");
    t.send(&["Escape"]);
    // Esc and BTab sent together would read as alt-BTab; let the page close first.
    t.wait_without("Certificates — esc to return");
    // etcd backups: the second tile.
    t.send(&["BTab"]);
    t.send(&["Enter"]);
    // The tile shows the file's name too: wait for the pane's own words.
    let screen = t.wait_for("backup directory");
    assert!(screen.contains("snapshot-1.db"), "{screen}");
    let pid = t.pane_pid();
    t.send(&["C-c"]);
    assert!(wait_gone(pid));
}

#[test]
fn findings_list_filters_and_jumps_to_the_node() {
    let t = Tmux::new("findings");
    t.start(120, 36, &format!("exec {} --demo", kon_bin().display()));
    // The tile scores the findings once every kind is read (while syncing
    // it counts them too, with no score).
    t.wait_for("· score ");
    for _ in 0..5 {
        t.send(&["Tab"]);
    }
    t.send(&["Enter"]);
    // The list's title ("— esc to return"), not the dashboard tile's.
    // The list follows the data: under load the cluster may still be syncing.
    let screen = t.wait_until_screen("the findings list with the backup finding", |s| {
        s.contains("to return") && s.contains("etcd-backup-stale")
    });
    assert!(screen.contains("score"), "{screen}");
    t.send(&["/"]);
    t.send(&["'node-not-ready"]);
    t.send(&["Enter"]);
    let screen = t.wait_for("filter “'node-not-ready”");
    assert!(screen.contains("worker-b-4") && screen.contains("→"), "{screen}");
    // Enter jumps to the node in the nodes table; Esc comes back to the findings.
    t.send(&["Enter"]);
    let screen = t.wait_for("Nodes 15/15");
    let row = screen.lines().find(|l| l.contains('▶')).unwrap_or("");
    assert!(row.contains("worker-b-4"), "{screen}");
    t.send(&["Escape"]);
    t.wait_for("filter “'node-not-ready”");
    let pid = t.pane_pid();
    t.send(&["C-c"]);
    assert!(wait_gone(pid));
}

#[test]
fn cordon_from_the_nodes_table_is_audited_and_read_only_refuses() {
    let t = Tmux::new("cordon");
    t.start(120, 30, &format!("exec {} --demo", kon_bin().display()));
    t.wait_for("1 of 15 nodes not ready");
    t.send(&["n"]);
    t.send(&["<"]); // by name: control-plane-1 first
    t.wait_for("sort name");
    t.send(&["g"]); // the cursor follows its node: back to the top
    t.send(&["Space"]);
    t.send(&["Space"]);
    t.wait_for("2 marked");
    // Control-plane nodes: their names are typed first (issue 13).
    t.send(&["c"]);
    t.wait_for("type control-plane-1 control-plane-2 to cordon:");
    t.send(&["control-plane-1 control-plane-2", "Enter"]);
    t.wait_for("node/control-plane-1 cordoned; node/control-plane-2 cordoned");
    // The demo's actions are recorded apart from real clusters'.
    let log = std::fs::read_to_string(t.home().join("state/audit-demo.log")).unwrap();
    assert_eq!(log.lines().count(), 2, "{log}");
    assert!(
        log.contains("\"action\":\"cordon\"") && log.contains("node/control-plane-2"),
        "{log}"
    );
    // Read-only for the rest of the session: the footer no longer offers
    // cordon and uncordon (only a dry-run drain plan), and u is refused.
    t.send(&[":"]);
    t.send(&["readonly", "Enter"]);
    t.send(&["u"]);
    let screen = t.wait_for("read-only: uncordon refused");
    assert!(screen.contains("d plan (dry run)"), "{screen}");
    assert!(!screen.contains("u uncordon"), "{screen}");
    let log = std::fs::read_to_string(t.home().join("state/audit-demo.log")).unwrap();
    assert!(
        log.lines().last().unwrap().contains("refused: read-only"),
        "{log}"
    );
    let pid = t.pane_pid();
    t.send(&["C-c"]);
    assert!(wait_gone(pid));
}

#[test]
fn drain_from_the_console_shows_the_plan_and_the_progress_to_done() {
    let t = Tmux::new("drain");
    t.start(120, 30, &format!("exec {} --demo", kon_bin().display()));
    t.wait_for("1 of 15 nodes not ready");
    t.send(&["n"]);
    t.send(&["/"]);
    t.send(&["'worker-a-2"]);
    t.send(&["Enter"]);
    t.wait_for("Nodes 1/15");
    t.send(&["d"]);
    // The plan first: its emptyDir pod is refused until F3.
    let screen = t.wait_for("nothing changed yet");
    assert!(screen.contains("REFUSED web/frontend"), "{screen}");
    t.send(&["worker-a-2"]);
    t.send(&["Enter"]);
    t.wait_for("pods the options refuse");
    t.send(&["F3"]);
    t.wait_for("delete emptyDir data: on");
    t.send(&["Enter"]);
    let screen = t.wait_until_screen("the drain to finish", |s| s.contains("node/worker-a-2: drained"));
    assert!(screen.contains("5/5 pods gone"), "{screen}");
    let log = std::fs::read_to_string(t.home().join("state/audit-demo.log")).unwrap();
    let actions: Vec<&str> = log.lines().collect();
    // The start (with the options), the cordon, each of the 5 evictions, the end.
    assert_eq!(actions.len(), 8, "{log}");
    assert!(
        actions[0].contains("\"started\"") && actions[0].contains("--delete-emptydir-data"),
        "{log}"
    );
    assert!(actions[1].contains("\"cordon\""), "{log}");
    assert_eq!(
        actions.iter().filter(|l| l.contains("\"evict\"")).count(),
        5,
        "{log}"
    );
    assert!(actions[7].contains("\"drained\""), "{log}");
    t.send(&["Escape"]);
    let screen = t.wait_for("Nodes ");
    assert!(screen.contains("⊘ yes"), "left cordoned: {screen}");
    let pid = t.pane_pid();
    t.send(&["C-c"]);
    assert!(wait_gone(pid));
}
