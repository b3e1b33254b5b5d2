//! Lossless edits of one kubeconfig text.
//!
//! Only the bytes that must change are touched: comments, key order,
//! formatting and unknown fields elsewhere survive byte for byte. The editor
//! understands the block-style YAML that kubectl and other tools write; a
//! layout it cannot edit safely (flow style where it must edit, tabs,
//! several documents, anchors, block scalars on the edited keys) is refused
//! with an error rather than guessed. Every edit is checked afterwards: the
//! new text is parsed and must equal the old one with exactly the intended
//! change, or the edit is refused. On a text the fast reader understands,
//! setting `current-context` or a namespace is checked without parsing
//! (`edit_fast`), as a switch on a big kubeconfig should be quick.

use std::fmt;
use std::path::Path;

use serde_json::Value;

use super::doc::Doc;
use super::edit_fast;
use super::fast::{self, Layout};
pub use super::yaml_line::scalar;

/// Why an edit was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The named context is not in this file.
    NoContext(String),
    /// A context of the new name already exists in this file.
    Exists(String),
    /// The text is not valid YAML (1-based line and column when known).
    Malformed {
        position: Option<(usize, usize)>,
        message: String,
    },
    /// The layout is valid YAML but not one this editor changes safely.
    Unsupported { line: Option<usize>, message: String },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoContext(n) => write!(f, "no context exists with the name: \"{n}\""),
            Self::Exists(n) => write!(f, "a context named \"{n}\" already exists"),
            Self::Malformed {
                position: Some((l, c)),
                message,
            } => write!(f, "{l}:{c}: {message}"),
            Self::Malformed {
                position: None,
                message,
            } => write!(f, "{message}"),
            Self::Unsupported {
                line: Some(l),
                message,
            } => {
                write!(f, "line {l}: cannot edit this layout safely: {message}")
            }
            Self::Unsupported { line: None, message } => {
                write!(f, "cannot edit this layout safely: {message}")
            }
        }
    }
}

impl std::error::Error for EditError {}

pub(crate) fn unsupported(line: Option<usize>, message: impl Into<String>) -> EditError {
    EditError::Unsupported {
        line: line.map(|l| l + 1),
        message: message.into(),
    }
}

/// Sets `current-context` (an empty `name` writes `""`, as kubectx `-u`).
pub fn set_current_context(text: &str, name: &str) -> Result<String, EditError> {
    let layout = fast::scan(text).map(|s| s.layout);
    set_current_context_in(text, name, layout.as_ref())
}

/// Like [`set_current_context`], given what the fast reader found in
/// `text` (`None`: it left the text to the full parser). Then the edit is
/// verified without parsing: only the `current-context` line changes, and
/// it reads back as `name`.
pub(crate) fn set_current_context_in(
    text: &str,
    name: &str,
    layout: Option<&Layout>,
) -> Result<String, EditError> {
    if let Some(layout) = layout.filter(|l| l.len == text.len())
        && let Some(out) = edit_fast::current_context(text, name, layout)
    {
        return Ok(out);
    }
    let before = parse_value(text)?;
    let doc = Doc::new(text)?;
    let out = match doc.top_key("current-context")? {
        Some(i) => doc.replace_value(i, 0, "current-context".len(), name)?,
        None => {
            let sep = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            format!("{text}{sep}current-context: {}\n", scalar(name))
        }
    };
    verify(before, &out, |v| {
        obj(v).insert("current-context".into(), Value::String(name.into()));
    })?;
    Ok(out)
}

/// Sets (`Some`) or removes (`None`) the namespace of context `context`.
///
/// When the fast reader understands the text, the edit is verified by
/// scanning the new text instead of parsing both.
pub fn set_namespace(text: &str, context: &str, namespace: Option<&str>) -> Result<String, EditError> {
    let scan = fast::scan(text);
    let before = match scan {
        Some(_) => None,
        None => Some(parse_value(text)?),
    };
    let out = namespace_edit(&Doc::new(text)?, text, context, namespace)?;
    if let Some(scan) = &scan
        && edit_fast::namespace_only(text, &out, &scan.raw, context, namespace)
    {
        return Ok(out);
    }
    let before = match before {
        Some(before) => before,
        None => parse_value(text)?,
    };
    verify(before, &out, |v| {
        for c in contexts_named(v, context) {
            let spec = c
                .as_object_mut()
                .expect("context entry")
                .entry("context")
                .or_insert(Value::Null);
            if spec.is_null() {
                *spec = Value::Object(Default::default());
            }
            let spec = obj(spec);
            match namespace {
                Some(ns) => spec.insert("namespace".into(), Value::String(ns.into())),
                None => spec.remove("namespace"),
            };
        }
    })?;
    Ok(out)
}

