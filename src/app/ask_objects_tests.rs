//! The actions' keys on the row under the cursor: what each asks, what it
//! sends once confirmed, and read-only's refusal.

use super::super::tests::{key, state, type_str};
use super::*;
use crate::app::{Effect, Msg};
use crate::signals::test_support::{add_pdb, add_pod, add_workload, all_synced, owned, pdb, workload};

/// shop/web-0 (StatefulSet web, on w-1) under a budget allowing nothing;
/// Deployment web/checkout with 5 replicas; DaemonSet kube-system/agent.
fn cluster() -> AppState {
    let mut app = state();
    app.update(Msg::Resize {
        width: 160,
        height: 48,
    });
    let mut s = all_synced();
    add_pod(
        &mut s,
        owned(
            "shop",
            "web-0",
            Some("w-1"),
            "StatefulSet",
            "web",
            &[("app", "web")],
        ),
    );
    add_pdb(
        &mut s,
        pdb("shop", "web", &[("app", "web")], Some("2"), (0, 2, 2, 2)),
    );
    add_workload(
        &mut s,
        workload("Deployment", "web", "checkout", 5, &[("app", "checkout")]),
    );
    add_workload(
        &mut s,
        workload("DaemonSet", "kube-system", "agent", 3, &[("app", "agent")]),
    );
    app.live.store = s;
    app.update(Msg::Recompute { now: 100 });
    app
}

fn on_pod(app: &mut AppState) {
    assert!(app.open_pod("shop", "web-0"));
}

fn on_workload(app: &mut AppState, name: &str) {
    app.nav.mode = crate::app::action::Mode::Normal;
    app.update(key("w"));
    app.update(key("/"));
    type_str(app, name);
    app.update(key("enter"));
}

fn asked(app: &AppState) -> &Ask {
    app.features.ask.as_ref().expect("a confirmation")
}

fn notice(app: &AppState) -> String {
    app.nav.notices.last().map(|n| n.text.clone()).unwrap_or_default()
}

fn pod_op(change: Change) -> Request {
    Request::Object(ObjectOp::new(ObjectRef::pod("shop", "web-0"), change))
}

#[test]
fn delete_the_pod_under_the_cursor_with_its_own_grace_period() {
    let mut app = cluster();
    on_pod(&mut app);
    assert!(app.update(key("ctrl-d")).effects.is_empty());
    let a = asked(&app);
    assert_eq!(a.title, "Delete pod/web-0 -n shop?");
    assert!(
        a.lines[0].ends_with("on node w-1, owned by StatefulSet/web"),
        "{:?}",
        a.lines
    );
    app.update(key("enter"));
    assert_eq!(
        asked(&app).changes()[0],
        "delete pod/web-0 -n shop (with the pod's own grace period)"
    );
    let o = app.update(key("enter"));
    let delete = Change::Delete {
        grace: None,
        force: false,
    };
    assert_eq!(
        o.effects,
        [Effect::Mutate {
            request: pod_op(delete),
            read_only: false
        }]
    );
}

#[test]
fn evict_names_the_budgets_that_select_the_pod() {
    let mut app = cluster();
    on_pod(&mut app);
    app.update(key("E"));
    let line = "poddisruptionbudget.policy/web -n shop (minAvailable 2: 2 healthy of 2 needed, 0 disruptions allowed)";
    assert!(
        asked(&app).lines.iter().any(|l| l == line),
        "{:?}",
        asked(&app).lines
    );
    let o = app.update(key("enter"));
    let evict = Change::Evict {
        budgets: vec![line.into()],
    };
    assert_eq!(
        o.effects,
        [Effect::Mutate {
            request: pod_op(evict),
            read_only: false
        }]
    );
}

#[test]
fn scale_shows_current_and_target_and_restart_asks_first() {
    let mut app = cluster();
    on_workload(&mut app, "checkout");
    app.update(key("+"));
    assert_eq!(asked(&app).title, "Scale deployment.apps/checkout -n web?");
    type_str(&mut app, "3");
    app.update(key("enter"));
    assert_eq!(
        asked(&app).changes()[0],
        "scale deployment.apps/checkout -n web 5 → 3"
    );
    let deploy = ObjectRef::namespaced(ObjectKind::Deployment, "web", "checkout");
    assert_eq!(
        app.update(key("enter")).effects,
        [Effect::Mutate {
            request: Request::Object(ObjectOp::new(deploy.clone(), Change::Scale { from: 5, to: 3 })),
            read_only: false
        }]
    );
    assert!(app.update(key("r")).effects.is_empty(), "asked first");
    assert_eq!(
        app.update(key("enter")).effects,
        [Effect::Mutate {
            request: Request::Object(ObjectOp::new(deploy, Change::Restart)),
            read_only: false
        }]
    );
}

#[test]
fn a_daemonset_is_restarted_but_not_scaled() {
    let mut app = cluster();
    on_workload(&mut app, "agent");
    assert!(app.update(key("+")).effects.is_empty());
    assert!(app.features.ask.is_none());
    assert_eq!(
        notice(&app),
        "scale: DaemonSet/agent is not a Deployment or StatefulSet"
    );
    app.update(key("r"));
    assert_eq!(
        asked(&app).title,
        "Rollout-restart daemonset.apps/agent -n kube-system?"
    );
}

#[test]
fn read_only_refuses_every_action_and_says_so() {
    let mut app = cluster();
    app.session.readonly = true;
    on_pod(&mut app);
    for k in ["ctrl-d", "E"] {
        let o = app.update(key(k));
        assert!(
            matches!(o.effects.as_slice(), [Effect::Mutate { read_only: true, .. }]),
            "{k}"
        );
        assert!(app.features.ask.is_none());
        assert!(notice(&app).starts_with("read-only: "), "{}", notice(&app));
    }
    on_workload(&mut app, "checkout");
    for k in ["r", "+"] {
        let o = app.update(key(k));
        assert!(
            matches!(o.effects.as_slice(), [Effect::Mutate { read_only: true, .. }]),
            "{k}"
        );
        assert!(
            notice(&app).contains("deployment.apps/checkout -n web refused"),
            "{}",
            notice(&app)
        );
    }
}
