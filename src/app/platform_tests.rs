//! The console gathers the platform evidence the store does not hold (the
//! server's gitVersion, its API groups, config.toml's word) and the
//! recompute detects the platform from it.

use super::tests::state;
use super::*;
use crate::platform::Platform;

fn connected(version: &str) -> Msg {
    Msg::Cluster(Report::Connection(Connection::Connected {
        version: version.into(),
    }))
}

#[test]
fn the_servers_version_is_evidence_and_a_new_one_schedules_a_recompute() {
    let mut app = state();
    let o = app.update(connected("v1.31.2-eks-7f9249a"));
    assert!(o.changed);
    assert_eq!(o.effects, vec![Effect::ScheduleRecompute]);
    app.update(Msg::Recompute { now: 0 });
    assert_eq!(app.live.panes.platform.platform, Platform::Eks);
    assert_eq!(
        app.live.panes.platform.evidence,
        ["gitVersion v1.31.2-eks-7f9249a"]
    );
    // Losing the server keeps what it said.
    app.update(Msg::Cluster(Report::Connection(Connection::Unreachable(
        "refused".into(),
    ))));
    assert_eq!(
        app.live.panes.platform_clues.git_version.as_deref(),
        Some("v1.31.2-eks-7f9249a")
    );
    // The same version again is nothing new.
    let o = app.update(connected("v1.31.2-eks-7f9249a"));
    assert!(o.effects.is_empty(), "{:?}", o.effects);
}

#[test]
fn api_groups_of_this_context_are_evidence_and_an_older_contexts_are_dropped() {
    let mut app = state();
    let groups = |generation| {
        Msg::Cluster(Report::ApiGroups {
            generation,
            groups: vec!["apps".into(), "config.openshift.io".into()],
        })
    };
    assert_eq!(app.update(groups(7)), Updated::default(), "another generation");
    assert!(app.live.panes.platform_clues.api_groups.is_empty());
    let o = app.update(groups(0));
    assert_eq!(o.effects, vec![Effect::ScheduleRecompute]);
    app.update(Msg::Recompute { now: 0 });
    assert_eq!(app.live.panes.platform.platform, Platform::OpenShift);
    assert_eq!(app.update(groups(0)), Updated::default(), "the same groups again");
}

#[test]
fn config_toml_names_the_platform_from_the_start() {
    let mut app = AppState::new(Settings {
        platform: Some(Platform::Aks),
        ..Settings::default()
    });
    app.update(connected("v1.31.1-gke.1678000"));
    app.update(Msg::Recompute { now: 0 });
    let d = &app.live.panes.platform;
    assert_eq!((d.platform, d.configured), (Platform::Aks, true));
    assert_eq!(
        d.evidence,
        [
            "config.toml: platform = \"aks\"",
            "detected GKE from: gitVersion v1.31.1-gke.1678000"
        ]
    );
}

#[test]
fn a_switch_forgets_the_old_servers_evidence_and_takes_the_new_contexts_word() {
    let mut app = state();
    app.update(connected("v1.31.2-eks-7f9249a"));
    app.update(Msg::Cluster(Report::ApiGroups {
        generation: 0,
        groups: vec!["apps".into()],
    }));
    app.update(Msg::Recompute { now: 0 });
    assert_eq!(app.live.panes.platform.platform, Platform::Eks);
    let mut s = super::switch_tests::switched("lab");
    s.platform = Some(Platform::K3s);
    app.update(Msg::Switched(Box::new(s)));
    let clues = &app.live.panes.platform_clues;
    assert_eq!((clues.git_version.as_deref(), clues.api_groups.len()), (None, 0));
    assert_eq!(clues.configured, Some(Platform::K3s));
    app.update(Msg::Recompute { now: 1 });
    assert_eq!(app.live.panes.platform.platform, Platform::K3s);
}
