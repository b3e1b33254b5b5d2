//! The confirmation of a request over any view: what will change, then the
//! text to type or the keys; at the second question, the risk.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::confirm::boxed;
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::ask::{Ask, Stage};
use crate::app::keys::first_label;
use crate::config::theme::Theme;

fn key(app: &AppState, action: Action) -> String {
    first_label(app.session.keymap.keys(Mode::Drain, action)).unwrap_or_else(|| action.name().to_string())
}

pub fn render(app: &AppState, a: &Ask, theme: &Theme, frame: &mut Frame, area: Rect) {
    let verb = a.request.verb();
    let mut lines: Vec<Line<'static>> = a
        .changes()
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let first = i == 0 && a.stage != Stage::Value;
            Line::from(Span::styled(l, theme.style(if first { "warn" } else { "text" })))
        })
        .collect();
    if let (Stage::Risk, Some(risk)) = (a.stage, a.risk()) {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(risk.clone(), theme.style("crit"))));
    }
    let row = boxed(format!(" {} ", a.title), lines, 1, theme, frame, area);
    let (submit, cancel) = (key(app, Action::Submit), key(app, Action::Cancel));
    let prompt = match (a.stage, a.request.prompt()) {
        (Stage::Value, Some(p)) => Some(format!("{p}: ")),
        _ => a.expected().map(|e| format!("type {e} to {verb}: ")),
    };
    match prompt {
        Some(label) => {
            let w = u16::try_from(label.chars().count()).unwrap_or(u16::MAX);
            let [l, input] = Layout::horizontal([Constraint::Length(w), Constraint::Min(1)]).areas(row);
            frame.render_widget(Span::styled(label, theme.style("warn")), l);
            frame.render_widget(&a.input, input);
        }
        None => {
            let act = match (a.stage, a.risk()) {
                (Stage::Changes | Stage::Value, Some(_)) => "go on".to_string(),
                (Stage::Risk, _) => format!("{verb} anyway"),
                (Stage::Changes | Stage::Value, None) => verb.to_string(),
            };
            let text = format!("{submit}: {act}   {cancel}: cancel, nothing changes");
            frame.render_widget(Span::styled(text, theme.style("key")), row);
        }
    }
}
