//! etcd backup rules, read from the backups pane's model, and certificate
//! rules, read from the certificates pane's model.

use std::collections::{BTreeMap, HashSet};

use super::RuleResult;
use super::Severity::{Critical, Warning};
use super::context::{Ctx, cluster_finding, finding, unusable};
use crate::cluster::store::Kind;
use crate::signals::backups::{BackupsModel, RowKind, SectionState, SourceKind, VELERO_FAILED, duration};
use crate::signals::certs::{CertRow, CertSource, CertsModel};
use crate::signals::verdict::{age, remaining};

fn backups<'a>(ctx: &Ctx<'a>) -> Result<&'a BackupsModel, RuleResult> {
    let m = ctx
        .inputs
        .backups
        .ok_or_else(|| RuleResult::blocked(vec!["etcd backups: not read yet".into()]))?;
    let pending: Vec<String> = m
        .sections
        .iter()
        .filter(|s| s.state == SectionState::Pending)
        .map(|s| format!("etcd backups: {} not read yet", s.source.label()))
        .collect();
    if pending.is_empty() {
        Ok(m)
    } else {
        Err(RuleResult::blocked(pending))
    }
}

/// Sources that could not be read and may hold a backup.
fn hidden(ctx: &Ctx, m: &BackupsModel) -> Vec<String> {
    let mut out: Vec<String> = m
        .sections
        .iter()
        .filter_map(|s| match &s.state {
            SectionState::NotChecked(why) => Some(format!("etcd backups: {} {why}", s.source.label())),
            _ => None,
        })
        .collect();
    // Velero reads as one section when either of its kinds is readable.
    if let Some(why) = unusable(ctx.store.state(Kind::VeleroBackups)).filter(|_| {
        m.sections
            .iter()
            .any(|s| s.source == SourceKind::Velero && s.state == SectionState::Read)
    }) {
        out.push(format!("etcd backups: Velero Backups {why}"));
    }
    out
}

/// The sources that have something (a backup, a schedule, a CronJob, a file).
fn present(m: &BackupsModel) -> Vec<&'static str> {
    m.sections
        .iter()
        .filter(|s| !s.rows.is_empty())
        .map(|s| s.source.label())
        .collect()
}

