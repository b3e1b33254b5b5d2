use super::*;
use crate::config::keymap::default_keymap;

fn state() -> AppState {
    let target = Target {
        context: Some("prod".into()),
        server: Some("https://10.0.0.1:6443".into()),
        namespace: "default".into(),
    };
    AppState::new(target, None, false, default_keymap(), vec![])
}

fn key(s: &str) -> Msg {
    Msg::Key(KeyChord::parse(s).unwrap())
}

fn type_str(app: &mut AppState, s: &str) {
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
    assert_eq!(app.update(key("z")), Outcome::default());
}

#[test]
fn help_opens_scrolls_and_closes() {
    let mut app = state();
    assert!(app.update(key("?")).changed);
    assert_eq!(app.mode, Mode::Help);
    app.update(key("j"));
    assert_eq!(app.help_scroll, 1);
    app.update(key("G"));
    assert_eq!(app.help_scroll, app.help_rows().len() - app.help_page());
    assert!(app.help_scroll > 0, "the help does not fit on 24 rows");
    // Past the end: clamped, and nothing to redraw.
    assert!(!app.update(key("j")).changed);
    app.update(key("esc"));
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn command_line_runs_quit_and_reports_unknown() {
    let mut app = state();
    app.update(key(":"));
    assert_eq!(app.mode, Mode::Command);
    type_str(&mut app, "quit");
    assert_eq!(app.cmdline.lines(), ["quit"]);
    assert_eq!(app.update(key("enter")).effects, vec![Effect::Quit]);

    app.update(key(":"));
    assert_eq!(app.cmdline.lines(), [""], "a new command line starts empty");
    type_str(&mut app, "bogus");
    app.update(key("enter"));
    assert_eq!(app.mode, Mode::Normal);
    let notice = app.notice(About::Command).cloned().unwrap();
    assert_eq!(notice.level, Level::Error);
    assert!(notice.text.contains("bogus"));
}

#[test]
fn command_line_editing_keys_reach_the_textarea() {
    let mut app = state();
    app.update(key(":"));
    type_str(&mut app, "helq");
    app.update(key("backspace"));
    type_str(&mut app, "p");
    assert_eq!(app.cmdline.lines(), ["help"]);
    // q typed in the command line is text, not quit.
    assert!(app.update(key("q")).effects.is_empty());
    app.update(key("esc"));
    assert_eq!(app.mode, Mode::Normal);
    // Backspace on an empty line leaves command mode.
    app.update(key(":"));
    app.update(key("backspace"));
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn paste_is_one_line_and_only_in_command_mode() {
    let mut app = state();
    assert!(!app.update(Msg::Paste("q".into())).changed);
    app.update(key(":"));
    app.update(Msg::Paste("read\nonly".into()));
    assert_eq!(app.cmdline.lines(), ["read only"]);
}

#[test]
fn readonly_command_turns_it_on() {
    let mut app = state();
    app.update(key(":"));
    type_str(&mut app, "readonly");
    app.update(key("enter"));
    assert!(app.readonly);
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
    assert_eq!(app.focused_tile(), TileId::ControlPlane);
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
    assert_eq!(app.connection, Connection::Connecting);
    let up = Connection::Connected {
        version: "v1.35.0".into(),
    };
    assert!(app.update(Msg::Connection(up.clone())).changed);
    assert!(!app.update(Msg::Connection(up)).changed);
}

#[test]
fn problems_become_a_notice_that_help_clears() {
    let app_problems = vec!["a.toml:1:2: bad".to_string(), "b.toml:3:4: worse".to_string()];
    let mut app = AppState::new(
        Target::default(),
        Some("no kubeconfig".into()),
        true,
        default_keymap(),
        app_problems,
    );
    assert!(app.notice(About::Files).unwrap().text.contains("+1 more"));
    assert!(matches!(app.connection, Connection::NoContext(_)));
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
    app.update(Msg::Connection(Connection::Unreachable(
        "connection refused".into(),
    )));
    let n = app.notice(About::Connection).cloned().unwrap();
    assert!(n.text.contains("connection refused") && n.level == Level::Error);
    app.update(Msg::Connection(Connection::Connected {
        version: "v1.35.1".into(),
    }));
    assert!(app.notices.is_empty());
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
    let msg = |d: Delta<String, SlimNode>| Msg::Cluster {
        generation: 0,
        event: Box::new(Event::Node(d)),
    };
    let o = app.update(msg(Delta::InitStart));
    assert_eq!(o.effects, vec![Effect::ScheduleRecompute]);
    assert!(o.changed, "the header shows the sync state");
    // More changes before the recompute: no second schedule.
    let o = app.update(msg(Delta::InitApply("a".into(), node("a"))));
    assert!(o.effects.is_empty());
    app.update(msg(Delta::InitDone));
    assert_eq!(app.store.nodes.state, SyncState::Synced);
    assert!(
        app.update(Msg::Recompute { now: 0 }).changed,
        "the panes appeared"
    );
    assert!(app.panes.tile_lines(TileId::Zones).is_some());
    // A change nobody sees (the same node again): recompute reports no change.
    let o = app.update(msg(Delta::Apply("a".into(), node("a"))));
    assert_eq!(o.effects, vec![Effect::ScheduleRecompute]);
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
    assert_eq!(app.mode, Mode::Pane);
    assert!(app.pane_open());
    // Nothing to scroll in an empty pane.
    assert!(!app.update(key("G")).changed);
    assert_eq!(app.pane_scroll, 0);
    // Help from a pane returns to the pane.
    app.update(key("?"));
    assert!(app.pane_open());
    app.update(key("esc"));
    assert_eq!(app.mode, Mode::Pane);
    app.update(key("esc"));
    assert_eq!(app.mode, Mode::Normal);
    assert!(!app.pane_open());
}
