//! Keys in the log view, the ways into it (`l` on the pod under the pods
//! table's cursor; `l` on a workload: one of its pods, worst first, from
//! a small list), and the stream's events.

use std::sync::Arc;

use super::action::{Action, Mode};
use super::keys::{Key, KeyChord};
use super::logs_view::{LogSettings, LogsView, Picking};
use super::{About, AppState, Effect, NoticeLevel, Updated};
use crate::podlogs::choice::{Choice, choose};
use crate::podlogs::stream::Event;

/// The console's log feature: the view (if open), the list of a
/// workload's pods to choose from, the settings, and the last stream's id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Logs {
    pub view: Option<LogsView>,
    pub pick_pod: Option<PodPick>,
    pub settings: LogSettings,
    pub sessions: u64,
}

/// "Which pod's log?" for a workload: its pods on screen, worst first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodPick {
    pub picking: Picking,
    /// (namespace, name) per entry.
    pub pods: Vec<(String, String)>,
    pub back: Mode,
}

/// How far Left/Right scroll a line that is not wrapped.
const COLUMN_STEP: usize = 8;

impl AppState {
    /// Rows of log lines on screen: the body less its title and status rows.
    pub fn logs_page(&self) -> usize {
        usize::from(self.nav.size.1.saturating_sub(4 + self.notice_rows())).max(1)
    }

    pub fn logs_width(&self) -> usize {
        usize::from(self.nav.size.0).max(1)
    }

    /// Opens the log of pod `ns/name` from the pods table (`kon bench`).
    pub fn open_log(&mut self, ns: &str, name: &str) -> Updated {
        self.open_logs(ns, name, Mode::Pods)
    }

    /// Opens the log of pod `ns/name` (its default container and run).
    pub(super) fn open_logs(&mut self, ns: &str, name: &str, back: Mode) -> Updated {
        let key = (Arc::<str>::from(ns), Box::<str>::from(name));
        let choice = match self.live.store.pods.items.get(&key) {
            Some(p) => choose(p),
            None => Choice {
                containers: vec![],
                index: None,
                previous: false,
            },
        };
        let logs = &mut self.features.logs;
        logs.pick_pod = None;
        logs.view = Some(LogsView::new(ns, name, choice, logs.settings, back));
        self.nav.mode = Mode::Logs;
        self.restart_logs()
    }

    /// Starts the view's stream again (container, run or start changed).
    pub(super) fn restart_logs(&mut self) -> Updated {
        let logs = &mut self.features.logs;
        let Some(v) = logs.view.as_mut() else {
            return Updated::changed();
        };
        logs.sessions += 1;
        v.restart(logs.sessions);
        Updated::effect(Effect::StartLogs {
            session: v.session,
            namespace: v.namespace.clone(),
            params: v.params(),
        })
    }

    /// `l` in the pods table: the pod under the cursor.
    pub(super) fn logs_of_selected_pod(&mut self) -> Updated {
        match self.selected_pod() {
            Some(p) => {
                let (ns, name) = (p.namespace.to_string(), p.name.to_string());
                self.open_logs(&ns, &name, Mode::Pods)
            }
            None => Updated::default(),
        }
    }

