//! Problem pods: one row per pod with what an on-call engineer reads in an
//! incident (kubectl's STATUS, READY and RESTARTS, the last termination,
//! the owning workload), ranked in tiers, problems first. Pure: computed
//! from the store off the render path; sorting and filtering of the table
//! live in `app::pods_table`.

use std::collections::HashMap;
use std::sync::Arc;

use super::pods_status::{self, human_duration};
use crate::cluster::store::pod_records::{ContainerState, Terminated};
use crate::cluster::store::records::{PodPhase, PodRecord};
use crate::cluster::store::{Store, SyncState};

/// How long ago a restart still counts as recent (tier 3).
pub const RECENT_RESTART_SECS: i64 = 3600;

/// How bad a pod is, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Not running: Pending, Failed, Unknown, Evicted, Terminating past its grace period.
    NotRunning = 1,
    /// A container waiting or not ready: CrashLoopBackOff, ImagePullBackOff,
    /// init containers stuck, readiness failing.
    Containers = 2,
    /// Restarted in the last hour.
    Restarted = 3,
    Healthy = 4,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::NotRunning, Tier::Containers, Tier::Restarted, Tier::Healthy];

    /// Short words for the tile and the detail line.
    pub fn label(self) -> &'static str {
        match self {
            Tier::NotRunning => "not running",
            Tier::Containers => "containers failing",
            Tier::Restarted => "restarted <1h",
            Tier::Healthy => "healthy",
        }
    }
}

/// A container's last termination: `OOMKilled 137`, `Error 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastTermination {
    pub reason: Option<Arc<str>>,
    pub exit_code: i32,
    pub signal: i32,
    pub finished: Option<i64>,
}

impl LastTermination {
    fn from(t: &Terminated) -> Self {
        Self {
            reason: t.reason.clone(),
            exit_code: t.exit_code,
            signal: t.signal,
            finished: t.finished,
        }
    }

    /// As the table prints it: the reason and the exit code.
    pub fn text(&self) -> String {
        match (&self.reason, self.signal) {
            (Some(r), _) => format!("{r} {}", self.exit_code),
            (None, 0) => format!("ExitCode {}", self.exit_code),
            (None, s) => format!("Signal {s}"),
        }
    }

    pub fn oom_killed(&self) -> bool {
        self.reason.as_deref() == Some("OOMKilled")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRow {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub tier: Tier,
    /// STATUS as kubectl prints it.
    pub status: Arc<str>,
    /// READY: ready containers, total.
    pub ready: (u16, u16),
    pub restarts: u32,
    pub last_restart: Option<i64>,
    /// Boxed: most pods have none, and there are 150000 rows at scale.
    pub last_termination: Option<Box<LastTermination>>,
    pub node: Option<Arc<str>>,
    pub created: Option<i64>,
    /// The workload that owns it: (`Deployment`, `ledger`), not the ReplicaSet.
    pub owner: Option<(Arc<str>, Arc<str>)>,
    /// Why it is in its tier, for the detail line (empty for healthy pods):
    /// the scheduler's message, a container's waiting message…
    pub why: Box<[Box<str>]>,
}

impl PodRow {
    /// RESTARTS as kubectl prints it: `17 (3m ago)`.
    pub fn restarts_text(&self, now: i64) -> String {
        pods_status::restarts_text(self.restarts, self.last_restart, now)
    }

    /// The owner as `Deployment/ledger`.
    pub fn owner_text(&self) -> Option<String> {
        self.owner.as_ref().map(|(k, n)| format!("{k}/{n}"))
    }

    /// The text the `/` filter matches against.
    pub fn haystack(&self) -> String {
        let mut s = String::new();
        self.write_haystack(&mut s);
        s
    }

    /// [`Self::haystack`] written into `s` (cleared first), so that one
    /// buffer serves every row of a filter pass.
    pub fn write_haystack(&self, s: &mut String) {
        s.clear();
        for part in self.haystack_parts().into_iter().flatten() {
            s.push_str(part);
        }
        if let Some(t) = &self.last_termination {
            s.push(' ');
            s.push_str(&t.text());
        }
    }

    /// The filter text's parts in order, but its last termination (a
    /// text made on demand): namespace/name, status, node, owner kind/name.
    pub fn haystack_parts(&self) -> [Option<&str>; 11] {
        let owner = self.owner.as_ref();
        [
            Some(&*self.namespace),
            Some("/"),
            Some(&*self.name),
            Some(" "),
            Some(&*self.status),
            self.node.as_ref().map(|_| " "),
            self.node.as_deref(),
            owner.map(|_| " "),
            owner.map(|(k, _)| &**k),
            owner.map(|_| "/"),
            owner.map(|(_, n)| &**n),
        ]
    }

    /// The order of the status column (and of the tile): tier, then the
    /// most restarts, the latest restart, then by name.
    pub fn worst_first(a: &PodRow, b: &PodRow) -> std::cmp::Ordering {
        a.tier
            .cmp(&b.tier)
            .then(b.restarts.cmp(&a.restarts))
            .then(b.last_restart.cmp(&a.last_restart))
            .then_with(|| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)))
    }
}