/// No source of backups at all: no Velero, no ETCDSnapshotFile, no etcd
/// CronJob, no backup directory.
pub(super) fn backup_missing(ctx: &Ctx) -> RuleResult {
    let m = match backups(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    if !present(m).is_empty() || m.newest_good.is_some() {
        return RuleResult::default();
    }
    let hidden = hidden(ctx, m);
    if !hidden.is_empty() {
        return RuleResult::blocked(hidden);
    }
    RuleResult {
        findings: vec![cluster_finding(
            "etcd-backup-missing",
            "no etcd backup found: no Velero, ETCDSnapshotFile, etcd CronJob or backup directory".into(),
        )],
        not_checked: Vec::new(),
    }
}

/// The newest good backup older than the RPO (warning) or twice the RPO
/// (critical), or none good although sources exist (critical). Not judged
/// while a source that may hold a newer backup cannot be read.
pub(super) fn backup_stale(ctx: &Ctx) -> RuleResult {
    let m = match backups(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let present = present(m);
    let rpo = m.rpo_secs;
    let (severity, message) = match (&m.newest_good, m.newest_age) {
        (None, _) if present.is_empty() => return RuleResult::default(),
        (None, _) => (
            Critical,
            format!(
                "no successful etcd backup in {} (RPO {})",
                present.join(", "),
                duration(rpo)
            ),
        ),
        (Some((_, name)), Some(old)) if old > rpo => (
            if old > rpo.saturating_mul(2) {
                Critical
            } else {
                Warning
            },
            format!(
                "newest good etcd backup is {} old ({name}), RPO {}",
                age(old),
                duration(rpo)
            ),
        ),
        _ => return RuleResult::default(),
    };
    let hidden = hidden(ctx, m);
    if !hidden.is_empty() {
        return RuleResult::blocked(hidden);
    }
    RuleResult {
        findings: vec![cluster_finding("etcd-backup-stale", message).at(severity)],
        not_checked: Vec::new(),
    }
}

/// On a managed control plane (see `applicability`): no cluster backup at
/// all (no Velero Backup or Schedule), at info level. The provider backs
/// etcd up; the workloads' state is the customer's. Elsewhere nothing:
/// `etcd-backup-missing` covers it.
pub(super) fn cluster_backup_missing(ctx: &Ctx) -> RuleResult {
    let platform = ctx.inputs.platform;
    if !platform.is_managed() {
        return RuleResult::default();
    }
    let m = match backups(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    if !present(m).is_empty() || m.newest_good.is_some() {
        return RuleResult::default();
    }
    let hidden = hidden(ctx, m);
    if !hidden.is_empty() {
        return RuleResult::blocked(hidden);
    }
    let message = format!(
        "no cluster backup found (no Velero Backup or Schedule); {} backs up etcd, not the workloads' state",
        platform.platform
    );
    RuleResult {
        findings: vec![cluster_finding("cluster-backup-missing", message)],
        not_checked: Vec::new(),
    }
}

/// `ns/name` as (namespace, name).
fn split(name: &str) -> (Option<&str>, &str) {
    match name.split_once('/') {
        Some((ns, n)) => (Some(ns), n),
        None => (None, name),
    }
}

/// The latest run of each schedule (Velero: per schedule, manual backups
/// as one; ETCDSnapshotFiles: per node; etcd CronJobs: each; the backup
/// directory: its newest file) failed.
pub(super) fn backup_failed(ctx: &Ctx) -> RuleResult {
    let m = match backups(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let mut out = RuleResult::default();
    let ago = |a: Option<i64>| a.map(|a| format!(" {} ago", age(a))).unwrap_or_default();
    let detail = |notes: &[String]| {
        if notes.is_empty() {
            String::new()
        } else {
            format!(": {}", notes.join("; "))
        }
    };
    // Latest finished Velero backup per schedule; latest snapshot per node.
    let mut latest: HashSet<(u8, String)> = HashSet::new();
    for s in m.sections.iter().filter(|s| s.state == SectionState::Read) {
        for r in &s.rows {
            let group = match r.kind {
                RowKind::VeleroBackup => {
                    let finished = r.status == "Completed" || VELERO_FAILED.contains(&r.status.as_str());
                    if !finished {
                        continue;
                    }
                    r.detail.clone()
                }
                RowKind::EtcdSnapshot => ctx
                    .store
                    .etcd_snapshots
                    .items
                    .get(r.name.as_str())
                    .and_then(|v| v.node.as_deref())
                    .unwrap_or("?")
                    .to_owned(),
                RowKind::CronJob | RowKind::File => r.name.clone(),
                RowKind::VeleroSchedule => continue,
            };
            // Rows are newest first within a source: the first of a group is its latest.
            if !latest.insert((r.kind as u8, group.clone())) || !r.failed {
                continue;
            }
            let (kind, what) = match r.kind {
                RowKind::VeleroBackup => ("Backup", format!("Velero backup ({}) {}", r.detail, r.status)),
                RowKind::EtcdSnapshot => (
                    "ETCDSnapshotFile",
                    format!("etcd snapshot of node {group} failed"),
                ),
                RowKind::CronJob => ("CronJob", "etcd backup CronJob".to_owned()),
                _ => ("File", "newest backup file is empty".to_owned()),
            };
            let message = match r.kind {
                RowKind::CronJob => format!("{what}: {}", r.notes.join("; ")),
                _ => format!("{what}{}{}", ago(r.age), detail(&r.notes)),
            };
            let (ns, name) = match r.kind {
                RowKind::File => (None, r.name.as_str()),
                _ => split(&r.name),
            };
            let mut f = finding("etcd-backup-failed", kind, ns, name, message);
            if ctx.inputs.platform.is_managed() {
                // The provider backs etcd up: a failed cluster backup is the
                // customer's to look at, at info like the rest of their
                // disaster-recovery advice (issue 15).
                f.severity = super::Severity::Info;
                f.message.push_str(&format!(
                    " (a cluster backup: {} backs up etcd)",
                    ctx.inputs.platform.platform
                ));
            }
            out.findings.push(f);
        }
    }
    out.not_checked = hidden(ctx, m);
    // A CronJob's last run is read from its Jobs.
    let cronjobs = m
        .sections
        .iter()
        .any(|s| s.source == SourceKind::CronJobs && !s.rows.is_empty());
    if let Some(why) = unusable(ctx.store.state(Kind::Jobs)).filter(|_| cronjobs) {
        out.not_checked.push(format!("etcd backups: Jobs {why}"));
    }
    out
}

fn certs<'a>(ctx: &Ctx<'a>) -> Result<&'a CertsModel, RuleResult> {
    ctx.inputs
        .certs
        .ok_or_else(|| RuleResult::blocked(vec!["certificates: not read yet".into()]))
}

/// Sources of certificates not read: unreadable kinds, local sources pending.
fn certs_unread(ctx: &Ctx, m: &CertsModel) -> Vec<String> {
    let mut out: Vec<String> = ctx
        .need(&[Kind::TlsSecrets, Kind::Certificates])
        .err()
        .unwrap_or_default();
    out.extend(m.pending.iter().map(|p| format!("{p}: not read yet")));
    out
}

/// The certificates in use, by object (a Secret's chain is one object),
/// in the model's order. On a managed control plane kubeadm's PKI files are
/// not the customer's (see `applicability`): left out.
fn by_object<'a>(ctx: &Ctx, m: &'a CertsModel) -> BTreeMap<(CertSource, String), Vec<&'a CertRow>> {
    let managed = ctx.inputs.platform.is_managed();
    let mut out: BTreeMap<(CertSource, String), Vec<&CertRow>> = BTreeMap::new();
    for r in m
        .rows
        .iter()
        .filter(|r| r.in_use() && !(managed && r.source == CertSource::Kubeadm))
    {
        out.entry((r.source, r.name.clone())).or_default().push(r);
    }
    out
}

