//! The footer: key hints of the active mode, or the `:` command line; and
//! the notice line above it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::text::{truncate, width};
use crate::app::action::{Action, Mode};
use crate::app::{AppState, Notice};
use crate::config::theme::Theme;

/// The hints shown per mode, in order of importance.
fn hinted(mode: Mode) -> &'static [Action] {
    match mode {
        Mode::Normal => &[
            Action::Quit,
            Action::Help,
            Action::Command,
            Action::Open,
            Action::Contexts,
            Action::Namespaces,
            Action::NextTile,
            Action::Redraw,
        ],
        Mode::Help => &[
            Action::Close,
            Action::Down,
            Action::Up,
            Action::PageDown,
            Action::Quit,
        ],
        Mode::Command | Mode::Filter => &[Action::Submit, Action::Cancel],
        Mode::Picker => &[Action::Submit, Action::Save, Action::Cancel],
        Mode::Drain => &[
            Action::Submit,
            Action::Cancel,
            Action::ToggleDaemonSets,
            Action::ToggleEmptyDir,
            Action::ToggleForce,
            Action::Abort,
        ],
        Mode::Findings => &[
            Action::Close,
            Action::Open,
            Action::Filter,
            Action::Down,
            Action::Help,
            Action::Quit,
        ],
        Mode::Nodes => &[
            Action::Close,
            Action::Filter,
            Action::Mark,
            Action::Cordon,
            Action::Uncordon,
            Action::Drain,
            Action::Sort,
            Action::Help,
            Action::Quit,
        ],
        Mode::Pane => &[
            Action::Close,
            Action::Down,
            Action::Up,
            Action::Help,
            Action::Quit,
        ],
    }
}

/// The key hints as (key, label) pairs that fit in `cols` columns.
pub fn hints(app: &AppState, cols: usize) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let mut used = 1;
    for action in hinted(app.mode) {
        let Some(key) = app.keymap.keys(app.mode, *action).first() else {
            continue;
        };
        let key = key.to_string();
        // Mutations show as unavailable in read-only mode.
        let hint = match action {
            Action::Cordon if app.readonly => "cordon(read-only)",
            Action::Save if app.readonly => "save(read-only)",
            Action::Submit if app.mode == Mode::Picker => "choose",
            Action::Uncordon if app.readonly => "uncordon(read-only)",
            Action::Drain if app.readonly => "drain(read-only)",
            a => a.hint(),
        };
        let w = width(&key) + 1 + width(hint) + 2;
        if used + w > cols {
            break;
        }
        used += w;
        out.push((key, hint));
    }
    out
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let line = match app.mode {
        Mode::Command => Some((":", &app.cmdline)),
        Mode::Filter => Some(("/", &app.filter_line)),
        _ => None,
    };
    if let Some((prompt_text, textarea)) = line {
        let [prompt, input] = Layout::horizontal([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        frame.buffer_mut().set_style(area, theme.style("cmdline"));
        frame.render_widget(Span::styled(prompt_text, theme.style("key")), prompt);
        frame.render_widget(textarea, input);
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    for (key, label) in hints(app, usize::from(area.width)) {
        spans.push(Span::styled(key, theme.style("key")));
        spans.push(Span::styled(format!(" {label}  "), theme.style("hint")));
    }
    frame.render_widget(Line::from(spans), area);
}

/// A notice on its rows, wrapped (see `app::notices::rows`); a notice
/// given fewer rows than it needs ends with `…`.
pub fn render_notice(notice: &Notice, theme: &Theme, frame: &mut Frame, area: &[Rect]) {
    let rows = crate::app::notices::rows(notice, area.first().map_or(0, |r| r.width));
    let cut = rows.len() > area.len();
    for (i, (line, rect)) in rows.iter().zip(area).enumerate() {
        let mut spans: Vec<Span> = line
            .iter()
            .map(|(t, scope)| Span::styled(t.clone(), theme.style(scope)))
            .collect();
        if cut && i + 1 == area.len() {
            let text: String = line.iter().map(|(t, _)| t.as_str()).collect();
            let scope = crate::app::notices::mark(notice.level).1;
            let room = usize::from(rect.width).saturating_sub(1);
            spans = vec![Span::styled(
                format!("{}…", truncate(&text, room).trim_end_matches('…')),
                theme.style(scope),
            )];
        }
        frame.render_widget(Line::from(spans), *rect);
    }
}
