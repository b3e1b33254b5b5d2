//! `kon --demo`'s etcd story at 80x24: the simulated members, their quota
//! gauge and the NOSPACE alarm the demo plants; both actions refused
//! read-only; and, not read-only, a snapshot saved into the demo's own
//! backup directory and a guided defrag run, then the alarm disarmed.

use super::test_support::tmux::{Tmux, kon_bin};

#[test]
fn the_demo_at_80x24_shows_the_members_quota_and_alarm_and_refuses_both_actions_read_only() {
    let t = Tmux::new("etcdops-demo-ro");
    let backups = t.home().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    t.start(
        80,
        24,
        &format!(
            "exec {} --demo --readonly --backup-dir {}",
            kon_bin().display(),
            backups.display()
        ),
    );
    t.wait_for("connected");
    // The alarm's finding heads the dashboard's etcd tile.
    t.wait_for("✖ etcd alarm NOSPACE on");
    t.send(&["l"]);
    t.send(&["Enter"]);
    t.wait_for("etcd backups — esc to return");
    // The members are at the bottom of the page, once polled.
    let page = t.wait_until_screen("the members", |s| {
        t.send(&["G"]);
        s.contains("control-plane-3") && s.contains("alarm NOSPACE")
    });
    assert!(
        page.contains("control-plane-1") && page.contains("leader"),
        "{page}"
    );
    // The quota gauge: each member's share of the 2 GiB quota, the planted
    // one at 100%, with the NOSPACE alarm it raised under its row.
    assert!(page.contains("QUOTA") && page.contains("20%"), "{page}");
    let row = page
        .lines()
        .find(|l| l.contains("control-plane-2  follower"))
        .unwrap_or_else(|| panic!("{page}"));
    assert!(row.contains("2 GiB") && row.contains("100%"), "{row}");
    assert!(page.contains("s snapshot") && page.contains("D defrag"), "{page}");
    t.send(&["s"]);
    let s = t.wait_for("read-only: etcd snapshot of member control-plane-2");
    assert!(!s.contains("type control-plane-2"), "nothing asked: {s}");
    t.send(&["D"]);
    t.wait_for("read-only: etcd defrag of control-plane-2, control-plane-3");
    // Both refusals recorded (the demo's audit log); nothing written into the backup directory.
    t.wait_until_screen("the audit lines", |_| {
        std::fs::read_to_string(t.home().join("state/audit-demo.log"))
            .unwrap_or_default()
            .lines()
            .count()
            >= 4
    });
    let log = std::fs::read_to_string(t.home().join("state/audit-demo.log")).unwrap();
    let entries: Vec<serde_json::Value> = log.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let snap: Vec<&serde_json::Value> = entries
        .iter()
        .filter(|e| e["action"] == "etcd-snapshot")
        .collect();
    assert_eq!(snap.len(), 1, "{log}");
    assert_eq!(snap[0]["target"], "etcd-member/control-plane-2");
    assert_eq!(snap[0]["outcome"], "refused: read-only");
    let defrag: Vec<&serde_json::Value> = entries.iter().filter(|e| e["action"] == "etcd-defrag").collect();
    assert_eq!(defrag.len(), 3, "one line per member: {log}");
    assert!(
        defrag.iter().all(|e| e["outcome"] == "refused: read-only"),
        "{log}"
    );
    assert_eq!(std::fs::read_dir(&backups).unwrap().count(), 0);
    t.send(&["C-c"]);
}

/// Opens the etcd pane of the demo and waits for the members' poll.
fn demo_etcd_pane(t: &Tmux) -> String {
    t.wait_for("connected");
    t.send(&["l"]);
    t.send(&["Enter"]);
    t.wait_for("etcd backups — esc to return");
    t.wait_until_screen("the members", |s| {
        t.send(&["G"]);
        s.contains("control-plane-3") && s.contains("alarm NOSPACE")
    })
}

