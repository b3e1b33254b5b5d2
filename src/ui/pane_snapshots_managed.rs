//! Snapshots of the control-plane and etcd backups panes on a managed
//! control plane (EKS) at 80x24: what the customer can see, no warning for
//! what the provider runs, and the disaster-recovery advice at info.

use super::pane_snapshots::screen;
use crate::app::keys::KeyChord;
use crate::app::{AppState, Msg, Settings};
use crate::cluster::store::SyncState;
use crate::cluster::store::records::EndpointSliceRecord;
use crate::kubeconfig::target::Target;
use crate::platform::Platform;
use crate::signals::test_support::*;

const NOW: i64 = 1_790_000_000;

/// An EKS cluster as the API shows it: workers in three zones, two API
/// server identity leases and endpoints, no control-plane node, static pod
/// or leader lease; Velero and ETCDSnapshotFiles not served, no CronJob.
fn app() -> AppState {
    let mut s = synced();
    for (i, z) in ["eu-west-1a", "eu-west-1b", "eu-west-1c"].into_iter().enumerate() {
        add_node(
            &mut s,
            node(&format!("ip-10-0-{i}-17.eu-west-1.compute.internal"), Some(z)),
        );
    }
    for id in [
        "apiserver-6kqzqj5e4xvbnqyq4ruyd2wqmu",
        "apiserver-t3bfpwbqjxhpz6c2nnzaf3uday",
    ] {
        add_lease(&mut s, identity_lease(id, NOW - 4));
    }
    s.api_endpoints.state = SyncState::Synced;
    let slice = EndpointSliceRecord {
        addresses: vec![("10.0.101.12".into(), true), ("10.0.102.40".into(), true)].into(),
    };
    s.api_endpoints
        .items
        .insert(("default".into(), "kubernetes".into()), slice);
    s.velero_backups.state = SyncState::Absent;
    s.velero_schedules.state = SyncState::Absent;
    s.etcd_snapshots.state = SyncState::Absent;
    s.cronjobs.state = SyncState::Synced;
    s.jobs.state = SyncState::Synced;
    let target = Target {
        context: Some("arn:aws:eks:eu-west-1:123456789012:cluster/prod".into()),
        server: Some("https://0A1B2C3D4E.gr7.eu-west-1.eks.amazonaws.com".into()),
        namespace: "default".into(),
        scope: None,
    };
    let mut a = AppState::new(Settings::for_target(target));
    a.update(Msg::Resize {
        width: 80,
        height: 24,
    });
    a.live.store = s;
    // Detected as the console detects it: from the server's gitVersion.
    std::sync::Arc::make_mut(&mut a.live.panes.platform_clues).git_version =
        Some("v1.31.2-eks-7f9249a".into());
    let ok = Ok(
        "[+]ping ok\n[+]etcd ok\n[+]poststarthook/start-kube-aggregator ok\nreadyz check passed\n"
            .to_string(),
    );
    a.live
        .panes
        .recompute(&a.live.store, (Some(&ok), Some(&ok)), None, &a.live.local, NOW);
    a.live.now = NOW;
    assert_eq!(a.live.panes.platform.platform, Platform::Eks);
    a
}

fn press(a: &mut AppState, keys: &[&str]) {
    for k in keys {
        a.update(Msg::Key(KeyChord::parse(k).expect("key")));
    }
}

#[test]
fn managed_control_plane_pane_80x24() {
    let mut a = app();
    press(&mut a, &["enter"]);
    let s = screen(&a);
    assert!(s.contains("run and replicated across zones by EKS"), "{s}");
    assert!(
        !s.contains('▲') && !s.contains('✖'),
        "no warning on a healthy EKS:\n{s}"
    );
    insta::assert_snapshot!("managed_control_plane_80x24", s);
}

#[test]
fn managed_etcd_pane_80x24() {
    let mut a = app();
    press(&mut a, &["l", "enter"]);
    let s = screen(&a);
    assert!(s.contains("etcd managed by EKS (backed up by it)"), "{s}");
    assert!(s.contains("no cluster backup found"), "{s}");
    assert!(
        !s.contains('▲') && !s.contains('✖'),
        "no warning on a healthy EKS:\n{s}"
    );
    insta::assert_snapshot!("managed_etcd_80x24", s);
}
