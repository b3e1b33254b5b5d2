//! The fleet view through `update`: opening it (`F`, `:fleet`) starts a
//! probe session, `r` a new one (the old one's messages are dropped), Esc
//! stops it, Enter switches to the context under the cursor; sort, filter
//! and the overlays work as in the other tables. `fleet_app` is the
//! fixture the snapshots share.

use super::action::Mode;
use super::fleet_view::FleetUpdate;
use super::keys::KeyChord;
use super::{AppState, Effect, Msg, Settings, Updated};
use crate::fleet::row::{Backup, ProblemPods, Row, Thresholds};
use crate::kubeconfig::target::Target;

pub(crate) const NOW_MS: i64 = 1_800_000_000_000;

pub(crate) fn press(a: &mut AppState, k: &str) -> Updated {
    a.update(Msg::Key(KeyChord::parse(k).expect("key")))
}

fn send(a: &mut AppState, at_ms: i64, update: FleetUpdate) -> Updated {
    let session = a.features.fleet.session;
    a.update(Msg::Fleet {
        session,
        at_ms,
        update,
    })
}

fn server(port: u16) -> Option<String> {
    Some(format!("https://10.0.0.{}:6443", port % 250))
}

/// The rows of a fleet of eight: one critical (read-only), three that
/// could not be reached or read, one warning, one healthy (the console's
/// context), one probing for 3 s and one waiting for a slot.
pub(crate) fn rows() -> Vec<Row> {
    let reached = |name: &str, rtt: u64| Row {
        context: name.into(),
        server: server(20 + rtt as u16),
        rtt_ms: Some(rtt),
        version: Some("v1.30.2".into()),
        ..Row::default()
    };
    let mut prod_eu = reached("prod-eu", 12);
    prod_eu.nodes_ready = Some(14);
    prod_eu.nodes_total = Some(15);
    prod_eu.problem_pods = Some(ProblemPods {
        not_running: 1,
        containers_failing: 3,
        restarted: 2,
    });
    prod_eu.critical = Some(2);
    prod_eu.warning = Some(5);
    prod_eu.cert_days = Some(5);
    prod_eu.backup = Some(Backup::Age {
        age_secs: 30 * 3600,
        rpo_secs: 24 * 3600,
    });
    prod_eu.readonly = true;
    let prod_us = Row::failed(
        "prod-us",
        server(7),
        "The connection to the server 10.0.0.7:6443 was refused - did you specify the right host or port?"
            .into(),
    );
    let exec = Row::failed(
        "eks-exec",
        server(8),
        "getting credentials: exec: executable aws failed with exit code 255".into(),
    );
    let mut staging = reached("staging", 8);
    staging.problem_pods = Some(ProblemPods::default());
    staging.unread.push(
        "Error from server (Forbidden): nodes is forbidden: User \"dev\" cannot list resource \"nodes\" in API group \"\" at the cluster scope".into(),
    );
    let mut edge = reached("edge", 40);
    edge.nodes_ready = Some(2);
    edge.nodes_total = Some(3);
    edge.problem_pods = Some(ProblemPods::default());
    let mut dev = reached("dev", 3);
    dev.nodes_ready = Some(6);
    dev.nodes_total = Some(6);
    dev.problem_pods = Some(ProblemPods::default());
    dev.backup = Some(Backup::Managed);
    vec![prod_eu, prod_us, exec, staging, edge, dev]
}

/// The console on context `dev`, its fleet view open with `rows()`, `slow`
/// probing for 3 s and `lab` waiting.
pub(crate) fn fleet_app(width: u16, height: u16) -> AppState {
    let target = Target {
        context: Some("dev".into()),
        server: server(3),
        namespace: "default".into(),
        scope: None,
    };
    let mut a = AppState::new(Settings::for_target(target));
    a.update(Msg::Resize { width, height });
    press(&mut a, "F");
    let rows = rows();
    let mut contexts: Vec<(String, Option<String>)> = (rows.iter())
        .map(|r| (r.context.clone(), r.server.clone()))
        .collect();
    contexts.push(("slow".into(), Some("https://10.0.0.99:6443".into())));
    contexts.push(("lab".into(), Some("https://10.0.0.98:6443".into())));
    let started = FleetUpdate::Started {
        contexts,
        thresholds: Thresholds::default(),
        refresh_secs: 60,
    };
    send(&mut a, NOW_MS - 5000, started);
    send(&mut a, NOW_MS - 3000, FleetUpdate::Probing("slow".into()));
    for r in rows {
        send(&mut a, NOW_MS - 2000, FleetUpdate::Probing(r.context.clone()));
        send(&mut a, NOW_MS - 1000, FleetUpdate::Probed(Box::new(r)));
    }
    send(&mut a, NOW_MS, FleetUpdate::Tick);
    a
}

fn order(a: &AppState) -> Vec<&str> {
    let f = &a.features.fleet;
    f.shown.iter().map(|&i| f.entries[i].context.as_str()).collect()
}

