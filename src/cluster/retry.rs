//! Retrying API requests that failed for a passing reason (throttling, a
//! server error, no answer), with capped exponential backoff and jitter,
//! honouring the server's `Retry-After`, and never past a deadline.
//!
//! Every request made through [`retry`] has its own timeout, so a hung API
//! server cannot hold a command beyond its deadline. Errors that another try
//! cannot fix (403, 404, 409, 422…) are returned at once.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// Backoff after the first transient failure.
const FIRST: Duration = Duration::from_millis(200);
/// The longest wait between two tries (a larger `Retry-After` is capped too).
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// How long one request may take, and when to stop trying.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub per_request: Duration,
    pub deadline: Instant,
}

impl Budget {
    /// `total` from now, each request at most `per_request`.
    pub fn new(per_request: Duration, total: Duration) -> Self {
        Self {
            per_request,
            deadline: Instant::now() + total,
        }
    }

    pub fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    pub fn expired(&self) -> bool {
        self.remaining().is_zero()
    }
}

/// Why a request did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// An error another try cannot fix (forbidden, not found, invalid…).
    Permanent(kube::Error),
    /// Still failing (or unanswered) when the deadline came.
    GaveUp {
        attempts: u32,
        /// The last error, as a person reads it.
        last: String,
        /// The last try got no answer in time (rather than an error).
        timed_out: bool,
    },
}

impl Failure {
    /// The API error, when the server answered with a permanent one.
    pub fn api_status(&self) -> Option<&kube::core::Status> {
        match self {
            Failure::Permanent(kube::Error::Api(s)) => Some(s),
            _ => None,
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Permanent(e) => f.write_str(&crate::errors::chain(e)),
            Failure::GaveUp { attempts, last, .. } => {
                write!(f, "{last} (gave up after {attempts} ")?;
                f.write_str(if *attempts == 1 { "try)" } else { "tries)" })
            }
        }
    }
}

impl std::error::Error for Failure {}

/// Whether `e` is worth another try, and the wait the server asked for.
/// `None`: permanent. `Some(hint)`: transient, `hint` from `Retry-After`.
pub fn transient(e: &kube::Error) -> Option<Option<Duration>> {
    match e {
        kube::Error::Api(s) => {
            let hint = s
                .details
                .as_ref()
                .map(|d| d.retry_after_seconds)
                .filter(|&s| s > 0)
                .map(|s| Duration::from_secs(u64::from(s)));
            match s.code {
                429 | 500 | 502 | 503 | 504 => Some(hint),
                _ => None,
            }
        }
        // Connection refused or reset, TLS cut, a body cut short: the
        // server or the path to it, not the request.
        kube::Error::HyperError(_) | kube::Error::Service(_) | kube::Error::ReadEvents(_) => Some(None),
        _ => None,
    }
}

/// A 429 from the Eviction API because a PodDisruptionBudget does not allow
/// the eviction now (not throttling: the drain shows and retries it itself).
pub fn is_disruption_budget_refusal(e: &kube::Error) -> bool {
    match e {
        kube::Error::Api(s) if s.code == 429 => {
            s.details
                .as_ref()
                .is_some_and(|d| d.causes.iter().any(|c| c.reason == "DisruptionBudget"))
                || s.message.contains("disruption budget")
        }
        _ => false,
    }
}

/// Capped exponential backoff with full jitter (each wait is uniform in
/// `[w/2, w]`), and the server's `Retry-After` as a floor.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
    max: Duration,
    seed: u64,
}

impl Backoff {
    pub fn new(first: Duration, max: Duration, seed: u64) -> Self {
        Self {
            next: first,
            max,
            seed: seed | 1,
        }
    }

    /// The wait before the next try.
    pub fn wait(&mut self, hint: Option<Duration>) -> Duration {
        let ceiling = self.next.min(self.max);
        self.next = (self.next * 2).min(self.max);
        // xorshift64*: reproducible from the seed, no shared state.
        self.seed ^= self.seed >> 12;
        self.seed ^= self.seed << 25;
        self.seed ^= self.seed >> 27;
        let r = self.seed.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        let frac = r as f64 / (1u64 << 53) as f64;
        let jittered = ceiling.mul_f64(0.5 + frac / 2.0);
        match hint {
            Some(h) => jittered.max(h.min(self.max)),
            None => jittered,
        }
    }

    /// Resets to the first wait (after a success).
    pub fn reset(&mut self, first: Duration) {
        self.next = first;
    }
}

/// A seed that differs between processes and calls.
pub fn seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    nanos ^ u64::from(std::process::id()).rotate_left(32)
}

/// Runs `op` until it succeeds, fails permanently, or the budget runs out.
/// Each try is bounded by `budget.per_request` (and what is left of the
/// deadline).
pub async fn retry<T, F, Fut>(budget: Budget, mut op: F) -> Result<T, Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = kube::Result<T>>,
{
    retry_observed(budget, &mut op, |_, _| {}).await
}

/// [`retry`], telling `on_retry` about each transient failure (its text and
/// the wait before the next try), e.g. to show "throttled, retrying in 2s".
pub async fn retry_observed<T, F, Fut>(
    budget: Budget,
    op: &mut F,
    mut on_retry: impl FnMut(&str, Duration),
) -> Result<T, Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = kube::Result<T>>,
{
    let mut backoff = Backoff::new(FIRST, MAX_WAIT, seed());
    let mut attempts = 0;
    loop {
        let remaining = budget.remaining();
        if remaining.is_zero() {
            return Err(Failure::GaveUp {
                attempts,
                last: "the deadline passed before the request was sent".into(),
                timed_out: true,
            });
        }
        attempts += 1;
        let limit = budget.per_request.min(remaining);
        let (last, hint, timed_out) = match tokio::time::timeout(limit, op()).await {
            Ok(Ok(v)) => return Ok(v),
            Ok(Err(e)) => match transient(&e) {
                None => return Err(Failure::Permanent(e)),
                Some(hint) => (crate::errors::chain(&e), hint, false),
            },
            Err(_) => (format!("no answer within {}", human(limit)), None, true),
        };
        let wait = backoff.wait(hint);
        if Instant::now() + wait >= budget.deadline {
            return Err(Failure::GaveUp {
                attempts,
                last,
                timed_out,
            });
        }
        on_retry(&last, wait);
        tokio::time::sleep(wait).await;
    }
}

/// `1.5s`, `200ms`, `2m`.
pub fn human(d: Duration) -> String {
    if d >= Duration::from_secs(120) {
        format!("{}m", d.as_secs() / 60)
    } else if d >= Duration::from_secs(1) {
        let s = d.as_secs_f64();
        if (s - s.round()).abs() < 0.05 {
            format!("{}s", s.round() as u64)
        } else {
            format!("{s:.1}s")
        }
    } else {
        format!("{}ms", d.as_millis())
    }
}

#[cfg(test)]
#[path = "retry_tests.rs"]
mod tests;
