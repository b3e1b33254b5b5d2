//! `u` in the workloads view: `kubectl rollout undo` of the Deployment,
//! StatefulSet or DaemonSet under the cursor. The revisions are read
//! through the API first (`Effect::ReadRevisions`, answered by
//! `Msg::UndoPlanned`), so the confirmation shows which revision and which
//! images it goes back to, and from which, before anything is sent. When
//! the previous revision is the template running, nothing is asked and
//! nothing sent: the skip goes through the action path to be said and
//! audited (kubectl's `skipped rollback`).

use crate::actions::Request;
use crate::actions::object::{Change, ObjectOp};
use crate::actions::rollback::{UndoPatch, UndoPlan};
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
        if self.session.readonly {
            let unread = Change::Undo {
                to_revision: 0,
                patch: UndoPatch::Unread,
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
                let skip = plan.patch == UndoPatch::Skip;
                let change = Change::Undo {
                    to_revision: plan.to_revision,
                    patch: plan.patch,
                };
                let request = Request::Object(ObjectOp::new(object, change));
                if skip {
                    // Nothing to confirm: the action path says and records the skip.
                    return Updated::effect(Effect::Mutate {
                        request,
                        read_only: self.session.readonly,
                    });
                }
                self.ask(Ask::new(request, lines))
            }
        }
    }
}

#[cfg(test)]
#[path = "ask_undo_tests.rs"]
mod tests;
