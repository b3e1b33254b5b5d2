//! The pods table: problems first; only the visible rows are built. Over
//! it, when it lists a node's pods, what the node says of itself; under
//! it, why the selected pod is in trouble and its recent Warning events.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Cell, Paragraph, Row, Wrap};

use super::text::{short_pod_name, truncate};
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::keys::first_label;
use crate::app::pods_columns::{Column, columns, min_width};
use crate::cluster::store::{Kind, SyncState};
use crate::config::theme::Theme;
use crate::signals::pods::{PodRow, Tier};
use crate::signals::pods_status::human_duration;
use crate::signals::verdict::age;

/// How many of the selected pod's Warning events the detail lists.
const EVENTS_SHOWN: usize = 3;

fn tier_scope(t: Tier) -> &'static str {
    match t {
        Tier::NotRunning | Tier::Containers => "crit",
        Tier::Restarted => "warn",
        Tier::Healthy => "ok",
    }
}

fn cell(r: &PodRow, c: Column, now: i64, all_ns: bool) -> (String, &'static str) {
    match c {
        Column::Name if all_ns => (format!("{}/{}", r.namespace, r.name), "text"),
        Column::Name => (r.name.to_string(), "text"),
        Column::Ready => {
            let scope = if r.ready.0 < r.ready.1 && r.tier != Tier::Healthy {
                "warn"
            } else {
                "text"
            };
            (format!("{}/{}", r.ready.0, r.ready.1), scope)
        }
        Column::Status => (r.status.to_string(), tier_scope(r.tier)),
        Column::Restarts => (
            r.restarts_text(now),
            if r.tier == Tier::Restarted { "warn" } else { "text" },
        ),
        Column::LastTermination => match &r.last_termination {
            Some(t) if t.exit_code != 0 || t.oom_killed() => (t.text(), "warn"),
            Some(t) => (t.text(), "muted"),
            None => (String::new(), "text"),
        },
        Column::Node => (r.node.as_deref().unwrap_or("<none>").to_string(), "muted"),
        Column::Age => (r.created.map_or("—".into(), |t| age(now - t)), "muted"),
        Column::Owner => (r.owner_text().unwrap_or_default(), "muted"),
    }
}

fn state_line(state: &SyncState) -> Option<(String, &'static str)> {
    match state {
        SyncState::Synced => None,
        SyncState::NotStarted => Some(("no data yet".into(), "muted")),
        SyncState::Syncing { count } => Some((format!("… syncing pods ({count})"), "muted")),
        SyncState::Stale { .. } => Some((format!("▲ pods: {}", state.label()), "warn")),
        _ => Some((format!("✖ pods: {}", state.label()), "crit")),
    }
}

/// The latest `n` Warning events about `kind` `namespace/name` (the same
/// reason and message merged, as everywhere), one line each:
/// `⚠ BackOff x17 3m ago: Back-off restarting…`.
fn warning_lines(app: &AppState, kind: &str, namespace: &str, name: &str, n: usize, now: i64) -> Vec<String> {
    crate::signals::events::warnings_about(&app.live.store, kind, namespace, name, n)
        .iter()
        .map(|e| {
            let when = e
                .last_seen
                .map_or(String::new(), |t| format!(" {} ago", human_duration(now - t)));
            let count = if e.count > 1 {
                format!(" x{}", e.count)
            } else {
                String::new()
            };
            format!("⚠ {}{count}{when}: {}", e.reason, e.message)
        })
        .collect()
}

