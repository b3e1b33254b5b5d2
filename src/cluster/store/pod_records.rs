//! What the store keeps of a pod's status for triage (kubectl's STATUS,
//! READY and RESTARTS, the last termination, why it is Pending or stuck
//! Terminating) and of a node's conditions and taints. Sized for 150000
//! pods: reasons and names interned, rare messages boxed, a pod with
//! nothing unusual carries no `PodRare`.

use std::sync::Arc;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

use super::intern::Interner;
use crate::cluster::slim::node::SlimNode;
use crate::cluster::slim::pod::{self, SlimPod};

fn unix(t: Option<&Time>) -> Option<i64> {
    t.map(|t| t.0.as_second())
}

/// A container that ended: why, how, when.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terminated {
    /// `OOMKilled`, `Error`, `Completed`… (as the runtime wrote it).
    pub reason: Option<Arc<str>>,
    pub exit_code: i32,
    pub signal: i32,
    pub message: Option<Box<str>>,
    pub started: Option<i64>,
    pub finished: Option<i64>,
}

impl Terminated {
    fn from_slim(t: &pod::StateTerminated, i: &mut Interner) -> Self {
        Self {
            reason: t.reason.as_deref().filter(|r| !r.is_empty()).map(|r| i.get(r)),
            exit_code: t.exit_code,
            signal: t.signal,
            message: t.message.as_deref().filter(|m| !m.is_empty()).map(Box::from),
            started: unix(t.started_at.as_ref()),
            finished: unix(t.finished_at.as_ref()),
        }
    }
}

/// A container waiting to run: `CrashLoopBackOff`, `ImagePullBackOff`…
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Waiting {
    pub reason: Option<Arc<str>>,
    pub message: Option<Box<str>>,
}

/// A container's current state (kubelet's `state`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ContainerState {
    /// No state reported yet.
    #[default]
    Unknown,
    Waiting(Box<Waiting>),
    Running {
        started: Option<i64>,
    },
    Terminated(Box<Terminated>),
}

impl ContainerState {
    fn from_slim(s: &pod::ContainerState, i: &mut Interner) -> Self {
        if let Some(t) = &s.terminated {
            return Self::Terminated(Box::new(Terminated::from_slim(t, i)));
        }
        if let Some(w) = &s.waiting {
            return Self::Waiting(Box::new(Waiting {
                reason: w.reason.as_deref().filter(|r| !r.is_empty()).map(|r| i.get(r)),
                message: w.message.as_deref().filter(|m| !m.is_empty()).map(Box::from),
            }));
        }
        match &s.running {
            Some(r) => Self::Running {
                started: unix(r.started_at.as_ref()),
            },
            None => Self::Unknown,
        }
    }

    /// The waiting reason, if waiting with one.
    pub fn waiting_reason(&self) -> Option<&str> {
        match self {
            Self::Waiting(w) => w.reason.as_deref(),
            _ => None,
        }
    }
}

/// One container's status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerStatusRecord {
    pub name: Arc<str>,
    pub restarts: u32,
    pub ready: bool,
    pub started: Option<bool>,
    /// An init container that keeps running (`restartPolicy: Always`, a sidecar).
    pub restartable: bool,
    pub state: ContainerState,
    /// `lastState.terminated`: the run before the current one.
    pub last_terminated: Option<Box<Terminated>>,
}

impl ContainerStatusRecord {
    fn from_slim(c: &pod::ContainerStatus, restartable: bool, i: &mut Interner) -> Self {
        Self {
            name: i.get(&c.name),
            restarts: u32::try_from(c.restart_count).unwrap_or(0),
            ready: c.ready,
            started: c.started,
            restartable,
            state: ContainerState::from_slim(&c.state, i),
            last_terminated: c
                .last_state
                .terminated
                .as_ref()
                .map(|t| Box::new(Terminated::from_slim(t, i))),
        }
    }
}

/// What few pods have: a status reason or message, a scheduling failure,
/// a deletion in progress, ephemeral containers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodRare {
    /// `status.reason`: `Evicted`, `NodeLost`, `UnexpectedAdmissionError`…
    pub reason: Option<Arc<str>>,
    pub message: Option<Box<str>>,
    /// The `PodScheduled` condition's reason when it is not True
    /// (`Unschedulable`, `SchedulingGated`).
    pub scheduling_reason: Option<Arc<str>>,
    /// Its message: `0/15 nodes are available: 3 Insufficient cpu…`.
    pub scheduling_message: Option<Box<str>>,
    /// `metadata.deletionTimestamp` (the time the grace period ends).
    pub deletion: Option<i64>,
    pub deletion_grace: Option<i64>,
    pub termination_grace: Option<i64>,
    pub ephemeral: Box<[ContainerStatusRecord]>,
}

/// A pod's status as triage reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PodStatusRecord {
    pub created: Option<i64>,
    pub containers: Box<[ContainerStatusRecord]>,
    pub init: Box<[ContainerStatusRecord]>,
    /// `spec.containers` and `spec.initContainers` counts (statuses may lag).
    pub spec_containers: u16,
    pub spec_init: u16,
    /// Restartable init containers (sidecars): counted in READY's total.
    pub sidecars: u16,
    /// The `Initialized` condition is True.
    pub initialized: bool,
    pub rare: Option<Box<PodRare>>,
}

