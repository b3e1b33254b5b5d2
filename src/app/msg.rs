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
    /// The API answered the describe view's read `request`: the object
    /// (Secret values redacted) or the error in kubectl's words.
    Described {
        request: u64,
        result: Result<serde_json::Value, String>,
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
    /// The event loop started (`on`), or has no, worker for a source the
    /// panes wait for.
    Expecting {
        source: Expected,
        on: bool,
    },
    /// The revisions read for a rollout undo (of the context of
    /// `generation`): what it goes back to, or kubectl's refusal.
    UndoPlanned {
        generation: u64,
        object: crate::cluster::ObjectRef,
        plan: Result<crate::actions::rollback::UndoPlan, String>,
    },
    /// A cluster worker's report (watchers, probe, health, certificate and
    /// backup-directory scans).
    Cluster(Report),
    /// A running etcd snapshot or defrag moved on.
    EtcdProgress(super::etcd_ops::EtcdProgress),
    /// The log view's stream `session` said something (lines come in batches).
    Log {
        session: u64,
        event: crate::podlogs::stream::Event,
    },
    /// The fleet worker of `session` said something at `at_ms` (Unix ms).
    Fleet {
        session: u64,
        at_ms: i64,
        update: super::fleet_view::FleetUpdate,
    },
    /// The pane models recomputed off the event loop (`Effect::ScheduleRecompute`).
    Recomputed(Box<super::recompute::Recomputed>),
}

impl From<Report> for Msg {
    fn from(report: Report) -> Self {
        Msg::Cluster(report)
    }
}

/// A source whose report the panes wait for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Certificates of this origin (the serving chain, kubeadm's files).
    Certs(crate::certs::Origin),
    /// The scan of the local backup directory.
    BackupDir,
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
    /// Change the cluster through the one action path; with `read_only`,
    /// only record the refusal. A cordon's result comes back as
    /// `Msg::ActionDone`, a drain's as `Msg::DrainProgress` and `Msg::DrainDone`.
    Mutate {
        request: crate::actions::Request,
        read_only: bool,
    },
    /// Read the workload's revisions for its rollout undo (within a
    /// bound); answered by `Msg::UndoPlanned`.
    ReadRevisions {
        generation: u64,
        object: crate::cluster::ObjectRef,
    },
    /// Record a refused kubeconfig write (read-only) in the audit log.
    AuditKubeconfig {
        action: String,
        target: String,
    },
    /// Read `target` through the API for the describe view; the answer
    /// comes back as `Msg::Described` with `request`.
    Describe {
        request: u64,
        target: crate::cluster::ObjectRef,
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
    /// Suspend the console and run a read-only shell (kubectx -r) in
    /// `context`; its end comes back as `Msg::ActionDone`.
    ReadonlyShell {
        context: String,
    },
    /// Set the namespace of `context` in the kubeconfig (as kubens does);
    /// the result comes back as `Msg::ActionDone`.
    PersistNamespace {
        context: String,
        namespace: String,
    },
    /// Read a pod's log (stopping the one read before); its events come
    /// back as `Msg::Log` with `session`.
    StartLogs {
        session: u64,
        namespace: String,
        params: crate::podlogs::stream::Params,
    },
    /// Stop reading the log (the view closed).
    StopLogs,
    /// Write `lines` (the log of `what`) to `path`, replacing a file there
    /// only with `overwrite`; the result comes back as `Msg::ActionDone`.
    SaveLog {
        path: std::path::PathBuf,
        lines: Vec<String>,
        overwrite: bool,
        what: String,
        dropped: u64,
    },
    /// Probe every context (the fleet view), now and every `[fleet]
    /// refresh`, stopping the probes of an older session; rows come back
    /// as `Msg::Fleet` with `session`.
    ProbeFleet {
        session: u64,
    },
    /// Stop probing the fleet (the view closed).
    StopFleet,
}

/// The result of one update.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Updated {
    pub effects: Vec<Effect>,
    /// The screen must be redrawn.
    pub changed: bool,
}

impl Updated {
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
