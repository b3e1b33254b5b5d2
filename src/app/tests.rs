use super::*;
use crate::app::keys::Key;
use crate::kubeconfig::target::Target;

pub(super) fn state() -> AppState {
    let target = Target {
        context: Some("prod".into()),
        server: Some("https://10.0.0.1:6443".into()),
        namespace: "default".into(),
        scope: None,
    };
    AppState::new(Settings::for_target(target))
}

pub(super) fn key(s: &str) -> Msg {
    Msg::Key(KeyChord::parse(s).unwrap())
}

pub(super) fn type_str(app: &mut AppState, s: &str) {
    for c in s.chars() {
        app.update(Msg::Key(KeyChord::plain(Key::Char(c))));
    }
}

#[test]
fn quit_keys_quit() {
    let mut app = state();
    assert_eq!(app.update(key("q")).effects, vec![Effect::Quit]);
    assert_eq!(app.update(key("ctrl-c")).effects, vec![Effect::Quit]);
}

#[test]
fn unbound_key_changes_nothing() {
    let mut app = state();
    assert_eq!(app.update(key("z")), Updated::default());
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = state();
    assert!(app.update(key("?")).changed);
    assert_eq!(app.nav.mode, Mode::Help);
    app.update(key("j"));
    assert_eq!(app.nav.help_scroll.offset, 1);
    app.update(key("G"));
    assert_eq!(
        app.nav.help_scroll.offset,
        app.help_rows().len() - app.help_page()
    );
    assert!(app.nav.help_scroll.offset > 0, "the help does not fit on 24 rows");
    // Past the end: clamped, and nothing to redraw.
    assert!(!app.update(key("j")).changed);
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Normal);
}

#[test]
fn command_line_runs_quit_and_reports_unknown() {
    let mut app = state();
    app.update(key(":"));
    assert_eq!(app.nav.mode, Mode::Command);
    type_str(&mut app, "quit");
    assert_eq!(app.nav.cmdline.lines(), ["quit"]);
    assert_eq!(app.update(key("enter")).effects, vec![Effect::Quit]);

    app.update(key(":"));
    assert_eq!(app.nav.cmdline.lines(), [""], "a new command line starts empty");
    type_str(&mut app, "bogus");
    app.update(key("enter"));
    assert_eq!(app.nav.mode, Mode::Normal);
    let notice = app.notice(About::Command).cloned().unwrap();
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(notice.text.contains("bogus"));
}

#[test]
fn command_line_editing_keys_reach_the_textarea() {
    let mut app = state();
    app.update(key(":"));
    type_str(&mut app, "helq");
    app.update(key("backspace"));
    type_str(&mut app, "p");
    assert_eq!(app.nav.cmdline.lines(), ["help"]);
    // q typed in the command line is text, not quit.
    assert!(app.update(key("q")).effects.is_empty());
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Normal);
    // Backspace on an empty line leaves command mode.
    app.update(key(":"));
    app.update(key("backspace"));
    assert_eq!(app.nav.mode, Mode::Normal);
}

#[test]
fn paste_is_one_line_and_only_in_command_mode() {
    let mut app = state();
    assert!(!app.update(Msg::Paste("q".into())).changed);
    app.update(key(":"));
    app.update(Msg::Paste("read\nonly".into()));
    assert_eq!(app.nav.cmdline.lines(), ["read only"]);
}

#[test]
fn readonly_command_turns_it_on() {
    let mut app = state();
    app.update(key(":"));
    type_str(&mut app, "readonly");
    app.update(key("enter"));
    assert!(app.session.readonly);
}

#[test]
fn focus_moves_on_the_grid_and_cycles() {
    let mut app = state();
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    app.update(key("l"));
    assert_eq!(app.focused_tile(), TileId::EtcdBackups);
    app.update(key("j"));
    assert_eq!(app.focused_tile(), TileId::Zones);
    app.update(key("tab"));
    app.update(key("tab"));
    app.update(key("tab"));
    assert_eq!(app.focused_tile(), TileId::Pods);
    app.update(key("tab"));
    assert_eq!(app.focused_tile(), TileId::ControlPlane);
    app.update(key("shift-tab"));
    assert_eq!(app.focused_tile(), TileId::Pods);
    app.update(key("shift-tab"));
    assert_eq!(app.focused_tile(), TileId::Findings);
    // At the edge: no change, no redraw.
    assert!(!app.update(key("j")).changed);
}

#[test]
fn redraw_asks_for_a_clear() {
    let mut app = state();
    assert_eq!(app.update(key("ctrl-l")).effects, vec![Effect::ClearScreen]);
}

