//! The drain screen: the plan and its options, scrolled, with a line that
//! says what is below and the refusals in short, then the confirmation line
//! (read-only: a dry run, no prompt); then per node a progress bar and per
//! pod its state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Gauge, Paragraph};

use crate::app::AppState;
use crate::app::drain_view::{DrainPhase, DrainView};
use crate::config::theme::Theme;
use crate::drain::run::PodProgress;

fn plan_lines(d: &DrainView, theme: &Theme) -> Vec<Line<'static>> {
    let mut scope = "text";
    d.wrapped_plan()
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            // A wrapped line's continuation keeps its colour.
            if !l.starts_with("      ") {
                scope = if i == 0 && l.starts_with("F2") {
                    "key"
                } else if l.contains("REFUSED") || l.contains("BLOCKED") || l.starts_with('✖') {
                    "crit"
                } else if l.contains("warning") || l.starts_with("not included") {
                    "warn"
                } else {
                    "text"
                };
            }
            Line::from(Span::styled(l, theme.style(scope)))
        })
        .collect()
}

fn progress_lines(d: &DrainView, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (pod, (node, state)) in &d.progress {
        let scope = match state {
            PodProgress::Gone => "ok",
            PodProgress::Failed(_) => "crit",
            PodProgress::Blocked { .. } => "warn",
            _ => "text",
        };
        out.push(Line::from(vec![
            Span::styled(format!("  {node:<16} "), theme.style("muted")),
            Span::styled(
                format!("{:<48} ", format!("{}/{}", pod.namespace, pod.name)),
                theme.style("text"),
            ),
            Span::styled(state.label(), theme.style(scope)),
        ]));
    }
    for (node, (ok, text)) in &d.outcomes {
        let (mark, scope) = if *ok { ("✔", "ok") } else { ("✖", "crit") };
        out.push(Line::from(Span::styled(
            format!("{mark} node/{node}: {text}"),
            theme.style(scope),
        )));
    }
    out
}

/// "N more lines below", or the end of the plan.
fn more_text(d: &DrainView, page: usize) -> (String, &'static str) {
    let below = d.below(page);
    if below > 0 {
        (format!("▼ {below} more lines below (PgDn)"), "warn")
    } else if d.scroll > 0 {
        ("— end —".to_string(), "muted")
    } else {
        (String::new(), "muted")
    }
}

/// The status row: the summary on the left, what is below on the right.
fn render_status(d: &DrainView, page: usize, theme: &Theme, frame: &mut Frame, row: Rect) {
    let (more, scope) = more_text(d, page);
    let w = u16::try_from(more.chars().count() + 1).unwrap_or(u16::MAX);
    let [left, right] = Layout::horizontal([Constraint::Min(0), Constraint::Length(w)]).areas(row);
    if let Some(summary) = d.summary().filter(|_| d.phase == DrainPhase::Confirm) {
        frame.render_widget(Span::styled(summary, theme.style("crit")), left);
    }
    frame.render_widget(Span::styled(more, theme.style(scope)), right);
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(d) = app.features.drain.as_ref() else {
        return;
    };
    let what = match d.phase {
        DrainPhase::Confirm if d.dry_run => "read-only: dry run, nothing will change; esc to close",
        DrainPhase::Confirm => "plan — nothing changed yet; esc to cancel",
        DrainPhase::Running => "running — ctrl-x aborts, esc runs it in the background",
        DrainPhase::Finished => "finished — esc to return",
    };
    let title = format!(" Drain {} — {what} ", d.nodes.join(", "));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(title, theme.style("title.focus")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if d.phase == DrainPhase::Confirm {
        let [body, status, prompt] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1), Constraint::Length(1)]).areas(inner);
        render_scrolled(plan_lines(d, theme), d, theme, frame, [body, status]);
        if d.dry_run {
            let text = "read-only: dry run, nothing will change (no drain can start)";
            frame.render_widget(Span::styled(text, theme.style("warn")), prompt);
            return;
        }
        let label = format!("type {} to drain: ", d.expected());
        let w = u16::try_from(label.chars().count()).unwrap_or(u16::MAX);
        let [l, input] = Layout::horizontal([Constraint::Length(w), Constraint::Min(1)]).areas(prompt);
        frame.render_widget(Span::styled(label, theme.style("warn")), l);
        frame.render_widget(&d.input, input);
        return;
    }
    let gauges = u16::try_from(d.plans.len()).unwrap_or(u16::MAX);
    let [bars, body, status] = Layout::vertical([
        Constraint::Length(gauges),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    for (p, row) in d.plans.iter().zip(bars.rows()) {
        let (gone, total) = d.counts(&p.node);
        let ratio = if total == 0 {
            1.0
        } else {
            gone as f64 / total as f64
        };
        let label = format!("{}: {gone}/{total} pods gone", p.node);
        let gauge = Gauge::default()
            .gauge_style(theme.style("ok"))
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label);
        frame.render_widget(gauge, row);
    }
    render_scrolled(progress_lines(d, theme), d, theme, frame, [body, status]);
}

/// The page of `lines` at the view's scroll in `body`, and the status row
/// (what is above and below) in `status`.
fn render_scrolled(
    lines: Vec<Line>,
    d: &DrainView,
    theme: &Theme,
    frame: &mut Frame,
    [body, status]: [Rect; 2],
) {
    let page = usize::from(body.height);
    let shown: Vec<Line> = lines.into_iter().skip(d.scroll).take(page).collect();
    frame.render_widget(Paragraph::new(shown), body);
    render_status(d, page, theme, frame, status);
}
