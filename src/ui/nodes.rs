//! The nodes table: only the visible rows are built (O(screen), not
//! O(nodes)); columns that do not fit are dropped, least useful first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Cell, Paragraph, Row, Table};

use super::text::truncate;
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::keys::first_label;
use crate::app::nodes_columns::{columns, min_width};
use crate::app::nodes_table::Column;
use crate::cluster::store::{Kind, SyncState};
use crate::config::theme::Theme;
use crate::signals::nodes::{NodeRow, NodeStatus};
use crate::signals::verdict::age;

fn cell(r: &NodeRow, c: Column, now: i64) -> (String, &'static str) {
    match c {
        Column::Name => (r.name.to_string(), "text"),
        Column::Status => (
            r.status.label().into(),
            if r.status == NodeStatus::Ready {
                "ok"
            } else {
                "crit"
            },
        ),
        Column::Roles => (r.roles.clone(), "text"),
        Column::Zone => (r.zone.as_deref().unwrap_or("—").into(), "text"),
        Column::Version => (r.version.to_string(), "muted"),
        Column::Age => (r.created.map_or("—".into(), |t| age(now - t)), "muted"),
        Column::Pods => {
            let scope = if r.full() {
                "crit"
            } else if u64::from(r.pods) * 10 >= u64::from(r.pods_capacity) * 9 {
                "warn"
            } else {
                "text"
            };
            (format!("{}/{}", r.pods, r.pods_capacity), scope)
        }
        Column::Cordoned => {
            if r.cordoned {
                ("⊘ yes".into(), "warn")
            } else {
                ("".into(), "text")
            }
        }
        Column::Pressure => {
            if r.pressure.is_empty() {
                ("".into(), "text")
            } else {
                (r.pressure.join(","), "warn")
            }
        }
    }
}

