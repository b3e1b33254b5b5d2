//! The one runner of node actions, used by the console and the headless
//! commands alike: cordon or uncordon nodes, or drain them (cordon, evict
//! every planned pod, wait until they are gone), each step bounded by a
//! deadline and an abort that answers at once, API requests retried where
//! safe, every step in the audit log, and the pods left read back from the
//! API at the end. Progress goes out as [`Event`]s.

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::api::NodeApi;
use super::evict::{self, Pods};
use super::plan::{DrainOptions, Plan, PodRef};
use super::run::{Event, NodeResult, PodProgress, RunSettings, Stop, bounded, failure_text, names};
use crate::audit::{AuditLog, Entry, Recorder};
use crate::cluster::retry::{self, Budget, Failure, human};

/// The last read of the pods left: its own short bounds, after the deadline or an abort.
pub const READBACK: Duration = Duration::from_secs(5);
const READBACK_PER_REQUEST: Duration = Duration::from_secs(3);

pub struct Runner<'a, A: NodeApi> {
    pub(super) api: &'a A,
    audit: Recorder<'a>,
    report: &'a (dyn Fn(Event) + Send + Sync),
    pub(super) abort: watch::Receiver<bool>,
    pub(super) per_request: Duration,
    /// The bound the caller set, for the texts (`timed out after 5s`).
    timeout: Duration,
}

impl<'a, A: NodeApi> Runner<'a, A> {
    pub fn new(
        api: &'a A,
        audit: &'a AuditLog,
        report: &'a (dyn Fn(Event) + Send + Sync),
        abort: watch::Receiver<bool>,
        per_request: Duration,
        timeout: Duration,
    ) -> Self {
        Self {
            api,
            audit: Recorder::new(audit),
            report,
            abort,
            per_request,
            timeout,
        }
    }

    pub(super) fn report(&self, e: Event) {
        (self.report)(e);
    }

    /// Appends to the audit log; a failure is reported once.
    pub(super) fn record(&self, entry: &Entry) {
        if let Some(e) = self.audit.write(entry) {
            self.report(Event::AuditFailed(e));
        }
    }

    pub(super) fn entry(&self, action: &str, target: &str, outcome: impl Into<String>) -> Entry {
        self.audit.log().entry(action, target, outcome)
    }

    pub(super) fn stop_text(&self, stop: Stop) -> String {
        match stop {
            Stop::TimedOut => format!("timed out after {}", human(self.timeout)),
            Stop::Aborted => "aborted".into(),
        }
    }

    /// Cordons (`on`) or uncordons each node in turn, until the deadline or
    /// an abort; nodes not reached are reported, not touched.
    pub async fn set_unschedulable(&self, nodes: &[String], on: bool, deadline: Instant) -> Vec<NodeResult> {
        let verb = if on { "cordon" } else { "uncordon" };
        let mut out = Vec::new();
        let mut stopped = None;
        for n in nodes {
            let r = match stopped {
                Some(stop) => NodeResult {
                    node: n.clone(),
                    ok: false,
                    text: format!("not {verb}ed: {}", self.stop_text(stop)),
                },
                None => {
                    let c = self.cordon_one(n, on, deadline).await;
                    self.record(&self.entry(verb, &format!("node/{n}"), &c.audit));
                    stopped = c.stop;
                    NodeResult {
                        node: n.clone(),
                        ok: c.ok,
                        text: c.text,
                    }
                }
            };
            self.report(Event::Done(r.clone()));
            out.push(r);
        }
        out
    }

