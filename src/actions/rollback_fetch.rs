//! Reads what a Deployment's rollout undo needs through the API when it is
//! asked for (the store's ReplicaSet records keep no template): the
//! Deployment and the ReplicaSets its selector matches, within a bound.

use std::time::Duration;

use kube::api::{Api, DynamicObject, ListParams};

use super::rollback::{UndoPlan, plan};
use crate::cluster::{ObjectKind, ObjectRef};

/// How long reading the Deployment and its ReplicaSets may take.
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

/// `a=b,c=d` of a label selector's `matchLabels` (kubectl also uses them).
fn selector(deployment: &serde_json::Value) -> String {
    deployment
        .pointer("/spec/selector/matchLabels")
        .and_then(serde_json::Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// The undo of `deployment` to its previous revision, or kubectl's words
/// for why not (an API error, no history, paused, timed out).
pub async fn fetch(client: kube::Client, deployment: &ObjectRef) -> Result<UndoPlan, String> {
    let read = async {
        let said = |e: kube::Error| crate::errors::describe(&e);
        let ns = deployment.ns();
        let d = api(&client, ObjectKind::Deployment, ns)
            .get(&deployment.name)
            .await
            .map_err(said)?;
        let d = serde_json::to_value(&d).map_err(|e| e.to_string())?;
        let params = ListParams::default().labels(&selector(&d));
        let list = api(&client, ObjectKind::ReplicaSet, ns)
            .list(&params)
            .await
            .map_err(|e| {
                format!(
                    "error: failed to retrieve replica sets from deployment {}: {}",
                    deployment.name,
                    said(e)
                )
            })?;
        let sets: Vec<serde_json::Value> = list
            .items
            .iter()
            .filter_map(|rs| serde_json::to_value(rs).ok())
            .collect();
        plan(&d, &sets)
    };
    tokio::time::timeout(FETCH_TIMEOUT, read)
        .await
        .unwrap_or_else(|_| {
            Err(format!(
                "reading the revisions of {deployment} timed out after {}s",
                FETCH_TIMEOUT.as_secs()
            ))
        })
}
