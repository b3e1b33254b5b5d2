//! The context and namespace pickers and what a switch does to the state.

use super::switch::ALL_NAMESPACES;
use super::tests::{key, state, type_str};
use super::*;
use crate::ctxns::switcher::Switched;
use crate::kubeconfig::target::Target;
use crate::picker::PickItem;

fn item(name: &str, detail: &str) -> PickItem {
    PickItem {
        name: name.into(),
        detail: detail.into(),
        current: false,
    }
}

fn contexts() -> Msg {
    Msg::Contexts(Ok(vec![
        item("prod", "https://10.0.0.1:6443"),
        item("staging-eu", "https://10.1.0.1:6443  ns shop"),
        item("staging-us", "https://10.2.0.1:6443"),
    ]))
}

pub(super) fn switched(context: &str) -> Switched {
    Switched {
        target: Target {
            context: Some(context.into()),
            server: Some("https://10.1.0.1:6443".into()),
            namespace: "shop".into(),
            scope: Some("shop".into()),
        },
        problem: None,
        readonly: false,
        readonly_why: String::new(),
        readonly_badge: String::new(),
        who: crate::audit::Who {
            user: "eu-admin".into(),
            context: context.into(),
        },
        kubeconfig_certs: vec![],
        saved: None,
        platform: None,
    }
}

#[test]
fn the_context_picker_reads_the_kubeconfig_and_switches_on_enter() {
    let mut app = state();
    let o = app.update(key("C"));
    assert_eq!(
        o.effects,
        vec![Effect::LoadContexts],
        "the kubeconfig is read at each opening"
    );
    assert_eq!(app.nav.mode, Mode::Picker);
    assert_eq!(app.screen(), Mode::Normal, "the dashboard stays under the picker");
    app.update(contexts());
    let picker = &app.features.picker.as_ref().unwrap().picker;
    assert_eq!(picker.total(), 3);
    assert_eq!(
        picker.selected().map(|i| i.name.as_str()),
        Some("prod"),
        "starts on the current"
    );
    assert!(picker.selected().unwrap().current);
    type_str(&mut app, "eu");
    assert_eq!(app.features.picker.as_ref().unwrap().picker.matched(), 1);
    let o = app.update(key("enter"));
    assert_eq!(
        o.effects,
        vec![Effect::SwitchContext {
            name: "staging-eu".into(),
            persist: false
        }]
    );
    assert_eq!(app.nav.mode, Mode::Normal);
    assert!(app.features.picker.is_none());
}

#[test]
fn the_save_key_or_the_setting_persists_and_read_only_refuses_it() {
    let mut app = state();
    app.update(key("C"));
    app.update(contexts());
    type_str(&mut app, "staging-us");
    let o = app.update(key("ctrl-s"));
    assert_eq!(
        o.effects,
        vec![Effect::SwitchContext {
            name: "staging-us".into(),
            persist: true
        }]
    );

    let mut app = state();
    app.session.persist_switches = true;
    app.update(key("C"));
    app.update(contexts());
    type_str(&mut app, "staging-us");
    let o = app.update(key("enter"));
    assert!(matches!(
        o.effects.as_slice(),
        [Effect::SwitchContext { persist: true, .. }]
    ));

    let mut app = state();
    app.session.readonly = true;
    app.session.readonly_why = "context prod is read-only in /c/config.toml".into();
    app.update(key("C"));
    app.update(contexts());
    type_str(&mut app, "staging-us");
    // Read-only never writes: the refusal is only recorded in the audit log.
    assert_eq!(
        app.update(key("ctrl-s")).effects,
        [Effect::AuditKubeconfig {
            action: "switch-context".into(),
            target: "context/staging-us".into(),
        }]
    );
    let text = &app.notice(About::Command).unwrap().text;
    assert!(
        text.starts_with("read-only, the kubeconfig is not changed")
            && text.ends_with(": context prod is read-only in /c/config.toml"),
        "{text}"
    );
    // Saving the namespace: refused and recorded too (the panes still follow it).
    let o = app.set_scope(Some("payments".into()), true);
    assert!(o.effects.contains(&Effect::AuditKubeconfig {
        action: "set-namespace".into(),
        target: "context/prod namespace/payments".into(),
    }));
    assert!(
        !o.effects
            .iter()
            .any(|e| matches!(e, Effect::PersistNamespace { .. }))
    );
    assert_eq!(app.session.target.scope.as_deref(), Some("payments"));
    // Switching the console alone stays allowed.
    app.update(key("C"));
    app.update(contexts());
    type_str(&mut app, "staging-us");
    assert!(matches!(
        app.update(key("enter")).effects.as_slice(),
        [Effect::SwitchContext { persist: false, .. }]
    ));
}

