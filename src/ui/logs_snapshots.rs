//! Snapshots of the log view (80x24 and 160x48): `l` on the crash-looping
//! pod opens its previous run; the lines as they come; a search; wrap;
//! the container list; a workload's pods to choose from; a stream refused
//! with the API's words. Also what `l` asks the event loop for.

use super::pane_snapshots::{app, press, screen};
use crate::app::action::Mode;
use crate::app::{AppState, Effect, Msg};
use crate::podlogs::batch::Batch;
use crate::podlogs::stream::Event;
use crate::signals::pods_fixtures::incident;
use crate::signals::test_support::add_pod;

const NOW: i64 = 1_790_000_000;

fn incident_app(w: u16, h: u16) -> AppState {
    let mut a = app(w, h);
    for p in incident(NOW, "w-4") {
        add_pod(&mut a.live.store, p);
    }
    let s = &mut a.live.store;
    crate::signals::test_support::add_replicaset(s, "payments", "ledger-7d9f8", Some("ledger"));
    let ledger =
        crate::signals::test_support::workload("Deployment", "payments", "ledger", 2, &[("app", "ledger")]);
    crate::signals::test_support::add_workload(s, ledger);
    s.deployments.state = crate::cluster::store::SyncState::Synced;
    // A second, healthy pod of the ledger Deployment.
    add_pod(
        s,
        crate::signals::pods_fixtures::from_manifest(serde_json::json!({
            "metadata": {"name": "ledger-7d9f8-aaaaa", "namespace": "payments",
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "ledger-7d9f8",
                    "uid": "u", "controller": true}]},
            "spec": {"nodeName": "w-2", "containers": [{"name": "ledger"}]},
            "status": {"phase": "Running", "containerStatuses": [{"name": "ledger", "ready": true,
                "restartCount": 0, "state": {"running": {}}}]}
        })),
    );
    a.update(Msg::Recompute { now: NOW });
    a
}

fn typed(a: &mut AppState, text: &str) {
    for c in text.chars() {
        press(a, &c.to_string());
    }
}

/// The pods table, the cursor on the crash-looping ledger pod, then `l`.
fn ledger_log(w: u16, h: u16) -> (AppState, Vec<Effect>) {
    let mut a = incident_app(w, h);
    press(&mut a, "p");
    press(&mut a, "/");
    typed(&mut a, "'ledger");
    press(&mut a, "enter");
    let effects = a
        .update(Msg::Key(crate::app::keys::KeyChord::parse("l").expect("key")))
        .effects;
    (a, effects)
}

fn session(a: &AppState) -> u64 {
    a.features.logs.view.as_ref().map_or(0, |v| v.session)
}

fn feed(a: &mut AppState, event: Event) {
    let session = session(a);
    a.update(Msg::Log { session, event });
}

fn crash_lines() -> Batch {
    let mut lines: Vec<String> = (0..30)
        .map(|i| {
            format!(
                "2026-09-21T13:{:02}:00Z INFO ledger: applied batch {i} (42 entries, 3ms)",
                10 + i
            )
        })
        .collect();
    lines.push("2026-09-21T13:40:01Z ERROR ledger: lost the connection to postgres-0.postgres:5432: connection refused".into());
    lines.push("2026-09-21T13:40:01Z panic: ledger: cannot continue without the journal".into());
    lines.push("2026-09-21T13:40:01Z goroutine 1 [running]:".into());
    lines.push("2026-09-21T13:40:01Z main.main()".into());
    lines.push("2026-09-21T13:40:01Z \t/src/ledger/main.go:88 +0x1d4".into());
    Batch::of(lines.iter().map(String::as_str))
}

#[test]
fn l_on_a_crash_looping_pod_reads_its_previous_run() {
    let (a, effects) = ledger_log(80, 24);
    assert_eq!(a.nav.mode, Mode::Logs);
    let [
        Effect::StartLogs {
            namespace, params, ..
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(namespace, "payments");
    assert_eq!(params.pod, "ledger-7d9f8-x2x4q");
    assert_eq!(params.container.as_deref(), Some("ledger"));
    assert!(params.previous && !params.follow, "{params:?}");
    assert_eq!(params.tail, Some(500));
}

#[test]
fn log_view_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let (mut a, _) = ledger_log(w, h);
        feed(&mut a, Event::Connected { again: false });
        feed(&mut a, Event::Lines(crash_lines()));
        feed(
            &mut a,
            Event::Stopped {
                text: "end of the previous container's log".into(),
                retry_in: None,
            },
        );
        let s = screen(&a);
        assert!(
            s.contains("payments/ledger-7d9f8-x2x4q › ledger [previous run]"),
            "{s}"
        );
        assert!(s.contains("end of the previous container's log"), "{s}");
        // The last line on screen is the crash's.
        assert!(s.contains("/src/ledger/main.go:88"), "{s}");
        assert!(
            !s.contains("2026-09-21T13:40:01Z"),
            "timestamps hidden by default: {s}"
        );
        insta::assert_snapshot!(format!("logs_previous_{w}x{h}"), s);
    }
}