/// Why there are no rows, when the nodes are not (all) known.
fn state_line(state: &SyncState) -> Option<(String, &'static str)> {
    match state {
        SyncState::Synced => None,
        SyncState::NotStarted => Some(("no data yet".into(), "muted")),
        SyncState::Syncing { count } => Some((format!("… syncing nodes ({count})"), "muted")),
        SyncState::Stale { .. } => Some((format!("▲ nodes: {}", state.label()), "warn")),
        _ => Some((format!("✖ nodes: {}", state.label()), "crit")),
    }
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let now = app.live.now;
    let t = &app.features.nodes_table;
    let rows = app.node_rows();
    let close =
        first_label(app.session.keymap.keys(Mode::Nodes, Action::Close)).unwrap_or_else(|| "esc".into());
    let order = t.sort.arrow(t.reversed);
    let mut title = format!(
        " Nodes {}/{} · sort {} {order} {}",
        t.shown.len(),
        rows.len(),
        t.sort.title().to_lowercase(),
        t.sort.direction(t.reversed)
    );
    let marked = t.marked_names(rows);
    let hidden = t.hidden_marks(rows);
    if !marked.is_empty() {
        title.push_str(&format!(" · {} marked", marked.len()));
        if !hidden.is_empty() {
            title.push_str(&format!(" ({} hidden by the filter)", hidden.len()));
        }
    }
    if !t.filter.is_empty() {
        title.push_str(&format!(" · filter “{}”", truncate(&t.filter, 24)));
    }
    title.push_str(&format!(" — {close} to return "));
    let state = app.live.store.state(Kind::Nodes);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(title, theme.style("title.focus")));
    if let Some((text, scope)) = state_line(state) {
        block = block.title_bottom(Line::from(Span::styled(format!(" {text} "), theme.style(scope))));
    }
    if !marked.is_empty() {
        let unmark = first_label(app.session.keymap.keys(Mode::Nodes, Action::ClearMarks))
            .map(|k| format!(" · {k} unmarks all"))
            .unwrap_or_default();
        let room = usize::from(area.width).saturating_sub(14 + unmark.chars().count());
        let text = format!(" ● marked: {}{unmark} ", truncate(&marked.join(", "), room));
        block = block.title_bottom(Line::from(Span::styled(text, theme.style("warn"))));
    }
    // A node in trouble under the cursor: why, in one line (Enter lists
    // its pods under the whole of it).
    if let Some(n) = t
        .current(rows)
        .filter(|r| r.status != NodeStatus::Ready)
        .and_then(|r| app.live.store.nodes.items.get(&*r.name))
        .filter(|n| n.details.condition("Ready").is_some())
    {
        let first = crate::signals::node_details::lines(n, now).remove(0);
        let first = first.split_once(": ").map_or(first.as_str(), |(_, rest)| rest);
        let room = usize::from(area.width).saturating_sub(12);
        let text = format!(" {} ", truncate(&format!("enter: its pods · {first}"), room));
        block = block.title_bottom(Line::from(Span::styled(text, theme.style("warn"))));
    }
    if !t.shown.is_empty() {
        let position = format!(" {}/{} ", t.view.cursor + 1, t.shown.len());
        block = block.title_bottom(Line::from(Span::styled(position, theme.style("muted"))).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if t.shown.is_empty() {
        let text = if rows.is_empty() {
            state_line(state).unwrap_or_else(|| ("the cluster has no nodes".into(), "muted"))
        } else {
            (format!("no node matches “{}”", t.filter), "muted")
        };
        frame.render_widget(Paragraph::new(Span::styled(text.0, theme.style(text.1))), inner);
        return;
    }
    let cols = columns(inner.width.saturating_sub(2));
    let header = Row::new(cols.iter().map(|c| {
        let mut title = c.title().to_string();
        if *c == t.sort {
            title.push_str(order);
        }
        Cell::from(title)
    }))
    .style(theme.style("title"));
    let visible = usize::from(inner.height.saturating_sub(1));
    let body: Vec<Row> = t
        .shown
        .iter()
        .enumerate()
        .skip(t.view.offset)
        .take(visible)
        .filter_map(|(pos, &i)| rows.get(i).map(|r| (pos, r)))
        .map(|(pos, r)| {
            let row = Row::new(cols.iter().map(|c| {
                let (text, scope) = cell(r, *c, now);
                Cell::from(text).style(theme.style(scope))
            }));
            if pos == t.view.cursor {
                row.style(theme.style("selection"))
            } else {
                row.style(Style::default())
            }
        })
        .collect();
    // The name column is as wide as the longest name on screen (within
    // reason), so the other columns stay next to it on wide terminals.
    let longest = t.shown.iter().skip(t.view.offset).take(visible);
    let longest = longest
        .filter_map(|&i| rows.get(i))
        .map(|r| r.name.chars().count());
    let name_width = longest
        .max()
        .unwrap_or(0)
        .clamp(usize::from(min_width(Column::Name)), 63) as u16;
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|c| match c {
            Column::Name => Constraint::Length(name_width),
            other => Constraint::Length(min_width(*other)),
        })
        .collect();
    let marker_col = Rect { width: 2, ..inner };
    let table_area = Rect {
        x: inner.x + 2,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    // Marked nodes: a dot in the marker column.
    for (row_y, pos) in (t.view.offset..t.shown.len().min(t.view.offset + visible)).enumerate() {
        let marked = rows.get(t.shown[pos]).is_some_and(|r| t.marked.contains(&r.name));
        let y = marker_col.y + 1 + row_y as u16;
        if marked && y < marker_col.bottom() {
            let at = Rect {
                x: marker_col.x + 1,
                y,
                width: 1,
                height: 1,
            };
            frame.render_widget(Span::styled("●", theme.style("warn")), at);
        }
    }
    super::cursor_marker::draw(frame, theme, marker_col, &t.view, visible);
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .flex(Flex::Start);
    frame.render_widget(table, table_area);
}
