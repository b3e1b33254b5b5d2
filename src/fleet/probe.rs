//! One context's probe, and all of them at once: `/version` for
//! reachability, round trip and version, then `kon check`'s one-shot judge
//! (`crate::judge`: one paged list with `limit` per judged kind, readyz,
//! livez, the serving chain, the API groups) for the nodes, the problem
//! pods, the findings, the soonest certificate and the newest backup. Each
//! context within its timeout (the reads stop a little before, so that what
//! they could not read is said) and at most `concurrency` at a time; a
//! context's store lives only while its row is filled, so memory is bounded
//! by `concurrency` stores. One client per probe, so an exec plugin runs
//! once per context and its failure is that row's error.

use std::time::{Duration, Instant};

use futures::StreamExt;
use kube::config::Kubeconfig;

use super::row::{ProblemPods, Row};
use crate::certs::Origin;
use crate::cluster::retry::Budget;
use crate::cluster::slim::node::SlimNode;
use crate::cluster::slim::pod::SlimPod;
use crate::cluster::store::intern::Interner;
use crate::cluster::store::records::PodRecord;
use crate::config::settings::Settings;
use crate::kubeconfig::target::{self, Selection};
use crate::signals::pods::{self, Tier};

/// How the fleet probes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub concurrency: usize,
}

/// Probes every context of `contexts`, at most `limits.concurrency` at
/// once, each within `limits.timeout`; rows in the order of `contexts`.
/// Judged by config.toml's defaults: see [`probe_all_with`].
pub async fn probe_all(kc: &Kubeconfig, contexts: &[String], limits: Limits) -> Vec<Row> {
    probe_all_with(kc, contexts, limits, &Settings::default()).await
}

/// [`probe_all`] judged by `settings` (certificate thresholds, the backup
/// RPO and CronJob label, the rules skipped, each context's `platform`).
pub async fn probe_all_with(
    kc: &Kubeconfig,
    contexts: &[String],
    limits: Limits,
    settings: &Settings,
) -> Vec<Row> {
    futures::stream::iter(
        contexts
            .iter()
            .map(|c| probe_within(kc, c, limits.timeout, settings)),
    )
    .buffered(limits.concurrency.max(1))
    .collect()
    .await
}

/// One context within `timeout`: a context still answering then is that
/// row's error, and holds nothing up.
pub async fn probe_within(kc: &Kubeconfig, context: &str, timeout: Duration, settings: &Settings) -> Row {
    match tokio::time::timeout(timeout, probe_for(kc, context, timeout, settings)).await {
        Ok(row) => row,
        Err(_) => Row::failed(
            context,
            server_of(kc, context),
            format!(
                "Unable to connect to the server: context deadline exceeded (no answer within {}s)",
                timeout.as_secs_f64()
            ),
        ),
    }
}

fn server_of(kc: &Kubeconfig, context: &str) -> Option<String> {
    let ctx = kc.contexts.iter().find(|c| c.name == context)?.context.as_ref()?;
    let cluster = kc.clusters.iter().find(|c| c.name == ctx.cluster)?;
    cluster.cluster.as_ref()?.server.clone()
}

/// The exec plugin of the context's user, if it has one.
fn exec_command(kc: &Kubeconfig, context: &str) -> Option<String> {
    let ctx = kc.contexts.iter().find(|c| c.name == context)?.context.as_ref()?;
    let user = ctx.user.as_deref()?;
    let auth = kc
        .auth_infos
        .iter()
        .find(|u| u.name == user)?
        .auth_info
        .as_ref()?;
    auth.exec.as_ref()?.command.clone()
}

/// One context: what it answers, figure by figure, judged by config.toml's
/// defaults, its reads within the default `[fleet] timeout`.
pub async fn probe(kc: &Kubeconfig, context: &str) -> Row {
    let settings = Settings::default();
    let timeout = Duration::from_secs(settings.fleet.timeout.unsigned_abs().max(1));
    probe_for(kc, context, timeout, &settings).await
}

/// The reads of a probe given `timeout` in all: they stop a tenth before
/// (at most a second), so that a kind still failing is said, not cut.
pub fn budget(timeout: Duration) -> Budget {
    Budget::new(timeout, timeout - (timeout / 10).min(Duration::from_secs(1)))
}

/// [`probe`] judged by `settings`, its reads within [`budget`]`(timeout)`
/// (not itself cut at `timeout`: [`probe_within`] is).
pub async fn probe_for(kc: &Kubeconfig, context: &str, timeout: Duration, settings: &Settings) -> Row {
    let budget = budget(timeout);
    let sel = Selection {
        context: Some(context.to_string()),
        ..Selection::default()
    };
    let resolved = target::resolve(&sel, Ok(Some(kc.clone()))).await;
    let server = resolved.target.server.clone();
    let config = match (resolved.config, resolved.problem) {
        (Some(c), None) => c,
        (_, Some(p)) => return Row::failed(context, server, p),
        (None, None) => return Row::failed(context, server, "no client configuration".into()),
    };
    let url = config.cluster_url.to_string();
    let exec = exec_command(kc, context);
    let words = |e: &kube::Error| {
        super::words::kubectl_words(&crate::errors::describe(e), server.as_deref(), exec.as_deref())
    };
    let client = match crate::kubeconfig::client(config) {
        Ok(c) => c,
        Err(e) => return Row::failed(context, server.clone(), words(&e)),
    };
    let started = Instant::now();
    let version = match client.apiserver_version().await {
        Ok(v) => v.git_version,
        Err(e) => return Row::failed(context, server.clone(), words(&e)),
    };
    let mut row = Row {
        context: context.into(),
        server,
        rtt_ms: Some(started.elapsed().as_millis().try_into().unwrap_or(u64::MAX)),
        version: Some(version),
        ..Row::default()
    };
    let mut reads = crate::judge::read(&client, &url, budget, timeout).await;
    let mut local = crate::judge::local_for(settings);
    local.report(Origin::Serving, std::mem::take(&mut reads.serving));
    let clues = crate::platform::Evidence {
        git_version: row.version.clone(),
        configured: settings.platform_of(context),
        ..Default::default()
    };
    let judged = crate::judge::judge(&reads, &local, clues, None, crate::clock::unix_now());
    super::probe_figures::fill(&mut row, &reads, &judged);
    row
}

/// A node is ready when its Ready condition is True (as `kubectl get nodes`).
pub fn node_ready(n: &SlimNode) -> bool {
    (n.status.conditions.iter()).any(|c| c.type_ == "Ready" && c.status == "True")
}

/// Problem pods by the pods table's tiers.
pub fn problem_pods(list: &[SlimPod], now: i64) -> ProblemPods {
    let mut interner = Interner::default();
    let mut p = ProblemPods::default();
    for pod in list {
        let record = PodRecord::from_slim(pod, &mut interner);
        let printed = crate::signals::pods_status::print(&record);
        match pods::tier(&record, &printed.status, now).0 {
            Tier::NotRunning => p.not_running += 1,
            Tier::Containers => p.containers_failing += 1,
            Tier::Restarted => p.restarted += 1,
            Tier::Healthy => {}
        }
    }
    p
}

#[cfg(test)]
#[path = "probe_tests.rs"]
mod tests;
