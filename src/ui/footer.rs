//! The footer: key hints of the active mode, or the `:` command line; and
//! the notice line above it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use super::text::{truncate, width};
use crate::app::action::{Action, Mode};
use crate::app::drain_view::DrainPhase;
use crate::app::keys::first_label;
use crate::app::switch::PickKind;
use crate::app::{AppState, Notice};
use crate::config::theme::Theme;

/// The keys that work now, in order of importance: the mode whose binding
/// is shown, the action, and its label (read-only and the view's state
/// decide which).
fn hinted(app: &AppState) -> Vec<(Mode, Action, &'static str)> {
    use Action::*;
    let in_mode = |mode: Mode, actions: &[Action]| -> Vec<(Mode, Action, &'static str)> {
        actions.iter().map(|a| (mode, *a, a.hint())).collect()
    };
    match app.nav.mode {
        Mode::Normal => in_mode(
            Mode::Normal,
            &[
                Quit, Help, Nodes, Pods, Command, Open, Contexts, Namespaces, NextTile, Redraw,
            ],
        ),
        Mode::Help => in_mode(Mode::Help, &[Close, Down, Up, PageDown, Quit]),
        Mode::Command | Mode::Filter => in_mode(app.nav.mode, &[Submit, Cancel]),
        Mode::Picker => {
            let mut hints = vec![
                (Mode::Picker, Submit, "choose"),
                (
                    Mode::Picker,
                    Save,
                    if app.session.readonly {
                        "save(read-only)"
                    } else {
                        Save.hint()
                    },
                ),
            ];
            // A read-only shell in the chosen context (read-only or not: it changes nothing).
            if app.features.picker.as_ref().map(|p| p.kind) == Some(PickKind::Context) {
                hints.push((Mode::Picker, Shell, Shell.hint()));
            }
            hints.push((Mode::Picker, Cancel, Cancel.hint()));
            hints
        }
        Mode::Nodes => match &app.features.confirm {
            Some(c) => vec![(Mode::Drain, Submit, c.verb()), (Mode::Drain, Cancel, "cancel")],
            None => nodes_hints(app),
        },
        Mode::Drain => drain_hints(app),
        Mode::Logs => super::logs::hints(app),
        Mode::Findings => in_mode(Mode::Findings, &[Close, Open, Filter, Down, Help, Quit]),
        // Read-only: the actions are refused (and say so), not offered.
        Mode::Pods if !app.session.readonly => in_mode(
            Mode::Pods,
            &[
                Close, Logs, Describe, DeletePod, EvictPod, Help, Yaml, Filter, Quit, Sort, Reverse, Down,
            ],
        ),
        Mode::Pods => in_mode(
            Mode::Pods,
            &[
                Close, Logs, Describe, Yaml, Filter, Sort, Reverse, Down, Help, Quit,
            ],
        ),
        // The etcd actions where etcd is watched.
        Mode::Pane
            if app.focused_tile() == crate::pages::TileId::EtcdBackups
                && matches!(
                    app.live.local.etcd,
                    Some(crate::etcd::resolve::Resolution::Watch(_))
                ) =>
        {
            in_mode(
                Mode::Pane,
                &[Close, EtcdSnapshot, EtcdDefrag, Down, Up, Help, Quit],
            )
        }
        Mode::Describe => {
            let other = match app.features.describe.format {
                crate::app::describe_view::Format::Describe => Yaml,
                crate::app::describe_view::Format::Yaml => Describe,
            };
            let mut out = in_mode(Mode::Describe, &[Close, other]);
            out.push((Mode::Describe, Filter, "search"));
            if !app.features.describe.search.is_empty() {
                out.extend(in_mode(Mode::Describe, &[SearchNext, SearchPrev]));
            }
            if app.features.describe.format == crate::app::describe_view::Format::Yaml {
                out.extend(in_mode(Mode::Describe, &[ToggleManagedFields]));
            }
            out.extend(in_mode(Mode::Describe, &[Down, Help, Quit]));
            out
        }
        Mode::Pane => in_mode(Mode::Pane, &[Close, Down, Up, Help, Quit]),
        Mode::Fleet => {
            let mut hints = vec![(Mode::Fleet, Close, Close.hint()), (Mode::Fleet, Open, "switch")];
            hints.extend(in_mode(
                Mode::Fleet,
                &[Refresh, Filter, Sort, Reverse, Down, Help, Quit],
            ));
            hints
        }
        Mode::Events => in_mode(
            Mode::Events,
            &[Close, Describe, Yaml, Filter, ToggleNormal, Down, Help, Quit],
        ),
        Mode::Workloads => {
            let mut hints = vec![
                (Mode::Workloads, Close, Close.hint()),
                (Mode::Workloads, Open, "pods"),
                (Mode::Workloads, Logs, Logs.hint()),
                (Mode::Workloads, Describe, Describe.hint()),
            ];
            // Read-only: the actions are refused (and say so), not offered.
            let rest: &[Action] = if app.session.readonly {
                &[Yaml, Filter, Sort, Reverse, Help, Quit]
            } else {
                &[
                    RolloutRestart,
                    Scale,
                    RolloutUndo,
                    Help,
                    Yaml,
                    Filter,
                    Quit,
                    Sort,
                    Reverse,
                ]
            };
            hints.extend(rest.iter().map(|a| (Mode::Workloads, *a, a.hint())));
            hints
        }
    }
}

