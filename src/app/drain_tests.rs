//! Issue 13, group 4, the drain: the plan read to its end before it can
//! start, read-only as a dry run, a drain in the background, and quitting
//! while it runs.

use super::drain_view::DrainPhase;
use super::tests::{key, state, type_str};
use super::*;
use crate::signals::test_support::{add_node, add_pdb, add_pod, node, owned, pdb, synced};

/// A node `w-1` with `pods` pods of one ReplicaSet, guarded by a budget that
/// allows no disruption: the plan ends with its BLOCKED line.
fn long_plan(width: u16, height: u16, pods: usize) -> AppState {
    let mut app = state();
    app.update(Msg::Resize { width, height });
    let mut s = synced();
    add_node(&mut s, node("w-1", Some("z-a")));
    for i in 0..pods {
        let name = format!("web-{i:02}");
        let labels = [("app", "web")];
        add_pod(
            &mut s,
            owned("web", &name, Some("w-1"), "ReplicaSet", "web-rs", &labels),
        );
    }
    add_pdb(&mut s, pdb("web", "web", &[("app", "web")], None, (0, 2, 2, 2)));
    s.pdbs.state = crate::cluster::store::SyncState::Synced;
    app.live.store = s;
    app.update(Msg::Recompute { now: 100 });
    app.update(key("n"));
    app.update(key("d"));
    app
}

#[test]
fn the_drain_plan_scrolls_and_starts_only_once_read_to_its_end() {
    let mut app = long_plan(80, 24, 30);
    let page = app.drain_page();
    assert_eq!(
        page, 18,
        "80x24: 24 rows less header, footer, borders, summary and prompt"
    );
    let d = app.features.drain.as_ref().unwrap();
    let lines = d.wrapped_plan();
    let len = lines.len();
    let blocked = lines.iter().position(|l| l.contains("BLOCKED"));
    assert!(
        blocked.is_some_and(|b| b >= page),
        "below the first screen: {lines:#?}"
    );
    assert!(
        lines.iter().all(|l| l.chars().count() <= 78),
        "wrapped, not cut: {lines:#?}"
    );
    assert_eq!(d.below(page), len - page);
    assert!(!d.seen_end);
    assert!(
        d.summary().is_some_and(|s| s.contains("BLOCKED")),
        "the summary shows next to the prompt"
    );
    type_str(&mut app, "w-1");
    assert!(app.update(key("enter")).effects.is_empty());
    let n = app
        .notice(About::Command)
        .map(|n| n.text.clone())
        .unwrap_or_default();
    let page = app.drain_page();
    assert_eq!(page, 17, "the notice takes a row");
    assert!(n.contains(&format!("{} more lines below", len - page)), "{n}");
    // Arrows and pages scroll, clamped.
    app.update(key("down"));
    assert_eq!(app.features.drain.as_ref().unwrap().scroll, 1);
    app.update(key("up"));
    app.update(key("up"));
    assert_eq!(app.features.drain.as_ref().unwrap().scroll, 0);
    app.update(key("pagedown"));
    app.update(key("pagedown"));
    let d = app.features.drain.as_ref().unwrap();
    assert_eq!((d.scroll, d.below(page)), (len - page, 0));
    assert!(d.seen_end);
    let bottom = d.scroll;
    // Read to its end: the refusal no longer holds and goes, giving its row back.
    assert!(app.notice(About::Command).is_none(), "{:?}", app.nav.notices);
    let page = app.drain_page();
    assert_eq!(page, 18);
    app.update(key("pageup"));
    assert_eq!(
        app.features.drain.as_ref().unwrap().scroll,
        bottom.saturating_sub(page)
    );
    let o = app.update(key("enter"));
    assert!(
        matches!(
            o.effects.as_slice(),
            [Effect::Mutate {
                request: crate::actions::Request::Drain { .. },
                ..
            }]
        ),
        "{:?}",
        app.nav.notices
    );
}

#[test]
fn a_bigger_screen_that_shows_the_whole_plan_counts_as_read() {
    let mut app = long_plan(80, 24, 30);
    assert!(!app.features.drain.as_ref().unwrap().seen_end);
    app.update(Msg::Resize {
        width: 120,
        height: 60,
    });
    assert!(app.features.drain.as_ref().unwrap().seen_end);
    // An option that changes the plan, with its end on screen, keeps it read.
    app.update(key("f4"));
    assert!(app.features.drain.as_ref().unwrap().seen_end);
}

#[test]
fn read_only_shows_the_plan_as_a_dry_run() {
    let mut app = long_plan(80, 24, 3);
    app.update(key("esc"));
    app.session.readonly = true;
    let o = app.update(key("d"));
    assert!(
        o.effects.is_empty(),
        "a dry run is not a refusal: nothing to record"
    );
    let d = app.features.drain.as_ref().expect("the plan shows");
    assert!(d.dry_run && d.phase == DrainPhase::Confirm);
    type_str(&mut app, "w-1");
    assert!(
        app.features
            .drain
            .as_ref()
            .unwrap()
            .input
            .lines()
            .join("")
            .is_empty(),
        "no prompt to type in"
    );
    assert!(app.update(key("enter")).effects.is_empty());
}

#[test]
fn a_running_drain_goes_to_the_background_and_quitting_asks_first() {
    let mut app = long_plan(80, 50, 3);
    type_str(&mut app, "w-1");
    let o = app.update(key("enter"));
    assert!(matches!(
        o.effects.as_slice(),
        [Effect::Mutate {
            request: crate::actions::Request::Drain { .. },
            ..
        }]
    ));
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Nodes);
    assert!(app.drain_running());
    // ctrl-c asks; any other key keeps it running.
    let o = app.update(key("ctrl-c"));
    assert!(o.effects.is_empty() && app.features.ask_quit);
    let o = app.update(key("n"));
    assert!(o.effects.is_empty() && !app.features.ask_quit);
    assert_eq!(
        app.nav.mode,
        Mode::Nodes,
        "the key answered the question, nothing else"
    );
    // y aborts it, and kon quits once it has stopped.
    app.update(key("esc"));
    assert_eq!(
        app.update(key("q")).effects,
        vec![],
        "q on the dashboard asks too"
    );
    assert_eq!(app.update(key("y")).effects, vec![Effect::AbortDrain]);
    let o = app.update(Msg::DrainDone {
        node: "w-1".into(),
        ok: false,
        text: "aborted".into(),
    });
    assert_eq!(o.effects, vec![Effect::Quit]);
}

#[test]
fn quitting_again_while_the_abort_runs_leaves_at_once() {
    let mut app = long_plan(80, 50, 3);
    type_str(&mut app, "w-1");
    app.update(key("enter"));
    app.update(key("ctrl-c"));
    assert_eq!(app.update(key("y")).effects, vec![Effect::AbortDrain]);
    assert_eq!(app.update(key("ctrl-c")).effects, vec![Effect::Quit]);
}
