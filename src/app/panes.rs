//! The pane models the dashboard shows, recomputed from the store.

use crate::cluster::store::Store;

/// A dashboard tile's one-line verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileLine {
    pub level: TileLevel,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TileLevel {
    Ok,
    Warn,
    Crit,
}

/// Every pane's model. `None` until its data has arrived.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panes {
    pub nodes_summary: Option<TileLine>,
    /// The dashboard lines of the control-plane and zones panes.
    pub control_plane_line: Option<TileLine>,
    pub zones_line: Option<TileLine>,
}

impl Panes {
    /// Recomputes every model; true when anything the screen shows changed.
    pub fn recompute(
        &mut self,
        store: &Store,
        _readyz: Option<&Result<String, String>>,
        _livez: Option<&Result<String, String>>,
        _now: i64,
    ) -> bool {
        let before = self.clone();
        self.nodes_summary = (store.nodes.state == crate::cluster::store::SyncState::Synced).then(|| {
            let total = store.nodes.len();
            let not_ready = store
                .nodes
                .items
                .values()
                .filter(|n| n.readiness != crate::cluster::store::views::Readiness::Ready)
                .count();
            TileLine {
                level: if not_ready > 0 {
                    TileLevel::Warn
                } else {
                    TileLevel::Ok
                },
                text: format!("{total} nodes, {not_ready} not ready"),
            }
        });
        *self != before
    }
}