/// A finding about row `r`'s object: `{certificate}: {message}{where}`.
fn cert_finding(id: &'static str, r: &CertRow, message: String) -> super::Finding {
    let subject = r.subject.as_deref().unwrap_or("certificate");
    let what = match r.chain {
        Some((i, n)) if i > 1 => format!("chain certificate {i}/{n} ({subject})"),
        _ => subject.to_owned(),
    };
    let managed = r
        .managed_by
        .as_deref()
        .map(|c| format!("; cert-manager Certificate {c}"))
        .unwrap_or_default();
    let location = r
        .location
        .as_deref()
        .map(|l| format!("; at {l}"))
        .unwrap_or_default();
    match r.source {
        CertSource::Secret | CertSource::CertManager => {
            let (ns, name) = split(&r.name);
            let kind = if r.source == CertSource::Secret {
                "Secret"
            } else {
                "Certificate"
            };
            finding(id, kind, ns, name, format!("{what}: {message}{managed}"))
        }
        _ => finding(
            id,
            "Certificate",
            None,
            &r.label(),
            format!("{what}: {message}{location}"),
        ),
    }
}

/// A certificate in use past its notAfter; one finding per object, the
/// longest expired of its chain.
pub(super) fn cert_expired(ctx: &Ctx) -> RuleResult {
    let m = match certs(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let mut out = RuleResult::default();
    for rows in by_object(ctx, m).values() {
        let worst = rows
            .iter()
            .filter(|r| r.expired)
            .min_by_key(|r| r.left.unwrap_or(0));
        if let Some(r) = worst {
            let left = r.left.unwrap_or(0);
            out.findings.push(cert_finding(
                "cert-expired",
                r,
                format!("expired {} ago", age(-left)),
            ));
        }
    }
    out.not_checked = certs_unread(ctx, m);
    out
}

/// A certificate in use with less than the warn threshold left (critical
/// under the crit threshold); one finding per object, its soonest.
pub(super) fn cert_expiring(ctx: &Ctx) -> RuleResult {
    let m = match certs(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let th = ctx.config.cert_thresholds;
    let mut out = RuleResult::default();
    for rows in by_object(ctx, m).values() {
        let soonest = rows
            .iter()
            .filter(|r| !r.expired)
            .filter_map(|r| Some((r.left?, r)))
            .min_by_key(|(left, _)| *left);
        let Some((left, r)) = soonest.filter(|(left, _)| *left < th.warn_secs) else {
            continue;
        };
        let severity = if left < th.crit_secs { Critical } else { Warning };
        let message = format!(
            "expires in {} (warn under {})",
            remaining(left),
            duration(th.warn_secs)
        );
        out.findings
            .push(cert_finding("cert-expiring", r, message).at(severity));
    }
    out.not_checked = certs_unread(ctx, m);
    out
}

#[cfg(test)]
#[path = "backups_certs_tests.rs"]
mod tests;
