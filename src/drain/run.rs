//! Carrying out node actions against the API: cordon, uncordon, and the
//! evictions of a drain plan through the Eviction API, with a 429 from a
//! PodDisruptionBudget retried (and reported), a timeout, and abort.
//! Progress is reported per pod through a callback; nothing here decides
//! what to evict (that is `plan`).

use std::collections::BTreeMap;
use std::time::Duration;

use k8s_openapi::api::core::v1::{Node, Pod};
use kube::api::{Api, DeleteParams, EvictParams, PostParams};
use tokio::sync::watch;
use tokio::time::Instant;

use super::plan::{Plan, PodRef};

/// Where one pod of a drain is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodProgress {
    Pending,
    Evicting,
    /// A PodDisruptionBudget refused the eviction (429); retrying.
    Blocked {
        reason: String,
        attempts: u32,
    },
    /// The eviction was accepted; the pod is terminating.
    Evicted,
    Gone,
    Failed(String),
}

impl PodProgress {
    pub fn label(&self) -> String {
        match self {
            PodProgress::Pending => "pending".into(),
            PodProgress::Evicting => "evicting".into(),
            PodProgress::Blocked { reason, attempts } => format!("blocked ({reason}), retry {attempts}"),
            PodProgress::Evicted => "evicted, terminating".into(),
            PodProgress::Gone => "gone".into(),
            PodProgress::Failed(why) => format!("failed: {why}"),
        }
    }

