//! The fleet view at 80x24 and 160x48 (mono theme): worst first, the
//! console's context marked `*`, a read-only one `ro`, "probing… 3s" and
//! "waiting" while probes run, figures not read as `?` (answered) or `—`
//! (not reached), and the selected context's error whole at the bottom.

use super::pane_snapshots::screen;
use crate::app::fleet_tests::{fleet_app, press};

fn line<'a>(s: &'a str, needle: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle}:\n{s}"))
}

#[test]
fn fleet_80x24() {
    let a = fleet_app(80, 24);
    let s = screen(&a);
    let pos = |n: &str| s.find(n).unwrap_or_else(|| panic!("{n}:\n{s}"));
    assert!(
        pos("prod-eu ro") < pos("eks-exec") && pos("staging") < pos(" edge") && pos(" edge") < pos("*dev"),
        "{s}"
    );
    assert!(line(&s, "slow").contains("probing… 3s"), "{s}");
    assert!(line(&s, " lab").contains("waiting"), "{s}");
    assert!(line(&s, "prod-us").contains("refused"), "{s}");
    assert!(line(&s, "eks-exec").contains("credentials"), "{s}");
    // Answered, but nodes were forbidden: unknown, not zero.
    assert!(line(&s, "staging").contains(" ? "), "{s}");
    assert!(
        s.contains("Fleet 8/8 contexts · 1 probing · 1 waiting · sort verdict ▼"),
        "{s}"
    );
    assert!(s.contains("error: ") || s.contains("answered"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn fleet_160x48_with_the_selected_error_whole() {
    let mut a = fleet_app(160, 48);
    // prod-us: the refused connection, in kubectl's words.
    press(&mut a, "j");
    press(&mut a, "j");
    press(&mut a, "j");
    let s = screen(&a);
    assert!(
        s.contains("SERVER") && s.contains("VERSION") && s.contains("ERROR"),
        "{s}"
    );
    assert!(
        s.contains("error: The connection to the server 10.0.0.7:6443 was refused - did you specify the right host or port?"),
        "{s}"
    );
    assert!(
        line(&s, "prod-eu").contains("2/5") && line(&s, "prod-eu").contains("5d"),
        "{s}"
    );
    assert!(line(&s, "*dev").contains("managed"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn fleet_filtered_80x24_with_the_forbidden_figure_whole() {
    let mut a = fleet_app(80, 24);
    press(&mut a, "/");
    for c in "staging".chars() {
        press(&mut a, &c.to_string());
    }
    press(&mut a, "enter");
    let s = screen(&a);
    assert!(
        s.contains("Fleet 1/8 contexts") && s.contains("filter “staging"),
        "{s}"
    );
    assert!(
        s.contains("not read: Error from server (Forbidden): nodes is forbidden"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn the_verdict_is_a_colour_as_well_as_a_symbol() {
    use crate::config::color::ColorDepth;
    use crate::config::theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let a = fleet_app(80, 24);
    let (t, _) = theme::load(
        "default",
        ColorDepth::TrueColor,
        std::path::Path::new("/nonexistent"),
    );
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    term.draw(|f| super::render(&a, &t, f)).expect("draw");
    let buf = term.backend().buffer().clone();
    let fg_of = |symbol: &str| {
        (0..24u16)
            .flat_map(|y| (0..80u16).map(move |x| (x, y)))
            .map(|p| &buf[p])
            .find(|c| c.symbol() == symbol)
            .map(|c| c.fg)
            .unwrap_or_else(|| panic!("{symbol} on screen"))
    };
    assert_eq!(Some(fg_of("✖")), t.style("crit").fg);
    assert_eq!(Some(fg_of("▲")), t.style("warn").fg);
    assert_eq!(Some(fg_of("✔")), t.style("ok").fg);
    assert_ne!(t.style("crit").fg, t.style("ok").fg);
}
