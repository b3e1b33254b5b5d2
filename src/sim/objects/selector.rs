//! Label selectors with Kubernetes semantics (field selectors and the combined
//! `Filter` are in `field_selector`).
//!
//! Label selectors, string form (`?labelSelector=`): `a=b`, `a==b`, `a!=b`,
//! `a in (x,y)`, `a notin (x)`, `a` (exists), `!a` (does not exist), `a>1`, `a<1`,
//! joined by `,` (AND). `!=` and `notin` also match objects *without* the label, as
//! on a real server. The empty string matches everything.
//!
//! Structured form (`metav1.LabelSelector` in PDBs, Deployments...): `null`/absent
//! matches **nothing**; `{}` (no matchLabels, no matchExpressions) matches
//! **everything** (`LabelSelectorAsSelector` semantics; policy/v1 PDBs rely on it).

use serde_json::{Map, Value};

use super::api_error::ApiError;
use super::selector_parse::parse_requirements;

/// Label requirement operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `a=b` / `a==b`: label present and equal.
    Equals,
    /// `a!=b`: label absent or different.
    NotEquals,
    /// `a in (x,y)`: label present with one of the values.
    In,
    /// `a notin (x)`: label absent or none of the values.
    NotIn,
    /// `a`: label present.
    Exists,
    /// `!a`: label absent.
    DoesNotExist,
    /// `a>5`: label present, an integer greater than the value.
    GreaterThan,
    /// `a<5`: label present, an integer less than the value.
    LessThan,
}

/// One `key op values` term of a label selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Label key.
    pub key: String,
    /// Operator.
    pub operator: Operator,
    /// Values (one for Equals/NotEquals/Gt/Lt, a set for In/NotIn, none otherwise).
    pub values: Vec<String>,
}

impl Requirement {
    fn matches(&self, labels: Option<&Map<String, Value>>) -> bool {
        let got = labels.and_then(|l| l.get(&self.key)).and_then(Value::as_str);
        let within = |v: &str| self.values.iter().any(|x| x == v);
        match self.operator {
            Operator::Equals | Operator::In => got.is_some_and(within),
            Operator::NotEquals | Operator::NotIn => !got.is_some_and(within),
            Operator::Exists => got.is_some(),
            Operator::DoesNotExist => got.is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                let (Some(have), Some(want)) = (
                    got.and_then(|g| g.parse::<i64>().ok()),
                    self.values.first().and_then(|v| v.parse::<i64>().ok()),
                ) else {
                    return false;
                };
                if self.operator == Operator::GreaterThan {
                    have > want
                } else {
                    have < want
                }
            }
        }
    }
}

/// A parsed label selector: a conjunction of requirements, or "nothing".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LabelSelector {
    nothing: bool,
    requirements: Vec<Requirement>,
}

impl LabelSelector {
    /// Matches every object.
    pub fn everything() -> Self {
        Self::default()
    }

    /// Matches no object (a null structured selector).
    pub fn nothing() -> Self {
        LabelSelector {
            nothing: true,
            requirements: Vec::new(),
        }
    }

    /// True when this selector matches every object.
    pub fn is_everything(&self) -> bool {
        !self.nothing && self.requirements.is_empty()
    }

    /// The requirements (empty for everything/nothing).
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// `key=value` for each entry (a Service selector, a nodeSelector, matchLabels).
    /// Non-string values are a 400.
    pub fn from_map(map: &Map<String, Value>) -> Result<Self, ApiError> {
        let mut requirements = Vec::with_capacity(map.len());
        for (k, v) in map {
            let v = v.as_str().ok_or_else(|| {
                ApiError::bad_request(format!("label selector value for {k:?} must be a string"))
            })?;
            requirements.push(requirement(k, Operator::Equals, vec![v.to_string()])?);
        }
        Ok(LabelSelector {
            nothing: false,
            requirements,
        })
    }

