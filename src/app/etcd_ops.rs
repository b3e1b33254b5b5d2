//! The etcd pane's two actions (and the disarming of an alarm) from the
//! console: each confirmed by typing a member's name (`app::ask`), refused
//! in read-only mode, run by `tui/etcd_ops.rs`; their progress (bytes of a
//! snapshot, members of a defrag) kept here for `ui/etcd_ops.rs`.

use std::time::Duration;

use crate::actions::Request;
use crate::actions::etcd::{EtcdChange, EtcdOp};
use crate::etcd::defrag::{self, Next, Run};
use crate::etcd::resolve::Resolution;
use crate::etcd::snapshot::Progress;
use crate::signals::etcd_live::{EtcdLive, Health, MemberRow, Role};
use crate::signals::quotas::bytes;

use super::ask::Ask;
use super::{About, AppState, NoticeLevel, Updated};

/// How a running (or the last) etcd action is getting on.
#[derive(Debug, Clone, PartialEq)]
pub enum EtcdProgress {
    Snapshot { member: String, progress: Progress },
    Defrag(Run),
}

/// The member a snapshot is taken from when none is named: a healthy
/// follower (the first by name), else the leader; never an unhealthy one.
pub fn snapshot_member<'a>(members: &'a [MemberRow], named: Option<&str>) -> Result<&'a MemberRow, String> {
    let usable = |m: &&MemberRow| m.health == Health::Healthy && m.endpoint.is_some();
    if let Some(name) = named {
        let m = members
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| format!("etcd snapshot: no member {name}"))?;
        return match &m.health {
            Health::Healthy if m.endpoint.is_some() => Ok(m),
            Health::Unhealthy(why) => Err(format!("etcd snapshot: member {name} is not healthy: {why}")),
            _ => Err(format!("etcd snapshot: member {name} was not polled")),
        };
    }
    members
        .iter()
        .filter(usable)
        .find(|m| m.role == Role::Follower)
        .or_else(|| members.iter().filter(usable).find(|m| m.role == Role::Leader))
        .ok_or_else(|| "etcd snapshot: no healthy member to take it from".to_string())
}

/// One progress line: `[██████░░░░] 62%  1.1 GiB of 1.7 GiB`.
pub fn bar(p: &Progress, width: usize) -> String {
    let of = p
        .total
        .map(|t| format!(" of {}", bytes(t as f64)))
        .unwrap_or_default();
    match p.fraction() {
        Some(f) => {
            let full = ((f * width as f64).round() as usize).min(width);
            format!(
                "[{}{}] {:>3}%  {}{of}",
                "█".repeat(full),
                "░".repeat(width - full),
                (f * 100.0).floor(),
                bytes(p.received as f64)
            )
        }
        None => format!("{} received", bytes(p.received as f64)),
    }
}

/// What a defrag run has done, one line per member, and where it is.
pub fn defrag_lines(run: &Run) -> Vec<String> {
    let size = |b: Option<u64>| b.map_or_else(|| "?".into(), |b| bytes(b as f64));
    let mut out: Vec<String> = run
        .done
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let state = if i < run.at {
                "defragmented"
            } else {
                "defragmenting"
            };
            match (i < run.at, d.before) {
                (true, _) => format!("{}: {state}, {} → {}", d.name, size(d.before), size(d.after)),
                (false, _) => format!("{}: {state} ({})…", d.name, size(d.before)),
            }
        })
        .collect();
    let next_name = run.plan.order.get(run.at).map_or("", |m| m.name.as_str());
    match &run.next {
        Next::Check => out.push(format!("checking every member is healthy before {next_name}…")),
        Next::Pause(d) => out.push(format!("pausing {}s before {next_name}", d.as_secs())),
        Next::Defrag(_) => {}
        Next::Done => out.push("done: every member defragmented".into()),
        Next::Stop(why) => out.push(why.clone()),
    }
    if run.over() && !run.plan.nospace.is_empty() {
        out.push(format!(
            "the NOSPACE alarm of {} stays until disarmed: :disarm (typed confirmation)",
            run.plan.nospace.join(", ")
        ));
    }
    out
}

impl AppState {
    fn etcd_refusal(&mut self, text: String) -> Updated {
        self.set_notice(NoticeLevel::Error, About::Command, text);
        Updated::changed()
    }

    fn etcd_members(&self) -> Result<(&[MemberRow], crate::etcd::resolve::TlsFiles), String> {
        let target = match &self.live.local.etcd {
            Some(Resolution::Watch(t)) => t,
            Some(Resolution::NotWatched(why)) => return Err(format!("etcd is not watched: {why}")),
            None => return Err("etcd is not watched".into()),
        };
        match self.live.panes.etcd.as_deref() {
            Some(EtcdLive::Polled(p)) => Ok((&p.members, target.tls.clone())),
            _ => Err("etcd: no poll of its members yet; try again in a moment".into()),
        }
    }