#[test]
fn esc_closes_the_picker_and_returns_to_the_view_under_it() {
    let mut app = state();
    app.update(key("n"));
    app.update(key("C"));
    assert_eq!(app.screen(), Mode::Nodes);
    app.update(key("esc"));
    assert_eq!(app.nav.mode, Mode::Nodes);
    assert!(app.features.picker.is_none());
    // A failed read of the kubeconfig is shown.
    app.update(key("C"));
    app.update(Msg::Contexts(Err("/k/config:3:7: bad indentation".into())));
    assert!(app.notice(About::Command).unwrap().text.contains("/k/config:3:7"));
}

#[test]
fn a_switch_starts_a_new_generation_and_drops_the_old_clusters_state() {
    use crate::cluster::slim::node::SlimNode;
    use crate::cluster::store::Delta;
    use crate::cluster::store::kinds::Event;
    let mut app = state();
    let node = |gen_: u64, name: &str| {
        let mut n = SlimNode::default();
        n.metadata.name = Some(name.into());
        Msg::Cluster(Report::Store {
            generation: gen_,
            event: Box::new(Event::Node(Delta::Apply(name.into(), n))),
        })
    };
    app.update(node(0, "old-node"));
    app.update(Msg::Recompute { now: 1 });
    app.update(Msg::Cluster(Report::Connection(Connection::Connected {
        version: "v1.35.1".into(),
    })));
    assert_eq!(app.live.store.nodes.items.len(), 1);
    app.live.readyz = Some(Ok("[+]ping ok".into()));

    let o = app.update(Msg::Switched(Box::new(switched("staging-eu"))));
    assert!(o.changed);
    assert_eq!(o.effects, vec![Effect::ScheduleRecompute]);
    assert_eq!(app.live.generation, 1);
    assert_eq!(app.session.target.context.as_deref(), Some("staging-eu"));
    assert_eq!(app.session.target.scope.as_deref(), Some("shop"));
    assert_eq!(app.session.who.user, "eu-admin");
    assert!(
        app.live.store.nodes.items.is_empty(),
        "nothing of the old cluster stays"
    );
    assert_eq!(app.live.readyz, None);
    assert_eq!(app.live.connection, Connection::Connecting);
    assert!(
        app.notice(About::Command)
            .unwrap()
            .text
            .contains("kubeconfig unchanged")
    );
    // A late message of the old context's watchers is dropped.
    assert_eq!(app.update(node(0, "old-node-2")), Updated::default());
    assert!(app.live.store.nodes.items.is_empty());
    app.update(node(1, "new-node"));
    assert_eq!(app.live.store.nodes.items.len(), 1);
    let header = crate::ui::header_segments(&app, 120);
    let text: String = header.iter().map(|(t, _)| t.as_str()).collect();
    assert!(text.contains("staging-eu") && text.contains("ns shop"), "{text}");
}

#[test]
fn a_switch_keeps_session_read_only_and_applies_the_contexts_own() {
    let mut app = state();
    app.update(key(":"));
    type_str(&mut app, "readonly");
    app.update(key("enter"));
    app.update(Msg::Switched(Box::new(switched("staging-eu"))));
    assert!(app.session.readonly, ":readonly outlives the switch");

    let mut app = state();
    let mut s = switched("staging-eu");
    s.readonly = true;
    app.update(Msg::Switched(Box::new(s)));
    assert!(app.session.readonly, "config.toml says staging-eu is read-only");
    app.update(Msg::Switched(Box::new(switched("prod"))));
    assert!(!app.session.readonly);

    let mut s = switched("lab");
    s.problem = Some("cannot use context: no server".into());
    s.saved = Some(Err("/k/config: permission denied".into()));
    app.update(Msg::Switched(Box::new(s)));
    assert!(matches!(app.live.connection, Connection::NoContext(_)));
    let notice = app.notice(About::Command).unwrap();
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(notice.text.contains("permission denied"), "{}", notice.text);
}