    /// Cordons (or uncordons) one node: reads it first (`already cordoned`
    /// changes nothing), then patches it, each request retried where safe.
    async fn cordon_one(&self, node: &str, on: bool, deadline: Instant) -> Cordon {
        let verb = if on { "cordon" } else { "uncordon" };
        let budget = Budget {
            per_request: self.per_request,
            deadline,
        };
        let api = self.api;
        let read = bounded(
            retry::retry(budget, || api.is_unschedulable(node)),
            deadline,
            &self.abort,
        )
        .await;
        let already = match read {
            Ok(Ok(v)) => v,
            Ok(Err(f)) => {
                return Cordon::failed(
                    format!("{verb} failed, nothing changed: {}", failure_text(&f)),
                    None,
                );
            }
            Err(stop) => {
                let why = format!("not {verb}ed: {}", self.stop_text(stop));
                return Cordon::failed(why, Some(stop));
            }
        };
        if already == on {
            return Cordon {
                ok: true,
                text: format!("already {verb}ed"),
                audit: format!("already {verb}ed"),
                stop: None,
            };
        }
        let write = bounded(
            retry::retry(budget, || api.set_unschedulable(node, on)),
            deadline,
            &self.abort,
        )
        .await;
        match write {
            Ok(Ok(())) => Cordon {
                ok: true,
                text: format!("{verb}ed"),
                audit: "ok".into(),
                stop: None,
            },
            Ok(Err(f @ Failure::Permanent(_))) => {
                Cordon::failed(format!("{verb} failed: {}", failure_text(&f)), None)
            }
            // Sent, but no answer came: it may or may not have been applied.
            Ok(Err(f)) => Cordon::failed(format!("{verb} not confirmed: {}", failure_text(&f)), None),
            Err(stop) => {
                let why = format!("{verb} not confirmed: {}", self.stop_text(stop));
                Cordon::failed(why, Some(stop))
            }
        }
    }

    /// Drains each plan's node in turn, until the deadline or an abort.
    pub async fn drain(&self, plans: &[Plan], settings: RunSettings, deadline: Instant) -> Vec<NodeResult> {
        let mut out = Vec::new();
        let mut stopped = None;
        for p in plans {
            let r = match stopped {
                Some(stop) => NodeResult {
                    node: p.node.clone(),
                    ok: false,
                    text: format!("not started ({}): nothing changed", self.stop_text(stop)),
                },
                None => {
                    let (r, stop) = self.drain_node(p, settings, deadline).await;
                    stopped = stop;
                    r
                }
            };
            self.report(Event::Done(r.clone()));
            out.push(r);
        }
        out
    }

    async fn drain_node(
        &self,
        plan: &Plan,
        settings: RunSettings,
        deadline: Instant,
    ) -> (NodeResult, Option<Stop>) {
        let target = format!("node/{}", plan.node);
        let mut start = self.entry("drain", &target, "started");
        start.options = Some(options_text(plan.opts, settings));
        self.record(&start);
        let result = |ok, text: String| NodeResult {
            node: plan.node.clone(),
            ok,
            text,
        };
        let c = self.cordon_one(&plan.node, true, deadline).await;
        self.record(&self.entry("cordon", &target, &c.audit));
        if !c.ok {
            let text = format!("{}; no pod was evicted", c.text);
            self.record(&self.entry("drain", &target, &text));
            return (result(false, text), c.stop);
        }
        self.report(Event::Note(format!("{target} {}", c.text)));
        let pods = Pods::new(&plan.evict);
        for p in &plan.evict {
            self.report(Event::Pod {
                pod: p.clone(),
                state: PodProgress::Pending,
            });
        }
        let end = bounded(
            evict::run(self, plan, settings, deadline, &pods),
            deadline,
            &self.abort,
        )
        .await;
        if end == Err(Stop::Aborted) {
            self.report(Event::Note(format!(
                "aborting the drain of {target}: no further evictions; reading back the pods left…"
            )));
        }
        let stop = end.err();
        let left = if stop.is_none() && pods.all_gone() {
            Ok(Vec::new())
        } else {
            self.read_back(&plan.node, &pods).await
        };
        if let Some(stop) = stop {
            evict::record_unfinished(self, &pods, &self.stop_text(stop));
        }
        let text = summary(plan, &pods, stop.map(|s| self.stop_text(s)), &left);
        let ok = stop.is_none() && pods.failed().is_empty() && left.as_ref().is_ok_and(Vec::is_empty);
        let mut last = self.entry("drain", &target, if ok { "drained".into() } else { text.clone() });
        last.pods_left = left
            .ok()
            .map(|l| l.iter().map(|(p, t)| left_name(p, *t)).collect());
        self.record(&last);
        (result(ok, text), stop)
    }

