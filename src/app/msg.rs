//! The messages `update` takes, the effects it asks of the event loop, and
//! what one update returns.

use super::keys::KeyChord;
use crate::cluster::Report;

/// Inputs to `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyChord),
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// Time to recompute the pane models (`now`: Unix seconds).
    Recompute {
        now: i64,
    },
    /// An action on the cluster finished: what happened, for the notice line.
    ActionDone {
        ok: bool,
        text: String,
    },
    /// A pod of the running drain moved on.
    DrainProgress {
        pod: crate::drain::plan::PodRef,
        state: crate::drain::run::PodProgress,
    },
    /// A node of the running drain finished (or gave up).
    DrainDone {
        node: String,
        ok: bool,
        text: String,
    },
    /// The kubeconfig's contexts, for the context picker (or why they could not be read).
    Contexts(Result<Vec<crate::picker::PickItem>, String>),
    /// The event loop switched to another context (its watchers start next).
    Switched(Box<crate::ctxns::switcher::Switched>),
    /// A cluster worker's report (watchers, probe, health, certificate and
    /// backup-directory scans).
    Cluster(Report),
}

impl From<Report> for Msg {
    fn from(report: Report) -> Self {
        Msg::Cluster(report)
    }
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Clear the terminal and draw everything again.
    ClearScreen,
    /// The store changed: send `Msg::Recompute` shortly (debounced; pane
    /// models are O(objects) and must not run per watch event).
    ScheduleRecompute,
    /// Cordon (`on`) or uncordon nodes; the result comes back as `Msg::ActionDone`.
    SetUnschedulable {
        nodes: Vec<String>,
        on: bool,
    },
    /// Record in the audit log (a refusal: nothing was sent to the cluster).
    Audit {
        action: String,
        targets: Vec<String>,
        outcome: String,
    },
    /// Record a refused kubeconfig write (read-only) in the audit log.
    AuditKubeconfig {
        action: String,
        target: String,
    },
    /// Cordon each plan's node and evict its pods, one node after the other.
    Drain {
        plans: Vec<crate::drain::plan::Plan>,
        settings: crate::drain::run::RunSettings,
    },
    /// Stop the running drain (no further evictions).
    AbortDrain,
    /// Read the kubeconfig's contexts and send them as `Msg::Contexts`.
    LoadContexts,
    /// Stop watching this context, switch to `name` and watch it; with
    /// `persist`, also make it the kubeconfig's current context. Answered
    /// by `Msg::Switched`.
    SwitchContext {
        name: String,
        persist: bool,
    },
    /// Make `name` (the context shown) the kubeconfig's current context;
    /// the result comes back as `Msg::ActionDone`.
    PersistContext {
        name: String,
    },
    /// Set the namespace of `context` in the kubeconfig (as kubens does);
    /// the result comes back as `Msg::ActionDone`.
    PersistNamespace {
        context: String,
        namespace: String,
    },
}

/// The result of one update.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    /// The screen must be redrawn.
    pub changed: bool,
}

impl Outcome {
    pub(super) fn changed() -> Self {
        Self {
            effects: vec![],
            changed: true,
        }
    }
    pub(super) fn effect(e: Effect) -> Self {
        Self {
            effects: vec![e],
            changed: true,
        }
    }
}
