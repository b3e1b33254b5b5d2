//! Operations on one object (delete or evict a pod, restart or scale a
//! workload): what changes, the API requests behind a trait (faked by the
//! tests), and the result in kubectl's words (`pod "x" deleted`,
//! `Error from server (NotFound): pods "x" not found`).

use std::future::Future;
use std::time::Duration;

use kube::api::{Api, ApiResource, DeleteParams, DynamicObject, EvictParams, Patch, PatchParams};

use super::rollback::{UndoPatch, skipped_text};
use crate::cluster::slim::pod::SlimPod;
use crate::cluster::{ObjectKind, ObjectRef};

/// The bound of one operation when the user sets none.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// The template annotation `kubectl rollout restart` sets.
pub const RESTARTED_AT: &str = "kubectl.kubernetes.io/restartedAt";

/// What the second confirmation of a forced deletion says.
pub const FORCE_RISK: &str = "--force does not wait for the kubelet to confirm: the process may still run \
                              on the node, and a StatefulSet pod can then exist twice.";

/// One operation on one object, as the user confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectOp {
    pub object: ObjectRef,
    pub change: Change,
    /// The whole operation's bound.
    pub timeout: Duration,
}

/// What is done to the object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Delete the pod: `grace` seconds for its containers to stop (none:
    /// the pod's own); `force` (grace 0) does not wait for the kubelet.
    Delete { grace: Option<u32>, force: bool },
    /// Evict the pod through the Eviction API (policy/v1); `budgets`: the
    /// PodDisruptionBudgets that select it, as the confirmation named them
    /// (`poddisruptionbudget.policy/web -n shop: 0 disruptions allowed…`),
    /// to name the one blocking a refusal.
    Evict { budgets: Vec<String> },
    /// `kubectl rollout restart`: the template annotation, now.
    Restart,
    /// `kubectl scale`: from the replicas shown to `to`.
    Scale { from: i32, to: i32 },
    /// `kubectl rollout undo` of a Deployment, StatefulSet or DaemonSet to
    /// `to_revision` (0: not yet read, nothing can be sent): what
    /// [`super::rollback`] and [`super::rollback_revisions`] planned.
    Undo { to_revision: i64, patch: UndoPatch },
}

impl ObjectOp {
    /// `change` on `object`, within [`TIMEOUT`].
    pub fn new(object: ObjectRef, change: Change) -> Self {
        Self {
            object,
            change,
            timeout: TIMEOUT,
        }
    }

    /// What the confirmation says will change, on one line.
    pub fn summary(&self) -> String {
        let o = self.object.with_namespace();
        match &self.change {
            Change::Delete { force: true, .. } => format!("delete {o} --grace-period=0 --force"),
            Change::Delete { grace: Some(g), .. } => format!("delete {o} --grace-period={g}"),
            Change::Delete { grace: None, .. } => format!("delete {o} (with the pod's own grace period)"),
            Change::Evict { .. } => format!("evict {o} through the Eviction API (disruption budgets apply)"),
            Change::Restart => format!("rollout restart {o}: every pod is replaced"),
            Change::Scale { from, to } => format!("scale {o} {from} → {to}"),
            Change::Undo { to_revision, .. } => format!("rollout undo {o} to revision {to_revision}"),
        }
    }

    /// kubectl's text and the audit outcome of an operation that has
    /// nothing to do (an undo to the template already running): it sends
    /// nothing.
    pub fn skipped(&self) -> Option<(String, String)> {
        match &self.change {
            Change::Undo {
                to_revision,
                patch: UndoPatch::Skip,
            } => Some((
                skipped_text(&self.object, *to_revision),
                format!("skipped: current template already matches revision {to_revision}"),
            )),
            _ => None,
        }
    }

    /// The risk a second confirmation must name, if any.
    pub fn risk(&self) -> Option<&'static str> {
        matches!(self.change, Change::Delete { force: true, .. }).then_some(FORCE_RISK)
    }

    /// What the value prompt asks for, if the change takes one typed.
    pub fn prompt(&self) -> Option<String> {
        match &self.change {
            Change::Delete { .. } => {
                Some("grace period in seconds (empty: the pod's own; 0: --force)".into())
            }
            Change::Scale { from, .. } => Some(format!("replicas (now {from})")),
            _ => None,
        }
    }

    /// The change with the typed `value`, or why it is refused (nothing is sent).
    pub fn with_value(&self, value: &str) -> Result<ObjectOp, String> {
        let value = value.trim();
        let change = match &self.change {
            Change::Delete { .. } if value.is_empty() => Change::Delete {
                grace: None,
                force: false,
            },
            Change::Delete { .. } => match value.parse::<i64>() {
                Ok(0) => Change::Delete {
                    grace: Some(0),
                    force: true,
                },
                Ok(n) if n < 0 => return Err(format!("{value}: a grace period cannot be negative")),
                Ok(n) => Change::Delete {
                    grace: Some(u32::try_from(n).map_err(|_| format!("{value}: too long a grace period"))?),
                    force: false,
                },
                Err(_) => return Err(format!("{value:?} is not a number of seconds")),
            },
            Change::Scale { from, .. } => match value.parse::<i64>() {
                Ok(n) if n < 0 => return Err(format!("{value}: the number of replicas cannot be negative")),
                Ok(n) => Change::Scale {
                    from: *from,
                    to: i32::try_from(n).map_err(|_| format!("{value}: too many replicas"))?,
                },
                Err(_) => return Err(format!("{value:?} is not a number of replicas")),
            },
            other => other.clone(),
        };
        Ok(ObjectOp {
            change,
            ..self.clone()
        })
    }
}

