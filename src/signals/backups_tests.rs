use std::path::PathBuf;

use super::*;
use crate::cluster::store::backup_records::{EtcdSnapshotRecord, JobOutcome, VeleroBackupRecord};
use crate::signals::test_support::*;
use crate::signals::verdict::age;

const NOW: i64 = 1_800_000_000;
const DAY: i64 = 24 * HOUR;
const H: i64 = HOUR;

/// The pane as text: `Source: Level name status age` per row, then
/// `! Level: verdict` lines.
fn dump(m: &BackupsModel) -> String {
    let mut out = Vec::new();
    for s in &m.sections {
        for r in &s.rows {
            let age = r.age.map_or_else(|| "-".to_owned(), age);
            let line = format!(
                "{}: {:?} {} {} {age}",
                s.source.label(),
                r.level,
                r.name,
                r.status
            );
            out.push(line);
        }
    }
    out.extend(
        m.verdicts
            .iter()
            .map(|v| format!("! {:?}: {}", v.level, v.message)),
    );
    out.join("\n")
}

/// Expected text: each line trimmed, blank lines dropped.
fn text(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn run(s: &Store) -> BackupsModel {
    model(s, None, &BackupSettings::default(), NOW)
}

fn section(m: &BackupsModel, k: SourceKind) -> &Section {
    let found = m.sections.iter().find(|s| s.source == k);
    found.expect("every section is there")
}

fn forbidden(resource: &str) -> SyncState {
    let (verb, resource) = ("list".into(), resource.into());
    SyncState::Forbidden { verb, resource }
}

fn scan(files: usize, newest: Option<(&str, i64, u64)>) -> Result<DirScan, String> {
    let path = PathBuf::from("/var/backups/etcd");
    let newest = newest.map(|(n, t, size)| (n.to_owned(), t, size));
    Ok(DirScan {
        path,
        files,
        newest,
        integrity: None,
    })
}

fn velero(name: &str, phase: &str, schedule: Option<&str>, ago: Option<i64>) -> VeleroBackupRecord {
    velero_backup("velero", name, phase, schedule, ago.map(|a| NOW - a))
}

fn snapshot(
    name: &str,
    node: &str,
    ago: i64,
    ready: Option<bool>,
    error: Option<&str>,
) -> EtcdSnapshotRecord {
    etcd_snapshot(name, node, Some(NOW - ago), ready, error)
}

const NO_SOURCE: &str = "no etcd backup found: no Velero, ETCDSnapshotFile, etcd CronJob or backup directory";

#[test]
fn no_source_at_all_is_critical_once_every_kind_is_known() {
    let m = run(&backups_synced());
    assert_eq!(dump(&m), format!("! Crit: {NO_SOURCE}"));
    assert_eq!(m.summary, Verdict::crit(NO_SOURCE));
    let order: Vec<SourceKind> = m.sections.iter().map(|s| s.source).collect();
    assert_eq!(order, SourceKind::ALL);
    assert_eq!(section(&m, SourceKind::Directory).state, SectionState::Absent);
    // CRDs not installed and no etcd CronJob (another CronJob does not count).
    let mut s = backups_synced();
    s.velero_backups.state = SyncState::Absent;
    s.velero_schedules.state = SyncState::Absent;
    s.etcd_snapshots.state = SyncState::Absent;
    add_cronjob(&mut s, cronjob("web", "report-backup", &[], false, Some(NOW - H)));
    let m = run(&s);
    assert_eq!(dump(&m), format!("! Crit: {NO_SOURCE}"));
    let missing = "Velero not installed; ETCDSnapshotFiles not served (not a k3s or RKE2 cluster)";
    assert_eq!(m.missing.join("; "), missing);
    assert_eq!(section(&m, SourceKind::Velero).state, SectionState::Absent);
}

#[test]
fn nothing_is_concluded_while_kinds_arrive() {
    let m = run(&Store::default());
    assert!(m.verdicts.is_empty());
    let waiting = "Velero Backups, Velero Schedules, ETCDSnapshotFiles, CronJobs, Jobs";
    assert_eq!(m.pending.join(", "), waiting);
    assert_eq!(m.summary, Verdict::ok("checking etcd backups"));
    // An old backup is not called old while another source may have a newer one.
    let mut s = backups_synced();
    s.cronjobs.state = SyncState::Syncing { count: 3 };
    add_velero_backup(
        &mut s,
        velero("nightly-1", "Completed", Some("nightly"), Some(3 * DAY)),
    );
    let m = run(&s);
    assert_eq!(dump(&m), "Velero: Ok velero/nightly-1 Completed 3d");
    assert_eq!(m.pending, ["CronJobs"]);
    assert_eq!(
        m.summary,
        Verdict::ok("newest backup 3d ago (velero/nightly-1), RPO 24h")
    );
    // Jobs only add detail: they are not waited for.
    let mut s = backups_synced();
    s.jobs.state = SyncState::NotStarted;
    assert_eq!(dump(&run(&s)), format!("! Crit: {NO_SOURCE}"));
}

#[test]
fn every_kind_forbidden_warns_without_concluding_there_is_nothing() {
    let mut s = Store::default();
    s.velero_backups.state = forbidden("backups.velero.io");
    s.velero_schedules.state = forbidden("schedules.velero.io");
    s.etcd_snapshots.state = forbidden("etcdsnapshotfiles.k3s.cattle.io");
    s.cronjobs.state = forbidden("cronjobs.batch");
    s.jobs.state = forbidden("jobs.batch");
    let m = run(&s);
    let want = "
        ! Warn: Velero Backups not checked: forbidden (list backups.velero.io)
        ! Warn: Velero Schedules not checked: forbidden (list schedules.velero.io)
        ! Warn: ETCDSnapshotFiles not checked: forbidden (list etcdsnapshotfiles.k3s.cattle.io)
        ! Warn: CronJobs not checked: forbidden (list cronjobs.batch)
        ! Warn: Jobs not checked: forbidden (list jobs.batch)
        ! Warn: no etcd backup found in the sources kon can read \
                (Velero Backups, ETCDSnapshotFiles, CronJobs not checked)";
    assert_eq!(dump(&m), text(want));
    assert_eq!(m.missing.len(), 5);
    let why = "forbidden (list backups.velero.io)".to_owned();
    assert_eq!(
        section(&m, SourceKind::Velero).state,
        SectionState::NotChecked(why)
    );
}

#[test]
fn velero_with_only_failed_backups() {
    let mut s = backups_synced();
    s.etcd_snapshots.state = SyncState::Absent;
    add_velero_schedule(
        &mut s,
        velero_schedule("velero", "nightly", false, Some(NOW - 2 * H)),
    );
    let reason = "backup storage location velero/default is unavailable".to_owned();
    let failed = VeleroBackupRecord {
        failure_reason: Some(reason),
        ..velero("nightly-2", "Failed", Some("nightly"), Some(2 * H))
    };
    add_velero_backup(&mut s, failed);
    add_velero_backup(
        &mut s,
        velero("nightly-1", "Failed", Some("nightly"), Some(26 * H)),
    );
    add_velero_backup(&mut s, velero("nightly-3", "InProgress", Some("nightly"), None));
    let m = run(&s);
    let want = "
        Velero: Ok velero/nightly enabled 2h
        Velero: Warn velero/nightly-2 Failed 2h
        Velero: Warn velero/nightly-1 Failed 26h
        Velero: Ok velero/nightly-3 InProgress -
        ! Crit: no successful etcd backup in Velero
        ! Warn: Velero backup velero/nightly-2 (schedule nightly) Failed 2h ago: \
                backup storage location velero/default is unavailable";
    assert_eq!(dump(&m), text(want));
    assert_eq!(m.newest_good, None);
    assert_eq!(
        m.summary,
        Verdict::crit("no successful etcd backup in Velero (+1 more)")
    );
}

#[test]
fn velero_failures_that_a_later_backup_fixed_are_quiet() {
    let mut s = backups_synced();
    add_velero_backup(
        &mut s,
        velero("nightly-1", "Failed", Some("nightly"), Some(26 * H)),
    );
    add_velero_backup(
        &mut s,
        velero("nightly-2", "Completed", Some("nightly"), Some(2 * H)),
    );
    let adhoc = VeleroBackupRecord {
        errors: 3,
        ..velero("adhoc", "PartiallyFailed", None, Some(H))
    };
    add_velero_backup(&mut s, adhoc);
    add_velero_schedule(
        &mut s,
        velero_schedule("velero", "weekly", true, Some(NOW - 5 * DAY)),
    );
    let m = run(&s);
    let want = "
        Velero: Warn velero/weekly paused 5d
        Velero: Warn velero/adhoc PartiallyFailed 60m
        Velero: Ok velero/nightly-2 Completed 2h
        Velero: Warn velero/nightly-1 Failed 26h
        ! Warn: Velero schedule velero/weekly is paused: it takes no backups
        ! Warn: Velero backup velero/adhoc PartiallyFailed 60m ago: 3 errors";
    assert_eq!(dump(&m), text(want));
    assert_eq!(m.newest_good, Some((NOW - 2 * H, "velero/nightly-2".into())));
    let adhoc = &section(&m, SourceKind::Velero).rows[1];
    assert_eq!(
        (adhoc.detail.as_str(), adhoc.notes.as_slice()),
        ("manual", &["3 errors".to_owned()][..])
    );
}

#[test]
fn a_suspended_cronjob_whose_last_job_failed() {
    let mut s = backups_synced();
    add_cronjob(
        &mut s,
        cronjob("kube-system", "etcd-backup", &[], true, Some(NOW - 3 * DAY)),
    );
    let why = "BackoffLimitExceeded: Job has reached the specified backoff limit";
    let jobs = [
        (
            "kube-system",
            "etcd-backup-1",
            NOW - 3 * DAY - 600,
            JobOutcome::Succeeded,
            None,
        ),
        (
            "kube-system",
            "etcd-backup-2",
            NOW - 2 * DAY,
            JobOutcome::Failed,
            Some(why),
        ),
        // Another namespace's Job of that name is not this CronJob's.
        ("other", "etcd-backup-9", NOW - H, JobOutcome::Succeeded, None),
    ];
    for (ns, name, started, outcome, failure) in jobs {
        add_job(&mut s, job(ns, name, "etcd-backup", started, outcome, failure));
    }
    let m = run(&s);
    let want = format!(
        "
        etcd CronJobs: Warn kube-system/etcd-backup suspended 3d
        ! Crit: newest etcd backup is 3d old (kube-system/etcd-backup), RPO 24h
        ! Warn: CronJob kube-system/etcd-backup is suspended: it takes no etcd snapshots
        ! Warn: CronJob kube-system/etcd-backup: last run etcd-backup-2 failed 47h ago: {why}"
    );
    assert_eq!(dump(&m), text(&want));
    let r = &section(&m, SourceKind::CronJobs).rows[0];
    assert_eq!(r.notes, [format!("last run etcd-backup-2 failed 47h ago: {why}")]);
    assert_eq!((r.good, r.failed, r.time), (true, true, Some(NOW - 3 * DAY)));
}

#[test]
fn cronjobs_match_by_name_or_by_the_configured_label() {
    let mut s = backups_synced();
    let label = "kon/etcd-backup";
    add_cronjob(
        &mut s,
        cronjob("kube-system", "ETCD-Snapshot", &[], false, Some(NOW - H)),
    );
    add_cronjob(
        &mut s,
        cronjob("ops", "nightly", &[(label, "true")], false, Some(NOW - 2 * H)),
    );
    add_cronjob(
        &mut s,
        cronjob("ops", "etcd-defrag", &[(label, "false")], false, None),
    );
    // A Job that finished after lastSuccessfulTime was written counts.
    add_job(
        &mut s,
        job(
            "ops",
            "nightly-7",
            "nightly",
            NOW - 1800,
            JobOutcome::Succeeded,
            None,
        ),
    );
    assert_eq!(
        dump(&run(&s)),
        "etcd CronJobs: Ok kube-system/ETCD-Snapshot ok 60m"
    );
    let by = |label: &str| BackupSettings {
        cronjob_label: parse_label(label),
        ..BackupSettings::default()
    };
    let want = "
        etcd CronJobs: Ok ops/etcd-defrag never succeeded -
        etcd CronJobs: Ok ops/nightly ok 29m";
    assert_eq!(dump(&model(&s, None, &by(label), NOW)), text(want));
    let m = model(&s, None, &by(" kon/etcd-backup = true "), NOW);
    assert_eq!(dump(&m), "etcd CronJobs: Ok ops/nightly ok 29m");
    assert_eq!(m.newest_good, Some((NOW - 1800 + 60, "ops/nightly".into())));
    assert_eq!(parse_label("a=b"), Some(("a".into(), Some("b".into()))));
    assert_eq!(parse_label("  "), None);
}

#[test]
fn rpo_boundaries() {
    let at = |ago: i64, rpo: i64| {
        let mut s = backups_synced();
        add_etcd_snapshot(&mut s, snapshot("snap-a", "server-1", ago, Some(true), None));
        let settings = BackupSettings {
            rpo_secs: rpo,
            ..BackupSettings::default()
        };
        model(&s, None, &settings, NOW).summary
    };
    let ok = |m: &str| Verdict::ok(m);
    assert_eq!(at(DAY, DAY), ok("newest backup 24h ago (snap-a), RPO 24h"));
    let old = |age: &str| format!("newest etcd backup is {age} old (snap-a), RPO 24h");
    assert_eq!(at(DAY + 1, DAY), Verdict::warn(old("24h")));
    assert_eq!(at(2 * DAY, DAY), Verdict::warn(old("2d")));
    assert_eq!(at(2 * DAY + 1, DAY), Verdict::crit(old("2d")));
    let six = "newest etcd backup is 7h old (snap-a), RPO 6h";
    assert_eq!(at(7 * H, 6 * H), Verdict::warn(six));
    assert_eq!(BackupSettings::default().rpo_secs, DAY);
}

#[test]
fn the_newest_good_backup_of_every_source_wins() {
    let mut s = backups_synced();
    add_velero_backup(
        &mut s,
        velero("nightly-44", "Completed", Some("nightly"), Some(30 * H)),
    );
    add_etcd_snapshot(&mut s, snapshot("snap-old", "server-1", 5 * H, Some(true), None));
    // Newer, but not good: failed, not ready yet.
    add_etcd_snapshot(
        &mut s,
        snapshot("snap-bad", "server-2", H, Some(false), Some("disk full")),
    );
    add_etcd_snapshot(&mut s, snapshot("snap-busy", "server-1", 60, Some(false), None));
    add_cronjob(
        &mut s,
        cronjob("kube-system", "etcd-backup", &[], false, Some(NOW - 10 * H)),
    );
    let dir = scan(4, Some(("snapshot-0300.db", NOW - 3 * H, 50 << 20)));
    let m = model(&s, Some(&dir), &BackupSettings::default(), NOW);
    let want = "
        Velero: Ok velero/nightly-44 Completed 30h
        ETCDSnapshotFiles: Ok snap-busy not ready 60s
        ETCDSnapshotFiles: Warn snap-bad FAILED 60m
        ETCDSnapshotFiles: Ok snap-old ready 5h
        etcd CronJobs: Ok kube-system/etcd-backup ok 10h
        backup directory: Ok /var/backups/etcd/snapshot-0300.db ok 3h
        ! Warn: ETCDSnapshotFile snap-bad (node server-2) failed 60m ago: disk full";
    assert_eq!(dump(&m), text(want));
    assert_eq!(
        m.newest_good,
        Some((NOW - 3 * H, "/var/backups/etcd/snapshot-0300.db".into()))
    );
    let newest: Vec<Option<i64>> = m
        .sections
        .iter()
        .map(|s| s.newest_good.as_ref().map(|n| n.0))
        .collect();
    let ago = |h: i64| Some(NOW - h * H);
    assert_eq!(newest, [ago(30), ago(5), ago(10), ago(3)]);
    assert_eq!(
        section(&m, SourceKind::Directory).rows[0].detail,
        "4 files, newest 50 MiB"
    );
    // Without the failed one, the tile names the newest.
    s.etcd_snapshots.items.retain(|k, _| &**k != "snap-bad");
    let m = model(&s, Some(&dir), &BackupSettings::default(), NOW);
    let tile = "newest backup 3h ago (/var/backups/etcd/snapshot-0300.db), RPO 24h";
    assert_eq!(m.summary, Verdict::ok(tile));
}

#[test]
fn a_snapshot_failure_a_later_one_on_the_same_node_fixed_is_quiet() {
    let mut s = backups_synced();
    add_etcd_snapshot(
        &mut s,
        snapshot("snap-1", "server-1", 5 * H, None, Some("timeout")),
    );
    add_etcd_snapshot(&mut s, snapshot("snap-2", "server-1", H, Some(true), None));
    let m = run(&s);
    let want = "
        ETCDSnapshotFiles: Ok snap-2 ready 60m
        ETCDSnapshotFiles: Warn snap-1 FAILED 5h";
    assert_eq!(dump(&m), text(want));
    let r = &section(&m, SourceKind::EtcdSnapshots).rows[1];
    assert_eq!(r.notes, ["timeout"]);
    assert!(
        r.detail.starts_with("node server-1, 12Mi, file:///"),
        "{}",
        r.detail
    );
}

#[test]
fn the_backup_directory() {
    let s = backups_synced();
    let m = |dir: Result<DirScan, String>| dump(&model(&s, Some(&dir), &BackupSettings::default(), NOW));
    let gone = "backup directory /var/backups/etcd: No such file or directory (os error 2)";
    let want = format!(
        "
        ! Warn: {gone}
        ! Warn: no etcd backup found in the sources kon can read (backup directory not checked)"
    );
    assert_eq!(m(Err(gone.into())), text(&want));
    let unreadable = model(&s, Some(&Err(gone.into())), &BackupSettings::default(), NOW);
    assert_eq!(unreadable.missing, [gone]);
    let why = SectionState::NotChecked(gone.into());
    assert_eq!(section(&unreadable, SourceKind::Directory).state, why);
    let want = "
        backup directory: Warn /var/backups/etcd no files -
        ! Crit: no successful etcd backup in backup directory
        ! Warn: backup directory /var/backups/etcd has no files";
    assert_eq!(m(scan(0, None)), text(want));
    let want = "
        backup directory: Warn /var/backups/etcd/snap.db empty file 60m
        ! Crit: no successful etcd backup in backup directory
        ! Warn: the newest file in backup directory /var/backups/etcd is empty: snap.db";
    assert_eq!(m(scan(2, Some(("snap.db", NOW - H, 0)))), text(want));
    let fine = model(
        &s,
        Some(&scan(1, Some(("snap.db", NOW - H, 2048)))),
        &BackupSettings::default(),
        NOW,
    );
    assert_eq!(
        dump(&fine),
        "backup directory: Ok /var/backups/etcd/snap.db ok 60m"
    );
    let tile = "newest backup 60m ago (/var/backups/etcd/snap.db), RPO 24h";
    assert_eq!(fine.summary, Verdict::ok(tile));
}

#[test]
fn the_newest_snapshot_is_good_only_when_its_hash_checks_out() {
    use crate::local::snapshot_check::Integrity;
    let s = backups_synced();
    let checked = |i: Integrity| {
        let mut d = scan(2, Some(("snap.db", NOW - H, 2080)));
        if let Ok(d) = &mut d {
            d.integrity = Some(i);
        }
        model(&s, Some(&d), &BackupSettings::default(), NOW)
    };
    assert_eq!(
        dump(&checked(Integrity::Valid)),
        "backup directory: Ok /var/backups/etcd/snap.db ok, SHA-256 verified 60m"
    );
    assert_eq!(
        dump(&checked(Integrity::NoHash)),
        "backup directory: Ok /var/backups/etcd/snap.db ok (a database copy: no hash to check) 60m"
    );
    // A damaged snapshot is no backup: nothing good is left in the directory.
    let damaged = dump(&checked(Integrity::Corrupt));
    assert!(
        damaged.contains("Crit /var/backups/etcd/snap.db corrupt: its SHA-256 does not match"),
        "{damaged}"
    );
    assert!(damaged.contains("is a damaged etcd snapshot"), "{damaged}");
    assert!(
        damaged.contains("no successful etcd backup in backup directory"),
        "{damaged}"
    );
    let other = dump(&checked(Integrity::NotSnapshot { size: 2080 }));
    assert!(other.contains("not an etcd snapshot"), "{other}");
}

#[test]
fn unreadable_jobs_and_stale_kinds() {
    let mut s = backups_synced();
    s.jobs.state = forbidden("jobs.batch");
    let (since, reason) = (NOW - 60, "watch failed".into());
    s.cronjobs.state = SyncState::Stale { since, reason };
    add_cronjob(
        &mut s,
        cronjob("kube-system", "etcd-backup", &[], false, Some(NOW - H)),
    );
    let m = run(&s);
    // Jobs hide no backup: the newest is still trusted, with no caveat.
    let want = "
        etcd CronJobs: Ok kube-system/etcd-backup ok 60m
        ! Warn: Jobs not checked: forbidden (list jobs.batch)";
    assert_eq!(dump(&m), text(want));
    let notes = &section(&m, SourceKind::CronJobs).rows[0].notes;
    assert_eq!(notes, &["Jobs not readable: last run unknown"]);
    assert_eq!(m.newest_good, Some((NOW - H, "kube-system/etcd-backup".into())));
}

#[test]
fn a_forbidden_source_caps_conclusions_at_warn() {
    let mut s = backups_synced();
    s.velero_backups.state = forbidden("backups.velero.io");
    add_etcd_snapshot(&mut s, snapshot("snap-a", "server-1", 5 * DAY, Some(true), None));
    let m = run(&s);
    let want = "
        ETCDSnapshotFiles: Ok snap-a ready 5d
        ! Warn: Velero Backups not checked: forbidden (list backups.velero.io)
        ! Warn: newest etcd backup is 5d old (snap-a), RPO 24h (Velero Backups not checked)";
    assert_eq!(dump(&m), text(want));
}

#[test]
fn durations() {
    let all = [24 * H, 48 * H, 7 * DAY, H, 90 * 60].map(duration);
    assert_eq!(all, ["24h", "48h", "7d", "1h", "90m"]);
}