#[test]
fn context_commands_and_refusals() {
    let mut app = state();
    app.update(key(":"));
    type_str(&mut app, "ctx staging-us");
    let o = app.update(key("enter"));
    assert_eq!(
        o.effects,
        vec![Effect::SwitchContext {
            name: "staging-us".into(),
            persist: false
        }]
    );
    app.update(key(":"));
    type_str(&mut app, "ctx! staging-us");
    assert!(matches!(
        app.update(key("enter")).effects.as_slice(),
        [Effect::SwitchContext { persist: true, .. }]
    ));
    app.update(key(":"));
    type_str(&mut app, "ctx");
    assert_eq!(app.update(key("enter")).effects, vec![Effect::LoadContexts]);
    assert_eq!(app.nav.mode, Mode::Picker);
    app.update(key("esc"));
    // The current context again: nothing to do.
    app.update(key(":"));
    type_str(&mut app, "ctx prod");
    assert!(app.update(key("enter")).effects.is_empty());
    assert!(app.notice(About::Command).unwrap().text.contains("already"));
    // Saving the context shown: only the kubeconfig changes.
    app.update(key(":"));
    type_str(&mut app, "ctx! prod");
    assert_eq!(
        app.update(key("enter")).effects,
        vec![Effect::PersistContext { name: "prod".into() }]
    );
    // Never in the middle of a drain.
    let mut view = drain_view::DrainView::new(&app.live.store, vec![], vec![]);
    view.phase = drain_view::DrainPhase::Running;
    app.features.drain = Some(view);
    assert!(app.switch_context("staging-us".into(), false).effects.is_empty());
    assert!(
        app.notice(About::Command)
            .unwrap()
            .text
            .contains("drain is running")
    );
}

#[test]
fn the_namespace_picker_scopes_the_panes_and_can_save() {
    use crate::signals::test_support::{add_namespace, add_pod, namespace, pod, synced};
    let mut app = state();
    let mut s = synced();
    for ns in ["shop", "web", "kube-system"] {
        add_namespace(&mut s, namespace(ns));
    }
    add_pod(&mut s, pod("shop", "a", None));
    add_pod(&mut s, pod("shop", "b", None));
    app.live.store = s;
    app.update(key("N"));
    let picker = &app.features.picker.as_ref().unwrap().picker;
    assert_eq!(picker.total(), 4);
    let first = picker.selected().unwrap();
    assert_eq!((first.name.as_str(), first.current), (ALL_NAMESPACES, true));
    type_str(&mut app, "shop");
    let sel = app
        .features
        .picker
        .as_ref()
        .unwrap()
        .picker
        .selected()
        .cloned()
        .unwrap();
    assert_eq!((sel.name.as_str(), sel.detail.as_str()), ("shop", "2 pods"));
    let o = app.update(key("enter"));
    assert_eq!(app.session.target.scope.as_deref(), Some("shop"));
    assert!(
        o.effects
            .iter()
            .all(|e| !matches!(e, Effect::PersistNamespace { .. }))
    );
    // ctrl-s: also the context's namespace in the kubeconfig.
    app.update(key("N"));
    assert_eq!(
        app.features
            .picker
            .as_ref()
            .unwrap()
            .picker
            .selected()
            .map(|i| i.name.as_str()),
        Some("shop"),
        "starts on the scope"
    );
    type_str(&mut app, "web");
    let o = app.update(key("ctrl-s"));
    assert!(o.effects.contains(&Effect::PersistNamespace {
        context: "prod".into(),
        namespace: "web".into()
    }));
    assert_eq!(app.session.target.scope.as_deref(), Some("web"));
    // Every namespace is kon's own view: never written.
    app.update(key("N"));
    type_str(&mut app, "(all");
    let o = app.update(key("ctrl-s"));
    assert_eq!(app.session.target.scope, None);
    assert!(
        o.effects
            .iter()
            .all(|e| !matches!(e, Effect::PersistNamespace { .. }))
    );
    assert_eq!(app.notice(About::Command).unwrap().level, NoticeLevel::Warn);
}
