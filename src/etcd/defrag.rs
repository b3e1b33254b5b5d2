//! The guided defrag, pure: the plan (followers and learners first by name,
//! the leader last) and a step function the I/O (`defrag_io`) drives. Before
//! each member every member of the plan must answer (status and a
//! linearizable read) and no CORRUPT alarm may be active; a NOSPACE alarm
//! only where the user was told of it when confirming (defrag frees space,
//! but the alarm stays until disarmed). A pause between members; the DB
//! size before and after each; a stop at the first failure.

use std::time::Duration;

/// A member to defragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub id: u64,
    pub endpoint: String,
    pub leader: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// In the order they are defragmented.
    pub order: Vec<Member>,
    pub pause: Duration,
    /// Members with a NOSPACE alarm when the plan was made (the
    /// confirmation says the alarm must be disarmed after).
    pub nospace: Vec<String>,
}

/// The plan for `members`, or why there is none. `alarms` are the active
/// alarms by member ID (`NOSPACE`, `CORRUPT`).
pub fn plan(members: &[Member], alarms: &[(u64, String)], pause: Duration) -> Result<Plan, String> {
    if members.is_empty() {
        return Err("no etcd member to defragment".into());
    }
    if let Some(m) = members.iter().find(|m| m.endpoint.is_empty()) {
        return Err(format!("etcd member {}: no client URL to reach it", m.name));
    }
    if members.iter().filter(|m| m.leader).count() != 1 {
        return Err("etcd has no leader: defragment only a cluster with one".into());
    }
    let name_of = |id: u64| members.iter().find(|m| m.id == id).map(|m| m.name.clone());
    if let Some((id, _)) = alarms.iter().find(|(_, a)| a == "CORRUPT") {
        let who = name_of(*id).unwrap_or_else(|| format!("{id:x}"));
        return Err(format!(
            "etcd member {who} has a CORRUPT alarm: no defrag on a corrupted cluster"
        ));
    }
    let mut order = members.to_vec();
    order.sort_by(|a, b| (a.leader, &a.name).cmp(&(b.leader, &b.name)));
    let mut nospace: Vec<String> = alarms
        .iter()
        .filter(|(_, a)| a == "NOSPACE")
        .filter_map(|(id, _)| name_of(*id))
        .collect();
    nospace.sort();
    nospace.dedup();
    Ok(Plan {
        order,
        pause,
        nospace,
    })
}

impl Plan {
    /// What the confirmation says beyond the order, one line each.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = vec![format!(
            "each member blocks reads and writes while it is defragmented; {}s between members",
            self.pause.as_secs()
        )];
        if !self.nospace.is_empty() {
            out.push(format!(
                "NOSPACE alarm on {}: the defrag frees space but the alarm stays (the cluster keeps refusing writes) until disarmed; kon offers to disarm it after, as a separate confirmed action",
                self.nospace.join(", ")
            ));
        }
        out
    }
}

/// One member as a poll saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub endpoint: String,
    /// Status and a linearizable read answered, or what failed.
    pub answer: Result<(), String>,
    pub db_size: Option<u64>,
    /// Alarms raised on this member.
    pub alarms: Vec<String>,
}

/// What the I/O does next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Poll every member of the plan.
    Check,
    /// Defragment the plan's member at this index.
    Defrag(usize),
    Pause(Duration),
    /// Every member done.
    Done,
    /// Stopped, and why.
    Stop(String),
}

/// What happened to one member.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Done {
    pub name: String,
    pub before: Option<u64>,
    pub after: Option<u64>,
}

/// A run of the plan: where it is, what was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub plan: Plan,
    /// The member next (or being) defragmented.
    pub at: usize,
    pub done: Vec<Done>,
    pub next: Next,
}

impl Run {
    pub fn new(plan: Plan) -> Self {
        Run {
            plan,
            at: 0,
            done: Vec::new(),
            next: Next::Check,
        }
    }

    fn stop(&mut self, why: String) -> Next {
        let name = self.plan.order.get(self.at).map_or("", |m| m.name.as_str());
        self.next = Next::Stop(format!("stopped before {name}: {why}"));
        self.next.clone()
    }