impl Change {
    /// The action's name in the audit log (`delete`, `rollout-restart`).
    pub fn verb(&self) -> &'static str {
        match self {
            Change::Delete { .. } => "delete",
            Change::Evict { .. } => "evict",
            Change::Restart => "rollout-restart",
            Change::Scale { .. } => "scale",
            Change::Undo { .. } => "rollout-undo",
        }
    }

    /// kubectl's flags for it (`--grace-period=0 --force`, `--replicas=3`), for the audit log.
    pub fn options(&self) -> Option<String> {
        match self {
            Change::Delete { grace, force } => {
                let mut o = Vec::new();
                if let Some(g) = grace {
                    o.push(format!("--grace-period={g}"));
                }
                if *force {
                    o.push("--force".into());
                }
                (!o.is_empty()).then(|| o.join(" "))
            }
            Change::Scale { from, to } => Some(format!("--current-replicas={from} --replicas={to}")),
            Change::Undo { to_revision, .. } => {
                (*to_revision > 0).then(|| format!("--to-revision={to_revision}"))
            }
            Change::Evict { .. } | Change::Restart => None,
        }
    }
}

/// The API requests of the operations, one method a request.
pub trait ObjectApi: Sync {
    /// Deletes the pod (`grace`: the delete option `gracePeriodSeconds`).
    fn delete_pod(
        &self,
        pod: &ObjectRef,
        grace: Option<u32>,
    ) -> impl Future<Output = kube::Result<()>> + Send;
    /// Asks the Eviction API to evict the pod.
    fn evict_pod(&self, pod: &ObjectRef) -> impl Future<Output = kube::Result<()>> + Send;
    /// Sends a strategic-merge patch of the object.
    fn patch(
        &self,
        object: &ObjectRef,
        body: serde_json::Value,
    ) -> impl Future<Output = kube::Result<()>> + Send;
    /// Sends a JSON patch (RFC 6902) of the object.
    fn json_patch(
        &self,
        object: &ObjectRef,
        body: serde_json::Value,
    ) -> impl Future<Output = kube::Result<()>> + Send;
    /// Sets `spec.replicas` through the object's scale subresource.
    fn scale(&self, object: &ObjectRef, replicas: i32) -> impl Future<Output = kube::Result<()>> + Send;
}

/// The real API, through a kube client.
#[derive(Clone)]
pub struct KubeObjects(pub kube::Client);

fn resource(kind: ObjectKind) -> ApiResource {
    ApiResource {
        group: kind.group().into(),
        version: kind.version().into(),
        api_version: kind.api_version(),
        kind: kind.kind().into(),
        plural: kind.plural().into(),
    }
}

impl KubeObjects {
    fn dynamic(&self, o: &ObjectRef) -> Api<DynamicObject> {
        let ar = resource(o.kind);
        match &o.namespace {
            Some(ns) => Api::namespaced_with(self.0.clone(), ns, &ar),
            None => Api::all_with(self.0.clone(), &ar),
        }
    }
}

fn params() -> PatchParams {
    PatchParams {
        field_manager: Some("kon".into()),
        ..Default::default()
    }
}

impl ObjectApi for KubeObjects {
    async fn delete_pod(&self, pod: &ObjectRef, grace: Option<u32>) -> kube::Result<()> {
        let params = DeleteParams {
            grace_period_seconds: grace,
            ..Default::default()
        };
        Api::<SlimPod>::namespaced(self.0.clone(), pod.ns())
            .delete(&pod.name, &params)
            .await
            .map(|_| ())
    }

    async fn evict_pod(&self, pod: &ObjectRef) -> kube::Result<()> {
        Api::<k8s_openapi::api::core::v1::Pod>::namespaced(self.0.clone(), pod.ns())
            .evict(&pod.name, &EvictParams::default())
            .await
            .map(|_| ())
    }

