//! Any other kind described: its metadata and owner, a Secret's keys with
//! their sizes (never values), a ConfigMap's keys, else its spec and
//! status as YAML.

use serde_json::Value;

use super::layout::{field, heading, meta, owners, plain, s};
use super::{Line, redact};

pub fn lines(v: &Value, now: i64) -> Vec<Line> {
    let mut out = meta(v, now);
    let owner = owners(v)
        .into_iter()
        .map(|(k, n)| format!("{k}/{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    out.push(field(0, "Controlled By", owner, "text"));
    match s(v, "/kind") {
        "Secret" => {
            out.push(field(0, "Type", s(v, "/type"), "text"));
            out.extend(keys(v, "data", "Data", redact::base64_len));
            out.extend(keys(v, "stringData", "String Data", str::len));
        }
        "ConfigMap" => {
            out.extend(keys(v, "data", "Data", str::len));
            out.extend(keys(v, "binaryData", "Binary Data", redact::base64_len));
        }
        _ => {
            for part in ["spec", "status"] {
                if let Some(p) = v.get(part) {
                    let mut m = serde_json::Map::new();
                    m.insert(part.to_string(), p.clone());
                    out.extend(
                        super::yaml::lines(&Value::Object(m), true)
                            .into_iter()
                            .map(|mut l| {
                                if let Some((t, _)) = l.first_mut() {
                                    t.insert_str(0, "  ");
                                }
                                l
                            }),
                    );
                }
            }
        }
    }
    out
}

/// Each key of the map at `key` with its size, never its value (a
/// Secret's values were already replaced by their size when it was read;
/// `size` measures one that was not).
fn keys(v: &Value, key: &str, title: &str, size: fn(&str) -> usize) -> Vec<Line> {
    let Some(m) = v.get(key).and_then(Value::as_object) else {
        return vec![];
    };
    let mut out = vec![heading(0, title)];
    if m.is_empty() {
        out.push(plain(2, "<none>", "muted"));
    }
    for (k, val) in m {
        let size = match val.as_str() {
            Some(t) if t.starts_with("(hidden: ") => t
                .trim_start_matches("(hidden: ")
                .trim_end_matches(')')
                .to_string(),
            Some(t) => format!("{} bytes", size(t)),
            None => "?".to_string(),
        };
        out.push(vec![(format!("  {k}:  "), "text"), (size, "muted")]);
    }
    out
}
