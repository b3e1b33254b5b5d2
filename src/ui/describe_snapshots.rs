//! The describe and YAML views at 80x24 and 160x48: the data/etl-worker
//! pod with its OOMKilled last state, reached with Enter from the events
//! view; its YAML with a search; loading and the API's error; Esc back.

use super::events_snapshots::app as events_app;
use super::pane_snapshots::{press, screen};
use crate::app::action::Mode;
use crate::app::{AppState, Effect, Msg};
use crate::cluster::{ObjectKind, ObjectRef};
use crate::config::color::ColorDepth;
use crate::config::theme;

/// The events view with Enter pressed on its first row (the ledger pod's
/// BackOff): the request the view made.
fn opened(width: u16, height: u16) -> (AppState, u64, ObjectRef) {
    let mut a = events_app(width, height);
    let u = a.update(Msg::Key(crate::app::keys::KeyChord::parse("enter").unwrap()));
    let Some(Effect::Describe { request, target }) = u.effects.first().cloned() else {
        panic!("no read asked: {:?}", u.effects);
    };
    (a, request, target)
}

fn loaded(width: u16, height: u16) -> AppState {
    let (mut a, request, _) = opened(width, height);
    let pod = crate::describe::layout_tests::pod();
    a.update(Msg::Described {
        request,
        result: Ok(pod),
    });
    a
}

#[test]
fn enter_in_the_events_view_opens_the_events_object() {
    let (a, _, target) = opened(80, 24);
    assert_eq!(target, ObjectRef::pod("payments", "ledger-7d9f8-x2k4p"));
    assert_eq!(a.nav.mode, Mode::Describe);
    let s = screen(&a);
    assert!(
        s.contains("describe pod/ledger-7d9f8-x2k4p -n payments (loading…)"),
        "{s}"
    );
    assert!(s.contains("loading…"), "{s}");
}

