//! Errors of the simulated API server, shaped like the real kube-apiserver's
//! `Status` objects (`k8s.io/apimachinery/pkg/api/errors`), so clients such as
//! kubectl and kube-rs print and classify them exactly as on a real cluster.

use serde_json::{Map, Value, json};

/// One cause inside `Status.details.causes`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusCause {
    /// Machine-readable cause (`FieldValueInvalid`, `DisruptionBudget`, ...); JSON `reason`.
    pub reason: String,
    /// Human-readable description.
    pub message: String,
    /// Field path the cause refers to (`metadata.name`), empty when none.
    pub field: String,
}

/// `Status.details`: which object the error is about and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusDetails {
    /// Object name (empty: omitted).
    pub name: String,
    /// API group (empty for core: omitted).
    pub group: String,
    /// Resource plural for NotFound/Conflict/AlreadyExists/Forbidden, Kind for Invalid.
    pub kind: String,
    /// Individual causes.
    pub causes: Vec<StatusCause>,
    /// Suggested client back-off (`retryAfterSeconds`), 0: omitted.
    pub retry_after_seconds: u32,
}

/// An API error answered as a `Status` object with an HTTP code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// HTTP status code.
    pub code: u16,
    /// `Status.reason` (`NotFound`, `Conflict`, `Expired`, ...).
    pub reason: &'static str,
    /// `Status.message`, the text kubectl prints after `Error from server (Reason):`.
    pub message: String,
    /// `Status.details`; `None` omits the field (boxed to keep `Result`s small).
    pub details: Option<Box<StatusDetails>>,
}

/// `plural` or `plural.group`, as `schema.GroupResource.String()` prints it.
pub fn qualified(group: &str, name: &str) -> String {
    if group.is_empty() {
        name.to_string()
    } else {
        format!("{name}.{group}")
    }
}

fn object_details(group: &str, kind: &str, name: &str) -> Option<Box<StatusDetails>> {
    Some(Box::new(StatusDetails {
        name: name.to_string(),
        group: group.to_string(),
        kind: kind.to_string(),
        ..StatusDetails::default()
    }))
}

impl ApiError {
    fn new(code: u16, reason: &'static str, message: String) -> Self {
        ApiError {
            code,
            reason,
            message,
            details: None,
        }
    }

    /// 404 `pods "web-1" not found` / `deployments.apps "x" not found`.
    pub fn not_found(group: &str, plural: &str, name: &str) -> Self {
        ApiError {
            details: object_details(group, plural, name),
            ..Self::new(
                404,
                "NotFound",
                format!("{} \"{name}\" not found", qualified(group, plural)),
            )
        }
    }

    /// 404 for a path that names no known resource type.
    pub fn resource_not_found() -> Self {
        ApiError {
            details: Some(Box::default()),
            ..Self::new(
                404,
                "NotFound",
                "the server could not find the requested resource".to_string(),
            )
        }
    }

    /// 409 `pods "web-1" already exists`.
    pub fn already_exists(group: &str, plural: &str, name: &str) -> Self {
        ApiError {
            details: object_details(group, plural, name),
            ..Self::new(
                409,
                "AlreadyExists",
                format!("{} \"{name}\" already exists", qualified(group, plural)),
            )
        }
    }

    /// 409 `Operation cannot be fulfilled on pods "x": {why}`.
    pub fn conflict(group: &str, plural: &str, name: &str, why: &str) -> Self {
        ApiError {
            details: object_details(group, plural, name),
            ..Self::new(
                409,
                "Conflict",
                format!(
                    "Operation cannot be fulfilled on {} \"{name}\": {why}",
                    qualified(group, plural)
                ),
            )
        }
    }

    /// 409 for a stale `resourceVersion` (optimistic concurrency failure).
    pub fn conflict_modified(group: &str, plural: &str, name: &str) -> Self {
        Self::conflict(
            group,
            plural,
            name,
            "the object has been modified; please apply your changes to the latest version and try again",
        )
    }

    /// 403 `pods "x" is forbidden: {why}` (`pods is forbidden: ...` when `name` is empty).
    pub fn forbidden(group: &str, plural: &str, name: &str, why: &str) -> Self {
        let res = qualified(group, plural);
        let message = if name.is_empty() {
            format!("{res} is forbidden: {why}")
        } else {
            format!("{res} \"{name}\" is forbidden: {why}")
        };
        ApiError {
            details: object_details(group, plural, name),
            ..Self::new(403, "Forbidden", message)
        }
    }

    /// 403 as RBAC words it: `pods is forbidden: User "u" cannot list resource "pods"
    /// in API group "" in the namespace "default"` (or `at the cluster scope`).
    pub fn forbidden_rbac(
        user: &str,
        verb: &str,
        group: &str,
        plural: &str,
        namespace: Option<&str>,
    ) -> Self {
        let scope = match namespace {
            Some(ns) => format!("in the namespace \"{ns}\""),
            None => "at the cluster scope".to_string(),
        };
        let why =
            format!("User \"{user}\" cannot {verb} resource \"{plural}\" in API group \"{group}\" {scope}");
        Self::forbidden(group, plural, "", &why)
    }

    /// 410 with reason `Gone`.
    pub fn gone(message: impl Into<String>) -> Self {
        Self::new(410, "Gone", message.into())
    }

    /// 410 with reason `Expired` (what watch caches and etcd compaction answer).
    pub fn expired(message: impl Into<String>) -> Self {
        Self::new(410, "Expired", message.into())
    }

    /// 410 Expired `too old resource version: {asked} ({compacted})`.
    pub fn too_old_resource_version(asked: u64, compacted: u64) -> Self {
        Self::expired(format!("too old resource version: {asked} ({compacted})"))
    }

