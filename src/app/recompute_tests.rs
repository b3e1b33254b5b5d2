//! The off-loop recompute (`recompute_job` → `Msg::Recomputed`) leaves the
//! app as the on-loop `Msg::Recompute` did; a result of another context or
//! scope is dropped.

use super::tests::{key, state};
use super::*;
use crate::signals::test_support::{add_node, add_pod, cp_node, node, pod, synced};

/// Nodes and pods (one failing), the pods table open.
fn cluster() -> AppState {
    let mut app = state();
    app.update(Msg::Resize {
        width: 120,
        height: 30,
    });
    let mut s = synced();
    add_node(&mut s, cp_node("cp-1", Some("z-a")));
    add_node(&mut s, node("w-1", Some("z-b")));
    for (ns, name) in [("shop", "web-1"), ("shop", "web-2"), ("kube-system", "dns")] {
        add_pod(&mut s, pod(ns, name, Some("w-1")));
    }
    let mut failing = pod("shop", "cart-1", Some("w-1"));
    failing.ready = false;
    add_pod(&mut s, failing);
    app.live.store = s;
    app.live.readyz = Some(Ok("[+]etcd ok\nreadyz check passed".into()));
    app.update(key("p"));
    app
}

/// What the screen is drawn from after a recompute.
fn seen(app: &AppState) -> (crate::panes::Panes, i64, Vec<String>, usize) {
    let pods = app.pod_rows().iter().map(|r| r.name.to_string()).collect();
    (app.live.panes.clone(), app.live.now, pods, app.node_rows().len())
}

fn off_loop(app: &mut AppState, now: i64) -> Updated {
    let job = app.recompute_job(now);
    let done = job.run();
    app.update(Msg::Recomputed(Box::new(done)))
}

#[test]
fn recomputed_off_the_loop_equals_the_on_loop_recompute() {
    let (mut on, mut off) = (cluster(), cluster());
    let a = on.update(Msg::Recompute { now: 100 });
    let b = off_loop(&mut off, 100);
    assert!(a.changed && b.changed, "the panes appeared");
    assert_eq!(a, b);
    assert_eq!(seen(&on), seen(&off));
    assert!(off.live.panes.pods.is_some() && !off.pod_rows().is_empty());
    // Nothing new: neither reports a change.
    assert_eq!(on.update(Msg::Recompute { now: 100 }), off_loop(&mut off, 100));
    assert!(!off_loop(&mut off, 100).changed);
    // A store change after the first: the same again.
    add_pod(&mut on.live.store, pod("shop", "web-3", Some("w-1")));
    add_pod(&mut off.live.store, pod("shop", "web-3", Some("w-1")));
    let (a, b) = (on.update(Msg::Recompute { now: 160 }), off_loop(&mut off, 160));
    assert!(a.changed);
    assert_eq!(a, b);
    assert_eq!(seen(&on), seen(&off));
}

#[test]
fn taking_the_snapshot_lets_later_changes_schedule_the_next_recompute() {
    use crate::cluster::slim::node::SlimNode;
    use crate::cluster::store::Delta;
    use crate::cluster::store::kinds::Event;
    let mut app = cluster();
    let change = |app: &mut AppState, name: &str| {
        let mut n = SlimNode::default();
        n.metadata.name = Some(name.into());
        let event = Box::new(Event::Node(Delta::Apply(name.into(), n)));
        app.update(Msg::Cluster(Report::Store { generation: 0, event }))
    };
    assert_eq!(change(&mut app, "w-2").effects, vec![Effect::ScheduleRecompute]);
    let job = app.recompute_job(100);
    // A change while the job runs asks for another.
    assert_eq!(change(&mut app, "w-3").effects, vec![Effect::ScheduleRecompute]);
    app.update(Msg::Recomputed(Box::new(job.run())));
    assert_eq!(app.node_rows().len(), 3, "the snapshot's nodes: w-3 came later");
    assert_eq!(change(&mut app, "w-4").effects, vec![], "one is pending already");
}

