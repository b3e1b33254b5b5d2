use crate::certs::Origin;
use crate::cluster::store::backup_records::JobOutcome;
use crate::cluster::store::{Store, SyncState};
use crate::findings::test_support::*;
use crate::findings::{Config, Inputs, Severity};
use crate::signals::backups::{self, BackupSettings, BackupsModel, HOUR};
use crate::signals::certs::{self, CertsModel, DAY, Thresholds};
use crate::signals::test_support::*;

fn backups_of(s: &Store) -> BackupsModel {
    backups::model(s, None, &BackupSettings::default(), NOW)
}

fn run_backups(id: &str, s: &Store) -> crate::findings::RuleResult {
    let m = backups_of(s);
    run(
        id,
        &Inputs {
            etcd: None,
            backups: Some(&m),
            ..inputs(s)
        },
    )
}

fn forbidden(resource: &str) -> SyncState {
    SyncState::Forbidden {
        verb: "list".into(),
        resource: resource.into(),
    }
}

#[test]
fn backup_missing_fires_with_no_source() {
    let out = run_backups("etcd-backup-missing", &backups_synced());
    let f = only(&out);
    assert_eq!((f.kind.as_str(), f.severity), ("Cluster", Severity::Critical));
    assert!(f.message.starts_with("no etcd backup found"), "{}", f.message);
}

#[test]
fn backup_missing_quiet_with_a_source_and_unchecked_when_one_is_hidden() {
    let mut s = backups_synced();
    add_velero_schedule(&mut s, velero_schedule("velero", "nightly", false, None));
    assert!(run_backups("etcd-backup-missing", &s).findings.is_empty());
    let mut s = backups_synced();
    s.etcd_snapshots.state = forbidden("etcdsnapshotfiles.k3s.cattle.io");
    let out = run_backups("etcd-backup-missing", &s);
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked.len(), 1);
    assert!(
        out.not_checked[0].starts_with("etcd backups: ETCDSnapshotFiles"),
        "{:?}",
        out.not_checked
    );
    // Still arriving: not judged.
    let mut s = backups_synced();
    s.cronjobs.state = SyncState::Syncing { count: 3 };
    let out = run_backups("etcd-backup-missing", &s);
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["etcd backups: etcd CronJobs not read yet"]);
    // No model.
    assert_eq!(
        run("etcd-backup-missing", &inputs(&s)).not_checked,
        ["etcd backups: not read yet"]
    );
}

#[test]
fn backup_stale_fires_past_the_rpo_and_is_critical_past_twice() {
    for (age_h, severity) in [(30, Severity::Warning), (74, Severity::Critical)] {
        let mut s = backups_synced();
        let t = NOW - age_h * HOUR;
        add_velero_backup(
            &mut s,
            velero_backup("velero", "nightly-1", "Completed", Some("nightly"), Some(t)),
        );
        let out = run_backups("etcd-backup-stale", &s);
        let f = only(&out);
        assert_eq!(f.severity, severity);
        assert!(f.message.contains("(velero/nightly-1), RPO 24h"), "{}", f.message);
    }
    // Sources but nothing good.
    let mut s = backups_synced();
    add_velero_backup(
        &mut s,
        velero_backup("velero", "n-1", "Failed", Some("n"), Some(NOW - HOUR)),
    );
    let out = run_backups("etcd-backup-stale", &s);
    assert_eq!(
        only(&out).message,
        "no successful etcd backup in Velero (RPO 24h)"
    );
    assert_eq!(only(&out).severity, Severity::Critical);
}

#[test]
fn backup_stale_quiet_when_fresh_missing_or_maybe_hidden() {
    let mut s = backups_synced();
    add_velero_backup(
        &mut s,
        velero_backup("velero", "n-1", "Completed", Some("n"), Some(NOW - 2 * HOUR)),
    );
    assert!(run_backups("etcd-backup-stale", &s).findings.is_empty());
    // No source at all: that is etcd-backup-missing.
    assert!(
        run_backups("etcd-backup-stale", &backups_synced())
            .findings
            .is_empty()
    );
    // An old backup, but CronJobs are forbidden: a newer one may be there.
    let mut s = backups_synced();
    add_velero_backup(
        &mut s,
        velero_backup("velero", "n-1", "Completed", Some("n"), Some(NOW - 80 * HOUR)),
    );
    s.cronjobs.state = forbidden("cronjobs.batch");
    let out = run_backups("etcd-backup-stale", &s);
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked.len(), 1, "{:?}", out.not_checked);
}

