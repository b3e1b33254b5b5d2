//! Small helpers over `metadata` of JSON objects, and the deterministic UID and
//! generateName suffix generators (no randomness, no clock).

use serde_json::{Map, Value};

/// `metadata.<field>` as a string, if present.
pub fn meta_str<'a>(obj: &'a Value, field: &str) -> Option<&'a str> {
    obj.get("metadata")?.get(field)?.as_str()
}

/// `metadata.<field>` as a non-empty string, else `""`.
pub fn meta_or_empty<'a>(obj: &'a Value, field: &str) -> &'a str {
    meta_str(obj, field).unwrap_or_default()
}

/// The `metadata` map, created (and the object made a map) if missing.
pub fn metadata_mut(obj: &mut Value) -> &mut Map<String, Value> {
    ensure_map(ensure_map(obj).entry("metadata").or_insert(Value::Null))
}

/// Makes `v` an object (replacing a non-object) and returns its map.
pub fn ensure_map(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!("the value was just made an object"),
    }
}

/// Sets `metadata.<field>`.
pub fn set_meta(obj: &mut Value, field: &str, value: Value) {
    metadata_mut(obj).insert(field.to_string(), value);
}

/// Removes `metadata.<field>`, returning it.
pub fn take_meta(obj: &mut Value, field: &str) -> Option<Value> {
    obj.get_mut("metadata")?.as_object_mut()?.remove(field)
}

/// True when `metadata.finalizers` is a non-empty list.
pub fn has_finalizers(obj: &Value) -> bool {
    obj.pointer("/metadata/finalizers")
        .and_then(Value::as_array)
        .is_some_and(|f| !f.is_empty())
}

/// Rejects names that cannot be a URL path segment (the store keys on `ns/name`).
pub fn name_problem(name: &str) -> Option<&'static str> {
    if name == "." || name == ".." {
        Some("may not be '.' or '..'")
    } else if name.contains('/') {
        Some("may not contain '/'")
    } else if name.contains('%') {
        Some("may not contain '%'")
    } else {
        None
    }
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A UUID v4-shaped string derived from `n` (distinct `n` give distinct UIDs).
pub fn uid_from_counter(n: u64) -> String {
    let hi = (splitmix64(n.wrapping_mul(2)) & !0xF000) | 0x4000;
    let lo = (splitmix64(n.wrapping_mul(2).wrapping_add(1)) & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xFFFF,
        hi & 0xFFFF,
        lo >> 48,
        lo & 0xFFFF_FFFF_FFFF
    )
}

/// The alphabet the real name generator draws from (no vowels, no look-alikes).
const SUFFIX_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `generateName` + 5 characters derived from `n`, base truncated to 58 characters.
pub fn generated_name(base: &str, n: u64) -> String {
    let mut x = splitmix64(n ^ 0x005E_ED0F_6E4E);
    let mut out: String = base.chars().take(58).collect();
    for _ in 0..5 {
        let i = usize::try_from(x % SUFFIX_ALPHABET.len() as u64).unwrap_or_default();
        out.push(char::from(SUFFIX_ALPHABET.get(i).copied().unwrap_or(b'x')));
        x /= SUFFIX_ALPHABET.len() as u64;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn uids_are_v4_shaped_and_distinct() {
        let a = uid_from_counter(1);
        let b = uid_from_counter(2);
        assert_ne!(a, b);
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts.get(2).is_some_and(|p| p.starts_with('4')));
        assert!(parts.get(3).is_some_and(|p| p.starts_with(['8', '9', 'a', 'b'])));
        assert_eq!(a, uid_from_counter(1), "deterministic");
    }

    #[test]
    fn generated_names() {
        let a = generated_name("web-", 1);
        assert_eq!(a.len(), 9);
        assert!(a.starts_with("web-"));
        assert!(a.bytes().skip(4).all(|c| SUFFIX_ALPHABET.contains(&c)));
        assert_ne!(a, generated_name("web-", 2));
        assert_eq!(generated_name(&"x".repeat(100), 3).len(), 63);
    }

    #[test]
    fn metadata_helpers() {
        let mut v = json!({"kind":"Pod"});
        set_meta(&mut v, "name", json!("p"));
        assert_eq!(meta_str(&v, "name"), Some("p"));
        assert!(!has_finalizers(&v));
        set_meta(&mut v, "finalizers", json!(["x"]));
        assert!(has_finalizers(&v));
        assert_eq!(take_meta(&mut v, "name"), Some(json!("p")));
        let mut s = json!("scalar");
        set_meta(&mut s, "name", json!("n"));
        assert_eq!(meta_or_empty(&s, "name"), "n");
        assert_eq!(name_problem("a/b"), Some("may not contain '/'"));
        assert_eq!(name_problem("ok"), None);
    }
}
