//! The API: routes a request to discovery, health, version or a resource
//! verb, with the scenario's faults applied.

use bytes::Bytes;
use http::Method;
use http::request::Parts;
use hyper::Response;
use serde_json::{Value, json};

pub use super::deletion::{delete, grace_period};
use super::http::{Body, bytes_response, json_response, text_response};
use super::objects::api_error::ApiError;
use super::objects::patch::PatchType;
use super::objects::resource_type::ResourceType;
use super::objects::store_list::ListOptions;
use super::route::{Query, ResourcePath, Route, parse_path};
use super::state::{Sim, World};
use super::{discovery, eviction, health, openapi, table, watch};

/// The user every authenticated request acts as.
pub const USER: &str = "kubernetes-admin";

/// The Status for `e`; a hint to back off also goes out as `Retry-After`
/// (seconds), as the real server sends it.
pub fn error_response(e: &ApiError) -> Response<Body> {
    let mut r = json_response(e.code, &e.to_status());
    let retry = e.details.as_ref().map_or(0, |d| d.retry_after_seconds);
    if retry > 0 {
        r.headers_mut()
            .insert(http::header::RETRY_AFTER, http::HeaderValue::from(retry));
    }
    r
}

pub async fn dispatch(sim: &std::sync::Arc<Sim>, parts: &Parts, body: Bytes) -> Response<Body> {
    let query = Query::parse(parts.uri.query());
    if let Some(r) = super::kubectl_extras::answer(sim, parts, &body) {
        return r;
    }
    if let Some(r) = super::pod_logs::answer(sim, parts, &query) {
        return r;
    }
    // The simulated etcd's gateway (kon --demo's etcd pane).
    let base = format!("https://{}", sim.server_address);
    let etcd = {
        let mut e = sim.etcd.lock().unwrap_or_else(|e| e.into_inner());
        super::etcd::answer(&mut e, &base, parts.uri.path(), &body)
    };
    if let Some((code, bytes)) = etcd {
        return bytes_response(code, "application/json", bytes);
    }
    match parse_path(parts.uri.path()) {
        Route::Version => json_response(200, &version(sim)),
        Route::Health { endpoint, check } => {
            let Some(ep) = health::endpoint(&endpoint) else {
                return not_found();
            };
            let exclude = query.all("exclude");
            match health::answer(
                ep,
                check.as_deref(),
                query.has("verbose"),
                &exclude,
                &sim.cluster.health,
            ) {
                Some(a) => text_response(a.status, a.body),
                None => not_found(),
            }
        }
        Route::CoreVersions => json_response(200, &discovery::core_versions(&sim.server_address)),
        Route::Groups => json_response(
            200,
            &sim.read(|w| discovery::group_list(types(&w.kinds).iter().map(as_info))),
        ),
        Route::Group(g) => {
            let list = sim.read(|w| discovery::group_list(types(&w.kinds).iter().map(as_info)));
            match list["groups"]
                .as_array()
                .and_then(|gs| gs.iter().find(|x| x["name"] == g.as_str()))
            {
                Some(group) => {
                    let mut doc = group.clone();
                    doc["kind"] = json!("APIGroup");
                    doc["apiVersion"] = json!("v1");
                    json_response(200, &doc)
                }
                None => not_found(),
            }
        }
        Route::ResourceList { group, version } => {
            let doc =
                sim.read(|w| discovery::resource_list(&group, &version, types(&w.kinds).iter().map(as_info)));
            doc.map_or_else(not_found, |d| json_response(200, &d))
        }
        Route::OpenApiIndex => json_response(
            200,
            &sim.read(|w| openapi::index(types(&w.kinds).iter().map(as_info))),
        ),
        Route::OpenApi { group, version } => sim
            .read(|w| openapi::document(&group, &version, types(&w.kinds).iter().map(as_info)))
            .map_or_else(not_found, |d| json_response(200, &d)),
        Route::Resource(path) => resource(sim, parts, &query, path, body).await,
        Route::NotFound => not_found(),
    }
}

fn not_found() -> Response<Body> {
    error_response(&ApiError::resource_not_found())
}

fn version(sim: &Sim) -> Value {
    let v = &sim.cluster.kubernetes_version;
    let (major, minor) = sim.cluster.kubernetes_version_parts().unwrap_or((1, 35));
    let served_minor = sim.cluster.served_minor().unwrap_or_else(|_| minor.to_string());
    json!({
        "major": major.to_string(),
        "minor": served_minor,
        "emulationMajor": major.to_string(),
        "emulationMinor": minor.to_string(),
        "gitVersion": v,
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2026-01-01T00:00:00Z",
        "goVersion": "go1.25.0",
        "compiler": "gc",
        "platform": "linux/amd64",
    })
}