#[test]
fn search_jumps_to_the_newest_match_and_pauses_with_timestamps_and_wrap() {
    let (mut a, _) = ledger_log(80, 24);
    feed(&mut a, Event::Connected { again: false });
    feed(&mut a, Event::Lines(crash_lines()));
    press(&mut a, "/");
    typed(&mut a, "batch 1");
    press(&mut a, "enter");
    let v = a.features.logs.view.as_ref().expect("the view");
    // "batch 1", "batch 10" … "batch 19": the newest is line 19.
    assert_eq!(v.search.as_ref().map(|s| s.count()), Some(11));
    assert_eq!(v.at, Some(19));
    assert!(!v.follow, "a search pauses the view");
    press(&mut a, "n");
    assert_eq!(
        a.features.logs.view.as_ref().and_then(|v| v.at),
        Some(1),
        "n wraps around"
    );
    press(&mut a, "t");
    press(&mut a, "w");
    let s = screen(&a);
    assert!(s.contains("/batch 1 1/11"), "{s}");
    assert!(
        s.contains("2026-09-21T13:11:00Z INFO ledger: applied batch 1 "),
        "{s}"
    );
    insta::assert_snapshot!("logs_search_wrap_timestamps_80x24", s);
    // G follows again; Esc drops the search, then leaves for the pods table.
    press(&mut a, "G");
    assert!(a.features.logs.view.as_ref().is_some_and(|v| v.follow));
    press(&mut a, "esc");
    assert!(a.features.logs.view.as_ref().is_some_and(|v| v.search.is_none()));
    let o = a.update(Msg::Key(crate::app::keys::KeyChord::parse("esc").expect("key")));
    assert_eq!(o.effects, [Effect::StopLogs]);
    assert_eq!(a.nav.mode, Mode::Pods);
}

#[test]
fn a_refused_stream_says_the_apis_words_and_the_container_list_opens() {
    let (mut a, _) = ledger_log(160, 48);
    let text = "Error from server (BadRequest): previous terminated container \"ledger\" in pod \"ledger-7d9f8-x2x4q\" not found";
    feed(
        &mut a,
        Event::Stopped {
            text: text.into(),
            retry_in: None,
        },
    );
    press(&mut a, "c");
    let s = screen(&a);
    assert!(s.contains(text), "{s}");
    assert!(s.contains("Container of ledger-7d9f8-x2x4q"), "{s}");
    assert!(
        s.contains("CrashLoopBackOff · restarts 17 · has a previous run"),
        "{s}"
    );
    insta::assert_snapshot!("logs_refused_containers_160x48", s);
    // Enter on the container reads it again (a new stream, previous by default).
    let o = a.update(Msg::Key(crate::app::keys::KeyChord::parse("enter").expect("key")));
    assert!(matches!(o.effects.as_slice(), [Effect::StartLogs { params, .. }] if params.previous));
    // p toggles to the current run: followed.
    let o = a.update(Msg::Key(crate::app::keys::KeyChord::parse("p").expect("key")));
    assert!(
        matches!(o.effects.as_slice(), [Effect::StartLogs { params, .. }] if !params.previous && params.follow)
    );
}

#[test]
fn following_pauses_when_scrolled_up_counts_new_lines_and_follows_at_the_bottom() {
    let (mut a, _) = ledger_log(80, 24);
    press(&mut a, "p");
    let line = |i: usize| format!("2026-09-21T13:00:00Z line {i}");
    let batch = |r: std::ops::Range<usize>| {
        let lines: Vec<String> = r.map(line).collect();
        Batch::of(lines.iter().map(String::as_str))
    };
    feed(&mut a, Event::Connected { again: false });
    feed(&mut a, Event::Lines(batch(0..100)));
    assert!(screen(&a).contains("line 99"));
    press(&mut a, "k");
    feed(&mut a, Event::Lines(batch(100..150)));
    let s = screen(&a);
    assert!(s.contains("paused: 50 new lines below (G follows)"), "{s}");
    assert!(!s.contains("line 149"), "{s}");
    press(&mut a, "pagedown");
    press(&mut a, "pagedown");
    press(&mut a, "pagedown");
    let s = screen(&a);
    assert!(s.contains("line 149") && s.contains("● following"), "{s}");
    feed(
        &mut a,
        Event::Stopped {
            text: "the log stream was cut: connection reset".into(),
            retry_in: Some(std::time::Duration::from_secs(1)),
        },
    );
    assert!(screen(&a).contains("the log stream was cut: connection reset — reconnecting"));
    feed(&mut a, Event::Connected { again: true });
    assert!(screen(&a).contains("reconnected ×1"));
    // Events of an older stream are not this view's.
    a.update(Msg::Log {
        session: 0,
        event: Event::Lines(batch(500..501)),
    });
    assert!(!screen(&a).contains("line 500"));
}

