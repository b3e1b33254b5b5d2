//! The `:` command line: Tab completion and `:ns` checks.

use super::tests::{key, type_str, with_nodes};
use super::*;

#[test]
fn ns_command_says_when_it_could_not_check_the_namespace() {
    use crate::cluster::store::SyncState;
    let mut app = with_nodes(&["a"]);
    app.live.store.namespaces.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "namespaces".into(),
    };
    app.update(key(":"));
    type_str(&mut app, "ns web");
    app.update(key("enter"));
    assert_eq!(app.session.target.scope.as_deref(), Some("web"));
    let notice = app.notice(About::Command).expect("a notice");
    assert_eq!(notice.level, NoticeLevel::Warn);
    assert_eq!(
        notice.text,
        "namespaced panes show namespace web, not checked: you may not list namespaces"
    );
}

#[test]
fn tab_completes_the_command_line() {
    let mut app = with_nodes(&["a"]);
    for ns in ["shop", "shop-staging", "web"] {
        let record = crate::signals::test_support::namespace(ns);
        app.live.store.namespaces.items.insert(ns.into(), record);
    }
    let o = app.update(key(":"));
    assert_eq!(o.effects, vec![Effect::LoadContexts], "contexts are read for Tab");
    let item = |name: &str| crate::picker::PickItem {
        name: name.into(),
        detail: String::new(),
        current: false,
    };
    app.update(Msg::Contexts(Ok(vec![item("prod"), item("staging-eu")])));
    type_str(&mut app, "nod");
    app.update(key("tab"));
    assert_eq!(app.nav.cmdline.lines(), ["nodes "]);
    app.update(key("esc"));
    app.update(key(":"));
    type_str(&mut app, "ns sh");
    app.update(key("tab"));
    assert_eq!(app.nav.cmdline.lines(), ["ns shop"]);
    let listed = app.notice(About::Command).map(|n| n.text.clone());
    assert_eq!(listed.as_deref(), Some("shop  shop-staging"));
    type_str(&mut app, "-");
    app.update(key("tab"));
    assert_eq!(app.nav.cmdline.lines(), ["ns shop-staging "]);
    assert!(app.notice(About::Command).is_none(), "one match: the list goes");
    app.update(key("esc"));
    app.update(key(":"));
    type_str(&mut app, "ctx st");
    app.update(key("tab"));
    assert_eq!(app.nav.cmdline.lines(), ["ctx staging-eu "]);
    // Typing goes on at the end of the completed line.
    type_str(&mut app, "x");
    assert_eq!(app.nav.cmdline.lines(), ["ctx staging-eu x"]);
}

#[test]
fn a_drain_refusal_goes_when_the_option_that_fixes_it_is_set() {
    use crate::signals::test_support::{add_pod, pod};
    let mut app = with_nodes(&["a"]);
    let mut scratch = pod("default", "cache", Some("a"));
    scratch.owner = Some(("ReplicaSet".into(), "cache-1".into()));
    scratch.empty_dir = true;
    add_pod(&mut app.live.store, scratch);
    app.update(key("n"));
    app.update(key("d"));
    assert_eq!(app.nav.mode, Mode::Drain);
    type_str(&mut app, "a");
    assert!(app.update(key("enter")).effects.is_empty());
    let refused = app.notice(About::Command).map(|n| n.text.clone());
    assert!(
        refused.as_deref().is_some_and(|t| t.contains("F3")),
        "{refused:?}"
    );
    // F3 allows the emptyDir pod: the refusal is gone at once, nothing stale.
    let o = app.update(key("f3"));
    assert!(o.changed);
    assert!(app.notice(About::Command).is_none(), "{:?}", app.nav.notices);
    // Off again: the plan refuses again, but only Enter says so.
    app.update(key("f3"));
    assert!(app.notice(About::Command).is_none());
    app.update(key("enter"));
    assert!(app.notice(About::Command).is_some_and(|n| n.text.contains("F3")));
    // A refusal for the typed name is withdrawn once the name is right.
    app.update(key("f3"));
    app.update(key("backspace"));
    app.update(key("enter"));
    let text = app.notice(About::Command).map(|n| n.text.clone());
    assert_eq!(text.as_deref(), Some("type a to confirm"));
    type_str(&mut app, "a");
    assert!(app.notice(About::Command).is_none());
}

#[test]
fn a_switch_refused_during_a_drain_is_withdrawn_when_it_ends() {
    use crate::signals::test_support::{add_pod, pod};
    let mut app = with_nodes(&["a"]);
    let mut web = pod("default", "web", Some("a"));
    web.owner = Some(("ReplicaSet".into(), "web-1".into()));
    add_pod(&mut app.live.store, web);
    app.update(key("n"));
    app.update(key("d"));
    type_str(&mut app, "a");
    let o = app.update(key("enter"));
    assert!(matches!(
        o.effects.as_slice(),
        [Effect::Mutate {
            request: crate::actions::Request::Drain { .. },
            ..
        }]
    ));
    app.switch_context("other".into(), false);
    let refused = |app: &AppState| {
        app.notice(About::Command)
            .is_some_and(|n| n.text.contains("a drain is running"))
    };
    assert!(refused(&app));
    // Still running: still so.
    app.update(Msg::Resize {
        width: 100,
        height: 12,
    });
    assert!(refused(&app));
    // Over (however it ended): the refusal no longer holds and goes.
    if let Some(d) = app.features.drain.as_mut() {
        d.phase = drain_view::DrainPhase::Finished;
    }
    assert!(
        app.update(Msg::Resize {
            width: 100,
            height: 12
        })
        .changed
    );
    assert!(app.notice(About::Command).is_none(), "{:?}", app.nav.notices);
}
