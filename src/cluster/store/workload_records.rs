//! Views of the workload controllers: Deployments, StatefulSets and
//! DaemonSets, the ReplicaSets that tie Pods to their Deployment, and the
//! HorizontalPodAutoscalers that scale them.

use std::sync::Arc;

use super::intern::Interner;
use super::records::selector;
use crate::cluster::slim::autoscaling::SlimHpa;

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
}

impl WorkloadRecord {
    pub fn from_deployment(w: &crate::cluster::slim::apps::SlimDeployment, i: &mut Interner) -> Self {
        Self::from_parts("Deployment", &w.metadata, &w.spec, &w.status, i)
    }

    pub fn from_statefulset(w: &crate::cluster::slim::apps::SlimStatefulSet, i: &mut Interner) -> Self {
        Self::from_parts("StatefulSet", &w.metadata, &w.spec, &w.status, i)
    }

    pub fn from_daemonset(w: &crate::cluster::slim::apps::SlimDaemonSet, i: &mut Interner) -> Self {
        Self::from_parts("DaemonSet", &w.metadata, &w.spec, &w.status, i)
    }

    pub fn from_parts(
        kind: &str,
        meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
        spec: &crate::cluster::slim::apps::WorkloadSpec,
        status: &crate::cluster::slim::apps::WorkloadStatus,
        i: &mut Interner,
    ) -> Self {
        let daemon = kind == "DaemonSet";
        Self {
            kind: i.get(kind),
            namespace: i.get(meta.namespace.as_deref().unwrap_or("")),
            name: i.get(meta.name.as_deref().unwrap_or("")),
            replicas: if daemon {
                status.desired_number_scheduled.unwrap_or(0)
            } else {
                spec.replicas.unwrap_or(1)
            },
            ready: if daemon {
                status.number_ready.unwrap_or(0)
            } else {
                status.ready_replicas.unwrap_or(0)
            },
            selector: selector(&spec.selector, i),
            selector_expressions: !spec.selector.match_expressions.is_empty(),
        }
    }
}

/// A ReplicaSet: the Deployment that controls it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaSetRecord {
    pub deployment: Option<Arc<str>>,
}

impl ReplicaSetRecord {
    pub fn from_slim(r: &crate::cluster::slim::apps::SlimReplicaSet, i: &mut Interner) -> Self {
        let deployment = r
            .metadata
            .owner_references
            .as_ref()
            .and_then(|os| os.iter().find(|o| o.controller == Some(true)))
            .filter(|o| o.kind == "Deployment")
            .map(|o| i.get(&o.name));
        Self { deployment }
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