type Info = super::scenarios::kinds::ResourceInfo;

fn types(kinds: &super::scenarios::kinds::KindRegistry) -> Vec<Info> {
    kinds.resources()
}

fn as_info(i: &Info) -> discovery::TypeInfo<'_> {
    discovery::TypeInfo {
        group: &i.group,
        version: &i.version,
        kind: &i.kind,
        plural: &i.plural,
        namespaced: i.namespaced,
        short_names: &i.short_names,
    }
}

fn verb(method: &Method, p: &ResourcePath, watching: bool) -> &'static str {
    match (method.as_str(), p.name.is_some()) {
        ("GET", _) if watching => "watch",
        ("GET", true) => "get",
        ("GET", false) => "list",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", true) => "delete",
        ("DELETE", false) => "deletecollection",
        _ => "unknown",
    }
}

async fn resource(
    sim: &std::sync::Arc<Sim>,
    parts: &Parts,
    query: &Query,
    p: ResourcePath,
    body: Bytes,
) -> Response<Body> {
    let Some(rt) = sim.read(|w| w.store.find_resource(&p.group, &p.plural).cloned()) else {
        return not_found();
    };
    if rt.version != p.version || (p.namespace.is_some() && !rt.namespaced) {
        return not_found();
    }
    let watching = query.flag("watch");
    let verb = verb(&parts.method, &p, watching);
    let all_namespaces = rt.namespaced && p.namespace.is_none();
    if sim.cluster.faults.is_forbidden(&p.group, &p.plural)
        || (all_namespaces
            && sim
                .cluster
                .faults
                .is_forbidden_all_namespaces(&p.group, &p.plural))
    {
        let ns = p.namespace.as_deref();
        return error_response(&ApiError::forbidden_rbac(USER, verb, &p.group, &p.plural, ns));
    }
    let faults = &sim.cluster.faults;
    if faults.error_rate > 0.0 || faults.too_many_requests_rate > 0.0 {
        let roll = sim.mutate_dice();
        if roll < faults.error_rate {
            return match faults.error_code {
                503 => error_response(&ApiError::service_unavailable(
                    "the server is currently unable to handle the request",
                )),
                _ => error_response(&ApiError::internal(
                    "an error on the server (\"injected fault\") has prevented the request from succeeding",
                )),
            };
        }
        if roll < faults.error_rate + faults.too_many_requests_rate {
            return error_response(&ApiError::too_many_requests(
                "Too many requests, please try again later.",
                faults.retry_after_seconds,
            ));
        }
    }
    let content_type = parts
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let body = match super::proto::json_body(content_type, body, parts.method == Method::PATCH) {
        Ok(b) => b,
        Err(e) => return error_response(&e),
    };
    if super::events_api::handles(&rt) {
        return super::events_api::serve(sim, parts, query, p, body).await;
    }
    let ns = p.namespace.as_deref();
    let dry_run = query.has("dryRun");
    let result: Result<Response<Body>, ApiError> =
        match (parts.method.as_str(), p.name.as_deref(), p.subresource.as_deref()) {
            ("GET", None, None) if watching => {
                let enc = watch::Encoding::new(as_table(parts), query);
                return watch::serve(sim.clone(), rt, p, query, enc).await;
            }
            ("GET", None, None) => list(sim, &rt, ns, query, as_table(parts)),
            ("GET", Some(name), None | Some("status")) => sim.read(|w| {
                let obj = w.store.get(&rt, ns, name)?;
                if !as_table(parts) {
                    return Ok(json_response(200, &obj));
                }
                let rv = obj
                    .pointer("/metadata/resourceVersion")
                    .cloned()
                    .unwrap_or(Value::Null);
                let include = query.get("includeObject").unwrap_or("Metadata");
                let t = table::table(
                    &rt.kind,
                    &[&obj],
                    json!({"resourceVersion": rv}),
                    w.store.now(),
                    include,
                );
                Ok(json_response(200, &t))
            }),
            ("GET", Some(name), Some("scale")) if super::scale::scalable(&rt) => sim
                .read(|w| w.store.get(&rt, ns, name))
                .map(|o| json_response(200, &super::scale::of(&o))),
            (m @ ("PATCH" | "PUT"), Some(name), Some("scale")) if super::scale::scalable(&rt) => {
                let ct = parts
                    .headers
                    .get(http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                let pt = if m == "PATCH" {
                    match PatchType::from_content_type(ct, true) {
                        Ok(pt) => Some(pt),
                        Err(e) => return error_response(&e),
                    }
                } else {
                    None
                };
                sim.mutate(|w| super::scale::write(w, &rt, ns, name, pt, &body))
                    .map(|o| json_response(200, &o))
            }
            ("POST", None, None) => parse_body(&body).and_then(|obj| {
                if dry_run {
                    return Ok(json_response(201, &obj));
                }
                sim.mutate(|w| {
                    let created = w.store.create(&rt, ns, obj)?;
                    touch(w, &created);
                    Ok(json_response(201, &created))
                })
            }),
            ("POST", Some(name), Some("eviction")) if rt.group.is_empty() && rt.plural == "pods" => {
                eviction::evict(sim, &rt, ns.unwrap_or("default"), name, &body, dry_run)
            }
            ("PUT", Some(name), sub @ (None | Some("status"))) => parse_body(&body).and_then(|obj| {
                sim.mutate(|w| {
                    let out = match sub {
                        Some(_) => w.store.update_status(&rt, ns, name, obj)?,
                        None => w.store.update(&rt, ns, name, obj)?,
                    };
                    touch(w, &out);
                    Ok(json_response(200, &out))
                })
            }),
            ("PATCH", Some(name), sub @ (None | Some("status"))) => {
                let ct = parts
                    .headers
                    .get(http::header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                PatchType::from_content_type(ct, rt.is_builtin()).and_then(|pt| {
                    if dry_run {
                        let current = sim.read(|w| w.store.get(&rt, ns, name))?;
                        let patched = super::objects::patch::apply(&current, pt, &body, &rt.kind)?;
                        return Ok(json_response(200, &patched));
                    }
                    sim.mutate(|w| {
                        let out = match sub {
                            Some(_) => {
                                let v: Value = serde_json::from_slice(&body).map_err(|e| {
                                    ApiError::bad_request(format!("error decoding patch: {e}"))
                                })?;
                                w.store.patch_status(&rt, ns, name, pt, &v)?
                            }
                            None => w.store.patch(&rt, ns, name, pt, &body)?,
                        };
                        touch(w, &out);
                        Ok(json_response(200, &out))
                    })
                })
            }
            ("DELETE", Some(name), None) => {
                let grace = match grace_period(query, &body) {
                    Ok(g) => g,
                    Err(e) => return error_response(&e),
                };
                if dry_run {
                    sim.read(|w| w.store.get(&rt, ns, name))
                        .map(|o| json_response(200, &o))
                } else {
                    sim.mutate(|w| delete(w, &rt, ns, name, grace))
                        .map(|o| json_response(200, &o))
                }
            }
            _ => Err(ApiError::method_not_allowed()),
        };
    result.unwrap_or_else(|e| error_response(&e))
}

pub(super) fn parse_body(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("the request body is not JSON: {e}")))
}

