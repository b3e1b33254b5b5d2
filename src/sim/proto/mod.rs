//! Request bodies in `application/vnd.kubernetes.protobuf`, what kubectl's
//! typed clients send for built-in kinds (`kubectl create namespace`,
//! `kubectl create deployment`, ...): the `k8s\0` envelope holding a
//! `runtime.Unknown` (apiVersion, kind, the object's message), decoded to
//! the JSON object the rest of the server works on.

pub mod decode;
pub mod schema;

use bytes::Bytes;
use serde_json::Value;

use super::objects::api_error::ApiError;

use self::decode::message;
use self::schema::Schema;

pub const CONTENT_TYPE: &str = "application/vnd.kubernetes.protobuf";
const MAGIC: &[u8] = b"k8s\0";

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtoError {
    /// Not protobuf the server understands (answer 400).
    Malformed(String),
    /// A kind the server takes only as JSON or YAML (answer 415, as the API
    /// server does for custom resources).
    Unsupported { api_version: String, kind: String },
}

/// Whether a `Content-Type` header names the Kubernetes protobuf encoding.
pub fn is_protobuf(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(CONTENT_TYPE))
}

/// The request body as JSON: a protobuf body (`content_type`) is decoded;
/// a kind with no protobuf form gets 415, as from the real server.
/// Other types of an object body (not a patch's) get 415 too, as the real
/// server answers for types it does not decode.
pub fn json_body(content_type: &str, body: Bytes, is_patch: bool) -> Result<Bytes, ApiError> {
    let media = content_type.split(';').next().unwrap_or("").trim();
    let json = media.is_empty() || media.eq_ignore_ascii_case("application/json");
    if !is_patch && !json && !is_protobuf(content_type) && !body.is_empty() {
        return Err(ApiError::unsupported_media_type(&[
            "application/json",
            CONTENT_TYPE,
        ]));
    }
    if !is_protobuf(content_type) || body.is_empty() {
        return Ok(body);
    }
    match decode_body(&body) {
        Ok(v) => serde_json::to_vec(&v)
            .map(Bytes::from)
            .map_err(|e| ApiError::internal(&e.to_string())),
        Err(ProtoError::Malformed(m)) => Err(ApiError::bad_request(m)),
        Err(ProtoError::Unsupported { .. }) => Err(ApiError::unsupported_media_type(&[
            "application/json",
            "application/yaml",
        ])),
    }
}

/// Decodes a protobuf request body into the object's JSON, with its
/// `apiVersion` and `kind`.
pub fn decode_body(body: &[u8]) -> Result<Value, ProtoError> {
    decode_with(Schema::builtin(), body)
}

pub fn decode_with(schema: &Schema, body: &[u8]) -> Result<Value, ProtoError> {
    let bad = |m: String| ProtoError::Malformed(format!("the protobuf request body is not valid: {m}"));
    let unknown = body
        .strip_prefix(MAGIC)
        .ok_or_else(|| bad("it does not start with the k8s protobuf prefix".into()))?;
    let envelope = message(schema, "k8s.io.apimachinery.pkg.runtime.Unknown", unknown).map_err(bad)?;
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
    let type_meta = envelope.get("typeMeta").cloned().unwrap_or(Value::Null);
    let (api_version, kind) = (text(&type_meta, "apiVersion"), text(&type_meta, "kind"));
    let Some(root) = schema.kind(&api_version, &kind) else {
        return Err(ProtoError::Unsupported { api_version, kind });
    };
    // `raw` is base64 in the envelope's JSON: decode the inner message from the bytes.
    let raw = envelope
        .get("raw")
        .and_then(Value::as_str)
        .map(|b| base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b))
        .transpose()
        .map_err(|e| bad(e.to_string()))?
        .unwrap_or_default();
    let mut obj = message(schema, root, &raw).map_err(bad)?;
    if let Value::Object(m) = &mut obj {
        m.insert("apiVersion".into(), Value::from(api_version));
        m.insert("kind".into(), Value::from(kind));
    }
    Ok(obj)
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
