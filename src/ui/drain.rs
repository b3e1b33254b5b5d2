//! The drain screen: the plan and its options with the confirmation line,
//! then per node a progress bar and per pod its state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Gauge, Paragraph};

use crate::app::AppState;
use crate::app::drain_view::{DrainView, Phase};
use crate::config::theme::Theme;
use crate::drain::run::PodProgress;

fn on(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

fn plan_lines(d: &DrainView, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let o = d.opts;
    out.push(Line::from(Span::styled(
        format!(
            "F2 ignore DaemonSets: {}   F3 delete emptyDir data: {}   F4 force: {}",
            on(o.ignore_daemonsets),
            on(o.delete_emptydir_data),
            on(o.force)
        ),
        theme.style("key"),
    )));
    out.push(Line::default());
    for e in &d.errors {
        out.push(Line::from(Span::styled(format!("✖ {e}"), theme.style("crit"))));
    }
    for p in &d.plans {
        for l in crate::drain::describe::describe(p).lines() {
            let scope = if l.contains("REFUSED") || l.contains("BLOCKED") {
                "crit"
            } else if l.contains("warning") {
                "warn"
            } else {
                "text"
            };
            out.push(Line::from(Span::styled(l.to_string(), theme.style(scope))));
        }
    }
    out
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

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(d) = app.drain.as_ref() else { return };
    let what = match d.phase {
        Phase::Confirm => "plan — nothing changed yet; esc to cancel",
        Phase::Running => "running — ctrl-x aborts",
        Phase::Finished => "finished — esc to return",
    };
    let title = format!(" Drain {} — {what} ", d.nodes.join(", "));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(theme.style("border.focus"))
        .title(Span::styled(title, theme.style("title.focus")));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if d.phase == Phase::Confirm {
        let [body, prompt] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        frame.render_widget(Paragraph::new(plan_lines(d, theme)), body);
        let label = format!("type {} to drain: ", d.expected());
        let w = u16::try_from(label.chars().count()).unwrap_or(u16::MAX);
        let [l, input] = Layout::horizontal([Constraint::Length(w), Constraint::Min(1)]).areas(prompt);
        frame.render_widget(Span::styled(label, theme.style("warn")), l);
        frame.render_widget(&d.input, input);
        return;
    }
    let gauges = u16::try_from(d.plans.len()).unwrap_or(u16::MAX);
    let [bars, body] = Layout::vertical([Constraint::Length(gauges), Constraint::Min(1)]).areas(inner);
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
    frame.render_widget(Paragraph::new(progress_lines(d, theme)), body);
}
