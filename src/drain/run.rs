//! What a node action reports while it runs and when it ends: each pod's
//! progress, the settings of a drain, the events the runner sends (to the
//! console as messages, to stderr headless), and the bounds every step runs
//! under (a deadline, and an abort that answers at once).

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep_until};

use super::plan::PodRef;

/// Where one pod of a drain is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodProgress {
    Pending,
    Evicting,
    /// The eviction request failed for a passing reason (throttled, a
    /// server error, no answer); it is tried again.
    Retrying {
        reason: String,
        attempts: u32,
    },
    /// A PodDisruptionBudget refused the eviction (429); retrying.
    Blocked {
        reason: String,
        attempts: u32,
    },
    /// The eviction was accepted; the pod is terminating.
    Evicted,
    Gone,
    Failed(String),
}

impl PodProgress {
    pub fn label(&self) -> String {
        match self {
            PodProgress::Pending => "pending".into(),
            PodProgress::Evicting => "evicting".into(),
            PodProgress::Retrying { reason, attempts } => format!("evicting: {reason}, retry {attempts}"),
            PodProgress::Blocked { reason, attempts } => format!("blocked ({reason}), retry {attempts}"),
            PodProgress::Evicted => "evicted, terminating".into(),
            PodProgress::Gone => "gone".into(),
            PodProgress::Failed(why) => format!("failed: {why}"),
        }
    }

    /// Nothing more will happen to the pod.
    pub fn done(&self) -> bool {
        matches!(self, PodProgress::Gone | PodProgress::Failed(_))
    }

    /// The Eviction API accepted it (or it was gone already).
    pub fn evicted(&self) -> bool {
        matches!(self, PodProgress::Evicted | PodProgress::Gone)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunSettings {
    /// Passed to each eviction's delete options (`None`: the pod's own).
    pub grace_period: Option<i64>,
    /// The whole drain's deadline; the node stays cordoned after it.
    pub timeout: Duration,
    /// Wait between retries of an eviction a PDB refused (kubectl: 5 s).
    pub retry: Duration,
    /// How long one API request may take.
    pub per_request: Duration,
}

impl Default for RunSettings {
    fn default() -> Self {
        Self {
            grace_period: None,
            timeout: Duration::from_secs(300),
            retry: Duration::from_secs(5),
            per_request: PER_REQUEST,
        }
    }
}

/// How long one API request of an action may take by default.
pub const PER_REQUEST: Duration = Duration::from_secs(10);

/// How a node's action ended, as the user reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeResult {
    pub node: String,
    pub ok: bool,
    /// `drained`, `cordoned`, `already cordoned`, `timed out after 5s: …`.
    pub text: String,
}

/// What the runner tells its caller while it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A step worth a line (`node/a cordoned`, `aborting…`).
    Note(String),
    /// A pod of a drain moved on.
    Pod { pod: PodRef, state: PodProgress },
    /// A node is finished (or given up).
    Done(NodeResult),
    /// The audit log could not be written (said once per run).
    AuditFailed(String),
}

/// Why a step did not finish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    TimedOut,
    Aborted,
}

/// Resolves once `abort` holds true (never, when its sender is gone while false).
pub async fn aborted(mut abort: watch::Receiver<bool>) {
    loop {
        if *abort.borrow_and_update() {
            return;
        }
        if abort.changed().await.is_err() {
            return std::future::pending().await;
        }
    }
}

/// Runs `fut` until it ends, the deadline passes, or abort is asked,
/// whichever is first (an abort wins over the deadline, the deadline over
/// a result that came at the same moment).
pub async fn bounded<T>(
    fut: impl Future<Output = T>,
    deadline: Instant,
    abort: &watch::Receiver<bool>,
) -> Result<T, Stop> {
    tokio::select! {
        biased;
        () = aborted(abort.clone()) => Err(Stop::Aborted),
        () = sleep_until(deadline) => Err(Stop::TimedOut),
        v = fut => Ok(v),
    }
}

/// The failed tries of one request, counted by reason, for the audit log
/// (`2× 429 TooManyRequests, 1× no answer within 10s`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Retries(BTreeMap<String, u32>);

impl Retries {
    pub fn add(&mut self, reason: &str) {
        *self.0.entry(reason.to_string()).or_default() += 1;
    }

    pub fn text(&self) -> Option<String> {
        (!self.0.is_empty()).then(|| {
            self.0
                .iter()
                .map(|(r, n)| format!("{n}× {r}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
    }
}

/// An API error in a few words: `429 TooManyRequests`, `500 InternalError`,
/// or the transport's own words, cut short.
pub fn short_error(e: &kube::Error) -> String {
    match e {
        kube::Error::Api(s) if !s.reason.is_empty() => format!("{} {}", s.code, s.reason),
        kube::Error::Api(s) => format!("{}", s.code),
        other => {
            let text = crate::errors::chain(other);
            let cut: String = text.chars().take(80).collect();
            if cut.len() < text.len() {
                format!("{cut}…")
            } else {
                cut
            }
        }
    }
}

/// `ns/a, ns/b (terminating)`.
pub fn names(pods: &[PodRef]) -> String {
    pods.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// How long the console's cordon or uncordon may take (`kon cordon --timeout`'s default).
pub const CORDON_TIMEOUT: Duration = Duration::from_secs(30);

/// A request's failure as a person reads it: kubectl's words for an API
/// error (`Error from server (Forbidden): …`), never a debug dump.
pub fn failure_text(f: &crate::cluster::retry::Failure) -> String {
    use crate::cluster::retry::Failure;
    match f {
        Failure::Permanent(e) => crate::errors::describe(e),
        Failure::GaveUp { attempts, last, .. } => {
            let tries = if *attempts == 1 { "try" } else { "tries" };
            format!("{} (gave up after {attempts} {tries})", strip_dump(last))
        }
    }
}

/// `text` without a `(Status { … })` debug dump.
fn strip_dump(text: &str) -> String {
    match text.find(" (Status {") {
        Some(at) => {
            let rest = &text[at..];
            // The dump ends at the last `})`; keep what follows it.
            let end = rest.rfind("})").map_or(rest.len(), |e| e + 2);
            format!("{}{}", &text[..at], &rest[end..])
        }
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_read_as_kubectl_writes_them() {
        let s = kube::core::Status::failure("nodes \"x\" not found", "NotFound").with_code(404);
        assert_eq!(
            crate::errors::describe(&kube::Error::Api(s.boxed())),
            "Error from server (NotFound): nodes \"x\" not found"
        );
        let dump = "ApiError: Too many requests: TooManyRequests (Status { status: Some(Failure), code: 429, \
                    details: Some(StatusDetails { causes: [] }) })";
        assert_eq!(strip_dump(dump), "ApiError: Too many requests: TooManyRequests");
        let f = crate::cluster::retry::Failure::GaveUp {
            attempts: 2,
            last: dump.into(),
            timed_out: false,
        };
        assert_eq!(
            failure_text(&f),
            "ApiError: Too many requests: TooManyRequests (gave up after 2 tries)"
        );
    }
}
