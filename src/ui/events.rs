//! The events view: one line per event (deduplicated), newest first,
//! Warnings only unless toggled; the selected one whole below. Says what
//! the store dropped to stay bounded, and a watch that fails (forbidden).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use super::text::{short_pod_name, truncate};
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::events_view::DETAIL_ROWS;
use crate::app::findings_list::wrapped_height;
use crate::app::keys::first_label;
use crate::cluster::store::SyncState;
use crate::config::theme::Theme;
use crate::signals::events::EventRow;
use crate::signals::verdict::age;

/// The selected event's heading: type, reason, object, repeats, when, who.
fn detail_head(r: &EventRow, now: i64) -> String {
    let kind = if r.warning { "Warning" } else { "Normal" };
    let mut head = format!("{kind} {} · {}", r.reason, r.object());
    if let Some(x) = r.repeats() {
        head.push_str(&format!(" · {x}"));
    }
    head.push_str(&format!(" · last {} ago", last_seen(r, now)));
    if let Some(s) = &r.source {
        head.push_str(&format!(" · from {s}"));
    }
    head
}

fn last_seen(r: &EventRow, now: i64) -> String {
    r.last_seen.map_or("—".into(), |t| age(now - t))
}

/// One line: last seen, type, reason, object, repeats and message.
fn line<'a>(r: &EventRow, selected: bool, width: usize, now: i64, theme: &Theme) -> Line<'a> {
    let (kind, scope) = if r.warning {
        ("Warning", "warn")
    } else {
        ("Normal ", "muted")
    };
    let (reason_w, object_w) = if width < 110 { (16, 26) } else { (22, 44) };
    let mut message = r.repeats().map(|x| format!("{x} · ")).unwrap_or_default();
    message.push_str(&r.message);
    let rest = width.saturating_sub(2 + 5 + 1 + 8 + reason_w + 1 + object_w + 1);
    let mut spans = vec![
        Span::styled(if selected { "▶ " } else { "  " }, theme.style("selection")),
        Span::styled(format!("{:>5} ", last_seen(r, now)), theme.style("muted")),
        Span::styled(format!("{kind} "), theme.style(scope)),
        Span::styled(
            format!("{:<reason_w$} ", truncate(&r.reason, reason_w)),
            theme.style(scope),
        ),
        Span::styled(
            format!("{:<object_w$} ", short_pod_name(&r.object(), object_w)),
            theme.style("text"),
        ),
        Span::styled(truncate(&message, rest.max(10)), theme.style("text")),
    ];
    if selected {
        for s in &mut spans[1..] {
            s.style = s.style.patch(theme.style("selection"));
        }
    }
    Line::from(spans)
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let now = app.live.now;
    let v = &app.features.events;
    let rows = app.event_rows();
    let store = &app.live.store;
    let close =
        first_label(app.session.keymap.keys(Mode::Events, Action::Close)).unwrap_or_else(|| "esc".into());
    let toggle = first_label(app.session.keymap.keys(Mode::Events, Action::ToggleNormal))
        .unwrap_or_else(|| "toggle-normal".into());
    let scope = match app.session.target.scope.as_deref() {
        Some(ns) => format!("namespace {ns}"),
        None => "all namespaces".into(),
    };
    let which = if v.normal {
        format!("Warning and Normal ({toggle}: Warnings only)")
    } else {
        format!("Warnings ({toggle}: Normal too)")
    };
    let mut title = format!(" Events {}/{} · {which} · {scope}", v.shown.len(), rows.len());
    if !v.filter.is_empty() {
        title.push_str(&format!(" · filter “{}”", truncate(&v.filter, 24)));
    }
    title.push_str(&format!(" — {close} to return "));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(title, theme.style("title.focus")));
    let state = &store.events.state;
    let state_text = match state {
        SyncState::Synced => None,
        SyncState::NotStarted => Some(("no data yet".to_string(), "muted")),
        SyncState::Syncing { count } => Some((format!("… syncing events ({count})"), "muted")),
        SyncState::Stale { .. } => Some((format!("events: {}", state.label()), "warn")),
        _ => Some((format!("events: {}", state.label()), "crit")),
    };
    if let Some((text, scope)) = &state_text {
        block = block.title_bottom(Line::from(Span::styled(format!(" {text} "), theme.style(scope))));
    }
    let bound = &store.event_bound;
    if let Some(ns) = &bound.namespace_only {
        let text = format!(" namespace {ns} only: listing events cluster-wide is forbidden ");
        block = block.title_bottom(Line::from(Span::styled(text, theme.style("warn"))));
    }
    if bound.dropped > 0 {
        let text = format!(" {} older events dropped (keeps {}) ", bound.dropped, bound.limit);
        block = block.title_bottom(Line::from(Span::styled(text, theme.style("warn"))));
    }
    if !v.shown.is_empty() {
        let position = format!(" {}/{} ", v.view.cursor + 1, v.shown.len());
        block = block.title_bottom(Line::from(Span::styled(position, theme.style("muted"))).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if v.shown.is_empty() {
        let text = if !v.filter.is_empty() {
            (format!("no event matches “{}”", v.filter), "muted")
        } else if let Some(t) = state_text.filter(|_| rows.is_empty()) {
            t
        } else if v.normal {
            (format!("no events in {scope}"), "muted")
        } else {
            (format!("no Warning events in {scope}"), "ok")
        };
        frame.render_widget(Paragraph::new(Span::styled(text.0, theme.style(text.1))), inner);
        return;
    }
    // The selected event whole: its box grows (up to half the view).
    let needed = v.current(rows).map_or(DETAIL_ROWS as u16, |r| {
        let w = inner.width.max(1);
        1 + wrapped_height(&detail_head(r, now), w) + wrapped_height(&r.message, w)
    });
    let detail_h = needed.max(DETAIL_ROWS as u16).min(inner.height / 2);
    let list = Rect {
        height: inner.height - detail_h,
        ..inner
    };
    let detail = Rect {
        y: list.bottom(),
        height: detail_h,
        ..inner
    };
    let height = usize::from(list.height);
    let offset = v.view.offset.max((v.view.cursor + 1).saturating_sub(height));
    let lines: Vec<Line> = v
        .shown
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .filter_map(|(pos, &i)| {
            rows.get(i)
                .map(|r| line(r, pos == v.view.cursor, usize::from(list.width), now, theme))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    if let Some(r) = v.current(rows) {
        let head = detail_head(r, now);
        let lines = vec![
            Line::from("─".repeat(usize::from(detail.width))).style(theme.style("border")),
            Line::from(Span::styled(head, theme.style("title"))),
            Line::from(Span::styled(r.message.to_string(), theme.style("text"))),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), detail);
    }
}
