//! The log view: a title (pod, container, run, lines kept and dropped),
//! the lines (wrapped or cut, search matches highlighted) and a status
//! line (following or paused, the stream's state in the API's words, the
//! search). Only the lines on screen are drawn. Also the lists of
//! containers and of a workload's pods to choose from.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::text::{truncate, width as text_width};
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::keys::first_label;
use crate::app::logs_view::{LogsView, Picking, Start, StreamState};
use crate::config::theme::Theme;
use crate::podlogs::wrap;

/// The footer's keys in the log view.
pub(super) fn hints(app: &AppState) -> Vec<(Mode, Action, &'static str)> {
    use Action::*;
    let m = Mode::Logs;
    let picking = app.features.logs.pick_pod.is_some()
        || app
            .features
            .logs
            .view
            .as_ref()
            .is_some_and(|v| v.picking.is_some());
    if picking {
        return vec![
            (m, Open, "choose"),
            (m, Close, "cancel"),
            (m, Down, "down"),
            (m, Up, "up"),
        ];
    }
    let mut out = vec![(m, Close, Close.hint())];
    if app.features.logs.view.as_ref().is_some_and(|v| !v.follow) {
        out.push((m, Bottom, "follow"));
    }
    out.extend([
        (m, Filter, "search"),
        (m, NextMatch, NextMatch.hint()),
        (m, PickContainer, PickContainer.hint()),
        (m, TogglePrevious, TogglePrevious.hint()),
        (m, ToggleTimestamps, ToggleTimestamps.hint()),
        (m, ToggleWrap, ToggleWrap.hint()),
        (m, Help, Help.hint()),
        (m, Quit, Quit.hint()),
    ]);
    out
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    if let Some(pick) = &app.features.logs.pick_pod {
        render_list(&pick.picking, theme, frame, area);
        return;
    }
    let Some(v) = &app.features.logs.view else {
        return;
    };
    let [title, body, status] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1)]).areas(area);
    frame.render_widget(Paragraph::new(title_line(v, theme, title.width)), title);
    render_lines(app, v, theme, frame, body);
    frame.render_widget(Paragraph::new(status_line(app, v, theme, status.width)), status);
    if let Some(p) = &v.picking {
        render_list(p, theme, frame, body);
    }
}

fn title_line<'a>(v: &LogsView, theme: &Theme, cols: u16) -> Line<'a> {
    let mut left = vec![
        Span::styled(" Log ", theme.style("title")),
        Span::styled(format!("{}/{}", v.namespace, v.pod), theme.style("text")),
    ];
    match v.choice.current() {
        Some(c) => left.push(Span::styled(format!(" › {}", c.name), theme.style("title"))),
        None => left.push(Span::styled(
            " › (the pod's only container)",
            theme.style("muted"),
        )),
    }
    if v.choice.previous {
        left.push(Span::styled(" [previous run]", theme.style("warn")));
    }
    let start = match v.start {
        Start::Tail(n) => format!("tail {n}"),
        Start::All => "from the start".into(),
        Start::Since(s) => format!("since {}", crate::signals::verdict::age(s)),
    };
    let right = format!("{start} ");
    let used: usize = left.iter().map(|s| text_width(&s.content)).sum();
    let room = usize::from(cols).saturating_sub(used);
    if text_width(&right) < room {
        left.push(Span::raw(" ".repeat(room - text_width(&right))));
        left.push(Span::styled(right, theme.style("muted")));
    }
    Line::from(left)
}

fn status_line<'a>(app: &AppState, v: &LogsView, theme: &Theme, cols: u16) -> Line<'a> {
    let follow_key = first_label(app.session.keymap.keys(Mode::Logs, Action::Bottom)).unwrap_or_default();
    let (text, scope) = match &v.stream {
        StreamState::Stopped { text, retrying: true } => (format!("{text} — reconnecting"), "warn"),
        StreamState::Stopped { text, .. } if text.starts_with("end of") => (text.clone(), "muted"),
        StreamState::Stopped { text, .. } => (text.clone(), "error"),
        StreamState::Connecting => ("connecting…".into(), "muted"),
        StreamState::Open if v.choice.previous && v.follow => ("reading the previous run".into(), "muted"),
        StreamState::Open if v.follow => ("● following".into(), "ok"),
        StreamState::Open => (String::new(), "muted"),
    };
    let mut spans = vec![Span::raw(" ")];
    if !v.follow {
        let paused = match v.new_since_pause() {
            0 => format!("paused ({follow_key} follows)"),
            n => format!("paused: {n} new lines below ({follow_key} follows)"),
        };
        spans.push(Span::styled(paused, theme.style("warn")));
        if !text.is_empty() {
            spans.push(Span::styled(" · ", theme.style("muted")));
        }
    }
    if v.reconnects > 0 && matches!(v.stream, StreamState::Open) {
        spans.push(Span::styled(
            format!("reconnected ×{} · ", v.reconnects),
            theme.style("warn"),
        ));
    }
    spans.push(Span::styled(text, theme.style(scope)));
    // What the buffer holds, and what it dropped to stay bounded.
    let mut counts = format!(" · {} lines", v.ring.len());
    if v.ring.dropped() > 0 {
        counts.push_str(&format!(
            " · {} dropped (buffer {})",
            v.ring.dropped(),
            v.ring.capacity()
        ));
    }
    spans.push(Span::styled(counts, theme.style("muted")));
    let mut right = Vec::new();
    if let Some(s) = &v.search {
        let at =
            v.at.and_then(|n| s.position(n))
                .map_or("-".into(), |p| p.to_string());
        right.push(format!("/{} {at}/{}", s.query(), s.count()));
    }
    if v.timestamps {
        right.push("timestamps".into());
    }
    if v.wrap {
        right.push("wrap".into());
    }
    // The search and toggles stay; the stream's text gives way (help shows it whole).
    let right = right.join(" · ") + " ";
    let cols = usize::from(cols);
    // The counts give way first, then the stream's text.
    while spans.len() > 1 && width_of(&spans) + text_width(&right) + 1 > cols {
        let over = width_of(&spans) + text_width(&right) + 1 - cols;
        let last = spans
            .pop()
            .map(|s| (s.content.to_string(), s.style))
            .unwrap_or_default();
        let keep = text_width(&last.0).saturating_sub(over);
        if keep > 1 {
            spans.push(Span::styled(truncate(&last.0, keep), last.1));
        }
    }
    let used: usize = spans.iter().map(|s| text_width(&s.content)).sum();
    if used + text_width(&right) <= cols {
        spans.push(Span::raw(" ".repeat(cols - used - text_width(&right))));
        spans.push(Span::styled(right, theme.style("info")));
    }
    Line::from(spans)
}