    /// `l` in the workloads view: one pod of the workload under the cursor
    /// (at once when it has one; else a list, worst first).
    pub(super) fn logs_of_workload(&mut self) -> Updated {
        let rows = self.workload_rows();
        let Some(w) = self.features.workloads.current(rows) else {
            return Updated::default();
        };
        let owner = super::pods_table::Owner {
            namespace: w.namespace.clone(),
            kind: w.kind.clone(),
            name: w.name.clone(),
        };
        let what = format!("{} {}/{}", w.kind, w.namespace, w.name);
        let mut pods: Vec<_> = self.pod_rows().iter().filter(|r| owner.owns(r)).collect();
        pods.sort_by(|a, b| crate::signals::pods::PodRow::worst_first(a, b));
        let items: Vec<(String, String)> = pods
            .iter()
            .map(|p| {
                let detail = format!("{} · restarts {}", p.status, p.restarts);
                (p.name.to_string(), detail)
            })
            .collect();
        let keys: Vec<(String, String)> = pods
            .iter()
            .map(|p| (p.namespace.to_string(), p.name.to_string()))
            .collect();
        match keys.as_slice() {
            [] => {
                let text = format!("{what} has no pods to show the log of");
                self.set_notice(NoticeLevel::Warn, About::Command, text);
                Updated::changed()
            }
            [(ns, name)] => {
                let (ns, name) = (ns.clone(), name.clone());
                self.open_logs(&ns, &name, Mode::Workloads)
            }
            _ => {
                self.features.logs.pick_pod = Some(PodPick {
                    picking: Picking {
                        title: format!("Log of which pod of {what}? (worst first)"),
                        items,
                        cursor: 0,
                    },
                    pods: keys,
                    back: Mode::Workloads,
                });
                self.nav.mode = Mode::Logs;
                Updated::changed()
            }
        }
    }

    /// A message of a log stream.
    pub(super) fn on_log_event(&mut self, session: u64, event: Event) -> Updated {
        let (page, width) = (self.logs_page(), self.logs_width());
        match self.features.logs.view.as_mut() {
            Some(v) if v.session == session => {
                let changed = v.ingest(event);
                if !v.follow {
                    // Lines dropped under a paused view: it shows the oldest kept.
                    v.top = v.first_shown(page, width);
                }
                Updated {
                    effects: vec![],
                    changed,
                }
            }
            _ => Updated::default(),
        }
    }

    /// Leaves the log view (its stream stops).
    fn close_logs(&mut self) -> Updated {
        let logs = &mut self.features.logs;
        let back = logs
            .view
            .take()
            .map(|v| v.back)
            .or(logs.pick_pod.take().map(|p| p.back))
            .unwrap_or(Mode::Normal);
        self.nav.mode = back;
        Updated::effect(Effect::StopLogs)
    }

