//! Secret values never leave this module: a Secret's `data` and
//! `stringData` values become their byte length, and the last-applied
//! annotation (which can hold them) is hidden too. Keys stay.

use serde_json::Value;

/// The annotation `kubectl apply` keeps the applied object in.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// What replaces a hidden value: its size only.
pub fn hidden(bytes: usize) -> String {
    format!("(hidden: {bytes} bytes)")
}

/// `object` with a Secret's values replaced by their byte length (any
/// other kind is returned as it is).
pub fn object(mut object: Value) -> Value {
    if object.get("kind").and_then(Value::as_str) != Some("Secret") {
        return object;
    }
    if let Some(map) = object.get_mut("data").and_then(Value::as_object_mut) {
        for v in map.values_mut() {
            let n = v.as_str().map_or(0, base64_len);
            *v = Value::String(hidden(n));
        }
    }
    if let Some(map) = object.get_mut("stringData").and_then(Value::as_object_mut) {
        for v in map.values_mut() {
            let n = v.as_str().map_or(0, str::len);
            *v = Value::String(hidden(n));
        }
    }
    if let Some(a) = object
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
        && let Some(v) = a.get_mut(LAST_APPLIED)
    {
        let n = v.as_str().map_or(0, str::len);
        *v = Value::String(hidden(n));
    }
    object
}

/// How many bytes a base64 text decodes to.
pub fn base64_len(s: &str) -> usize {
    let s: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let pad = s.iter().rev().take_while(|&&b| b == b'=').count().min(2);
    let n = s.len() - pad;
    n * 3 / 4
}
