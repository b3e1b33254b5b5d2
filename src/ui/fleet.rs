//! The fleet view: one row per context, worst first (its verdict as
//! symbol and colour, reachability and round trip or "probing… Ns", the
//! figures the probe read), and under it the selected context's error
//! whole. A figure not read shows `?` (the context answered, the figure
//! is unknown) or `—` (nothing was read from that context).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Cell, Paragraph, Row, Wrap};

use super::text::truncate;
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::fleet_columns::{Column, columns, min_width};
use crate::app::fleet_view::{DETAIL_ROWS, Entry, FleetView};
use crate::app::keys::first_label;
use crate::config::theme::Theme;
use crate::fleet::row::{Backup, Verdict};
use crate::signals::verdict::age;

type Text = (String, &'static str);

fn verdict_scope(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "ok",
        Verdict::Warning | Verdict::Unknown => "warn",
        Verdict::Critical => "crit",
    }
}

/// A few words for why a context could not be reached (the whole error is
/// under the table).
pub fn short_error(error: &str) -> &'static str {
    if error.contains("was refused") {
        "refused"
    } else if error.contains("deadline exceeded") {
        "timed out"
    } else if error.contains("getting credentials") {
        "credentials"
    } else if error.contains("(Forbidden)") {
        "forbidden"
    } else if error.contains("(Unauthorized)") {
        "unauthorized"
    } else {
        "unreachable"
    }
}

/// "probing… 3s" while a probe runs, "waiting" for a slot before it.
fn probing(e: &Entry, now_ms: i64) -> Option<Text> {
    match (e.probing_since, e.queued) {
        (Some(t), _) => Some((format!("probing… {}s", (now_ms - t).max(0) / 1000), "muted")),
        (None, true) => Some(("waiting".into(), "muted")),
        _ => None,
    }
}

fn cell(f: &FleetView, e: &Entry, c: Column, current: bool) -> Text {
    let t = &f.thresholds;
    let dash = || ("—".to_string(), "muted");
    let Some(r) = e.row.as_ref() else {
        return match c {
            Column::Verdict => ("…".into(), "muted"),
            Column::Context => context_name(e, false, current),
            Column::Server => (e.server.clone().unwrap_or_default(), "muted"),
            Column::Reach => probing(e, f.now_ms).unwrap_or_else(dash),
            _ => dash(),
        };
    };
    // Reached: a figure it did not give is unknown; not reached: not read.
    let none = || {
        if r.error.is_some() {
            dash()
        } else {
            ("?".to_string(), "warn")
        }
    };
    match c {
        Column::Verdict => {
            let v = r.verdict(t);
            (v.symbol().into(), verdict_scope(v))
        }
        Column::Context => context_name(e, r.readonly, current),
        Column::Server => (e.server.clone().unwrap_or_default(), "muted"),
        Column::Reach => probing(e, f.now_ms).unwrap_or_else(|| match (&r.error, r.rtt_ms) {
            (Some(err), _) => (short_error(err).into(), "crit"),
            (None, Some(ms)) => (format!("{ms}ms"), "text"),
            (None, None) => none(),
        }),
        Column::Version => r.version.clone().map_or_else(none, |v| (v, "text")),
        Column::Nodes => match (r.nodes_ready, r.nodes_total) {
            (Some(ready), Some(total)) => (
                format!("{ready}/{total}"),
                if total > 0 && ready == 0 {
                    "crit"
                } else if ready < total {
                    "warn"
                } else {
                    "ok"
                },
            ),
            _ => none(),
        },
        Column::Pods => r.problem_pods.map_or_else(none, |p| {
            let n = p.not_running + p.containers_failing;
            (n.to_string(), if n > 0 { "warn" } else { "ok" })
        }),
        Column::Findings => match (r.critical, r.warning) {
            (Some(c), Some(w)) => (
                format!("{c}/{w}"),
                if c > 0 {
                    "crit"
                } else if w > 0 {
                    "warn"
                } else {
                    "ok"
                },
            ),
            _ => none(),
        },
        Column::Certs => r.cert_days.map_or_else(none, |d| {
            let scope = if d < t.cert_critical_days {
                "crit"
            } else if d < t.cert_warn_days {
                "warn"
            } else {
                "ok"
            };
            let text = if d < 0 { "expired".into() } else { format!("{d}d") };
            (text, scope)
        }),
        Column::Backup => match &r.backup {
            Some(Backup::Managed) => ("managed".into(), "muted"),
            Some(Backup::Age { age_secs, rpo_secs }) => {
                (age(*age_secs), if age_secs > rpo_secs { "warn" } else { "ok" })
            }
            // Every source read, and no backup in any of them.
            Some(Backup::NoneFound) => ("none".into(), "warn"),
            None => none(),
        },
        Column::Error => match (&r.error, r.unread.first()) {
            (Some(err), _) => (err.clone(), "crit"),
            (None, Some(u)) => (u.clone(), "warn"),
            (None, None) => (String::new(), "muted"),
        },
    }
}

/// The context's name, `*` before the console's current one (as kubectl
/// config get-contexts marks it), `ro` after a read-only one.
fn context_name(e: &Entry, readonly: bool, current: bool) -> Text {
    let mark = if current { "*" } else { " " };
    let ro = if readonly { " ro" } else { "" };
    (format!("{mark}{}{ro}", e.context), "text")
}

