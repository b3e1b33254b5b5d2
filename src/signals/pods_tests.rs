use serde_json::json;

use super::status_tests::pod as manifest;
use super::*;
use crate::signals::test_support::*;

/// 2026-01-01T01:00:00Z
const NOW: i64 = 1_767_225_600 + 3600;

fn tier_of(v: serde_json::Value) -> (Tier, Vec<Box<str>>) {
    let p = manifest(v);
    let printed = super::pods_status::print(&p);
    tier(&p, &printed.status, NOW)
}

#[test]
fn tiers_put_problems_first() {
    let one = json!([{"name": "c0"}]);
    let cases: Vec<(&str, serde_json::Value, Tier)> = vec![
        (
            "unschedulable",
            json!({"spec": {"containers": one}, "status": {"phase": "Pending",
            "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                "message": "0/15 nodes are available: 3 Insufficient cpu."}]}}),
            Tier::NotRunning,
        ),
        (
            "creating",
            json!({"spec": {"containers": one}, "status": {"phase": "Pending",
            "containerStatuses": [{"name": "c0", "state": {"waiting": {"reason": "ContainerCreating"}}}]}}),
            Tier::NotRunning,
        ),
        (
            "failed",
            json!({"spec": {"containers": one}, "status": {"phase": "Failed"}}),
            Tier::NotRunning,
        ),
        (
            "unknown",
            json!({"spec": {"containers": one}, "status": {"phase": "Unknown"}}),
            Tier::NotRunning,
        ),
        (
            "evicted",
            json!({"spec": {"containers": one}, "status": {"phase": "Failed", "reason": "Evicted"}}),
            Tier::NotRunning,
        ),
        (
            "terminating past its grace",
            json!({"metadata": {"deletionTimestamp": "2026-01-01T00:30:00Z",
            "deletionGracePeriodSeconds": 30}, "spec": {"containers": one}, "status": {"phase": "Running",
            "containerStatuses": [{"name": "c0", "ready": true, "state": {"running": {}}}]}}),
            Tier::NotRunning,
        ),
        (
            "terminating within its grace",
            json!({"metadata": {"deletionTimestamp": "2026-01-01T01:00:20Z",
            "deletionGracePeriodSeconds": 30}, "spec": {"containers": one}, "status": {"phase": "Running",
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{"name": "c0", "ready": true, "state": {"running": {}}}]}}),
            Tier::Healthy,
        ),
        (
            "crash loop",
            json!({"spec": {"containers": one}, "status": {"phase": "Running",
            "containerStatuses": [{"name": "c0", "restartCount": 17,
                "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s"}}}]}}),
            Tier::Containers,
        ),
        (
            "image pull while pending",
            json!({"spec": {"containers": one}, "status": {"phase": "Pending",
            "containerStatuses": [{"name": "c0", "state": {"waiting": {"reason": "ImagePullBackOff"}}}]}}),
            Tier::Containers,
        ),
        (
            "init stuck",
            json!({"spec": {"containers": one, "initContainers": one}, "status": {"phase": "Pending",
            "initContainerStatuses": [{"name": "c0", "state": {"running": {}}}]}}),
            Tier::Containers,
        ),
        (
            "readiness failing",
            json!({"spec": {"containers": one}, "status": {"phase": "Running",
            "containerStatuses": [{"name": "c0", "ready": false, "state": {"running": {}}}]}}),
            Tier::Containers,
        ),
        (
            "restarted 10 minutes ago",
            json!({"spec": {"containers": one}, "status": {"phase": "Running",
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{"name": "c0", "ready": true, "restartCount": 1, "state": {"running": {}},
                "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                    "finishedAt": "2026-01-01T00:50:00Z"}}}]}}),
            Tier::Restarted,
        ),
        (
            "restarted two hours ago",
            json!({"spec": {"containers": one}, "status": {"phase": "Running",
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{"name": "c0", "ready": true, "restartCount": 1, "state": {"running": {}},
                "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2025-12-31T23:00:00Z"}}}]}}),
            Tier::Healthy,
        ),
        (
            "completed",
            json!({"spec": {"containers": one}, "status": {"phase": "Succeeded",
            "containerStatuses": [{"name": "c0", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}}),
            Tier::Healthy,
        ),
    ];
    for (what, manifest, want) in cases {
        assert_eq!(tier_of(manifest).0, want, "{what}");
    }
}

#[test]
fn the_detail_says_why() {
    let (_, why) = tier_of(json!({"status": {"phase": "Pending",
        "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
            "message": "0/15 nodes are available: 3 Insufficient cpu."}]}}));
    assert_eq!(
        &*why[0],
        "Unschedulable: 0/15 nodes are available: 3 Insufficient cpu."
    );
    let (_, why) = tier_of(
        json!({"spec": {"containers": [{"name": "app"}]}, "status": {"phase": "Running",
        "containerStatuses": [{"name": "app", "state": {"waiting": {"reason": "CrashLoopBackOff",
            "message": "back-off 5m0s restarting failed container"}}}]}}),
    );
    assert_eq!(
        &*why[0],
        "app: CrashLoopBackOff: back-off 5m0s restarting failed container"
    );
    let (_, why) = tier_of(json!({"metadata": {"deletionTimestamp": "2026-01-01T00:48:00Z",
        "deletionGracePeriodSeconds": 30}, "status": {"phase": "Running"}}));
    assert_eq!(&*why[0], "Terminating 12m past its 30s grace period");
}

#[test]
fn last_termination_is_the_latest_previous_run() {
    let p = manifest(
        json!({"spec": {"containers": [{"name": "a"}, {"name": "b"}]}, "status": {"phase": "Running",
        "containerStatuses": [
            {"name": "a", "state": {"running": {}}, "lastState": {"terminated": {"exitCode": 1,
                "reason": "Error", "finishedAt": "2026-01-01T00:00:00Z"}}},
            {"name": "b", "state": {"running": {}}, "lastState": {"terminated": {"exitCode": 137,
                "reason": "OOMKilled", "finishedAt": "2026-01-01T00:50:00Z"}}}]}}),
    );
    let t = last_termination(&p).unwrap();
    assert_eq!(t.text(), "OOMKilled 137");
    assert!(t.oom_killed());
    // Without a previous run, a container that ended in error.
    let failed = manifest(json!({"status": {"phase": "Failed", "containerStatuses": [
        {"name": "a", "state": {"terminated": {"exitCode": 2}}}]}}));
    assert_eq!(last_termination(&failed).unwrap().text(), "ExitCode 2");
    let fine = manifest(json!({"status": {"phase": "Running", "containerStatuses": [
        {"name": "a", "ready": true, "state": {"running": {}}}]}}));
    assert_eq!(last_termination(&fine), None);
}

#[test]
fn owners_are_workloads_not_replicasets() {
    let mut s = all_synced();
    add_replicaset(&mut s, "pay", "ledger-7d9f", Some("ledger"));
    add_replicaset(&mut s, "pay", "orphan-1", None);
    add_job(
        &mut s,
        job(
            "ops",
            "backup-2900",
            "backup",
            0,
            crate::cluster::store::backup_records::JobOutcome::Running,
            None,
        ),
    );
    let owners = Owners::new(&s);
    let of = |p: crate::cluster::store::records::PodRecord| owners.of(&p).map(|(k, n)| format!("{k}/{n}"));
    assert_eq!(
        of(owned(
            "pay",
            "ledger-7d9f-x",
            None,
            "ReplicaSet",
            "ledger-7d9f",
            &[]
        ))
        .as_deref(),
        Some("Deployment/ledger")
    );
    assert_eq!(
        of(owned("pay", "o-x", None, "ReplicaSet", "orphan-1", &[])).as_deref(),
        Some("ReplicaSet/orphan-1")
    );
    assert_eq!(
        of(owned("ops", "b-x", None, "Job", "backup-2900", &[])).as_deref(),
        Some("CronJob/backup")
    );
    assert_eq!(
        of(owned("db", "pg-0", None, "StatefulSet", "pg", &[])).as_deref(),
        Some("StatefulSet/pg")
    );
    assert_eq!(of(pod("db", "bare", None)), None);
    // ReplicaSets not read: the Deployment by the pod-template-hash.
    let mut unread = all_synced();
    unread.replicasets.state = crate::cluster::store::SyncState::NotStarted;
    let owners = Owners::new(&unread);
    let p = owned(
        "pay",
        "api-5c6b7-x",
        None,
        "ReplicaSet",
        "api-5c6b7",
        &[("pod-template-hash", "5c6b7")],
    );
    assert_eq!(
        owners.of(&p).map(|(k, n)| format!("{k}/{n}")).as_deref(),
        Some("Deployment/api")
    );
}

#[test]
fn the_model_is_scoped_sorted_worst_first_and_counted() {
    let mut s = all_synced();
    let crashing = |name: &str, restarts: i32| {
        let mut p = manifest(json!({"metadata": {"name": name, "namespace": "pay"},
            "spec": {"containers": [{"name": "c"}]}, "status": {"phase": "Running",
            "containerStatuses": [{"name": "c", "restartCount": restarts,
                "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}));
        p.namespace = "pay".into();
        p
    };
    add_pod(&mut s, crashing("few", 2));
    add_pod(&mut s, crashing("many", 17));
    add_pod(&mut s, pod("pay", "fine", Some("n1")));
    add_pod(&mut s, pod("web", "other", Some("n1")));
    let mut pending = pod("pay", "waiting", None);
    pending.phase = crate::cluster::store::records::PodPhase::Pending;
    add_pod(&mut s, pending);
    let m = model(&s, Some("pay"), NOW);
    let names: Vec<&str> = m.rows.iter().map(|r| &*r.name).collect();
    assert_eq!(names, ["waiting", "many", "few", "fine"]);
    assert_eq!(m.counts, [1, 2, 0, 1]);
    assert_eq!(m.worst(10).count(), 3, "the healthy pod is not among the worst");
    assert_eq!(model(&s, None, NOW).rows.len(), 5);
    // Pending pods never hide a crash loop: the worst of each tier is named.
    for n in 0..3 {
        let mut p = pod("pay", &format!("waiting-{n}"), None);
        p.phase = crate::cluster::store::records::PodPhase::Pending;
        add_pod(&mut s, p);
    }
    let m = model(&s, Some("pay"), NOW);
    let worst: Vec<&str> = m.worst(3).map(|r| &*r.name).collect();
    assert_eq!(worst, ["waiting", "waiting-0", "many"]);
    let worst: Vec<&str> = m.worst(1).map(|r| &*r.name).collect();
    assert_eq!(worst, ["waiting"]);
}

#[test]
fn rows_and_records_stay_small_for_150000_pods() {
    use crate::cluster::store::pod_records::{ContainerStatusRecord, PodStatusRecord};
    let sizes = (
        std::mem::size_of::<PodRow>(),
        std::mem::size_of::<PodStatusRecord>(),
        std::mem::size_of::<ContainerStatusRecord>(),
    );
    // What they are today: a field more is a choice, made here.
    assert!(sizes.0 <= 168 && sizes.1 <= 64 && sizes.2 <= 48, "{sizes:?}");
}

#[test]
fn the_terminating_text_never_changes_before_its_step() {
    use super::pods_status::human_duration;
    // Every second of the first 10 days, then every minute for 3 years.
    let secs = (0..864_000).chain((864_000..94_608_000).step_by(60));
    for s in secs {
        let step = super::text_step(s);
        assert!(step >= 1, "{s}");
        let text = human_duration(s);
        assert_eq!(human_duration(s + step - 1), text, "{s} + {step} - 1");
    }
}
