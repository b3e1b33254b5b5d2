//! The path of a request that is ONE operation (delete a pod, patch a
//! Deployment, take an etcd snapshot…): the read-only refusal (recorded,
//! nothing sent), the operation under its deadline, progress notes through
//! a callback, and one audit line with the context, user, object, options
//! and outcome. It knows nothing of the API the operation calls: the caller
//! hands it the operation as a future, which does not start before the
//! read-only check passed.

use std::future::Future;

use tokio::time::Instant;

use super::executor::{Refused, refuse_if_read_only};
use super::request::Request;
use crate::audit::{AuditLog, Recorder};
use crate::cluster::retry::human;

/// How one operation ended, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub ok: bool,
    /// kubectl's text: `pod "x" deleted`, `Error from server (NotFound): pods "x" not found`.
    pub text: String,
    /// Why the audit line could not be written, to be shown with the result.
    pub audit_failed: Option<String>,
}

/// Runs one-operation requests, recording to one audit log.
pub struct OneShot<'a> {
    audit: &'a AuditLog,
    report: &'a (dyn Fn(String) + Send + Sync),
}

impl<'a> OneShot<'a> {
    /// `report` gets the operation's progress notes ([`Self::note`]).
    pub fn new(audit: &'a AuditLog, report: &'a (dyn Fn(String) + Send + Sync)) -> Self {
        Self { audit, report }
    }

    /// Says how the operation is getting on (`snapshot: 12 MiB written`).
    pub fn note(&self, text: impl Into<String>) {
        (self.report)(text.into());
    }

    /// Runs `op` (kubectl's text of its success, or of its error) for
    /// `request` until it ends or `deadline` passes; with `read_only`,
    /// only records the refusal and never polls `op`; a request with
    /// nothing to do ([`Request::skipped`]) records its skip and never
    /// polls `op` either.
    pub async fn run<F>(
        &self,
        request: &Request,
        read_only: bool,
        deadline: Instant,
        op: F,
    ) -> Result<Outcome, Refused>
    where
        F: Future<Output = Result<String, String>>,
    {
        refuse_if_read_only(read_only, self.audit, request.verb(), &request.targets())?;
        // Nothing to do (an undo to the running template): `op` is never polled.
        let skipped = request.skipped().map(|(text, outcome)| (true, text, outcome));
        let (ok, text, recorded) = match skipped {
            Some(done) => done,
            None => Self::outcome(request, deadline, op).await,
        };
        let recorder = Recorder::new(self.audit);
        let mut audit_failed = None;
        for target in request.targets() {
            let mut entry = self.audit.entry(request.verb(), &target, recorded.as_str());
            entry.options = request.options();
            audit_failed = audit_failed.or(recorder.write(&entry));
        }
        Ok(Outcome {
            ok,
            text,
            audit_failed,
        })
    }

    /// `op` run until `deadline`: ok, the user's text, the audit outcome.
    async fn outcome<F>(request: &Request, deadline: Instant, op: F) -> (bool, String, String)
    where
        F: Future<Output = Result<String, String>>,
    {
        match tokio::time::timeout_at(deadline, op).await {
            Ok(Ok(text)) => (true, text, "ok".to_string()),
            Ok(Err(e)) => (false, e.clone(), format!("failed: {e}")),
            Err(_) => {
                let after = human(request.timeout());
                let text = format!(
                    "{}: no answer after {after}; it may have been done all the same, look before trying again",
                    request.describe()
                );
                (false, text, format!("timed out after {after}"))
            }
        }
    }
}

#[cfg(test)]
#[path = "one_shot_tests.rs"]
mod tests;