#[test]
fn connection_updates_only_redraw_on_change() {
    let mut app = state();
    assert_eq!(app.live.connection, Connection::Connecting);
    let up = Connection::Connected {
        version: "v1.35.0".into(),
    };
    assert!(app.update(Msg::Cluster(Report::Connection(up.clone()))).changed);
    assert!(!app.update(Msg::Cluster(Report::Connection(up))).changed);
}

#[test]
fn problems_become_a_notice_that_help_clears() {
    let app_problems = vec!["a.toml:1:2: bad".to_string(), "b.toml:3:4: worse".to_string()];
    let mut app = AppState::new(Settings {
        problem: Some("no kubeconfig".into()),
        readonly: true,
        problems: app_problems,
        ..Settings::default()
    });
    assert!(app.notice(About::Files).unwrap().text.contains("+1 more"));
    assert!(matches!(app.live.connection, Connection::NoContext(_)));
    assert_eq!(app.notice(About::Connection).unwrap().text, "no kubeconfig");
    app.update(key("?"));
    assert!(app.notice(About::Files).is_none());
    assert!(
        app.notice(About::Connection).is_some(),
        "help does not hide connection trouble"
    );
    assert!(
        app.help_rows()
            .contains(&help::HelpRow::Problem("b.toml:3:4: worse".into()))
    );
}

#[test]
fn unreachable_shows_why_until_connected() {
    let mut app = state();
    app.update(Msg::Cluster(Report::Connection(Connection::Unreachable(
        "connection refused".into(),
    ))));
    let n = app.notice(About::Connection).cloned().unwrap();
    assert!(n.text.contains("connection refused") && n.level == NoticeLevel::Error);
    app.update(Msg::Cluster(Report::Connection(Connection::Connected {
        version: "v1.35.1".into(),
    })));
    assert!(app.nav.notices.is_empty());
}

#[test]
fn no_answer_counts_each_second_and_marks_the_data_stale_until_an_answer() {
    use crate::cluster::store::kinds::{Event, Kind};
    use crate::cluster::store::{Delta, SyncState};
    let mut app = state();
    app.update(Msg::Cluster(Report::Connection(Connection::Connected {
        version: "v1.35.1".into(),
    })));
    for d in [Delta::InitStart, Delta::InitDone] {
        app.update(Msg::Cluster(Report::Store {
            generation: app.live.generation,
            event: Box::new(Event::Node(d)),
        }));
    }
    assert_eq!(*app.live.store.state(Kind::Nodes), SyncState::Synced);
    let o = app.update(Msg::Cluster(Report::Connection(Connection::NoAnswer { secs: 3 })));
    assert!(o.changed);
    assert_eq!(app.live.connection.label(), "▲ no answer for 3s");
    assert!(matches!(
        app.live.store.state(Kind::Nodes),
        SyncState::Stale { .. }
    ));
    // The text follows the seconds.
    assert!(
        app.update(Msg::Cluster(Report::Connection(Connection::NoAnswer { secs: 4 })))
            .changed
    );
    assert_eq!(app.live.connection.label(), "▲ no answer for 4s");
    app.update(Msg::Cluster(Report::Connection(Connection::NoAnswer {
        secs: 12,
    })));
    assert_eq!(app.live.connection.label(), "✖ no answer for 12s");
    assert_eq!(app.live.connection.scope(), "crit");
    app.update(Msg::Cluster(Report::Connection(Connection::Connected {
        version: "v1.35.1".into(),
    })));
    assert_eq!(*app.live.store.state(Kind::Nodes), SyncState::Synced);
}

#[test]
fn store_changes_schedule_one_recompute_and_only_visible_changes_redraw() {
    use crate::cluster::slim::node::SlimNode;
    use crate::cluster::store::kinds::Event;
    use crate::cluster::store::{Delta, SyncState};
    let mut app = state();
    let node = |name: &str| {
        let mut n = SlimNode::default();
        n.metadata.name = Some(name.into());
        n
    };
    let msg = |d: Delta<String, SlimNode>| {
        Msg::Cluster(Report::Store {
            generation: 0,
            event: Box::new(Event::Node(d)),
        })
    };
    let o = app.update(msg(Delta::InitStart));
    assert_eq!(o.effects, vec![Effect::ScheduleRecompute]);
    assert!(o.changed, "the header shows the sync state");
    // More changes before the recompute: no second schedule.
    let o = app.update(msg(Delta::InitApply("a".into(), node("a"))));
    assert!(o.effects.is_empty());
    app.update(msg(Delta::InitDone));
    assert_eq!(app.live.store.nodes.state, SyncState::Synced);
    assert!(
        app.update(Msg::Recompute { now: 0 }).changed,
        "the panes appeared"
    );
    assert!(crate::app::tiles::tile_lines(&app.live.panes, TileId::Zones, app.live.now).is_some());
    // The same node again is no change at all: nothing scheduled or drawn,
    // and a recompute finds nothing changed.
    let o = app.update(msg(Delta::Apply("a".into(), node("a"))));
    assert!(o.effects.is_empty() && !o.changed, "{:?}", o.effects);
    assert!(!app.update(Msg::Recompute { now: 0 }).changed);
}

