//! The body: the tiles in a grid that adapts to the terminal's width (a
//! last row with fewer tiles than columns shares its width among them).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Padding, Paragraph};

use crate::app::AppState;
use crate::app::tiles::{TileId, tile_columns};
use crate::cluster::store::SyncState;
use crate::cluster::store::kinds::Kind;
use crate::config::theme::Theme;
use crate::pages::level_scope;
use crate::signals::verdict::Level;

/// The most rows a last, partial row of tiles takes (borders included).
const LAST_ROW_MAX: u16 = 6;

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let columns = tile_columns(area.width);
    let rows = TileId::ALL.len().div_ceil(columns);
    // A last row that is not full (the Pods tile, across the width) takes
    // the lines it has, within reason; the full rows share the rest.
    let partial = !TileId::ALL.len().is_multiple_of(columns);
    let constraints: Vec<Constraint> = (0..rows)
        .map(|r| {
            if partial && r == rows - 1 {
                let tallest = TileId::ALL[r * columns..]
                    .iter()
                    .map(|t| tile_lines(app, *t).len())
                    .max()
                    .unwrap_or(1);
                Constraint::Length((tallest as u16 + 2).clamp(3, LAST_ROW_MAX))
            } else {
                Constraint::Fill(1)
            }
        })
        .collect();
    let row_areas = Layout::vertical(constraints).split(area);
    for (i, tile) in TileId::ALL.iter().enumerate() {
        let (r, c) = (i / columns, i % columns);
        let Some(row) = row_areas.get(r) else { continue };
        // A last row with fewer tiles than columns shares its width among them.
        let in_row = columns.min(TileId::ALL.len() - r * columns);
        let cells = Layout::horizontal(vec![Constraint::Fill(1); in_row]).split(*row);
        let Some(cell) = cells.get(c) else { continue };
        render_tile(app, *tile, i == app.nav.focus, theme, frame, *cell);
    }
}

/// The kinds a tile's pane is computed from. The findings tile says itself
/// what it could not read.
fn needs(tile: TileId) -> &'static [Kind] {
    match tile {
        TileId::ControlPlane => &[Kind::Nodes, Kind::Pods, Kind::Leases],
        TileId::Zones => &[Kind::Nodes, Kind::Pods],
        TileId::Quotas => &[Kind::ResourceQuotas, Kind::LimitRanges, Kind::Nodes, Kind::Pods],
        TileId::Certificates => &[Kind::TlsSecrets, Kind::Certificates, Kind::Csrs],
        TileId::EtcdBackups => &[
            Kind::VeleroBackups,
            Kind::VeleroSchedules,
            Kind::EtcdSnapshots,
            Kind::CronJobs,
            Kind::Jobs,
        ],
        TileId::Findings => &[],
        TileId::Pods => &[Kind::Pods],
    }
}

/// A tile's lines: its pane's verdicts (worst first), or why there are none
/// yet. A tile whose kinds are not all read says so first, and shows only
/// the problems found so far: never a ✔ over data it has not read.
pub fn tile_lines(app: &AppState, tile: TileId) -> Vec<(String, &'static str)> {
    let kinds = needs(tile);
    let states = || kinds.iter().map(|k| (*k, app.live.store.state(*k)));
    let pane: Vec<(String, &'static str, Level)> =
        crate::app::tiles::tile_lines(&app.live.panes, tile, app.live.now)
            .unwrap_or_default()
            .iter()
            .map(|l| {
                let (symbol, scope) = level_scope(l.level);
                (format!("{symbol} {}", l.text), scope, l.level)
            })
            .collect();
    let problems = || {
        pane.iter()
            .filter(|(.., l)| *l != Level::Ok)
            .map(|(t, s, _)| (t.clone(), *s))
    };
    // The worst state among the kinds this pane needs decides first.
    if let Some((kind, state)) = states()
        .filter(|(_, s)| s.is_failure())
        .max_by_key(|(_, s)| s.severity())
    {
        let scope = if matches!(state, SyncState::Stale { .. }) {
            "warn"
        } else {
            "crit"
        };
        let first = (format!("{} ({})", state.label(), kind.resource()), scope);
        return std::iter::once(first).chain(problems()).collect();
    }
    // A kind not started yet, with nothing to show either: "no data yet".
    let pending = states().find(|(_, s)| matches!(s, SyncState::Syncing { .. }));
    let waiting = || states().find(|(_, s)| **s == SyncState::NotStarted);
    if let Some((kind, state)) = pending.or_else(|| waiting().filter(|_| !pane.is_empty())) {
        let first = match state {
            SyncState::Syncing { count } => format!("… syncing {} ({count})", kind.resource()),
            _ => format!("… waiting for {}", kind.resource()),
        };
        return std::iter::once((first, "muted")).chain(problems()).collect();
    }
    if !pane.is_empty() {
        return pane.into_iter().map(|(t, s, _)| (t, s)).collect();
    }
    vec![("no data yet".into(), "muted")]
}

/// Below this a border leaves no room for a verdict: the tile is drawn
/// without one, its verdicts right after its title.
const MIN_BORDERED: (u16, u16) = (16, 3);

fn render_tile(app: &AppState, tile: TileId, focused: bool, theme: &Theme, frame: &mut Frame, area: Rect) {
    // Focus is shown by a marker and a heavier border, not by colour alone.
    let (marker, border, title, kind) = if focused {
        ("▶ ", "border.focus", "title.focus", BorderType::Thick)
    } else {
        ("", "border", "title", BorderType::Plain)
    };
    if area.width < MIN_BORDERED.0 || area.height < MIN_BORDERED.1 {
        let mut lines: Vec<Line> = tile_lines(app, tile)
            .into_iter()
            .map(|(text, scope)| Line::from(Span::styled(text, theme.style(scope))))
            .collect();
        let head = Span::styled(format!("{marker}{}: ", tile.title()), theme.style(title));
        match lines.first_mut() {
            Some(first) => first.spans.insert(0, head),
            None => lines.push(Line::from(head)),
        }
        let body = Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true });
        frame.render_widget(body, area);
        return;
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(kind)
        .border_style(theme.style(border))
        .padding(Padding::horizontal(1))
        .title(Line::from(vec![Span::styled(
            format!(" {marker}{} ", tile.title()),
            theme.style(title),
        )]));
    let lines: Vec<Line> = tile_lines(app, tile)
        .into_iter()
        .map(|(text, scope)| Line::from(Span::styled(text, theme.style(scope))))
        .collect();
    let body = Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: true })
        .block(block);
    frame.render_widget(body, area);
}