fn title(app: &AppState, f: &FleetView) -> String {
    let close =
        first_label(app.session.keymap.keys(Mode::Fleet, Action::Close)).unwrap_or_else(|| "esc".into());
    let (now, queued) = f.probing();
    let mut title = format!(" Fleet {}/{} contexts", f.shown.len(), f.entries.len());
    if now > 0 {
        title.push_str(&format!(" · {now} probing"));
    }
    if queued > 0 {
        title.push_str(&format!(" · {queued} waiting"));
    }
    title.push_str(&format!(
        " · sort {} {}",
        f.sort.sort_name(),
        f.sort.arrow(f.reversed)
    ));
    if !f.filter.is_empty() {
        title.push_str(&format!(" · filter “{}”", truncate(&f.filter, 24)));
    }
    title.push_str(&format!(" — {close} to return "));
    title
}

/// When the fleet was last probed and when it will be again.
fn progress(app: &AppState, f: &FleetView) -> Text {
    let again =
        first_label(app.session.keymap.keys(Mode::Fleet, Action::Refresh)).unwrap_or_else(|| ":fleet".into());
    let every = age(f.refresh_secs);
    match f.last_done_ms {
        _ if f.running => (format!("probing every context · then every {every}"), "muted"),
        Some(t) => (
            format!(
                "probed {} ago · every {every} · {again}: now",
                age((f.now_ms - t).max(0) / 1000)
            ),
            "muted",
        ),
        None => (format!("every {every} · {again}: now"), "muted"),
    }
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let f = &app.features.fleet;
    let (text, scope) = progress(app, f);
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(title(app, f), theme.style("title.focus")))
        .title_bottom(Line::from(Span::styled(format!(" {text} "), theme.style(scope))));
    if !f.shown.is_empty() {
        let position = format!(" {}/{} ", f.view.cursor + 1, f.shown.len());
        block = block.title_bottom(Line::from(Span::styled(position, theme.style("muted"))).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if f.shown.is_empty() {
        let (text, scope) = match &f.error {
            Some(why) => (why.clone(), "crit"),
            None if !f.entries.is_empty() => (format!("no context matches “{}”", f.filter), "muted"),
            None => ("reading the kubeconfig's contexts…".into(), "muted"),
        };
        let p = Paragraph::new(Span::styled(text, theme.style(scope))).wrap(Wrap { trim: false });
        frame.render_widget(p, inner);
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
    draw_table(app, theme, frame, table_rect);
    if let Some(e) = f.current() {
        draw_detail(f, e, theme, frame, detail_rect);
    }
}

fn draw_table(app: &AppState, theme: &Theme, frame: &mut Frame, inner: Rect) {
    let f = &app.features.fleet;
    let current = app.session.target.context.as_deref();
    let cols = columns(inner.width.saturating_sub(2));
    let header = Row::new(cols.iter().map(|c| {
        let mut title = c.title().to_string();
        if *c == f.sort {
            title.push_str(f.sort.arrow(f.reversed));
        }
        Cell::from(title)
    }))
    .style(theme.style("title"));
    let visible = usize::from(inner.height.saturating_sub(1));
    let on_screen = || {
        (f.shown.iter().enumerate())
            .skip(f.view.offset)
            .take(visible)
            .filter_map(|(pos, &i)| f.entries.get(i).map(|e| (pos, e)))
    };
    let body: Vec<Row> = on_screen()
        .map(|(pos, e)| {
            let is_current = current == Some(e.context.as_str());
            let row = Row::new(cols.iter().map(|c| {
                let (text, scope) = cell(f, e, *c, is_current);
                Cell::from(text).style(theme.style(scope))
            }));
            if pos == f.view.cursor {
                row.style(theme.style("selection"))
            } else {
                row.style(Style::default())
            }
        })
        .collect();
    let longest = on_screen()
        .map(|(_, e)| e.context.chars().count() + 4)
        .max()
        .unwrap_or(0);
    let name_width = longest.clamp(usize::from(min_width(Column::Context)), 40) as u16;
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|c| match c {
            Column::Context => Constraint::Length(name_width),
            Column::Error => Constraint::Min(min_width(*c)),
            Column::Verdict => Constraint::Length(2),
            other => Constraint::Length(min_width(*other)),
        })
        .collect();
    super::cursor_marker::draw_table(frame, theme, inner, &f.view, visible, header, body, widths);
}

/// The selected context: its server and version, then its error whole
/// (or what could not be read, figure by figure).
fn draw_detail(f: &FleetView, e: &Entry, theme: &Theme, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let mut head = vec![Span::styled(e.context.clone(), theme.style("title"))];
    let mut more = |s: String| head.push(Span::styled(format!(" · {s}"), theme.style("muted")));
    if let Some(s) = &e.server {
        more(s.clone());
    }
    let r = e.row.as_ref();
    if let Some(v) = r.and_then(|r| r.version.clone()) {
        more(format!("Kubernetes {v}"));
    }
    if r.is_some_and(|r| r.readonly) {
        more("read-only".into());
    }
    if let Some((text, _)) = probing(e, f.now_ms) {
        more(text);
    }
    let mut lines = vec![
        Line::from("─".repeat(usize::from(area.width))).style(theme.style("border")),
        Line::from(head),
    ];
    match r {
        None => lines.push(Line::from(Span::styled("not probed yet", theme.style("muted")))),
        Some(r) => {
            if let Some(err) = &r.error {
                lines.push(Line::from(Span::styled(
                    format!("error: {err}"),
                    theme.style("crit"),
                )));
            }
            for u in &r.unread {
                lines.push(Line::from(Span::styled(
                    format!("not read: {u}"),
                    theme.style("warn"),
                )));
            }
            if r.error.is_none() && r.unread.is_empty() {
                let rtt = r.rtt_ms.map_or(String::new(), |ms| format!(" in {ms}ms"));
                lines.push(Line::from(Span::styled(
                    format!("answered{rtt}; every figure read"),
                    theme.style("muted"),
                )));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
