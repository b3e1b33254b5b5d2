//! The 16 ANSI colours as 16-colour terminals know them. crossterm writes
//! every colour, even the 16 named ones, as a 256-palette code
//! (`ESC[38;5;1m`), which a 16-colour terminal (the Linux console, old
//! xterms, some serial consoles) shows wrongly or not at all. This writer
//! sits between the backend and the terminal and rewrites palette codes
//! 0–15 to the classic SGR codes (30–37 and 90–97 for the foreground, 40–47
//! and 100–107 for the background): the same colours, understood everywhere.
//! Codes 16–255 and 24-bit colours pass through untouched.

use std::io::{self, Write};

/// Longest escape sequence held back while waiting for its end; anything
/// longer is not a colour code and is written as it came.
const MAX_PENDING: usize = 64;

pub struct Sgr16<W: Write> {
    inner: W,
    /// An escape sequence begun but not yet ended (crossterm writes one in
    /// several pieces).
    pending: Vec<u8>,
    out: Vec<u8>,
}

impl<W: Write> Sgr16<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            pending: Vec::new(),
            out: Vec::new(),
        }
    }

    fn push(&mut self, b: u8) {
        if self.pending.is_empty() {
            if b == 0x1b {
                self.pending.push(b);
            } else {
                self.out.push(b);
            }
            return;
        }
        self.pending.push(b);
        let n = self.pending.len();
        let ended = n > 2 && (0x40..=0x7e).contains(&b);
        if n == 2 && b != b'[' || n > MAX_PENDING {
            self.out.append(&mut self.pending);
        } else if ended && b == b'm' {
            let params = String::from_utf8_lossy(&self.pending[2..n - 1]).into_owned();
            self.out.extend_from_slice(b"\x1b[");
            self.out.extend_from_slice(rewrite(&params).as_bytes());
            self.out.push(b'm');
            self.pending.clear();
        } else if ended {
            self.out.append(&mut self.pending);
        }
    }
}

impl<W: Write> Write for Sgr16<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &b in buf {
            self.push(b);
        }
        if !self.out.is_empty() {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // A sequence cut at a flush goes out as it is (it never holds a
        // colour code: crossterm queues each one whole).
        if !self.pending.is_empty() {
            self.inner.write_all(&self.pending)?;
            self.pending.clear();
        }
        self.inner.flush()
    }
}

/// The parameters of one SGR sequence (between `ESC[` and `m`) with palette
/// colours 0–15 as classic codes: `38;5;1` → `31`, `48;5;9` → `101`.
pub fn rewrite(params: &str) -> String {
    let p: Vec<&str> = params.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(p.len());
    let mut i = 0;
    while i < p.len() {
        let palette = p.get(i + 1) == Some(&"5");
        match (p[i], palette, p.get(i + 2).and_then(|n| n.parse::<u8>().ok())) {
            ("38", true, Some(n)) if n < 16 => {
                out.push(classic(n, 30, 90));
                i += 3;
            }
            ("48", true, Some(n)) if n < 16 => {
                out.push(classic(n, 40, 100));
                i += 3;
            }
            // Other extended colours: copied whole, so that their numbers are
            // never read as codes of their own.
            ("38" | "48" | "58", true, _) => {
                out.extend(p[i..(i + 3).min(p.len())].iter().map(|s| s.to_string()));
                i += 3;
            }
            ("38" | "48" | "58", false, _) if p.get(i + 1) == Some(&"2") => {
                out.extend(p[i..(i + 5).min(p.len())].iter().map(|s| s.to_string()));
                i += 5;
            }
            (code, _, _) => {
                out.push(code.to_string());
                i += 1;
            }
        }
    }
    out.join(";")
}

fn classic(n: u8, normal: u8, bright: u8) -> String {
    if n < 8 {
        (normal + n).to_string()
    } else {
        (bright + n - 8).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    use ratatui::style::{Color, Style};
    use ratatui::text::{Line, Span};

    #[test]
    fn rewrites_palette_codes_under_sixteen() {
        assert_eq!(rewrite("38;5;1"), "31");
        assert_eq!(rewrite("38;5;0;48;5;15"), "30;107");
        assert_eq!(rewrite("38;5;9;48;5;8"), "91;100");
        assert_eq!(rewrite("48;5;7"), "47");
        // Untouched: 256-palette and 24-bit colours, resets, attributes.
        assert_eq!(rewrite("38;5;196"), "38;5;196");
        assert_eq!(rewrite("38;2;1;5;9;48;5;2"), "38;2;1;5;9;42");
        assert_eq!(rewrite("39;49"), "39;49");
        assert_eq!(rewrite("1"), "1");
        assert_eq!(rewrite("58;5;3"), "58;5;3");
        assert_eq!(rewrite(""), "");
    }

    #[test]
    fn rewrites_sequences_written_in_pieces() {
        let mut w = Sgr16::new(Vec::new());
        for piece in [
            "ab\x1b[",
            "38;",
            "5;1",
            ";48;5;12",
            "mcd",
            "\x1b[2J",
            "\x1b[38;5;200mx",
        ] {
            w.write_all(piece.as_bytes()).unwrap();
        }
        w.flush().unwrap();
        let s = String::from_utf8(w.inner).unwrap();
        assert_eq!(s, "ab\x1b[31;104mcd\x1b[2J\x1b[38;5;200mx");
    }

    /// A terminal's output, readable after the backend took the writer.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_frame_drawn_in_the_sixteen_colours_uses_their_codes() {
        let screen = Shared::default();
        let backend = CrosstermBackend::new(Sgr16::new(screen.clone()));
        let mut term = Terminal::new(backend).unwrap();
        // What a 16-colour theme resolves to: the named colours.
        let line = Line::from(vec![
            Span::styled("crit", Style::new().fg(Color::Red).bg(Color::Black)),
            Span::styled("warn", Style::new().fg(Color::LightYellow)),
            Span::styled("muted", Style::new().fg(Color::DarkGray)),
        ]);
        term.draw(|f| f.render_widget(line, f.area())).unwrap();
        term.flush().unwrap();
        let written = String::from_utf8_lossy(&screen.0.borrow()).into_owned();
        assert!(
            !written.contains("38;5;") && !written.contains("48;5;"),
            "{written:?}"
        );
        for code in ["\x1b[31;40m", "\x1b[93;", "\x1b[90;"] {
            assert!(written.contains(code), "{code:?} in {written:?}");
        }
    }
}
