//! Field selectors (`?fieldSelector=`) with the per-kind field lists of the real
//! kube-apiserver, and [`Filter`], the label+field pair lists and watches apply.
//!
//! Syntax: `f=v`, `f==v`, `f!=v` joined by `,` (AND), with `\,` `\=` `\\` escapes
//! in values. Every kind takes `metadata.name` and `metadata.namespace`; built-in
//! kinds take their real extra fields (pods `spec.nodeName`, `status.phase`...,
//! nodes `spec.unschedulable`...), anything else is 400 `field label not supported:
//! f`; custom resources answer the CRD wording. Values are looked up by dotted path
//! and compared as strings (missing booleans read `false`, missing fields `""`).

use serde_json::Value;

use super::api_error::ApiError;
use super::selector::LabelSelector;
use super::store::ResourceType;

/// One `field=value` / `field!=value` term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRequirement {
    /// Dotted field path (`spec.nodeName`).
    pub field: String,
    /// True for `!=`.
    pub negate: bool,
    /// Unescaped value.
    pub value: String,
}

/// A conjunction of field requirements; empty matches everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldSelector {
    requirements: Vec<FieldRequirement>,
}

/// Fields the real server accepts beyond `metadata.name` and `metadata.namespace`,
/// by (group, kind). `None`: not a built-in kind (CRD rules apply).
fn extra_fields(rt: &ResourceType) -> Option<&'static [&'static str]> {
    if !rt.is_builtin() {
        return None;
    }
    Some(match (rt.group.as_str(), rt.kind.as_str()) {
        ("", "Pod") => &[
            "spec.nodeName",
            "spec.restartPolicy",
            "spec.schedulerName",
            "spec.serviceAccountName",
            "spec.hostNetwork",
            "status.phase",
            "status.podIP",
            "status.podIPs",
            "status.nominatedNodeName",
        ],
        ("", "Node") => &["spec.unschedulable"],
        ("", "Event") => &[
            "involvedObject.kind",
            "involvedObject.namespace",
            "involvedObject.name",
            "involvedObject.uid",
            "involvedObject.apiVersion",
            "involvedObject.resourceVersion",
            "involvedObject.fieldPath",
            "reason",
            "reportingComponent",
            "source",
            "type",
        ],
        ("", "Secret") => &["type"],
        ("", "Namespace") => &["status.phase"],
        ("", "Service") => &["spec.clusterIP", "spec.type"],
        ("", "ReplicationController") | ("apps", "ReplicaSet") => &["status.replicas"],
        ("batch", "Job") => &["status.successful"],
        ("certificates.k8s.io", "CertificateSigningRequest") => &["spec.signerName"],
        _ => &[],
    })
}

impl FieldSelector {
    /// Matches every object.
    pub fn everything() -> Self {
        Self::default()
    }

    /// True when empty.
    pub fn is_everything(&self) -> bool {
        self.requirements.is_empty()
    }

    /// The parsed terms.
    pub fn requirements(&self) -> &[FieldRequirement] {
        &self.requirements
    }

    /// Parses `?fieldSelector=` for resource type `rt`; unsupported fields are a 400
    /// worded as the real server words it.
    pub fn parse(s: &str, rt: &ResourceType) -> Result<Self, ApiError> {
        let mut requirements = Vec::new();
        if s.is_empty() {
            return Ok(Self::everything());
        }
        for term in split_unescaped(s) {
            let (field, negate, raw) = split_term(term).ok_or_else(|| {
                ApiError::bad_request(format!("invalid selector: '{s}'; can't understand '{term}'"))
            })?;
            let value = unescape(raw).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "invalid selector: '{s}'; invalid escape sequence in '{raw}'"
                ))
            })?;
            let field = field.trim();
            check_supported(field, rt)?;
            requirements.push(FieldRequirement {
                field: field.to_string(),
                negate,
                value,
            });
        }
        Ok(FieldSelector { requirements })
    }

    /// Whether `obj` satisfies every term.
    pub fn matches(&self, obj: &Value) -> bool {
        self.requirements
            .iter()
            .all(|r| (field_value(obj, &r.field) == r.value) != r.negate)
    }
}