    /// 410 Expired for a `continue` token older than the compaction point.
    pub fn continue_expired() -> Self {
        Self::expired(
            "The provided continue parameter is too old to display a consistent list result. \
             You can start a new list without the continue parameter.",
        )
    }

    /// 429 TooManyRequests; `retry_after_seconds` 0 omits the hint.
    pub fn too_many_requests(message: impl Into<String>, retry_after_seconds: u32) -> Self {
        ApiError {
            details: Some(Box::new(StatusDetails {
                retry_after_seconds,
                ..StatusDetails::default()
            })),
            ..Self::new(429, "TooManyRequests", message.into())
        }
    }

    /// 429 the eviction API answers when a PodDisruptionBudget allows no disruption.
    pub fn eviction_blocked(pdb_name: &str, desired_healthy: i64, current_healthy: i64) -> Self {
        Self::too_many_requests(
            "Cannot evict pod as it would violate the pod's disruption budget.",
            0,
        )
        .with_cause(StatusCause {
            reason: "DisruptionBudget".to_string(),
            message: format!(
                "The disruption budget {pdb_name} needs {desired_healthy} healthy pods and has {current_healthy} currently"
            ),
            field: String::new(),
        })
    }

    /// 400 BadRequest.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message.into())
    }

    /// 422 Invalid: `Pod "x" is invalid: metadata.name: Required value: ...`.
    /// `kind` is the Kind (not the plural); each cause carries its field path.
    pub fn invalid(group: &str, kind: &str, name: &str, causes: Vec<StatusCause>) -> Self {
        let parts: Vec<String> = causes
            .iter()
            .map(|c| {
                if c.field.is_empty() {
                    c.message.clone()
                } else {
                    format!("{}: {}", c.field, c.message)
                }
            })
            .collect();
        let joined = match parts.as_slice() {
            [one] => one.clone(),
            _ => format!("[{}]", parts.join(", ")),
        };
        ApiError {
            details: Some(Box::new(StatusDetails {
                name: name.to_string(),
                group: group.to_string(),
                kind: kind.to_string(),
                causes,
                retry_after_seconds: 0,
            })),
            ..Self::new(
                422,
                "Invalid",
                format!("{} \"{name}\" is invalid: {joined}", qualified(group, kind)),
            )
        }
    }

    /// 415 for a patch Content-Type the server does not accept; `accepted` lists the
    /// media types this resource takes (CRDs take no strategic merge patch).
    pub fn unsupported_media_type(accepted: &[&str]) -> Self {
        Self::new(
            415,
            "UnsupportedMediaType",
            format!(
                "the body of the request was in an unknown format - accepted media types include: {}",
                accepted.join(", ")
            ),
        )
    }

    /// 405 MethodNotAllowed.
    pub fn method_not_allowed() -> Self {
        Self::new(
            405,
            "MethodNotAllowed",
            "the server does not allow this method on the requested resource".to_string(),
        )
    }

    /// 500 InternalError `Internal error occurred: {msg}`.
    pub fn internal(msg: &str) -> Self {
        ApiError {
            details: Some(Box::new(StatusDetails {
                causes: vec![StatusCause {
                    reason: String::new(),
                    message: msg.to_string(),
                    field: String::new(),
                }],
                ..StatusDetails::default()
            })),
            ..Self::new(500, "InternalError", format!("Internal error occurred: {msg}"))
        }
    }

    /// 503 ServiceUnavailable.
    pub fn service_unavailable(message: impl Into<String>) -> Self {
        Self::new(503, "ServiceUnavailable", message.into())
    }

    /// Adds a cause to `details` (creating it if absent).
    pub fn with_cause(mut self, cause: StatusCause) -> Self {
        self.details
            .get_or_insert_with(Default::default)
            .causes
            .push(cause);
        self
    }

    /// The `Status` object a real kube-apiserver would send for this error.
    pub fn to_status(&self) -> Value {
        let mut status = json!({
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
        });
        // An error of no known reason (a kubelet that cannot be reached) has none.
        if let (false, Some(obj)) = (self.reason.is_empty(), status.as_object_mut()) {
            obj.insert("reason".to_string(), Value::from(self.reason));
        }
        if let (Some(d), Some(obj)) = (&self.details, status.as_object_mut()) {
            obj.insert("details".to_string(), details_json(d));
        }
        if let Some(obj) = status.as_object_mut() {
            obj.insert("code".to_string(), Value::from(self.code));
        }
        status
    }
}

fn details_json(d: &StatusDetails) -> Value {
    let mut m = Map::new();
    for (key, val) in [("name", &d.name), ("group", &d.group), ("kind", &d.kind)] {
        if !val.is_empty() {
            m.insert(key.to_string(), Value::from(val.as_str()));
        }
    }
    if !d.causes.is_empty() {
        let causes = d
            .causes
            .iter()
            .map(|c| {
                let mut cm = Map::new();
                for (key, val) in [
                    ("reason", &c.reason),
                    ("message", &c.message),
                    ("field", &c.field),
                ] {
                    if !val.is_empty() {
                        cm.insert(key.to_string(), Value::from(val.as_str()));
                    }
                }
                Value::Object(cm)
            })
            .collect();
        m.insert("causes".to_string(), Value::Array(causes));
    }
    if d.retry_after_seconds > 0 {
        m.insert(
            "retryAfterSeconds".to_string(),
            Value::from(d.retry_after_seconds),
        );
    }
    Value::Object(m)
}

#[cfg(test)]
#[path = "api_error_tests.rs"]
mod tests;
