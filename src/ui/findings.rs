//! The findings list: one row per finding (severity, rule, object,
//! message), worst first and grouped by rule; the selected finding's
//! remediation below. Only the visible rows are built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use super::text::truncate;
use crate::app::AppState;
use crate::app::action::{Action, Mode};
use crate::app::findings_list::{unread_line, verdict, wrapped_height};
use crate::app::keys::first_label;
use crate::findings::incident::is_incident;
use crate::findings::{Finding, Severity};

fn mark(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Critical => ("✖ critical", "crit"),
        Severity::Warning => ("▲ warning ", "warn"),
        Severity::Info => ("ℹ info    ", "info"),
    }
}

fn object(f: &Finding) -> String {
    match &f.namespace {
        Some(ns) if f.kind == "Namespace" && *ns == f.name => format!("Namespace {ns}"),
        Some(ns) => format!("{} {ns}/{}", f.kind, f.name),
        None => format!("{} {}", f.kind, f.name),
    }
}

fn row<'a>(f: &Finding, selected: bool, width: usize, theme: &crate::config::theme::Theme) -> Line<'a> {
    let (sym, scope) = mark(f.severity);
    // Narrow terminals: the symbol alone says the severity, and the rule and
    // object columns shrink so that the message keeps some room.
    let (sym, id_w, obj_w) = if width < 110 {
        (sym.split(' ').next().unwrap_or(sym), 22, 24)
    } else {
        (sym, 30, 38)
    };
    let rest = width.saturating_sub(2 + sym.chars().count() + 1 + id_w + 1 + obj_w + 1);
    let mut spans = vec![
        Span::styled(if selected { "▶ " } else { "  " }, theme.style("selection")),
        Span::styled(format!("{sym} "), theme.style(scope)),
        Span::styled(format!("{:<id_w$} ", truncate(f.id, id_w)), theme.style("muted")),
        Span::styled(
            format!("{:<obj_w$} ", truncate(&object(f), obj_w)),
            theme.style("text"),
        ),
        Span::styled(truncate(&f.message, rest.max(10)), theme.style("text")),
    ];
    if selected {
        for s in &mut spans[1..] {
            s.style = s.style.patch(theme.style("selection"));
        }
    }
    Line::from(spans)
}

pub fn render(app: &AppState, theme: &crate::config::theme::Theme, frame: &mut Frame, area: Rect) {
    let l = &app.features.findings_list;
    let findings = app.findings();
    let close =
        first_label(app.session.keymap.keys(Mode::Findings, Action::Close)).unwrap_or_else(|| "esc".into());
    let mut title = match app.live.panes.findings.as_ref() {
        Some(r) => format!(
            " Findings {}/{} · {} · {} critical, {} warning, {} info",
            l.shown.len(),
            findings.len(),
            verdict(r),
            r.critical,
            r.warning,
            r.info
        ),
        None => " Findings".into(),
    };
    if !l.filter.is_empty() {
        title.push_str(&format!(" · filter “{}”", truncate(&l.filter, 24)));
    }
    title.push_str(&format!(" — {close} to return "));
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(title, theme.style("title.focus")));
    if !l.shown.is_empty() {
        let position = format!(" {}/{} ", l.view.cursor + 1, l.shown.len());
        block = block.title_bottom(Line::from(Span::styled(position, theme.style("muted"))).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(report) = app.live.panes.findings.as_ref() else {
        let t = Span::styled("no data yet", theme.style("muted"));
        frame.render_widget(Paragraph::new(t), inner);
        return;
    };
    // What was not read heads the list, wrapped so that it is read whole.
    let status = unread_line(report);
    let status_height = status.as_ref().map_or(0, |t| wrapped_height(t, inner.width));
    // The selected finding whole: object, message and remediation, wrapped;
    // its box grows (up to half the list) rather than cut them.
    let detail_rows = detail_rows(app, usize::from(inner.width));
    let most = usize::from(inner.height.saturating_sub(status_height) / 2).max(3);
    let detail_h = detail_rows.len().clamp(3, most) as u16;
    let [status_area, list, detail] = Layout::vertical([
        Constraint::Length(status_height),
        Constraint::Min(1),
        Constraint::Length(detail_h),
    ])
    .areas(inner);
    if let Some(t) = status {
        let p = Paragraph::new(Span::styled(t, theme.style("warn"))).wrap(Wrap { trim: true });
        frame.render_widget(p, status_area);
    }
    if l.shown.is_empty() {
        let text = if findings.is_empty() && report.complete {
            "no findings: every check passed".to_string()
        } else if findings.is_empty() {
            "no findings in what was read (incomplete: see above)".to_string()
        } else {
            format!("no finding matches “{}”", l.filter)
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.style("muted"))), list);
    } else {
        let width = usize::from(list.width);
        // Incidents ("now") lead, above hygiene ("posture"): a heading
        // before each group on screen (two lines at most).
        let incidents = l
            .shown
            .iter()
            .filter(|&&i| findings.get(i).is_some_and(|f| is_incident(f.id)))
            .count();
        let headings = if incidents > 0 { 2 } else { 0 };
        let rows_h = usize::from(list.height).saturating_sub(headings).max(1);
        // The cursor stays on screen when the detail took rows from the list.
        let offset = l.view.offset.max((l.view.cursor + 1).saturating_sub(rows_h));
        let mut lines: Vec<Line> = Vec::new();
        for (pos, &i) in l.shown.iter().enumerate().skip(offset).take(rows_h) {
            let Some(f) = findings.get(i) else { continue };
            if incidents > 0 && (pos == offset || pos == incidents) {
                let heading = if pos < incidents {
                    format!("now — {incidents} incident(s): what is broken")
                } else {
                    format!("posture — {} hygiene finding(s)", l.shown.len() - incidents)
                };
                lines.push(Line::from(Span::styled(heading, theme.style("title"))));
            }
            lines.push(row(f, pos == l.view.cursor, width, theme));
        }
        frame.render_widget(Paragraph::new(lines), list);
    }
    let cut = detail_rows.len() > usize::from(detail.height);
    let shown = detail_rows.len().min(usize::from(detail.height));
    let lines: Vec<Line> = detail_rows
        .iter()
        .take(shown)
        .enumerate()
        .map(|(i, row)| {
            let mut spans: Vec<Span> = row
                .iter()
                .map(|(t, scope)| Span::styled(t.clone(), theme.style(scope)))
                .collect();
            if cut && i + 1 == shown {
                spans.push(Span::styled("…", theme.style("muted")));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), detail);
}

/// The detail box's rows `width` wide: the selected finding's object and
/// message, then its remediation; or what was not checked.
fn detail_rows(app: &AppState, width: usize) -> Vec<crate::pages::PaneLine> {
    let lines = if let Some(f) = app.selected_finding() {
        vec![
            vec![(format!("{}: ", object(f)), "muted"), (f.message.clone(), "text")],
            vec![("→ ".to_string(), "key"), (f.remediation.clone(), "muted")],
        ]
    } else {
        match app.live.panes.findings.as_ref() {
            Some(r) if !r.not_checked.is_empty() => {
                vec![vec![(
                    format!("not checked: {}", r.not_checked.join("; ")),
                    "muted",
                )]]
            }
            _ => vec![],
        }
    };
    crate::pages::wrap(lines, width.max(1))
}