#[test]
fn f_and_colon_fleet_open_the_view_and_start_a_session_esc_stops_it() {
    let mut a = AppState::new(Settings::default());
    let o = press(&mut a, "F");
    assert_eq!(a.nav.mode, Mode::Fleet);
    assert_eq!(o.effects, [Effect::ProbeFleet { session: 1 }]);
    let o = press(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Normal);
    assert_eq!(o.effects, [Effect::StopFleet]);
    let o = a.run_command("fleet");
    assert_eq!(a.nav.mode, Mode::Fleet);
    assert_eq!(o.effects, [Effect::ProbeFleet { session: 2 }]);
}

#[test]
fn worst_first_and_an_older_sessions_rows_are_dropped() {
    let mut a = fleet_app(120, 30);
    assert_eq!(
        order(&a),
        [
            "prod-eu", "eks-exec", "lab", "prod-us", "slow", "staging", "edge", "dev"
        ]
    );
    // `r`: a new session; the rows stay until their context answers again.
    let old = a.features.fleet.session;
    let o = press(&mut a, "r");
    assert_eq!(o.effects, [Effect::ProbeFleet { session: old + 1 }]);
    let late = Row::failed("dev", None, "late".into());
    let o = a.update(Msg::Fleet {
        session: old,
        at_ms: NOW_MS + 1,
        update: FleetUpdate::Probed(Box::new(late)),
    });
    assert!(!o.changed);
    let dev = a
        .features
        .fleet
        .entries
        .iter()
        .find(|e| e.context == "dev")
        .expect("dev");
    assert_eq!(dev.row.as_ref().and_then(|r| r.error.clone()), None);
}

#[test]
fn the_cursor_stays_on_its_context_as_rows_arrive() {
    let mut a = fleet_app(120, 30);
    press(&mut a, "G");
    assert_eq!(
        a.features.fleet.current().map(|e| e.context.as_str()),
        Some("dev")
    );
    // dev turns critical: it moves to the top, the cursor with it.
    let mut row = rows().pop().expect("dev");
    row.nodes_ready = Some(0);
    send(&mut a, NOW_MS + 10, FleetUpdate::Probed(Box::new(row)));
    assert_eq!(order(&a)[..2], ["dev", "prod-eu"]);
    assert_eq!(
        a.features.fleet.current().map(|e| e.context.as_str()),
        Some("dev")
    );
}

#[test]
fn sort_reverse_and_filter_like_the_other_tables() {
    let mut a = fleet_app(160, 40);
    press(&mut a, "s");
    assert_eq!(order(&a)[..3], ["dev", "edge", "eks-exec"], "by context");
    press(&mut a, "S");
    assert_eq!(order(&a)[0], "staging");
    press(&mut a, "/");
    for c in "prod".chars() {
        press(&mut a, &c.to_string());
    }
    press(&mut a, "enter");
    assert_eq!(a.nav.mode, Mode::Fleet);
    assert_eq!(order(&a), ["prod-us", "prod-eu"]);
    // Esc clears the filter first, then leaves.
    press(&mut a, "esc");
    assert_eq!(order(&a).len(), 8);
    assert_eq!(a.nav.mode, Mode::Fleet);
}

#[test]
fn help_and_the_command_line_return_to_the_fleet() {
    let mut a = fleet_app(120, 30);
    press(&mut a, "?");
    assert_eq!((a.nav.mode, a.screen()), (Mode::Help, Mode::Fleet));
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Fleet);
}

#[test]
fn enter_switches_to_the_context_as_the_picker_does_and_stops_the_probes() {
    let mut a = fleet_app(120, 30);
    // On the console's own context: said, and the view stays.
    press(&mut a, "G");
    let o = press(&mut a, "enter");
    assert!(o.effects.is_empty(), "{o:?}");
    assert_eq!(a.nav.mode, Mode::Fleet);
    assert!(
        a.notice(super::About::Command)
            .is_some_and(|n| n.text == "already on context dev")
    );
    press(&mut a, "k");
    let o = press(&mut a, "enter");
    assert_eq!(
        o.effects,
        [
            Effect::SwitchContext {
                name: "edge".into(),
                persist: false
            },
            Effect::StopFleet
        ]
    );
    assert_eq!(a.nav.mode, Mode::Normal);
    // persist-switch writes it to the kubeconfig, as the picker's Enter.
    let mut a = fleet_app(120, 30);
    a.session.persist_switches = true;
    let o = press(&mut a, "enter");
    assert_eq!(
        o.effects[0],
        Effect::SwitchContext {
            name: "prod-eu".into(),
            persist: true
        }
    );
}

#[test]
fn a_kubeconfig_that_cannot_be_read_is_said_in_the_view() {
    let mut a = AppState::new(Settings::default());
    press(&mut a, "F");
    send(
        &mut a,
        NOW_MS,
        FleetUpdate::Failed("no context exists with the name: \"nope\"".into()),
    );
    let f = &a.features.fleet;
    assert_eq!(
        f.error.as_deref(),
        Some("no context exists with the name: \"nope\"")
    );
    assert!(!f.running);
}