#[test]
fn describe_80x24() {
    let a = loaded(80, 24);
    let s = screen(&a);
    assert!(s.contains("worker-c-1 (zone unknown)"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn describe_160x48_shows_the_oomkilled_last_state() {
    let mut a = loaded(160, 48);
    for _ in 0..14 {
        press(&mut a, "j");
    }
    let s = screen(&a);
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Last State: Terminated ┃ ┃ Reason: OOMKilled ┃ ┃ Exit Code: 137"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn yaml_80x24_and_back() {
    let mut a = loaded(80, 24);
    press(&mut a, "y");
    let s = screen(&a);
    assert!(
        s.contains("yaml pod/ledger-7d9f8-x2k4p -n payments — d describe"),
        "{s}"
    );
    assert!(s.lines().any(|l| l.contains("apiVersion: v1")), "{s}");
    insta::assert_snapshot!(s);
    press(&mut a, "d");
    assert!(screen(&a).contains("etl-worker-5b8c7d9f4q-m2vzt"));
    assert_eq!(
        a.features.describe.format,
        crate::app::describe_view::Format::Describe
    );
}

#[test]
fn yaml_160x48_with_a_search() {
    let mut a = loaded(160, 48);
    press(&mut a, "y");
    press(&mut a, "/");
    for c in "oomkilled".chars() {
        press(&mut a, &c.to_string());
    }
    press(&mut a, "enter");
    let v = &a.features.describe;
    assert_eq!(v.matches.len(), 1, "{:?}", v.matches);
    let hit = v.matches[0];
    assert!(v.scroll.offset <= hit && hit < v.scroll.offset + a.describe_page());
    let s = screen(&a);
    assert!(s.contains("/oomkilled: 1 found"), "{s}");
    insta::assert_snapshot!(s);
    // n wraps around to the one match; Esc clears the search, then leaves.
    press(&mut a, "n");
    assert_eq!(a.features.describe.matches, vec![hit]);
    press(&mut a, "esc");
    assert!(a.features.describe.search.is_empty());
    assert_eq!(a.nav.mode, Mode::Describe);
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Events);
}

#[test]
fn the_apis_error_is_shown_as_kubectl_words_it() {
    let (mut a, request, _) = opened(80, 24);
    let text = "Error from server (NotFound): pods \"ledger-7d9f8-x2k4p\" not found";
    a.update(Msg::Described {
        request,
        result: Err(text.into()),
    });
    let s = screen(&a);
    assert!(s.contains(text), "{s}");
    assert!(s.contains("(error)"), "{s}");
}

#[test]
fn a_late_answer_to_an_older_read_is_dropped() {
    let (mut a, request, _) = opened(80, 24);
    press(&mut a, "esc");
    press(&mut a, "d"); // the same row again: a newer read
    let newer = a.features.describe.request;
    assert!(newer > request);
    let u = a.update(Msg::Described {
        request,
        result: Err("old".into()),
    });
    assert!(!u.changed);
    assert!(screen(&a).contains("loading…"));
}

#[test]
fn managed_fields_toggle_in_the_yaml() {
    let (mut a, request, _) = opened(80, 24);
    let mut pod = crate::describe::layout_tests::pod();
    pod["metadata"]["managedFields"] = serde_json::json!([{"manager": "kubelet", "operation": "Update"}]);
    a.update(Msg::Described {
        request,
        result: Ok(pod),
    });
    press(&mut a, "y");
    let text = |a: &AppState| crate::describe::layout_tests::text(&a.features.describe.lines);
    assert!(text(&a).contains("# managedFields: 1 hidden"));
    press(&mut a, "m");
    assert!(text(&a).contains("- manager: kubelet"), "{}", text(&a));
}

#[test]
fn yaml_colours_degrade_to_plain_without_colour() {
    let dir = std::path::Path::new("/nonexistent");
    let (mono, _) = theme::load("default", ColorDepth::Mono, dir);
    let (colour, _) = theme::load("default", ColorDepth::TrueColor, dir);
    for scope in [
        crate::describe::yaml::KEY,
        crate::describe::yaml::STRING,
        crate::describe::yaml::NUMBER,
        crate::describe::yaml::COMMENT,
    ] {
        assert_eq!(mono.style(scope), mono.style("text"), "{scope} under mono");
        assert_ne!(colour.style(scope), colour.style("text"), "{scope} in colour");
    }
}

fn at(a: &mut AppState, mode: &str, key: &str) -> Option<ObjectRef> {
    while a.nav.mode != Mode::Normal {
        press(a, "esc");
    }
    press(a, mode);
    let u = a.update(Msg::Key(crate::app::keys::KeyChord::parse(key).unwrap()));
    u.effects.into_iter().find_map(|e| match e {
        Effect::Describe { target, .. } => Some(target),
        _ => None,
    })
}

#[test]
fn the_tables_open_the_row_under_the_cursor() {
    let mut a = events_app(80, 24);
    a.live.store = crate::signals::test_support::all_synced();
    crate::signals::test_support::add_node(
        &mut a.live.store,
        crate::signals::test_support::node("worker-a-1", Some("eu-1a")),
    );
    crate::signals::test_support::add_pod(
        &mut a.live.store,
        crate::signals::test_support::pod("data", "etl-1", Some("worker-a-1")),
    );
    a.update(Msg::Recompute { now: 1_800_000_100 });
    press(&mut a, "esc");
    assert_eq!(
        at(&mut a, "n", "i"),
        Some(ObjectRef::cluster(ObjectKind::Node, "worker-a-1"))
    );
    assert_eq!(
        at(&mut a, "n", "y"),
        Some(ObjectRef::cluster(ObjectKind::Node, "worker-a-1"))
    );
    assert_eq!(
        a.features.describe.format,
        crate::app::describe_view::Format::Yaml
    );
    assert_eq!(at(&mut a, "p", "enter"), Some(ObjectRef::pod("data", "etl-1")));
    assert_eq!(at(&mut a, "p", "d"), Some(ObjectRef::pod("data", "etl-1")));
    // Esc goes back to the view it came from.
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Pods);
}

#[test]
fn a_context_switch_closes_the_view_and_drops_the_old_clusters_answer() {
    let (mut a, request, _) = opened(80, 24);
    let target = crate::kubeconfig::target::Target {
        context: Some("staging".into()),
        ..Default::default()
    };
    a.update(Msg::Switched(Box::new(crate::ctxns::switcher::Switched {
        target,
        problem: None,
        readonly: false,
        readonly_why: String::new(),
        readonly_badge: String::new(),
        who: Default::default(),
        kubeconfig_certs: vec![],
        saved: None,
        platform: None,
    })));
    assert_eq!(a.nav.mode, Mode::Events);
    let u = a.update(Msg::Described {
        request,
        result: Ok(crate::describe::layout_tests::pod()),
    });
    assert!(!u.changed);
    assert!(a.features.describe.target.is_none() && a.features.describe.lines.is_empty());
}

#[test]
fn an_event_about_a_kind_kon_does_not_read_says_so() {
    let mut a = events_app(80, 24);
    press(&mut a, "esc");
    let e = crate::cluster::store::event_records::EventRecord {
        namespace: "web".into(),
        name: "w.1".into(),
        regarding: crate::cluster::store::event_records::Regarding {
            kind: "Widget".into(),
            namespace: "web".into(),
            name: "w".into(),
        },
        reason: "Broken".into(),
        warning: true,
        note: "the widget broke".into(),
        count: 1,
        first_seen: Some(1_800_000_000),
        last_seen: Some(1_800_000_000),
        source: None,
    };
    a.live
        .store
        .events
        .items
        .insert((e.namespace.clone(), e.name.clone()), e);
    a.update(Msg::Recompute { now: 1_800_000_001 });
    press(&mut a, "e");
    let u = a.update(Msg::Key(crate::app::keys::KeyChord::parse("enter").unwrap()));
    assert!(u.effects.is_empty(), "{:?}", u.effects);
    assert_eq!(a.nav.mode, Mode::Events);
    assert!(
        screen(&a).contains("kon does not read Widget objects"),
        "{}",
        screen(&a)
    );
}
