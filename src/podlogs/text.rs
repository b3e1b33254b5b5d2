//! What a log line becomes before it is kept: safe to put on a terminal
//! (no escape sequences, no control characters; tabs expanded to stops of
//! eight), and the timestamp the API put in front of it (`timestamps=true`)
//! split off.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// `line` without terminal escapes (CSI and OSC sequences are dropped),
/// control characters shown as `�`, tabs expanded, a trailing `\r` dropped.
/// Borrows when there is nothing to change (the usual case).
pub fn sanitize(line: &str) -> Cow<'_, str> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if !line.chars().any(|c| c.is_control()) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0usize;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => {
                let n = 8 - width % 8;
                out.extend(std::iter::repeat_n(' ', n));
                width += n;
            }
            '\u{1b}' => match chars.peek() {
                // CSI: parameters and intermediates, then one final byte.
                Some('[') => {
                    chars.next();
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                // OSC: up to BEL or ST (ESC \).
                Some(']') => {
                    chars.next();
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' {
                            break;
                        }
                        if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
                _ => {
                    chars.next();
                }
            },
            c if c.is_control() => {
                out.push('\u{fffd}');
                width += 1;
            }
            c => {
                out.push(c);
                width += c.width().unwrap_or(0);
            }
        }
    }
    Cow::Owned(out)
}

/// Splits `2024-05-01T10:00:00.123456789Z message` into the timestamp and
/// the message; a line without one is all message.
pub fn split_timestamp(line: &str) -> (Option<&str>, &str) {
    match line.split_once(' ') {
        Some((ts, rest)) if looks_like_timestamp(ts) => (Some(ts), rest),
        _ if looks_like_timestamp(line) => (Some(line), ""),
        _ => (None, line),
    }
}

fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[10] == b'T'
        && (s.ends_with('Z') || s[19..].contains(['+', '-']))
}
