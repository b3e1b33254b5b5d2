//! Keys of the drain screen: scroll the plan, toggle options and type the
//! confirmation while the plan shows (read-only: a dry run, no prompt);
//! abort, or keep it running in the background, while it runs; close when
//! it is over. Quitting while a drain runs asks first.

use super::action::{Action, Mode};
use super::drain_view::{DrainPhase, DrainView};
use super::key_events::to_textarea_input;
use super::keys::{Key, KeyChord};
use super::nodes_table::Targets;
use super::{About, AppState, Effect, NoticeLevel, Updated};
use crate::drain::plan::PodRef;
use crate::drain::run::PodProgress;

impl AppState {
    /// How many lines of the drain view's plan (or progress) fit on screen:
    /// the header, notices, footer and borders taken off, and the prompt
    /// and summary lines (or the progress bars and the more-lines line).
    pub fn drain_page(&self) -> usize {
        let inner = self.nav.size.1.saturating_sub(4 + self.notice_rows());
        let below = match &self.features.drain {
            Some(d) if d.phase != DrainPhase::Confirm => {
                u16::try_from(d.plans.len()).unwrap_or(u16::MAX).saturating_add(1)
            }
            _ => 2,
        };
        usize::from(inner.saturating_sub(below)).max(1)
    }

    /// `d` in the nodes table: the drain running (or finished) in the
    /// background, else the plan of the shown marked nodes (or the one
    /// under the cursor); in read-only mode as a dry run.
    pub(super) fn open_drain(&mut self, targets: Targets) -> Updated {
        if self
            .features
            .drain
            .as_ref()
            .is_some_and(|d| d.phase != DrainPhase::Confirm)
        {
            self.nav.mode = Mode::Drain;
            self.drain_seen();
            return Updated::changed();
        }
        if targets.nodes.is_empty() {
            return Updated::default();
        }
        let mut view = DrainView::new(&self.live.store, targets.nodes, targets.hidden);
        view.dry_run = self.session.readonly;
        self.features.drain = Some(view);
        self.nav.mode = Mode::Drain;
        self.clear_notice(About::Command);
        self.drain_seen();
        Updated::changed()
    }

    /// Notes whether the drain view's end is on screen (after a key, a
    /// resize or a new plan).
    pub(super) fn drain_seen(&mut self) {
        let page = self.drain_page();
        let width = usize::from(self.nav.size.0.saturating_sub(2));
        if let Some(d) = self.features.drain.as_mut() {
            d.width = width;
            d.scroll_to(d.scroll, page);
        }
    }

    pub(super) fn on_drain(&mut self, action: Option<Action>, chord: KeyChord) -> Updated {
        let page = self.drain_page();
        let Some(d) = self.features.drain.as_mut() else {
            self.nav.mode = Mode::Nodes;
            return Updated::changed();
        };
        let scroll = match action {
            Some(Action::Up) => Some(d.scroll.saturating_sub(1)),
            Some(Action::Down) => Some(d.scroll + 1),
            Some(Action::PageUp) => Some(d.scroll.saturating_sub(page)),
            Some(Action::PageDown) => Some(d.scroll + page),
            _ => None,
        };
        if let Some(to) = scroll {
            let before = (d.scroll, d.seen_end);
            d.scroll_to(to, page);
            return Updated {
                effects: vec![],
                changed: before != (d.scroll, d.seen_end),
            };
        }
        let o = self.on_drain_phase(action, chord);
        self.drain_seen();
        o
    }

