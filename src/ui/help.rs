//! The help overlay: every binding, the commands, and file problems.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Paragraph};

use super::text::{truncate, width};
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::help::HelpRow;
use crate::app::keys::first_label;
use crate::config::theme::Theme;

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, body: Rect) {
    let w = body.width.saturating_sub(4).min(100);
    let [area] = Layout::horizontal([Constraint::Length(w)])
        .flex(Flex::Center)
        .areas(body);
    let rows = app.help_rows();
    let inner_w = usize::from(w.saturating_sub(4));
    let key_w = rows
        .iter()
        .filter_map(|r| match r {
            HelpRow::Entry { keys, .. } => Some(width(keys)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .min(inner_w / 3);
    let lines: Vec<Line> = rows
        .iter()
        .skip(app.nav.help_scroll.offset)
        .flat_map(|r| match r {
            HelpRow::Section(t) => vec![Line::from(Span::styled(
                truncate(t, inner_w),
                theme.style("title"),
            ))],
            // Problems and messages wrap: they are read whole here.
            HelpRow::Problem(t) => wrapped("▲ ", t, "warn", inner_w, theme),
            HelpRow::Message(t) => wrapped("• ", t, "text", inner_w, theme),
            HelpRow::Entry { keys, what } => {
                let k = truncate(keys, key_w);
                let pad = " ".repeat(key_w.saturating_sub(width(&k)) + 2);
                vec![Line::from(vec![
                    Span::styled(format!("  {k}"), theme.style("key")),
                    Span::raw(pad),
                    Span::styled(
                        truncate(what, inner_w.saturating_sub(key_w + 4)),
                        theme.style("text"),
                    ),
                ])]
            }
            HelpRow::Blank => vec![Line::default()],
        })
        .collect();
    let close =
        first_label(app.session.keymap.keys(Mode::Help, Action::Close)).unwrap_or_else(|| "esc".into());
    let position = format!(
        " {}/{} ",
        (app.nav.help_scroll.offset + 1).min(rows.len()),
        rows.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.style("border.focus"))
        .padding(Padding::horizontal(1))
        .title(Span::styled(
            format!(" Help — {close} to close "),
            theme.style("title.focus"),
        ))
        .title_bottom(Line::from(Span::styled(position, theme.style("muted"))).right_aligned());
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(block).style(theme.style("text")),
        area,
    );
}

/// `text` after `mark`, wrapped to `width` columns (continuation rows indented).
fn wrapped<'a>(mark: &str, text: &str, scope: &'static str, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let line = vec![(mark.to_string(), scope), (text.to_string(), scope)];
    crate::pages::wrap(vec![line], width.max(4))
        .into_iter()
        .map(|row| {
            Line::from(
                row.into_iter()
                    .map(|(t, s)| Span::styled(t, theme.style(s)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}