#[test]
fn backup_failed_fires_for_the_latest_run_of_each_source() {
    let mut s = backups_synced();
    // Schedule nightly: the latest run partially failed.
    add_velero_backup(
        &mut s,
        velero_backup(
            "velero",
            "nightly-2",
            "PartiallyFailed",
            Some("nightly"),
            Some(NOW - HOUR),
        ),
    );
    add_velero_backup(
        &mut s,
        velero_backup(
            "velero",
            "nightly-1",
            "Completed",
            Some("nightly"),
            Some(NOW - 25 * HOUR),
        ),
    );
    // Schedule weekly: an old failure, then a success.
    add_velero_backup(
        &mut s,
        velero_backup(
            "velero",
            "weekly-2",
            "Completed",
            Some("weekly"),
            Some(NOW - 2 * HOUR),
        ),
    );
    add_velero_backup(
        &mut s,
        velero_backup(
            "velero",
            "weekly-1",
            "Failed",
            Some("weekly"),
            Some(NOW - 50 * HOUR),
        ),
    );
    add_cronjob(
        &mut s,
        cronjob("kube-system", "etcd-backup", &[], false, Some(NOW - 30 * HOUR)),
    );
    add_job(
        &mut s,
        job(
            "kube-system",
            "etcd-backup-9",
            "etcd-backup",
            NOW - 3 * HOUR,
            JobOutcome::Failed,
            Some("BackoffLimitExceeded"),
        ),
    );
    add_etcd_snapshot(
        &mut s,
        etcd_snapshot("snap-2", "cp-1", Some(NOW - HOUR), Some(false), Some("disk full")),
    );
    add_etcd_snapshot(
        &mut s,
        etcd_snapshot("snap-1", "cp-1", Some(NOW - 7 * HOUR), Some(true), None),
    );
    add_etcd_snapshot(
        &mut s,
        etcd_snapshot(
            "snap-0",
            "cp-2",
            Some(NOW - 9 * HOUR),
            Some(false),
            Some("old failure"),
        ),
    );
    add_etcd_snapshot(
        &mut s,
        etcd_snapshot("snap-3", "cp-2", Some(NOW - 2 * HOUR), Some(true), None),
    );
    let out = run_backups("etcd-backup-failed", &s);
    assert_eq!(
        objects(&out),
        [
            "ETCDSnapshotFile snap-2",
            "CronJob kube-system/etcd-backup",
            "Backup velero/nightly-2",
        ]
    );
    let msg = |name: &str| {
        out.findings
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.message.clone())
    };
    assert_eq!(
        msg("nightly-2").as_deref(),
        Some("Velero backup (schedule nightly) PartiallyFailed 60m ago")
    );
    assert_eq!(
        msg("etcd-backup").as_deref(),
        Some("etcd backup CronJob: last run etcd-backup-9 failed 2h ago: BackoffLimitExceeded")
    );
    assert_eq!(
        msg("snap-2").as_deref(),
        Some("etcd snapshot of node cp-1 failed 60m ago: disk full")
    );
    assert!(out.findings.iter().all(|f| f.severity == Severity::Warning));
}

#[test]
fn backup_failed_quiet_when_the_latest_runs_succeeded() {
    let mut s = backups_synced();
    add_velero_backup(
        &mut s,
        velero_backup("velero", "n-2", "Completed", Some("n"), Some(NOW - HOUR)),
    );
    add_velero_backup(
        &mut s,
        velero_backup("velero", "n-1", "Failed", Some("n"), Some(NOW - 25 * HOUR)),
    );
    // In progress does not count as the latest finished run.
    add_velero_backup(
        &mut s,
        velero_backup("velero", "n-3", "InProgress", Some("n"), None),
    );
    add_cronjob(
        &mut s,
        cronjob("kube-system", "etcd-backup", &[], false, Some(NOW - HOUR)),
    );
    add_job(
        &mut s,
        job(
            "kube-system",
            "etcd-backup-9",
            "etcd-backup",
            NOW - HOUR,
            JobOutcome::Succeeded,
            None,
        ),
    );
    let out = run_backups("etcd-backup-failed", &s);
    assert!(out.findings.is_empty() && out.not_checked.is_empty(), "{out:?}");
    // Jobs unreadable: a CronJob's last run is unknown.
    s.jobs.state = forbidden("jobs.batch");
    let out = run_backups("etcd-backup-failed", &s);
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["etcd backups: Jobs forbidden"]);
}

fn certs_of(s: &Store, found: &[crate::certs::FoundCert]) -> CertsModel {
    certs::model(s, found, &[], Thresholds::default(), NOW)
}

fn run_certs(
    id: &str,
    s: &Store,
    found: &[crate::certs::FoundCert],
    config: &Config,
) -> crate::findings::RuleResult {
    let m = certs_of(s, found);
    run_with(
        id,
        &Inputs {
            etcd: None,
            certs: Some(&m),
            ..inputs(s)
        },
        config,
    )
}