/// The text with the namespace of `context` set or removed (not verified).
pub(super) fn namespace_edit(
    doc: &Doc<'_>,
    text: &str,
    context: &str,
    namespace: Option<&str>,
) -> Result<String, EditError> {
    let item = doc.find_context(context)?;
    let (ctx_line, ctx_col) = item
        .context
        .ok_or_else(|| unsupported(Some(item.start), "context has no `context:` key"))?;
    let rest = doc.lines[ctx_line].text[ctx_col + "context:".len()..].trim();
    if !(rest.is_empty() || rest.starts_with('#')) {
        return Err(unsupported(Some(ctx_line), "`context:` is not a block mapping"));
    }
    let body = doc.children(ctx_line + 1, item.end, ctx_col);
    let keys = doc.keys_at(&body, None)?;
    let existing = keys.iter().find(|k| k.name == "namespace");
    let out = match (existing, namespace) {
        (Some(k), Some(ns)) => doc.replace_value(k.line, k.col, "namespace".len(), ns)?,
        (Some(k), None) => {
            if doc
                .lines
                .get(k.line + 1)
                .is_some_and(|l| !l.blank && body.contains(&(k.line + 1)) && l.indent > k.col)
            {
                return Err(unsupported(Some(k.line), "namespace spans several lines"));
            }
            doc.splice(doc.lines[k.line].start..doc.lines[k.line].end, "")
        }
        (None, None) => text.to_owned(),
        (None, Some(ns)) => {
            let col = keys.first().map_or(ctx_col + 2, |k| k.col);
            let new_line = format!("{}namespace: {}\n", " ".repeat(col), scalar(ns));
            // Keys kubectl writes are sorted: insert before the first key after
            // "namespace", else after the mapping's last line.
            let at = match keys.iter().find(|k| k.name.as_str() > "namespace") {
                Some(k) => doc.lines[k.line].start,
                None => body
                    .clone()
                    .rev()
                    .find(|&i| !doc.lines[i].blank)
                    .map_or(doc.lines[ctx_line].end, |i| doc.lines[i].end),
            };
            let mut out = doc.splice(at..at, &new_line);
            if at > 0 && !text[..at].ends_with('\n') {
                out.insert(at, '\n');
            }
            out
        }
    };
    Ok(out)
}

/// Renames context `old` to `new`. `current-context` is not changed.
pub fn rename_context(text: &str, old: &str, new: &str) -> Result<String, EditError> {
    let before = parse_value(text)?;
    let doc = Doc::new(text)?;
    if old != new && doc.find_context(new).is_ok() {
        return Err(EditError::Exists(new.into()));
    }
    let item = doc.find_context(old)?;
    let out = doc.replace_value(item.name.0, item.name.1, "name".len(), new)?;
    verify(before, &out, |v| {
        for c in contexts_named(v, old) {
            obj(c).insert("name".into(), Value::String(new.into()));
        }
    })?;
    Ok(out)
}

/// Deletes context `name` (its lines; comments before the next entry stay).
pub fn delete_context(text: &str, name: &str) -> Result<String, EditError> {
    let before = parse_value(text)?;
    let doc = Doc::new(text)?;
    let item = doc.find_context(name)?;
    let last = (item.start..item.end)
        .rev()
        .find(|&i| !doc.lines[i].blank)
        .unwrap_or(item.start);
    let out = doc.splice(doc.lines[item.start].start..doc.lines[last].end, "");
    verify(before, &out, |v| {
        if let Some(Value::Array(list)) = obj(v).get_mut("contexts") {
            list.retain(|c| c.get("name").and_then(Value::as_str) != Some(name));
        }
    })?;
    Ok(out)
}

pub(crate) fn parse_value(text: &str) -> Result<Value, EditError> {
    let value: Option<Value> =
        super::merge::parse_as(Path::new(""), text).map_err(|e| EditError::Malformed {
            position: e.position,
            message: e.message,
        })?;
    Ok(value.unwrap_or(Value::Null))
}

fn obj(v: &mut Value) -> &mut serde_json::Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Default::default());
    }
    v.as_object_mut().expect("just made an object")
}

fn contexts_named<'v>(v: &'v mut Value, name: &str) -> impl Iterator<Item = &'v mut Value> {
    let list = match obj(v).get_mut("contexts") {
        Some(Value::Array(list)) => list.as_mut_slice(),
        _ => &mut [],
    };
    list.iter_mut()
        .filter(move |c| c.get("name").and_then(Value::as_str) == Some(name))
}

/// Checks that `after` parses to `before` (the parsed old text) with
/// `change` applied.
fn verify(mut expected: Value, after: &str, change: impl FnOnce(&mut Value)) -> Result<(), EditError> {
    change(&mut expected);
    let got = parse_value(after).map_err(|e| unsupported(None, format!("the edit would not parse: {e}")))?;
    let normalize = |mut v: Value| {
        if let Some(Value::Null) = v.get("contexts") {
            obj(&mut v).insert("contexts".into(), Value::Array(Vec::new()));
        }
        v
    };
    if normalize(expected) != normalize(got) {
        return Err(unsupported(None, "the edit would change more than intended"));
    }
    Ok(())
}

#[cfg(test)]
#[path = "edit_tests.rs"]
pub(super) mod tests;
