//! The console's confirmation of one [`Request`], over any view: what will
//! change, line by line, and on which object; optionally a text that must
//! be typed first; optionally a second confirmation that names the risk
//! (a forced deletion). Submitting returns `Effect::Mutate`; cancelling
//! changes nothing and says so. In read-only mode nothing is asked: the
//! refusal is said at once and recorded.
//!
//! Keys: the drain view's `submit` and `cancel` (enter, esc); other keys
//! type the text asked for.

use ratatui_textarea::TextArea;

use crate::actions::Request;

use super::action::{Action, Mode};
use super::key_events::to_textarea_input;
use super::keys::{Key, KeyChord};
use super::{About, AppState, Effect, NoticeLevel, Updated};

/// Where the confirmation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The value the request needs is typed (replicas, a grace period).
    Value,
    /// The changes are shown (and the text asked for).
    Changes,
    /// The risk is named; a second submit acts.
    Risk,
}

/// A request waiting for the user's yes.
#[derive(Debug, Clone)]
pub struct Ask {
    pub request: Request,
    /// The box's title (`Delete pod/web-1?`).
    pub title: String,
    /// What else the user should see about the object (its node, owner,
    /// budgets…), one line each, under the request's summary.
    pub lines: Vec<String>,
    /// What must be typed before the first submit acts.
    pub typed: Option<String>,
    /// The risk a second confirmation names.
    pub risk: Option<String>,
    pub stage: Stage,
    pub input: TextArea<'static>,
}

impl Ask {
    /// Asks for `request`, showing its summary and `lines`; first the
    /// value it needs, if any.
    pub fn new(request: Request, lines: Vec<String>) -> Self {
        let title = format!("{}?", capitalised(&subject(&request)));
        let stage = if request.prompt().is_some() {
            Stage::Value
        } else {
            Stage::Changes
        };
        Self {
            request,
            title,
            lines,
            typed: None,
            risk: None,
            stage,
            input: TextArea::default(),
        }
    }

    /// `text` must be typed before the first submit acts.
    pub fn typing(mut self, text: impl Into<String>) -> Self {
        self.typed = Some(text.into());
        self
    }

    /// A second confirmation, naming `risk`.
    pub fn with_risk(mut self, risk: impl Into<String>) -> Self {
        self.risk = Some(risk.into());
        self
    }

    /// What must be typed now (a free value at [`Stage::Value`]).
    pub fn expected(&self) -> Option<&str> {
        match self.stage {
            Stage::Changes => self.typed.as_deref(),
            Stage::Value | Stage::Risk => None,
        }
    }

    /// Whether keys type into the input now.
    pub fn typing_now(&self) -> bool {
        self.stage == Stage::Value || self.expected().is_some()
    }

    /// The risk the second confirmation names: the caller's, or the request's own.
    pub fn risk(&self) -> Option<String> {
        self.risk
            .clone()
            .or_else(|| self.request.risk().map(str::to_string))
    }

    /// What is shown: what will change (once the value is known), then the lines.
    pub fn changes(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.stage != Stage::Value {
            out.push(self.request.summary());
        }
        out.extend(self.lines.iter().cloned());
        out
    }

    /// Whether submit may go on now; else what to do.
    pub fn ready(&self) -> Result<(), String> {
        let Some(expected) = self.expected() else {
            return Ok(());
        };
        let typed = self.input.lines().join(" ");
        if typed.trim() == expected {
            Ok(())
        } else {
            Err(format!("type {expected} to {}", self.request.verb()))
        }
    }
}

/// The verb and the object(s): `scale deployment.apps/checkout -n web`.
fn subject(request: &Request) -> String {
    match request {
        Request::Object(op) => format!("{} {}", request.verb(), op.object.with_namespace()),
        _ => request.describe(),
    }
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl AppState {
    /// Asks the user to confirm `ask`; read-only refuses at once, says so
    /// and has the refusal recorded (nothing is sent).
    pub fn ask(&mut self, ask: Ask) -> Updated {
        if self.session.readonly {
            let text = format!("read-only: {} refused, nothing changed", subject(&ask.request));
            self.set_notice(NoticeLevel::Warn, About::Command, text);
            return Updated::effect(Effect::Mutate {
                request: ask.request,
                read_only: true,
            });
        }
        self.features.ask = Some(ask);
        self.clear_notice(About::Command);
        Updated::changed()
    }

    /// Keys while a confirmation is open.
    pub(super) fn on_ask(&mut self, chord: KeyChord) -> Updated {
        let Some(a) = self.features.ask.as_mut() else {
            return Updated::default();
        };
        match self.session.keymap.action(Mode::Drain, chord) {
            Some(Action::Cancel) => self.ask_cancelled(),
            Some(Action::Quit) => {
                let mut o = self.ask_cancelled();
                o.effects.push(Effect::Quit);
                o
            }
            Some(Action::Submit) if a.stage == Stage::Value => {
                let typed = a.input.lines().join(" ");
                match a.request.with_value(&typed) {
                    Ok(request) => {
                        a.request = request;
                        a.stage = Stage::Changes;
                        a.input = TextArea::default();
                        self.clear_notice(About::Command);
                    }
                    Err(why) => {
                        let text = format!("{why}: nothing sent");
                        self.set_notice(NoticeLevel::Warn, About::Command, text);
                    }
                }
                Updated::changed()
            }
            Some(Action::Submit) => {
                if let Err(why) = a.ready() {
                    self.set_notice(NoticeLevel::Warn, About::Command, why);
                    return Updated::changed();
                }
                if a.stage == Stage::Changes && a.risk().is_some() {
                    a.stage = Stage::Risk;
                    a.input = TextArea::default();
                    self.clear_notice(About::Command);
                    return Updated::changed();
                }
                let Some(a) = self.features.ask.take() else {
                    return Updated::default();
                };
                let text = format!("{}…", a.request.describe());
                self.set_notice(NoticeLevel::Info, About::Command, text);
                // Read-only may have been turned on meanwhile: the executor refuses then.
                Updated::effect(Effect::Mutate {
                    request: a.request,
                    read_only: self.session.readonly,
                })
            }
            _ if !a.typing_now() || chord.key == Key::Enter => Updated::default(),
            _ => Updated {
                effects: vec![],
                changed: a.input.input(to_textarea_input(chord)),
            },
        }
    }

    fn ask_cancelled(&mut self) -> Updated {
        if let Some(a) = self.features.ask.take() {
            let text = format!("{} cancelled: nothing changed", a.request.verb());
            self.set_notice(NoticeLevel::Info, About::Command, text);
        }
        Updated::changed()
    }
}

#[cfg(test)]
#[path = "ask_tests.rs"]
mod tests;
