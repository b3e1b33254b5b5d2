//! The one-shot judge that `kon check` and every fleet row share: read
//! every judged kind once (paged lists with `limit`, no watch), the health
//! endpoints, the serving chain and the API groups, all within one budget;
//! then recompute the pane models and the findings over them. What is read
//! on this machine (kubeadm's files, a backup directory, etcd) is the
//! caller's: `kon check` adds it to [`Local`], the fleet does not (it
//! belongs to one cluster only).

use std::time::Duration;

use crate::certs::FoundCert;
use crate::cluster::retry::{self, Budget};
use crate::cluster::store::Store;
use crate::config::settings::Settings;
use crate::findings::{self, Cause, completeness};
use crate::panes::{Local, Panes};

/// What one pass over the API gives.
#[derive(Debug)]
pub struct Reads {
    /// Every judged kind, listed once.
    pub store: Store,
    /// `/readyz?verbose` and `/livez?verbose` (a failing check is an answer).
    pub readyz: Result<String, String>,
    pub livez: Result<String, String>,
    /// The chain the API server presents, leaf first.
    pub serving: Vec<FoundCert>,
    /// The server's API groups (platform detection).
    pub api_groups: Vec<String>,
}

/// Reads everything at once: the lists within `budget`, the TLS handshake
/// of `url` within `per_request` (and what is left of the budget).
pub async fn read(client: &kube::Client, url: &str, budget: Budget, per_request: Duration) -> Reads {
    let (store, readyz, livez, serving, api_groups) = tokio::join!(
        crate::cluster::list::list_all_within(client, budget),
        health(client, "readyz", budget),
        health(client, "livez", budget),
        crate::certs::serving::fetch_chain(url, per_request.min(budget.remaining())),
        crate::cluster::discovery::groups(client),
    );
    Reads {
        store,
        readyz,
        livez,
        serving,
        api_groups,
    }
}

/// A [`Local`] judged by config.toml and nothing read on this machine:
/// what the fleet judges every context by.
pub fn local_for(settings: &Settings) -> Local {
    let mut local = Local::default();
    settle(&mut local, settings);
    local
}

/// Sets what config.toml says of the panes and the rules: certificate
/// thresholds, the backup RPO and CronJob label, the rules skipped and
/// how system namespaces are judged.
pub fn settle(local: &mut Local, settings: &Settings) {
    let days = |d: u32| i64::from(d) * 86_400;
    local.thresholds = crate::signals::certs::Thresholds {
        warn_secs: days(settings.certificates.warn_days),
        crit_secs: days(settings.certificates.critical_days),
    };
    local.backups = crate::signals::backups::BackupSettings {
        rpo_secs: settings.backups.rpo,
        cronjob_label: (settings.backups.cronjob_label.as_deref())
            .and_then(crate::signals::backups::parse_label),
    };
    local.findings.cert_thresholds = local.thresholds;
    local.findings.judge_system = settings.findings.judge_system;
    local.findings.skip = settings.findings.skip.clone();
    if let Some(ns) = &settings.findings.system_namespaces {
        local.findings.system_namespaces = ns.clone();
    }
}

/// The models and the findings of one cluster.
#[derive(Debug, Clone, Default)]
pub struct Judged {
    /// Every pane's model (`findings` taken out: see `report`).
    pub panes: Panes,
    /// The findings, with the health endpoints that did not answer counted
    /// as unread; `None` when nodes, pods and leases were all unreadable.
    pub report: Option<findings::Report>,
}

/// Recomputes the models over `reads` and `local` (scoped to a namespace
/// when `scope` is one); `clues` is the platform evidence the store does
/// not hold (gitVersion, config.toml's `platform`; the API groups are
/// taken from `reads`).
pub fn judge(
    reads: &Reads,
    local: &Local,
    clues: crate::platform::Evidence,
    scope: Option<&str>,
    now: i64,
) -> Judged {
    let mut panes = Panes {
        platform_clues: std::sync::Arc::new(crate::platform::Evidence {
            api_groups: reads.api_groups.clone(),
            ..clues
        }),
        ..Panes::default()
    };
    panes.recompute(
        &reads.store,
        (Some(&reads.readyz), Some(&reads.livez)),
        scope,
        local,
        now,
    );
    let mut report = panes.findings.take().map(std::sync::Arc::unwrap_or_clone);
    // The health checks are read like a kind: unanswered, no one can judge.
    if let Some(report) = &mut report {
        for (endpoint, result) in [("readyz", &reads.readyz), ("livez", &reads.livez)] {
            if let Err(why) = result {
                mark_unread(report, endpoint, why);
            }
        }
    }
    Judged { panes, report }
}

/// Records `kind` as not read (after its retries): the report is
/// incomplete and has no score.
pub fn mark_unread(report: &mut findings::Report, kind: &'static str, why: &str) {
    report.unread.push(completeness::Unread {
        kind,
        why: why.to_string(),
        cause: Cause::Failed,
    });
    report.complete = false;
    report.score = None;
    report.grade = None;
}

/// `/{endpoint}?verbose`, retried like the lists: a failing check (500 with
/// the listing) is an answer, not a failure to retry.
pub async fn health(client: &kube::Client, endpoint: &str, budget: Budget) -> Result<String, String> {
    let attempt = || async {
        let req = http::Request::get(format!("/{endpoint}?verbose"))
            .body(Vec::new())
            .map_err(kube::Error::HttpError)?;
        match client.request_text(req).await {
            Err(kube::Error::Api(s)) if s.code == 500 && s.message.contains("check failed") => Ok(s.message),
            other => other,
        }
    };
    retry::retry(budget, attempt).await.map_err(|f| f.to_string())
}

#[cfg(test)]
#[path = "judge_tests.rs"]
mod tests;