#[test]
fn a_result_of_an_older_context_or_another_scope_is_dropped() {
    let mut app = cluster();
    let job = app.recompute_job(100);
    app.update(Msg::Switched(Box::new(super::switch_tests::switched("staging"))));
    let before = seen(&app);
    assert_eq!(
        app.update(Msg::Recomputed(Box::new(job.run()))),
        Updated::default()
    );
    assert_eq!(seen(&app), before, "the old context's models are not shown");
    assert!(app.live.panes.pods.is_none());

    let mut app = cluster();
    let job = app.recompute_job(100);
    app.session.target.scope = Some("shop".into());
    assert_eq!(
        app.update(Msg::Recomputed(Box::new(job.run()))),
        Updated::default()
    );
    assert!(
        app.live.panes.pods.is_none(),
        "all namespaces' pods are not shop's"
    );
}

#[test]
fn platform_clues_set_while_the_job_ran_are_kept() {
    let mut app = cluster();
    let job = app.recompute_job(100);
    app.update(Msg::Cluster(Report::ApiGroups {
        generation: 0,
        groups: vec!["eks.amazonaws.com".into()],
    }));
    app.update(Msg::Recomputed(Box::new(job.run())));
    assert_eq!(
        app.live.panes.platform_clues.api_groups,
        vec!["eks.amazonaws.com".to_string()]
    );
    assert!(app.live.panes.pods.is_some());
}

#[test]
fn only_the_views_over_models_computed_again_are_refreshed() {
    let mut app = cluster();
    off_loop(&mut app, 100);
    let rows = app.pod_rows().len();
    // Only time moved (a second): the control plane is computed again, the
    // pods model is not, and neither is the pods table's filter.
    let before = app.live.panes.clone();
    let job = app.recompute_job(101);
    let done = job.run();
    let moved = recompute::Moved::between(&before, &done.panes);
    assert!(!moved.pods && !moved.nodes && !moved.findings, "{moved:?}");
    app.update(Msg::Recomputed(Box::new(done)));
    // A pod added: the pods model and its table move, the new pod is listed.
    add_pod(&mut app.live.store, pod("shop", "web-9", Some("w-1")));
    let before = app.live.panes.clone();
    let done = app.recompute_job(102).run();
    assert!(recompute::Moved::between(&before, &done.panes).pods);
    app.update(Msg::Recomputed(Box::new(done)));
    assert_eq!(app.pod_rows().len(), rows + 1);
    assert!(app.pod_rows().iter().any(|r| &*r.name == "web-9"));
}

/// The pods table as drawn: the rows shown, in order, and the one under
/// the cursor.
fn table(app: &AppState) -> (Vec<String>, Option<String>) {
    let rows = app.pod_rows();
    let t = &app.features.pods_table;
    let shown = t.shown.iter().map(|&i| rows[i].name.to_string()).collect();
    (shown, t.current(rows).map(|r| r.name.to_string()))
}

fn type_filter(app: &mut AppState, text: &str) {
    app.features.pods_table.filter = text.into();
    app.refresh_pods();
}

#[test]
fn a_new_pods_model_is_filtered_off_the_loop_and_taken_only_for_the_same_filter() {
    let (mut on, mut off) = (cluster(), cluster());
    on.update(Msg::Recompute { now: 100 });
    off_loop(&mut off, 100);
    for app in [&mut on, &mut off] {
        type_filter(app, "web");
        let rows = app.pod_rows().to_vec();
        let page = app.pods_page();
        assert!(app.features.pods_table.select("shop", "web-2", &rows, page));
        add_pod(&mut app.live.store, pod("shop", "web-0", Some("w-1")));
    }
    // The same filter: the rows sorted and filtered by the job are taken.
    let job = off.recompute_job(160);
    let done = job.run();
    assert!(done.pods_table.is_some(), "the job filtered the new pods model");
    off.update(Msg::Recomputed(Box::new(done)));
    on.update(Msg::Recompute { now: 160 });
    assert_eq!(table(&on), table(&off));
    assert_eq!(table(&off).1.as_deref(), Some("web-2"), "the cursor kept its pod");
    assert_eq!(table(&off).0.len(), 3, "web-0, web-1, web-2: {:?}", table(&off).0);
    // The filter typed while the job ran: its rows are not taken, the
    // table is filtered again by what is typed now.
    for app in [&mut on, &mut off] {
        add_pod(&mut app.live.store, pod("shop", "web-9", Some("w-1")));
    }
    let job = off.recompute_job(220);
    type_filter(&mut off, "web-9");
    off.update(Msg::Recomputed(Box::new(job.run())));
    type_filter(&mut on, "web-9");
    on.update(Msg::Recompute { now: 220 });
    assert_eq!(table(&on), table(&off));
    assert_eq!(table(&off).0, vec!["web-9".to_string()]);
}
