//! Output the way the Go kubectx prints it: `error: `/`warning: ` labels,
//! the `✔ ` success mark, the highlighted current item, natural sort order.
//!
//! Colour follows fatih/color as kubectx configures it: on when
//! `_KUBECTX_FORCE_COLOR` is set, off when `NO_COLOR` is set, otherwise on
//! only when stdout is a terminal and `TERM` is not `dumb` (also for the
//! labels written to stderr, as Go decides from stdout alone).

use std::cmp::Ordering;

use super::Vars;

const RESET: &str = "\x1b[0m";
/// fatih/color `New(FgGreen, Bold)`: the current context or namespace.
const ACTIVE: &str = "\x1b[32;1m";
const ERROR: &str = "\x1b[31;1m";
const WARNING: &str = "\x1b[33;1m";
const SUCCESS: &str = "\x1b[32m";

/// How text is decorated for this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colors {
    pub enabled: bool,
    /// What starts the current item: `KUBECTX_CURRENT_BGCOLOR` then
    /// `KUBECTX_CURRENT_FGCOLOR` when either is set (raw escape sequences,
    /// as the bash kubectx took them), else green bold.
    active: String,
}

impl Colors {
    pub fn new(vars: &Vars, stdout_tty: bool) -> Self {
        let set = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
        let enabled = if set(&vars.force_color) {
            true
        } else if set(&vars.no_color) {
            false
        } else {
            stdout_tty && vars.term.as_deref() != Some("dumb")
        };
        let fg = vars.fg_color.clone().filter(|s| !s.is_empty());
        let bg = vars.bg_color.clone().filter(|s| !s.is_empty());
        let active = match (bg, fg) {
            (None, None) => ACTIVE.to_string(),
            (bg, fg) => format!(
                "{}{}",
                bg.unwrap_or_default(),
                fg.unwrap_or_else(|| ACTIVE.into())
            ),
        };
        Self { enabled, active }
    }

    /// No colour at all (tests, pipes).
    pub fn plain() -> Self {
        Self {
            enabled: false,
            active: ACTIVE.into(),
        }
    }

    fn wrap(&self, start: &str, text: &str) -> String {
        if self.enabled {
            format!("{start}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    /// The current context or namespace in a list.
    pub fn active(&self, name: &str) -> String {
        self.wrap(&self.active, name)
    }

    /// A name inside a success message (green).
    pub fn name(&self, name: &str) -> String {
        self.wrap(SUCCESS, name)
    }

    /// `error: <message>` and a newline.
    pub fn error(&self, message: &str) -> String {
        format!("{}{message}\n", self.wrap(ERROR, "error: "))
    }

    /// `warning: <message>` and a newline.
    pub fn warning(&self, message: &str) -> String {
        format!("{}{message}\n", self.wrap(WARNING, "warning: "))
    }

    /// `✔ <message>` and a newline.
    pub fn success(&self, message: &str) -> String {
        format!("{}{message}\n", self.wrap(SUCCESS, "✔ "))
    }
}

/// facette.io/natsort's order, which kubectx lists contexts in: runs of
/// digits compare as numbers, other runs as strings, a prefix first.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (ca, cb) = (chunks(a), chunks(b));
    for (x, y) in ca.iter().zip(cb.iter()) {
        let ord = match (x.parse::<i64>(), y.parse::<i64>()) {
            (Ok(m), Ok(n)) if starts_with_digit(x) && starts_with_digit(y) => m.cmp(&n),
            _ => x.cmp(y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then_with(|| a.cmp(b))
}

fn starts_with_digit(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Splits into maximal runs of ASCII digits and of everything else.
fn chunks(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut digit = None;
    for (i, c) in s.char_indices() {
        let d = c.is_ascii_digit();
        if digit.is_some_and(|prev| prev != d) {
            out.push(&s[start..i]);
            start = i;
        }
        digit = Some(d);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Go's `%q` of a string: double quotes, with `"`, `\` and
/// non-printable characters escaped.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vars {
        Vars::default()
    }

    #[test]
    fn colour_follows_force_no_color_tty_and_term() {
        assert!(!Colors::new(&vars(), false).enabled);
        assert!(Colors::new(&vars(), true).enabled);
        let dumb = Vars {
            term: Some("dumb".into()),
            ..vars()
        };
        assert!(!Colors::new(&dumb, true).enabled);
        let no = Vars {
            no_color: Some("1".into()),
            ..vars()
        };
        assert!(!Colors::new(&no, true).enabled);
        let empty_no = Vars {
            no_color: Some(String::new()),
            ..vars()
        };
        assert!(Colors::new(&empty_no, true).enabled);
        let force = Vars {
            force_color: Some("1".into()),
            no_color: Some("1".into()),
            ..vars()
        };
        assert!(Colors::new(&force, false).enabled);
    }

    #[test]
    fn sequences_match_fatih_color() {
        let c = Colors::new(&vars(), true);
        assert_eq!(c.active("prod"), "\x1b[32;1mprod\x1b[0m");
        assert_eq!(c.error("boom"), "\x1b[31;1merror: \x1b[0mboom\n");
        assert_eq!(c.warning("hm"), "\x1b[33;1mwarning: \x1b[0mhm\n");
        assert_eq!(c.success("ok"), "\x1b[32m✔ \x1b[0mok\n");
        assert_eq!(c.name("x"), "\x1b[32mx\x1b[0m");
        let p = Colors::plain();
        assert_eq!(p.active("prod"), "prod");
        assert_eq!(p.error("boom"), "error: boom\n");
        assert_eq!(p.success("ok"), "✔ ok\n");
    }

    #[test]
    fn current_colours_from_the_environment() {
        let v = Vars {
            fg_color: Some("\x1b[36m".into()),
            bg_color: Some("\x1b[47m".into()),
            ..vars()
        };
        assert_eq!(Colors::new(&v, true).active("a"), "\x1b[47m\x1b[36ma\x1b[0m");
        let only_bg = Vars {
            bg_color: Some("\x1b[40m".into()),
            ..vars()
        };
        assert_eq!(
            Colors::new(&only_bg, true).active("a"),
            "\x1b[40m\x1b[32;1ma\x1b[0m"
        );
        assert_eq!(Colors::new(&v, false).active("a"), "a");
    }

    #[test]
    fn natural_order() {
        let mut v = vec![
            "ctx10", "ctx2", "b", "a", "ctx1", "ctx", "a-1", "1", "10", "2x", "é",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            [
                "1", "2x", "10", "a", "a-1", "b", "ctx", "ctx1", "ctx2", "ctx10", "é"
            ]
        );
        assert_eq!(natural_cmp("x99999999999999999999", "x1"), Ordering::Greater);
        assert_eq!(natural_cmp("a01", "a1"), "a01".cmp("a1"));
        assert_eq!(natural_cmp("", ""), Ordering::Equal);
    }

    #[test]
    fn quoting_like_go() {
        assert_eq!(go_quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(go_quote("\x01é"), "\"\\x01é\"");
    }
}
