//! The dashboard's tiles: how focus moves between them and the lines each
//! shows of its pane's model.

use crate::panes::Panes;
use crate::signals::verdict::{Level, Verdict};

pub use crate::pages::TileId;

/// How many tile columns a terminal `width` gets: three when wide, two at
/// 80 columns, one when narrow.
pub fn tile_columns(width: u16) -> usize {
    match width {
        0..=59 => 1,
        60..=139 => 2,
        _ => 3,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Left,
    Right,
}

/// Moves focus in a grid of `count` tiles laid out `columns` wide. Moves
/// that would leave the grid keep the focus where it is.
pub fn move_focus(focus: usize, count: usize, columns: usize, dir: Direction) -> usize {
    let columns = columns.max(1);
    let (row, col) = (focus / columns, focus % columns);
    let target = match dir {
        Direction::Left if col > 0 => focus - 1,
        Direction::Right if col + 1 < columns => focus + 1,
        Direction::Up if row > 0 => focus - columns,
        Direction::Down => focus + columns,
        _ => focus,
    };
    if target < count { target } else { focus }
}

/// A dashboard tile's one-line verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileLine {
    pub level: Level,
    pub text: String,
}

impl From<&Verdict> for TileLine {
    fn from(v: &Verdict) -> Self {
        Self {
            level: v.level,
            text: v.message.clone(),
        }
    }
}

/// The lines a tile shows: the summary when all is well, otherwise
/// every problem, worst first. Ages (a pod's last restart) count to `now`,
/// the frame's time.
pub fn tile_lines(panes: &Panes, tile: TileId, now: i64) -> Option<Vec<TileLine>> {
    let (no_verdicts, backups_pending) = (Vec::new(), Verdict::ok("backups: no data yet"));
    let (verdicts, summary) = match tile {
        TileId::ControlPlane => panes.control_plane.as_ref().map(|m| (&m.verdicts, &m.summary))?,
        TileId::Zones => panes.zones.as_ref().map(|m| (&m.verdicts, &m.summary))?,
        TileId::Quotas => panes.quotas.as_ref().map(|m| (&m.verdicts, &m.summary))?,
        TileId::Certificates => panes.certs.as_ref().map(|m| (&m.verdicts, &m.summary))?,
        TileId::EtcdBackups => match (&panes.backups, &panes.etcd) {
            (Some(m), _) => (&m.verdicts, &m.summary),
            // The live members, while the backups are not read yet.
            (None, Some(_)) => (&no_verdicts, &backups_pending),
            (None, None) => return None,
        },
        TileId::Findings => return panes.findings.as_deref().map(findings_tile),
        TileId::Pods => return panes.pods.as_ref().map(|m| pods_tile(m, now)),
    };
    let mut problems: Vec<TileLine> = verdicts
        .iter()
        .filter(|v| v.level != Level::Ok)
        .map(TileLine::from)
        .collect();
    // The etcd tile: the live members' problems among the backups' (worst
    // first), and their summary while they have none.
    let etcd = panes.etcd.as_deref().filter(|_| tile == TileId::EtcdBackups);
    let etcd_problems = etcd.map(crate::signals::etcd_live::verdicts).unwrap_or_default();
    let etcd_summary = etcd
        .filter(|_| etcd_problems.is_empty())
        .and_then(crate::pages::etcd_live::summary)
        .map(|text| TileLine {
            level: Level::Ok,
            text,
        });
    problems.extend(etcd_problems.into_iter().map(|v| TileLine {
        level: v.level,
        text: v.message,
    }));
    problems.sort_by_key(|l| std::cmp::Reverse(l.level));
    let mut out: Vec<TileLine> = etcd_summary.into_iter().collect();
    if problems.is_empty() {
        out.push(summary.into());
    } else {
        out.extend(problems);
    }
    Some(out)
}

/// How many problem pods the Pods tile names.
pub const PODS_NAMED: usize = 3;