/// The detail of the selected pod: why it is in its tier, then its recent
/// Warning events, newest first.
fn detail_lines(app: &AppState, r: &PodRow, now: i64) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = r.why.iter().map(|w| (w.to_string(), "text")).collect();
    out.extend(
        warning_lines(app, "Pod", &r.namespace, &r.name, EVENTS_SHOWN, now)
            .into_iter()
            .map(|l| (l, "warn")),
    );
    if out.is_empty() {
        let owner = r.owner_text().map(|o| format!(" · {o}")).unwrap_or_default();
        out.push((
            format!("{}/{} · {}{owner}", r.namespace, r.name, r.tier.label()),
            "muted",
        ));
    }
    out
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let now = app.live.now;
    let t = &app.features.pods_table;
    let rows = app.pod_rows();
    let all_ns = app.session.target.scope.is_none();
    let close =
        first_label(app.session.keymap.keys(Mode::Pods, Action::Close)).unwrap_or_else(|| "esc".into());
    let order = t.sort.arrow(t.reversed);
    let mut title = format!(
        " Pods {}/{} · sort {} {order} {}",
        t.shown.len(),
        rows.len(),
        t.sort.title().to_lowercase(),
        t.sort.direction(t.reversed)
    );
    if let Some(n) = &t.node {
        title.push_str(&format!(" · on node {n}"));
    }
    if let Some(o) = &t.owner {
        title.push_str(&format!(" · of {} {}/{}", o.kind, o.namespace, o.name));
    }
    if !t.filter.is_empty() {
        title.push_str(&format!(" · filter “{}”", truncate(&t.filter, 24)));
    }
    title.push_str(&format!(" — {close} to return "));
    let state = app.live.store.state(Kind::Pods);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(title, theme.style("title.focus")));
    if let Some((text, scope)) = state_line(state) {
        block = block.title_bottom(Line::from(Span::styled(format!(" {text} "), theme.style(scope))));
    }
    if let Some(m) = app.live.panes.pods.as_ref() {
        let counts = format!(
            " {} not running · {} failing · {} restarted ",
            m.count(Tier::NotRunning),
            m.count(Tier::Containers),
            m.count(Tier::Restarted)
        );
        block = block.title_bottom(Line::from(Span::styled(counts, theme.style("muted"))));
    }
    if !t.shown.is_empty() {
        let position = format!(" {}/{} ", t.view.cursor + 1, t.shown.len());
        block = block.title_bottom(Line::from(Span::styled(position, theme.style("muted"))).right_aligned());
    }
    let mut inner = block.inner(area);
    frame.render_widget(block, area);
    let (node_rows, detail_rows) = app.pods_layout();
    if let Some(node) = t.node.as_deref().filter(|_| node_rows > 0) {
        let lines: Vec<Line> = match app.live.store.nodes.items.get(node) {
            // What the node says, then its latest Warning event.
            Some(n) => crate::signals::node_details::lines(n, now)
                .into_iter()
                .chain(warning_lines(app, "Node", "", node, 1, now))
                .map(|l| Line::from(Span::styled(l, theme.style("warn"))))
                .collect(),
            None => vec![Line::from(Span::styled(
                format!("node {node} is gone"),
                theme.style("muted"),
            ))],
        };
        let at = Rect {
            height: node_rows as u16,
            ..inner
        };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), at);
        inner.y += node_rows as u16;
        inner.height = inner.height.saturating_sub(node_rows as u16);
    }
    if detail_rows > 0 {
        let h = detail_rows as u16;
        let at = Rect {
            y: inner.bottom().saturating_sub(h),
            height: h,
            ..inner
        };
        inner.height = inner.height.saturating_sub(h);
        let mut lines = vec![Line::from(Span::styled(
            "─".repeat(usize::from(at.width)),
            theme.style("muted"),
        ))];
        if let Some(r) = t.current(rows) {
            lines.extend(
                detail_lines(app, r, now)
                    .into_iter()
                    .map(|(text, scope)| Line::from(Span::styled(text, theme.style(scope)))),
            );
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), at);
    }
    if t.shown.is_empty() {
        let text = if rows.is_empty() {
            state_line(state).unwrap_or_else(|| ("no pods in this scope".into(), "muted"))
        } else if let Some(n) = t.node.as_deref().filter(|_| t.filter.is_empty()) {
            (format!("no pod in this scope is bound to node {n}"), "muted")
        } else if let Some(o) = t.owner.as_ref().filter(|_| t.filter.is_empty()) {
            (
                format!(
                    "no pod in this scope belongs to {} {}/{}",
                    o.kind, o.namespace, o.name
                ),
                "muted",
            )
        } else {
            (format!("no pod matches “{}”", t.filter), "muted")
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
    let on_screen = || {
        t.shown
            .iter()
            .enumerate()
            .skip(t.view.offset)
            .take(visible)
            .filter_map(|(pos, &i)| rows.get(i).map(|r| (pos, r)))
    };
    // The name column grows with the names on screen, within reason; the
    // columns that follow keep their width.
    let others: u16 = cols
        .iter()
        .filter(|c| **c != Column::Name)
        .map(|c| min_width(*c) + 1)
        .sum();
    let room = inner.width.saturating_sub(2 + others);
    let longest = on_screen()
        .map(|(_, r)| cell(r, Column::Name, now, all_ns).0.chars().count())
        .max()
        .unwrap_or(0);
    let name_width = (longest as u16).clamp(min_width(Column::Name), room.max(min_width(Column::Name)));
    let body: Vec<Row> = on_screen()
        .map(|(pos, r)| {
            let row = Row::new(cols.iter().map(|c| {
                let (mut text, scope) = cell(r, *c, now, all_ns);
                // A name too long loses its generated middle first (the
                // ReplicaSet's hash), keeping namespace, workload and the
                // pod's own suffix; then its middle.
                if *c == Column::Name {
                    text = short_pod_name(&text, usize::from(name_width));
                }
                Cell::from(text).style(theme.style(scope))
            }));
            if pos == t.view.cursor {
                row.style(theme.style("selection"))
            } else {
                row.style(Style::default())
            }
        })
        .collect();
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|c| match c {
            Column::Name => Constraint::Length(name_width),
            other => Constraint::Length(min_width(*other)),
        })
        .collect();
    super::cursor_marker::draw_table(frame, theme, inner, &t.view, visible, header, body, widths);
}
