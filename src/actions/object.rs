//! Operations on one object (delete a pod, …): what changes, the API
//! request behind a trait (faked by the tests), and the result in
//! kubectl's words (`pod "x" deleted`, `Error from server (NotFound):
//! pods "x" not found`).

use std::future::Future;
use std::time::Duration;

use kube::api::{Api, DeleteParams};

use crate::cluster::ObjectRef;
use crate::cluster::slim::pod::SlimPod;

/// The bound of one operation when the user sets none.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// One operation on one object, as the user confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectOp {
    pub object: ObjectRef,
    pub change: Change,
    /// The whole operation's bound.
    pub timeout: Duration,
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
}

/// What is done to the object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Delete it: `grace` seconds for its containers to stop (none: the
    /// pod's own); `force` (grace 0) does not wait for the kubelet.
    Delete { grace: Option<u32>, force: bool },
}

impl Change {
    /// The action's name in the audit log (`delete`).
    pub fn verb(&self) -> &'static str {
        match self {
            Change::Delete { .. } => "delete",
        }
    }

    /// kubectl's flags for it (`--grace-period=0 --force`), for the audit log.
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
}

/// The real API, through a kube client.
#[derive(Clone)]
pub struct KubeObjects(pub kube::Client);

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
}

/// Sends `op` through `api`: kubectl's text of the result, or its error.
pub async fn perform<A: ObjectApi>(api: &A, op: &ObjectOp) -> Result<String, String> {
    let quoted = format!("{} \"{}\"", op.object.kind.resource(), op.object.name);
    match &op.change {
        Change::Delete { grace, force } => {
            let grace = if *force { Some(0) } else { *grace };
            api.delete_pod(&op.object, grace)
                .await
                .map_err(|e| crate::errors::describe(&e))?;
            Ok(if *force {
                format!("{quoted} force deleted")
            } else {
                format!("{quoted} deleted")
            })
        }
    }
}
