//! Table-driven against kubectl's `rollout_status.go`: each case is a
//! workload's fields and what `kubectl rollout status` prints for it.

use std::sync::Arc;

use super::*;
use crate::cluster::store::workload_records::{ConditionRecord, RolloutRecord};
use crate::signals::test_support::{add_workload, all_synced, workload};
use crate::signals::workloads_rows::rows;

const NOW: i64 = 1_800_000_000;

/// A workload of `kind` named `web` with `replicas` desired, `ready` ready
/// and its rollout fields.
fn w(kind: &str, replicas: i32, ready: i32, rollout: RolloutRecord) -> WorkloadRecord {
    let mut w = workload(kind, "ns", "web", replicas, &[("app", "web")]);
    w.ready = ready;
    w.rollout = rollout;
    w
}

fn r(generation: i64, observed: i64, current: i32, updated: i32, available: i32) -> RolloutRecord {
    RolloutRecord {
        generation,
        observed_generation: observed,
        current,
        updated,
        available,
        ..RolloutRecord::default()
    }
}

fn progressing(reason: &str, last_update: i64) -> Option<Box<ConditionRecord>> {
    Some(Box::new(ConditionRecord {
        status: if reason == DEADLINE_EXCEEDED {
            "False"
        } else {
            "True"
        }
        .into(),
        reason: Some(reason.into()),
        message: None,
        last_update: Some(last_update),
        last_transition: Some(last_update),
    }))
}

#[test]
fn deployments_read_as_kubectl_says_them() {
    let deadline = RolloutRecord {
        progressing: progressing(DEADLINE_EXCEEDED, NOW),
        ..r(2, 2, 6, 2, 4)
    };
    let cases: Vec<(RolloutRecord, i32, &str, bool, bool)> = vec![
        (
            r(3, 2, 5, 5, 5),
            5,
            "Waiting for deployment spec update to be observed...",
            false,
            false,
        ),
        (
            deadline,
            4,
            "deployment \"web\" exceeded its progress deadline",
            false,
            true,
        ),
        (
            r(2, 2, 6, 2, 4),
            4,
            "Waiting for deployment \"web\" rollout to finish: 2 out of 5 new replicas have been updated...",
            false,
            false,
        ),
        (
            r(2, 2, 7, 5, 5),
            5,
            "Waiting for deployment \"web\" rollout to finish: 2 old replicas are pending termination...",
            false,
            false,
        ),
        (
            r(2, 2, 5, 5, 3),
            3,
            "Waiting for deployment \"web\" rollout to finish: 3 of 5 updated replicas are available...",
            false,
            false,
        ),
        (
            r(2, 2, 5, 5, 5),
            5,
            "deployment \"web\" successfully rolled out",
            true,
            false,
        ),
    ];
    for (rollout, ready, message, done, error) in cases {
        let s = kubectl_status(&w("Deployment", 5, ready, rollout));
        assert_eq!(s.message, message);
        assert_eq!((s.done, s.error), (done, error), "{message}");
    }
}

#[test]
fn daemonsets_read_as_kubectl_says_them() {
    let on_delete = RolloutRecord {
        strategy: Some("OnDelete".into()),
        ..r(1, 1, 4, 4, 4)
    };
    let cases: Vec<(RolloutRecord, &str, bool, bool)> = vec![
        (
            on_delete,
            "rollout status is only available for RollingUpdate strategy type",
            true,
            true,
        ),
        (
            r(2, 1, 4, 4, 4),
            "Waiting for daemon set spec update to be observed...",
            false,
            false,
        ),
        (
            r(2, 2, 4, 3, 4),
            "Waiting for daemon set \"web\" rollout to finish: 3 out of 4 new pods have been updated...",
            false,
            false,
        ),
        (
            r(2, 2, 4, 4, 2),
            "Waiting for daemon set \"web\" rollout to finish: 2 of 4 updated pods are available...",
            false,
            false,
        ),
        (
            r(2, 2, 4, 4, 4),
            "daemon set \"web\" successfully rolled out",
            true,
            false,
        ),
    ];
    for (rollout, message, done, error) in cases {
        let s = kubectl_status(&w("DaemonSet", 4, 4, rollout));
        assert_eq!(s.message, message);
        assert_eq!((s.done, s.error), (done, error), "{message}");
    }
}