/// Container waiting reasons that mean the container cannot start; the
/// others (`ContainerCreating`, `PodInitializing`) are a pod on its way.
fn starting(reason: &str) -> bool {
    matches!(reason, "ContainerCreating" | "PodInitializing")
}

/// The tier of a pod and why (the lines of its detail).
pub fn tier(p: &PodRecord, status: &str, now: i64) -> (Tier, Vec<Box<str>>) {
    let s = &p.status;
    let rare = s.rare();
    let mut why: Vec<Box<str>> = Vec::new();
    if let Some(m) = &rare.scheduling_message {
        why.push(
            format!(
                "{}: {m}",
                rare.scheduling_reason.as_deref().unwrap_or("PodScheduled")
            )
            .into(),
        );
    }
    if let Some(m) = &rare.message {
        why.push(format!("{}: {m}", rare.reason.as_deref().unwrap_or(status)).into());
    }
    let all = s.init.iter().chain(s.containers.iter());
    let mut waiting_problem = false;
    for c in all.clone() {
        if let ContainerState::Waiting(w) = &c.state
            && let Some(r) = w.reason.as_deref().filter(|r| !starting(r))
        {
            waiting_problem = true;
            match &w.message {
                Some(m) => why.push(format!("{}: {r}: {m}", c.name).into()),
                None => why.push(format!("{}: {r}", c.name).into()),
            }
        }
    }
    let overdue = p.terminating && rare.deletion.is_some_and(|d| now > d);
    if overdue {
        let past = rare.deletion.map_or(0, |d| now - d);
        let grace = rare.deletion_grace.or(rare.termination_grace).unwrap_or(30);
        why.push(
            format!(
                "Terminating {} past its {grace}s grace period",
                human_duration(past)
            )
            .into(),
        );
    }
    let init_stuck = status.starts_with("Init:");
    let t = if overdue
        || matches!(p.phase, PodPhase::Failed | PodPhase::Unknown)
        || status == "Unknown"
        || (p.phase == PodPhase::Pending && !waiting_problem && !init_stuck)
    {
        Tier::NotRunning
    } else if p.phase == PodPhase::Succeeded {
        Tier::Healthy
    } else if waiting_problem
        || init_stuck
        || (p.phase == PodPhase::Running && !p.terminating && !p.ready)
        || s.containers.iter().any(|c| !c.ready)
    {
        if why.is_empty() {
            let names: Vec<&str> = s
                .containers
                .iter()
                .filter(|c| !c.ready)
                .map(|c| &*c.name)
                .collect();
            if !names.is_empty() {
                why.push(format!("not ready: {}", names.join(", ")).into());
            }
        }
        Tier::Containers
    } else {
        let recent = all.filter_map(|c| c.last_terminated.as_ref()?.finished).max();
        if recent.is_some_and(|t| now - t <= RECENT_RESTART_SECS) {
            Tier::Restarted
        } else {
            Tier::Healthy
        }
    };
    if t == Tier::Healthy {
        why.clear();
    }
    (t, why)
}

/// The latest termination of any container: the previous run's
/// (`lastState.terminated`), else a container that ended with an error.
pub fn last_termination(p: &PodRecord) -> Option<LastTermination> {
    let s = &p.status;
    let all = || s.init.iter().chain(s.containers.iter());
    all()
        .filter_map(|c| c.last_terminated.as_deref())
        .max_by_key(|t| t.finished)
        .or_else(|| {
            all()
                .filter_map(|c| match &c.state {
                    ContainerState::Terminated(t) if t.exit_code != 0 => Some(&**t),
                    _ => None,
                })
                .max_by_key(|t| t.finished)
        })
        .map(LastTermination::from)
}

