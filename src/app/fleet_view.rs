//! The fleet view's state: one entry per context (its last row, and
//! whether a probe of it runs now), the round's progress, the sort, the
//! `/` filter (fuzzy, as the other tables') and the cursor kept on the
//! same context across updates. Pure: the rows come from the fleet
//! worker as `Msg::Fleet`.

use nucleo_matcher::Utf32Str;

pub use super::fleet_columns::Column;
use crate::fleet::row::{Row, Thresholds, Verdict};
use crate::viewport::Viewport;

/// The lines under the table: the selected context's server, version and
/// its error (or what could not be read), whole.
pub const DETAIL_ROWS: usize = 5;

/// What the fleet worker says, with the session it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FleetUpdate {
    /// A round of probes begins: these contexts (in the kubeconfig's
    /// order) with their servers; the thresholds and refresh of config.toml.
    Started {
        contexts: Vec<(String, Option<String>)>,
        thresholds: Thresholds,
        refresh_secs: i64,
    },
    /// No round: the kubeconfig could not be read, or `[fleet] contexts`
    /// names a context it does not have (kubectl's words).
    Failed(String),
    /// The probe of this context started.
    Probing(String),
    /// This context's row.
    Probed(Box<Row>),
    /// Every context of the round has its row.
    Done,
    /// A second passed while probes run ("probing… Ns" moves on).
    Tick,
}

/// One context of the fleet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub context: String,
    pub server: Option<String>,
    /// Its last row (kept, and shown, while the next probe runs).
    pub row: Option<Row>,
    /// When the probe running now started (Unix ms).
    pub probing_since: Option<i64>,
    /// Listed in this round, waiting for a free probe slot.
    pub queued: bool,
}

