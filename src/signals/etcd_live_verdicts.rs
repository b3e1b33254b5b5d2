//! The live etcd verdicts, one per finding id of the catalog's etcd rules
//! (`findings/etcd_live.rs` turns them into findings, the pane shows them).
//!
//! Thresholds: the DB near its quota at 80% (warning) and 95% (critical);
//! fragmented when less than half of a DB over 1 GiB is in use; lagging
//! when a member's applied index is more than [`LAG_ENTRIES`] behind the
//! leader's raft index (etcd itself refuses requests past that gap).

use super::etcd_live::{EtcdLive, Health, Polled, Role};
use crate::signals::quotas::{bytes, percent};
use crate::signals::verdict::Level;

/// etcd's own limit between committed and applied entries
/// (`maxGapBetweenApplyAndCommitIndex`): past it a member refuses requests.
pub const LAG_ENTRIES: u64 = 5000;
const GIB: u64 = 1 << 30;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtcdVerdict {
    /// The finding id (`etcd-member-unhealthy`…).
    pub id: &'static str,
    pub level: Level,
    /// The member's name, or `cluster`.
    pub subject: String,
    pub message: String,
}

fn v(id: &'static str, level: Level, subject: &str, message: String) -> EtcdVerdict {
    EtcdVerdict {
        id,
        level,
        subject: subject.to_string(),
        message,
    }
}

/// Every verdict of the latest poll, worst first; none when not watched.
pub fn verdicts(m: &EtcdLive) -> Vec<EtcdVerdict> {
    let EtcdLive::Polled(p) = m else {
        return Vec::new();
    };
    let mut out = members(p);
    out.extend(cluster(p));
    out.sort_by_key(|x| std::cmp::Reverse(x.level));
    out
}

fn members(p: &Polled) -> Vec<EtcdVerdict> {
    let mut out = Vec::new();
    for r in &p.members {
        let n = r.name.as_str();
        if let Health::Unhealthy(why) = &r.health {
            out.push(v(
                "etcd-member-unhealthy",
                Level::Crit,
                n,
                format!("etcd member {n} is unhealthy: {why}"),
            ));
        }
        for a in &r.alarms {
            out.push(v("etcd-alarm-active", Level::Crit, n, alarm_text(a, n)));
        }
        if let (Some(size), Some(share)) = (r.db_size, r.quota_share) {
            let level = if share >= 0.95 {
                Some(Level::Crit)
            } else if share >= 0.80 {
                Some(Level::Warn)
            } else {
                None
            };
            if let Some(level) = level {
                out.push(v(
                    "etcd-db-near-quota",
                    level,
                    n,
                    format!(
                        "etcd member {n}: DB {} is {} of the {} quota ({}); at the quota etcd raises NOSPACE and takes only reads and deletes",
                        bytes(size as f64),
                        percent(share),
                        bytes(p.quota.bytes as f64),
                        p.quota.said()
                    ),
                ));
            }
        }
        if let (Some(size), Some(used)) = (r.db_size, r.db_in_use)
            && size > GIB
            && used.saturating_mul(2) < size
        {
            out.push(v(
                "etcd-fragmented",
                Level::Warn,
                n,
                format!(
                    "etcd member {n}: DB {} with {} in use ({} reclaimable by a defrag)",
                    bytes(size as f64),
                    bytes(used as f64),
                    bytes(size.saturating_sub(used) as f64)
                ),
            ));
        }
        if let Some(lag) = r.lag.filter(|l| *l > LAG_ENTRIES && r.role != Role::Leader) {
            out.push(v(
                "etcd-member-lagging",
                Level::Warn,
                n,
                format!("etcd member {n} has applied {lag} entries fewer than the leader's raft index (threshold {LAG_ENTRIES})"),
            ));
        }
    }
    out
}

/// What an alarm means for the user.
pub fn alarm_text(alarm: &str, member: &str) -> String {
    match alarm {
        "NOSPACE" => format!(
            "etcd alarm NOSPACE on {member}: the DB reached its quota; the cluster only takes reads and deletes until space is freed (compact, defrag) and the alarm disarmed"
        ),
        "CORRUPT" => format!(
            "etcd alarm CORRUPT on {member}: its data differs from the other members'; restore it from a snapshot"
        ),
        other => format!("etcd alarm {other} on {member}"),
    }
}

fn cluster(p: &Polled) -> Vec<EtcdVerdict> {
    let mut out = Vec::new();
    for a in &p.other_alarms {
        out.push(v(
            "etcd-alarm-active",
            Level::Crit,
            "cluster",
            format!("etcd alarm {a}"),
        ));
    }
    // Only members that answered can say there is no leader; none answering
    // is told by etcd-member-unhealthy, not guessed here.
    let answered = p.members.iter().filter(|r| r.role != Role::Unknown).count();
    if answered > 0 && p.leader.is_none() {
        out.push(v(
            "etcd-no-leader",
            Level::Crit,
            "cluster",
            format!("no etcd leader: {answered} answering member(s) report none; etcd takes no writes"),
        ));
    }
    if let Some(n) = p.voting {
        if n > 0 && n % 2 == 0 {
            out.push(v(
                "etcd-even-members",
                Level::Warn,
                "cluster",
                format!(
                    "{n} etcd members tolerate {} failure(s), as many as {} would: add or remove one",
                    (n - 1) / 2,
                    n - 1
                ),
            ));
        }
        if n > 0 && n < 3 {
            out.push(v(
                "etcd-not-ha",
                Level::Warn,
                "cluster",
                format!("{n} etcd member(s) (at least 3 needed): losing one stops the cluster's writes"),
            ));
        }
    }
    out
}
