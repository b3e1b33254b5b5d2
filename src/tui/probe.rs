//! What the event loop tells a listener about the inputs it applied and
//! the frames it drew, so that `kon bench` times a key from its arrival to
//! the frame that shows it through the console's own loop. The console has
//! no listener.

use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::app::AppState;
use crate::cluster::store::kinds::Kind;

/// One thing the loop did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Input number `seq` (counted from 1, every event read from the input
    /// stream) was applied; `changed`: it changed what the screen shows (a
    /// frame follows); `settled`: every watched kind had synced (or failed)
    /// when it was applied; `read`: when the loop took it from the input
    /// stream; `applied`: when its update was done.
    Input {
        seq: u64,
        changed: bool,
        settled: bool,
        read: Instant,
        applied: Instant,
    },
    /// A frame was drawn from `started` to `at`, showing the first `inputs`
    /// inputs.
    Frame {
        inputs: u64,
        started: Instant,
        at: Instant,
    },
    /// A recompute of the pane models started at `at` (off the loop).
    Recompute { at: Instant },
    /// The loop did `work` (not an input, not a frame) from `started` to
    /// `at`: what a key arriving meanwhile waited for.
    Busy {
        work: Work,
        started: Instant,
        at: Instant,
    },
}

/// The loop's work besides inputs and frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Work {
    /// Taking a recompute's models (`Msg::Recomputed`).
    Recomputed,
    /// Applying the cluster workers' reports (watch batches).
    Cluster,
    /// The 1 s tick.
    Tick,
    /// Taking the snapshot a recompute starts from.
    StartRecompute,
    /// Other messages (workers, logs).
    Messages,
}

impl Work {
    pub fn label(self) -> &'static str {
        match self {
            Work::Recomputed => "taking a recompute's models",
            Work::Cluster => "applying watch reports",
            Work::Tick => "the 1 s tick",
            Work::StartRecompute => "snapshot for a recompute",
            Work::Messages => "other messages",
        }
    }
}

/// Where the loop reports, if anyone listens.
#[derive(Debug, Clone)]
pub struct Probe(pub mpsc::UnboundedSender<Seen>);

impl Probe {
    pub fn input(&self, seq: u64, changed: bool, app: &AppState, read: Instant) {
        let settled = Kind::ALL.iter().all(|k| app.live.store.state(*k).is_settled());
        let _ = self.0.send(Seen::Input {
            seq,
            changed,
            settled,
            read,
            applied: Instant::now(),
        });
    }

    pub fn recompute(&self) {
        let _ = self.0.send(Seen::Recompute { at: Instant::now() });
    }

    pub fn busy(&self, work: Work, started: Instant) {
        let _ = self.0.send(Seen::Busy {
            work,
            started,
            at: Instant::now(),
        });
    }

    pub fn frame(&self, inputs: u64, started: Instant) {
        let _ = self.0.send(Seen::Frame {
            inputs,
            started,
            at: Instant::now(),
        });
    }
}
