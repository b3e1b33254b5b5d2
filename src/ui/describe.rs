//! The describe/YAML view: the object's lines, scrolled, in a bordered
//! block titled with the object and the form; the search's matches
//! marked; where the view is (`12/240`) at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Padding, Paragraph};

use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::describe_view::{Content, Format};
use crate::app::keys::first_label;
use crate::config::theme::Theme;

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let v = &app.features.describe;
    let visible = usize::from(area.height.saturating_sub(2));
    let shown: Vec<Line> = v
        .lines
        .iter()
        .enumerate()
        .skip(v.scroll.offset)
        .take(visible)
        .map(|(i, l)| {
            let hit = v.matches.binary_search(&i).is_ok();
            Line::from(
                l.iter()
                    .map(|(t, scope)| {
                        let style = theme.style(scope);
                        // A found line stands out without colour too.
                        let style = if hit {
                            style.add_modifier(Modifier::REVERSED)
                        } else {
                            style
                        };
                        Span::styled(t.clone(), style)
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let key =
        |a: Action| first_label(app.session.keymap.keys(Mode::Describe, a)).unwrap_or_else(|| "?".into());
    let (form, other) = match v.format {
        Format::Describe => ("describe", format!("{} yaml", key(Action::Yaml))),
        Format::Yaml => ("yaml", format!("{} describe", key(Action::Describe))),
    };
    let what = v.target.as_ref().map_or_else(String::new, |t| t.with_namespace());
    let state = match &v.content {
        Content::Loading => " (loading…)",
        Content::Failed(_) => " (error)",
        Content::Loaded(_) => "",
    };
    let title = format!(
        " {form} {what}{state} — {other}, {} to return ",
        key(Action::Close)
    );
    let mut position = format!(" {}/{} ", (v.scroll.offset + 1).min(v.lines.len()), v.lines.len());
    if !v.search.is_empty() {
        position = format!(" /{}: {} found ·{position}", v.search, v.matches.len());
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .padding(Padding::horizontal(1))
        .title(Span::styled(title, theme.style("title.focus")))
        .title_bottom(Line::from(Span::styled(position, theme.style("muted"))).right_aligned());
    frame.render_widget(Paragraph::new(shown).block(block), area);
}
