//! Views of the workload controllers: Deployments, StatefulSets and
//! DaemonSets (with what their rollout status is read from), the
//! ReplicaSets that tie Pods to their Deployment, and the
//! HorizontalPodAutoscalers that scale them.

use std::sync::Arc;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::intern::Interner;
use super::records::selector;
use crate::cluster::slim::apps::{
    SlimDaemonSet, SlimDeployment, SlimReplicaSet, SlimStatefulSet, WorkloadCondition, WorkloadSpec,
    WorkloadStatus,
};
use crate::cluster::slim::autoscaling::SlimHpa;
use crate::cluster::slim::meta::REVISION_ANNOTATION;

/// A Deployment, StatefulSet or DaemonSet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadRecord {
    pub kind: Arc<str>,
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// Desired replicas (DaemonSets: desired number scheduled).
    pub replicas: i32,
    pub ready: i32,
    pub selector: Box<[(Arc<str>, Arc<str>)]>,
    /// The selector also has `matchExpressions` (not evaluated by kon).
    pub selector_expressions: bool,
    /// What `kubectl rollout status` reads.
    pub rollout: RolloutRecord,
}

/// The fields of a workload that `kubectl rollout status` reads, with the
/// Deployment's conditions and revision. DaemonSets map theirs here:
/// `currentNumberScheduled` → `current`, `updatedNumberScheduled` →
/// `updated`, `numberAvailable` → `available`, `numberUnavailable` →
/// `unavailable`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RolloutRecord {
    /// `metadata.generation`, `status.observedGeneration` (0 when unset).
    pub generation: i64,
    pub observed_generation: i64,
    /// `status.replicas`: pods of every revision.
    pub current: i32,
    pub updated: i32,
    pub available: i32,
    pub unavailable: i32,
    /// Deployments: `spec.paused`.
    pub paused: bool,
    /// StatefulSets, DaemonSets: `spec.updateStrategy.type` (`None` when
    /// unset: the API server defaults it to `RollingUpdate`).
    pub strategy: Option<Arc<str>>,
    /// `spec.updateStrategy.rollingUpdate` is set, and its partition.
    pub rolling_update: bool,
    pub partition: Option<i32>,
    /// StatefulSets: `status.currentReplicas`, `currentRevision`, `updateRevision`.
    pub current_replicas: i32,
    pub current_revision: Option<Arc<str>>,
    pub update_revision: Option<Arc<str>>,
    /// Deployments: the `deployment.kubernetes.io/revision` annotation.
    pub revision: Option<i64>,
    /// The `Progressing` and `Available` conditions.
    pub progressing: Option<Box<ConditionRecord>>,
    pub available_condition: Option<Box<ConditionRecord>>,
    /// `metadata.creationTimestamp`, Unix seconds.
    pub created: Option<i64>,
}

/// A workload status condition: status, reason, message and its times
/// (Unix seconds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConditionRecord {
    /// `True`, `False` or `Unknown`.
    pub status: Arc<str>,
    pub reason: Option<Arc<str>>,
    pub message: Option<Box<str>>,
    pub last_update: Option<i64>,
    pub last_transition: Option<i64>,
}

impl ConditionRecord {
    fn from_slim(c: &WorkloadCondition, i: &mut Interner) -> Box<Self> {
        Box::new(Self {
            status: i.get(&c.status),
            reason: c.reason.as_deref().filter(|r| !r.is_empty()).map(|r| i.get(r)),
            message: c.message.as_deref().filter(|m| !m.is_empty()).map(Box::from),
            last_update: c.last_update_time.as_ref().map(|t| t.0.as_second()),
            last_transition: c.last_transition_time.as_ref().map(|t| t.0.as_second()),
        })
    }
}

/// The revision annotation of a Deployment or ReplicaSet.
fn revision(meta: &ObjectMeta) -> Option<i64> {
    meta.annotations
        .as_ref()
        .and_then(|a| a.get(REVISION_ANNOTATION))
        .and_then(|r| r.trim().parse().ok())
}

impl WorkloadRecord {
    pub fn from_deployment(w: &SlimDeployment, i: &mut Interner) -> Self {
        Self::from_parts("Deployment", &w.metadata, &w.spec, &w.status, i)
    }

    pub fn from_statefulset(w: &SlimStatefulSet, i: &mut Interner) -> Self {
        Self::from_parts("StatefulSet", &w.metadata, &w.spec, &w.status, i)
    }

    pub fn from_daemonset(w: &SlimDaemonSet, i: &mut Interner) -> Self {
        Self::from_parts("DaemonSet", &w.metadata, &w.spec, &w.status, i)
    }

