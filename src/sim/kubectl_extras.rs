//! What `kubectl auth can-i` asks of the simulator: a
//! SelfSubjectAccessReview (allowed, unless the scenario's `forbidden`
//! fault names the resource). Pod logs are `pod_logs`.

use std::sync::{Arc, LazyLock};

use bytes::Bytes;
use http::request::Parts;
use hyper::Response;
use serde_json::{Value, json};

use super::api::error_response;
use super::http::{Body, json_response};
use super::objects::api_error::ApiError;
use super::proto::schema::Schema;
use super::route::{Route, parse_path};
use super::state::Sim;

/// The builtin schema and the review kubectl sends as protobuf (the
/// generated schema has no authorization.k8s.io types).
static REVIEW_SCHEMA: LazyLock<Schema> = LazyLock::new(|| {
    Schema::parse(&format!(
        "{}\n{}",
        include_str!("proto/schema.txt"),
        "kind authorization.k8s.io/v1 SelfSubjectAccessReview k8s.io.api.authorization.v1.SelfSubjectAccessReview
message k8s.io.api.authorization.v1.SelfSubjectAccessReview
1 metadata optional k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta
2 spec optional k8s.io.api.authorization.v1.SelfSubjectAccessReviewSpec
message k8s.io.api.authorization.v1.SelfSubjectAccessReviewSpec
1 resourceAttributes optional k8s.io.api.authorization.v1.ResourceAttributes
2 nonResourceAttributes optional k8s.io.api.authorization.v1.NonResourceAttributes
message k8s.io.api.authorization.v1.ResourceAttributes
1 namespace optional string
2 verb optional string
3 group optional string
4 version optional string
5 resource optional string
6 subresource optional string
7 name optional string
message k8s.io.api.authorization.v1.NonResourceAttributes
1 path optional string
2 verb optional string"
    ))
});

/// The answer when the request is one of these; `None` otherwise.
pub fn answer(sim: &Arc<Sim>, parts: &Parts, body: &Bytes) -> Option<Response<Body>> {
    let Route::Resource(p) = parse_path(parts.uri.path()) else {
        return None;
    };
    match (parts.method.as_str(), p.group.as_str(), p.plural.as_str()) {
        ("POST", "authorization.k8s.io", "selfsubjectaccessreviews") if p.name.is_none() => {
            let content_type = parts
                .headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let decoded = if super::proto::is_protobuf(content_type) {
                super::proto::decode_with(&REVIEW_SCHEMA, body)
                    .map_err(|e| format!("{e:?}"))
                    .and_then(|v| serde_json::to_vec(&v).map_err(|e| e.to_string()))
                    .map(Bytes::from)
            } else {
                Ok(body.clone())
            };
            Some(match decoded {
                Ok(json) => review(sim, &json),
                Err(e) => error_response(&ApiError::bad_request(format!("decoding the review: {e}"))),
            })
        }
        _ => None,
    }
}

fn review(sim: &Sim, body: &Bytes) -> Response<Body> {
    let mut obj: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return error_response(&ApiError::bad_request(format!("decoding the review: {e}"))),
    };
    let attrs = obj
        .pointer("/spec/resourceAttributes")
        .cloned()
        .unwrap_or(Value::Null);
    let group = attrs.get("group").and_then(Value::as_str).unwrap_or("");
    let resource = attrs.get("resource").and_then(Value::as_str).unwrap_or("");
    let allowed = !sim.cluster.faults.is_forbidden(group, resource);
    obj["status"] = json!({ "allowed": allowed });
    json_response(201, &obj)
}
