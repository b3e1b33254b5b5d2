//! The control-plane and etcd panes on a managed control plane, each
//! against the same store judged as self-managed (what the issue found:
//! warnings nobody can act on).

use crate::cluster::store::{Store, SyncState};
use crate::platform::{Detection, Platform, UNKNOWN};
use crate::signals::backups::{self, BackupSettings, BackupsModel, HOUR};
use crate::signals::control_plane::{self, ControlPlaneModel, LeaderStatus};
use crate::signals::health_text::{HealthReport, parse};
use crate::signals::test_support::*;
use crate::signals::verdict::{Level, Verdict};

const NOW: i64 = 1_800_000_000;

pub(crate) fn eks() -> Detection {
    Detection {
        platform: Platform::Eks,
        evidence: vec!["gitVersion v1.31.2-eks-7f9249a".into()],
        configured: false,
    }
}

fn ok() -> Result<HealthReport, String> {
    parse("[+]ping ok\n[+]etcd ok\nreadyz check passed\n").map_err(|e| e.to_string())
}

/// What EKS shows: workers in three zones, two API server identity
/// leases, no control-plane node, no static pod, no leader lease.
fn eks_store() -> Store {
    let mut s = synced();
    for (i, z) in ["eu-west-1a", "eu-west-1b", "eu-west-1c"].into_iter().enumerate() {
        add_node(&mut s, node(&format!("ip-10-0-{i}-5"), Some(z)));
    }
    for i in 0..2 {
        add_lease(&mut s, identity_lease(&format!("apiserver-{i}"), NOW - 5));
    }
    s
}

fn cp(s: &Store, p: &Detection, health: Option<&Result<HealthReport, String>>) -> ControlPlaneModel {
    control_plane::model_on(s, health, health, p, NOW)
}

fn problems(v: &[Verdict]) -> Vec<&str> {
    v.iter()
        .filter(|v| v.level > Level::Ok)
        .map(|v| v.message.as_str())
        .collect()
}

#[test]
fn a_healthy_eks_control_plane_has_no_warning_and_says_who_runs_it() {
    let s = eks_store();
    let r = ok();
    let unknown = cp(&s, &UNKNOWN, Some(&r));
    assert_eq!(
        problems(&unknown.verdicts),
        [
            "2 control-plane instances (3 needed for HA; identity leases 2, control-plane nodes 0, kube-apiserver pods 0, endpoints ?)",
            "no kube-scheduler leader lease in kube-system",
            "no kube-controller-manager leader lease in kube-system",
        ],
        "judged as self-managed, EKS reads as broken"
    );
    let m = cp(&s, &eks(), Some(&r));
    assert_eq!(problems(&m.verdicts), Vec::<&str>::new());
    assert_eq!(m.summary, Verdict::ok("run by EKS, healthy"));
    let lines: Vec<&str> = m.verdicts.iter().map(|v| v.message.as_str()).collect();
    assert!(lines.contains(
        &"control plane run and replicated across zones by EKS (detected from gitVersion v1.31.2-eks-7f9249a)"
    ));
    assert!(lines.contains(&"2 API server instances visible (identity leases 2)"));
    assert!(lines.contains(&"readyz ok (2 checks)"));
    assert!(!lines.iter().any(|l| l.contains("leader")), "{lines:?}");
    assert_eq!(m.leaders[0].status, LeaderStatus::Missing);
    assert_eq!(m.platform, eks());
}

#[test]
fn on_eks_with_nothing_visible_the_count_says_so_without_warning() {
    let s = synced();
    let m = cp(&s, &eks(), None);
    assert_eq!(problems(&m.verdicts), Vec::<&str>::new());
    let lines: Vec<&str> = m.verdicts.iter().map(|v| v.message.as_str()).collect();
    assert!(lines.contains(&"EKS runs the API server instances; none visible to the customer"));
    assert_eq!(m.pending, ["readyz", "livez"]);
}

