use super::*;
use crate::findings::Finding;
use crate::signals::backups::{self, BackupSettings};
use crate::signals::certs::{CertRow, CertSource};
use crate::signals::test_support::synced;
use crate::signals::verdict::Verdict;

fn finding(id: &'static str, severity: Severity) -> Finding {
    Finding {
        id,
        severity,
        kind: "Deployment".into(),
        namespace: Some("web".into()),
        name: "checkout".into(),
        message: String::new(),
        remediation: String::new(),
    }
}

#[test]
fn incidents_count_as_critical_and_info_not_at_all() {
    let report = Report {
        findings: vec![
            finding("workload-unavailable", Severity::Critical),
            finding("workload-rollout-stuck", Severity::Warning),
            finding("workload-single-replica", Severity::Warning),
            finding("container-no-liveness-probe", Severity::Info),
        ],
        checked: 4,
        clean: 0,
        score: None,
        grade: None,
        complete: true,
        unread: Vec::new(),
        critical: 1,
        warning: 2,
        info: 1,
        not_checked: Vec::new(),
        not_applicable: Vec::new(),
    };
    assert_eq!(counts(&report), (2, 1));
}

fn cert(left: Option<i64>) -> CertRow {
    CertRow {
        left,
        expired: left.is_some_and(|l| l < 0),
        ..crate::signals::certs::empty_row(CertSource::Serving, "serving certificate".into())
    }
}

fn certs(rows: Vec<CertRow>) -> CertsModel {
    CertsModel {
        rows,
        certificates: 0,
        expired: 0,
        missing: Vec::new(),
        pending: Vec::new(),
        verdicts: Vec::new(),
        summary: Verdict::ok(""),
    }
}

#[test]
fn the_soonest_certificate_in_whole_days() {
    let m = certs(vec![cert(None), cert(Some(40 * DAY)), cert(Some(3 * DAY - 1))]);
    assert_eq!(soonest_days(&m), Some(2));
    assert_eq!(soonest_days(&certs(vec![cert(Some(-1))])), Some(-1), "expired");
    assert_eq!(soonest_days(&certs(vec![cert(None)])), None, "no expiry known");
}

#[test]
fn no_backup_is_said_only_when_every_source_was_read() {
    let settings = BackupSettings {
        rpo_secs: 86_400,
        cronjob_label: None,
    };
    let mut store = synced();
    for state in [
        &mut store.velero_backups.state,
        &mut store.velero_schedules.state,
        &mut store.etcd_snapshots.state,
    ] {
        *state = SyncState::Absent;
    }
    store.cronjobs.state = SyncState::Synced;
    store.jobs.state = SyncState::Synced;
    let model = backups::model(&store, None, &settings, 1_000_000);
    assert_eq!(backup(&model), Some(Backup::NoneFound));
    store.cronjobs.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "cronjobs.batch".into(),
    };
    let model = backups::model(&store, None, &settings, 1_000_000);
    assert_eq!(backup(&model), None, "a kind not checked may hide one");
    store.cronjobs.state = SyncState::NotStarted;
    let model = backups::model(&store, None, &settings, 1_000_000);
    assert_eq!(backup(&model), None, "still pending");
    let mut model = backups::model(&synced(), None, &settings, 1_000_000);
    model.newest_age = Some(90_000);
    assert_eq!(
        backup(&model),
        Some(Backup::Age {
            age_secs: 90_000,
            rpo_secs: 86_400
        })
    );
}

#[test]
fn unread_kinds_in_kubectl_words_failures_grouped_by_reason() {
    let mut store = synced();
    store.nodes.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "nodes".into(),
    };
    store.leases.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "leases.coordination.k8s.io".into(),
    };
    let down = SyncState::Unreachable {
        reason: "no answer within 4s".into(),
    };
    store.pods.state = down.clone();
    store.jobs.state = down;
    store.cronjobs.state = SyncState::Absent;
    let lines = unread(&store);
    assert_eq!(
        lines[0],
        "Error from server (Forbidden): nodes is forbidden: cannot list resource \"nodes\" in API group \"\""
    );
    assert_eq!(
        lines[1],
        "Error from server (Forbidden): leases.coordination.k8s.io is forbidden: cannot list resource \"leases\" in API group \"coordination.k8s.io\""
    );
    assert!(
        lines.contains(&"could not list pods, jobs.batch: no answer within 4s".to_string()),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.contains("cronjobs")),
        "absent is not unread"
    );
}
