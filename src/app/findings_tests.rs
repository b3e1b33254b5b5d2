//! The findings list in the console: open from the tile, filter, jump to
//! the pane or node of a finding and come back.

use super::*;
use crate::app::keys::Key;
use crate::findings::{Finding, Report, Severity};
use crate::kubeconfig::target::Target;

fn finding(id: &'static str, severity: Severity, kind: &str, ns: Option<&str>, name: &str) -> Finding {
    Finding {
        id,
        severity,
        kind: kind.into(),
        namespace: ns.map(Into::into),
        name: name.into(),
        message: format!("{id} on {name}"),
        remediation: "fix it".into(),
    }
}

fn app() -> AppState {
    let target = Target {
        context: Some("prod".into()),
        server: None,
        namespace: "default".into(),
        scope: None,
    };
    let mut a = AppState::new(Settings::for_target(target));
    a.update(Msg::Resize {
        width: 120,
        height: 30,
    });
    let mut s = crate::signals::test_support::synced();
    crate::signals::test_support::add_node(&mut s, crate::signals::test_support::node("w-1", Some("a")));
    crate::signals::test_support::add_node(&mut s, crate::signals::test_support::node("w-2", Some("b")));
    a.live.store = s;
    a.update(Msg::Recompute { now: 100 });
    // A fixed report, so that the list's behaviour is tested apart from the rules.
    a.live.panes.findings = Some(std::sync::Arc::new(Report {
        findings: vec![
            finding(
                "etcd-backup-missing",
                Severity::Critical,
                "Cluster",
                None,
                "cluster",
            ),
            finding("node-not-ready", Severity::Warning, "Node", None, "w-2"),
            finding(
                "secret-in-env",
                Severity::Warning,
                "Deployment",
                Some("pay"),
                "api",
            ),
            finding(
                "image-latest-tag",
                Severity::Info,
                "Pod",
                Some("default"),
                "debug",
            ),
        ],
        checked: 10,
        clean: 6,
        score: Some(60),
        grade: Some('D'),
        complete: true,
        unread: vec![],
        critical: 1,
        warning: 2,
        info: 1,
        not_checked: vec![],
        not_applicable: vec![],
    }));
    a
}

fn key(a: &mut AppState, k: &str) -> Updated {
    a.update(Msg::Key(KeyChord::parse(k).unwrap()))
}

fn typed(a: &mut AppState, s: &str) {
    for c in s.chars() {
        a.update(Msg::Key(KeyChord::plain(Key::Char(c))));
    }
}

#[test]
fn enter_on_the_findings_tile_opens_the_list() {
    let mut a = app();
    a.nav.focus = TileId::ALL.iter().position(|t| *t == TileId::Findings).unwrap();
    key(&mut a, "enter");
    assert_eq!(a.nav.mode, Mode::Findings);
    assert_eq!(a.features.findings_list.shown.len(), 4);
    // The incident (node-not-ready) leads, above the worse hygiene finding.
    assert_eq!(a.selected_finding().map(|f| f.id), Some("node-not-ready"));
    key(&mut a, "j");
    assert_eq!(a.selected_finding().map(|f| f.id), Some("etcd-backup-missing"));
    key(&mut a, "G");
    assert_eq!(a.selected_finding().map(|f| f.id), Some("image-latest-tag"));
    key(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Normal);
}

#[test]
fn the_filter_matches_rule_object_and_text() {
    let mut a = app();
    a.open_findings();
    key(&mut a, "/");
    assert_eq!(a.nav.mode, Mode::Filter);
    typed(&mut a, "'pay");
    assert_eq!(a.features.findings_list.shown.len(), 1);
    assert_eq!(a.selected_finding().map(|f| f.id), Some("secret-in-env"));
    key(&mut a, "enter");
    assert_eq!(a.nav.mode, Mode::Findings);
    // Esc clears the filter, then leaves.
    key(&mut a, "esc");
    assert_eq!(
        (a.nav.mode, a.features.findings_list.shown.len()),
        (Mode::Findings, 4)
    );
    key(&mut a, "/");
    typed(&mut a, "warning");
    assert_eq!(a.features.findings_list.shown.len(), 2);
    key(&mut a, "esc");
    assert_eq!(
        a.features.findings_list.shown.len(),
        4,
        "esc in the line drops the filter"
    );
}

