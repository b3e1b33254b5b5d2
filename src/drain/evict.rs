//! The evictions of one node's drain: every planned pod evicted at once
//! (as kubectl does), each eviction retried when the server throttled,
//! failed or did not answer, and again every few seconds while a
//! PodDisruptionBudget refuses it; meanwhile the node's pods are listed
//! until every evicted pod is gone. Each pod's eviction is one audit line.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use futures::future::join_all;

use super::api::{NodeApi, PodOnNode};
use super::plan::{Plan, PodRef};
use super::run::{Event, PodProgress, Retries, RunSettings, failure_text, short_error};
use super::runner::Runner;
use crate::cluster::retry::{self, Budget, Failure};

/// How often the node's pods are listed while evicted pods terminate.
const POLL: Duration = Duration::from_secs(1);

struct Track {
    state: PodProgress,
    uid: Option<String>,
    retries: Retries,
    audited: bool,
}

/// Where each planned pod is (shared by the evictions running at once).
pub struct Pods(Mutex<BTreeMap<PodRef, Track>>);

impl Pods {
    pub fn new(planned: &[PodRef]) -> Self {
        let map = planned
            .iter()
            .map(|p| {
                let t = Track {
                    state: PodProgress::Pending,
                    uid: None,
                    retries: Retries::default(),
                    audited: false,
                };
                (p.clone(), t)
            })
            .collect();
        Self(Mutex::new(map))
    }

    fn with<T>(&self, f: impl FnOnce(&mut BTreeMap<PodRef, Track>) -> T) -> T {
        // A panic elsewhere cannot leave the map half-changed: take it as it is.
        let mut g = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut g)
    }

    fn state(&self, pod: &PodRef) -> Option<PodProgress> {
        self.with(|m| m.get(pod).map(|t| t.state.clone()))
    }

    pub fn all_done(&self) -> bool {
        self.with(|m| m.values().all(|t| t.state.done()))
    }

    pub fn all_gone(&self) -> bool {
        self.with(|m| m.values().all(|t| t.state == PodProgress::Gone))
    }

    /// The pods whose eviction the API accepted (or that were gone already).
    pub fn evicted(&self) -> Vec<PodRef> {
        self.with(|m| {
            m.iter()
                .filter(|(_, t)| t.state.evicted())
                .map(|(p, _)| p.clone())
                .collect()
        })
    }

    pub fn failed(&self) -> Vec<(PodRef, String)> {
        self.with(|m| {
            m.iter()
                .filter_map(|(p, t)| match &t.state {
                    PodProgress::Failed(why) => Some((p.clone(), why.clone())),
                    _ => None,
                })
                .collect()
        })
    }

    /// The planned pods in `list` (the same pod: same name, and same uid when known).
    pub fn still_there(&self, list: &[PodOnNode]) -> Vec<(PodRef, bool)> {
        self.with(|m| {
            list.iter()
                .filter(|p| m.get(&p.pod).is_some_and(|t| t.uid.is_none() || t.uid == p.uid))
                .map(|p| (p.pod.clone(), p.terminating))
                .collect()
        })
    }
}

/// Sets `pod`'s state and reports it.
fn set<A: NodeApi>(r: &Runner<'_, A>, pods: &Pods, pod: &PodRef, state: PodProgress) {
    pods.with(|m| {
        if let Some(t) = m.get_mut(pod) {
            t.state = state.clone();
        }
    });
    r.report(Event::Pod {
        pod: pod.clone(),
        state,
    });
}

/// Writes `pod`'s eviction line (once) with its retries.
fn record<A: NodeApi>(r: &Runner<'_, A>, pods: &Pods, pod: &PodRef, outcome: &str) {
    let retries = pods.with(|m| match m.get_mut(pod) {
        Some(t) if !t.audited => {
            t.audited = true;
            Some(t.retries.text())
        }
        _ => None,
    });
    if let Some(retries) = retries {
        let mut e = r.entry("evict", &format!("pod/{pod}"), outcome);
        e.retries = retries;
        r.record(&e);
    }
}

