//! The workloads view: a table of Deployments, StatefulSets, DaemonSets,
//! CronJobs and Jobs, worst first, and under it the selected workload's
//! rollout status whole (wrapped). Only the visible rows are built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Cell, Paragraph, Row, Wrap};

use super::text::truncate;
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::keys::first_label;
use crate::app::workloads_columns::{Column, columns, min_width, short_kind};
use crate::app::workloads_table::DETAIL_ROWS;
use crate::cluster::store::{Kind, SyncState};
use crate::config::theme::Theme;
use crate::signals::events::{EventRow, warnings_about};
use crate::signals::verdict::age;
use crate::signals::workloads_rows::WorkloadRow;

fn cell(r: &WorkloadRow, c: Column, now: i64) -> (String, &'static str) {
    let count = |n: Option<i32>| match n {
        None => ("—".to_string(), "muted"),
        Some(n) if n < r.desired => (n.to_string(), "warn"),
        Some(n) => (n.to_string(), "text"),
    };
    match c {
        Column::Kind => (short_kind(&r.kind).into(), "muted"),
        Column::Name => (format!("{}/{}", r.namespace, r.name), "text"),
        Column::Ready => (
            format!("{}/{}", r.ready, r.desired),
            if r.ready < r.desired { "crit" } else { "ok" },
        ),
        Column::UpToDate => count(r.updated),
        Column::Available => count(r.available),
        Column::State => (
            r.state.into(),
            if r.problem {
                "crit"
            } else if r.state == "Complete" {
                "ok"
            } else {
                "warn"
            },
        ),
        Column::Revision => (r.revision.clone().unwrap_or_else(|| "—".into()), "muted"),
        Column::Rollout => (r.since.map_or("—".into(), |t| age(now - t)), "muted"),
        Column::Message => (r.message.clone(), "muted"),
    }
}

/// The worst state of the kinds the view reads, if not every one is synced.
fn state_line(app: &AppState) -> Option<(String, &'static str)> {
    let store = &app.live.store;
    let (kind, state) = [
        Kind::Deployments,
        Kind::StatefulSets,
        Kind::DaemonSets,
        Kind::CronJobs,
        Kind::Jobs,
    ]
    .into_iter()
    .map(|k| (k, store.state(k)))
    .max_by_key(|(_, s)| s.severity())?;
    let what = kind.resource();
    match state {
        SyncState::Synced | SyncState::Absent => None,
        SyncState::NotStarted => Some(("no data yet".into(), "muted")),
        SyncState::Syncing { count } => Some((format!("… syncing {what} ({count})"), "muted")),
        SyncState::Stale { .. } => Some((format!("{what}: {}", state.label()), "warn")),
        _ => Some((format!("{what}: {}", state.label()), "crit")),
    }
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let now = app.live.now;
    let t = &app.features.workloads;
    let rows = app.workload_rows();
    let close =
        first_label(app.session.keymap.keys(Mode::Workloads, Action::Close)).unwrap_or_else(|| "esc".into());
    let scope = match app.session.target.scope.as_deref() {
        Some(ns) => format!("namespace {ns}"),
        None => "all namespaces".into(),
    };
    let problems = rows.iter().filter(|r| r.problem).count();
    let order = t.sort.arrow(t.reversed);
    let mut title = format!(
        " Workloads {}/{} · {scope} · {problems} in trouble · sort {} {order}",
        t.shown.len(),
        rows.len(),
        t.sort.title().to_lowercase(),
    );
    if !t.filter.is_empty() {
        title.push_str(&format!(" · filter “{}”", truncate(&t.filter, 24)));
    }
    title.push_str(&format!(" — {close} to return "));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(title, theme.style("title.focus")));
    let state = state_line(app);
    if let Some((text, scope)) = &state {
        block = block.title_bottom(Line::from(Span::styled(format!(" {text} "), theme.style(scope))));
    }
    if !t.shown.is_empty() {
        let position = format!(" {}/{} ", t.view.cursor + 1, t.shown.len());
        block = block.title_bottom(Line::from(Span::styled(position, theme.style("muted"))).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if t.shown.is_empty() {
        let text = if rows.is_empty() {
            state.unwrap_or_else(|| (format!("no workloads in {scope}"), "muted"))
        } else {
            (format!("no workload matches “{}”", t.filter), "muted")
        };
        frame.render_widget(Paragraph::new(Span::styled(text.0, theme.style(text.1))), inner);
        return;
    }
    let detail_rows = (DETAIL_ROWS as u16).min(inner.height.saturating_sub(2));
    let table_rect = Rect {
        height: inner.height - detail_rows,
        ..inner
    };
    let detail_rect = Rect {
        y: table_rect.bottom(),
        height: detail_rows,
        ..inner
    };
    draw_table(app, theme, frame, table_rect, now);
    if let Some(r) = t.current(rows) {
        let events = warnings_about(&app.live.store, &r.kind, &r.namespace, &r.name, 2);
        draw_detail(r, &events, theme, frame, detail_rect, now);
    }
}

fn draw_table(app: &AppState, theme: &Theme, frame: &mut Frame, inner: Rect, now: i64) {
    let t = &app.features.workloads;
    let rows = app.workload_rows();
    let order = t.sort.arrow(t.reversed);
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
    let on_screen = || {
        t.shown
            .iter()
            .enumerate()
            .skip(t.view.offset)
            .take(visible)
            .filter_map(|(pos, &i)| rows.get(i).map(|r| (pos, r)))
    };
    let body: Vec<Row> = on_screen()
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
    let longest = on_screen()
        .map(|(_, r)| r.namespace.chars().count() + 1 + r.name.chars().count())
        .max()
        .unwrap_or(0);
    let name_width = longest.clamp(usize::from(min_width(Column::Name)), 48) as u16;
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|c| match c {
            Column::Name => Constraint::Length(name_width),
            Column::Message => Constraint::Min(min_width(*c)),
            other => Constraint::Length(min_width(*other)),
        })
        .collect();
    super::cursor_marker::draw_table(frame, theme, inner, &t.view, visible, header, body, widths);
}

/// The selected workload: what it is, its revision and rollout age,
/// kubectl's rollout status whole, and its recent Warning events.
fn draw_detail(r: &WorkloadRow, events: &[EventRow], theme: &Theme, frame: &mut Frame, area: Rect, now: i64) {
    if area.height == 0 {
        return;
    }
    let mut head = vec![Span::styled(
        format!("{} {}/{}", r.kind, r.namespace, r.name),
        theme.style("title"),
    )];
    if let Some(rev) = &r.revision {
        head.push(Span::styled(format!(" · revision {rev}"), theme.style("muted")));
    }
    if let Some(t) = r.since {
        head.push(Span::styled(
            format!(" · since {} ago", age(now - t)),
            theme.style("muted"),
        ));
    }
    let scope = if r.problem { "crit" } else { "text" };
    let mut lines = vec![
        Line::from("─".repeat(usize::from(area.width))).style(theme.style("border")),
        Line::from(head),
        Line::from(Span::styled(r.message.clone(), theme.style(scope))),
    ];
    for e in events {
        let when = e
            .last_seen
            .map_or(String::new(), |t| format!(" ({} ago)", age(now - t)));
        let times = e.repeats().map(|x| format!(" {x}")).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("▲ {}{times}{when}: ", e.reason), theme.style("warn")),
            Span::styled(e.message.to_string(), theme.style("text")),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