fn leaf(cn: &str, days_left: i64) -> crate::certs::CertInfo {
    cert_info(cn, "ca", NOW - 100 * DAY, NOW + days_left * DAY)
}

#[test]
fn cert_expired_fires_once_per_object() {
    let mut s = certs_synced();
    // A chain whose leaf and intermediate both expired: one finding, the longest expired.
    let chain = vec![
        leaf("old.example.com", -3),
        ca_info("mid", "root", NOW - 400 * DAY, NOW - 5 * DAY),
    ];
    add_tls_secret(&mut s, tls_secret("web", "old-tls", Ok(chain)));
    let found = [found(
        Origin::Kubeadm,
        "apiserver",
        "/etc/kubernetes/pki/apiserver.crt",
        Ok(leaf("kube-apiserver", -1)),
    )];
    let out = run_certs("cert-expired", &s, &found, &Config::default());
    assert_eq!(
        objects(&out),
        ["Certificate kubeadm apiserver", "Secret web/old-tls"]
    );
    assert_eq!(
        out.findings[1].message,
        "chain certificate 2/2 (mid): expired 5d ago"
    );
    assert_eq!(
        out.findings[0].message,
        "kube-apiserver: expired 24h ago; at /etc/kubernetes/pki/apiserver.crt"
    );
    assert!(out.findings.iter().all(|f| f.severity == Severity::Critical));
}

#[test]
fn cert_expired_quiet_when_valid_and_unchecked_when_forbidden() {
    let mut s = certs_synced();
    add_tls_secret(
        &mut s,
        tls_secret("web", "ok-tls", Ok(vec![leaf("ok.example.com", 200)])),
    );
    add_tls_secret(&mut s, tls_secret("web", "bad-tls", Err("not PEM".into())));
    let out = run_certs("cert-expired", &s, &[], &Config::default());
    assert!(out.findings.is_empty() && out.not_checked.is_empty(), "{out:?}");
    s.tls_secrets.state = forbidden("secrets");
    let out = run_certs("cert-expired", &s, &[], &Config::default());
    assert_eq!(out.not_checked, ["secrets: forbidden"]);
}

#[test]
fn cert_expiring_warns_then_is_critical() {
    let mut s = certs_synced();
    add_tls_secret(
        &mut s,
        tls_secret("web", "soon-tls", Ok(vec![leaf("soon.example.com", 20)])),
    );
    add_tls_secret(
        &mut s,
        tls_secret("web", "sooner-tls", Ok(vec![leaf("sooner.example.com", 9)])),
    );
    add_tls_secret(
        &mut s,
        tls_secret("web", "fine-tls", Ok(vec![leaf("fine.example.com", 60)])),
    );
    add_certificate(
        &mut s,
        cert_manager("web", "sooner", Some("sooner-tls"), Some(NOW + 9 * DAY)),
    );
    let out = run_certs("cert-expiring", &s, &[], &Config::default());
    assert_eq!(objects(&out), ["Secret web/soon-tls", "Secret web/sooner-tls"]);
    assert_eq!(severities(&out), [Severity::Warning, Severity::Critical]);
    assert_eq!(
        out.findings[1].message,
        "sooner.example.com: expires in 9d (warn under 28d); cert-manager Certificate web/sooner"
    );
}

#[test]
fn cert_expiring_quiet_when_far_or_expired_and_follows_the_thresholds() {
    let mut s = certs_synced();
    add_tls_secret(
        &mut s,
        tls_secret("web", "far-tls", Ok(vec![leaf("far.example.com", 60)])),
    );
    add_tls_secret(
        &mut s,
        tls_secret("web", "gone-tls", Ok(vec![leaf("gone.example.com", -1)])),
    );
    let out = run_certs("cert-expiring", &s, &[], &Config::default());
    assert!(out.findings.is_empty(), "expired is cert-expired's: {out:?}");
    let config = Config {
        cert_thresholds: Thresholds {
            warn_secs: 90 * DAY,
            crit_secs: 30 * DAY,
        },
        ..Config::default()
    };
    let out = run_certs("cert-expiring", &s, &[], &config);
    assert_eq!(objects(&out), ["Secret web/far-tls"]);
    assert_eq!(out.findings[0].severity, Severity::Warning);
}

#[test]
fn cert_expiring_under_three_days_names_the_hours() {
    let mut s = certs_synced();
    let c = cert_info(
        "soon.example.com",
        "ca",
        NOW - 100 * DAY,
        NOW + 2 * DAY + 23 * 3_600,
    );
    add_tls_secret(&mut s, tls_secret("web", "soon-tls", Ok(vec![c])));
    let out = run_certs("cert-expiring", &s, &[], &Config::default());
    assert_eq!(
        out.findings[0].message,
        "soon.example.com: expires in 2d 23h (warn under 28d)"
    );
}