/// `selector` with each field name renamed by `rename` (values kept as
/// written, escapes included); for a resource whose field labels are
/// conversions of another's (`events.k8s.io` Events of core ones).
pub fn rename_fields(
    selector: &str,
    rename: impl Fn(&str) -> Result<String, ApiError>,
) -> Result<String, ApiError> {
    if selector.is_empty() {
        return Ok(String::new());
    }
    let mut out = Vec::new();
    for term in split_unescaped(selector) {
        let (field, negate, raw) = split_term(term).ok_or_else(|| {
            ApiError::bad_request(format!(
                "invalid selector: '{selector}'; can't understand '{term}'"
            ))
        })?;
        let op = if negate { "!=" } else { "=" };
        out.push(format!("{}{op}{raw}", rename(field.trim())?));
    }
    Ok(out.join(","))
}

fn check_supported(field: &str, rt: &ResourceType) -> Result<(), ApiError> {
    if matches!(field, "metadata.name" | "metadata.namespace") {
        return Ok(());
    }
    match extra_fields(rt) {
        Some(list) if list.contains(&field) => Ok(()),
        Some(_) => Err(ApiError::bad_request(format!(
            "field label not supported: {field}"
        ))),
        None => Err(ApiError::bad_request(format!(
            "{field:?} is not a known field selector: only \"metadata.name\", \"metadata.namespace\""
        ))),
    }
}

/// Splits on `,` not preceded by a backslash escape.
fn split_unescaped(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ',' => {
                parts.push(s.get(start..i).unwrap_or_default());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(s.get(start..).unwrap_or_default());
    parts
}

/// `(lhs, negate, rhs)` at the first `!=`, `==` or `=`.
fn split_term(term: &str) -> Option<(&str, bool, &str)> {
    for (i, _) in term.char_indices() {
        let rest = term.get(i..)?;
        for (op, negate) in [("!=", true), ("==", false), ("=", false)] {
            if let Some(rhs) = rest.strip_prefix(op) {
                return Some((term.get(..i)?, negate, rhs));
            }
        }
    }
    None
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some(e @ ('\\' | ',' | '=')) => out.push(e),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// The string a field selector compares for `field` of `obj`, as the real server's
/// field sets render it (missing booleans are `false`, missing counts `0`).
pub fn field_value(obj: &Value, field: &str) -> String {
    let path = if field == "source" {
        "source.component"
    } else {
        field
    };
    let mut cur = Some(obj);
    for part in path.split('.') {
        cur = cur.and_then(|v| v.get(part));
    }
    match cur {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().or_else(|| i.get("ip").and_then(Value::as_str)))
            .collect::<Vec<_>>()
            .join(","),
        _ => match field {
            "spec.unschedulable" | "spec.hostNetwork" => "false".to_string(),
            "status.replicas" | "status.successful" => "0".to_string(),
            _ => String::new(),
        },
    }
}

/// Label and field selector together, as a list or watch request carries them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// `?labelSelector=`.
    pub label: LabelSelector,
    /// `?fieldSelector=`.
    pub field: FieldSelector,
}

impl Filter {
    /// Matches every object.
    pub fn everything() -> Self {
        Self::default()
    }

    /// Parses the query parameters (absent or empty: no constraint).
    pub fn parse(
        rt: &ResourceType,
        label_selector: Option<&str>,
        field_selector: Option<&str>,
    ) -> Result<Self, ApiError> {
        Ok(Filter {
            label: LabelSelector::parse(label_selector.unwrap_or_default())?,
            field: FieldSelector::parse(field_selector.unwrap_or_default(), rt)?,
        })
    }

    /// True when neither selector constrains anything.
    pub fn is_everything(&self) -> bool {
        self.label.is_everything() && self.field.is_everything()
    }

