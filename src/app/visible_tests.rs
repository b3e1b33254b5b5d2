//! Issue 13, group 4: act only on what the user can see. Marks, the
//! cordon/uncordon confirmation, control-plane names typed, and sorting on
//! shown columns only (the drain's part is in `drain_tests`).

use super::nodes_columns::{Column, shown_columns};
use super::tests::{key, state, type_str};
use super::*;
use crate::signals::test_support::{add_node, cp_node, node, synced};

/// Nodes cp-1, cp-2 (control plane), w-1, w-2, worker-c-4; the table open,
/// sorted by name, cursor on the top.
fn cluster(width: u16, height: u16) -> AppState {
    let mut app = state();
    app.update(Msg::Resize { width, height });
    let mut s = synced();
    add_node(&mut s, cp_node("cp-1", Some("z-a")));
    add_node(&mut s, cp_node("cp-2", Some("z-b")));
    for n in ["w-1", "w-2", "worker-c-4"] {
        add_node(&mut s, node(n, Some("z-a")));
    }
    app.live.store = s;
    app.update(Msg::Recompute { now: 100 });
    app.update(key("n"));
    app.features.nodes_table.sort = Column::Name;
    app.update(key("g"));
    app.refresh_table();
    app
}

fn filter(app: &mut AppState, text: &str) {
    app.update(key("/"));
    type_str(app, text);
    app.update(key("enter"));
}

fn cordon(nodes: &[&str]) -> Vec<Effect> {
    let nodes = nodes.iter().map(|n| n.to_string()).collect();
    vec![Effect::Mutate {
        request: crate::actions::Request::cordon(nodes, true),
        read_only: false,
    }]
}

fn mark_four(app: &mut AppState) {
    for _ in 0..4 {
        app.update(key("space")); // cp-1, cp-2, w-1, w-2
    }
    assert_eq!(app.features.nodes_table.marked.len(), 4);
}

#[test]
fn the_issues_sequence_cordons_only_the_row_on_screen() {
    // Mark 4 (two control-plane nodes among them), Esc, n, filter to one node, c.
    let mut app = cluster(100, 30);
    mark_four(&mut app);
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Normal);
    assert!(
        app.features.nodes_table.marked.is_empty(),
        "leaving the table drops the marks"
    );
    app.update(key("n"));
    filter(&mut app, "'worker-c-4");
    assert_eq!(app.features.nodes_table.shown.len(), 1);
    let o = app.update(key("c"));
    assert_eq!(o.effects, cordon(&["worker-c-4"]));
    assert!(app.features.confirm.is_none());
}

#[test]
fn hidden_marks_are_left_out_and_kon_asks_first_naming_every_node() {
    let mut app = cluster(100, 30);
    mark_four(&mut app);
    filter(&mut app, "'worker-c-4");
    assert_eq!(app.features.nodes_table.hidden_marks(app.node_rows()).len(), 4);
    // Nothing marked is shown: the row on screen, but only after asking.
    let o = app.update(key("c"));
    assert!(o.effects.is_empty(), "{:?}", o.effects);
    let c = app.features.confirm.as_ref().expect("a confirmation");
    assert_eq!(c.nodes, ["worker-c-4"]);
    assert_eq!(c.left_out, ["cp-1", "cp-2", "w-1", "w-2"]);
    assert!(c.control_plane.is_empty());
    // Esc: nothing happens.
    assert!(app.update(key("esc")).effects.is_empty());
    assert!(app.features.confirm.is_none());
    assert_eq!(
        app.nav.mode,
        Mode::Nodes,
        "Esc closes the question, not the table"
    );
    app.update(key("c"));
    let o = app.update(key("enter"));
    assert_eq!(o.effects, cordon(&["worker-c-4"]));
    assert_eq!(
        app.features.nodes_table.marked.len(),
        4,
        "the hidden marks stay (and stay out of every action)"
    );
    // A filter showing some of the marks: those, and the hidden ones named.
    app.update(key("esc")); // clears the filter
    filter(&mut app, "'w-");
    let o = app.update(key("c"));
    assert!(o.effects.is_empty());
    let c = app.features.confirm.as_ref().expect("a confirmation");
    assert_eq!(
        (c.nodes.clone(), c.left_out.clone()),
        (
            vec!["w-1".to_string(), "w-2".into()],
            vec!["cp-1".to_string(), "cp-2".into()]
        )
    );
    assert_eq!(app.update(key("enter")).effects, cordon(&["w-1", "w-2"]));
    // w-1 and w-2 are unmarked now: a drain plans the row under the cursor
    // and names the marks it leaves out.
    app.update(key("d"));
    let d = app.features.drain.as_ref().expect("the plan");
    assert_eq!(d.nodes, ["w-1"]);
    assert!(
        d.plan_lines()
            .iter()
            .any(|l| l == "not included (marked, but hidden by the filter): cp-1, cp-2"),
        "{:#?}",
        d.plan_lines()
    );
    app.update(key("esc"));
    // Only hidden marks and no row shown: nothing to act on, and it says so.
    filter(&mut app, "nothing-like-this");
    let o = app.update(key("c"));
    assert!(o.effects.is_empty() && app.features.confirm.is_none());
    assert!(
        app.notice(About::Command)
            .is_some_and(|n| n.text.contains("hidden by the filter")),
        "{:?}",
        app.nav.notices
    );
}

