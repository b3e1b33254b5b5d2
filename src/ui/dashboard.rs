//! The body: six tiles in a grid that adapts to the terminal's width.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Padding, Paragraph};

use crate::app::AppState;
use crate::app::tiles::{TileId, tile_columns};
use crate::config::theme::Theme;

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let columns = tile_columns(area.width);
    let rows = TileId::ALL.len().div_ceil(columns);
    let row_areas = Layout::vertical(vec![Constraint::Fill(1); rows]).split(area);
    for (i, tile) in TileId::ALL.iter().enumerate() {
        let (r, c) = (i / columns, i % columns);
        let Some(row) = row_areas.get(r) else { continue };
        let cells = Layout::horizontal(vec![Constraint::Fill(1); columns]).split(*row);
        let Some(cell) = cells.get(c) else { continue };
        render_tile(*tile, i == app.focus, theme, frame, *cell);
    }
}

fn render_tile(tile: TileId, focused: bool, theme: &Theme, frame: &mut Frame, area: Rect) {
    // Focus is shown by a marker and a heavier border, not by colour alone.
    let (marker, border, title, kind) = if focused {
        ("▶ ", "border.focus", "title.focus", BorderType::Thick)
    } else {
        ("", "border", "title", BorderType::Plain)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(kind)
        .border_style(theme.style(border))
        .padding(Padding::horizontal(1))
        .title(Line::from(vec![Span::styled(
            format!(" {marker}{} ", tile.title()),
            theme.style(title),
        )]));
    let body = Paragraph::new(Line::from(Span::styled("no data yet", theme.style("muted")))).block(block);
    frame.render_widget(body, area);
}