impl Entry {
    /// The row's verdict; `Unknown` until it was probed (worst first:
    /// critical, could not judge or not judged yet, warning, ok).
    pub fn verdict(&self, t: &Thresholds) -> Verdict {
        self.row.as_ref().map_or(Verdict::Unknown, |r| r.verdict(t))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetView {
    /// The worker session whose messages count (older ones are dropped).
    pub session: u64,
    pub entries: Vec<Entry>,
    pub thresholds: Thresholds,
    /// `[fleet] refresh`, in seconds, as the worker said.
    pub refresh_secs: i64,
    /// The time of the worker's last message (Unix ms): ages count from it.
    pub now_ms: i64,
    /// A round of probes runs.
    pub running: bool,
    /// When the last round ended (Unix ms).
    pub last_done_ms: Option<i64>,
    /// Why there is no fleet to show.
    pub error: Option<String>,
    pub sort: Column,
    pub reversed: bool,
    /// The applied filter ("" shows every row).
    pub filter: String,
    /// Indices into the entries, sorted and filtered.
    pub shown: Vec<usize>,
    pub view: Viewport,
    /// The context the user put the cursor on, kept across updates.
    selected: Option<String>,
}

impl Default for FleetView {
    fn default() -> Self {
        Self {
            session: 0,
            entries: Vec::new(),
            thresholds: Thresholds::default(),
            refresh_secs: 60,
            now_ms: 0,
            running: false,
            last_done_ms: None,
            error: None,
            sort: Column::Verdict,
            reversed: false,
            filter: String::new(),
            shown: Vec::new(),
            view: Viewport::default(),
            selected: None,
        }
    }
}

/// What the filter matches an entry on: its context, server, version and
/// verdict (not the long error, which a fuzzy term would match almost always).
fn haystack(e: &Entry, t: &Thresholds) -> String {
    let version = e.row.as_ref().and_then(|r| r.version.as_deref());
    format!(
        "{} {} {} {:?}",
        e.context,
        e.server.as_deref().unwrap_or(""),
        version.unwrap_or(""),
        e.verdict(t),
    )
}

impl FleetView {
    /// Applies what the worker said in `session` at `at_ms`; false when it
    /// is an older session's (or changes nothing).
    pub fn apply(&mut self, session: u64, at_ms: i64, update: FleetUpdate) -> bool {
        if session != self.session {
            return false;
        }
        self.now_ms = self.now_ms.max(at_ms);
        match update {
            FleetUpdate::Started {
                contexts,
                thresholds,
                refresh_secs,
            } => {
                let mut old = std::mem::take(&mut self.entries);
                self.entries = contexts
                    .into_iter()
                    .map(|(context, server)| {
                        let row = (old.iter_mut())
                            .find(|e| e.context == context)
                            .and_then(|e| e.row.take());
                        Entry {
                            context,
                            server,
                            row,
                            probing_since: None,
                            queued: true,
                        }
                    })
                    .collect();
                self.thresholds = thresholds;
                self.refresh_secs = refresh_secs;
                self.running = true;
                self.error = None;
            }
            FleetUpdate::Failed(why) => {
                self.running = false;
                self.error = Some(why);
            }
            FleetUpdate::Probing(context) => {
                if let Some(e) = self.entries.iter_mut().find(|e| e.context == context) {
                    e.probing_since = Some(at_ms);
                    e.queued = false;
                }
            }
            FleetUpdate::Probed(row) => {
                if let Some(e) = self.entries.iter_mut().find(|e| e.context == row.context) {
                    e.probing_since = None;
                    e.queued = false;
                    e.row = Some(*row);
                }
            }
            FleetUpdate::Done => {
                self.running = false;
                self.last_done_ms = Some(at_ms);
            }
            FleetUpdate::Tick => {}
        }
        true
    }

    /// How many contexts are being probed now, and how many wait for a slot.
    pub fn probing(&self) -> (usize, usize) {
        let now = self.entries.iter().filter(|e| e.probing_since.is_some()).count();
        let queued = self.entries.iter().filter(|e| e.queued).count();
        (now, queued)
    }

    /// Re-sorts and re-filters the entries, keeping the cursor on the same
    /// context when it is still shown (else at the same position).
    pub fn refresh(&mut self, page: usize) {
        let t = self.thresholds;
        let rows = &self.entries;
        let mut shown: Vec<usize> = match super::nodes_table::matcher(&self.filter) {
            None => (0..rows.len()).collect(),
            Some((pattern, mut m)) => {
                let mut buf = Vec::new();
                (0..rows.len())
                    .filter(|&i| {
                        let hay = haystack(&rows[i], &t);
                        pattern.score(Utf32Str::new(&hay, &mut buf), &mut m).is_some()
                    })
                    .collect()
            }
        };
        let (sort, reversed) = (self.sort, self.reversed);
        shown.sort_by(|&a, &b| {
            let o = sort.compare(&rows[a], &rows[b], &t);
            if reversed { o.reverse() } else { o }
        });
        self.shown = shown;
        let found = (self.selected.as_ref())
            .and_then(|k| self.shown.iter().position(|&i| self.entries[i].context == *k));
        self.view.cursor = found.unwrap_or(self.view.cursor);
        self.clamp(page);
    }

    pub fn move_by(&mut self, delta: isize, page: usize) {
        self.view.cursor = self.view.cursor.saturating_add_signed(delta);
        self.clamp(page);
        self.keep_selected();
    }

    pub fn to(&mut self, pos: usize, page: usize) {
        self.view.cursor = pos;
        self.clamp(page);
        self.keep_selected();
    }

    /// The user chose a row: the cursor follows that context from now on
    /// (until then it stays on the worst, whatever arrives).
    fn keep_selected(&mut self) {
        self.selected = self.current().map(|e| e.context.clone());
    }

    /// The entry under the cursor.
    pub fn current(&self) -> Option<&Entry> {
        self.shown
            .get(self.view.cursor)
            .and_then(|&i| self.entries.get(i))
    }

    fn clamp(&mut self, page: usize) {
        self.view.clamp(self.shown.len(), page);
    }
}

#[cfg(test)]
#[path = "fleet_view_tests.rs"]
mod tests;