#[test]
fn statefulsets_read_as_kubectl_says_them() {
    let revs = |cur: &str, upd: &str, base: RolloutRecord| RolloutRecord {
        current_revision: Some(Arc::from(cur)),
        update_revision: Some(Arc::from(upd)),
        current_replicas: 3,
        ..base
    };
    let partition = |p: i32, base: RolloutRecord| RolloutRecord {
        rolling_update: true,
        partition: Some(p),
        ..base
    };
    let cases: Vec<(RolloutRecord, i32, &str, bool)> = vec![
        (
            r(1, 0, 3, 3, 3),
            3,
            "Waiting for statefulset spec update to be observed...",
            false,
        ),
        (
            r(2, 1, 3, 3, 3),
            3,
            "Waiting for statefulset spec update to be observed...",
            false,
        ),
        (r(2, 2, 3, 3, 3), 1, "Waiting for 2 pods to be ready...", false),
        (
            partition(1, r(2, 2, 3, 1, 3)),
            3,
            "Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...",
            false,
        ),
        (
            partition(1, r(2, 2, 3, 2, 3)),
            3,
            "partitioned roll out complete: 2 new pods have been updated...",
            true,
        ),
        (
            revs("web-1", "web-2", r(2, 2, 3, 1, 3)),
            3,
            "waiting for statefulset rolling update to complete 1 pods at revision web-2...",
            false,
        ),
        (
            revs("web-2", "web-2", r(2, 2, 3, 3, 3)),
            3,
            "statefulset rolling update complete 3 pods at revision web-2...",
            true,
        ),
    ];
    for (rollout, ready, message, done) in cases {
        let s = kubectl_status(&w("StatefulSet", 3, ready, rollout));
        assert_eq!(s.message, message);
        assert_eq!((s.done, s.error), (done, false), "{message}");
    }
    let on_delete = RolloutRecord {
        strategy: Some("OnDelete".into()),
        ..r(1, 1, 3, 3, 3)
    };
    let s = kubectl_status(&w("StatefulSet", 3, 3, on_delete));
    assert!(s.done && s.error, "kubectl: no rollout status for OnDelete");
}

#[test]
fn phases_tell_stuck_unavailable_and_progressing_apart() {
    let phase_of = |w: &WorkloadRecord| phase(w, &kubectl_status(w), NOW);
    let stuck = RolloutRecord {
        progressing: progressing(DEADLINE_EXCEEDED, NOW - 60),
        ..r(2, 2, 6, 2, 4)
    };
    assert_eq!(phase_of(&w("Deployment", 5, 4, stuck)), Phase::DeadlineExceeded);
    // A rollout under way, updated a minute ago: progressing.
    let fresh = RolloutRecord {
        progressing: progressing("ReplicaSetUpdated", NOW - 60),
        ..r(2, 2, 6, 2, 4)
    };
    assert_eq!(
        phase_of(&w("Deployment", 5, 4, fresh.clone())),
        Phase::Progressing
    );
    // The same, its condition not updated for 20 minutes: stalled.
    let old = RolloutRecord {
        progressing: progressing("ReplicaSetUpdated", NOW - 20 * 60),
        ..fresh.clone()
    };
    let stalled = w("Deployment", 5, 4, old);
    assert_eq!(phase_of(&stalled), Phase::Stalled);
    assert_eq!(stalled_for(&stalled, NOW), Some(20 * 60));
    // Every replica updated, the last rollout over, one pod not ready
    // (crash-looping): unavailable, whatever the condition's age.
    let over = RolloutRecord {
        progressing: progressing("NewReplicaSetAvailable", NOW - 86_400),
        ..r(2, 2, 5, 5, 4)
    };
    let down = w("Deployment", 5, 4, over);
    assert_eq!(phase_of(&down), Phase::Unavailable);
    assert_eq!(stalled_for(&down, NOW), None, "not a rollout");
    // Without a Progressing condition (StatefulSet) kon cannot tell stuck.
    let rolling = RolloutRecord {
        current_revision: Some("web-1".into()),
        update_revision: Some("web-2".into()),
        ..r(2, 2, 3, 1, 3)
    };
    let sts = w("StatefulSet", 3, 3, rolling);
    assert_eq!(phase_of(&sts), Phase::Progressing);
    assert_eq!(stalled_for(&sts, NOW), None);
    // A DaemonSet with every pod updated but one unavailable.
    assert_eq!(
        phase_of(&w("DaemonSet", 4, 3, r(1, 1, 4, 4, 3))),
        Phase::Unavailable
    );
    // Paused mid-rollout.
    let paused = RolloutRecord {
        paused: true,
        ..fresh
    };
    assert_eq!(phase_of(&w("Deployment", 5, 4, paused)), Phase::Paused);
    assert_eq!(
        phase_of(&w("Deployment", 5, 5, r(2, 2, 5, 5, 5))),
        Phase::Complete
    );
    assert_eq!(
        phase_of(&w("Deployment", 5, 5, r(3, 2, 5, 5, 5))),
        Phase::Observing
    );
    // Scaled to zero: complete, nothing to be unavailable.
    assert_eq!(
        phase_of(&w("Deployment", 0, 0, r(2, 2, 0, 0, 0))),
        Phase::Complete
    );
}

