//! A workload's rollout state as `kubectl rollout status` says it (the
//! logic of kubectl's `polymorphichelpers/rollout_status.go`, for
//! Deployments, DaemonSets and StatefulSets), and whether it is stuck or
//! unavailable beyond its rollout (the incident findings). Pure: from one
//! [`WorkloadRecord`]. The rows of the workloads view are in
//! `workloads_rows.rs`.

use crate::cluster::store::workload_records::WorkloadRecord;

/// kubectl's `TimedOutReason`: the Progressing condition's reason once a
/// rollout has made no progress for `progressDeadlineSeconds`.
pub const DEADLINE_EXCEEDED: &str = "ProgressDeadlineExceeded";

/// A rollout that made no progress for this long (its Progressing
/// condition not updated) while not done counts as stuck, even before (or
/// without) a progress deadline.
pub const STUCK_AFTER_SECS: i64 = 15 * 60;

/// The state column of the workloads view, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// `exceeded its progress deadline`.
    DeadlineExceeded,
    /// Not done, and its Progressing condition not updated for
    /// [`STUCK_AFTER_SECS`].
    Stalled,
    /// Rolled out, but fewer replicas ready than desired.
    Unavailable,
    /// `Waiting for … rollout to finish`.
    Progressing,
    /// `Waiting for … spec update to be observed`.
    Observing,
    /// `spec.paused` (kubectl still reports the counts).
    Paused,
    /// `OnDelete`: kubectl has no rollout status for it.
    OnDelete,
    /// `successfully rolled out`.
    Complete,
}

impl Phase {
    /// The word the view prints.
    pub fn label(self) -> &'static str {
        match self {
            Phase::DeadlineExceeded => DEADLINE_EXCEEDED,
            Phase::Stalled => "Stalled",
            Phase::Unavailable => "Unavailable",
            Phase::Progressing => "Progressing",
            Phase::Observing => "Observing",
            Phase::Paused => "Paused",
            Phase::OnDelete => "OnDelete",
            Phase::Complete => "Complete",
        }
    }

    /// Whether this is an incident (a finding of its own).
    pub fn is_problem(self) -> bool {
        matches!(
            self,
            Phase::DeadlineExceeded | Phase::Stalled | Phase::Unavailable
        )
    }
}

/// What `kubectl rollout status` prints for the workload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// kubectl's line (its error text for a deadline or an unsupported
    /// strategy), without the trailing newline.
    pub message: String,
    /// kubectl's `done`: it would stop watching.
    pub done: bool,
    /// kubectl ends with an error (exit 1).
    pub error: bool,
}

/// `kubectl rollout status` for one workload.
pub fn kubectl_status(w: &WorkloadRecord) -> Status {
    let ok = |message: String, done: bool| Status {
        message,
        done,
        error: false,
    };
    let r = &w.rollout;
    let name = &*w.name;
    match &*w.kind {
        "Deployment" => {
            if r.generation > r.observed_generation {
                return ok(
                    "Waiting for deployment spec update to be observed...".into(),
                    false,
                );
            }
            if r.progressing.as_ref().and_then(|c| c.reason.as_deref()) == Some(DEADLINE_EXCEEDED) {
                return Status {
                    message: format!("deployment {name:?} exceeded its progress deadline"),
                    done: false,
                    error: true,
                };
            }
            if r.updated < w.replicas {
                return ok(
                    format!(
                        "Waiting for deployment {name:?} rollout to finish: {} out of {} new replicas have been updated...",
                        r.updated, w.replicas
                    ),
                    false,
                );
            }
            if r.current > r.updated {
                return ok(
                    format!(
                        "Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...",
                        r.current - r.updated
                    ),
                    false,
                );
            }
            if r.available < r.updated {
                return ok(
                    format!(
                        "Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...",
                        r.available, r.updated
                    ),
                    false,
                );
            }
            ok(format!("deployment {name:?} successfully rolled out"), true)
        }
        "DaemonSet" => {
            if !rolling(w) {
                return unsupported();
            }
            if r.generation > r.observed_generation {
                return ok(
                    "Waiting for daemon set spec update to be observed...".into(),
                    false,
                );
            }
            if r.updated < w.replicas {
                return ok(
                    format!(
                        "Waiting for daemon set {name:?} rollout to finish: {} out of {} new pods have been updated...",
                        r.updated, w.replicas
                    ),
                    false,
                );
            }
            if r.available < w.replicas {
                return ok(
                    format!(
                        "Waiting for daemon set {name:?} rollout to finish: {} of {} updated pods are available...",
                        r.available, w.replicas
                    ),
                    false,
                );
            }
            ok(format!("daemon set {name:?} successfully rolled out"), true)
        }
        _ => statefulset(w),
    }
}

/// `updateStrategy.type` is RollingUpdate (the API server's default).
fn rolling(w: &WorkloadRecord) -> bool {
    w.rollout.strategy.as_deref().is_none_or(|s| s == "RollingUpdate")
}