/// The Pods tile: the count per tier, then the worst pods with their
/// status and restarts.
fn pods_tile(m: &crate::signals::pods::PodsModel, now: i64) -> Vec<TileLine> {
    use crate::signals::pods::Tier;
    let (down, failing, restarted) = (
        m.count(Tier::NotRunning),
        m.count(Tier::Containers),
        m.count(Tier::Restarted),
    );
    let level = if down + failing > 0 {
        Level::Crit
    } else if restarted > 0 {
        Level::Warn
    } else {
        Level::Ok
    };
    let text = if level == Level::Ok {
        format!("all {} pods running or completed", m.rows.len())
    } else {
        format!("{down} not running · {failing} failing · {restarted} restarted <1h")
    };
    let mut out = vec![TileLine { level, text }];
    out.extend(m.worst(PODS_NAMED).map(|r| TileLine {
        level: if r.tier == Tier::Restarted {
            Level::Warn
        } else {
            Level::Crit
        },
        text: match r.restarts {
            0 => format!("{}/{} {}", r.namespace, r.name, r.status),
            _ => format!(
                "{}/{} {} · restarts {}",
                r.namespace,
                r.name,
                r.status,
                r.restarts_text(now)
            ),
        },
    }));
    out
}

/// The findings tile: counts per severity and the score, then the first
/// critical findings, incidents (what is broken now) before posture. An incomplete report has no score and says what was
/// not read (or that it is still syncing), never a passing verdict.
fn findings_tile(r: &crate::findings::Report) -> Vec<TileLine> {
    let counts = format!("{} critical, {} warning, {} info", r.critical, r.warning, r.info);
    let level = if r.critical > 0 {
        Level::Crit
    } else if r.warning > 0 || !r.complete {
        Level::Warn
    } else {
        Level::Ok
    };
    let failed: Vec<&crate::findings::Unread> = r
        .unread
        .iter()
        .filter(|u| u.cause != crate::findings::Cause::Pending)
        .collect();
    let text = match (r.score, r.grade) {
        (Some(score), Some(grade)) if r.complete => format!("{counts} · score {score} ({grade})"),
        _ if !failed.is_empty() => format!(
            "incomplete: {} not read · {counts} · no score",
            crate::findings::completeness::kinds(failed.iter().copied())
        ),
        _ => format!(
            "syncing: {} of {} kinds not read yet · {counts} · no score",
            r.unread.len(),
            crate::cluster::store::Kind::judged_count()
        ),
    };
    let mut out = vec![TileLine { level, text }];
    let mut critical: Vec<&crate::findings::Finding> = r
        .findings
        .iter()
        .filter(|f| f.severity == crate::findings::Severity::Critical)
        .collect();
    critical.sort_by_key(|f| !crate::findings::incident::is_incident(f.id));
    out.extend(critical.into_iter().take(4).map(|f| TileLine {
        level: Level::Crit,
        text: format!("{}: {}", f.id, f.message),
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_findings_tile_names_incidents_before_posture() {
        let finding = |id: &'static str| crate::findings::Finding {
            id,
            severity: crate::findings::Severity::Critical,
            kind: "Pod".into(),
            namespace: Some("payments".into()),
            name: "x".into(),
            message: "m".into(),
            remediation: String::new(),
        };
        let r = crate::findings::Report {
            findings: vec![finding("etcd-backup-stale"), finding("pod-crashlooping")],
            checked: 2,
            clean: 0,
            score: Some(0),
            grade: Some('F'),
            complete: true,
            unread: vec![],
            critical: 2,
            warning: 0,
            info: 0,
            not_checked: vec![],
            not_applicable: vec![],
        };
        let lines = findings_tile(&r);
        assert!(lines[1].text.starts_with("pod-crashlooping"), "{lines:?}");
        assert!(lines[2].text.starts_with("etcd-backup-stale"), "{lines:?}");
    }

    #[test]
    fn grid_moves_stay_inside() {
        // 2 columns x 3 rows
        assert_eq!(move_focus(0, 6, 2, Direction::Right), 1);
        assert_eq!(move_focus(1, 6, 2, Direction::Right), 1);
        assert_eq!(move_focus(1, 6, 2, Direction::Down), 3);
        assert_eq!(move_focus(5, 6, 2, Direction::Down), 5);
        assert_eq!(move_focus(4, 6, 2, Direction::Up), 2);
        assert_eq!(move_focus(0, 6, 2, Direction::Up), 0);
        assert_eq!(move_focus(3, 6, 2, Direction::Left), 2);
        assert_eq!(move_focus(2, 6, 2, Direction::Left), 2);
        // 3 columns, and a single column
        assert_eq!(move_focus(2, 6, 3, Direction::Down), 5);
        assert_eq!(move_focus(3, 6, 1, Direction::Down), 4);
        assert_eq!(move_focus(3, 6, 0, Direction::Right), 3);
    }

    #[test]
    fn columns_follow_width() {
        assert_eq!(tile_columns(80), 2);
        assert_eq!(tile_columns(160), 3);
        assert_eq!(tile_columns(40), 1);
    }
}
