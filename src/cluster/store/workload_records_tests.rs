use serde_json::json;

use super::*;
use crate::cluster::slim::apps::{SlimDaemonSet, SlimDeployment, SlimReplicaSet, SlimStatefulSet};
use crate::cluster::slim::batch::SlimJob;
use crate::cluster::store::backup_records::{JobOutcome, JobRecord};

fn ts(s: &str) -> i64 {
    s.parse::<k8s_openapi::jiff::Timestamp>().unwrap().as_second()
}

#[test]
fn a_deployment_keeps_what_rollout_status_reads() {
    let d: SlimDeployment = serde_json::from_value(json!({
        "metadata": {"name": "checkout", "namespace": "web", "generation": 4,
            "creationTimestamp": "2026-01-01T00:00:00Z",
            "annotations": {"deployment.kubernetes.io/revision": "7", "other": "x"}},
        "spec": {"replicas": 5, "paused": true, "selector": {"matchLabels": {"app": "checkout"}}},
        "status": {"observedGeneration": 3, "replicas": 6, "updatedReplicas": 2, "readyReplicas": 4,
            "availableReplicas": 4, "unavailableReplicas": 2,
            "conditions": [
                {"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable",
                 "message": "Deployment does not have minimum availability."},
                {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                 "message": "ReplicaSet \"checkout-7d\" has timed out progressing.",
                 "lastUpdateTime": "2026-01-01T00:20:00Z", "lastTransitionTime": "2026-01-01T00:10:00Z"}]}
    }))
    .unwrap();
    let w = WorkloadRecord::from_deployment(&d, &mut Interner::default());
    assert_eq!((w.replicas, w.ready), (5, 4));
    let r = &w.rollout;
    assert_eq!((r.generation, r.observed_generation), (4, 3));
    assert_eq!((r.current, r.updated, r.available, r.unavailable), (6, 2, 4, 2));
    assert!(r.paused);
    assert_eq!(r.revision, Some(7));
    assert_eq!(r.created, Some(ts("2026-01-01T00:00:00Z")));
    let p = r.progressing.as_deref().unwrap();
    assert_eq!(&*p.status, "False");
    assert_eq!(p.reason.as_deref(), Some("ProgressDeadlineExceeded"));
    assert_eq!(
        p.message.as_deref(),
        Some("ReplicaSet \"checkout-7d\" has timed out progressing.")
    );
    assert_eq!(p.last_update, Some(ts("2026-01-01T00:20:00Z")));
    assert_eq!(p.last_transition, Some(ts("2026-01-01T00:10:00Z")));
    let a = r.available_condition.as_deref().unwrap();
    assert_eq!(a.reason.as_deref(), Some("MinimumReplicasUnavailable"));
}

#[test]
fn a_bare_deployment_defaults_like_the_api() {
    let d: SlimDeployment =
        serde_json::from_value(json!({"metadata": {"name": "a", "namespace": "n"}})).unwrap();
    let w = WorkloadRecord::from_deployment(&d, &mut Interner::default());
    assert_eq!(w.replicas, 1, "spec.replicas defaults to 1");
    assert_eq!(w.rollout, RolloutRecord::default());
}

#[test]
fn a_statefulset_keeps_its_strategy_partition_and_revisions() {
    let s: SlimStatefulSet = serde_json::from_value(json!({
        "metadata": {"name": "db", "namespace": "data", "generation": 2},
        "spec": {"replicas": 3, "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 1}}},
        "status": {"observedGeneration": 2, "replicas": 3, "readyReplicas": 3, "currentReplicas": 1,
            "updatedReplicas": 2, "currentRevision": "db-5f", "updateRevision": "db-6a"}
    }))
    .unwrap();
    let w = WorkloadRecord::from_statefulset(&s, &mut Interner::default());
    let r = &w.rollout;
    assert_eq!(r.strategy.as_deref(), Some("RollingUpdate"));
    assert!(r.rolling_update);
    assert_eq!(r.partition, Some(1));
    assert_eq!((r.current_replicas, r.updated), (1, 2));
    assert_eq!(r.current_revision.as_deref(), Some("db-5f"));
    assert_eq!(r.update_revision.as_deref(), Some("db-6a"));
}

#[test]
fn a_daemonset_maps_its_numbers() {
    let d: SlimDaemonSet = serde_json::from_value(json!({
        "metadata": {"name": "agent", "namespace": "kube-system", "generation": 1},
        "spec": {"updateStrategy": {"type": "OnDelete"}},
        "status": {"observedGeneration": 1, "desiredNumberScheduled": 10, "currentNumberScheduled": 9,
            "numberReady": 8, "updatedNumberScheduled": 7, "numberAvailable": 6, "numberUnavailable": 4}
    }))
    .unwrap();
    let w = WorkloadRecord::from_daemonset(&d, &mut Interner::default());
    assert_eq!((w.replicas, w.ready), (10, 8));
    let r = &w.rollout;
    assert_eq!((r.current, r.updated, r.available, r.unavailable), (9, 7, 6, 4));
    assert_eq!(r.strategy.as_deref(), Some("OnDelete"));
    assert!(!r.rolling_update);
}

#[test]
fn a_replicaset_keeps_owner_revision_time_and_replicas() {
    let r: SlimReplicaSet = serde_json::from_value(json!({
        "metadata": {"name": "checkout-7d", "namespace": "web", "creationTimestamp": "2026-01-01T00:05:00Z",
            "annotations": {"deployment.kubernetes.io/revision": "7"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "checkout", "uid": "u", "controller": true}]},
        "spec": {"replicas": 2},
        "status": {"replicas": 2, "readyReplicas": 0}
    }))
    .unwrap();
    let v = ReplicaSetRecord::from_slim(&r, &mut Interner::default());
    assert_eq!(v.deployment.as_deref(), Some("checkout"));
    assert_eq!(v.revision, Some(7));
    assert_eq!(v.created, Some(ts("2026-01-01T00:05:00Z")));
    assert_eq!((v.desired, v.replicas, v.ready), (2, 2, 0));
}

#[test]
fn every_job_is_kept_with_its_cronjob_if_any() {
    let plain: SlimJob = serde_json::from_value(json!({
        "metadata": {"name": "migrate", "namespace": "web"},
        "spec": {"completions": 3},
        "status": {"active": 1, "succeeded": 1, "failed": 2,
            "conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded",
                "message": "Job has reached the specified backoff limit"}]}
    }))
    .unwrap();
    let j = JobRecord::from_slim(&plain, &mut Interner::default());
    assert_eq!(j.cronjob, None);
    assert_eq!((j.completions, j.active, j.succeeded, j.failed), (3, 1, 1, 2));
    assert_eq!(j.outcome, JobOutcome::Failed);
    assert_eq!(
        j.failure.as_deref(),
        Some("BackoffLimitExceeded: Job has reached the specified backoff limit")
    );
    let owned: SlimJob = serde_json::from_value(json!({
        "metadata": {"name": "backup-1", "namespace": "ops",
            "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "backup", "uid": "u", "controller": true}]}
    }))
    .unwrap();
    let j = JobRecord::from_slim(&owned, &mut Interner::default());
    assert_eq!(j.cronjob.as_deref(), Some("backup"));
    assert_eq!(j.completions, 1);
}
