//! `u` in the workloads view: `kubectl rollout undo` of the Deployment
//! under the cursor. The revisions are read through the API first
//! (`Effect::ReadRevisions`, answered by `Msg::UndoPlanned`), so the
//! confirmation shows which revision and which images it goes back to,
//! and from which, before anything is sent.

use crate::actions::Request;
use crate::actions::object::{Change, ObjectOp};
use crate::actions::rollback::UndoPlan;
use crate::cluster::{ObjectKind, ObjectRef};

use super::ask::Ask;
use super::{About, AppState, Effect, NoticeLevel, Updated};

impl AppState {
    /// `u` on a workload: read its revisions (read-only refuses at once).
    pub(super) fn ask_undo(&mut self) -> Updated {
        let kinds = [
            ObjectKind::Deployment,
            ObjectKind::StatefulSet,
            ObjectKind::DaemonSet,
        ];
        let object = match self.workload_for("rollout undo", &kinds) {
            Ok((object, _)) => object,
            Err(o) => return o,
        };
        if object.kind != ObjectKind::Deployment {
            return self.say(format!(
                "rollout undo of {} is not supported by kon yet: use kubectl rollout undo",
                object.kind.plural()
            ));
        }
        if self.session.readonly {
            let unread = Change::Undo {
                to_revision: 0,
                patch: serde_json::Value::Null,
            };
            return self.ask(Ask::new(Request::Object(ObjectOp::new(object, unread)), vec![]));
        }
        let text = format!("reading the revisions of {}…", object.with_namespace());
        self.set_notice(NoticeLevel::Info, About::Command, text);
        Updated::effect(Effect::ReadRevisions {
            generation: self.live.generation,
            object,
        })
    }

    /// The revisions were read: ask to go back to the previous one, or say
    /// kubectl's refusal (a context switched since, or an open question:
    /// nothing).
    pub(super) fn undo_planned(
        &mut self,
        generation: u64,
        object: ObjectRef,
        plan: Result<UndoPlan, String>,
    ) -> Updated {
        if generation != self.live.generation || self.features.ask.is_some() {
            return Updated::default();
        }
        match plan {
            Err(text) => {
                self.set_notice(NoticeLevel::Warn, About::Command, text);
                Updated::changed()
            }
            Ok(plan) => {
                let lines = plan.lines();
                let change = Change::Undo {
                    to_revision: plan.to_revision,
                    patch: plan.patch,
                };
                self.ask(Ask::new(Request::Object(ObjectOp::new(object, change)), lines))
            }
        }
    }
}

#[cfg(test)]
#[path = "ask_undo_tests.rs"]
mod tests;