    pub(super) fn on_logs(&mut self, action: Option<Action>, chord: KeyChord) -> Updated {
        if self.features.logs.pick_pod.is_some() {
            return self.on_pod_pick(action, chord);
        }
        if self
            .features
            .logs
            .view
            .as_ref()
            .is_some_and(|v| v.picking.is_some())
        {
            return self.on_container_pick(action, chord);
        }
        let (page, width) = (self.logs_page(), self.logs_width());
        let Some(v) = self.features.logs.view.as_mut() else {
            return self.close_logs();
        };
        let before = v.clone();
        let step = i64::try_from(page).unwrap_or(i64::MAX);
        match action {
            // Esc clears a search first, then leaves.
            Some(Action::Close) if v.search.is_some() => v.set_query(""),
            Some(Action::Close) => return self.close_logs(),
            Some(Action::Up) => v.scroll(-1, page, width),
            Some(Action::Down) => v.scroll(1, page, width),
            Some(Action::PageUp) => v.scroll(-step, page, width),
            Some(Action::PageDown) => v.scroll(step, page, width),
            Some(Action::Top) => v.to_top(page, width),
            Some(Action::Bottom) => v.to_bottom(),
            Some(Action::Left) if !v.wrap => v.col = v.col.saturating_sub(COLUMN_STEP),
            Some(Action::Right) if !v.wrap => v.col += COLUMN_STEP,
            Some(Action::Filter) => return self.open_filter(Mode::Logs),
            Some(a @ (Action::NextMatch | Action::PrevMatch)) => {
                if !v.jump(a == Action::NextMatch, page, width) {
                    return self.search_missed();
                }
            }
            Some(Action::ToggleTimestamps) => {
                v.timestamps = !v.timestamps;
                v.rescan(true);
            }
            Some(Action::ToggleWrap) => {
                v.wrap = !v.wrap;
                v.col = 0;
            }
            Some(Action::TogglePrevious) => {
                v.choice.previous = !v.choice.previous;
                return self.restart_logs();
            }
            Some(Action::PickContainer) => {
                if v.choice.containers.is_empty() {
                    let text = "the pod reports no containers yet: the API chooses".to_string();
                    self.set_notice(NoticeLevel::Info, About::Command, text);
                    return Updated::changed();
                }
                v.picking = Some(Picking {
                    title: format!("Container of {}", v.pod),
                    items: v
                        .choice
                        .containers
                        .iter()
                        .map(|c| {
                            let role = match c.role.label() {
                                "" => String::new(),
                                r => format!("{r} · "),
                            };
                            let prev = if c.has_previous {
                                " · has a previous run"
                            } else {
                                ""
                            };
                            let detail = format!("{role}{} · restarts {}{prev}", c.state, c.restarts);
                            (c.name.clone(), detail)
                        })
                        .collect(),
                    cursor: v.choice.index.unwrap_or(0),
                });
            }
            other => {
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        let after = self.features.logs.view.as_ref();
        Updated {
            effects: vec![],
            changed: after != Some(&before),
        }
    }

    pub(super) fn search_missed(&mut self) -> Updated {
        let query = self.features.logs.view.as_ref().map(|v| v.query.clone());
        let text = match query {
            Some(q) if !q.is_empty() => format!("pattern not found: {q}"),
            _ => "no search: type / first".into(),
        };
        self.set_notice(NoticeLevel::Warn, About::Command, text);
        Updated::changed()
    }

    fn on_container_pick(&mut self, action: Option<Action>, chord: KeyChord) -> Updated {
        let Some(v) = self.features.logs.view.as_mut() else {
            return Updated::default();
        };
        let Some(p) = v.picking.as_mut() else {
            return Updated::default();
        };
        if chord.key == Key::Enter || action == Some(Action::Open) {
            let i = p.cursor;
            v.picking = None;
            v.choice.pick(i);
            return self.restart_logs();
        }
        match action {
            Some(Action::Close) => v.picking = None,
            Some(a) if move_in(p, a) => {}
            Some(Action::Quit) => return Updated::effect(Effect::Quit),
            _ => return Updated::default(),
        }
        Updated::changed()
    }

    fn on_pod_pick(&mut self, action: Option<Action>, chord: KeyChord) -> Updated {
        let Some(pick) = self.features.logs.pick_pod.as_mut() else {
            return Updated::default();
        };
        if chord.key == Key::Enter || action == Some(Action::Open) {
            let back = pick.back;
            return match pick.pods.get(pick.picking.cursor).cloned() {
                Some((ns, name)) => self.open_logs(&ns, &name, back),
                None => self.close_logs(),
            };
        }
        match action {
            Some(Action::Close) => return self.close_logs(),
            Some(a) if move_in(&mut pick.picking, a) => {}
            Some(Action::Quit) => return Updated::effect(Effect::Quit),
            _ => return Updated::default(),
        }
        Updated::changed()
    }

    /// The `/` line changed: search again.
    pub(super) fn logs_requery(&mut self) {
        if let Some(v) = self.features.logs.view.as_mut() {
            let q = v.query.clone();
            v.set_query(&q);
        }
    }

    /// The `/` line was submitted: the newest match above the bottom.
    pub(super) fn logs_search_submitted(&mut self) {
        let (page, width) = (self.logs_page(), self.logs_width());
        let found = match self.features.logs.view.as_mut() {
            Some(v) if v.search.is_some() => v.jump(false, page, width),
            _ => true,
        };
        if !found {
            self.search_missed();
        }
    }
}

/// Moves a list's cursor for Up/Down/Top/Bottom; false for other actions.
fn move_in(p: &mut Picking, a: Action) -> bool {
    let last = p.items.len().saturating_sub(1);
    p.cursor = match a {
        Action::Up => p.cursor.saturating_sub(1),
        Action::Down => (p.cursor + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return false,
    };
    true
}
