//! Key chords as kon understands them, independent of the terminal library:
//! parsed from keymap files ("ctrl-c", "shift-tab", "?") and built from
//! terminal events in `key_events`; and their text, the one place that
//! decides how a key reads on screen (help, footer hints, titles).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key with its modifiers. Shift is folded into the key itself
/// (`K`, `BackTab`), so `shift-k` and `K` are the same chord; on other named
/// keys (arrows, function keys) shift is not distinguished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    pub key: Key,
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyChord {
    pub const fn plain(key: Key) -> Self {
        Self {
            key,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            key: Key::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Builds a chord from a key and modifiers as a terminal reports them,
    /// normalising shift into the key.
    pub fn new(key: Key, ctrl: bool, alt: bool, shift: bool) -> Self {
        let key = match key {
            Key::Char(c) if shift => Key::Char(c.to_ascii_uppercase()),
            Key::Char(c) if ctrl || alt => Key::Char(c.to_ascii_lowercase()),
            Key::Tab if shift => Key::BackTab,
            k => k,
        };
        Self { key, ctrl, alt }
    }

    /// Parses "q", "ctrl-c", "C-c", "alt+x", "shift-tab", "f1", "space", "-".
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.is_empty() {
            return Err("empty key".into());
        }
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = s;
        loop {
            // A single remaining character is always the key itself ("-", "+").
            if rest.chars().count() == 1 {
                break;
            }
            let Some(idx) = rest.find(['-', '+']) else { break };
            match rest[..idx].to_ascii_lowercase().as_str() {
                "ctrl" | "c" | "control" => ctrl = true,
                "alt" | "a" | "m" | "meta" => alt = true,
                "shift" | "s" => shift = true,
                other => return Err(format!("unknown modifier `{other}` in key `{s}`")),
            }
            rest = &rest[idx + 1..];
            if rest.is_empty() {
                return Err(format!("key `{s}` has modifiers but no key"));
            }
        }
        let key = parse_key_name(rest).ok_or_else(|| format!("unknown key `{rest}` in `{s}`"))?;
        Ok(Self::new(key, ctrl, alt, shift))
    }
}

fn parse_key_name(name: &str) -> Option<Key> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(Key::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "enter" | "return" | "ret" | "cr" => Key::Enter,
        "esc" | "escape" => Key::Esc,
        "tab" => Key::Tab,
        "backtab" => Key::BackTab,
        "backspace" | "bs" => Key::Backspace,
        "delete" | "del" => Key::Delete,
        "insert" | "ins" => Key::Insert,
        "up" => Key::Up,
        "down" => Key::Down,
        "left" => Key::Left,
        "right" => Key::Right,
        "home" => Key::Home,
        "end" => Key::End,
        "pageup" | "pgup" => Key::PageUp,
        "pagedown" | "pgdown" | "pgdn" => Key::PageDown,
        "space" => Key::Char(' '),
        "minus" => Key::Char('-'),
        "plus" => Key::Char('+'),
        f if f.starts_with('f') => {
            let n: u8 = f[1..].parse().ok()?;
            if (1..=24).contains(&n) {
                Key::F(n)
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.key {
            Key::Char(' ') => f.write_str("space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Enter => f.write_str("enter"),
            Key::Esc => f.write_str("esc"),
            Key::Tab => f.write_str("tab"),
            Key::BackTab => f.write_str("shift-tab"),
            Key::Backspace => f.write_str("backspace"),
            Key::Delete => f.write_str("delete"),
            Key::Insert => f.write_str("insert"),
            Key::Up => f.write_str("↑"),
            Key::Down => f.write_str("↓"),
            Key::Left => f.write_str("←"),
            Key::Right => f.write_str("→"),
            Key::Home => f.write_str("home"),
            Key::End => f.write_str("end"),
            Key::PageUp => f.write_str("pgup"),
            Key::PageDown => f.write_str("pgdn"),
            Key::F(n) => write!(f, "f{n}"),
        }
    }
}

/// How help lists an action's keys: each chord's text, space-separated.
pub fn labels(keys: &[KeyChord]) -> String {
    let texts: Vec<String> = keys.iter().map(ToString::to_string).collect();
    texts.join(" ")
}

/// The key a hint or a title shows for an action: its first chord's text
/// (`None`: the action has no key).
pub fn first_label(keys: &[KeyChord]) -> Option<String> {
    keys.first().map(ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> KeyChord {
        KeyChord::parse(s).unwrap()
    }

    #[test]
    fn parses_plain_and_named_keys() {
        assert_eq!(p("q"), KeyChord::plain(Key::Char('q')));
        assert_eq!(p("?"), KeyChord::plain(Key::Char('?')));
        assert_eq!(p("-"), KeyChord::plain(Key::Char('-')));
        assert_eq!(p("Enter"), KeyChord::plain(Key::Enter));
        assert_eq!(p("f5"), KeyChord::plain(Key::F(5)));
        assert_eq!(p("space"), KeyChord::plain(Key::Char(' ')));
    }

    #[test]
    fn modifiers_normalise() {
        assert_eq!(p("ctrl-c"), KeyChord::ctrl('c'));
        assert_eq!(p("C-c"), KeyChord::ctrl('c'));
        assert_eq!(p("Ctrl+C"), KeyChord::ctrl('c'));
        assert_eq!(p("shift-k"), p("K"));
        assert_eq!(p("shift-tab"), KeyChord::plain(Key::BackTab));
        assert_eq!(p("ctrl--"), KeyChord::ctrl('-'));
        assert_eq!(
            p("alt-x"),
            KeyChord {
                key: Key::Char('x'),
                ctrl: false,
                alt: true
            }
        );
    }

    #[test]
    fn terminal_events_match_parsed_chords() {
        // A terminal reports uppercase K with SHIFT, Ctrl-C as 'c' + CONTROL.
        assert_eq!(KeyChord::new(Key::Char('K'), false, false, true), p("K"));
        assert_eq!(KeyChord::new(Key::Char('c'), true, false, false), p("ctrl-c"));
        assert_eq!(KeyChord::new(Key::BackTab, false, false, true), p("shift-tab"));
    }

    #[test]
    fn rejects_garbage() {
        assert!(KeyChord::parse("").is_err());
        assert!(KeyChord::parse("hyper-x").unwrap_err().contains("hyper"));
        assert!(KeyChord::parse("ctrl-").is_err());
        assert!(KeyChord::parse("f99").is_err());
        assert!(KeyChord::parse("banana").unwrap_err().contains("banana"));
    }

    #[test]
    fn labels_read_as_help_and_hints_show_them() {
        let keys = [p("j"), p("down"), p("ctrl-n"), p("space")];
        assert_eq!(labels(&keys), "j ↓ ctrl-n space");
        assert_eq!(first_label(&keys).as_deref(), Some("j"));
        assert_eq!((labels(&[]), first_label(&[])), (String::new(), None));
    }

    #[test]
    fn display_round_trips() {
        for s in ["q", "ctrl-c", "shift-tab", "f1", "space", "alt-x", "G", "pgdn"] {
            assert_eq!(KeyChord::parse(&p(s).to_string()).ok(), Some(p(s)), "{s}");
        }
    }
}