fn nodes_hints(app: &AppState) -> Vec<(Mode, Action, &'static str)> {
    use Action::*;
    let mut out = vec![
        (Mode::Nodes, Close, Close.hint()),
        (Mode::Nodes, Filter, Filter.hint()),
    ];
    out.push((Mode::Nodes, Mark, Mark.hint()));
    if !app.features.nodes_table.marked.is_empty() {
        out.push((Mode::Nodes, ClearMarks, ClearMarks.hint()));
    }
    // Read-only: cordon and uncordon do nothing; a drain is a dry run.
    if !app.session.readonly {
        out.push((Mode::Nodes, Cordon, Cordon.hint()));
        out.push((Mode::Nodes, Uncordon, Uncordon.hint()));
    }
    let drain = match &app.features.drain {
        Some(d) if d.phase != DrainPhase::Confirm => "drain view",
        _ if app.session.readonly => "plan (dry run)",
        _ => Drain.hint(),
    };
    out.push((Mode::Nodes, Drain, drain));
    out.push((Mode::Nodes, Open, "pods"));
    out.push((Mode::Nodes, Describe, Describe.hint()));
    out.push((Mode::Nodes, Yaml, Yaml.hint()));
    for a in [Sort, Help, Quit] {
        out.push((Mode::Nodes, a, a.hint()));
    }
    out
}

fn drain_hints(app: &AppState) -> Vec<(Mode, Action, &'static str)> {
    use Action::*;
    let Some(d) = app.features.drain.as_ref() else {
        return vec![];
    };
    let m = Mode::Drain;
    let mut out = match d.phase {
        DrainPhase::Confirm if d.dry_run => vec![(m, Cancel, "close")],
        DrainPhase::Confirm => vec![(m, Submit, "drain"), (m, Cancel, "cancel")],
        DrainPhase::Running => vec![(m, Cancel, "background"), (m, Abort, "abort")],
        DrainPhase::Finished => vec![(m, Cancel, "close")],
    };
    if d.below(app.drain_page()) > 0 {
        out.push((m, PageDown, "more"));
    }
    if d.scroll > 0 {
        out.push((m, PageUp, "back"));
    }
    if d.phase == DrainPhase::Confirm {
        for a in [ToggleDaemonSets, ToggleEmptyDir, ToggleForce] {
            out.push((m, a, a.hint()));
        }
    }
    out
}

/// The key hints as (key, label) pairs that fit in `cols` columns.
pub fn hints(app: &AppState, cols: usize) -> Vec<(String, &'static str)> {
    if app.features.ask_quit {
        return vec![
            ("y".into(), "abort the drain and quit"),
            ("any other key".into(), "keep it running"),
        ];
    }
    let mut out = Vec::new();
    let mut used = 1;
    for (mode, action, hint) in hinted(app) {
        let Some(key) = first_label(app.session.keymap.keys(mode, action)) else {
            continue;
        };
        let w = width(&key) + 1 + width(hint) + 2;
        if used + w > cols {
            break;
        }
        used += w;
        out.push((key, hint));
    }
    out
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let line = match app.nav.mode {
        Mode::Command => Some((":", &app.nav.cmdline)),
        Mode::Filter => Some(("/", &app.nav.filter_line)),
        _ => None,
    };
    if let Some((prompt_text, textarea)) = line {
        let [prompt, input] = Layout::horizontal([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        frame.buffer_mut().set_style(area, theme.style("cmdline"));
        frame.render_widget(Span::styled(prompt_text, theme.style("key")), prompt);
        frame.render_widget(textarea, input);
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    for (key, label) in hints(app, usize::from(area.width)) {
        spans.push(Span::styled(key, theme.style("key")));
        spans.push(Span::styled(format!(" {label}  "), theme.style("hint")));
    }
    frame.render_widget(Line::from(spans), area);
}

/// A notice on its rows, wrapped (see `app::notices::rows`); a notice
/// given fewer rows than it needs ends with `…`.
pub fn render_notice(notice: &Notice, theme: &Theme, frame: &mut Frame, area: &[Rect]) {
    let rows = crate::app::notices::rows(notice, area.first().map_or(0, |r| r.width));
    let cut = rows.len() > area.len();
    for (i, (line, rect)) in rows.iter().zip(area).enumerate() {
        let mut spans: Vec<Span> = line
            .iter()
            .map(|(t, scope)| Span::styled(t.clone(), theme.style(scope)))
            .collect();
        if cut && i + 1 == area.len() {
            let text: String = line.iter().map(|(t, _)| t.as_str()).collect();
            let scope = crate::app::notices::mark(notice.level).1;
            let room = usize::from(rect.width).saturating_sub(1);
            spans = vec![Span::styled(
                format!("{}…", truncate(&text, room).trim_end_matches('…')),
                theme.style(scope),
            )];
        }
        frame.render_widget(Line::from(spans), *rect);
    }
}