fn width_of(spans: &[Span]) -> usize {
    spans.iter().map(|s| text_width(&s.content)).sum()
}

fn render_lines(app: &AppState, v: &LogsView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (page, width) = (usize::from(area.height), usize::from(area.width).max(1));
    if v.ring.is_empty() {
        let text = match &v.stream {
            StreamState::Connecting => "",
            _ => "(no lines)",
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.style("muted"))), area);
        return;
    }
    let first = v.first_shown(app.logs_page(), app.logs_width());
    let text = theme.style("text");
    let hit = theme.style("selection");
    let mut rows: Vec<Line> = Vec::with_capacity(page);
    for (n, line) in v.ring.iter_from(first) {
        if rows.len() >= page {
            break;
        }
        let shown = v.shown(line);
        let matches = v.search.as_ref().map(|s| s.find(shown)).unwrap_or_default();
        let hit = if v.at == Some(n) {
            hit.add_modifier(Modifier::REVERSED)
        } else {
            hit
        };
        let parts = if v.wrap {
            wrap::rows(shown, width)
        } else {
            vec![wrap::window(shown, v.col, width)]
        };
        for r in parts {
            if rows.len() >= page {
                break;
            }
            rows.push(styled(shown, r, &matches, text, hit));
        }
    }
    frame.render_widget(Paragraph::new(rows), area);
}

/// `line[range]` with the parts inside a match in `hit`.
fn styled<'a>(
    line: &str,
    range: Range<usize>,
    matches: &[Range<usize>],
    text: Style,
    hit: Style,
) -> Line<'a> {
    let mut spans = Vec::new();
    let mut at = range.start;
    for m in matches {
        let (s, e) = (m.start.max(range.start), m.end.min(range.end));
        if s >= e {
            continue;
        }
        if at < s {
            spans.push(Span::styled(line[at..s].to_string(), text));
        }
        spans.push(Span::styled(line[s..e].to_string(), hit));
        at = e;
    }
    if at < range.end {
        spans.push(Span::styled(line[at..range.end].to_string(), text));
    }
    Line::from(spans)
}

/// A list to choose from, in a box over `area`.
fn render_list(p: &Picking, theme: &Theme, frame: &mut Frame, area: Rect) {
    let longest = p
        .items
        .iter()
        .map(|(a, b)| text_width(a) + text_width(b) + 6)
        .chain([text_width(&p.title) + 4])
        .max()
        .unwrap_or(20);
    let w = u16::try_from(longest)
        .unwrap_or(u16::MAX)
        .min(area.width)
        .max(10.min(area.width));
    let h = u16::try_from(p.items.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let rect = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 3,
        width: w,
        height: h,
    };
    let inner = usize::from(h.saturating_sub(2));
    let skip = p.cursor.saturating_sub(inner.saturating_sub(1));
    let name_w = p.items.iter().map(|(a, _)| text_width(a)).max().unwrap_or(0);
    let lines: Vec<Line> = p
        .items
        .iter()
        .enumerate()
        .skip(skip)
        .take(inner)
        .map(|(i, (name, detail))| {
            let sel = i == p.cursor;
            let style = if sel {
                theme.style("selection")
            } else {
                theme.style("text")
            };
            let pad = " ".repeat(name_w.saturating_sub(text_width(name)));
            Line::from(vec![
                Span::styled(if sel { "▶ " } else { "  " }, theme.style("selection")),
                Span::styled(format!("{name}{pad}  "), style),
                Span::styled(detail.clone(), theme.style("muted")),
            ])
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(format!(" {} ", p.title), theme.style("title.focus")));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
