//! The live etcd model: one row per member (what `etcdctl endpoint
//! status/health` and `etcdctl alarm list` say), the quota it is judged
//! against, and the verdicts (`etcd_live_verdicts`), from the latest poll.
//! Pure: the poll comes in as an [`Observation`].

use crate::etcd::client::same;
use crate::etcd::resolve::{Quota, Resolution};
use crate::etcd::wire::Status;
use crate::etcd::{EndpointAnswer, Observation};

pub use super::etcd_live_verdicts::{EtcdVerdict, LAG_ENTRIES, verdicts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Leader,
    Follower,
    Learner,
    /// Not known: the member did not answer.
    Unknown,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Leader => "leader",
            Role::Follower => "follower",
            Role::Learner => "learner",
            Role::Unknown => "?",
        }
    }
}

/// Whether a member answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    /// Status and a linearizable read answered, without errors.
    Healthy,
    /// What failed.
    Unhealthy(String),
    /// No endpoint of this member was polled (no client URL): not judged.
    NotPolled,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberRow {
    /// The member's name, else its endpoint.
    pub name: String,
    pub id: Option<u64>,
    pub endpoint: Option<String>,
    pub version: Option<String>,
    pub role: Role,
    pub raft_term: Option<u64>,
    pub raft_index: Option<u64>,
    pub applied_index: Option<u64>,
    /// The leader's raft index minus this member's applied index.
    pub lag: Option<u64>,
    pub db_size: Option<u64>,
    pub db_in_use: Option<u64>,
    /// DB size over the quota.
    pub quota_share: Option<f64>,
    /// DB size minus in use.
    pub fragmented: Option<u64>,
    pub health_ms: Option<u64>,
    pub health: Health,
    /// The errors the member reports in its status.
    pub errors: Vec<String>,
    /// Its active alarms (`NOSPACE`, `CORRUPT`).
    pub alarms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Polled {
    /// By name, then endpoints no member matched.
    pub members: Vec<MemberRow>,
    /// The leader's ID as the members that answered say (`None`: none has one).
    pub leader: Option<u64>,
    /// Members that answered at all.
    pub answering: usize,
    /// Voting members (learners apart), from the member list.
    pub voting: Option<usize>,
    pub quota: Quota,
    /// Where the endpoints came from.
    pub source: String,
    /// Alarms of members kon cannot name (by hex ID).
    pub other_alarms: Vec<String>,
    /// Why nothing could be asked (unreadable credentials).
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EtcdLive {
    /// Not watched, and why (managed platform, no endpoints, unreadable manifest).
    NotWatched(String),
    /// Watched, no poll back yet.
    Waiting {
        endpoints: Vec<String>,
    },
    Polled(Polled),
}

/// The model of the latest poll of `resolution`'s target.
pub fn model(resolution: &Resolution, seen: Option<&Observation>, managed: Option<&str>) -> EtcdLive {
    let target = match resolution {
        Resolution::Watch(t) => t,
        Resolution::NotWatched(why) => {
            return EtcdLive::NotWatched(match managed {
                Some(p) => format!("n/a: {p} runs etcd; it is not the customer's to reach"),
                None => why.clone(),
            });
        }
    };
    let Some(obs) = seen else {
        return EtcdLive::Waiting {
            endpoints: target.endpoints.clone(),
        };
    };
    let statuses: Vec<&Status> = obs
        .answers
        .iter()
        .filter_map(|a| a.status.as_ref().ok())
        .collect();
    let leader = leader_of(&statuses);
    let leader_index = statuses
        .iter()
        .find(|s| Some(s.header.member_id) == leader)
        .map(|s| s.raft_index);
    let mut used = vec![false; obs.answers.len()];
    let mut rows = Vec::new();
    let members = obs.members();
    for m in members.unwrap_or_default() {
        let by_id = obs
            .answers
            .iter()
            .position(|a| a.status.as_ref().is_ok_and(|s| s.header.member_id == m.id));
        let by_url = || {
            obs.answers
                .iter()
                .position(|a| m.client_urls.iter().any(|u| same(u, &a.endpoint)))
        };
        let found = by_id.or_else(by_url);
        if let Some(i) = found {
            used[i] = true;
        }
        let name = if m.name.is_empty() {
            format!("{:x} (unstarted)", m.id)
        } else {
            m.name.clone()
        };
        let mut row = row(
            name,
            found.map(|i| &obs.answers[i]),
            target.quota,
            leader,
            leader_index,
        );
        row.id = Some(m.id);
        if m.is_learner {
            row.role = Role::Learner;
        }
        rows.push(row);
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    for (i, a) in obs.answers.iter().enumerate() {
        if !used[i] {
            rows.push(row(
                a.endpoint.clone(),
                Some(a),
                target.quota,
                leader,
                leader_index,
            ));
        }
    }
    let mut other_alarms = Vec::new();
    for alarm in obs.alarms().unwrap_or_default() {
        match rows.iter_mut().find(|r| r.id == Some(alarm.member_id)) {
            Some(r) => r.alarms.push(alarm.alarm.clone()),
            None => other_alarms.push(format!("{} on member {:x}", alarm.alarm, alarm.member_id)),
        }
    }
    EtcdLive::Polled(Polled {
        answering: rows
            .iter()
            .filter(|r| r.health == Health::Healthy || r.version.is_some())
            .count(),
        voting: members.map(|m| m.iter().filter(|m| !m.is_learner).count()),
        members: rows,
        leader,
        quota: target.quota,
        source: target.source.clone(),
        other_alarms,
        problem: obs.problem.clone(),
    })
}

/// The leader most answering members name (0 is none).
fn leader_of(statuses: &[&Status]) -> Option<u64> {
    let mut votes: Vec<(u64, usize)> = Vec::new();
    for s in statuses.iter().filter(|s| s.leader != 0) {
        match votes.iter_mut().find(|(id, _)| *id == s.leader) {
            Some((_, n)) => *n += 1,
            None => votes.push((s.leader, 1)),
        }
    }
    votes.into_iter().max_by_key(|(_, n)| *n).map(|(id, _)| id)
}

fn row(
    name: String,
    a: Option<&EndpointAnswer>,
    quota: Quota,
    leader: Option<u64>,
    leader_index: Option<u64>,
) -> MemberRow {
    let status = a.and_then(|a| a.status.as_ref().ok());
    let health = match a {
        None => Health::NotPolled,
        Some(a) => match (&a.status, &a.health) {
            (Err(e), _) | (Ok(_), Err(e)) => Health::Unhealthy(e.clone()),
            (Ok(s), Ok(_)) if !s.errors.is_empty() => Health::Unhealthy(s.errors.join("; ")),
            (Ok(_), Ok(_)) => Health::Healthy,
        },
    };
    let role = match status {
        None => Role::Unknown,
        Some(s) if s.is_learner => Role::Learner,
        Some(s) if Some(s.header.member_id) == leader => Role::Leader,
        Some(_) => Role::Follower,
    };
    MemberRow {
        name,
        id: status.map(|s| s.header.member_id),
        endpoint: a.map(|a| a.endpoint.clone()),
        version: status.map(|s| s.version.clone()),
        role,
        raft_term: status.map(|s| s.raft_term),
        raft_index: status.map(|s| s.raft_index),
        applied_index: status.map(|s| s.raft_applied_index),
        lag: status
            .zip(leader_index)
            .map(|(s, l)| l.saturating_sub(s.raft_applied_index)),
        db_size: status.map(|s| s.db_size),
        db_in_use: status.map(|s| s.db_size_in_use),
        quota_share: status.map(|s| s.db_size as f64 / quota.bytes.max(1) as f64),
        fragmented: status.map(|s| s.db_size.saturating_sub(s.db_size_in_use)),
        health_ms: a.and_then(|a| a.health.as_ref().ok().copied()),
        health,
        errors: status.map(|s| s.errors.clone()).unwrap_or_default(),
        alarms: Vec::new(),
    }
}

#[cfg(test)]
#[path = "etcd_live_tests.rs"]
mod tests;