#[test]
fn l_on_a_workload_lists_its_pods_worst_first() {
    let mut a = incident_app(80, 24);
    press(&mut a, "w");
    press(&mut a, "/");
    typed(&mut a, "ledger");
    press(&mut a, "enter");
    press(&mut a, "l");
    let s = screen(&a);
    assert!(
        s.contains("Log of which pod of Deployment payments/ledger?"),
        "{s}"
    );
    assert!(
        s.find("x2x4q").unwrap_or(usize::MAX) < s.find("aaaaa").unwrap_or(0),
        "the crash-looping pod first: {s}"
    );
    insta::assert_snapshot!("logs_pick_pod_80x24", s);
    let o = a.update(Msg::Key(crate::app::keys::KeyChord::parse("enter").expect("key")));
    assert!(
        matches!(o.effects.as_slice(), [Effect::StartLogs { .. }]),
        "{o:?}"
    );
    assert_eq!(a.nav.mode, Mode::Logs, "{s}");
    assert_eq!(
        a.features.logs.view.as_ref().map(|v| v.pod.as_str()),
        Some("ledger-7d9f8-x2x4q"),
        "the crash-looping pod first"
    );
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Workloads);
}

#[test]
fn save_asks_the_event_loop_to_write_what_is_shown() {
    let (mut a, _) = ledger_log(80, 24);
    feed(&mut a, Event::Lines(crash_lines()));
    press(&mut a, ":");
    typed(&mut a, "save /tmp/ledger.log");
    let o = a.update(Msg::Key(crate::app::keys::KeyChord::parse("enter").expect("key")));
    let [
        Effect::SaveLog {
            path,
            lines,
            overwrite,
            what,
            dropped,
        },
    ] = o.effects.as_slice()
    else {
        panic!("{o:?}");
    };
    assert_eq!(path, std::path::Path::new("/tmp/ledger.log"));
    assert_eq!(lines.len(), 35);
    assert!(lines[34].ends_with("/src/ledger/main.go:88 +0x1d4") && !lines[34].starts_with("2026"));
    assert!(!overwrite);
    assert_eq!(what, "payments/ledger-7d9f8-x2x4q (ledger, previous)");
    assert_eq!(*dropped, 0);
    // :tail and :since open the log again; outside the view they are refused.
    press(&mut a, ":");
    typed(&mut a, "since 10m");
    let o = a.update(Msg::Key(crate::app::keys::KeyChord::parse("enter").expect("key")));
    assert!(
        matches!(o.effects.as_slice(), [Effect::StartLogs { params, .. }] if params.since_seconds == Some(600) && params.tail.is_none())
    );
    press(&mut a, "esc");
    press(&mut a, ":");
    typed(&mut a, "tail 20");
    press(&mut a, "enter");
    assert!(
        a.notice(crate::app::About::Command)
            .is_some_and(|n| n.text.contains("works in the log view"))
    );
}

#[test]
fn the_buffer_keeps_its_capacity_and_the_status_line_counts_what_it_dropped() {
    let mut a = incident_app(80, 24);
    a.features.logs.settings.buffer_lines = 100;
    a.update(Msg::Key(crate::app::keys::KeyChord::parse("p").expect("key")));
    press(&mut a, "l");
    let lines: Vec<String> = (0..250).map(|i| format!("line {i}")).collect();
    feed(&mut a, Event::Connected { again: false });
    feed(&mut a, Event::Lines(Batch::of(lines.iter().map(String::as_str))));
    let v = a.features.logs.view.as_ref().expect("the view");
    assert_eq!((v.ring.len(), v.ring.dropped()), (100, 150));
    let s = screen(&a);
    assert!(s.contains("· 100 lines · 150 dropped (buffer 100)"), "{s}");
    assert!(s.contains("line 249"), "{s}");
}

#[test]
fn a_context_switch_closes_the_log_of_the_old_contexts_pod() {
    let (mut a, _) = ledger_log(80, 24);
    feed(&mut a, Event::Lines(crash_lines()));
    let switched = crate::ctxns::switcher::Switched {
        target: crate::kubeconfig::target::Target {
            context: Some("staging".into()),
            server: Some("https://10.1.0.1:6443".into()),
            namespace: "default".into(),
            scope: None,
        },
        problem: None,
        readonly: false,
        readonly_why: String::new(),
        readonly_badge: String::new(),
        who: crate::audit::Who {
            user: "admin".into(),
            context: "staging".into(),
        },
        kubeconfig_certs: vec![],
        saved: None,
        platform: None,
    };
    a.update(Msg::Switched(Box::new(switched)));
    assert!(a.features.logs.view.is_none());
    assert_eq!(a.nav.mode, Mode::Normal);
    assert!(!screen(&a).contains("ledger: applied batch"));
}
