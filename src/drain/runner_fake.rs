//! A scripted API for the runner's tests: nodes, pods that terminate in
//! virtual time, injected errors per request kind, PodDisruptionBudget
//! refusals, and a server that stops answering after N requests.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use kube::core::Status;
use kube::core::response::{StatusCause, StatusDetails};
use tokio::time::Instant;

use crate::drain::api::{NodeApi, PodOnNode};
use crate::drain::plan::{DrainOptions, Plan, PodRef};

/// A plan to drain node `n1` of `pods` (namespace `ns`), DaemonSets ignored.
pub fn plan(pods: &[&str]) -> Plan {
    Plan {
        node: "n1".into(),
        opts: DrainOptions {
            ignore_daemonsets: true,
            delete_emptydir_data: false,
            force: false,
        },
        already_cordoned: false,
        evict: pods.iter().map(|p| PodRef::new("ns", p)).collect(),
        skipped: vec![],
        refused: vec![],
        blockers: vec![],
        warnings: vec![],
    }
}

pub fn api_err(code: u16, reason: &str, retry_after: u32) -> kube::Error {
    let mut s = Status::failure("boom", reason).with_code(code);
    s.details = Some(details(retry_after, Vec::new()));
    kube::Error::Api(s.boxed())
}

pub fn details(retry_after_seconds: u32, causes: Vec<StatusCause>) -> StatusDetails {
    StatusDetails {
        name: String::new(),
        group: String::new(),
        kind: String::new(),
        uid: String::new(),
        causes,
        retry_after_seconds,
    }
}

pub fn pdb_refusal() -> kube::Error {
    let mut s = Status::failure(
        "Cannot evict pod as it would violate the pod's disruption budget.",
        "TooManyRequests",
    )
    .with_code(429);
    s.details = Some(details(
        0,
        vec![StatusCause {
            reason: "DisruptionBudget".into(),
            message: "The disruption budget web needs 2 healthy pods and has 2 currently".into(),
            field: String::new(),
        }],
    ));
    kube::Error::Api(s.boxed())
}

#[derive(Default)]
pub struct World {
    pub cordoned: BTreeMap<String, bool>,
    /// node, pod, uid, evicted at
    pub pods: Vec<(String, PodRef, String, Option<Instant>)>,
    /// Errors to answer, per request kind (`get`, `patch`, `list`, `evict`), first first.
    pub faults: BTreeMap<&'static str, VecDeque<(u16, &'static str, u32)>>,
    /// Evictions a PDB refuses.
    pub protected: BTreeSet<PodRef>,
    /// From this many requests on, nothing answers.
    pub hang_after: Option<usize>,
    pub requests: usize,
    pub patches: usize,
    pub evictions: Vec<PodRef>,
}

pub struct Fake {
    pub w: Mutex<World>,
    /// How long an evicted pod terminates.
    pub terminating: Duration,
}

impl Fake {
    pub fn new(pods: &[&str]) -> Self {
        let mut w = World::default();
        w.cordoned.insert("n1".into(), false);
        for (i, p) in pods.iter().enumerate() {
            w.pods
                .push(("n1".into(), PodRef::new("ns", p), format!("uid-{i}"), None));
        }
        Self {
            w: Mutex::new(w),
            terminating: Duration::from_secs(2),
        }
    }

    pub fn fault(&self, kind: &'static str, n: usize, code: u16, reason: &'static str, retry_after: u32) {
        let mut w = self.w.lock().unwrap();
        let q = w.faults.entry(kind).or_default();
        for _ in 0..n {
            q.push_back((code, reason, retry_after));
        }
    }

    pub fn hang_after(&self, n: usize) {
        self.w.lock().unwrap().hang_after = Some(n);
    }

    /// Counts the request; `Err` when scripted to fail, and never returns when hung.
    async fn enter(&self, kind: &'static str) -> kube::Result<()> {
        let hung = {
            let mut w = self.w.lock().unwrap();
            w.requests += 1;
            w.hang_after.is_some_and(|n| w.requests > n)
        };
        if hung {
            std::future::pending::<()>().await;
        }
        let mut w = self.w.lock().unwrap();
        match w.faults.get_mut(kind).and_then(VecDeque::pop_front) {
            Some((code, reason, ra)) => Err(api_err(code, reason, ra)),
            None => Ok(()),
        }
    }
}

impl NodeApi for Fake {
    async fn is_unschedulable(&self, node: &str) -> kube::Result<bool> {
        self.enter("get").await?;
        Ok(self
            .w
            .lock()
            .unwrap()
            .cordoned
            .get(node)
            .copied()
            .unwrap_or(false))
    }

    async fn set_unschedulable(&self, node: &str, on: bool) -> kube::Result<()> {
        self.enter("patch").await?;
        let mut w = self.w.lock().unwrap();
        w.patches += 1;
        w.cordoned.insert(node.into(), on);
        Ok(())
    }

    async fn pods_on(&self, node: &str) -> kube::Result<Vec<PodOnNode>> {
        self.enter("list").await?;
        let now = Instant::now();
        let mut w = self.w.lock().unwrap();
        let t = self.terminating;
        w.pods.retain(|(_, _, _, at)| at.is_none_or(|at| now < at + t));
        Ok(w.pods
            .iter()
            .filter(|(n, ..)| n == node)
            .map(|(_, p, uid, at)| PodOnNode {
                pod: p.clone(),
                uid: Some(uid.clone()),
                terminating: at.is_some(),
            })
            .collect())
    }

    async fn evict(&self, pod: &PodRef, _grace: Option<i64>) -> kube::Result<()> {
        self.enter("evict").await?;
        let mut w = self.w.lock().unwrap();
        if w.protected.contains(pod) {
            return Err(pdb_refusal());
        }
        let now = Instant::now();
        match w.pods.iter_mut().find(|(_, p, ..)| p == pod) {
            Some(entry) => {
                entry.3.get_or_insert(now);
                w.evictions.push(pod.clone());
                Ok(())
            }
            None => Err(api_err(404, "NotFound", 0)),
        }
    }
}