#[test]
fn enter_opens_the_focused_pane_esc_returns_and_scroll_is_clamped() {
    let mut app = state();
    app.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    app.update(key("enter"));
    assert_eq!(app.nav.mode, Mode::Pane);
    assert!(app.pane_open());
    // Nothing to scroll in an empty pane.
    assert!(!app.update(key("G")).changed);
    assert_eq!(app.nav.pane_scroll.offset, 0);
    // Help from a pane returns to the pane.
    app.update(key("?"));
    assert!(app.pane_open());
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Pane);
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Normal);
    assert!(!app.pane_open());
}

pub(super) fn with_nodes(names: &[&str]) -> AppState {
    use crate::signals::test_support::{add_node, add_quota, node, quota, synced};
    let mut app = state();
    app.update(Msg::Resize {
        width: 100,
        height: 12,
    });
    let mut s = synced();
    for (i, n) in names.iter().enumerate() {
        add_node(&mut s, node(n, Some(if i % 2 == 0 { "z-a" } else { "z-b" })));
    }
    add_quota(&mut s, quota("web", "q", &[("pods", 10.0, 10.0)]));
    add_quota(&mut s, quota("shop", "q", &[("pods", 1.0, 10.0)]));
    app.live.store = s;
    app.update(Msg::Recompute { now: 100 });
    app
}

fn cursor_name(app: &AppState) -> String {
    app.selected_node()
        .map(|r| r.name.to_string())
        .unwrap_or_default()
}

#[test]
fn nodes_table_opens_moves_filters_and_closes() {
    let names: Vec<String> = (0..20).map(|i| format!("node-{i:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut app = with_nodes(&refs);
    app.update(key("n"));
    assert_eq!(app.nav.mode, Mode::Nodes);
    assert_eq!(app.features.nodes_table.shown.len(), 20);
    assert_eq!(cursor_name(&app), "node-00");
    app.update(key("G"));
    assert_eq!(cursor_name(&app), "node-19");
    assert!(
        app.features.nodes_table.view.offset > 0,
        "the last row is scrolled into view"
    );
    assert!(app.update(key("k")).changed);
    assert_eq!(cursor_name(&app), "node-18");
    // The filter narrows as it is typed; Enter keeps it; Esc clears it, then leaves.
    app.update(key("/"));
    assert_eq!(app.nav.mode, Mode::Filter);
    type_str(&mut app, "'node-1");
    assert_eq!(app.features.nodes_table.shown.len(), 10);
    app.update(key("backspace"));
    assert_eq!(app.features.nodes_table.filter, "'node-");
    type_str(&mut app, "07");
    assert_eq!(cursor_name(&app), "node-07");
    app.update(key("enter"));
    assert_eq!(
        (app.nav.mode, app.features.nodes_table.shown.len()),
        (Mode::Nodes, 1)
    );
    app.update(key("esc"));
    assert_eq!(
        (app.nav.mode, app.features.nodes_table.shown.len()),
        (Mode::Nodes, 20)
    );
    assert_eq!(cursor_name(&app), "node-07", "the cursor stays on its node");
    // Esc in the filter line drops what was typed.
    app.update(key("/"));
    type_str(&mut app, "zzz");
    assert!(app.features.nodes_table.shown.is_empty());
    app.update(key("esc"));
    assert_eq!(
        (app.nav.mode, app.features.nodes_table.shown.len()),
        (Mode::Nodes, 20)
    );
    // Sorting: reverse name order puts node-19 first, the cursor follows node-07.
    app.update(key("<"));
    assert_eq!(app.features.nodes_table.sort, nodes_table::Column::Name);
    app.update(key("S"));
    assert_eq!(
        app.node_rows()[app.features.nodes_table.shown[0]].name.as_ref(),
        "node-19"
    );
    assert_eq!(cursor_name(&app), "node-07");
    // Help and the command line return to the table.
    app.update(key("?"));
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Nodes);
    app.update(key(":"));
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Nodes);
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Normal);
}

