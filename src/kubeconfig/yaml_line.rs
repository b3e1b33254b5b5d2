//! Reading and writing single-line YAML scalars and keys, for the
//! line-based editor in `edit`.

use std::ops::Range;

use super::edit::{EditError, unsupported};

/// Formats `s` as a YAML scalar: plain when that reads back as the same
/// string, double-quoted otherwise.
pub fn scalar(s: &str) -> String {
    let reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/@:-".contains(c))
        && !s.ends_with(':')
        && !reserved.contains(&s.to_ascii_lowercase().as_str());
    if plain {
        return s.to_owned();
    }
    serde_json::to_string(s).expect("strings serialize")
}

/// The plain key at the start of `s` (`key:` followed by a space or the end).
pub(crate) fn key_name(s: &str) -> Option<String> {
    let (key, rest) = s.split_once(':')?;
    let ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    (ok && (rest.is_empty() || rest.starts_with([' ', '\t']))).then(|| key.to_owned())
}

/// The value text after a key's colon, without comment and spaces.
pub(crate) fn value_part(s: &str) -> &str {
    let s = s.trim_start();
    if s.starts_with('#') {
        return "";
    }
    s.split(" #").next().unwrap_or("").trim_end()
}

/// The single-line scalar starting after byte `from` of `line`: its byte
/// range and decoded value; `None` when the value is empty.
pub(crate) fn scalar_at(
    line: &str,
    from: usize,
    line_no: usize,
) -> Result<(Option<Range<usize>>, Option<String>), EditError> {
    let bad = |m: &str| Err(unsupported(Some(line_no), m.to_owned()));
    let rest = &line[from..];
    let start = from + (rest.len() - rest.trim_start().len());
    let s = &line[start..];
    if s.is_empty() || s.starts_with('#') {
        return Ok((None, None));
    }
    let (len, value) = match s.as_bytes()[0] {
        b'"' => {
            let mut esc = false;
            let Some(close) = s[1..].char_indices().find(|&(_, c)| {
                let hit = c == '"' && !esc;
                esc = c == '\\' && !esc;
                hit
            }) else {
                return bad("quoted value spans several lines");
            };
            let len = close.0 + 2;
            match serde_json::from_str::<String>(&s[..len]) {
                Ok(v) => (len, v),
                Err(_) => return bad("unsupported escape in quoted value"),
            }
        }
        b'\'' => {
            let mut i = 1;
            let b = s.as_bytes();
            loop {
                match b.get(i) {
                    None => return bad("quoted value spans several lines"),
                    Some(b'\'') if b.get(i + 1) == Some(&b'\'') => i += 2,
                    Some(b'\'') => break,
                    Some(_) => i += 1,
                }
            }
            (i + 1, s[1..i].replace("''", "'"))
        }
        b'|' | b'>' | b'&' | b'*' | b'!' | b'{' | b'[' | b'%' | b'@' | b'`' => {
            return bad("value is not a plain or quoted scalar");
        }
        _ => {
            let v = value_part(s);
            if v.contains(": ") {
                return bad("value looks like a mapping");
            }
            (v.len(), v.to_owned())
        }
    };
    let tail = s[len..].trim_start();
    if !(tail.is_empty() || tail.starts_with('#')) {
        return bad("unexpected text after value");
    }
    Ok((Some(start..start + len), Some(value)))
}