    pub fn done(&self) -> bool {
        matches!(self, PodProgress::Gone | PodProgress::Failed(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSettings {
    /// Passed to each eviction's delete options (`None`: the pod's own).
    pub grace_period: Option<i64>,
    /// The whole drain's deadline; the node stays cordoned after it.
    pub timeout: Duration,
    /// Wait between retries of an eviction a PDB refused (kubectl: 5 s).
    pub retry: Duration,
}

impl Default for RunSettings {
    fn default() -> Self {
        Self {
            grace_period: None,
            timeout: Duration::from_secs(300),
            retry: Duration::from_secs(5),
        }
    }
}

/// How a drain ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every planned pod is gone.
    Done,
    TimedOut {
        remaining: Vec<PodRef>,
    },
    Aborted {
        remaining: Vec<PodRef>,
    },
    /// Some evictions failed for good (not a PDB: forbidden, not found…).
    Failed {
        failed: Vec<(PodRef, String)>,
    },
}

impl Outcome {
    pub fn text(&self) -> String {
        let names = |v: &[PodRef]| {
            v.iter()
                .map(|p| format!("{}/{}", p.namespace, p.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Outcome::Done => "drained".into(),
            Outcome::TimedOut { remaining } => {
                format!(
                    "timed out with {} pod(s) left: {}",
                    remaining.len(),
                    names(remaining)
                )
            }
            Outcome::Aborted { remaining } => format!(
                "aborted with {} pod(s) left: {}",
                remaining.len(),
                names(remaining)
            ),
            Outcome::Failed { failed } => {
                let what: Vec<String> = failed
                    .iter()
                    .map(|(p, why)| format!("{}/{}: {why}", p.namespace, p.name))
                    .collect();
                format!("{} eviction(s) failed: {}", failed.len(), what.join("; "))
            }
        }
    }
}

/// Marks the node unschedulable (`true`) or schedulable again.
pub async fn set_unschedulable(client: &kube::Client, node: &str, unschedulable: bool) -> Result<(), String> {
    let api: Api<Node> = Api::all(client.clone());
    let r = if unschedulable {
        api.cordon(node).await
    } else {
        api.uncordon(node).await
    };
    r.map(|_| ()).map_err(|e| crate::cluster::probe::error_chain(&e))
}

/// Why an eviction was refused with 429: the PDB's message when the server gave one.
fn blocked_reason(e: &kube::Error) -> Option<String> {
    match e {
        kube::Error::Api(s) if s.code == 429 => Some(
            s.message
                .split(" needs ")
                .next()
                .unwrap_or(&s.message)
                .trim()
                .to_string(),
        ),
        _ => None,
    }
}

/// Evicts every pod of `plan` (the node must be cordoned first) and waits
/// until they are gone, the timeout passes, or `abort` turns true.
pub async fn evict_all(
    client: &kube::Client,
    plan: &Plan,
    settings: RunSettings,
    mut abort: watch::Receiver<bool>,
    mut progress: impl FnMut(&PodRef, &PodProgress),
) -> Outcome {
    let deadline = Instant::now() + settings.timeout;
    let mut state: BTreeMap<PodRef, (PodProgress, Option<Instant>, Option<String>)> = plan
        .evict
        .iter()
        .map(|p| (p.clone(), (PodProgress::Pending, Some(Instant::now()), None)))
        .collect();
    for p in &plan.evict {
        progress(p, &PodProgress::Pending);
    }
    loop {
        if *abort.borrow() {
            let remaining = state
                .iter()
                .filter(|(_, (s, ..))| !s.done())
                .map(|(p, _)| p.clone())
                .collect();
            return Outcome::Aborted { remaining };
        }
        if state.values().all(|(s, ..)| s.done()) {
            let failed: Vec<(PodRef, String)> = state
                .iter()
                .filter_map(|(p, (s, ..))| match s {
                    PodProgress::Failed(why) => Some((p.clone(), why.clone())),
                    _ => None,
                })
                .collect();
            return if failed.is_empty() {
                Outcome::Done
            } else {
                Outcome::Failed { failed }
            };
        }
        if Instant::now() >= deadline {
            let remaining = state
                .iter()
                .filter(|(_, (s, ..))| !s.done())
                .map(|(p, _)| p.clone())
                .collect();
            return Outcome::TimedOut { remaining };
        }
        let now = Instant::now();
        for (pod, (st, next_try, uid)) in state.iter_mut() {
            let api: Api<Pod> = Api::namespaced(client.clone(), &pod.namespace);
            match st {
                PodProgress::Pending | PodProgress::Blocked { .. } if next_try.is_some_and(|t| t <= now) => {
                    // Remember which pod this is: a replacement may take its name (StatefulSets).
                    if uid.is_none() {
                        match api.get_opt(&pod.name).await {
                            Ok(Some(p)) => *uid = p.metadata.uid,
                            Ok(None) => {
                                *st = PodProgress::Gone;
                                progress(pod, st);
                                continue;
                            }
                            Err(e) => {
                                *st = PodProgress::Failed(crate::cluster::probe::error_chain(&e));
                                progress(pod, st);
                                continue;
                            }
                        }
                    }
                    let attempts = match st {
                        PodProgress::Blocked { attempts, .. } => *attempts,
                        _ => 0,
                    };
                    progress(pod, &PodProgress::Evicting);
                    let params = EvictParams {
                        delete_options: settings.grace_period.map(|g| DeleteParams {
                            grace_period_seconds: Some(u32::try_from(g.max(0)).unwrap_or(0)),
                            ..Default::default()
                        }),
                        post_options: PostParams::default(),
                    };
                    match api.evict(&pod.name, &params).await {
                        Ok(_) => {
                            *st = PodProgress::Evicted;
                            *next_try = None;
                        }
                        Err(kube::Error::Api(s)) if s.code == 404 => *st = PodProgress::Gone,
                        Err(e) => match blocked_reason(&e) {
                            Some(reason) => {
                                // Name the budget when the plan knows it.
                                let reason = plan
                                    .blockers
                                    .iter()
                                    .find(|b| b.pods.contains(pod))
                                    .map_or(reason, |b| format!("PDB {}/{}", b.pdb.namespace, b.pdb.name));
                                *st = PodProgress::Blocked {
                                    reason,
                                    attempts: attempts + 1,
                                };
                                *next_try = Some(now + settings.retry);
                            }
                            None => *st = PodProgress::Failed(crate::cluster::probe::error_chain(&e)),
                        },
                    }
                    progress(pod, st);
                }
                PodProgress::Evicted => match api.get_opt(&pod.name).await {
                    Ok(None) => {
                        *st = PodProgress::Gone;
                        progress(pod, st);
                    }
                    Ok(Some(p)) if p.metadata.uid != *uid => {
                        *st = PodProgress::Gone;
                        progress(pod, st);
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        let tick = tokio::time::sleep(Duration::from_millis(500));
        tokio::select! {
            () = tick => {}
            // A sender that is gone cannot abort: the branch is disabled.
            Ok(()) = abort.changed() => {}
        }
    }
}