/// The workload that owns pods: ReplicaSets resolved to their Deployment,
/// Jobs to their CronJob.
pub struct Owners<'a> {
    rs: HashMap<(&'a str, &'a str), Option<&'a Arc<str>>>,
    jobs: HashMap<(&'a str, &'a str), &'a Arc<str>>,
    /// Looked up in the store's tables instead of `rs` and `jobs` (left
    /// empty): for the few pods of an update, not worth maps of every
    /// ReplicaSet and Job.
    direct: Option<&'a Store>,
    replicasets_read: bool,
    /// The kinds named, one allocation each for every pod.
    deployment: Arc<str>,
    cronjob: Arc<str>,
}

impl<'a> Owners<'a> {
    pub fn new(store: &'a Store) -> Self {
        let rs = store
            .replicasets
            .items
            .iter()
            .map(|((ns, name), r)| ((&**ns, &**name), r.deployment.as_ref()))
            .collect();
        let jobs = store
            .jobs
            .items
            .values()
            .filter_map(|j| Some(((&*j.namespace, &*j.name), j.cronjob.as_ref()?)))
            .collect();
        Self {
            rs,
            jobs,
            direct: None,
            replicasets_read: store.replicasets.state == SyncState::Synced,
            deployment: Arc::from("Deployment"),
            cronjob: Arc::from("CronJob"),
        }
    }

    /// The same, looking each owner up in the store's tables.
    pub fn direct(store: &'a Store) -> Self {
        Self {
            rs: HashMap::new(),
            jobs: HashMap::new(),
            direct: Some(store),
            replicasets_read: store.replicasets.state == SyncState::Synced,
            deployment: Arc::from("Deployment"),
            cronjob: Arc::from("CronJob"),
        }
    }

    /// The Deployment of ReplicaSet `ns/name`: `None` when the ReplicaSet
    /// is not known, `Some(None)` when it has none.
    fn replicaset(&self, ns: &Arc<str>, name: &str) -> Option<Option<&'a Arc<str>>> {
        match self.direct {
            Some(s) => {
                (s.replicasets.items.get(&(ns.clone(), Box::from(name)))).map(|r| r.deployment.as_ref())
            }
            None => self.rs.get(&(&**ns, name)).copied(),
        }
    }

    /// The CronJob of Job `ns/name`, if it has one.
    fn cronjob_of(&self, ns: &Arc<str>, name: &str) -> Option<&'a Arc<str>> {
        match self.direct {
            Some(s) => (s.jobs.items.get(&(ns.clone(), Box::from(name)))).and_then(|j| j.cronjob.as_ref()),
            None => self.jobs.get(&(&**ns, name)).copied(),
        }
    }

    pub fn of(&self, p: &PodRecord) -> Option<(Arc<str>, Arc<str>)> {
        let (kind, name) = p.owner.as_ref()?;
        let ns = &p.namespace;
        let found = match &**kind {
            "ReplicaSet" => match self.replicaset(ns, name) {
                Some(Some(d)) => Some((&self.deployment, d.clone())),
                Some(None) => None,
                None => {
                    // Not read (yet): the Deployment by the ReplicaSet's name.
                    let hash = p.labels.iter().find(|(k, _)| &**k == "pod-template-hash");
                    let d = super::zones::deployment_of(name, hash.map(|(_, v)| &**v));
                    d.filter(|_| !self.replicasets_read)
                        .map(|d| (&self.deployment, Arc::from(d)))
                }
            },
            "Job" => self.cronjob_of(ns, name).map(|c| (&self.cronjob, c.clone())),
            _ => None,
        };
        Some(match found {
            Some((k, n)) => (k.clone(), n),
            None => (kind.clone(), name.clone()),
        })
    }
}

/// The pods table's model: every pod in scope, worst first, and the count
/// per tier. Holds no age: the same pods give the same model whatever the
/// time until [`changes_at`] (restart ages are drawn from the time of the
/// frame), so a model computed again to the same value is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodsModel {
    /// Shared: a model brought up to date keeps the rows of the pods that
    /// did not change (`pods_update`), so two generations share them.
    pub rows: Vec<Arc<PodRow>>,
    /// Pods per tier, in `Tier::ALL` order.
    pub counts: [usize; 4],
}