#[test]
fn enter_jumps_to_the_pane_or_node_and_esc_comes_back() {
    let mut a = app();
    a.open_findings();
    // The incident first: its node.
    key(&mut a, "enter");
    assert_eq!(a.nav.mode, Mode::Nodes);
    assert_eq!(a.selected_node().map(|n| n.name.to_string()), Some("w-2".into()));
    key(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Findings);
    key(&mut a, "j");
    key(&mut a, "enter");
    assert_eq!((a.nav.mode, a.focused_tile()), (Mode::Pane, TileId::EtcdBackups));
    key(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Findings);
    // No pane for a Deployment's finding: a notice says so, nothing moves.
    key(&mut a, "j");
    key(&mut a, "enter");
    assert_eq!(a.nav.mode, Mode::Findings);
    assert!(
        a.notice(About::Command)
            .is_some_and(|n| n.text.contains("no pane"))
    );
    // Leaving the list itself returns to the dashboard.
    key(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Normal);
}

#[test]
fn the_tile_counts_severities() {
    let a = app();
    let lines = crate::app::tiles::tile_lines(&a.live.panes, TileId::Findings, a.live.now).unwrap();
    assert_eq!(lines[0].level, crate::signals::verdict::Level::Crit);
    assert!(
        lines[0]
            .text
            .starts_with("1 critical, 2 warning, 1 info · score 60 (D)"),
        "{}",
        lines[0].text
    );
    assert!(lines[1].text.contains("etcd-backup-missing"));
}

#[test]
fn the_tile_says_what_was_not_read_and_shows_no_score() {
    use crate::cluster::store::SyncState;
    use crate::signals::verdict::Level;
    let mut a = app();
    // Every kind read, nothing wrong: a score.
    let mut s = crate::signals::test_support::all_synced();
    crate::signals::test_support::add_node(&mut s, crate::signals::test_support::node("w-1", Some("a")));
    a.live.store = s.clone();
    a.update(Msg::Recompute { now: 100 });
    let lines = crate::app::tiles::tile_lines(&a.live.panes, TileId::Findings, a.live.now).unwrap();
    assert!(lines[0].text.contains("· score "), "{}", lines[0].text);
    // Pods forbidden: incomplete, named, no score, never ✔.
    s.pods.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "pods".into(),
    };
    a.live.store = s.clone();
    a.update(Msg::Recompute { now: 101 });
    let lines = crate::app::tiles::tile_lines(&a.live.panes, TileId::Findings, a.live.now).unwrap();
    assert!(
        lines[0].text.starts_with("incomplete: pods not read"),
        "{}",
        lines[0].text
    );
    assert!(!lines[0].text.contains("score ") || lines[0].text.ends_with("no score"));
    assert_ne!(lines[0].level, Level::Ok);
    // Still syncing: says so, no score yet.
    s.pods.state = SyncState::Syncing { count: 12 };
    a.live.store = s;
    a.update(Msg::Recompute { now: 102 });
    let lines = crate::app::tiles::tile_lines(&a.live.panes, TileId::Findings, a.live.now).unwrap();
    assert!(
        lines[0].text.starts_with(&format!(
            "syncing: 1 of {} kinds not read yet",
            crate::cluster::store::Kind::judged_count()
        )),
        "{}",
        lines[0].text
    );
    assert!(lines[0].text.ends_with("no score"), "{}", lines[0].text);
    assert_ne!(lines[0].level, Level::Ok);
}
