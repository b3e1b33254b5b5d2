//! Snapshots of the rendered shell through ratatui's TestBackend, at 80x24
//! and 160x48, in the `default` and `mono` themes.

use std::path::Path;

use kon::app::keys::KeyChord;
use kon::app::{AppState, Msg, Settings};
use kon::cluster::{Connection, Report};
use kon::config::color::ColorDepth;
use kon::config::theme::{self, Theme};
use kon::kubeconfig::target::Target;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

/// Asserts a snapshot kept where and as it was when this file was a test
/// binary of its own: tests/snapshots/ui_snapshots__TEST.snap, TEST being
/// the test function's name (insta would otherwise name the file after this
/// module's path in the one test binary, and look for it beside it).
macro_rules! assert_snapshot {
    ($value:expr) => {{
        fn here() {}
        let path = std::any::type_name_of_val(&here).trim_end_matches("::here");
        let test = path.rsplit("::").next().unwrap_or(path);
        insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(format!("ui_snapshots__{test}"), $value)
        })
    }};
}

fn app(width: u16, height: u16) -> AppState {
    let target = Target {
        context: Some("prod-eu-1".into()),
        server: Some("https://api.prod-eu-1.example.com:6443".into()),
        namespace: "payments".into(),
        scope: Some("payments".into()),
    };
    let mut app = AppState::new(Settings {
        readonly: true,
        ..Settings::for_target(target)
    });
    app.update(Msg::Resize { width, height });
    app.update(Msg::Cluster(Report::Connection(Connection::Connected {
        version: "v1.35.0".into(),
    })));
    app
}

fn theme(name: &str) -> Theme {
    let depth = if name == "mono" {
        ColorDepth::Mono
    } else {
        ColorDepth::TrueColor
    };
    let (t, problems) = theme::load(name, depth, Path::new("/nonexistent-kon-test-themes"));
    assert!(problems.is_empty(), "{problems:?}");
    t
}

fn render(app: &AppState, theme: &Theme) -> Buffer {
    let (w, h) = app.nav.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| kon::ui::render(app, theme, f)).unwrap();
    term.backend().buffer().clone()
}

/// The screen's text, then the styled runs of the header and the last two
/// rows, so that a theme's effect is part of the snapshot.
fn describe(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let line: String = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("--- styles (row: col..col fg/bg/modifiers)\n");
    for y in [0, area.height - 2, area.height - 1] {
        let mut runs: Vec<String> = Vec::new();
        let mut x = 0;
        while x < area.width {
            let st = buf[(x, y)].style();
            let start = x;
            while x < area.width && buf[(x, y)].style() == st {
                x += 1;
            }
            if st.fg.is_some_and(|c| c != Color::Reset)
                || st.bg.is_some_and(|c| c != Color::Reset)
                || st.add_modifier != Modifier::empty()
            {
                let fg = st.fg.map_or("-".into(), |c| format!("{c}"));
                let bg = st.bg.map_or("-".into(), |c| format!("{c}"));
                runs.push(format!("{start}..{x} {fg}/{bg}/{:?}", st.add_modifier));
            }
        }
        out.push_str(&format!("{y}: {}\n", runs.join(", ")));
    }
    out
}

#[test]
fn shell_80x24_default() {
    assert_snapshot!(describe(&render(&app(80, 24), &theme("default"))));
}

#[test]
fn shell_80x24_mono() {
    assert_snapshot!(describe(&render(&app(80, 24), &theme("mono"))));
}

#[test]
fn shell_160x48_default() {
    assert_snapshot!(describe(&render(&app(160, 48), &theme("default"))));
}

#[test]
fn shell_160x48_mono() {
    assert_snapshot!(describe(&render(&app(160, 48), &theme("mono"))));
}

#[test]
fn help_overlay_80x24() {
    let mut a = app(80, 24);
    a.update(Msg::Key(KeyChord::parse("?").unwrap()));
    assert_snapshot!(describe(&render(&a, &theme("default"))));
}

#[test]
fn command_line_80x24() {
    let mut a = app(80, 24);
    for k in [":", "q", "u", "i"] {
        a.update(Msg::Key(KeyChord::parse(k).unwrap()));
    }
    let buf = render(&a, &theme("default"));
    let last: String = (0..80).map(|x| buf[(x, 23)].symbol()).collect();
    assert_eq!(last.trim_end(), ":qui");
}

#[test]
fn mono_uses_no_colour_anywhere() {
    for (w, h) in [(80, 24), (160, 48)] {
        let buf = render(&app(w, h), &theme("mono"));
        for cell in buf.content() {
            assert!(
                cell.fg == Color::Reset && cell.bg == Color::Reset,
                "coloured cell {cell:?}"
            );
        }
    }
}

#[test]
fn every_tile_and_header_field_is_on_screen_at_80x24() {
    let buf = render(&app(80, 24), &theme("default"));
    let text = describe(&buf);
    for want in [
        "Control plane",
        "etcd backups",
        "Certificates",
        "Zones",
        "Quotas",
        "Findings",
        "no data yet",
        "prod-eu-1",
        "payments",
        "connected",
        "READ-ONLY",
        "? help",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
}

#[test]
fn tiny_terminal_does_not_panic() {
    for (w, h) in [(1, 1), (10, 3), (20, 5), (0, 0), (300, 2)] {
        let mut a = app(w.max(1), h.max(1));
        a.update(Msg::Key(KeyChord::parse("?").unwrap()));
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| kon::ui::render(&a, &theme("default"), f)).unwrap();
    }
}