#[test]
fn rows_put_the_worst_first_and_keep_the_scope() {
    let mut s = all_synced();
    let stuck = RolloutRecord {
        progressing: progressing(DEADLINE_EXCEEDED, NOW - 60),
        revision: Some(3),
        ..r(2, 2, 6, 2, 4)
    };
    let mut a = w("Deployment", 5, 4, stuck);
    a.name = "checkout".into();
    add_workload(&mut s, a);
    let mut b = workload("StatefulSet", "ns", "db", 3, &[]);
    b.rollout.update_revision = Some("db-6a5f".into());
    b.rollout.current_revision = Some("db-6a5f".into());
    add_workload(&mut s, b);
    let mut c = workload("Deployment", "other", "api", 2, &[]);
    c.ready = 1;
    add_workload(&mut s, c);
    crate::signals::test_support::add_replicaset(&mut s, "ns", "checkout-7d", Some("checkout"));
    if let Some(rs) = s.replicasets.items.values_mut().next() {
        rs.revision = Some(3);
        rs.created = Some(NOW - 600);
    }
    let all = rows(&s, None, NOW);
    let names: Vec<_> = all.iter().map(|r| (&*r.name, r.state)).collect();
    assert_eq!(
        names,
        [
            ("checkout", DEADLINE_EXCEEDED),
            ("api", "Unavailable"),
            ("db", "Complete")
        ]
    );
    assert_eq!(all[0].revision.as_deref(), Some("3"));
    assert_eq!(
        all[0].since,
        Some(NOW - 600),
        "the revision's ReplicaSet creation"
    );
    assert!(all[0].problem && all[1].problem && !all[2].problem);
    assert_eq!(all[2].revision.as_deref(), Some("6a5f"));
    let scoped = rows(&s, Some("other"), NOW);
    assert_eq!(scoped.len(), 1);
    assert_eq!(&*scoped[0].name, "api");
}

#[test]
fn jobs_and_cronjobs_show_their_last_run() {
    use crate::cluster::store::backup_records::JobOutcome;
    use crate::signals::test_support::{add_cronjob, add_job, cronjob, job};
    let mut s = all_synced();
    let mut c = cronjob("ops", "report", &[], false, None);
    c.last_schedule = Some(NOW - 300);
    add_cronjob(&mut s, c);
    add_job(
        &mut s,
        job(
            "ops",
            "report-1",
            "report",
            NOW - 300,
            JobOutcome::Failed,
            Some("BackoffLimitExceeded"),
        ),
    );
    let mut own = job("ops", "migrate", "x", NOW - 60, JobOutcome::Running, None);
    own.cronjob = None;
    add_job(&mut s, own);
    let all = rows(&s, None, NOW);
    let got: Vec<_> = all
        .iter()
        .map(|r| (&*r.kind, &*r.name, r.state, r.problem))
        .collect();
    assert_eq!(
        got,
        [
            ("CronJob", "report", "Failed", true),
            ("Job", "migrate", "Running", false)
        ],
        "a CronJob's Jobs are not rows of their own"
    );
    assert_eq!(
        all[0].message,
        "last run report-1: 0/1 succeeded, 1 failed (BackoffLimitExceeded)"
    );
    assert_eq!(all[0].since, Some(NOW - 300));
    assert_eq!(all[1].message, "0/1 succeeded, 1 active");
}
