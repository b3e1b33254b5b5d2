//! `POST pods/{name}/eviction` (policy/v1): honours PodDisruptionBudgets
//! the way the real API server does, then deletes the pod.

use hyper::Response;
use serde_json::{Value, json};
use std::sync::Arc;

use super::api::{delete, error_response};
use super::controllers::matching_pods;
use super::disruption::{self, Verdict};
use super::http::{Body, json_response};
use super::objects::api_error::ApiError;
use super::objects::resource_type::ResourceType;
use super::state::Sim;

pub fn evict(
    sim: &Sim,
    pods_rt: &ResourceType,
    ns: &str,
    name: &str,
    body: &[u8],
    dry_run: bool,
) -> Result<Response<Body>, ApiError> {
    let eviction: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("the request body is not JSON: {e}")))?
    };
    if let Some(n) = eviction.pointer("/metadata/name").and_then(Value::as_str)
        && n != name
    {
        return Err(ApiError::bad_request(format!(
            "name in URL does not match name in Eviction object: {name} != {n}"
        )));
    }
    let grace = eviction
        .pointer("/deleteOptions/gracePeriodSeconds")
        .and_then(Value::as_i64);
    sim.mutate(|w| {
        let pod = w.store.get(pods_rt, Some(ns), name)?;
        let mut budgets = Vec::new();
        if let Some(pdb_rt) = w.store.find_resource("policy", "poddisruptionbudgets").cloned() {
            let pdbs: Vec<Value> = w.store.objects(&pdb_rt, Some(ns))?.map(Arc::unwrap_or_clone).collect();
            // The namespace's pods (decoded from the store) only when a budget covers this one.
            let mut pods: Option<Vec<Value>> = None;
            for pdb in &pdbs {
                if !matching_pods(pdb, std::slice::from_ref(&pod)).is_empty() {
                    if pods.is_none() {
                        pods = Some(w.store.objects(pods_rt, Some(ns))?.map(Arc::unwrap_or_clone).collect());
                    }
                    let all = pods.as_deref().unwrap_or(&[]);
                    let b = disruption::budget(pdb, &matching_pods(pdb, all), None).map_err(|e| {
                        ApiError::internal(&format!("PodDisruptionBudget is invalid: {e}"))
                    })?;
                    let pdb_name = pdb.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
                    let policy = pdb.pointer("/spec/unhealthyPodEvictionPolicy").and_then(Value::as_str).map(str::to_string);
                    budgets.push((pdb_name, b, policy));
                }
            }
        }
        match disruption::decide(&pod, &budgets) {
            Verdict::Allow { .. } => {
                if !dry_run {
                    delete(w, pods_rt, Some(ns), name, grace)?;
                }
                Ok(json_response(
                    201,
                    &json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}),
                ))
            }
            Verdict::Blocked { pdb, .. } => {
                let (desired, current) = budgets
                    .iter()
                    .find(|(n, _, _)| *n == pdb)
                    .map_or((0, 0), |(_, b, _)| (b.desired_healthy, b.current_healthy));
                Ok(error_response(&ApiError::eviction_blocked(&pdb, desired, current)))
            }
            Verdict::MultiplePdbs => Err(ApiError::internal(
                "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
            )),
        }
    })
}
