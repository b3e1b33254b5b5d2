use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

use super::*;
use crate::config::color::ColorDepth;
use crate::config::theme::{self, Theme};
use crate::picker::{PickItem, Picker};

fn colour() -> Theme {
    theme::fallback(ColorDepth::Ansi256)
}

fn mono() -> Theme {
    theme::fallback(ColorDepth::Mono)
}

fn item(name: &str, detail: &str, current: bool) -> PickItem {
    PickItem {
        name: name.into(),
        detail: detail.into(),
        current,
    }
}

fn contexts() -> Vec<PickItem> {
    vec![
        item("prod-eu", "https://10.0.0.1:6443 · ns shop", false),
        item("prod-us", "https://10.1.0.1:6443 · ns web", false),
        item("kind-kon", "https://127.0.0.1:40123 · ns default", true),
        item("staging", "https://staging.example.com:443 · ns default", false),
        item("dev", "", false),
    ]
}

fn type_str(p: &mut Picker, s: &str) {
    for c in s.chars() {
        p.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

fn draw(p: &Picker, w: u16, h: u16, theme: &Theme) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| render(f, f.area(), p, theme)).expect("draw");
    term.backend().buffer().clone()
}

/// The screen as text, one line a row; the cell hidden behind a wide
/// character is skipped so that the text looks as the terminal shows it.
fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut lines = Vec::new();
    for y in area.top()..area.bottom() {
        let mut row = String::new();
        let mut hidden = 0;
        for x in area.left()..area.right() {
            if hidden > 0 {
                hidden -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            hidden = UnicodeWidthStr::width(symbol).saturating_sub(1);
            row.push_str(symbol);
        }
        lines.push(row.trim_end().to_string());
    }
    lines.join("\n")
}

/// The row of the screen that contains `needle`.
fn row_of(buf: &Buffer, needle: &str) -> Option<u16> {
    text(buf)
        .lines()
        .position(|l| l.contains(needle))
        .and_then(|y| u16::try_from(y).ok())
}

#[test]
fn contexts_60x12() {
    let p = Picker::new("context", contexts());
    let buf = draw(&p, 60, 12, &colour());
    insta::assert_snapshot!("contexts_60x12", text(&buf));
}

#[test]
fn contexts_mono_60x12() {
    let p = Picker::new("context", contexts());
    let buf = draw(&p, 60, 12, &mono());
    let s = text(&buf);
    assert!(
        s.contains("> kind-kon *"),
        "cursor and current marked without colour:\n{s}"
    );
    insta::assert_snapshot!("contexts_mono_60x12", s);
}

#[test]
fn query_narrows_60x12() {
    let mut p = Picker::new("context", contexts());
    type_str(&mut p, "prod");
    let t = colour();
    let buf = draw(&p, 60, 12, &t);
    insta::assert_snapshot!("query_prod_60x12", text(&buf));
    // The cursor row carries the selection style, matched chars the key style.
    let y = row_of(&buf, "prod-eu").expect("row");
    let sel = t.style("selection");
    assert_eq!(buf[(1, y)].bg, sel.bg.unwrap_or_default());
    assert_eq!(buf[(40, y)].bg, sel.bg.unwrap_or_default(), "the whole row");
    let p_cell = &buf[(3, y)];
    assert_eq!(p_cell.symbol(), "p");
    assert!(p_cell.modifier.contains(Modifier::BOLD));
    assert_eq!(p_cell.fg, t.style("key").fg.unwrap_or_default());
    let dash = &buf[(7, y)];
    assert_eq!(dash.symbol(), "-");
    assert_ne!(
        dash.fg,
        t.style("key").fg.unwrap_or_default(),
        "unmatched char not highlighted"
    );
}

#[test]
fn no_match_60x12() {
    let mut p = Picker::new("context", contexts());
    type_str(&mut p, "zzz");
    let buf = draw(&p, 60, 12, &colour());
    insta::assert_snapshot!("no_match_60x12", text(&buf));
}

