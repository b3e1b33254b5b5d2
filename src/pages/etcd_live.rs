//! The live etcd section of the etcd pane: its verdicts, then one row per
//! member (role, version, DB size, in use, share of the quota, lag,
//! health latency) with its raft numbers, errors and alarms below.

use super::{PaneLine, cut, heading, level_scope};
use crate::signals::etcd_live::{EtcdLive, Health, MemberRow, Polled, verdicts};
use crate::signals::quotas::{bytes, percent};
use crate::signals::verdict::Level;

fn size(b: Option<u64>) -> String {
    b.map_or("—".into(), |b| bytes(b as f64))
}

fn member(r: &MemberRow) -> Vec<PaneLine> {
    let near = r.quota_share.is_some_and(|s| s >= 0.8);
    let level = match (&r.health, r.alarms.is_empty()) {
        (Health::Unhealthy(_), _) | (_, false) => Level::Crit,
        (Health::NotPolled, _) => Level::Warn,
        _ if near => Level::Warn,
        (Health::Healthy, true) => Level::Ok,
    };
    let (symbol, scope) = level_scope(level);
    let health = match (&r.health, r.health_ms) {
        (Health::Healthy, Some(ms)) => format!("{ms} ms"),
        (Health::Unhealthy(_), _) => "unhealthy".into(),
        (Health::NotPolled, _) => "not polled".into(),
        (Health::Healthy, None) => "ok".into(),
    };
    let mut out = vec![vec![
        (format!("  {symbol} {:<16} ", cut(&r.name, 16)), scope),
        (
            format!(
                "{:<9}{:<7}{:>8} {:>8} {:>5} {:>5} ",
                r.role.label(),
                cut(r.version.as_deref().unwrap_or("—"), 6),
                size(r.db_size),
                size(r.db_in_use),
                r.quota_share.map_or("—".into(), percent),
                r.lag.map_or("—".into(), |l| l.to_string()),
            ),
            "text",
        ),
        (health, scope),
    ]];
    if let (Some(id), Some(term), Some(index), Some(applied)) =
        (r.id, r.raft_term, r.raft_index, r.applied_index)
    {
        out.push(vec![(
            format!("      id {id:x} · term {term} · raft index {index} · applied {applied}"),
            "muted",
        )]);
    }
    if let Health::Unhealthy(why) = &r.health {
        out.push(vec![(format!("      {why}"), "crit")]);
    }
    for e in &r.errors {
        out.push(vec![(format!("      error: {e}"), "crit")]);
    }
    for a in &r.alarms {
        out.push(vec![(format!("      alarm {a}"), "crit")]);
    }
    out
}

fn polled(p: &Polled) -> Vec<PaneLine> {
    let mut out = vec![vec![(
        format!(
            "  from {} · quota {} ({})",
            p.source,
            bytes(p.quota.bytes as f64),
            p.quota.said()
        ),
        "muted",
    )]];
    if let Some(why) = &p.problem {
        out.push(vec![(format!("  ✖ {why}"), "crit")]);
    }
    out.push(vec![(
        format!(
            "    {:<16} {:<9}{:<7}{:>8} {:>8} {:>5} {:>5} {}",
            "MEMBER", "ROLE", "VERSION", "DB", "IN USE", "QUOTA", "LAG", "HEALTH"
        ),
        "muted",
    )]);
    out.extend(p.members.iter().flat_map(member));
    for a in &p.other_alarms {
        out.push(vec![(format!("  ✖ alarm {a}"), "crit")]);
    }
    out
}

/// The section's lines (a heading first).
pub fn lines(m: &EtcdLive) -> Vec<PaneLine> {
    let mut out = vec![heading("etcd members")];
    for v in verdicts(m) {
        let (symbol, scope) = level_scope(v.level);
        out.push(vec![(format!("{symbol} "), scope), (v.message, scope)]);
    }
    match m {
        EtcdLive::NotWatched(why) => out.push(vec![(format!("  not watched: {why}"), "muted")]),
        EtcdLive::Waiting { endpoints } => {
            out.push(vec![(format!("  … asking {}", endpoints.join(", ")), "muted")])
        }
        EtcdLive::Polled(p) => out.extend(polled(p)),
    }
    out
}

/// The tile's line when nothing is wrong: `etcd: 3 members healthy, leader m1, DB 1% of quota`.
pub fn summary(m: &EtcdLive) -> Option<String> {
    let EtcdLive::Polled(p) = m else {
        return None;
    };
    let leader = p
        .members
        .iter()
        .find(|r| r.id.is_some() && r.id == p.leader)
        .map_or("none".to_string(), |r| r.name.clone());
    let top = p.members.iter().filter_map(|r| r.quota_share).fold(0.0, f64::max);
    Some(format!(
        "etcd: {} members healthy, leader {leader}, DB {} of quota",
        p.members.len(),
        percent(top)
    ))
}
