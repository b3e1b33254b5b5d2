//! The one executor of [`Request`]s: the read-only check (the refusal
//! recorded, nothing sent), then the request under its deadline and the
//! caller's abort, its progress through a callback, its every step in the
//! audit log, and an audit-log failure reported to the caller.

use tokio::sync::watch;
use tokio::time::Instant;

use super::request::Request;
use crate::audit::{AuditLog, Recorder};
use crate::drain::api::NodeApi;
use crate::drain::run::{Event, NodeResult};
use crate::drain::runner::Runner;

/// The outcome a read-only refusal is recorded with.
pub const REFUSED: &str = "refused: read-only";

/// Nothing was sent: read-only mode is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// Why the refusal could not be recorded, if it could not.
    pub audit_failed: Option<String>,
}

/// Records `action` refused on each of `targets` (`node/a`,
/// `context/prod`) in read-only mode: every refused write, to a cluster or
/// to a kubeconfig, is recorded through here.
pub fn refuse(audit: &AuditLog, action: &str, targets: &[String]) -> Refused {
    refuse_because(audit, action, targets, REFUSED)
}

/// Records `action` refused on each of `targets` with `outcome`
/// (`refused: needs --force`).
pub fn refuse_because(audit: &AuditLog, action: &str, targets: &[String], outcome: &str) -> Refused {
    Refused {
        audit_failed: Recorder::new(audit).record_all(action, targets, outcome),
    }
}

/// Refuses `action` on `targets` when `read_only` (and records it).
pub fn refuse_if_read_only(
    read_only: bool,
    audit: &AuditLog,
    action: &str,
    targets: &[String],
) -> Result<(), Refused> {
    if read_only {
        Err(refuse(audit, action, targets))
    } else {
        Ok(())
    }
}

/// Runs requests against one API, recording to one audit log.
pub struct Executor<'a, A: NodeApi> {
    api: &'a A,
    audit: &'a AuditLog,
    report: &'a (dyn Fn(Event) + Send + Sync),
    abort: watch::Receiver<bool>,
}

impl<'a, A: NodeApi> Executor<'a, A> {
    /// `report` gets the progress (and an audit-log failure, once);
    /// `abort` set to true stops the request at once.
    pub fn new(
        api: &'a A,
        audit: &'a AuditLog,
        report: &'a (dyn Fn(Event) + Send + Sync),
        abort: watch::Receiver<bool>,
    ) -> Self {
        Self {
            api,
            audit,
            report,
            abort,
        }
    }

    /// Runs `request` until it ends, `deadline` passes or it is aborted;
    /// with `read_only`, only records the refusal (an audit failure then
    /// goes out as [`Event::AuditFailed`] too).
    pub async fn execute(
        &self,
        request: &Request,
        read_only: bool,
        deadline: Instant,
    ) -> Result<Vec<NodeResult>, Refused> {
        if let Err(r) = refuse_if_read_only(read_only, self.audit, request.verb(), &request.targets()) {
            if let Some(why) = &r.audit_failed {
                (self.report)(Event::AuditFailed(why.clone()));
            }
            return Err(r);
        }
        let runner = Runner::new(
            self.api,
            self.audit,
            self.report,
            self.abort.clone(),
            request.per_request(),
            request.timeout(),
        );
        Ok(match request {
            Request::SetUnschedulable { nodes, on, .. } => {
                runner.set_unschedulable(nodes, *on, deadline).await
            }
            Request::Drain { plans, settings } => runner.drain(plans, *settings, deadline).await,
            // Not a node request: nothing is sent (they go through `OneShot`).
            Request::Object(_) => vec![NodeResult {
                node: String::new(),
                ok: false,
                text: format!("{}: not a node request, nothing done", request.describe()),
            }],
        })
    }
}

#[cfg(test)]
#[path = "executor_tests.rs"]
mod tests;
