//! `events.k8s.io/v1` Events, served from the one store of core Events as
//! kube-apiserver serves them (the core version is the storage version):
//! reads convert on the way out, writes on the way in, field selectors
//! are translated to the core field labels, watches see the same events.

use std::sync::Arc;

use bytes::Bytes;
use http::request::Parts;
use hyper::Response;
use serde_json::{Value, json};

use super::api::{as_table, delete, error_response, grace_period};
use super::events::{core_field_selector, to_core, to_events_v1};
use super::http::{Body, json_response};
use super::objects::api_error::ApiError;
use super::objects::patch::PatchType;
use super::objects::resource_type::ResourceType;
use super::objects::store_list::ListOptions;
use super::route::{Query, ResourcePath};
use super::state::Sim;
use super::{table, watch};

/// Whether a request for `rt` is one this module serves.
pub fn handles(rt: &ResourceType) -> bool {
    rt.group == "events.k8s.io" && rt.plural == "events"
}

fn not_found(e: ApiError, name: &str) -> ApiError {
    if e.code == 404 {
        ApiError::not_found("events.k8s.io", "events", name)
    } else {
        e
    }
}

/// The query with its field selector in core field names.
fn core_query(query: &Query) -> Result<Query, ApiError> {
    let mut q = query.clone();
    for (k, v) in &mut q.pairs {
        if k == "fieldSelector" {
            *v = core_field_selector(v)?;
        }
    }
    Ok(q)
}

fn one(parts: &Parts, query: &Query, core: &Value, now: i64, code: u16) -> Response<Body> {
    let obj = to_events_v1(core);
    if !as_table(parts) {
        return json_response(code, &obj);
    }
    let rv = obj
        .pointer("/metadata/resourceVersion")
        .cloned()
        .unwrap_or(Value::Null);
    let include = query.get("includeObject").unwrap_or("Metadata");
    let t = table::table("Event", &[&obj], json!({"resourceVersion": rv}), now, include);
    json_response(code, &t)
}

pub async fn serve(
    sim: &Arc<Sim>,
    parts: &Parts,
    query: &Query,
    p: ResourcePath,
    body: Bytes,
) -> Response<Body> {
    let Some(core) = sim.read(|w| w.store.find_resource("", "events").cloned()) else {
        return error_response(&ApiError::resource_not_found());
    };
    let query = match core_query(query) {
        Ok(q) => q,
        Err(e) => return error_response(&e),
    };
    let ns = p.namespace.as_deref();
    let dry_run = query.has("dryRun");
    let parse = |b: &[u8]| -> Result<Value, ApiError> {
        serde_json::from_slice(b)
            .map_err(|e| ApiError::bad_request(format!("the request body is not JSON: {e}")))
    };
    let result = match (parts.method.as_str(), p.name.as_deref(), p.subresource.as_deref()) {
        ("GET", None, None) if query.flag("watch") => {
            let mut enc = watch::Encoding::new(as_table(parts), &query);
            enc.convert = Some(to_events_v1);
            return watch::serve(sim.clone(), core, p, &query, enc).await;
        }
        ("GET", None, None) => list(sim, parts, &query, &core, ns),
        ("GET", Some(name), None) => sim.read(|w| {
            let obj = w.store.get(&core, ns, name).map_err(|e| not_found(e, name))?;
            Ok(one(parts, &query, &obj, w.store.now(), 200))
        }),
        ("POST", None, None) => parse(&body).and_then(|obj| {
            let obj = to_core(&obj);
            if dry_run {
                return Ok(json_response(201, &to_events_v1(&obj)));
            }
            sim.mutate(|w| {
                let created = w.store.create(&core, ns, obj)?;
                Ok(one(parts, &query, &created, w.store.now(), 201))
            })
        }),
        ("PUT", Some(name), None) => parse(&body).and_then(|obj| {
            sim.mutate(|w| {
                let out = w
                    .store
                    .update(&core, ns, name, to_core(&obj))
                    .map_err(|e| not_found(e, name))?;
                Ok(one(parts, &query, &out, w.store.now(), 200))
            })
        }),
        ("PATCH", Some(name), None) => {
            let ct = parts
                .headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            PatchType::from_content_type(ct, true).and_then(|pt| {
                sim.mutate(|w| {
                    let current = w.store.get(&core, ns, name).map_err(|e| not_found(e, name))?;
                    let patched = super::objects::patch::apply(&to_events_v1(&current), pt, &body, "Event")?;
                    if dry_run {
                        return Ok(json_response(200, &patched));
                    }
                    let out = w.store.update(&core, ns, name, to_core(&patched))?;
                    Ok(one(parts, &query, &out, w.store.now(), 200))
                })
            })
        }
        ("DELETE", Some(name), None) => grace_period(&query, &body).and_then(|grace| {
            if dry_run {
                return sim.read(|w| {
                    w.store
                        .get(&core, ns, name)
                        .map(|o| json_response(200, &to_events_v1(&o)))
                });
            }
            sim.mutate(|w| delete(w, &core, ns, name, grace))
                .map(|o| json_response(200, &to_events_v1(&o)))
                .map_err(|e| not_found(e, name))
        }),
        _ => Err(ApiError::method_not_allowed()),
    };
    result.unwrap_or_else(|e| error_response(&e))
}

fn list(
    sim: &Sim,
    parts: &Parts,
    query: &Query,
    core: &ResourceType,
    ns: Option<&str>,
) -> Result<Response<Body>, ApiError> {
    let limit = query.number("limit").map_err(ApiError::bad_request)?;
    let opts = ListOptions {
        label_selector: query.get("labelSelector").map(str::to_string),
        field_selector: query.get("fieldSelector").map(str::to_string),
        limit: limit.filter(|l| *l > 0).map(|l| l as usize),
        continue_token: query.get("continue").map(str::to_string),
        resource_version: query.get("resourceVersion").map(str::to_string),
    };
    sim.read(|w| {
        let page = w.store.list(core, ns, &opts)?;
        let mut meta = json!({"resourceVersion": page.resource_version.to_string()});
        if let Some(c) = &page.continue_token {
            meta["continue"] = json!(c);
        }
        if let Some(r) = page.remaining_item_count {
            meta["remainingItemCount"] = json!(r);
        }
        let items: Vec<Value> = page.values().iter().map(to_events_v1).collect();
        if as_table(parts) {
            let refs: Vec<&Value> = items.iter().collect();
            let include = query.get("includeObject").unwrap_or("Metadata");
            return Ok(json_response(
                200,
                &table::table("Event", &refs, meta, w.store.now(), include),
            ));
        }
        Ok(json_response(
            200,
            &json!({"kind": "EventList", "apiVersion": "events.k8s.io/v1", "metadata": meta, "items": items}),
        ))
    })
}