    /// The structured `metav1.LabelSelector` (`matchLabels`, `matchExpressions`).
    /// `None`/`null` matches nothing, `{}` matches everything.
    pub fn from_structured(sel: Option<&Value>) -> Result<Self, ApiError> {
        let obj = match sel {
            None | Some(Value::Null) => return Ok(Self::nothing()),
            Some(Value::Object(o)) => o,
            Some(_) => return Err(ApiError::bad_request("label selector must be an object")),
        };
        let mut out = match obj.get("matchLabels") {
            None | Some(Value::Null) => Self::everything(),
            Some(Value::Object(m)) => Self::from_map(m)?,
            Some(_) => return Err(ApiError::bad_request("matchLabels must be an object")),
        };
        let exprs = match obj.get("matchExpressions") {
            None | Some(Value::Null) => &[][..],
            Some(Value::Array(a)) => a.as_slice(),
            Some(_) => return Err(ApiError::bad_request("matchExpressions must be a list")),
        };
        for e in exprs {
            let key = e.get("key").and_then(Value::as_str).unwrap_or_default();
            let op_name = e.get("operator").and_then(Value::as_str).unwrap_or_default();
            let operator = match op_name {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                other => {
                    return Err(ApiError::bad_request(format!(
                        "{other:?} is not a valid label selector operator"
                    )));
                }
            };
            let values = match e.get("values") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|v| v.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| ApiError::bad_request("matchExpressions values must be strings"))?,
                Some(_) => {
                    return Err(ApiError::bad_request("matchExpressions values must be a list"));
                }
            };
            out.requirements.push(requirement(key, operator, values)?);
        }
        Ok(out)
    }

    /// Parses the string form used by `?labelSelector=`.
    pub fn parse(s: &str) -> Result<Self, ApiError> {
        let requirements = parse_requirements(s)?;
        Ok(LabelSelector {
            nothing: false,
            requirements,
        })
    }

    /// Whether a label map (`metadata.labels`, possibly absent) satisfies the selector.
    pub fn matches(&self, labels: Option<&Map<String, Value>>) -> bool {
        !self.nothing && self.requirements.iter().all(|r| r.matches(labels))
    }

    /// Whether an object's `metadata.labels` satisfies the selector.
    pub fn matches_object(&self, obj: &Value) -> bool {
        self.matches(obj.pointer("/metadata/labels").and_then(Value::as_object))
    }
}

pub(super) fn parse_err(msg: &str) -> ApiError {
    ApiError::bad_request(format!("unable to parse requirement: {msg}"))
}

pub(super) fn requirement(
    key: &str,
    operator: Operator,
    values: Vec<String>,
) -> Result<Requirement, ApiError> {
    validate_key(key).map_err(|e| parse_err(&format!("key: Invalid value: {key:?}: {e}")))?;
    match operator {
        Operator::In | Operator::NotIn if values.is_empty() => {
            return Err(parse_err(
                "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty",
            ));
        }
        Operator::Equals | Operator::NotEquals if values.len() != 1 => {
            return Err(parse_err(
                "values: Invalid value: exact-match compatibility requires one single value",
            ));
        }
        Operator::Exists | Operator::DoesNotExist if !values.is_empty() => {
            return Err(parse_err(
                "values: Invalid value: values set must be empty for exists and does not exist",
            ));
        }
        Operator::GreaterThan | Operator::LessThan
            if values.len() != 1 || values.iter().any(|v| v.parse::<i64>().is_err()) =>
        {
            return Err(parse_err(
                "values: Invalid value: for 'Gt', 'Lt' operators, the value must be an integer",
            ));
        }
        _ => {}
    }
    if !matches!(operator, Operator::GreaterThan | Operator::LessThan) {
        for (i, v) in values.iter().enumerate() {
            validate_value(v)
                .map_err(|e| parse_err(&format!("values[{i}][{key}]: Invalid value: {v:?}: {e}")))?;
        }
    }
    Ok(Requirement {
        key: key.to_string(),
        operator,
        values,
    })
}

const NAME_RULE: &str = "must be 63 characters or less, begin and end with an alphanumeric \
                         character, and contain only alphanumerics, '-', '_' or '.'";

fn is_label_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

fn validate_key(key: &str) -> Result<(), String> {
    let (prefix, name) = match key.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, key),
    };
    if let Some(p) = prefix {
        let dns_ok = !p.is_empty()
            && p.len() <= 253
            && p.split('.').all(|part| {
                let b = part.as_bytes();
                !b.is_empty()
                    && b.first().is_some_and(u8::is_ascii_alphanumeric)
                    && b.last().is_some_and(u8::is_ascii_alphanumeric)
                    && b.iter()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
            });
        if !dns_ok {
            return Err("prefix part must be a lowercase RFC 1123 subdomain".to_string());
        }
    }
    if is_label_name(name) {
        Ok(())
    } else {
        Err(format!("name part {NAME_RULE}"))
    }
}

fn validate_value(v: &str) -> Result<(), String> {
    if v.is_empty() || is_label_name(v) {
        Ok(())
    } else {
        Err(format!("a valid label {NAME_RULE}"))
    }
}

#[cfg(test)]
#[path = "selector_tests.rs"]
mod tests;
