//! An opened pane: its lines, scrolled, in a bordered block.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Padding, Paragraph};

use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::keys::first_label;
use crate::config::theme::Theme;
use crate::pages;

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let tile = app.focused_tile();
    // The etcd pane shows its running (or last) snapshot or defrag at the bottom.
    let ops = if tile == pages::TileId::EtcdBackups {
        super::etcd_ops::height(app, area.width.saturating_sub(4), area.height)
    } else {
        0
    };
    let [area, below] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Min(3),
        ratatui::layout::Constraint::Length(ops),
    ])
    .areas(area);
    if ops > 0 {
        super::etcd_ops::render(app, theme, frame, below);
    }
    // Wrapped, never cut: a long reason reads whole on the rows below.
    let width = usize::from(area.width.saturating_sub(4)).max(1);
    let lines = pages::wrap(pages::lines(&app.live.panes, tile, app.live.now), width);
    let visible = usize::from(area.height.saturating_sub(2));
    let shown: Vec<Line> = lines
        .iter()
        .skip(app.nav.pane_scroll.offset)
        .take(visible)
        .map(|l| {
            Line::from(
                l.iter()
                    .map(|(t, scope)| Span::styled(t.clone(), theme.style(scope)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let close =
        first_label(app.session.keymap.keys(Mode::Pane, Action::Close)).unwrap_or_else(|| "esc".into());
    let position = format!(
        " {}/{} ",
        (app.nav.pane_scroll.offset + 1).min(lines.len()),
        lines.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .padding(Padding::horizontal(1))
        .title(Span::styled(
            format!(" {} — {close} to return ", tile.title()),
            theme.style("title.focus"),
        ))
        .title_bottom(Line::from(Span::styled(position, theme.style("muted"))).right_aligned());
    frame.render_widget(Paragraph::new(shown).block(block), area);
}
