//! One context's probe, and all of them at once: the cheapest reads that
//! give each figure (`/version` for reachability, round trip and version;
//! paged lists with `limit` of nodes and pods), each context within its
//! timeout and at most `concurrency` at a time. One client per probe, so an
//! exec plugin runs once per context and its failure is that row's error.

use std::time::{Duration, Instant};

use futures::StreamExt;
use kube::api::{Api, ListParams};
use kube::config::Kubeconfig;

use super::row::{ProblemPods, Row};
use crate::cluster::slim::node::SlimNode;
use crate::cluster::slim::pod::SlimPod;
use crate::cluster::store::intern::Interner;
use crate::cluster::store::records::PodRecord;
use crate::kubeconfig::target::{self, Selection};
use crate::signals::pods::{self, Tier};

/// Items per page of a list.
const PAGE: u32 = 500;

/// How the fleet probes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub timeout: Duration,
    pub concurrency: usize,
}

/// Probes every context of `contexts`, at most `limits.concurrency` at
/// once, each within `limits.timeout`; rows in the order of `contexts`.
pub async fn probe_all(kc: &Kubeconfig, contexts: &[String], limits: Limits) -> Vec<Row> {
    futures::stream::iter(contexts.iter().map(|c| probe_within(kc, c, limits.timeout)))
        .buffered(limits.concurrency.max(1))
        .collect()
        .await
}

async fn probe_within(kc: &Kubeconfig, context: &str, timeout: Duration) -> Row {
    match tokio::time::timeout(timeout, probe(kc, context)).await {
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

/// One context: what it answers, figure by figure.
pub async fn probe(kc: &Kubeconfig, context: &str) -> Row {
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
    match list_all::<SlimNode>(Api::all(client.clone())).await {
        Ok(nodes) => {
            row.nodes_total = Some(nodes.len());
            row.nodes_ready = Some(nodes.iter().filter(|n| node_ready(n)).count());
        }
        Err(e) => row.unread.push(e),
    }
    match list_all::<SlimPod>(Api::all(client)).await {
        Ok(list) => row.problem_pods = Some(problem_pods(&list, crate::clock::unix_now())),
        Err(e) => row.unread.push(e),
    }
    row
}

/// Every item, page by page (`limit`, `continue`): ready/total needs them all.
async fn list_all<K>(api: Api<K>) -> Result<Vec<K>, String>
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    let mut out = Vec::new();
    let mut lp = ListParams::default().limit(PAGE);
    loop {
        let page = api.list(&lp).await.map_err(|e| crate::errors::describe(&e))?;
        out.extend(page.items);
        match page.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(c) => lp = lp.continue_token(&c),
            None => return Ok(out),
        }
    }
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