#[test]
fn scrolls_to_keep_cursor_visible() {
    let list = (0..40)
        .map(|i| item(&format!("ns-{i:02}"), "", i == 30))
        .collect();
    let mut p = Picker::new("namespace", list);
    let buf = draw(&p, 60, 12, &mono());
    let s = text(&buf);
    assert!(s.contains("> ns-30 *"), "{s}");
    insta::assert_snapshot!("scrolled_60x12", s);
    // PageDown moves by the rendered list height (12 - 2 borders - 1 query).
    p.handle_key(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE));
    assert_eq!(p.selected().map(|i| i.name.as_str()), Some("ns-39"));
}

#[test]
fn long_names_and_details_are_cut_with_ellipsis() {
    let list = vec![
        item(
            "a-very-long-context-name-that-does-not-fit",
            "https://example.com",
            false,
        ),
        item(
            "short",
            "https://a-long-server-name.example.com:6443 · ns default",
            true,
        ),
        item("名前空間-wide", "détail ünïcode", false),
    ];
    let p = Picker::new("context", list);
    let buf = draw(&p, 30, 7, &mono());
    let s = text(&buf);
    assert!(s.contains('…'), "{s}");
    insta::assert_snapshot!("long_30x7", s);
}

#[test]
fn tiny_8x2() {
    let p = Picker::new("context", contexts());
    let buf = draw(&p, 8, 2, &colour());
    insta::assert_snapshot!("tiny_8x2", text(&buf));
}

#[test]
fn no_panic_at_any_small_size() {
    let mut list = contexts();
    list.push(item("名前空間名前空間名前空間", "\u{1b}[31m\tdetail\u{7}", false));
    list.push(item("e\u{301}\u{200b}x", "", false));
    for theme in [colour(), mono()] {
        for query in ["", "e", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"] {
            let mut p = Picker::new("a very long title for a picker", list.clone());
            type_str(&mut p, query);
            for w in 0..=24 {
                for h in 0..=6 {
                    draw(&p, w, h, &theme);
                }
            }
        }
    }
}

#[test]
fn draws_inside_a_rect_of_a_larger_screen() {
    let p = Picker::new(
        "namespace",
        vec![item("default", "", true), item("web", "", false)],
    );
    let mut term = Terminal::new(TestBackend::new(40, 10)).expect("terminal");
    let t = mono();
    term.draw(|f| {
        f.render_widget(ratatui::text::Line::from("x".repeat(40)), f.area());
        render(f, Rect::new(5, 2, 30, 6), &p, &t);
        // Out of the screen: clipped, no panic.
        render(f, Rect::new(30, 8, 30, 6), &p, &t);
    })
    .expect("draw");
    let s = text(term.backend().buffer());
    assert!(s.starts_with(&"x".repeat(40)), "{s}");
    let line = s.lines().nth(4).unwrap_or_default();
    assert!(line.starts_with("     │> default *"), "{s}");
}

#[test]
fn long_context_names_are_cut_in_the_middle() {
    let list = vec![
        item(
            "arn:aws:eks:eu-west-1:123456789012:cluster/prod-payments",
            "",
            false,
        ),
        item(
            "arn:aws:eks:eu-west-1:123456789012:cluster/prod-checkout",
            "",
            true,
        ),
    ];
    let mut p = Picker::new("context", list);
    let buf = draw(&p, 34, 6, &mono());
    let s = text(&buf);
    assert!(s.contains("  arn:aws:eks:e…/prod-payments  "), "{s}");
    assert!(s.contains("> arn:aws:eks:e…/prod-checkout *"), "{s}");
    // A match in the kept end is still highlighted; the cut part is not drawn.
    type_str(&mut p, "checkout");
    let s = text(&draw(&p, 34, 6, &mono()));
    assert!(s.contains("…/prod-checkout") && !s.contains("payments"), "{s}");
}