/// The eviction line of every pod the run did not finish (`stop`: why).
pub fn record_unfinished<A: NodeApi>(r: &Runner<'_, A>, pods: &Pods, stop: &str) {
    let open: Vec<(PodRef, PodProgress)> = pods.with(|m| {
        m.iter()
            .filter(|(_, t)| !t.audited)
            .map(|(p, t)| (p.clone(), t.state.clone()))
            .collect()
    });
    for (pod, state) in open {
        let outcome = match state {
            PodProgress::Evicting => format!("{stop} while the eviction was in flight: not known"),
            PodProgress::Blocked { reason, .. } => format!("not evicted ({stop}): blocked by {reason}"),
            _ => format!("not evicted ({stop})"),
        };
        record(r, pods, &pod, &outcome);
        // The screen's last word on the pod (its tracked state stays as it was).
        r.report(Event::Pod {
            pod,
            state: PodProgress::Failed(outcome),
        });
    }
}

/// Evicts every planned pod and waits until each is gone or failed.
/// Unbounded by itself: the caller races it against the deadline and abort.
pub async fn run<A: NodeApi>(
    r: &Runner<'_, A>,
    plan: &Plan,
    settings: RunSettings,
    deadline: tokio::time::Instant,
    pods: &Pods,
) {
    let budget = Budget {
        per_request: r.per_request,
        deadline,
    };
    let api = r.api;
    let node = plan.node.as_str();
    // Which pods these are: a replacement may take a name (StatefulSets).
    match retry::retry(budget, || api.pods_on(node)).await {
        Ok(list) => {
            for pod in &plan.evict {
                match list.iter().find(|p| p.pod == *pod) {
                    Some(p) => pods.with(|m| {
                        if let Some(t) = m.get_mut(pod) {
                            t.uid.clone_from(&p.uid);
                        }
                    }),
                    None => {
                        set(r, pods, pod, PodProgress::Gone);
                        record(r, pods, pod, "gone before its eviction");
                    }
                }
            }
        }
        // Given up because the deadline is at hand: the run times out there.
        Err(Failure::GaveUp { .. }) => return std::future::pending().await,
        Err(f) => {
            let why = format!("could not list the pods on the node: {}", failure_text(&f));
            for pod in &plan.evict {
                set(r, pods, pod, PodProgress::Failed(why.clone()));
                record(r, pods, pod, &format!("not evicted: {why}"));
            }
            return;
        }
    }
    let open: Vec<&PodRef> = plan
        .evict
        .iter()
        .filter(|p| pods.state(p).is_some_and(|s| !s.done()))
        .collect();
    let evictions = join_all(
        open.into_iter()
            .map(|p| evict_one(r, plan, settings, budget, pods, p)),
    );
    futures::future::join(evictions, wait_gone(r, node, pods)).await;
}

enum Answer {
    Accepted,
    Gone,
    Blocked(String),
}

