//! Cordon and uncordon from the nodes table act only on what the user can
//! see. They act at once on the visible marked rows (or the row under the
//! cursor); they ask first, naming every node, when marked nodes are hidden
//! by the filter (those are left out) or scrolled off screen; and a
//! control-plane node's name must be typed, as for a drain.

use ratatui_textarea::TextArea;

use crate::actions::Request;

use super::action::{Action, Mode};
use super::key_events::to_textarea_input;
use super::keys::{Key, KeyChord};
use super::nodes_table::Targets;
use super::{About, AppState, Effect, NoticeLevel, Updated};

/// A cordon or uncordon waiting for the user's yes.
#[derive(Debug, Clone)]
pub struct Confirm {
    /// Cordon (true) or uncordon.
    pub on: bool,
    pub nodes: Vec<String>,
    /// Marked nodes the filter hides: not acted on, and said so.
    pub left_out: Vec<String>,
    /// The control-plane nodes among `nodes`: their names must be typed.
    pub control_plane: Vec<String>,
    pub input: TextArea<'static>,
}

impl Confirm {
    pub fn verb(&self) -> &'static str {
        if self.on { "cordon" } else { "uncordon" }
    }

    /// What must be typed before Enter: the control-plane nodes' names.
    pub fn expected(&self) -> Option<String> {
        (!self.control_plane.is_empty()).then(|| self.control_plane.join(" "))
    }

    /// Whether Enter may act now.
    pub fn ready(&self) -> Result<(), String> {
        let Some(expected) = self.expected() else {
            return Ok(());
        };
        let typed = self.input.lines().join(" ");
        if typed.split_whitespace().eq(expected.split_whitespace()) {
            Ok(())
        } else {
            Err(format!("type {expected} to {}", self.verb()))
        }
    }
}

impl AppState {
    /// The control-plane nodes among `nodes`.
    fn control_plane_of(&self, nodes: &[String]) -> Vec<String> {
        let items = &self.live.store.nodes.items;
        nodes
            .iter()
            .filter(|n| items.get(n.as_str()).is_some_and(|v| v.control_plane))
            .cloned()
            .collect()
    }

    /// `c` or `u` in the nodes table: act at once, or ask first.
    pub(super) fn cordon_keys(&mut self, targets: Targets, on: bool) -> Updated {
        let verb = if on { "cordon" } else { "uncordon" };
        if targets.nodes.is_empty() {
            if !targets.hidden.is_empty() {
                let text = format!(
                    "nothing to {verb}: the {} marked node(s) are hidden by the filter",
                    targets.hidden.len()
                );
                self.set_notice(NoticeLevel::Warn, About::Command, text);
                return Updated::changed();
            }
            return Updated::default();
        }
        if self.session.readonly {
            return self.set_unschedulable(targets.nodes, on);
        }
        let control_plane = self.control_plane_of(&targets.nodes);
        if control_plane.is_empty() && targets.hidden.is_empty() && !targets.off_screen {
            return self.set_unschedulable(targets.nodes, on);
        }
        self.features.confirm = Some(Confirm {
            on,
            nodes: targets.nodes,
            left_out: targets.hidden,
            control_plane,
            input: TextArea::default(),
        });
        self.clear_notice(About::Command);
        Updated::changed()
    }

    /// Keys while the confirmation is open: the drain view's submit and
    /// cancel keys; other keys type the names.
    pub(super) fn on_confirm(&mut self, chord: KeyChord) -> Updated {
        let Some(c) = self.features.confirm.as_mut() else {
            return Updated::default();
        };
        match self.session.keymap.action(Mode::Drain, chord) {
            Some(Action::Cancel) => {
                let text = format!("{} cancelled: nothing changed", c.verb());
                self.features.confirm = None;
                self.set_notice(NoticeLevel::Info, About::Command, text);
                Updated::changed()
            }
            Some(Action::Submit) => match c.ready() {
                Ok(()) => {
                    let (nodes, on) = (c.nodes.clone(), c.on);
                    self.features.confirm = None;
                    self.set_unschedulable(nodes, on)
                }
                Err(why) => {
                    self.set_notice(NoticeLevel::Warn, About::Command, why);
                    Updated::changed()
                }
            },
            _ if c.expected().is_none() || chord.key == Key::Enter => Updated::default(),
            _ => Updated {
                effects: vec![],
                changed: c.input.input(to_textarea_input(chord)),
            },
        }
    }

    /// Cordons or uncordons `nodes`, unless read-only (then the refusal is
    /// said and recorded).
    pub(super) fn set_unschedulable(&mut self, nodes: Vec<String>, on: bool) -> Updated {
        let action = if on { "cordon" } else { "uncordon" };
        if nodes.is_empty() {
            return Updated::default();
        }
        if self.session.readonly {
            let text = format!("read-only: {action} refused");
            self.set_notice(NoticeLevel::Warn, About::Command, text);
            return Updated {
                effects: vec![Effect::Mutate {
                    request: Request::cordon(nodes, on),
                    read_only: true,
                }],
                changed: true,
            };
        }
        let text = format!("{action}ing {}…", nodes.join(", "));
        self.set_notice(NoticeLevel::Info, About::Command, text);
        self.features.nodes_table.unmark(&nodes);
        Updated {
            effects: vec![Effect::Mutate {
                request: Request::cordon(nodes, on),
                read_only: false,
            }],
            changed: true,
        }
    }
}
