use crate::cluster::store::SyncState;
use crate::cluster::store::workload_records::{ConditionRecord, RolloutRecord};
use crate::findings::Severity;
use crate::findings::test_support::*;
use crate::signals::test_support::*;

fn progressing(reason: &str, message: Option<&str>, at: i64) -> Option<Box<ConditionRecord>> {
    Some(Box::new(ConditionRecord {
        status: "True".into(),
        reason: Some(reason.into()),
        message: message.map(Into::into),
        last_update: Some(at),
        last_transition: Some(at),
    }))
}

fn store() -> crate::cluster::store::Store {
    let mut s = all_synced();
    // A stuck rollout: past its deadline, 4 of 5 ready.
    let mut checkout = workload("Deployment", "web", "checkout", 5, &[]);
    checkout.ready = 4;
    checkout.rollout = RolloutRecord {
        generation: 3,
        observed_generation: 3,
        current: 6,
        updated: 2,
        available: 4,
        progressing: progressing(
            "ProgressDeadlineExceeded",
            Some("ReplicaSet \"checkout-7d\" has timed out progressing."),
            NOW - 600,
        ),
        ..RolloutRecord::default()
    };
    add_workload(&mut s, checkout);
    // Rolled out, its only pod crash-looping.
    let mut ledger = workload("Deployment", "payments", "ledger", 1, &[]);
    ledger.ready = 0;
    ledger.rollout.available = 0;
    ledger.rollout.progressing = progressing("NewReplicaSetAvailable", None, NOW - 86_400);
    add_workload(&mut s, ledger);
    // A rollout under way, progressing a minute ago: not an incident.
    let mut api = workload("Deployment", "web", "api", 3, &[]);
    api.ready = 2;
    api.rollout.updated = 1;
    api.rollout.progressing = progressing("ReplicaSetUpdated", None, NOW - 60);
    add_workload(&mut s, api);
    // A rollout stalled for an hour, nothing ready.
    let mut trainer = workload("Deployment", "data", "trainer", 2, &[]);
    trainer.ready = 0;
    trainer.rollout.updated = 0;
    trainer.rollout.progressing = progressing("ReplicaSetUpdated", None, NOW - 3600);
    add_workload(&mut s, trainer);
    // A DaemonSet with one pod of 4 not ready.
    let mut agent = workload("DaemonSet", "kube-system", "agent", 4, &[]);
    agent.ready = 3;
    agent.rollout.available = 3;
    add_workload(&mut s, agent);
    add_workload(&mut s, workload("StatefulSet", "data", "db", 3, &[]));
    s
}

#[test]
fn rollout_stuck_names_the_deadline_and_the_stalled() {
    let s = store();
    let out = run("workload-rollout-stuck", &inputs(&s));
    assert_eq!(
        objects(&out),
        ["Deployment data/trainer", "Deployment web/checkout"]
    );
    assert_eq!(
        out.findings[1].message,
        "deployment \"checkout\" exceeded its progress deadline (ReplicaSet \"checkout-7d\" has timed out progressing.); 2/5 updated, 4/5 ready"
    );
    assert!(
        out.findings[0]
            .message
            .starts_with("no progress for 60m: Waiting for deployment \"trainer\""),
        "{}",
        out.findings[0].message
    );
    assert_eq!(
        severities(&out),
        [Severity::Critical, Severity::Warning],
        "none ready: critical"
    );
    assert!(out.not_checked.is_empty());
}

#[test]
fn unavailable_beyond_the_rollout_only() {
    let s = store();
    let out = run("workload-unavailable", &inputs(&s));
    assert_eq!(
        objects(&out),
        ["DaemonSet kube-system/agent", "Deployment payments/ledger"]
    );
    assert_eq!(
        out.findings[1].message,
        "0/1 ready (1 down) with no rollout under way: see its pods' status, node and events"
    );
    assert_eq!(severities(&out), [Severity::Warning, Severity::Critical]);
}

#[test]
fn an_unreadable_kind_is_said_and_the_others_judged() {
    let mut s = store();
    s.daemonsets.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "daemonsets.apps".into(),
    };
    let out = run("workload-unavailable", &inputs(&s));
    assert_eq!(objects(&out), ["Deployment payments/ledger"]);
    assert_eq!(out.not_checked.len(), 1, "{:?}", out.not_checked);
}

#[test]
fn both_are_incidents() {
    for id in ["workload-rollout-stuck", "workload-unavailable"] {
        assert!(crate::findings::incident::is_incident(id));
        assert!(
            crate::findings::catalog().iter().any(|r| r.id == id),
            "{id} in the catalog"
        );
    }
}
