//! The text of each pane's page as plain lines tagged with theme scope
//! names: `app` scrolls them, `ui` styles and draws them. One file per
//! page, and the wrap that fits them to the pane's width. No drawing types
//! here: a piece of text carries the name of its theme scope, and `ui`
//! maps that name to a style.

mod backups;
mod certs;
mod control_plane;
pub mod etcd_live;
mod quotas;
pub mod wrap;
mod zones;

use crate::panes::Panes;
use crate::signals::verdict::{Level, Verdict};

pub use wrap::{pane_width, wrap};

/// Which of the dashboard's panes: each tile opens its pane's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TileId {
    ControlPlane,
    EtcdBackups,
    Certificates,
    Zones,
    Quotas,
    Findings,
    /// Problem pods: its tile opens the pods table, not a page.
    Pods,
}

impl TileId {
    pub const ALL: [TileId; 7] = [
        TileId::ControlPlane,
        TileId::EtcdBackups,
        TileId::Certificates,
        TileId::Zones,
        TileId::Quotas,
        TileId::Findings,
        TileId::Pods,
    ];

    pub fn title(self) -> &'static str {
        match self {
            TileId::ControlPlane => "Control plane",
            TileId::EtcdBackups => "etcd backups",
            TileId::Certificates => "Certificates",
            TileId::Zones => "Zones",
            TileId::Quotas => "Quotas",
            TileId::Findings => "Findings",
            TileId::Pods => "Pods",
        }
    }
}

/// One line: pieces of text with the theme scope that styles them.
pub type PaneLine = Vec<(String, &'static str)>;

pub(super) fn verdict_line(v: &Verdict) -> PaneLine {
    let (symbol, scope) = level_scope(v.level);
    vec![(format!("{symbol} "), scope), (v.message.clone(), scope)]
}

/// At most `n` characters, ending with `…` when cut (keeps columns aligned).
pub(super) fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A pane's first lines: its verdicts, what it still waits for, and the
/// sources it could not read or that are not there.
pub(super) fn preamble(verdicts: &[Verdict], pending: &[&str], missing: &[String]) -> Vec<PaneLine> {
    let mut out: Vec<PaneLine> = verdicts.iter().map(verdict_line).collect();
    if !pending.is_empty() {
        out.push(vec![(format!("… waiting for {}", pending.join(", ")), "muted")]);
    }
    for m in missing {
        out.push(vec![(format!("  {m}"), "muted")]);
    }
    out
}

pub(super) fn heading(t: &str) -> PaneLine {
    vec![(t.to_string(), "title")]
}

pub(super) fn text(t: String) -> PaneLine {
    vec![(t, "text")]
}

pub(super) fn opt(s: &Option<std::sync::Arc<str>>) -> &str {
    s.as_deref().unwrap_or("—")
}

/// A level's symbol (readable without colour) and theme scope.
pub fn level_scope(l: Level) -> (&'static str, &'static str) {
    match l {
        Level::Ok => ("✔", "ok"),
        Level::Warn => ("▲", "warn"),
        Level::Crit => ("✖", "crit"),
    }
}

/// The lines of `tile`'s pane at `now` (the frame's time, Unix seconds).
pub fn lines(panes: &Panes, tile: TileId, now: i64) -> Vec<PaneLine> {
    let body = match tile {
        TileId::ControlPlane => panes
            .control_plane
            .as_deref()
            .map(|m| control_plane::lines(m, now)),
        TileId::Zones => panes.zones.as_deref().map(zones::lines),
        TileId::Quotas => panes.quotas.as_deref().map(quotas::lines),
        TileId::Certificates => panes.certs.as_deref().map(certs::lines),
        TileId::EtcdBackups => match (&panes.etcd, panes.backups.as_deref().map(backups::lines)) {
            // The backups, then the live members (their problems are on the tile).
            (Some(e), backups) => {
                let mut out = backups.unwrap_or_else(|| vec![text("Backups: no data yet.".into())]);
                out.push(vec![]);
                out.extend(etcd_live::lines(e));
                Some(out)
            }
            (None, backups) => backups,
        },
        TileId::Findings | TileId::Pods => None,
    };
    body.unwrap_or_else(|| vec![text("No data yet.".into())])
}

/// How many rows `tile`'s page takes on a terminal `cols` wide, wrapped
/// to the pane's width at `now`: what the pane's scroll is clamped to.
pub fn line_count(panes: &Panes, tile: TileId, cols: u16, now: i64) -> usize {
    wrap(lines(panes, tile, now), pane_width(cols)).len()
}