#[test]
fn nodes_command_and_an_empty_table() {
    let mut app = state();
    app.update(key(":"));
    type_str(&mut app, "nodes");
    app.update(key("enter"));
    assert_eq!(app.nav.mode, Mode::Nodes);
    assert!(app.selected_node().is_none());
    for k in ["j", "G", "pagedown", "s", "S"] {
        app.update(key(k));
    }
    assert!(app.selected_node().is_none(), "no rows, no cursor, no panic");
}

#[test]
fn ns_command_scopes_the_namespaced_panes() {
    let mut app = with_nodes(&["a"]);
    for ns in ["web", "shop"] {
        let record = crate::signals::test_support::namespace(ns);
        app.live.store.namespaces.items.insert(ns.into(), record);
    }
    let gauges = |app: &AppState| {
        app.live
            .panes
            .quotas
            .as_ref()
            .map(|q| q.gauges.len())
            .unwrap_or(0)
    };
    assert_eq!(gauges(&app), 2);
    app.update(key(":"));
    type_str(&mut app, "ns web");
    let o = app.update(key("enter"));
    assert!(o.effects.contains(&Effect::ScheduleRecompute));
    assert_eq!(app.session.target.scope.as_deref(), Some("web"));
    app.update(Msg::Recompute { now: 101 });
    assert_eq!(gauges(&app), 1);
    app.update(key(":"));
    type_str(&mut app, "ns all");
    app.update(key("enter"));
    app.update(Msg::Recompute { now: 102 });
    assert_eq!((app.session.target.scope.as_deref(), gauges(&app)), (None, 2));
    // A namespace the cluster does not have is refused, in kubens's words,
    // and the panes keep their scope.
    app.update(key(":"));
    type_str(&mut app, "ns nope");
    let o = app.update(key("enter"));
    assert!(o.effects.is_empty(), "{:?}", o.effects);
    let notice = app.notice(About::Command).expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Error);
    assert_eq!(notice.text, "no namespace exists with name \"nope\"");
    assert_eq!(app.session.target.scope, None);
}

#[test]
fn losing_the_api_marks_synced_kinds_stale_until_it_answers() {
    use crate::cluster::store::{Kind, SyncState};
    let mut app = with_nodes(&["a"]);
    app.live.store.pods.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "pods".into(),
    };
    app.update(Msg::Cluster(Report::Connection(Connection::Connected {
        version: "v1".into(),
    })));
    let o = app.update(Msg::Cluster(Report::Connection(Connection::Unreachable(
        "timeout".into(),
    ))));
    assert!(o.changed && o.effects.contains(&Effect::ScheduleRecompute));
    assert!(matches!(
        app.live.store.state(Kind::Nodes),
        SyncState::Stale { .. }
    ));
    assert!(
        matches!(app.live.store.state(Kind::Pods), SyncState::Forbidden { .. }),
        "a forbidden kind stays forbidden"
    );
    // A watch that failed on its own keeps its own staleness.
    app.live.store.quotas.state = SyncState::Stale {
        since: 1,
        reason: "watch failed".into(),
    };
    app.update(Msg::Cluster(Report::Connection(Connection::Connected {
        version: "v1".into(),
    })));
    assert_eq!(*app.live.store.state(Kind::Nodes), SyncState::Synced);
    assert!(matches!(
        app.live.store.state(Kind::ResourceQuotas),
        SyncState::Stale { .. }
    ));
    // Never connected: nothing to mark.
    let mut fresh = with_nodes(&["a"]);
    fresh.update(Msg::Cluster(Report::Connection(Connection::Unreachable(
        "refused".into(),
    ))));
    assert_eq!(*fresh.live.store.state(Kind::Nodes), SyncState::Synced);
}