    /// The planned pods still on the node, read back from the API (with
    /// their own short bounds: the deadline may have passed).
    async fn read_back(&self, node: &str, pods: &Pods) -> Result<Vec<(PodRef, bool)>, String> {
        let budget = Budget::new(READBACK_PER_REQUEST, READBACK);
        let api = self.api;
        match retry::retry(budget, || api.pods_on(node)).await {
            Ok(list) => Ok(pods.still_there(&list)),
            Err(f) => Err(failure_text(&f)),
        }
    }
}

/// One cordon's result: for the user, for the audit log, and whether it stopped the run.
struct Cordon {
    ok: bool,
    text: String,
    audit: String,
    stop: Option<Stop>,
}

impl Cordon {
    fn failed(text: String, stop: Option<Stop>) -> Self {
        Self {
            ok: false,
            audit: text.clone(),
            text,
            stop,
        }
    }
}

/// The flags of the drain, as `kon drain` takes them.
pub fn options_text(o: DrainOptions, s: RunSettings) -> String {
    let mut out = Vec::new();
    if o.ignore_daemonsets {
        out.push("--ignore-daemonsets".to_string());
    }
    if o.delete_emptydir_data {
        out.push("--delete-emptydir-data".into());
    }
    if o.force {
        out.push("--force".into());
    }
    if let Some(g) = s.grace_period {
        out.push(format!("--grace-period {g}"));
    }
    out.push(format!("--timeout {}", human(s.timeout)));
    out.join(" ")
}

fn left_name(p: &PodRef, terminating: bool) -> String {
    if terminating {
        format!("{p} (terminating)")
    } else {
        p.to_string()
    }
}

/// How the drain of one node ended, truthfully: what was evicted, what
/// failed, and the pods still on the node as read back (or that they could
/// not be read).
fn summary(
    plan: &Plan,
    pods: &Pods,
    stop: Option<String>,
    left: &Result<Vec<(PodRef, bool)>, String>,
) -> String {
    let failed = pods.failed();
    if stop.is_none() && failed.is_empty() && left.as_ref().is_ok_and(Vec::is_empty) {
        return "drained".into();
    }
    let mut parts = Vec::new();
    if let Some(stop) = &stop {
        parts.push(stop.clone());
    }
    // Accepted by the Eviction API, or (when an answer was cut short) seen
    // terminating or gone in the read-back.
    let mut evicted = pods.evicted();
    if let Ok(l) = left {
        for p in &plan.evict {
            let seen = l.iter().find(|(q, _)| q == p);
            if seen.is_none_or(|(_, terminating)| *terminating) && !evicted.contains(p) {
                evicted.push(p.clone());
            }
        }
        evicted.sort();
    }
    let total = plan.evict.len();
    parts.push(match evicted.len() {
        0 => format!("evicted none of {total} pod(s)"),
        n => format!("evicted {n} of {total} pod(s): {}", names(&evicted)),
    });
    if !failed.is_empty() {
        let what: Vec<String> = failed.iter().map(|(p, why)| format!("{p}: {why}")).collect();
        parts.push(format!(
            "{} eviction(s) failed: {}",
            failed.len(),
            what.join("; ")
        ));
    }
    parts.push(match left {
        Ok(l) if l.is_empty() => "no drained pod is left on the node".into(),
        Ok(l) => {
            let l: Vec<String> = l.iter().map(|(p, t)| left_name(p, *t)).collect();
            format!("{} pod(s) still on the node: {}", l.len(), l.join(", "))
        }
        Err(why) => format!("the pods still on the node could not be read: {why}"),
    });
    parts.push(format!("node/{} stays cordoned", plan.node));
    parts.join("; ")
}

#[cfg(test)]
#[path = "runner_fake.rs"]
pub(crate) mod fake;
#[cfg(test)]
#[path = "runner_tests.rs"]
mod tests;