impl PodsModel {
    /// The model of `rows` (worst first), with its counts.
    pub fn counted(rows: Vec<Arc<PodRow>>) -> Self {
        let mut counts = [0; 4];
        for r in &rows {
            counts[r.tier as usize - 1] += 1;
        }
        Self { rows, counts }
    }

    pub fn count(&self, t: Tier) -> usize {
        self.counts[t as usize - 1]
    }

    /// The worst `n` pods with a problem (tiers 1 to 3).
    /// The `n` worst problem pods, in table order, with the worst of each
    /// problem tier among them (so that three Pending pods never hide a
    /// crash loop), then the next worst.
    pub fn worst(&self, n: usize) -> impl Iterator<Item = &PodRow> {
        let problems = self.rows.iter().take_while(|r| r.tier != Tier::Healthy).count();
        let firsts = (0..problems).filter(|&i| i == 0 || self.rows[i].tier != self.rows[i - 1].tier);
        let mut picked: Vec<usize> = firsts.take(n).collect();
        for i in 0..problems {
            if picked.len() >= n {
                break;
            }
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        picked.sort_unstable();
        picked.into_iter().map(move |i| &*self.rows[i])
    }
}

/// One pod's row.
pub fn row(p: &PodRecord, owners: &Owners, statuses: &mut HashMap<String, Arc<str>>, now: i64) -> PodRow {
    let printed = pods_status::print(p);
    let (tier, why) = tier(p, &printed.status, now);
    let status = match statuses.get(&*printed.status) {
        Some(s) => s.clone(),
        None => {
            let s: Arc<str> = Arc::from(&*printed.status);
            statuses.insert(printed.status.into_owned(), s.clone());
            s
        }
    };
    PodRow {
        namespace: p.namespace.clone(),
        name: p.name.clone(),
        tier,
        status,
        ready: printed.ready,
        restarts: printed.restarts,
        last_restart: printed.last_restart,
        last_termination: last_termination(p).map(Box::new),
        node: p.node.clone(),
        created: p.status.created,
        owner: owners.of(p),
        why: why.into_boxed_slice(),
    }
}

/// Every pod in `scope` (`None`: all namespaces), worst first.
pub fn model(store: &Store, scope: Option<&str>, now: i64) -> PodsModel {
    model_until(store, scope, now).0
}

/// [`model`], and the first time after `now` at which it differs by time
/// alone (the soonest of its pods' [`changes_at`]; `None`: never).
pub fn model_until(store: &Store, scope: Option<&str>, now: i64) -> (PodsModel, Option<i64>) {
    let (m, basis) = super::pods_update::build(store, scope, now);
    (m, basis.until())
}

/// The first time after `now` at which the row of `p` may differ by time
/// alone (`None`: never): a Terminating pod's grace period ending, then
/// each step of the "Terminating 5m past its grace period" text; a
/// restart leaving the last hour. Never later than the real change (it
/// may be earlier: a restart that does not decide the tier).
pub fn changes_at(p: &PodRecord, now: i64) -> Option<i64> {
    let s = &p.status;
    let rare = s.rare();
    let deletion = rare
        .deletion
        .filter(|_| p.terminating)
        .map(|d| if now <= d { d + 1 } else { now + text_step(now - d) });
    let restart = s
        .init
        .iter()
        .chain(s.containers.iter())
        .filter_map(|c| c.last_terminated.as_ref()?.finished)
        .filter(|t| now - t <= RECENT_RESTART_SECS)
        .map(|t| t + RECENT_RESTART_SECS + 1)
        .min();
    match (deletion, restart) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Seconds until [`human_duration`] of `secs` may print otherwise: it
/// prints seconds below 10 minutes, minutes below 8 hours, hours below 8
/// days, days after.
fn text_step(secs: i64) -> i64 {
    let unit = match secs {
        ..600 => 1,
        600..28_800 => 60,
        28_800..691_200 => 3600,
        _ => 86_400,
    };
    unit - secs.rem_euclid(unit)
}

#[cfg(test)]
#[path = "pods_status_tests.rs"]
mod status_tests;
#[cfg(test)]
#[path = "pods_tests.rs"]
mod tests;
