//! The questions asked over the screen: cordon or uncordon these nodes
//! (naming every one, and the marked ones left out), and "abort the drain
//! and quit?".

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Wrap};

use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::keys::first_label;
use crate::app::nodes_confirm::Confirm;
use crate::config::theme::Theme;

/// A box of `lines` (wrapped) centred in `area`, with room for `extra`
/// rows below them; returns the rows left for the extra.
pub(super) fn boxed(
    title: String,
    lines: Vec<Line<'static>>,
    extra: u16,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
) -> Rect {
    let width = area.width.saturating_sub(4).clamp(10, 76);
    let text_width = usize::from(width.saturating_sub(2)).max(1);
    let wrapped: usize = lines.iter().map(|l| l.width().max(1).div_ceil(text_width)).sum();
    let height = (u16::try_from(wrapped).unwrap_or(u16::MAX) + extra + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width.min(area.width)) / 2,
        y: area.y + (area.height - height) / 2,
        width: width.min(area.width),
        height,
    };
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(title, theme.style("title.focus")));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let [text, rest] = Layout::vertical([Constraint::Min(0), Constraint::Length(extra)]).areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    rest
}

fn key(app: &AppState, action: Action) -> String {
    first_label(app.session.keymap.keys(Mode::Drain, action)).unwrap_or_else(|| action.name().to_string())
}

/// The cordon/uncordon confirmation over the nodes table.
pub fn render(app: &AppState, c: &Confirm, theme: &Theme, frame: &mut Frame, area: Rect) {
    let verb = c.verb();
    let n = c.nodes.len();
    let title = format!(
        " {}{} {n} node{}? ",
        verb[..1].to_uppercase(),
        &verb[1..],
        if n == 1 { "" } else { "s" }
    );
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{verb}: "), theme.style("text")),
        Span::styled(c.nodes.join(", "), theme.style("warn")),
    ])];
    if !c.control_plane.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("control-plane: {}", c.control_plane.join(", ")),
            theme.style("crit"),
        )));
    }
    if !c.left_out.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "not {verb}ed (marked, but hidden by the filter): {}",
                c.left_out.join(", ")
            ),
            theme.style("muted"),
        )));
    }
    let row = boxed(title, lines, 1, theme, frame, area);
    let (submit, cancel) = (key(app, Action::Submit), key(app, Action::Cancel));
    match c.expected() {
        Some(expected) => {
            let label = format!("type {expected} to {verb}: ");
            let w = u16::try_from(label.chars().count()).unwrap_or(u16::MAX);
            let [l, input] = Layout::horizontal([Constraint::Length(w), Constraint::Min(1)]).areas(row);
            frame.render_widget(Span::styled(label, theme.style("warn")), l);
            frame.render_widget(&c.input, input);
        }
        None => {
            let text = format!("{submit}: {verb}   {cancel}: cancel, nothing changes");
            frame.render_widget(Span::styled(text, theme.style("key")), row);
        }
    }
}

/// "Abort the drain and quit?", asked when quitting while a drain runs.
pub fn render_quit(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (gone, total) = app.features.drain.as_ref().map_or((0, 0), |d| d.total_counts());
    let lines = vec![
        Line::from(Span::styled(
            format!("A drain is running ({gone}/{total} pods gone). Abort the drain and quit?"),
            theme.style("warn"),
        )),
        Line::from(Span::styled(
            "y: abort the drain and quit (the node stays cordoned)   any other key: keep it running",
            theme.style("key"),
        )),
    ];
    boxed(" Quit? ".into(), lines, 0, theme, frame, area);
}