    /// `s` in the etcd pane, `:snapshot [MEMBER]`: asks to stream a
    /// snapshot into the backup directory.
    pub fn etcd_snapshot(&mut self, named: Option<&str>) -> Updated {
        let local = &self.live.local;
        let Some(dir) = local
            .backup_dir_path
            .clone()
            .or_else(|| local.snapshot_dir.clone())
        else {
            return self.etcd_refusal(
                "etcd snapshot: no backup directory to write it to: give --backup-dir or [backups] dir in config.toml"
                    .into(),
            );
        };
        let (members, tls) = match self.etcd_members() {
            Ok(m) => m,
            Err(e) => return self.etcd_refusal(e),
        };
        let m = match snapshot_member(members, named) {
            Ok(m) => m.clone(),
            Err(e) => return self.etcd_refusal(e),
        };
        let op = EtcdOp {
            change: EtcdChange::Snapshot {
                member: m.name.clone(),
                endpoint: m.endpoint.clone().unwrap_or_default(),
                dir: dir.clone(),
                expected: m.db_size,
            },
            tls,
        };
        let size = m.db_size.map_or_else(|| "?".into(), |b| bytes(b as f64));
        let lines = vec![
            format!(
                "stream a snapshot of member {} ({}, DB {size})",
                m.name,
                m.role.label()
            ),
            format!(
                "into {} (a timestamped file; SHA-256, fsync, renamed when whole)",
                dir.display()
            ),
            "another member: :snapshot NAME".into(),
        ];
        let token = op.confirm_token();
        self.ask(Ask::new(Request::Etcd(op), lines).typing(token))
    }

    /// `D` in the etcd pane, `:defrag`: asks to defragment every member,
    /// followers first, the leader last.
    pub fn etcd_defrag(&mut self) -> Updated {
        let tls = match self.etcd_members() {
            Ok((_, tls)) => tls,
            Err(e) => return self.etcd_refusal(e),
        };
        let Some(seen) = &self.live.local.etcd_seen else {
            return self.etcd_refusal("etcd: no poll of its members yet".into());
        };
        let (members, alarms) = defrag::members_of(seen);
        let pause = Duration::from_secs(self.live.local.etcd_defrag_pause_secs);
        let plan = match defrag::plan(&members, &alarms, pause) {
            Ok(p) => p,
            Err(e) => return self.etcd_refusal(format!("etcd defrag: {e}")),
        };
        let mut lines: Vec<String> = plan
            .order
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let role = if m.leader { "leader" } else { "follower" };
                format!("{}. defragment {} ({role})", i + 1, m.name)
            })
            .collect();
        lines.push("before each: every member healthy, else stop; the DB size before and after".into());
        let warnings = plan.warnings();
        lines.extend(warnings.iter().take(1).cloned());
        let risk = warnings.get(1).cloned();
        let op = EtcdOp {
            change: EtcdChange::Defrag(plan),
            tls,
        };
        let token = op.confirm_token();
        let mut ask = Ask::new(Request::Etcd(op), lines).typing(token);
        if let Some(r) = risk {
            ask = ask.with_risk(r);
        }
        self.ask(ask)
    }

    /// `:disarm`: asks to disarm the active NOSPACE alarms, one member each.
    pub fn etcd_disarm(&mut self) -> Updated {
        let tls = match self.etcd_members() {
            Ok((_, tls)) => tls,
            Err(e) => return self.etcd_refusal(e),
        };
        let Some(seen) = &self.live.local.etcd_seen else {
            return self.etcd_refusal("etcd: no poll of its members yet".into());
        };
        let (members, alarms) = defrag::members_of(seen);
        let Some((id, alarm)) = alarms.iter().find(|(_, a)| a == "NOSPACE").cloned() else {
            return self.etcd_refusal("etcd: no NOSPACE alarm to disarm".into());
        };
        let Some(m) = members.iter().find(|m| m.id == id) else {
            return self.etcd_refusal(format!(
                "etcd: the NOSPACE alarm's member {id:x} is not in the member list"
            ));
        };
        let Some(via) = members.iter().find(|m| !m.endpoint.is_empty()) else {
            return self.etcd_refusal("etcd: no member to reach".into());
        };
        let op = EtcdOp {
            change: EtcdChange::Disarm {
                member: m.name.clone(),
                member_id: id,
                endpoint: via.endpoint.clone(),
                alarm: alarm.clone(),
            },
            tls,
        };
        let lines = vec![
            format!("disarm the {alarm} alarm of member {}", m.name),
            "etcd takes writes again; if the DB is still near its quota the alarm comes back".into(),
        ];
        let token = op.confirm_token();
        self.ask(Ask::new(Request::Etcd(op), lines).typing(token))
    }

    pub(super) fn on_etcd_progress(&mut self, p: EtcdProgress) -> Updated {
        if self.features.etcd_op.as_ref() == Some(&p) {
            return Updated::default();
        }
        self.features.etcd_op = Some(p);
        Updated::changed()
    }
}
