//! Single-line YAML tokens for the fast reader (`fast`): keys, scalars,
//! and the characters a text may hold.

use super::fast::{NotHandled, R};

/// YAML limits implicit keys to 1024 characters; stay well below.
const MAX_KEY: usize = 256;

#[derive(Clone, Copy)]
pub(super) enum Scalar<'a> {
    Null,
    Plain(&'a str),
    /// The text between the quotes.
    Single(&'a str),
    Double(&'a str),
    /// A plain scalar over several lines (not decoded).
    Folded,
}

/// The string a top-level line `key: value` (without its newline) sets
/// `key` to, when the fast reader reads it so and serde-saphyr types it as
/// a string even where the type is not known (a plain scalar must start
/// with a letter and not be a boolean or null).
pub(crate) fn string_line(line: &str, key: &str) -> Option<String> {
    check_chars(line).ok()?;
    if line.contains(['\n', '\r']) {
        return None;
    }
    let (k, after) = key_at(line, 0)?;
    let s = line[after..].trim_start_matches(' ');
    if k != key || s.is_empty() || s.starts_with(['#', '{', '[', '|', '>']) {
        return None;
    }
    match scalar(s).ok()? {
        Scalar::Null | Scalar::Folded => None,
        Scalar::Plain(p) => {
            let typed = matches!(p, "true" | "True" | "TRUE" | "false" | "False" | "FALSE");
            (p.starts_with(|c: char| c.is_ascii_alphabetic()) && !typed).then(|| p.to_owned())
        }
        quoted => Some(decode(quoted)),
    }
}

/// Only characters that need no thought: printable ones, no tab, no byte
/// order mark or Unicode line separators, `\r` only before `\n`.
pub(super) fn check_chars(text: &str) -> R<()> {
    let bytes = text.as_bytes();
    if !any_byte(bytes, |b| (b.wrapping_sub(b' ') > b'~' - b' ') & (b != b'\n')) {
        return Ok(());
    }
    for (i, c) in text.char_indices() {
        let ok = match c {
            '\n' | ' '..='~' => true,
            '\r' => bytes.get(i + 1) == Some(&b'\n'),
            '\u{feff}' | '\u{2028}' | '\u{2029}' => false,
            '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'.. => true,
            _ => false,
        };
        if !ok {
            return Err(NotHandled);
        }
    }
    Ok(())
}

/// Whether `pred` holds for a byte of `bytes`; branch-free over blocks of
/// 32 bytes, so that it is vectorized (these run over whole files).
fn any_byte(bytes: &[u8], pred: impl Fn(u8) -> bool) -> bool {
    let mut blocks = bytes.chunks_exact(32);
    for block in blocks.by_ref() {
        if block.iter().fold(false, |hit, &b| hit | pred(b)) {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| pred(b))
}

pub(super) fn is_blank_or_comment(s: &str) -> bool {
    s.is_empty() || s.starts_with('#')
}

/// A block sequence entry: `-` followed by a space or the end.
pub(super) fn is_entry(s: &str) -> bool {
    s.strip_prefix('-')
        .is_some_and(|r| r.is_empty() || r.starts_with(' '))
}

/// The plain key at byte `col` of `text` and the byte after its colon.
pub(super) fn key_at(text: &str, col: usize) -> Option<(&str, usize)> {
    let b = text.as_bytes().get(col..)?;
    if !b.first().is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
        return None;
    }
    let n = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-' | b'/')))?;
    let key = text.get(col..col + n)?;
    let ok = b[n] == b':'
        && b.get(n + 1).is_none_or(|&c| c == b' ')
        && n <= MAX_KEY
        && !matches!(key, "null" | "Null" | "NULL");
    ok.then_some((key, col + n + 1))
}

/// `{}` or `[]` followed by nothing or a comment.
pub(super) fn flow_empty(s: &str, empty: &str) -> R<()> {
    let rest = s.strip_prefix(empty).ok_or(NotHandled)?;
    trailing(rest)
}

/// What may follow a quoted scalar or `{}` on its line.
fn trailing(rest: &str) -> R<()> {
    let ok = rest.is_empty() || rest.starts_with(' ') && is_blank_or_comment(rest.trim_start_matches(' '));
    ok.then_some(()).ok_or(NotHandled)
}

/// A one-line scalar, `s` starting at its first character.
pub(super) fn scalar(s: &str) -> R<Scalar<'_>> {
    let b = s.as_bytes();
    match b.first().copied().ok_or(NotHandled)? {
        b'"' => {
            let mut i = 1;
            loop {
                match b.get(i).ok_or(NotHandled)? {
                    b'\\' if matches!(b.get(i + 1), Some(b'\\' | b'"' | b'n' | b't')) => i += 2,
                    b'\\' => return Err(NotHandled),
                    b'"' => break,
                    _ => i += 1,
                }
            }
            trailing(&s[i + 1..])?;
            Ok(Scalar::Double(&s[1..i]))
        }
        b'\'' => {
            let mut i = 1;
            loop {
                match (b.get(i).ok_or(NotHandled)?, b.get(i + 1)) {
                    (b'\'', Some(b'\'')) => i += 2,
                    (b'\'', _) => break,
                    _ => i += 1,
                }
            }
            trailing(&s[i + 1..])?;
            Ok(Scalar::Single(&s[1..i]))
        }
        b'-' if b.get(1).is_none_or(|&c| c == b' ') => Err(NotHandled),
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
        | b'@' | b'`' => Err(NotHandled),
        _ => {
            // Most values (certificates, tokens) have no ':' or '#' at all.
            let marks = any_byte(b, |c| (c == b':') | (c == b'#'));
            let v = match marks.then(|| s.find(" #")).flatten() {
                Some(i) => &s[..i],
                None => s,
            };
            let v = v.trim_end_matches(' ');
            if marks && (v.contains(": ") || v.ends_with(':')) {
                return Err(NotHandled);
            }
            if matches!(v, "~" | "null" | "Null" | "NULL") {
                return Ok(Scalar::Null);
            }
            if non_finite(v) {
                return Err(NotHandled);
            }
            Ok(Scalar::Plain(v))
        }
    }
}

/// serde-saphyr rejects non-finite floats where a value is not typed.
fn non_finite(v: &str) -> bool {
    let unsigned = v.strip_prefix(['-', '+']).unwrap_or(v);
    matches!(unsigned, ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF")
        || unsigned.starts_with(|c: char| c.is_ascii_digit())
            && v.parse::<f64>().is_ok_and(|f| !f.is_finite())
}

pub(super) fn decode(s: Scalar<'_>) -> String {
    match s {
        Scalar::Null | Scalar::Folded => String::new(),
        Scalar::Plain(p) => p.to_owned(),
        Scalar::Single(q) => q.replace("''", "'"),
        Scalar::Double(q) if !q.contains('\\') => q.to_owned(),
        Scalar::Double(q) => {
            let mut out = String::with_capacity(q.len());
            let mut chars = q.chars();
            while let Some(c) = chars.next() {
                out.push(match (c, c == '\\') {
                    (_, false) => c,
                    (_, true) => match chars.next() {
                        Some('n') => '\n',
                        Some('t') => '\t',
                        Some(other) => other,
                        None => break,
                    },
                });
            }
            out
        }
    }
}
