//! A fleet row's figures out of the one-shot judge (`crate::judge`), pure:
//! nodes ready/total, problem pods, critical/warning findings, the soonest
//! certificate expiry, the newest backup's age, and what could not be read
//! in kubectl's words.

use super::row::{Backup, ProblemPods, Row};
use crate::cluster::store::records::Readiness;
use crate::cluster::store::{Kind, Store, SyncState};
use crate::findings::{Report, Severity, incident};
use crate::judge::{Judged, Reads};
use crate::signals::backups::BackupsModel;
use crate::signals::certs::CertsModel;
use crate::signals::pods::Tier;

const DAY: i64 = 86_400;

/// Fills `row` with what `reads` and its judgement give.
pub fn fill(row: &mut Row, reads: &Reads, judged: &Judged) {
    let store = &reads.store;
    if read(&store.nodes.state) {
        row.nodes_total = Some(store.nodes.items.len());
        row.nodes_ready = Some(
            (store.nodes.items.values())
                .filter(|n| n.readiness == Readiness::Ready)
                .count(),
        );
    }
    if read(&store.pods.state)
        && let Some(p) = &judged.panes.pods
    {
        row.problem_pods = Some(ProblemPods {
            not_running: p.count(Tier::NotRunning),
            containers_failing: p.count(Tier::Containers),
            restarted: p.count(Tier::Restarted),
        });
    }
    if let Some(report) = &judged.report {
        let (critical, warning) = counts(report);
        row.critical = Some(critical);
        row.warning = Some(warning);
    }
    row.cert_days = judged.panes.certs.as_deref().and_then(soonest_days);
    row.backup = if judged.panes.platform.is_managed() {
        Some(Backup::Managed)
    } else {
        judged.panes.backups.as_deref().and_then(backup)
    };
    row.unread.extend(unread(store));
    for (endpoint, result) in [("readyz", &reads.readyz), ("livez", &reads.livez)] {
        if let Err(why) = result {
            row.unread.push(format!("could not read /{endpoint}: {why}"));
        }
    }
}

/// Listed to the end (stale data counts, as in `kon check`).
fn read(state: &SyncState) -> bool {
    matches!(state, SyncState::Synced | SyncState::Stale { .. })
}

/// Findings by severity, as `kon check` fails on them: an incident
/// (something broken now, `findings::incident`) counts as critical
/// whatever its severity; info findings are not counted.
pub fn counts(report: &Report) -> (usize, usize) {
    let critical = (report.findings.iter())
        .filter(|f| f.severity == Severity::Critical || incident::is_incident(f.id))
        .count();
    let warning = (report.findings.iter())
        .filter(|f| f.severity == Severity::Warning && !incident::is_incident(f.id))
        .count();
    (critical, warning)
}

/// Whole days until the soonest certificate the model judged expires
/// (negative once expired; rounded down, so `0` is "within a day").
pub fn soonest_days(certs: &CertsModel) -> Option<i64> {
    (certs.rows.iter())
        .filter_map(|r| r.left)
        .min()
        .map(|left| left.div_euclid(DAY))
}

/// The newest good backup's age against the RPO; none found only when the
/// model could conclude (every source read, none pending or not checked).
pub fn backup(model: &BackupsModel) -> Option<Backup> {
    match model.newest_age {
        Some(age_secs) => Some(Backup::Age {
            age_secs,
            rpo_secs: model.rpo_secs,
        }),
        None => {
            let conclusive = model.pending.is_empty()
                && !(model.sections.iter())
                    .any(|s| matches!(s.state, crate::signals::backups::SectionState::NotChecked(_)));
            conclusive.then_some(Backup::NoneFound)
        }
    }
}

/// The judged kinds that could not be read, in kubectl's words: each
/// forbidden kind as `Error from server (Forbidden)`, the others grouped
/// by reason.
pub fn unread(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    let mut failed: Vec<(String, Vec<&str>)> = Vec::new();
    for &kind in Kind::ALL.iter().filter(|k| k.judged()) {
        let why = match store.state(kind) {
            SyncState::Forbidden { verb, resource } => {
                let (plural, group) = resource.split_once('.').unwrap_or((resource, ""));
                out.push(format!(
                    "Error from server (Forbidden): {resource} is forbidden: cannot {verb} resource \"{plural}\" in API group \"{group}\""
                ));
                continue;
            }
            SyncState::Unreachable { reason } => reason.clone(),
            SyncState::NotStarted | SyncState::Syncing { .. } => "not read in time".into(),
            SyncState::Synced | SyncState::Stale { .. } | SyncState::Absent => continue,
        };
        let name = kind.resource();
        match failed.iter_mut().find(|(w, _)| *w == why) {
            Some((_, kinds)) => kinds.push(name),
            None => failed.push((why, vec![name])),
        }
    }
    out.extend(
        (failed.into_iter()).map(|(why, kinds)| format!("could not list {}: {why}", kinds.join(", "))),
    );
    out
}

#[cfg(test)]
#[path = "probe_figures_tests.rs"]
mod tests;