    pub fn from_parts(
        kind: &str,
        meta: &ObjectMeta,
        spec: &WorkloadSpec,
        status: &WorkloadStatus,
        i: &mut Interner,
    ) -> Self {
        let daemon = kind == "DaemonSet";
        let n = |v: Option<i32>| v.unwrap_or(0);
        let condition = |t: &str, i: &mut Interner| {
            status
                .conditions
                .iter()
                .find(|c| c.type_ == t)
                .map(|c| ConditionRecord::from_slim(c, i))
        };
        let strategy = spec.update_strategy.as_ref();
        let rollout = RolloutRecord {
            generation: meta.generation.unwrap_or(0),
            observed_generation: status.observed_generation.unwrap_or(0),
            current: n(if daemon {
                status.current_number_scheduled
            } else {
                status.replicas
            }),
            updated: n(if daemon {
                status.updated_number_scheduled
            } else {
                status.updated_replicas
            }),
            available: n(if daemon {
                status.number_available
            } else {
                status.available_replicas
            }),
            unavailable: n(if daemon {
                status.number_unavailable
            } else {
                status.unavailable_replicas
            }),
            paused: spec.paused,
            strategy: strategy.and_then(|s| s.type_.as_deref()).map(|t| i.get(t)),
            rolling_update: strategy.is_some_and(|s| s.rolling_update.is_some()),
            partition: strategy
                .and_then(|s| s.rolling_update.as_ref())
                .and_then(|r| r.partition),
            current_replicas: n(status.current_replicas),
            current_revision: status.current_revision.as_deref().map(|r| i.get(r)),
            update_revision: status.update_revision.as_deref().map(|r| i.get(r)),
            revision: revision(meta),
            progressing: condition("Progressing", i),
            available_condition: condition("Available", i),
            created: meta.creation_timestamp.as_ref().map(|t| t.0.as_second()),
        };
        Self {
            kind: i.get(kind),
            namespace: i.get(meta.namespace.as_deref().unwrap_or("")),
            name: i.get(meta.name.as_deref().unwrap_or("")),
            replicas: if daemon {
                n(status.desired_number_scheduled)
            } else {
                spec.replicas.unwrap_or(1)
            },
            ready: if daemon {
                n(status.number_ready)
            } else {
                n(status.ready_replicas)
            },
            selector: selector(&spec.selector, i),
            selector_expressions: !spec.selector.match_expressions.is_empty(),
            rollout,
        }
    }
}

/// A ReplicaSet: the Deployment that controls it, if any, its revision,
/// creation time and replicas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplicaSetRecord {
    pub deployment: Option<Arc<str>>,
    /// The `deployment.kubernetes.io/revision` annotation.
    pub revision: Option<i64>,
    /// `metadata.creationTimestamp`, Unix seconds.
    pub created: Option<i64>,
    /// `spec.replicas` (default 1), `status.replicas`, `status.readyReplicas`.
    pub desired: i32,
    pub replicas: i32,
    pub ready: i32,
}

impl ReplicaSetRecord {
    pub fn from_slim(r: &SlimReplicaSet, i: &mut Interner) -> Self {
        let deployment = r
            .metadata
            .owner_references
            .as_ref()
            .and_then(|os| os.iter().find(|o| o.controller == Some(true)))
            .filter(|o| o.kind == "Deployment")
            .map(|o| i.get(&o.name));
        Self {
            deployment,
            revision: revision(&r.metadata),
            created: r.metadata.creation_timestamp.as_ref().map(|t| t.0.as_second()),
            desired: r.spec.replicas.unwrap_or(1),
            replicas: r.status.replicas.unwrap_or(0),
            ready: r.status.ready_replicas.unwrap_or(0),
        }
    }
}

/// An HPA: what it scales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HpaRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// `spec.scaleTargetRef`: kind (`Deployment`) and name.
    pub target_kind: Arc<str>,
    pub target_name: Arc<str>,
}

impl HpaRecord {
    pub fn from_slim(h: &SlimHpa, i: &mut Interner) -> Self {
        Self {
            namespace: i.get(h.metadata.namespace.as_deref().unwrap_or("")),
            name: i.get(h.metadata.name.as_deref().unwrap_or("")),
            target_kind: i.get(&h.spec.scale_target_ref.kind),
            target_name: i.get(&h.spec.scale_target_ref.name),
        }
    }
}

#[cfg(test)]
#[path = "workload_records_tests.rs"]
mod tests;
