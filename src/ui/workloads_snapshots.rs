//! The workloads view at 80x24 and 160x48: a stuck rollout
//! (ProgressDeadlineExceeded), a crash-looping Deployment (unavailable
//! beyond its rollout), a rollout under way, a failed CronJob run, complete
//! workloads; worst first, the selected one's rollout status whole below.

use super::pane_snapshots::{press, screen};
use crate::app::{AppState, Msg, Settings};
use crate::cluster::store::SyncState;
use crate::cluster::store::backup_records::JobOutcome;
use crate::cluster::store::workload_records::{ConditionRecord, RolloutRecord};
use crate::kubeconfig::target::Target;
use crate::signals::test_support::*;

const NOW: i64 = 1_800_000_000;

fn condition(reason: &str, at: i64) -> Option<Box<ConditionRecord>> {
    Some(Box::new(ConditionRecord {
        status: if reason == "ProgressDeadlineExceeded" {
            "False"
        } else {
            "True"
        }
        .into(),
        reason: Some(reason.into()),
        message: None,
        last_update: Some(at),
        last_transition: Some(at),
    }))
}

fn app(width: u16, height: u16) -> AppState {
    let target = Target {
        context: Some("prod".into()),
        server: Some("https://10.0.0.1:6443".into()),
        namespace: "default".into(),
        scope: None,
    };
    let mut a = AppState::new(Settings::for_target(target));
    a.update(Msg::Resize { width, height });
    let mut s = all_synced();
    let mut checkout = workload("Deployment", "web", "checkout", 5, &[("app", "checkout")]);
    checkout.ready = 4;
    checkout.rollout = RolloutRecord {
        generation: 3,
        observed_generation: 3,
        current: 6,
        updated: 2,
        available: 4,
        unavailable: 2,
        revision: Some(3),
        progressing: condition("ProgressDeadlineExceeded", NOW - 600),
        ..RolloutRecord::default()
    };
    add_workload(&mut s, checkout);
    add_replicaset(&mut s, "web", "checkout-7d9f", Some("checkout"));
    if let Some(rs) = s.replicasets.items.values_mut().next() {
        rs.revision = Some(3);
        rs.created = Some(NOW - 1500);
    }
    let mut ledger = workload("Deployment", "payments", "ledger", 1, &[("app", "ledger")]);
    ledger.ready = 0;
    ledger.rollout.available = 0;
    ledger.rollout.revision = Some(1);
    ledger.rollout.progressing = condition("NewReplicaSetAvailable", NOW - 86_400);
    add_workload(&mut s, ledger);
    let mut api = workload("Deployment", "web", "api", 3, &[("app", "api")]);
    api.rollout.generation = 2;
    api.rollout.observed_generation = 2;
    api.rollout.updated = 1;
    api.rollout.current = 4;
    api.rollout.revision = Some(8);
    api.rollout.progressing = condition("ReplicaSetUpdated", NOW - 30);
    add_workload(&mut s, api);
    let mut db = workload("StatefulSet", "data", "postgres", 3, &[("app", "postgres")]);
    db.rollout.current_revision = Some("postgres-6c8d5".into());
    db.rollout.update_revision = Some("postgres-6c8d5".into());
    db.rollout.created = Some(NOW - 30 * 86_400);
    db.rollout.generation = 1;
    add_workload(&mut s, db);
    add_workload(&mut s, workload("DaemonSet", "kube-system", "kube-proxy", 6, &[]));
    let mut c = cronjob("ops", "report", &[], false, None);
    c.last_schedule = Some(NOW - 300);
    add_cronjob(&mut s, c);
    add_job(
        &mut s,
        job(
            "ops",
            "report-2904",
            "report",
            NOW - 300,
            JobOutcome::Failed,
            Some("BackoffLimitExceeded"),
        ),
    );
    s.replicasets.state = SyncState::Synced;
    // The stuck Deployment's own Warning, as the controller reports it.
    let deadline = crate::cluster::store::event_records::EventRecord {
        namespace: "web".into(),
        name: "checkout.17".into(),
        regarding: crate::cluster::store::event_records::Regarding {
            kind: "Deployment".into(),
            namespace: "web".into(),
            name: "checkout".into(),
        },
        reason: "ProgressDeadlineExceeded".into(),
        warning: true,
        note: "Deployment \"checkout\" has timed out progressing.".into(),
        count: 1,
        first_seen: Some(NOW - 600),
        last_seen: Some(NOW - 600),
        source: Some("deployment-controller".into()),
    };
    s.events
        .items
        .insert(("web".into(), "checkout.17".into()), deadline);
    s.events.state = SyncState::Synced;
    a.live.store = s;
    a.update(Msg::Recompute { now: NOW });
    press(&mut a, "w");
    a
}