impl PodStatusRecord {
    pub fn from_slim(p: &SlimPod, i: &mut Interner) -> Self {
        let restartable = |name: &str| {
            p.spec
                .init_containers
                .iter()
                .any(|c| c.name == name && c.restart_policy.as_deref() == Some("Always"))
        };
        let containers = p
            .status
            .container_statuses
            .iter()
            .map(|c| ContainerStatusRecord::from_slim(c, false, i))
            .collect();
        let init = p
            .status
            .init_container_statuses
            .iter()
            .map(|c| ContainerStatusRecord::from_slim(c, restartable(&c.name), i))
            .collect();
        let count = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        let cond = |t: &str| p.status.conditions.iter().find(|c| c.type_ == t);
        let scheduled = cond("PodScheduled").filter(|c| c.status != "True");
        let rare = PodRare {
            reason: p
                .status
                .reason
                .as_deref()
                .filter(|r| !r.is_empty())
                .map(|r| i.get(r)),
            message: p
                .status
                .message
                .as_deref()
                .filter(|m| !m.is_empty())
                .map(Box::from),
            scheduling_reason: scheduled.and_then(|c| c.reason.as_deref()).map(|r| i.get(r)),
            scheduling_message: scheduled.and_then(|c| c.message.as_deref()).map(Box::from),
            deletion: unix(p.metadata.deletion_timestamp.as_ref()),
            deletion_grace: p.metadata.deletion_grace_period_seconds,
            termination_grace: p
                .metadata
                .deletion_timestamp
                .as_ref()
                .and(p.spec.termination_grace_period_seconds),
            ephemeral: p
                .status
                .ephemeral_container_statuses
                .iter()
                .map(|c| ContainerStatusRecord::from_slim(c, false, i))
                .collect(),
        };
        Self {
            created: unix(p.metadata.creation_timestamp.as_ref()),
            containers,
            init,
            spec_containers: count(p.spec.containers.len()),
            spec_init: count(p.spec.init_containers.len()),
            sidecars: count(
                p.spec
                    .init_containers
                    .iter()
                    .filter(|c| c.restart_policy.as_deref() == Some("Always"))
                    .count(),
            ),
            initialized: cond("Initialized").is_some_and(|c| c.status == "True"),
            rare: (rare != PodRare::default()).then(|| Box::new(rare)),
        }
    }

    /// The pod's rare part, or an empty one.
    pub fn rare(&self) -> &PodRare {
        static NONE: std::sync::OnceLock<PodRare> = std::sync::OnceLock::new();
        self.rare
            .as_deref()
            .unwrap_or_else(|| NONE.get_or_init(PodRare::default))
    }
}

/// A node condition, as `kubectl describe node` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeConditionRecord {
    pub type_: Arc<str>,
    pub status: Arc<str>,
    pub reason: Option<Arc<str>>,
    /// Interned: the same few messages repeat on every node.
    pub message: Option<Arc<str>>,
    pub heartbeat: Option<i64>,
}

/// A node taint: key, value, effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaintRecord {
    pub key: Arc<str>,
    pub value: Option<Arc<str>>,
    pub effect: Arc<str>,
}

impl TaintRecord {
    /// As kubectl prints it: `key=value:Effect`, `key:Effect`.
    pub fn text(&self) -> String {
        match &self.value {
            Some(v) => format!("{}={v}:{}", self.key, self.effect),
            None => format!("{}:{}", self.key, self.effect),
        }
    }
}

/// A node's conditions and taints, for the details of a NotReady node.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeDetails {
    pub conditions: Box<[NodeConditionRecord]>,
    pub taints: Box<[TaintRecord]>,
}

impl NodeDetails {
    pub fn from_slim(n: &SlimNode, i: &mut Interner) -> Self {
        let conditions = n
            .status
            .conditions
            .iter()
            .map(|c| NodeConditionRecord {
                type_: i.get(&c.type_),
                status: i.get(&c.status),
                reason: c.reason.as_deref().filter(|r| !r.is_empty()).map(|r| i.get(r)),
                message: c.message.as_deref().filter(|m| !m.is_empty()).map(|m| i.get(m)),
                heartbeat: unix(c.last_heartbeat_time.as_ref()),
            })
            .collect();
        let taints = n
            .spec
            .taints
            .iter()
            .map(|t| TaintRecord {
                key: i.get(&t.key),
                value: t.value.as_deref().filter(|v| !v.is_empty()).map(|v| i.get(v)),
                effect: i.get(&t.effect),
            })
            .collect();
        Self { conditions, taints }
    }

    /// The condition of `type_`, if reported.
    pub fn condition(&self, type_: &str) -> Option<&NodeConditionRecord> {
        self.conditions.iter().find(|c| &*c.type_ == type_)
    }
}

#[cfg(test)]
#[path = "pod_records_tests.rs"]
mod tests;
