//! The object as YAML, in kubectl's `-o yaml` look: block style, keys in
//! the order kubectl prints them (sorted, as `serde_json`'s map keeps
//! them), lists at their key's indent, strings quoted only when YAML would
//! read them as something else, multi-line strings as literal blocks.
//! Each piece carries a syntax scope (`syntax.key`, `syntax.string`,
//! `syntax.number`, `syntax.comment`) that plain themes leave plain.

use serde_json::{Map, Value};

use super::Line;

pub const KEY: &str = "syntax.key";
pub const STRING: &str = "syntax.string";
pub const NUMBER: &str = "syntax.number";
pub const COMMENT: &str = "syntax.comment";
const PUNCT: &str = "text";

/// The lines of `object`; `metadata.managedFields` is left out (and said
/// so in a comment) unless `managed_fields`.
pub fn lines(object: &Value, managed_fields: bool) -> Vec<Line> {
    let mut out = Vec::new();
    match object {
        Value::Object(map) => emit_map(map, 0, &mut out, !managed_fields),
        other => out.push(scalar_line(String::new(), other)),
    }
    out
}

fn pad(n: usize) -> String {
    " ".repeat(n)
}

fn emit_map(map: &Map<String, Value>, indent: usize, out: &mut Vec<Line>, hide_managed: bool) {
    for (k, v) in map {
        if hide_managed && indent == 2 && k == "managedFields" {
            let n = v.as_array().map_or(0, Vec::len);
            out.push(vec![(
                format!("{}# managedFields: {n} hidden", pad(indent)),
                COMMENT,
            )]);
            continue;
        }
        // managedFields is only hidden under the top-level metadata.
        let hide = hide_managed && indent == 0 && k == "metadata";
        let key = (quote_if_needed(k), KEY);
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.push(vec![(pad(indent), PUNCT), key, (":".into(), PUNCT)]);
                emit_map(m, indent + 2, out, hide);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push(vec![(pad(indent), PUNCT), key, (":".into(), PUNCT)]);
                emit_seq(a, indent, out);
            }
            Value::String(s) if is_block(s) => {
                let chomp = if s.ends_with('\n') { "|" } else { "|-" };
                out.push(vec![
                    (pad(indent), PUNCT),
                    key,
                    (": ".into(), PUNCT),
                    (chomp.into(), PUNCT),
                ]);
                for l in s.strip_suffix('\n').unwrap_or(s).split('\n') {
                    let text = if l.is_empty() {
                        String::new()
                    } else {
                        format!("{}{l}", pad(indent + 2))
                    };
                    out.push(vec![(text, STRING)]);
                }
            }
            other => {
                let mut line = vec![(pad(indent), PUNCT), key, (": ".into(), PUNCT)];
                line.push(scalar(other));
                out.push(line);
            }
        }
    }
}

fn emit_seq(items: &[Value], indent: usize, out: &mut Vec<Line>) {
    for item in items {
        let start = out.len();
        match item {
            Value::Object(m) if !m.is_empty() => emit_map(m, indent + 2, out, false),
            Value::Array(a) if !a.is_empty() => emit_seq(a, indent + 2, out),
            Value::String(s) if is_block(s) => {
                // A literal block as a list item: `- |` then its lines.
                let mut tmp = Vec::new();
                let mut m = Map::new();
                m.insert(String::new(), item.clone());
                emit_map(&m, indent + 2, &mut tmp, false);
                let chomp = if s.ends_with('\n') { "|" } else { "|-" };
                out.push(vec![(format!("{}- ", pad(indent)), PUNCT), (chomp.into(), PUNCT)]);
                out.extend(tmp.into_iter().skip(1));
                continue;
            }
            other => {
                out.push(vec![(format!("{}- ", pad(indent)), PUNCT), scalar(other)]);
                continue;
            }
        }
        // The item's first line starts with `- ` in place of its indent.
        if let Some(first) = out.get_mut(start)
            && let Some((lead, _)) = first.first_mut()
        {
            *lead = format!("{}- {}", pad(indent), &lead[(indent + 2).min(lead.len())..]);
        }
    }
}

fn scalar_line(prefix: String, v: &Value) -> Line {
    vec![(prefix, PUNCT), scalar(v)]
}

/// A scalar (or an empty map or list) and its scope.
fn scalar(v: &Value) -> (String, &'static str) {
    match v {
        Value::Null => ("null".into(), NUMBER),
        Value::Bool(b) => (b.to_string(), NUMBER),
        Value::Number(n) => (n.to_string(), NUMBER),
        Value::String(s) => (quote_if_needed(s), STRING),
        Value::Array(_) => ("[]".into(), PUNCT),
        Value::Object(_) => ("{}".into(), PUNCT),
    }
}

/// Multi-line text that reads best as a literal block (a block cannot
/// start with spaces or carry control characters other than newlines).
fn is_block(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.chars().any(|c| c.is_control() && c != '\n')
        && !s.lines().any(|l| l.ends_with(' '))
}

/// Words YAML 1.1 (what kubectl's YAML library reads) takes for booleans or null.
const RESERVED: &[&str] = &["y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"];

/// `s` as a YAML scalar: plain when YAML reads it back as this string,
/// else double-quoted with escapes.
pub fn quote_if_needed(s: &str) -> String {
    if needs_quotes(s) {
        double_quoted(s)
    } else {
        s.to_string()
    }
}

fn needs_quotes(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return true;
    };
    RESERVED.contains(&s.to_ascii_lowercase().as_str())
        || looks_like_number(s)
        || looks_like_timestamp(s)
        || ",[]{}#&*!|>'\"%@`".contains(first)
        || ("-?:".contains(first) && s[1..].starts_with(|c: char| c.is_whitespace()))
        || s.len() == 1 && "-?:".contains(first)
        || s.starts_with("---")
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace)
        || s.ends_with(':')
        || s.contains(": ")
        || s.contains(" #")
        || s.chars().any(char::is_control)
}

fn looks_like_number(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    let t = t.replace('_', "");
    if t.is_empty() {
        return false;
    }
    t.parse::<f64>().is_ok()
        || t.strip_prefix("0x")
            .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        || t.strip_prefix("0o")
            .is_some_and(|o| !o.is_empty() && o.chars().all(|c| c.is_digit(8)))
        || matches!(t.to_ascii_lowercase().as_str(), ".inf" | ".nan")
        || (t.contains(':')
            && t.split(':')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())))
}

/// `2024-01-02` and `2024-01-02T03:04:05Z`: YAML reads them as times.
fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
