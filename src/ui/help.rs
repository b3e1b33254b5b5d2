//! The help overlay: every binding, the commands, and file problems.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Padding, Paragraph};

use super::text::{truncate, width};
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::help::HelpRow;
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
        .skip(app.help_scroll)
        .map(|r| match r {
            HelpRow::Section(t) => Line::from(Span::styled(truncate(t, inner_w), theme.style("title"))),
            HelpRow::Problem(t) => Line::from(vec![
                Span::styled("▲ ", theme.style("warn")),
                Span::styled(truncate(t, inner_w.saturating_sub(2)), theme.style("warn")),
            ]),
            HelpRow::Entry { keys, what } => {
                let k = truncate(keys, key_w);
                let pad = " ".repeat(key_w.saturating_sub(width(&k)) + 2);
                Line::from(vec![
                    Span::styled(format!("  {k}"), theme.style("key")),
                    Span::raw(pad),
                    Span::styled(
                        truncate(what, inner_w.saturating_sub(key_w + 4)),
                        theme.style("text"),
                    ),
                ])
            }
            HelpRow::Blank => Line::default(),
        })
        .collect();
    let close = app
        .keymap
        .keys(Mode::Help, Action::Close)
        .first()
        .map_or_else(|| "esc".to_string(), ToString::to_string);
    let position = format!(" {}/{} ", (app.help_scroll + 1).min(rows.len()), rows.len());
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
