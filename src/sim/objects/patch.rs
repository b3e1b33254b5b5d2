//! The three patch formats the API server accepts: JSON patch (RFC 6902), JSON
//! merge patch (RFC 7386) and Kubernetes strategic merge patch (built-in kinds only).

use serde_json::Value;

use super::api_error::ApiError;
use super::strategic_merge;

/// A PATCH request's format, chosen by its Content-Type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchType {
    /// `application/json-patch+json` (RFC 6902).
    Json,
    /// `application/merge-patch+json` (RFC 7386).
    Merge,
    /// `application/strategic-merge-patch+json` (built-in kinds only).
    StrategicMerge,
}

const JSON_CT: &str = "application/json-patch+json";
const MERGE_CT: &str = "application/merge-patch+json";
const STRATEGIC_CT: &str = "application/strategic-merge-patch+json";

impl PatchType {
    /// Picks the format from a Content-Type header (parameters such as
    /// `; charset=utf-8` ignored). Strategic merge patch is refused with 415 for
    /// non-built-in kinds, as the real server refuses it for custom resources.
    pub fn from_content_type(content_type: &str, builtin_kind: bool) -> Result<Self, ApiError> {
        let media = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match media.as_str() {
            JSON_CT => Ok(PatchType::Json),
            MERGE_CT => Ok(PatchType::Merge),
            STRATEGIC_CT if builtin_kind => Ok(PatchType::StrategicMerge),
            _ if builtin_kind => Err(ApiError::unsupported_media_type(&[
                JSON_CT,
                MERGE_CT,
                STRATEGIC_CT,
            ])),
            _ => Err(ApiError::unsupported_media_type(&[JSON_CT, MERGE_CT])),
        }
    }

    /// The Content-Type naming this format.
    pub fn content_type(self) -> &'static str {
        match self {
            PatchType::Json => JSON_CT,
            PatchType::Merge => MERGE_CT,
            PatchType::StrategicMerge => STRATEGIC_CT,
        }
    }
}

/// Applies a raw patch body to a copy of `doc` and returns the result. `kind` picks
/// the strategic-merge rules (e.g. Service `ports` merge by `port`). The result must
/// still be a JSON object (else 422).
pub fn apply(doc: &Value, patch_type: PatchType, body: &[u8], kind: &str) -> Result<Value, ApiError> {
    let patch: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    apply_value(doc, patch_type, &patch, kind)
}

/// Like [`apply`], with the patch already parsed.
pub fn apply_value(doc: &Value, patch_type: PatchType, patch: &Value, kind: &str) -> Result<Value, ApiError> {
    let mut out = doc.clone();
    match patch_type {
        PatchType::Json => json_patch(&mut out, patch)?,
        PatchType::Merge => {
            if !patch.is_object() {
                return Err(ApiError::bad_request(
                    "error decoding patch: a merge patch must be a JSON object",
                ));
            }
            merge_patch(&mut out, patch);
        }
        PatchType::StrategicMerge => strategic_merge_patch(&mut out, patch, kind)?,
    }
    if !out.is_object() {
        return Err(unprocessable("the patched document is not a JSON object"));
    }
    Ok(out)
}

/// RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, anything
/// else (lists included) replaces.
pub fn merge_patch(doc: &mut Value, patch: &Value) {
    json_patch::merge(doc, patch);
}

/// RFC 6902 JSON patch. A malformed patch is a 400; an operation that cannot be
/// applied (missing path, failed `test`) is a 422, as on the real server.
pub fn json_patch(doc: &mut Value, patch: &Value) -> Result<(), ApiError> {
    let ops: json_patch::Patch = serde_json::from_value(patch.clone())
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    json_patch::patch(doc, &ops).map_err(|e| unprocessable(&e.to_string()))
}

/// Kubernetes strategic merge patch; see [`strategic_merge`] for the rules.
pub fn strategic_merge_patch(doc: &mut Value, patch: &Value, kind: &str) -> Result<(), ApiError> {
    strategic_merge::apply(doc, patch, kind)
}

fn unprocessable(msg: &str) -> ApiError {
    ApiError {
        code: 422,
        reason: "Invalid",
        message: msg.to_string(),
        details: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn content_types() {
        assert_eq!(
            PatchType::from_content_type("application/merge-patch+json; charset=utf-8", false),
            Ok(PatchType::Merge)
        );
        assert_eq!(
            PatchType::from_content_type(STRATEGIC_CT, true),
            Ok(PatchType::StrategicMerge)
        );
        let crd = PatchType::from_content_type(STRATEGIC_CT, false);
        assert_eq!(crd.as_ref().map_err(|e| e.code), Err(415));
        assert!(crd.is_err_and(|e| !e.message.contains("strategic")));
        let apply = PatchType::from_content_type("application/apply-patch+yaml", true);
        assert_eq!(apply.map_err(|e| e.reason), Err("UnsupportedMediaType"));
    }

    #[test]
    fn merge_patch_replaces_lists_and_deletes_nulls() {
        let doc = json!({"spec":{"containers":[{"name":"a","image":"x"},{"name":"b"}]},
                         "metadata":{"labels":{"k":"v","gone":"1"}}});
        let patch =
            br#"{"spec":{"containers":[{"name":"a","image":"y"}]},"metadata":{"labels":{"gone":null}}}"#;
        let out = apply(&doc, PatchType::Merge, patch, "Pod");
        assert_eq!(
            out,
            Ok(json!({"spec":{"containers":[{"name":"a","image":"y"}]},
                      "metadata":{"labels":{"k":"v"}}}))
        );
    }

    #[test]
    fn json_patch_ops_and_errors() {
        let doc = json!({"spec":{"unschedulable":false},"metadata":{"labels":{}}});
        let body = br#"[{"op":"replace","path":"/spec/unschedulable","value":true},
                        {"op":"add","path":"/metadata/labels/a~1b","value":"c"},
                        {"op":"test","path":"/spec/unschedulable","value":true}]"#;
        let out = apply(&doc, PatchType::Json, body, "Node");
        assert_eq!(
            out,
            Ok(json!({"spec":{"unschedulable":true},"metadata":{"labels":{"a/b":"c"}}}))
        );
        let failing = br#"[{"op":"test","path":"/spec/unschedulable","value":true}]"#;
        assert_eq!(
            apply(&doc, PatchType::Json, failing, "Node").map_err(|e| e.code),
            Err(422)
        );
        let missing = br#"[{"op":"remove","path":"/nope"}]"#;
        assert_eq!(
            apply(&doc, PatchType::Json, missing, "Node").map_err(|e| e.code),
            Err(422)
        );
        let malformed = br#"{"op":"remove"}"#;
        assert_eq!(
            apply(&doc, PatchType::Json, malformed, "Node").map_err(|e| e.code),
            Err(400)
        );
        let to_scalar = br#"[{"op":"replace","path":"","value":3}]"#;
        assert_eq!(
            apply(&doc, PatchType::Json, to_scalar, "Node").map_err(|e| e.code),
            Err(422)
        );
    }

    #[test]
    fn bad_json_is_bad_request() {
        let e = apply(&json!({}), PatchType::Merge, b"{nope", "Pod");
        assert_eq!(e.map_err(|e| e.code), Err(400));
        let e = apply(&json!({}), PatchType::Merge, b"[1]", "Pod");
        assert_eq!(e.map_err(|e| e.code), Err(400));
    }
}