    fn on_drain_phase(&mut self, action: Option<Action>, chord: KeyChord) -> Updated {
        let page = self.drain_page();
        let Some(d) = self.features.drain.as_mut() else {
            return Updated::default();
        };
        match (d.phase, action) {
            // Asked first while the drain runs (`guard_quit`).
            (_, Some(Action::Quit)) => Updated::effect(Effect::Quit),
            (DrainPhase::Running, Some(Action::Abort)) => Updated::effect(Effect::AbortDrain),
            (DrainPhase::Running, Some(Action::Cancel)) => {
                self.nav.mode = Mode::Nodes;
                let text = "the drain goes on in the background: d shows it again, ctrl-x there aborts it";
                self.set_notice(NoticeLevel::Info, About::Command, text.into());
                Updated::changed()
            }
            (DrainPhase::Running, _) => Updated::default(),
            (DrainPhase::Finished, Some(Action::Cancel | Action::Submit)) => {
                self.features.drain = None;
                self.nav.mode = Mode::Nodes;
                Updated::changed()
            }
            (DrainPhase::Finished, _) => Updated::default(),
            (DrainPhase::Confirm, Some(Action::Cancel)) => {
                self.features.drain = None;
                self.nav.mode = Mode::Nodes;
                Updated::changed()
            }
            (
                DrainPhase::Confirm,
                Some(t @ (Action::ToggleDaemonSets | Action::ToggleEmptyDir | Action::ToggleForce)),
            ) => {
                let o = &mut d.opts;
                match t {
                    Action::ToggleDaemonSets => o.ignore_daemonsets = !o.ignore_daemonsets,
                    Action::ToggleEmptyDir => o.delete_emptydir_data = !o.delete_emptydir_data,
                    _ => o.force = !o.force,
                }
                // A view at the end of the plan stays at its end; else the
                // new plan must be read to its end again.
                let at_end = d.below(page) == 0;
                d.replan(&self.live.store);
                d.seen_end = false;
                d.scroll_to(if at_end { usize::MAX } else { d.scroll }, page);
                Updated::changed()
            }
            // Fail closed: read-only since the plan opened is a dry run too.
            (DrainPhase::Confirm, Some(Action::Submit)) if self.session.readonly || d.dry_run => {
                d.dry_run = true;
                let text = "read-only: dry run, nothing will change".into();
                self.set_notice(NoticeLevel::Warn, About::Command, text);
                Updated::changed()
            }
            (DrainPhase::Confirm, Some(Action::Submit)) => match d.ready(page) {
                Ok(()) => {
                    d.start();
                    let plans = d.plans.clone();
                    self.clear_notice(About::Command);
                    let settings = self.session.drain_settings;
                    let request = crate::actions::Request::Drain { plans, settings };
                    Updated::effect(Effect::Mutate {
                        request,
                        read_only: self.session.readonly,
                    })
                }
                Err(why) => {
                    let holds = super::notices::Holds::DrainNotReady;
                    self.set_condition_notice(NoticeLevel::Warn, why, holds);
                    // The notice takes a row: count what is below as now drawn.
                    let page = self.drain_page();
                    if let Some(Err(why)) = self.features.drain.as_ref().map(|d| d.ready(page)) {
                        self.set_condition_notice(NoticeLevel::Warn, why, holds);
                    }
                    Updated::changed()
                }
            },
            (DrainPhase::Confirm, _) if d.dry_run => Updated::default(),
            (DrainPhase::Confirm, _) => {
                if chord.key == Key::Enter {
                    return Updated::default();
                }
                let changed = d.input.input(to_textarea_input(chord));
                Updated {
                    effects: vec![],
                    changed,
                }
            }
        }
    }

    /// Whether a drain is running (on screen or in the background).
    pub fn drain_running(&self) -> bool {
        self.features
            .drain
            .as_ref()
            .is_some_and(|d| d.phase == DrainPhase::Running)
    }

    /// Quit while a drain runs asks first ("abort the drain and quit?").
    pub(super) fn guard_quit(&mut self, mut o: Updated) -> Updated {
        if !o.effects.contains(&Effect::Quit) || !self.drain_running() || self.features.quit_after_drain {
            return o;
        }
        o.effects.retain(|e| *e != Effect::Quit);
        self.features.ask_quit = true;
        o.changed = true;
        o
    }

    /// The answer to "abort the drain and quit?": `y` aborts it and quits
    /// once it has stopped; any other key keeps it running.
    pub(super) fn on_ask_quit(&mut self, chord: KeyChord) -> Updated {
        self.features.ask_quit = false;
        if chord != KeyChord::plain(Key::Char('y')) {
            let text = "the drain goes on".into();
            self.set_notice(NoticeLevel::Info, About::Command, text);
            return Updated::changed();
        }
        self.features.quit_after_drain = true;
        let text = "aborting the drain; kon quits when it has stopped (quit again to leave now)".into();
        self.set_notice(NoticeLevel::Warn, About::Command, text);
        Updated::effect(Effect::AbortDrain)
    }

    pub(super) fn drain_progress(&mut self, pod: PodRef, state: PodProgress) -> Updated {
        let Some(d) = self.features.drain.as_mut() else {
            return Updated::default();
        };
        match d.progress.get_mut(&pod) {
            Some((_, s)) if *s != state => {
                *s = state;
                Updated::changed()
            }
            _ => Updated::default(),
        }
    }

    pub(super) fn drain_done(&mut self, node: String, ok: bool, text: String) -> Updated {
        let Some(d) = self.features.drain.as_mut() else {
            return Updated::default();
        };
        d.outcomes.insert(node.clone(), (ok, text.clone()));
        let finished = d.outcomes.len() >= d.plans.len();
        if finished {
            d.phase = DrainPhase::Finished;
        }
        let level = if ok { NoticeLevel::Info } else { NoticeLevel::Error };
        self.set_notice(level, About::Command, format!("node/{node}: {text}"));
        if finished && self.features.quit_after_drain {
            return Updated::effect(Effect::Quit);
        }
        self.drain_seen();
        Updated::changed()
    }
}