    async fn patch(&self, object: &ObjectRef, body: serde_json::Value) -> kube::Result<()> {
        self.dynamic(object)
            .patch(&object.name, &params(), &Patch::Strategic(body))
            .await
            .map(|_| ())
    }

    async fn json_patch(&self, object: &ObjectRef, body: serde_json::Value) -> kube::Result<()> {
        // kube's `Patch::Json` needs its `jsonpatch` feature and crate: the
        // same request, sent through the client as kubectl sends it.
        let kind = object.kind;
        let group = if kind.group().is_empty() {
            format!("/api/{}", kind.version())
        } else {
            format!("/apis/{}/{}", kind.group(), kind.version())
        };
        let ns = object
            .namespace
            .as_deref()
            .map(|n| format!("/namespaces/{n}"))
            .unwrap_or_default();
        let uri = format!("{group}{ns}/{}/{}?fieldManager=kon", kind.plural(), object.name);
        let bytes = serde_json::to_vec(&body).map_err(kube::Error::SerdeError)?;
        let request = http::Request::patch(uri)
            .header(http::header::CONTENT_TYPE, "application/json-patch+json")
            .body(bytes)
            .map_err(kube::Error::HttpError)?;
        self.0.request_text(request).await.map(|_| ())
    }

    async fn scale(&self, object: &ObjectRef, replicas: i32) -> kube::Result<()> {
        let body = serde_json::json!({ "spec": { "replicas": replicas } });
        self.dynamic(object)
            .patch_scale(&object.name, &params(), &Patch::Merge(&body))
            .await
            .map(|_| ())
    }
}

/// The strategic-merge patch `kubectl rollout restart` sends, stamped `at` (RFC 3339).
pub fn restart_patch(at: &str) -> serde_json::Value {
    serde_json::json!({
        "spec": { "template": { "metadata": { "annotations": { RESTARTED_AT: at } } } }
    })
}

/// Now, as `kubectl rollout restart` stamps it (RFC 3339, seconds, UTC).
fn now_rfc3339() -> String {
    k8s_openapi::jiff::Timestamp::now()
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Sends `op` through `api`: kubectl's text of the result, or its error.
pub async fn perform<A: ObjectApi>(api: &A, op: &ObjectOp) -> Result<String, String> {
    let o = &op.object;
    let said = |e: kube::Error| crate::errors::describe(&e);
    match &op.change {
        Change::Delete { grace, force } => {
            let grace = if *force { Some(0) } else { *grace };
            api.delete_pod(o, grace).await.map_err(said)?;
            let quoted = format!("{} \"{}\"", o.kind.resource(), o.name);
            Ok(if *force {
                format!("{quoted} force deleted")
            } else {
                format!("{quoted} deleted")
            })
        }
        Change::Evict { budgets } => match api.evict_pod(o).await {
            Ok(()) => Ok(format!("{o} evicted")),
            Err(e) if crate::cluster::retry::is_disruption_budget_refusal(&e) => Err(format!(
                "{}; blocked by {}",
                crate::errors::describe(&e),
                blocking(budgets, &e)
            )),
            Err(e) => Err(said(e)),
        },
        Change::Restart => {
            api.patch(o, restart_patch(&now_rfc3339())).await.map_err(said)?;
            Ok(format!("{o} restarted"))
        }
        Change::Scale { to, .. } => {
            api.scale(o, *to).await.map_err(said)?;
            Ok(format!("{o} scaled"))
        }
        Change::Undo { to_revision, patch } => {
            match patch {
                UndoPatch::Skip => return Ok(skipped_text(o, *to_revision)),
                _ if *to_revision <= 0 => {}
                UndoPatch::Json(p) if p.is_array() => {
                    api.json_patch(o, p.clone()).await.map_err(said)?;
                    return Ok(format!("{o} rolled back"));
                }
                UndoPatch::Strategic(p) if p.is_object() => {
                    api.patch(o, p.clone()).await.map_err(said)?;
                    return Ok(format!("{o} rolled back"));
                }
                _ => {}
            }
            Err(format!("{o}: no revision to go back to was read; nothing sent"))
        }
    }
}

/// The budget blocking an eviction: those the confirmation named, else the
/// API's own words (`The disruption budget web needs 2 healthy pods…`).
fn blocking(budgets: &[String], e: &kube::Error) -> String {
    if !budgets.is_empty() {
        return budgets.join("; ");
    }
    let kube::Error::Api(s) = e else {
        return "a PodDisruptionBudget".into();
    };
    s.details
        .iter()
        .flat_map(|d| d.causes.iter())
        .find(|c| c.reason == "DisruptionBudget")
        .map(|c| c.message.clone())
        .unwrap_or_else(|| "a PodDisruptionBudget".into())
}

#[cfg(test)]
#[path = "object_tests.rs"]
mod tests;
