//! What the screen says about acting only on what the user can see (issue
//! 13, group 4): the drain plan at 80x24 says what is below and sums up its
//! refusals; read-only shows it as a dry run; the cordon question names
//! every node; a drain in the background has a header badge; the footer
//! shows the keys that work now.

use super::pane_snapshots::{press, screen};
use crate::app::keys::KeyChord;
use crate::app::{AppState, Msg, Settings};
use crate::kubeconfig::target::Target;
use crate::signals::test_support::*;

/// Nodes cp-1 (control plane), w-1 (20 pods of one ReplicaSet, guarded by
/// a budget allowing no disruption, and one emptyDir pod) and w-2; the
/// nodes table open, sorted by name.
fn app(width: u16, height: u16) -> AppState {
    let target = Target {
        context: Some("prod".into()),
        server: Some("https://10.0.0.1:6443".into()),
        namespace: "default".into(),
        scope: None,
    };
    let mut a = AppState::new(Settings::for_target(target));
    a.update(Msg::Resize { width, height });
    let mut s = synced();
    add_node(&mut s, cp_node("cp-1", Some("z-a")));
    add_node(&mut s, node("w-1", Some("z-a")));
    add_node(&mut s, node("w-2", Some("z-b")));
    for i in 0..20 {
        let labels = [("app", "web")];
        add_pod(
            &mut s,
            owned(
                "web",
                &format!("web-{i:02}"),
                Some("w-1"),
                "ReplicaSet",
                "web-rs",
                &labels,
            ),
        );
    }
    let mut scratch = owned("web", "scratch", Some("w-1"), "ReplicaSet", "scratch-rs", &[]);
    scratch.empty_dir = true;
    add_pod(&mut s, scratch);
    add_pdb(&mut s, pdb("web", "web", &[("app", "web")], None, (0, 2, 2, 2)));
    s.pdbs.state = crate::cluster::store::SyncState::Synced;
    a.live.store = s;
    a.update(Msg::Recompute { now: 100 });
    press(&mut a, "n");
    press(&mut a, "<"); // by name: cp-1, w-1, w-2
    press(&mut a, "g");
    a
}

fn type_str(a: &mut AppState, s: &str) {
    for c in s.chars() {
        a.update(Msg::Key(KeyChord::plain(crate::app::keys::Key::Char(c))));
    }
}

#[test]
fn the_drain_plan_at_80x24_scrolls_and_says_what_is_below() {
    let mut a = app(80, 24);
    press(&mut a, "j"); // w-1
    press(&mut a, "d");
    let s = screen(&a);
    assert!(s.contains("more lines below (PgDn)"), "{s}");
    assert!(
        !s.contains("BLOCKED by PodDisruptionBudget"),
        "below the screen:\n{s}"
    );
    assert!(
        s.contains("✖ 1 pod(s) REFUSED · 1 BLOCKED by PDB"),
        "the summary shows next to the prompt:\n{s}"
    );
    assert!(s.contains("type w-1 to drain:"), "{s}");
    assert!(s.contains("pgdn more"), "the footer offers the next page:\n{s}");
    insta::assert_snapshot!("drain_plan_top_80x24", s);
    press(&mut a, "pagedown");
    let s = screen(&a);
    assert!(s.contains("BLOCKED by PodDisruptionBudget web/web"), "{s}");
    assert!(s.contains("REFUSED web/scratch"), "{s}");
    assert!(s.contains("— end —") && !s.contains("more lines below"), "{s}");
    insta::assert_snapshot!("drain_plan_end_80x24", s);
}

#[test]
fn read_only_shows_the_drain_plan_as_a_dry_run() {
    let mut a = app(80, 24);
    a.session.readonly = true;
    let s = screen(&a);
    assert!(s.contains("d plan (dry run)"), "{s}");
    assert!(!s.contains("c cordon") && !s.contains("u uncordon"), "{s}");
    press(&mut a, "j");
    press(&mut a, "d");
    let s = screen(&a);
    assert!(s.contains("read-only: dry run, nothing will change"), "{s}");
    assert!(!s.contains("to drain:"), "no prompt:\n{s}");
    assert!(s.contains("esc close") && !s.contains("enter drain"), "{s}");
    insta::assert_snapshot!("drain_dry_run_80x24", s);
}

#[test]
fn the_cordon_question_names_every_node_and_the_marks_left_out() {
    let mut a = app(80, 24);
    press(&mut a, "space"); // cp-1
    press(&mut a, "space"); // w-1
    let s = screen(&a);
    assert!(s.contains("2 marked") && s.contains("marked: cp-1, w-1"), "{s}");
    assert!(s.contains("x unmark all"), "{s}");
    press(&mut a, "/");
    type_str(&mut a, "'w-2");
    press(&mut a, "enter");
    let s = screen(&a);
    assert!(s.contains("2 marked (2 hidden by the filter)"), "{s}");
    press(&mut a, "c");
    let s = screen(&a);
    assert!(s.contains("Cordon 1 node?") && s.contains("cordon: w-2"), "{s}");
    assert!(
        s.contains("not cordoned (marked, but hidden by the filter): cp-1, w-1"),
        "{s}"
    );
    assert!(s.contains("enter: cordon"), "{s}");
    insta::assert_snapshot!("cordon_question_80x24", s);
    // A control-plane node: its name is typed.
    press(&mut a, "esc");
    press(&mut a, "esc");
    press(&mut a, "x");
    press(&mut a, "g");
    press(&mut a, "c");
    let s = screen(&a);
    assert!(
        s.contains("control-plane: cp-1") && s.contains("type cp-1 to cordon:"),
        "{s}"
    );
}

#[test]
fn a_drain_in_the_background_has_a_header_badge_and_quitting_asks() {
    let mut a = app(100, 30);
    press(&mut a, "G"); // w-2: nothing to evict
    press(&mut a, "d");
    type_str(&mut a, "w-2");
    press(&mut a, "enter");
    let s = screen(&a);
    assert!(s.contains("esc background") && s.contains("ctrl-x abort"), "{s}");
    press(&mut a, "esc");
    let s = screen(&a);
    let header = s.lines().next().unwrap_or_default();
    assert!(header.contains("draining 0/0"), "{s}");
    assert!(s.contains("d drain view"), "{s}");
    press(&mut a, "ctrl-c");
    let s = screen(&a);
    assert!(s.contains("Abort the drain and quit?"), "{s}");
    assert!(s.contains("y abort the drain and quit"), "{s}");
    press(&mut a, "esc");
    a.update(Msg::DrainDone {
        node: "w-2".into(),
        ok: true,
        text: "drained".into(),
    });
    let header = screen(&a).lines().next().unwrap_or_default().to_string();
    assert!(header.contains("drained ✔"), "{header}");
}

#[test]
fn the_dashboard_footer_mentions_the_nodes_table_at_80_columns() {
    let mut a = app(80, 24);
    press(&mut a, "esc");
    let s = screen(&a);
    assert!(s.lines().last().is_some_and(|l| l.contains("n nodes")), "{s}");
}
