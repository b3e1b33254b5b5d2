//! Reads what a rollout undo needs through the API when it is asked for
//! (the store's records keep no template): the workload, and the
//! ReplicaSets (a Deployment) or ControllerRevisions (a StatefulSet or
//! DaemonSet) its selector matches, within a bound.

use std::time::Duration;

use kube::api::{Api, DynamicObject, ListParams};
use serde_json::Value;

use super::rollback::UndoPlan;
use crate::cluster::{ObjectKind, ObjectRef};

/// How long reading the workload and its revisions may take.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(15);

fn api(client: &kube::Client, kind: ObjectKind, ns: &str) -> Api<DynamicObject> {
    let ar = kube::api::ApiResource {
        group: kind.group().into(),
        version: kind.version().into(),
        api_version: kind.api_version(),
        kind: kind.kind().into(),
        plural: kind.plural().into(),
    };
    Api::namespaced_with(client.clone(), ns, &ar)
}

/// `a=b,c=d` of a label selector's `matchLabels` (kubectl also uses them;
/// `matchExpressions` only narrow it further, and what is listed is then
/// kept only when the workload controls it).
fn selector(workload: &Value) -> String {
    workload
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// The workload, and the objects of `history` its selector matches (or
/// kubectl's words for the failure of the list, `listing`).
async fn read(
    client: &kube::Client,
    workload: &ObjectRef,
    history: ObjectKind,
    listing: &str,
) -> Result<(Value, Vec<Value>), String> {
    let said = |e: kube::Error| crate::errors::describe(&e);
    let ns = workload.ns();
    let w = api(client, workload.kind, ns)
        .get(&workload.name)
        .await
        .map_err(said)?;
    let w = serde_json::to_value(&w).map_err(|e| e.to_string())?;
    let params = ListParams::default().labels(&selector(&w));
    let list = api(client, history, ns)
        .list(&params)
        .await
        .map_err(|e| format!("error: {listing} {}: {}", workload.name, said(e)))?;
    let items = list
        .items
        .iter()
        .filter_map(|o| serde_json::to_value(o).ok())
        .collect();
    Ok((w, items))
}

/// The undo of `workload` to its previous revision, or kubectl's words
/// for why not (an API error, no history, paused, timed out).
pub async fn fetch(client: kube::Client, workload: &ObjectRef) -> Result<UndoPlan, String> {
    let plan = async {
        match workload.kind {
            ObjectKind::Deployment => {
                let listing = "failed to retrieve replica sets from deployment";
                let (d, sets) = read(&client, workload, ObjectKind::ReplicaSet, listing).await?;
                super::rollback::plan(&d, &sets)
            }
            ObjectKind::StatefulSet | ObjectKind::DaemonSet => {
                let listing = format!("unable to find history controlled by {}", workload.kind.kind());
                let (w, revisions) =
                    read(&client, workload, ObjectKind::ControllerRevision, &listing).await?;
                super::rollback_revisions::plan(&w, &revisions)
            }
            other => Err(format!(
                "error: no rollbacker has been implemented for \"{}\"",
                other.kind()
            )),
        }
    };
    tokio::time::timeout(FETCH_TIMEOUT, plan)
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "reading the revisions of {workload} timed out after {}s",
                FETCH_TIMEOUT.as_secs()
            ))
        })
}