#[test]
fn marked_nodes_are_cordoned_together_and_read_only_refuses() {
    let mut app = with_nodes(&["a", "b", "c"]);
    app.update(key("n"));
    app.update(key("<")); // by name: a, b, c
    app.update(key("space")); // mark a, cursor to b
    app.update(key("j"));
    app.update(key("space")); // mark c
    assert_eq!(app.features.nodes_table.marked.len(), 2);
    let o = app.update(key("c"));
    assert_eq!(
        o.effects,
        vec![Effect::Mutate {
            request: crate::actions::Request::cordon(vec!["a".into(), "c".into()], true),
            read_only: false
        }]
    );
    assert!(app.features.nodes_table.marked.is_empty(), "marks are used up");
    // Nothing marked: the node under the cursor.
    let o = app.update(key("u"));
    assert_eq!(
        o.effects,
        vec![Effect::Mutate {
            request: crate::actions::Request::cordon(vec!["c".into()], false),
            read_only: false
        }]
    );
    // Read-only: refused, said, and recorded.
    app.session.readonly = true;
    let o = app.update(key("c"));
    assert_eq!(
        o.effects,
        vec![Effect::Mutate {
            request: crate::actions::Request::cordon(vec!["c".into()], true),
            read_only: true
        }]
    );
    assert!(
        app.notice(About::Command)
            .is_some_and(|n| n.text.contains("read-only"))
    );
    app.update(Msg::ActionDone {
        ok: false,
        text: "cordon failed: x".into(),
    });
    assert_eq!(
        app.notice(About::Command).map(|n| n.level),
        Some(NoticeLevel::Error)
    );
}

#[test]
fn drain_needs_the_typed_name_and_a_runnable_plan() {
    use crate::signals::test_support::{add_pod, pod};
    let mut app = with_nodes(&["a", "b"]);
    let mut bare = pod("default", "debug", Some("a"));
    bare.owner = None;
    add_pod(&mut app.live.store, bare);
    app.update(key("n"));
    app.update(key("<")); // by name
    app.update(key("g"));
    app.update(key("d"));
    assert_eq!(app.nav.mode, Mode::Drain);
    let d = app.features.drain.as_ref().unwrap();
    assert!(!d.plans[0].can_run(), "the unmanaged pod needs force");
    assert!(
        app.features.drain.as_ref().unwrap().seen_end,
        "the short plan fits on screen"
    );
    // Typing the name is not enough while a pod is refused.
    type_str(&mut app, "a");
    assert!(app.update(key("enter")).effects.is_empty());
    assert!(app.notice(About::Command).is_some_and(|n| n.text.contains("F4")));
    app.update(key("f4"));
    assert!(app.features.drain.as_ref().unwrap().opts.force);
    let o = app.update(key("enter"));
    assert!(
        matches!(o.effects.as_slice(), [Effect::Mutate { request: crate::actions::Request::Drain { plans, .. }, .. }] if plans[0].node == "a")
    );
    assert_eq!(
        app.features.drain.as_ref().unwrap().phase,
        drain_view::DrainPhase::Running
    );
    // While it runs, Esc keeps it running in the background; d shows it again; ctrl-x aborts.
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Nodes);
    assert!(app.drain_running());
    app.update(key("d"));
    assert_eq!(app.nav.mode, Mode::Drain);
    assert_eq!(app.update(key("ctrl-x")).effects, vec![Effect::AbortDrain]);
    let debug = crate::drain::plan::PodRef::new("default", "debug");
    app.update(Msg::DrainProgress {
        pod: debug.clone(),
        state: crate::drain::run::PodProgress::Gone,
    });
    assert_eq!(app.features.drain.as_ref().unwrap().counts("a"), (1, 1));
    app.update(Msg::DrainDone {
        node: "a".into(),
        ok: true,
        text: "drained".into(),
    });
    assert_eq!(
        app.features.drain.as_ref().unwrap().phase,
        drain_view::DrainPhase::Finished
    );
    app.update(key("esc"));
    assert_eq!((app.nav.mode, app.features.drain.is_none()), (Mode::Nodes, true));
    // A wrong name does not start anything; Esc cancels.
    app.update(key("d"));
    type_str(&mut app, "b");
    app.update(key("f4"));
    assert!(
        app.update(key("enter")).effects.is_empty(),
        "typed b, the node is a"
    );
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Nodes);
    // Read-only: the plan opens as a dry run, and nothing can start it.
    app.session.readonly = true;
    let o = app.update(key("d"));
    assert!(o.effects.is_empty());
    assert_eq!(app.nav.mode, Mode::Drain);
    assert!(app.features.drain.as_ref().unwrap().dry_run);
    app.update(key("f4"));
    app.update(key("pagedown"));
    type_str(&mut app, "a");
    assert!(app.update(key("enter")).effects.is_empty());
    assert!(
        app.notice(About::Command)
            .is_some_and(|n| n.text.contains("dry run, nothing will change"))
    );
    assert_eq!(
        app.features.drain.as_ref().unwrap().phase,
        drain_view::DrainPhase::Confirm
    );
    app.update(key("esc"));
    assert_eq!((app.nav.mode, app.features.drain.is_none()), (Mode::Nodes, true));
}
