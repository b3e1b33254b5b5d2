//! The actions on the row under the cursor (only what is on screen): a
//! pod's delete and eviction in the pods table, a workload's rollout
//! restart and scale in the workloads view. Each builds a [`Request`] and
//! the lines its confirmation shows, and hands them to [`AppState::ask`]
//! (which refuses at once in read-only mode).

use crate::actions::Request;
use crate::actions::object::{Change, ObjectOp};
use crate::cluster::store::records::PdbRecord;
use crate::cluster::store::sync::SyncState;
use crate::cluster::{ObjectKind, ObjectRef};
use crate::signals::pods::PodRow;
use crate::signals::workloads_rows::WorkloadRow;

use super::ask::Ask;
use super::{About, AppState, NoticeLevel, Updated};

/// Where the pod runs and what owns it, for its confirmation.
fn pod_lines(p: &PodRow) -> Vec<String> {
    let node = p
        .node
        .as_deref()
        .map_or("not scheduled".to_string(), |n| format!("on node {n}"));
    let owner = p
        .owner_text()
        .map_or("owned by no controller: it will not come back".into(), |o| {
            format!("owned by {o}")
        });
    vec![format!("{} · {node}, {owner}", p.status)]
}

/// A PodDisruptionBudget as the confirmation names it.
fn budget_line(b: &PdbRecord) -> String {
    let rule = match (&b.min_available, &b.max_unavailable) {
        (Some(m), _) => format!("minAvailable {m}"),
        (None, Some(m)) => format!("maxUnavailable {m}"),
        (None, None) => "no rule".into(),
    };
    format!(
        "poddisruptionbudget.policy/{} -n {} ({rule}: {} healthy of {} needed, {} disruptions allowed)",
        b.name, b.namespace, b.current_healthy, b.desired_healthy, b.disruptions_allowed
    )
}

impl AppState {
    pub(super) fn say(&mut self, text: String) -> Updated {
        self.set_notice(NoticeLevel::Warn, About::Command, text);
        Updated::changed()
    }

    /// The budgets that select pod `p`, as lines; and what the store cannot tell.
    fn budgets_of(&self, p: &PodRow) -> (Vec<String>, Option<String>) {
        let store = &self.live.store;
        let Some(pod) = store
            .pods
            .items
            .values()
            .find(|r| *r.namespace == *p.namespace && *r.name == *p.name)
        else {
            return (
                vec![],
                Some("the pod is not in kon's store: budgets unknown".into()),
            );
        };
        let mut budgets: Vec<&PdbRecord> = store
            .pdbs
            .items
            .values()
            .filter(|b| b.namespace == pod.namespace && crate::drain::plan::selects(b, pod))
            .collect();
        budgets.sort_by(|a, b| a.name.cmp(&b.name));
        let unknown = (store.pdbs.state != SyncState::Synced)
            .then(|| "PodDisruptionBudgets are not synced: one may refuse the eviction".to_string());
        (budgets.into_iter().map(budget_line).collect(), unknown)
    }

    /// `ctrl-d` on a pod: delete it (a grace period may be typed; 0 forces).
    pub(super) fn ask_delete_pod(&mut self) -> Updated {
        let Some(p) = self.selected_pod() else {
            return Updated::default();
        };
        let object = ObjectRef::pod(&*p.namespace, &*p.name);
        let change = Change::Delete {
            grace: None,
            force: false,
        };
        let lines = pod_lines(p);
        self.ask(Ask::new(Request::Object(ObjectOp::new(object, change)), lines))
    }

    /// `E` on a pod: evict it through the Eviction API.
    pub(super) fn ask_evict_pod(&mut self) -> Updated {
        let Some(p) = self.selected_pod() else {
            return Updated::default();
        };
        let object = ObjectRef::pod(&*p.namespace, &*p.name);
        let mut lines = pod_lines(p);
        let (budgets, unknown) = self.budgets_of(p);
        if budgets.is_empty() && unknown.is_none() {
            lines.push("no PodDisruptionBudget selects it".into());
        }
        lines.extend(budgets.iter().cloned());
        lines.extend(unknown);
        let change = Change::Evict { budgets };
        self.ask(Ask::new(Request::Object(ObjectOp::new(object, change)), lines))
    }

    /// The workload under the cursor, if it is one of `kinds`; else says why not.
    pub(super) fn workload_for(
        &mut self,
        verb: &str,
        kinds: &[ObjectKind],
    ) -> Result<(ObjectRef, WorkloadRow), Updated> {
        let rows = self.live.panes.workloads.as_deref().unwrap_or(&[]);
        let Some(r) = self.features.workloads.current(rows).cloned() else {
            return Err(Updated::default());
        };
        match ObjectKind::from_api(
            if r.kind.ends_with("Job") {
                "batch/v1"
            } else {
                "apps/v1"
            },
            &r.kind,
        ) {
            Some(k) if kinds.contains(&k) => Ok((ObjectRef::namespaced(k, &*r.namespace, &*r.name), r)),
            _ => {
                let names: Vec<String> = kinds.iter().map(|k| k.kind().to_string()).collect();
                Err(self.say(format!(
                    "{verb}: {}/{} is not a {}",
                    r.kind,
                    r.name,
                    names.join(" or ")
                )))
            }
        }
    }

    /// `r` on a workload: `kubectl rollout restart`.
    pub(super) fn ask_restart(&mut self) -> Updated {
        let kinds = [
            ObjectKind::Deployment,
            ObjectKind::StatefulSet,
            ObjectKind::DaemonSet,
        ];
        let (object, r) = match self.workload_for("rollout restart", &kinds) {
            Ok(found) => found,
            Err(o) => return o,
        };
        let lines = vec![workload_line(&r)];
        self.ask(Ask::new(
            Request::Object(ObjectOp::new(object, Change::Restart)),
            lines,
        ))
    }

    /// `+` on a workload: `kubectl scale` (the replicas are typed).
    pub(super) fn ask_scale(&mut self) -> Updated {
        let kinds = [ObjectKind::Deployment, ObjectKind::StatefulSet];
        let (object, r) = match self.workload_for("scale", &kinds) {
            Ok(found) => found,
            Err(o) => return o,
        };
        let change = Change::Scale {
            from: r.desired,
            to: r.desired,
        };
        let lines = vec![workload_line(&r)];
        self.ask(Ask::new(Request::Object(ObjectOp::new(object, change)), lines))
    }
}

/// `3 desired, 2 ready · revision 4 · progressing`.
fn workload_line(r: &WorkloadRow) -> String {
    let mut text = format!("{} desired, {} ready", r.desired, r.ready);
    if let Some(rev) = &r.revision {
        text.push_str(&format!(" · revision {rev}"));
    }
    text.push_str(&format!(" · {}", r.state));
    text
}

#[cfg(test)]
#[path = "ask_objects_tests.rs"]
mod tests;