    /// Whether `obj` passes both selectors.
    pub fn matches(&self, obj: &Value) -> bool {
        self.label.matches_object(obj) && self.field.matches(obj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rt(group: &str, kind: &str, plural: &str) -> ResourceType {
        ResourceType::new(group, "v1", kind, plural, true)
    }

    #[test]
    fn pod_fields_and_operators() {
        let pods = rt("", "Pod", "pods");
        let p = json!({"metadata":{"name":"a","namespace":"ns"},
                       "spec":{"nodeName":"n1"},"status":{"phase":"Running"}});
        let unscheduled = json!({"metadata":{"name":"b","namespace":"ns"},"spec":{}});
        let sel = |s: &str| FieldSelector::parse(s, &pods);
        assert!(sel("spec.nodeName=n1").is_ok_and(|f| f.matches(&p)));
        assert!(sel("spec.nodeName==n1,status.phase=Running").is_ok_and(|f| f.matches(&p)));
        assert!(sel("spec.nodeName!=n1").is_ok_and(|f| !f.matches(&p)));
        assert!(sel("spec.nodeName=").is_ok_and(|f| f.matches(&unscheduled) && !f.matches(&p)));
        assert!(sel("metadata.namespace=ns,metadata.name=b").is_ok_and(|f| f.matches(&unscheduled)));
        assert!(sel("status.phase!=Running").is_ok_and(|f| f.matches(&unscheduled)));
    }

    #[test]
    fn node_unschedulable_defaults_to_false() {
        let nodes = ResourceType::new("", "v1", "Node", "nodes", false);
        let plain = json!({"metadata":{"name":"n"},"spec":{}});
        let cordoned = json!({"metadata":{"name":"n"},"spec":{"unschedulable":true}});
        let f = FieldSelector::parse("spec.unschedulable=false", &nodes);
        assert!(
            f.as_ref()
                .is_ok_and(|f| f.matches(&plain) && !f.matches(&cordoned))
        );
        let f = FieldSelector::parse("spec.unschedulable=true", &nodes);
        assert!(f.is_ok_and(|f| f.matches(&cordoned)));
    }

    #[test]
    fn unsupported_fields_are_rejected_like_the_real_server() {
        let e = FieldSelector::parse("spec.foo=x", &rt("", "Pod", "pods"));
        assert_eq!(
            e.map_err(|e| (e.code, e.message)),
            Err((400, "field label not supported: spec.foo".to_string()))
        );
        let crd = rt("velero.io", "Backup", "backups");
        let e = FieldSelector::parse("status.phase=Completed", &crd);
        assert_eq!(
            e.map_err(|e| e.message),
            Err("\"status.phase\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"".to_string())
        );
        assert!(FieldSelector::parse("metadata.name=x", &crd).is_ok());
        let e = FieldSelector::parse("nonsense", &crd);
        assert_eq!(e.map_err(|e| e.code), Err(400));
    }

    #[test]
    fn escapes_in_values() {
        let secrets = rt("", "Secret", "secrets");
        let f = FieldSelector::parse(r"type=a\,b\=c\\d,metadata.name=s", &secrets);
        let reqs = f.map(|f| f.requirements().to_vec()).unwrap_or_default();
        assert_eq!(reqs.len(), 2);
        assert_eq!(reqs.first().map(|r| r.value.as_str()), Some(r"a,b=c\d"));
        assert!(FieldSelector::parse(r"type=a\x", &secrets).is_err());
    }

    #[test]
    fn filter_combines_both() {
        let pods = rt("", "Pod", "pods");
        let f = Filter::parse(&pods, Some("app=web"), Some("spec.nodeName=n1"));
        let hit = json!({"metadata":{"labels":{"app":"web"}},"spec":{"nodeName":"n1"}});
        let miss = json!({"metadata":{"labels":{"app":"web"}},"spec":{"nodeName":"n2"}});
        assert!(f.is_ok_and(|f| f.matches(&hit) && !f.matches(&miss) && !f.is_everything()));
        assert!(Filter::parse(&pods, None, Some("")).is_ok_and(|f| f.is_everything()));
    }
}