async fn evict_one<A: NodeApi>(
    r: &Runner<'_, A>,
    plan: &Plan,
    settings: RunSettings,
    budget: Budget,
    pods: &Pods,
    pod: &PodRef,
) {
    let api = r.api;
    let mut blocked = 0;
    loop {
        set(r, pods, pod, PodProgress::Evicting);
        let last = Mutex::new(None::<String>);
        let last_ref = &last;
        let mut tries = 0;
        let mut op = move || async move {
            let answer = match api.evict(pod, settings.grace_period).await {
                Ok(()) => Ok(Answer::Accepted),
                Err(kube::Error::Api(s)) if s.code == 404 => Ok(Answer::Gone),
                Err(e) if retry::is_disruption_budget_refusal(&e) => {
                    Ok(Answer::Blocked(budget_name(plan, pod, &e)))
                }
                Err(e) => Err(e),
            };
            if let Err(e) = &answer {
                *last_ref.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(short_error(e));
            }
            answer
        };
        let answer = retry::retry_observed(budget, &mut op, |text, _| {
            let reason = last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take()
                .unwrap_or_else(|| text.to_string());
            tries += 1;
            pods.with(|m| m.get_mut(pod).map(|t| t.retries.add(&reason)));
            r.report(Event::Pod {
                pod: pod.clone(),
                state: PodProgress::Retrying {
                    reason,
                    attempts: tries,
                },
            });
        })
        .await;
        match answer {
            Ok(Answer::Accepted) => {
                set(r, pods, pod, PodProgress::Evicted);
                record(r, pods, pod, "evicted");
                return;
            }
            Ok(Answer::Gone) => {
                set(r, pods, pod, PodProgress::Gone);
                record(r, pods, pod, "gone before its eviction");
                return;
            }
            Ok(Answer::Blocked(reason)) => {
                blocked += 1;
                pods.with(|m| {
                    m.get_mut(pod)
                        .map(|t| t.retries.add(&format!("blocked by {reason}")))
                });
                set(
                    r,
                    pods,
                    pod,
                    PodProgress::Blocked {
                        reason,
                        attempts: blocked,
                    },
                );
                tokio::time::sleep(settings.retry).await;
            }
            // Given up because the next try would pass the deadline: note
            // the last failure and let the run time out there.
            Err(Failure::GaveUp { timed_out, .. }) => {
                let last = last
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .take();
                let reason = match last {
                    Some(r) if !timed_out => r,
                    _ => "no answer".into(),
                };
                pods.with(|m| m.get_mut(pod).map(|t| t.retries.add(&reason)));
                if !timed_out {
                    let attempts = tries + 1;
                    set(r, pods, pod, PodProgress::Retrying { reason, attempts });
                }
                return std::future::pending().await;
            }
            Err(f) => {
                let why = failure_text(&f);
                set(r, pods, pod, PodProgress::Failed(why.clone()));
                record(r, pods, pod, &format!("failed: {why}"));
                return;
            }
        }
    }
}

/// `PDB payments/api` when the plan knows the budget, else the server's words.
fn budget_name(plan: &Plan, pod: &PodRef, e: &kube::Error) -> String {
    if let Some(b) = plan.blockers.iter().find(|b| b.pods.contains(pod)) {
        return format!("PDB {}/{}", b.pdb.namespace, b.pdb.name);
    }
    let kube::Error::Api(s) = e else {
        return "a PodDisruptionBudget".into();
    };
    // "The disruption budget web needs 2 healthy pods and has 2 currently"
    let named = s.details.iter().flat_map(|d| d.causes.iter()).find_map(|c| {
        c.message
            .strip_prefix("The disruption budget ")
            .and_then(|m| m.split(' ').next())
            .map(|n| format!("PDB {}/{n}", pod.namespace))
    });
    named.unwrap_or_else(|| "a PodDisruptionBudget".into())
}

/// Lists the node's pods until every evicted pod is gone (a list that
/// fails is tried again at the next tick).
async fn wait_gone<A: NodeApi>(r: &Runner<'_, A>, node: &str, pods: &Pods) {
    loop {
        if pods.all_done() {
            return;
        }
        tokio::time::sleep(POLL).await;
        let Ok(Ok(list)) = tokio::time::timeout(r.per_request, r.api.pods_on(node)).await else {
            continue;
        };
        let there = pods.still_there(&list);
        let gone: Vec<PodRef> = pods.with(|m| {
            m.iter()
                .filter(|(p, t)| t.state == PodProgress::Evicted && !there.iter().any(|(q, _)| q == *p))
                .map(|(p, _)| p.clone())
                .collect()
        });
        for p in gone {
            set(r, pods, &p, PodProgress::Gone);
        }
    }
}