fn unsupported() -> Status {
    Status {
        message: "rollout status is only available for RollingUpdate strategy type".into(),
        done: true,
        error: true,
    }
}

fn statefulset(w: &WorkloadRecord) -> Status {
    let r = &w.rollout;
    let ok = |message: String, done: bool| Status {
        message,
        done,
        error: false,
    };
    if !rolling(w) {
        return unsupported();
    }
    if r.observed_generation == 0 || r.generation > r.observed_generation {
        return ok(
            "Waiting for statefulset spec update to be observed...".into(),
            false,
        );
    }
    if w.ready < w.replicas {
        return ok(
            format!("Waiting for {} pods to be ready...", w.replicas - w.ready),
            false,
        );
    }
    if r.rolling_update {
        if let Some(partition) = r.partition
            && r.updated < w.replicas - partition
        {
            return ok(
                format!(
                    "Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...",
                    r.updated,
                    w.replicas - partition
                ),
                false,
            );
        }
        return ok(
            format!(
                "partitioned roll out complete: {} new pods have been updated...",
                r.updated
            ),
            true,
        );
    }
    let update = r.update_revision.as_deref().unwrap_or("");
    if r.update_revision != r.current_revision {
        return ok(
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {update}...",
                r.updated
            ),
            false,
        );
    }
    ok(
        format!(
            "statefulset rolling update complete {} pods at revision {update}...",
            r.current_replicas
        ),
        true,
    )
}

/// Every replica runs the current revision and the controller has seen
/// the current spec: what is left of a shortfall is not a rollout.
pub fn rolled_out(w: &WorkloadRecord) -> bool {
    let r = &w.rollout;
    let revisions_match = w.kind.as_ref() == "StatefulSet"
        && r.update_revision.is_some()
        && r.update_revision == r.current_revision;
    r.generation <= r.observed_generation && (r.updated >= w.replicas || revisions_match)
}

/// The view's state of a workload at `now` (Unix seconds), with kubectl's
/// message.
pub fn phase(w: &WorkloadRecord, status: &Status, now: i64) -> Phase {
    let r = &w.rollout;
    if status.error && !status.done {
        return Phase::DeadlineExceeded;
    }
    if status.error {
        return if w.ready < w.replicas {
            Phase::Unavailable
        } else {
            Phase::OnDelete
        };
    }
    if status.done {
        return if w.ready < w.replicas {
            Phase::Unavailable
        } else {
            Phase::Complete
        };
    }
    if r.paused {
        return Phase::Paused;
    }
    if r.generation > r.observed_generation
        || (w.kind.as_ref() == "StatefulSet" && r.observed_generation == 0)
    {
        return Phase::Observing;
    }
    if w.replicas > 0 && rolled_out(w) && w.ready < w.replicas && !progressing_now(w) {
        return Phase::Unavailable;
    }
    if stalled_for(w, now).is_some() {
        return Phase::Stalled;
    }
    Phase::Progressing
}

/// A Deployment whose Progressing condition says a rollout is under way
/// (a new ReplicaSet created or updated), rather than the last one
/// finished (`NewReplicaSetAvailable`).
fn progressing_now(w: &WorkloadRecord) -> bool {
    w.rollout
        .progressing
        .as_ref()
        .and_then(|c| c.reason.as_deref())
        .is_some_and(|r| {
            matches!(
                r,
                "NewReplicaSetCreated" | "FoundNewReplicaSet" | "ReplicaSetUpdated"
            )
        })
        && !rolled_out(w)
}

/// How long a Deployment's rollout under way (not [`rolled_out`]) has made
/// no progress (its
/// Progressing condition's last update), when that is at least
/// [`STUCK_AFTER_SECS`]. `None` without the condition (StatefulSets and
/// DaemonSets have none: kon cannot tell, so it does not say stuck).
pub fn stalled_for(w: &WorkloadRecord, now: i64) -> Option<i64> {
    let c = w.rollout.progressing.as_ref()?;
    if rolled_out(w) {
        return None;
    }
    let last = c.last_update.or(c.last_transition)?;
    let idle = now - last;
    (idle >= STUCK_AFTER_SECS).then_some(idle)
}

/// When [`stalled_for`] of `w` turns from `None` to some (its phase may
/// become Stalled by time alone), if after `now`: the Progressing
/// condition's last update plus [`STUCK_AFTER_SECS`]. Once stalled, time
/// changes nothing more (the stall's length is not shown).
pub fn stalls_at(w: &WorkloadRecord, now: i64) -> Option<i64> {
    let c = w.rollout.progressing.as_ref()?;
    let at = c.last_update.or(c.last_transition)? + STUCK_AFTER_SECS;
    (at > now && !rolled_out(w)).then_some(at)
}

#[cfg(test)]
#[path = "workloads_tests.rs"]
mod tests;
