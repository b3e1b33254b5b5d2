//! Verifying edits without parsing, on texts the fast reader understands.
//!
//! The full check parses the text before and after an edit (two full
//! parses, tens of milliseconds on a big kubeconfig). When the fast reader
//! took the text, its structure is known, and an edit confined to one line
//! can be checked by looking at that line: the rest is byte-identical, and
//! the line reads back as intended. Anything these checks cannot conclude
//! is left to the full check.

use super::doc::Doc;
use super::fast::{self, Layout};
use super::merge::RawConfig;
use super::yaml_line::scalar;

/// The edit on a text in the fast reader's subset, whose top-level
/// `current-context` (if any) is a single-line scalar on the line `layout`
/// names; `None` when it cannot be checked this way.
pub(super) fn current_context(text: &str, name: &str, layout: &Layout) -> Option<String> {
    // The line replaced (`start..end`, line break included) and its new text.
    let (start, end, new) = match layout.current {
        Some((start, end)) => {
            let old = text.get(start..end)?;
            let new = Doc::new(old)
                .and_then(|d| d.replace_value(0, 0, "current-context".len(), name))
                .ok()?;
            (start, end, new)
        }
        // Appended after a final line break, it ends whatever came before
        // exactly as the end of the text did.
        None if text.is_empty() || text.ends_with('\n') => (
            text.len(),
            text.len(),
            format!("current-context: {}\n", scalar(name)),
        ),
        None => return None,
    };
    // Nothing else changes: the line keeps its line break, and reads back
    // (as the fast reader and serde-saphyr read it) as `name`.
    let old_break = match text.get(start..end)? {
        "" => "\n",
        old => &old[old.trim_end_matches(['\r', '\n']).len()..],
    };
    let body = new.strip_suffix(old_break)?;
    if fast::string_line(body, "current-context").as_deref() != Some(name) {
        return None;
    }
    Some([&text[..start], new.as_str(), &text[end..]].concat())
}

/// Whether `out` is `text` with the namespace of `context` set (`Some`) or
/// removed (`None`) and nothing else changed, `before` being what the fast
/// reader read from `text`.
///
/// `out` must also be in the fast reader's subset and read as `before`
/// with exactly that change; as that change shows in what the fast reader
/// reads, the one line that differs (replaced, inserted or removed) is the
/// `namespace` key of that context, and it reads back as `namespace`.
pub(super) fn namespace_only(
    text: &str,
    out: &str,
    before: &RawConfig,
    context: &str,
    namespace: Option<&str>,
) -> bool {
    let mut expected = before.clone();
    for c in expected
        .contexts
        .iter_mut()
        .flatten()
        .filter(|c| c.name == context)
    {
        c.context.get_or_insert_with(Default::default).namespace = namespace.map(Into::into);
    }
    if expected == *before {
        // Nothing to change; anything else is left to the full check.
        return out == text;
    }
    let Some((old, new)) = one_line_diff(text, out) else {
        return false;
    };
    let is_namespace_line = |line: &str| {
        let body = line.trim_end_matches(['\r', '\n']).trim_start_matches(' ');
        body.strip_prefix("namespace:")
            .is_some_and(|r| r.is_empty() || r.starts_with(' '))
    };
    let old_ok = old.is_empty() || is_namespace_line(old);
    let new_ok = match namespace {
        Some(ns) => {
            let body = new.trim_end_matches(['\r', '\n']).trim_start_matches(' ');
            fast::string_line(body, "namespace").as_deref() == Some(ns)
        }
        None => new.is_empty(),
    };
    old_ok && new_ok && fast::scan(out).is_some_and(|after| after.raw == expected)
}

/// The one line (line break included) that differs between `a` and `b`:
/// replaced (both non-empty), inserted or removed (one empty); `None` when
/// they differ in more than one line.
fn one_line_diff<'x>(a: &'x str, b: &'x str) -> Option<(&'x str, &'x str)> {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let shorter = x.len().min(y.len());
    // The common prefix, back to the start of its last line.
    let head = common_prefix(x, y);
    let head = x[..head].iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
    // The common suffix (not overlapping the prefix), forward to the start
    // of a line.
    let mut tail = common_suffix(x, y, shorter - head);
    let start = x.len() - tail;
    if start > head && x[start - 1] != b'\n' {
        tail = x[start..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(0, |i| tail - i - 1);
    }
    let old = a.get(head..a.len() - tail)?;
    let new = b.get(head..b.len() - tail)?;
    // One whole line: its break at the end, or it is the last line.
    let one_line = |s: &str| {
        let body = s.strip_suffix('\n').unwrap_or(s);
        s.is_empty() || !body.contains('\n') && (s.ends_with('\n') || tail == 0)
    };
    (one_line(old) && one_line(new)).then_some((old, new))
}

/// The length of the common prefix of `x` and `y`, compared in blocks.
fn common_prefix(x: &[u8], y: &[u8]) -> usize {
    let n = x.len().min(y.len());
    let mut i = 0;
    while i + 64 <= n && x[i..i + 64] == y[i..i + 64] {
        i += 64;
    }
    i + x[i..n].iter().zip(&y[i..n]).take_while(|(a, b)| a == b).count()
}

/// The length of the common suffix of `x` and `y`, at most `max`.
fn common_suffix(x: &[u8], y: &[u8], max: usize) -> usize {
    let (mut xe, mut ye) = (x.len(), y.len());
    let mut n = 0;
    while n + 64 <= max && x[xe - 64..xe] == y[ye - 64..ye] {
        (xe, ye, n) = (xe - 64, ye - 64, n + 64);
    }
    n + x[..xe]
        .iter()
        .rev()
        .zip(y[..ye].iter().rev())
        .take(max - n)
        .take_while(|(a, b)| a == b)
        .count()
}

#[cfg(test)]
#[path = "edit_fast_tests.rs"]
mod tests;