#[test]
fn on_eks_what_the_customer_sees_is_still_judged() {
    let mut s = eks_store();
    add_lease(
        &mut s,
        lease(
            "kube-system",
            "kube-scheduler",
            Some("ip-x_1"),
            Some(NOW - 600),
            Some(15),
        ),
    );
    s.nodes.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "nodes".into(),
    };
    let failing = parse("[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n")
        .map_err(|e| e.to_string());
    let m = cp(&s, &eks(), Some(&failing));
    assert_eq!(m.leaders[0].status, LeaderStatus::Stale);
    let p = problems(&m.verdicts);
    assert!(p.iter().any(|v| v.starts_with("readyz failing: etcd")), "{p:?}");
    assert!(
        p.iter()
            .any(|v| v.starts_with("kube-scheduler leader ip-x_1 stale")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|v| v.starts_with("nodes: ") && v.contains("forbidden")),
        "{p:?}"
    );
    assert_eq!(m.summary.level, Level::Crit);
}

#[test]
fn on_eks_an_old_identity_lease_is_a_note_not_a_warning() {
    let mut s = eks_store();
    add_lease(&mut s, identity_lease("apiserver-old", NOW - 1800 - 3600));
    let unknown = cp(&s, &UNKNOWN, None);
    assert!(
        problems(&unknown.verdicts)
            .iter()
            .any(|v| v.contains("apiserver-old"))
    );
    let m = cp(&s, &eks(), None);
    assert_eq!(problems(&m.verdicts), Vec::<&str>::new());
    let old: Vec<&str> = m
        .verdicts
        .iter()
        .map(|v| v.message.as_str())
        .filter(|v| v.contains("old API"))
        .collect();
    assert_eq!(
        old,
        ["1 old API server identity lease (apiserver-old, renewed 90m ago): instances EKS replaced"]
    );
}

fn etcd(s: &Store, p: &Detection) -> BackupsModel {
    backups::model_on(s, None, &BackupSettings::default(), p, NOW)
}

#[test]
fn on_eks_no_backup_is_an_info_note_with_the_dr_advice_not_critical() {
    let s = backups_synced();
    let unknown = etcd(&s, &UNKNOWN);
    assert_eq!(
        unknown.summary.level,
        Level::Crit,
        "self-managed: no etcd backup is critical"
    );
    let m = etcd(&s, &eks());
    assert_eq!(problems(&m.verdicts), Vec::<&str>::new());
    assert_eq!(m.summary, Verdict::ok("etcd managed by EKS (backed up by it)"));
    assert_eq!(m.notes.len(), 1);
    assert!(m.notes[0].starts_with("no cluster backup found (Velero): "));
    assert!(m.notes[0].contains("full-cluster backups") && m.notes[0].contains("GitOps"));
}

#[test]
fn on_eks_a_velero_backup_is_shown_and_a_stale_one_is_a_note() {
    let mut s = backups_synced();
    add_velero_backup(
        &mut s,
        velero_backup(
            "velero",
            "daily-1",
            "Completed",
            Some("daily"),
            Some(NOW - 3 * HOUR),
        ),
    );
    let m = etcd(&s, &eks());
    assert!(m.notes.is_empty(), "{:?}", m.notes);
    assert_eq!(
        m.summary,
        Verdict::ok("etcd managed by EKS (backed up by it); newest cluster backup 3h ago (velero/daily-1)")
    );
    let mut s = backups_synced();
    add_velero_backup(
        &mut s,
        velero_backup(
            "velero",
            "daily-1",
            "Completed",
            Some("daily"),
            Some(NOW - 72 * HOUR),
        ),
    );
    assert_eq!(etcd(&s, &UNKNOWN).summary.level, Level::Crit);
    let m = etcd(&s, &eks());
    assert_eq!(problems(&m.verdicts), Vec::<&str>::new());
    assert_eq!(m.notes.len(), 1);
    assert!(
        m.notes[0].starts_with("newest cluster backup is 3d old (velero/daily-1)"),
        "{:?}",
        m.notes
    );
}

#[test]
fn on_eks_an_unreadable_velero_is_still_a_warning() {
    let mut s = backups_synced();
    s.velero_backups.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "backups.velero.io".into(),
    };
    let m = etcd(&s, &eks());
    assert_eq!(problems(&m.verdicts).len(), 1, "{:?}", m.verdicts);
    assert!(
        m.notes[0].starts_with(
            "no cluster backup found in the sources kon can read (Velero Backups not checked): "
        )
    );
}