#[test]
fn workloads_80x24() {
    let a = app(80, 24);
    let s = screen(&a);
    let first = s
        .lines()
        .position(|l| l.contains("web/checkout"))
        .expect("checkout shown");
    let ledger = s
        .lines()
        .position(|l| l.contains("payments/ledger"))
        .expect("ledger shown");
    let proxy = s
        .lines()
        .position(|l| l.contains("kube-system/kube-proxy"))
        .expect("proxy");
    assert!(first < ledger && ledger < proxy, "worst first:\n{s}");
    assert!(s.contains("ProgressDeadlineExceeded"), "{s}");
    assert!(
        s.contains("deployment \"checkout\" exceeded its progress deadline"),
        "the selected row's rollout status, whole:\n{s}"
    );
    assert!(
        s.contains("▲ ProgressDeadlineExceeded (10m ago): Deployment \"checkout\" has timed out"),
        "its recent Warning events:\n{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn workloads_160x48() {
    let mut a = app(160, 48);
    press(&mut a, "j");
    press(&mut a, "j");
    let s = screen(&a);
    assert!(s.contains("UP-TO-DATE") && s.contains("ROLLOUT STATUS"), "{s}");
    assert!(
        s.contains(
            "Waiting for deployment \"ledger\" rollout to finish: 0 of 1 updated replicas are available..."
        ),
        "{s}"
    );
    assert!(s.contains("last run report-2904: 0/1 succeeded, 1 failed"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn workloads_filtered_and_scoped() {
    let mut a = app(80, 24);
    press(&mut a, "/");
    for c in "report".chars() {
        press(&mut a, &c.to_string());
    }
    press(&mut a, "enter");
    let s = screen(&a);
    assert!(s.contains("ops/report") && !s.contains("web/checkout"), "{s}");
    press(&mut a, "esc");
    a.session.target.scope = Some("web".into());
    a.update(Msg::Recompute { now: NOW + 1 });
    let s = screen(&a);
    assert!(s.contains("namespace web"), "{s}");
    assert!(s.contains("web/api") && !s.contains("payments/ledger"), "{s}");
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, crate::app::action::Mode::Normal);
}

#[test]
fn enter_on_a_workload_opens_the_pods_table_on_its_pods() {
    let mut a = app(80, 24);
    press(&mut a, "enter");
    assert_eq!(a.nav.mode, crate::app::action::Mode::Pods);
    let s = screen(&a);
    assert!(s.contains("of Deployment web/checkout"), "{s}");
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, crate::app::action::Mode::Workloads);
}

#[test]
fn the_findings_list_leads_with_incidents_and_enter_opens_the_workload() {
    use crate::app::tiles::TileId;
    let mut a = app(120, 40);
    press(&mut a, "esc");
    a.nav.focus = TileId::ALL
        .iter()
        .position(|t| *t == TileId::Findings)
        .expect("tile");
    press(&mut a, "enter");
    let s = screen(&a);
    let line = |needle: &str| s.lines().position(|l| l.contains(needle)).unwrap_or(usize::MAX);
    let now = line("now — ");
    let stuck = line("workload-rollout-stuck");
    let down = line("workload-unavailable");
    let posture = line("posture — ");
    let hygiene = line("workload-single-replica");
    assert!(now < stuck && now < down, "{s}");
    assert!(
        stuck.max(down) < posture && posture < hygiene,
        "incidents above posture:\n{s}"
    );
    // Enter on the first incident opens the workloads view on it.
    let first = a.selected_finding().cloned().expect("a finding");
    assert!(crate::findings::incident::is_incident(first.id), "{first:?}");
    press(&mut a, "enter");
    assert_eq!(a.nav.mode, crate::app::action::Mode::Workloads);
    let r = a.features.workloads.current(a.workload_rows()).expect("a row");
    assert_eq!(
        (&*r.namespace, &*r.name),
        (first.namespace.as_deref().unwrap_or(""), first.name.as_str())
    );
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, crate::app::action::Mode::Findings, "back to the list");
}

#[test]
fn the_zones_page_counts_replicas_against_the_desired() {
    use crate::signals::test_support::{add_node, add_pod, node, owned};
    let mut s = all_synced();
    add_node(&mut s, node("a-0", Some("a")));
    add_node(&mut s, node("b-0", Some("b")));
    for (i, n) in ["a-0", "b-0"].iter().enumerate() {
        let labels = [("app", "web"), ("pod-template-hash", "5d4f8c7b9")];
        let name = format!("web-5d4f8c7b9-{i}");
        add_pod(
            &mut s,
            owned("shop", &name, Some(n), "ReplicaSet", "web-5d4f8c7b9", &labels),
        );
    }
    let mut w = workload("Deployment", "shop", "web", 5, &[]);
    w.ready = 2;
    add_workload(&mut s, w);
    let panes = crate::panes::Panes {
        zones: Some(crate::signals::zones::model(&s, None).into()),
        ..Default::default()
    };
    let page = crate::pages::lines(&panes, crate::pages::TileId::Zones, 0);
    let text: String = page
        .iter()
        .flat_map(|l| l.iter().map(|(t, _)| t.as_str()))
        .collect();
    assert!(text.contains("2/5"), "2 pods run of 5 desired:\n{text}");
    assert!(text.contains("2 of 5 ready"), "{text}");
}
