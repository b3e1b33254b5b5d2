//! Deleting through the API: `gracePeriodSeconds`, and pods going as the
//! sim's kubelets let them (quickly, or never on a node whose kubelet is gone).

use serde_json::Value;

use super::api::{parse_body, touch};
use super::objects::api_error::ApiError;
use super::objects::resource_type::ResourceType;
use super::route::Query;
use super::state::World;

/// `gracePeriodSeconds` from the query or the DeleteOptions body.
pub fn grace_period(query: &Query, body: &[u8]) -> Result<Option<i64>, ApiError> {
    if let Some(g) = query
        .number("gracePeriodSeconds")
        .map_err(ApiError::bad_request)?
    {
        return Ok(Some(g));
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let opts = parse_body(body)?;
    Ok(opts.get("gracePeriodSeconds").and_then(Value::as_i64))
}

/// Deletes an object; pods linger at most a moment (the sim's kubelet is quick).
pub fn delete(
    w: &mut super::state::World,
    rt: &ResourceType,
    ns: Option<&str>,
    name: &str,
    grace: Option<i64>,
) -> Result<Value, ApiError> {
    let is_pod = rt.group.is_empty() && rt.plural == "pods";
    if is_pod && grace != Some(0) {
        let pod = w.store.get(rt, ns, name)?;
        if pod.pointer("/spec/nodeName").is_some() && !super::controllers::kubelet_alive(&w.store, &pod) {
            // No kubelet to stop it: Terminating until force-deleted, as on a real cluster.
            let out = w.store.delete(rt, ns, name, grace)?;
            w.store.hold_deletion(rt, ns, name);
            touch(w, &out);
            return Ok(out);
        }
    }
    let grace = if is_pod {
        let own = w
            .store
            .get(rt, ns, name)?
            .pointer("/spec/terminationGracePeriodSeconds")
            .and_then(Value::as_i64)
            .unwrap_or(30);
        Some(
            grace
                .unwrap_or(own)
                .clamp(0, super::controllers::MAX_TERMINATION_SECONDS),
        )
    } else {
        grace
    };
    let out = w.store.delete(rt, ns, name, grace)?;
    if is_pod && grace.unwrap_or(0) > 0 {
        let World {
            store, controllers, ..
        } = w;
        controllers.pod_deleting(store, &out);
    }
    if is_pod {
        // Gone at once (grace 0): the controllers react now; otherwise on removal.
        if w.store.get(rt, ns, name).is_err() {
            w.controllers.pod_removed(out.clone());
        } else {
            touch(w, &out);
        }
    } else {
        touch(w, &out);
    }
    Ok(out)
}