    /// After a poll: defragment the next member if all are well.
    pub fn checked(&mut self, seen: &[Seen]) -> Next {
        let Some(member) = self.plan.order.get(self.at).cloned() else {
            self.next = Next::Done;
            return Next::Done;
        };
        for m in &self.plan.order {
            let s = seen.iter().find(|s| s.endpoint == m.endpoint);
            match s.map(|s| &s.answer) {
                None => return self.stop(format!("{} was not polled", m.name)),
                Some(Err(e)) => return self.stop(format!("{} is not healthy: {e}", m.name)),
                Some(Ok(())) => {}
            }
            let alarms = s.map(|s| s.alarms.as_slice()).unwrap_or_default();
            if alarms.iter().any(|a| a == "CORRUPT") {
                return self.stop(format!("{} has a CORRUPT alarm", m.name));
            }
            if alarms.iter().any(|a| a == "NOSPACE") && !self.plan.nospace.contains(&m.name) {
                return self.stop(format!(
                    "{} raised a NOSPACE alarm after the confirmation",
                    m.name
                ));
            }
        }
        let before = seen
            .iter()
            .find(|s| s.endpoint == member.endpoint)
            .and_then(|s| s.db_size);
        self.done.push(Done {
            name: member.name,
            before,
            after: None,
        });
        self.next = Next::Defrag(self.at);
        self.next.clone()
    }

    /// After the defragment request of the current member, and its DB size then.
    pub fn defragged(&mut self, result: Result<(), String>, after: Option<u64>) -> Next {
        if let Err(e) = result {
            let name = self.plan.order.get(self.at).map_or("", |m| m.name.as_str());
            self.next = Next::Stop(format!("defragmenting {name} failed: {e}"));
            return self.next.clone();
        }
        if let Some(d) = self.done.last_mut() {
            d.after = after;
        }
        self.at += 1;
        self.next = if self.at >= self.plan.order.len() {
            Next::Done
        } else {
            Next::Pause(self.plan.pause)
        };
        self.next.clone()
    }

    /// After the pause: check again.
    pub fn paused(&mut self) -> Next {
        self.next = Next::Check;
        Next::Check
    }

    /// Whether the run is over (done or stopped).
    pub fn over(&self) -> bool {
        matches!(self.next, Next::Done | Next::Stop(_))
    }
}

/// The members and alarms of a poll, for [`plan`]: each member with its
/// first client URL, the leader as the members that answered name it.
pub fn members_of(obs: &super::Observation) -> (Vec<Member>, Vec<(u64, String)>) {
    let leader = obs
        .answers
        .iter()
        .filter_map(|a| a.status.as_ref().ok())
        .map(|s| s.leader)
        .find(|l| *l != 0);
    let members = obs
        .members()
        .unwrap_or_default()
        .iter()
        .map(|m| Member {
            name: if m.name.is_empty() {
                format!("{:x}", m.id)
            } else {
                m.name.clone()
            },
            id: m.id,
            endpoint: m.client_urls.first().cloned().unwrap_or_default(),
            leader: Some(m.id) == leader,
        })
        .collect();
    let alarms = obs
        .alarms()
        .unwrap_or_default()
        .iter()
        .map(|a| (a.member_id, a.alarm.clone()))
        .collect();
    (members, alarms)
}

/// What a poll says of each endpoint, for [`Run::checked`].
pub fn seen_of(obs: &super::Observation) -> Vec<Seen> {
    let alarms = obs.alarms().unwrap_or_default();
    obs.answers
        .iter()
        .map(|a| {
            let id = a.status.as_ref().ok().map(|s| s.header.member_id);
            Seen {
                endpoint: a.endpoint.clone(),
                answer: match (&a.status, &a.health) {
                    (Err(e), _) | (_, Err(e)) => Err(e.clone()),
                    _ => Ok(()),
                },
                db_size: a.status.as_ref().ok().map(|s| s.db_size),
                alarms: alarms
                    .iter()
                    .filter(|al| Some(al.member_id) == id)
                    .map(|al| al.alarm.clone())
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "defrag_tests.rs"]
mod tests;
