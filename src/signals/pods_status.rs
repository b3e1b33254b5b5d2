//! A pod's STATUS, READY and RESTARTS columns as `kubectl get pods` prints
//! them: the rules of upstream `printPod` (kubernetes
//! `pkg/printers/internalversion/printers.go`), over the store's record.
//! Pure.

use std::borrow::Cow;

use crate::cluster::store::pod_records::{ContainerState, PodStatusRecord};
use crate::cluster::store::records::{PodPhase, PodRecord};

/// What kubectl prints for a pod, before ages are made relative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// STATUS: `Running`, `CrashLoopBackOff`, `Init:0/1`, `Terminating`…
    pub status: Cow<'static, str>,
    /// READY: ready containers and the total (sidecars included).
    pub ready: (u16, u16),
    pub restarts: u32,
    /// When the last restart happened (the latest `lastState.terminated.finishedAt`).
    pub last_restart: Option<i64>,
}

fn phase_word(p: PodPhase) -> &'static str {
    match p {
        PodPhase::Pending => "Pending",
        PodPhase::Running => "Running",
        PodPhase::Succeeded => "Succeeded",
        PodPhase::Failed => "Failed",
        PodPhase::Unknown => "Unknown",
    }
}

/// `printPod`'s rules, in its order.
pub fn print(p: &PodRecord) -> Printed {
    let s: &PodStatusRecord = &p.status;
    let rare = s.rare();
    let mut reason: Cow<'static, str> = match &rare.reason {
        Some(r) => Cow::Owned(r.to_string()),
        None => Cow::Borrowed(phase_word(p.phase)),
    };
    if rare.scheduling_reason.as_deref() == Some("SchedulingGated") {
        reason = Cow::Borrowed("SchedulingGated");
    }
    let mut total = s.spec_containers.saturating_add(s.sidecars);
    let mut ready: u16 = 0;
    let mut restarts: u32 = 0;
    let mut last: Option<i64> = None;
    let mut sidecar_restarts: u32 = 0;
    let mut sidecar_last: Option<i64> = None;
    let later = |a: Option<i64>, b: Option<i64>| a.max(b);
    let mut initializing = false;
    for (i, c) in s.init.iter().enumerate() {
        restarts += c.restarts;
        let finished = c.last_terminated.as_ref().and_then(|t| t.finished);
        last = later(last, finished);
        if c.restartable {
            sidecar_restarts += c.restarts;
            sidecar_last = later(sidecar_last, finished);
        }
        match &c.state {
            ContainerState::Terminated(t) if t.exit_code == 0 => continue,
            _ if c.restartable && c.started == Some(true) => {
                if c.ready {
                    ready += 1;
                }
                continue;
            }
            ContainerState::Terminated(t) => {
                reason = match &t.reason {
                    Some(r) => Cow::Owned(format!("Init:{r}")),
                    None if t.signal != 0 => Cow::Owned(format!("Init:Signal:{}", t.signal)),
                    None => Cow::Owned(format!("Init:ExitCode:{}", t.exit_code)),
                };
            }
            ContainerState::Waiting(w)
                if w.reason
                    .as_deref()
                    .is_some_and(|r| !r.is_empty() && r != "PodInitializing") =>
            {
                reason = Cow::Owned(format!("Init:{}", w.reason.as_deref().unwrap_or_default()));
            }
            _ => reason = Cow::Owned(format!("Init:{i}/{}", s.spec_init)),
        }
        initializing = true;
        break;
    }
    if !initializing || s.initialized {
        restarts = sidecar_restarts;
        last = sidecar_last;
        let mut has_running = false;
        for c in s.containers.iter().rev() {
            restarts += c.restarts;
            last = later(last, c.last_terminated.as_ref().and_then(|t| t.finished));
            match &c.state {
                ContainerState::Waiting(w) if w.reason.as_deref().is_some_and(|r| !r.is_empty()) => {
                    reason = Cow::Owned(w.reason.as_deref().unwrap_or_default().to_string());
                }
                ContainerState::Terminated(t) => {
                    reason = match &t.reason {
                        Some(r) => Cow::Owned(r.to_string()),
                        None if t.signal != 0 => Cow::Owned(format!("Signal:{}", t.signal)),
                        None => Cow::Owned(format!("ExitCode:{}", t.exit_code)),
                    };
                }
                ContainerState::Running { .. } if c.ready => {
                    has_running = true;
                    ready += 1;
                }
                _ => {}
            }
        }
        if reason == "Completed" && has_running {
            reason = Cow::Borrowed(if p.ready { "Running" } else { "NotReady" });
        }
    }
    if rare.deletion.is_some() && rare.reason.as_deref() == Some("NodeLost") {
        reason = Cow::Borrowed("Unknown");
    } else if p.terminating && !matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed) {
        reason = Cow::Borrowed("Terminating");
    }
    // A status that lists more containers than the spec (a record built
    // by hand, or a lagging spec): never print 3/2.
    total = total.max(ready);
    Printed {
        status: reason,
        ready: (ready, total),
        restarts,
        last_restart: last,
    }
}

/// RESTARTS as kubectl prints it: `17 (3m ago)`, or `0`.
pub fn restarts_text(restarts: u32, last_restart: Option<i64>, now: i64) -> String {
    match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", human_duration(now - t)),
        _ => restarts.to_string(),
    }
}

/// kubectl's `duration.HumanDuration`: `45s`, `3m20s`, `12m`, `5h3m`, `2d4h`, `1y30d`.
pub fn human_duration(secs: i64) -> String {
    if secs < -1 {
        return "<invalid>".into();
    }
    let s = secs.max(0);
    if s < 120 {
        return format!("{s}s");
    }
    let minutes = s / 60;
    if minutes < 10 {
        return match s % 60 {
            0 => format!("{minutes}m"),
            r => format!("{minutes}m{r}s"),
        };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = s / 3600;
    if hours < 8 {
        return match minutes % 60 {
            0 => format!("{hours}h"),
            m => format!("{hours}h{m}m"),
        };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        return match hours % 24 {
            0 => format!("{}d", hours / 24),
            h => format!("{}d{h}h", hours / 24),
        };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    if hours < 24 * 365 * 8 {
        let years = hours / 24 / 365;
        return match (hours / 24) % 365 {
            0 => format!("{years}y"),
            d => format!("{years}y{d}d"),
        };
    }
    format!("{}y", hours / 24 / 365)
}