#[test]
fn the_demo_at_80x24_takes_a_snapshot_into_its_own_directory_defragments_and_disarms() {
    let t = Tmux::new("etcdops-demo-rw");
    // A backup directory in config.toml is the real clusters': the demo never writes there.
    let real = t.home().join("real-backups");
    std::fs::create_dir_all(&real).unwrap();
    std::fs::create_dir_all(t.home().join("config")).unwrap();
    std::fs::write(
        t.home().join("config/config.toml"),
        format!(
            "[backups]\ndir = \"{}\"\n[etcd]\ndefrag-pause = \"1s\"\npoll = \"1s\"\n",
            real.display()
        ),
    )
    .unwrap();
    t.start(80, 24, &format!("exec {} --demo", kon_bin().display()));
    demo_etcd_pane(&t);
    // Snapshot now: a healthy follower by default, confirmed by typing its name.
    t.send(&["s"]);
    let ask = t.wait_for("type control-plane-2 to etcd-snapshot");
    let demo_dir = t.home().join("state/demo-etcd/backups");
    assert!(ask.contains("state/demo-etcd/backups"), "{ask}");
    t.send(&["control-plane-2"]);
    t.send(&["Enter"]);
    t.wait_for("etcd snapshot of member control-plane-2 saved");
    let files: Vec<_> = std::fs::read_dir(&demo_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("etcd-snapshot-control-plane-2-"), "{name}");
    assert_eq!(
        kon::local::snapshot_check::check(&files[0]),
        kon::local::snapshot_check::Integrity::Valid
    );
    assert_eq!(
        std::fs::read_dir(&real).unwrap().count(),
        0,
        "nothing among the real backups"
    );
    // The backups pane shows it as the newest good backup.
    t.send(&["g"]);
    let pane = t.wait_for("Newest good backup:");
    assert!(
        pane.contains("demo-etcd/backups/etcd-snapshot-control-plane-"),
        "{pane}"
    );
    // The guided defrag: the leader's name, then the NOSPACE alarm named.
    t.send(&["D"]);
    t.wait_for("type control-plane-1");
    t.send(&["control-plane-1"]);
    t.send(&["Enter"]);
    t.wait_for("NOSPACE alarm on control-plane-2");
    t.send(&["Enter"]);
    let done = t.wait_for("done: every member defragmented");
    // Sizes before and after: the planted member down from its quota to its size in use.
    assert!(
        done.contains("control-plane-2: defragmented, 2 GiB → 1.6 GiB"),
        "{done}"
    );
    t.wait_until_screen("the smaller DB in the pane", |s| {
        t.send(&["G"]);
        s.contains("control-plane-2: DB 1.6 GiB is 80% of the 2 GiB quota")
    });
    // The alarm stays until disarmed; :disarm, typed, lifts it.
    t.send(&[":disarm"]);
    t.send(&["Enter"]);
    t.wait_for("type control-plane-2");
    t.send(&["control-plane-2"]);
    t.send(&["Enter"]);
    t.wait_for("etcd alarm NOSPACE of member control-plane-2 disarmed");
    t.wait_until_screen("the alarm gone", |s| {
        t.send(&["G"]);
        s.contains("DB 1.6 GiB is 80%") && !s.contains("etcd alarm NOSPACE on") && !alarm_row(s)
    });
    let log = std::fs::read_to_string(t.home().join("state/audit-demo.log")).unwrap();
    for action in ["etcd-snapshot", "etcd-defrag", "etcd-alarm-disarm"] {
        assert!(log.contains(&format!("\"{action}\"")), "{action}: {log}");
    }
    t.send(&["C-c"]);
}

/// Whether a member's row says `alarm NOSPACE` (the line under it).
fn alarm_row(screen: &str) -> bool {
    screen
        .lines()
        .any(|l| l.trim_matches(|c: char| c == '┃' || c.is_whitespace()) == "alarm NOSPACE")
}
