//! Keys of the drain screen: toggle options and type the confirmation while
//! the plan shows; abort while it runs; close when it is over.

use super::action::{Action, Mode};
use super::drain_view::{DrainView, Phase};
use super::keys::{Key, KeyChord};
use super::{About, AppState, Effect, Level, Outcome, to_textarea_input};
use crate::drain::plan::PodRef;
use crate::drain::run::PodProgress;

impl AppState {
    /// `d` in the nodes table: the plan of the marked nodes (or the one under the cursor).
    pub(super) fn open_drain(&mut self, nodes: Vec<String>) -> Outcome {
        if nodes.is_empty() {
            return Outcome::default();
        }
        if self.readonly {
            self.set_notice(Level::Warn, About::Command, "read-only: drain refused".into());
            return Outcome {
                effects: vec![Effect::Audit {
                    action: "drain".into(),
                    targets: nodes,
                    outcome: "refused: read-only".into(),
                }],
                changed: true,
            };
        }
        if self.drain.as_ref().is_some_and(|d| d.phase == Phase::Running) {
            self.mode = Mode::Drain;
            return Outcome::changed();
        }
        self.drain = Some(DrainView::new(&self.store, nodes));
        self.mode = Mode::Drain;
        Outcome::changed()
    }

    pub(super) fn on_drain(&mut self, action: Option<Action>, chord: KeyChord) -> Outcome {
        let Some(d) = self.drain.as_mut() else {
            self.mode = Mode::Nodes;
            return Outcome::changed();
        };
        match (d.phase, action) {
            (Phase::Running, Some(Action::Abort)) => Outcome::effect(Effect::AbortDrain),
            (Phase::Running, Some(Action::Cancel)) => {
                let text = "the drain goes on: ctrl-x aborts it".into();
                self.set_notice(Level::Info, About::Command, text);
                Outcome::changed()
            }
            (Phase::Running, _) => Outcome::default(),
            (Phase::Finished, Some(Action::Cancel | Action::Submit)) => {
                self.drain = None;
                self.mode = Mode::Nodes;
                Outcome::changed()
            }
            (Phase::Finished, _) => Outcome::default(),
            (Phase::Confirm, Some(Action::Cancel)) => {
                self.drain = None;
                self.mode = Mode::Nodes;
                Outcome::changed()
            }
            (
                Phase::Confirm,
                Some(t @ (Action::ToggleDaemonSets | Action::ToggleEmptyDir | Action::ToggleForce)),
            ) => {
                let o = &mut d.opts;
                match t {
                    Action::ToggleDaemonSets => o.ignore_daemonsets = !o.ignore_daemonsets,
                    Action::ToggleEmptyDir => o.delete_emptydir_data = !o.delete_emptydir_data,
                    _ => o.force = !o.force,
                }
                d.replan(&self.store);
                Outcome::changed()
            }
            (Phase::Confirm, Some(Action::Submit)) => match d.ready() {
                Ok(()) => {
                    d.start();
                    let plans = d.plans.clone();
                    self.clear_notice(About::Command);
                    let settings = self.drain_settings;
                    Outcome::effect(Effect::Drain { plans, settings })
                }
                Err(why) => {
                    let holds = super::notices::Holds::DrainNotReady;
                    self.set_condition_notice(Level::Warn, why, holds);
                    Outcome::changed()
                }
            },
            (Phase::Confirm, _) => {
                if chord.key == Key::Enter {
                    return Outcome::default();
                }
                let changed = d.input.input(to_textarea_input(chord));
                Outcome {
                    effects: vec![],
                    changed,
                }
            }
        }
    }

    pub(super) fn drain_progress(&mut self, pod: PodRef, state: PodProgress) -> Outcome {
        let Some(d) = self.drain.as_mut() else {
            return Outcome::default();
        };
        match d.progress.get_mut(&pod) {
            Some((_, s)) if *s != state => {
                *s = state;
                Outcome::changed()
            }
            _ => Outcome::default(),
        }
    }

    pub(super) fn drain_done(&mut self, node: String, ok: bool, text: String) -> Outcome {
        let Some(d) = self.drain.as_mut() else {
            return Outcome::default();
        };
        d.outcomes.insert(node.clone(), (ok, text.clone()));
        if d.outcomes.len() == d.plans.len() {
            d.phase = Phase::Finished;
        }
        let level = if ok { Level::Info } else { Level::Error };
        self.set_notice(level, About::Command, format!("node/{node}: {text}"));
        Outcome::changed()
    }
}