/// Tells the controllers a workload or pod changed.
pub(super) fn touch(w: &mut super::state::World, obj: &Value) {
    if obj.get("kind").and_then(Value::as_str) == Some("Node") {
        let World {
            store, controllers, ..
        } = w;
        controllers.node_changed(store, obj);
    }
    if let Some(ns) = obj.pointer("/metadata/namespace").and_then(Value::as_str) {
        w.controllers.touch(ns);
    }
}

pub fn as_table(parts: &Parts) -> bool {
    table::wanted(
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    )
}

fn list(
    sim: &Sim,
    rt: &ResourceType,
    ns: Option<&str>,
    query: &Query,
    as_table: bool,
) -> Result<Response<Body>, ApiError> {
    let limit = query.number("limit").map_err(ApiError::bad_request)?;
    let opts = ListOptions {
        label_selector: query.get("labelSelector").map(str::to_string),
        field_selector: query.get("fieldSelector").map(str::to_string),
        limit: limit.filter(|l| *l > 0).map(|l| l as usize),
        continue_token: query.get("continue").map(str::to_string),
        resource_version: query.get("resourceVersion").map(str::to_string),
    };
    let bytes = sim.read(|w| {
        let page = w.store.list(rt, ns, &opts)?;
        if as_table {
            let mut meta = json!({"resourceVersion": page.resource_version.to_string()});
            if let Some(c) = &page.continue_token {
                meta["continue"] = json!(c);
            }
            if let Some(r) = page.remaining_item_count {
                meta["remainingItemCount"] = json!(r);
            }
            let values = page.values();
            let items: Vec<&Value> = values.iter().collect();
            let include = query.get("includeObject").unwrap_or("Metadata");
            let t = table::table(&rt.kind, &items, meta, w.store.now(), include);
            return serde_json::to_vec(&t).map_err(|e| ApiError::internal(&e.to_string()));
        }
        let mut buf = Vec::with_capacity(page.items.len() * 1024 + 256);
        page.write_json(&mut buf)
            .map_err(|e| ApiError::internal(&e.to_string()))?;
        Ok::<_, ApiError>(buf)
    })?;
    let mut r = Response::new(super::http::full(bytes));
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    Ok(r)
}