#[test]
fn visible_marks_act_at_once_and_x_clears_every_mark() {
    let mut app = cluster(100, 30);
    app.update(key("j"));
    app.update(key("j"));
    app.update(key("space")); // w-1
    app.update(key("space")); // w-2
    assert_eq!(app.update(key("c")).effects, cordon(&["w-1", "w-2"]));
    assert!(app.features.nodes_table.marked.is_empty(), "marks are used up");
    app.update(key("k"));
    app.update(key("space"));
    app.update(key("space"));
    assert_eq!(app.features.nodes_table.marked.len(), 2);
    assert!(app.update(key("x")).changed);
    assert!(app.features.nodes_table.marked.is_empty());
}

#[test]
fn marked_rows_scrolled_off_screen_are_named_before_acting() {
    let mut app = state();
    app.update(Msg::Resize {
        width: 100,
        height: 10,
    });
    let mut s = synced();
    for i in 0..20 {
        add_node(&mut s, node(&format!("node-{i:02}"), Some("z-a")));
    }
    app.live.store = s;
    app.update(Msg::Recompute { now: 100 });
    app.update(key("n"));
    app.update(key("<")); // by name
    app.update(key("g"));
    app.update(key("space")); // node-00
    app.update(key("G"));
    app.update(key("space")); // node-19
    let o = app.update(key("u"));
    assert!(o.effects.is_empty(), "node-00 is off screen: ask first");
    let c = app.features.confirm.as_ref().expect("a confirmation");
    assert_eq!(c.nodes, ["node-00", "node-19"]);
    assert_eq!(
        app.update(key("enter")).effects,
        vec![Effect::Mutate {
            request: crate::actions::Request::cordon(vec!["node-00".into(), "node-19".into()], false),
            read_only: false
        }]
    );
}

#[test]
fn control_plane_nodes_need_their_name_typed() {
    let mut app = cluster(100, 30);
    // The cursor is on cp-1.
    for verb in ["c", "u"] {
        let o = app.update(key(verb));
        assert!(o.effects.is_empty());
        let c = app.features.confirm.as_ref().expect("a typed confirmation");
        assert_eq!(c.expected().as_deref(), Some("cp-1"));
        // Enter alone, or another name, does nothing.
        assert!(app.update(key("enter")).effects.is_empty());
        assert!(
            app.notice(About::Command)
                .is_some_and(|n| n.text.contains("type cp-1"))
        );
        type_str(&mut app, "cp-2");
        assert!(app.update(key("enter")).effects.is_empty());
        for _ in 0..4 {
            app.update(key("backspace"));
        }
        type_str(&mut app, "cp-1");
        let o = app.update(key("enter"));
        assert_eq!(
            o.effects,
            vec![Effect::Mutate {
                request: crate::actions::Request::cordon(vec!["cp-1".into()], verb == "c"),
                read_only: false
            }]
        );
        assert!(app.features.confirm.is_none());
    }
    // Several nodes with control-plane ones: their names are typed.
    app.update(key("space"));
    app.update(key("space"));
    app.update(key("space")); // cp-1, cp-2, w-1
    app.update(key("c"));
    let c = app.features.confirm.as_ref().expect("a typed confirmation");
    assert_eq!(c.expected().as_deref(), Some("cp-1 cp-2"));
    app.update(key("esc"));
    // The drain of the same nodes asks for the same names, not the count.
    app.update(key("d"));
    let d = app.features.drain.as_ref().expect("the plan");
    assert_eq!(d.expected(), "cp-1 cp-2");
    // Read-only: refused (and recorded) without a question.
    app.update(key("esc"));
    app.session.readonly = true;
    let o = app.update(key("c"));
    assert!(matches!(
        o.effects.as_slice(),
        [Effect::Mutate { read_only: true, .. }]
    ));
    assert!(app.features.confirm.is_none());
}

#[test]
fn sorting_cycles_through_the_shown_columns_only() {
    let mut app = cluster(80, 24);
    let shown = shown_columns(80);
    assert!(!shown.contains(&Column::Roles) && !shown.contains(&Column::Version));
    let mut seen = Vec::new();
    for _ in 0..(2 * Column::ALL.len()) {
        app.update(key("s"));
        seen.push(app.features.nodes_table.sort);
    }
    assert!(seen.iter().all(|c| shown.contains(c)), "{seen:?}");
    assert!(
        shown.iter().all(|c| seen.contains(c)),
        "every shown column is reachable"
    );
    app.update(key("<"));
    assert!(shown.contains(&app.features.nodes_table.sort));
    // Sorted on a column that a narrower screen drops: back to status.
    app.update(Msg::Resize {
        width: 200,
        height: 24,
    });
    while app.features.nodes_table.sort != Column::Version {
        app.update(key("s"));
    }
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    assert_eq!(app.features.nodes_table.sort, Column::Status);
}
