//! The context and namespace pickers, drawn over the current view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::widgets::Clear;

use crate::app::AppState;
use crate::config::theme::Theme;

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, body: Rect) {
    let Some(open) = &app.features.picker else { return };
    let w = body.width.saturating_sub(4).min(100);
    // Borders, the query line, and the rows (at least a few, at most the body).
    let rows = u16::try_from(open.picker.total()).unwrap_or(u16::MAX).max(3);
    let h = rows
        .saturating_add(3)
        .min(body.height.saturating_sub(2))
        .max(body.height.min(5));
    let [column] = Layout::horizontal([Constraint::Length(w)])
        .flex(Flex::Center)
        .areas(body);
    let [area] = Layout::vertical([Constraint::Length(h)])
        .flex(Flex::Start)
        .areas(column.inner(ratatui::layout::Margin::new(0, 1)));
    frame.render_widget(Clear, area);
    crate::picker::render(frame, area, &open.picker, theme);
}
