//! A simulated 3-member etcd for `kon --demo`: etcd's gRPC-gateway answers
//! (the same JSON a real etcd 3.4+ gives on its client port) under
//! `/etcd/{member}/v3/...` of the simulator's HTTPS port, so the live etcd
//! pane has members to show without a real etcd. The real-etcd tests
//! (tests/it/etcd_live.rs) are what prove the client.
//!
//! PLANTED (the demo story): control-plane-2's DB is at 85% of the default
//! 2 GiB quota (etcd-db-near-quota, warning). The knob is [`DEMO`].

use serde_json::{Value, json};

use crate::etcd::wire::{Alarm, AlarmList, Header, Member, MemberList, Status};

/// One simulated member.
#[derive(Debug, Clone, Copy)]
pub struct SimMember {
    pub name: &'static str,
    pub id: u64,
    pub db_size: u64,
    pub db_in_use: u64,
    pub applied: u64,
}

/// The simulated cluster: its members (the first leads) and active alarms.
#[derive(Debug, Clone, Copy)]
pub struct SimEtcd {
    pub members: &'static [SimMember],
    pub raft_index: u64,
    pub alarms: &'static [(u64, &'static str)],
}

const MIB: u64 = 1 << 20;

/// The demo's etcd.
pub const DEMO: SimEtcd = SimEtcd {
    members: &[
        SimMember {
            name: "control-plane-1",
            id: 0x8e9e05c52164694d,
            db_size: 412 * MIB,
            db_in_use: 380 * MIB,
            applied: 184_203,
        },
        SimMember {
            name: "control-plane-2",
            id: 0x91bc3c398fb3c146,
            db_size: 1741 * MIB,
            db_in_use: 1650 * MIB,
            applied: 184_201,
        },
        SimMember {
            name: "control-plane-3",
            id: 0xfd422379fda50e48,
            db_size: 415 * MIB,
            db_in_use: 381 * MIB,
            applied: 184_203,
        },
    ],
    raft_index: 184_203,
    alarms: &[],
};

/// The endpoint of `member` under the simulator at `base` (`https://127.0.0.1:PORT`).
pub fn endpoint(base: &str, member: &str) -> String {
    format!("{base}/etcd/{member}")
}

/// The answer to `path` (`/etcd/{member}/v3/...`), if it is one of etcd's.
pub fn answer(e: &SimEtcd, base: &str, path: &str) -> Option<(u16, Value)> {
    let rest = path.strip_prefix("/etcd/")?;
    let (name, call) = rest.split_once('/')?;
    let Some(m) = e.members.iter().find(|m| m.name == name) else {
        return Some((
            404,
            json!({"error": "no such member", "message": format!("no member {name}"), "code": 5}),
        ));
    };
    let leader = e.members.first().map_or(0, |l| l.id);
    let value = match call {
        "v3/maintenance/status" => serde_json::to_value(Status {
            header: Header { member_id: m.id },
            version: "3.5.15".into(),
            db_size: m.db_size,
            db_size_in_use: m.db_in_use,
            leader,
            raft_index: e.raft_index,
            raft_term: 7,
            raft_applied_index: m.applied,
            errors: vec![],
            is_learner: false,
        }),
        "v3/cluster/member/list" => serde_json::to_value(MemberList {
            members: e
                .members
                .iter()
                .map(|m| Member {
                    id: m.id,
                    name: m.name.into(),
                    client_urls: vec![endpoint(base, m.name)],
                    is_learner: false,
                })
                .collect(),
        }),
        "v3/maintenance/alarm" => serde_json::to_value(AlarmList {
            alarms: e
                .alarms
                .iter()
                .map(|(id, a)| Alarm {
                    member_id: *id,
                    alarm: (*a).into(),
                })
                .collect(),
        }),
        "v3/kv/range" => Ok(json!({"header": {"member_id": m.id.to_string()}})),
        _ => {
            return Some((
                404,
                json!({"error": "Not Found", "message": "Not Found", "code": 5}),
            ));
        }
    };
    Some(value.map_or_else(|e| (500, json!({"message": e.to_string()})), |v| (200, v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_answers_as_a_gateway_and_plants_the_db_near_its_quota() {
        let base = "https://127.0.0.1:1";
        let (code, v) = answer(&DEMO, base, "/etcd/control-plane-2/v3/maintenance/status").unwrap();
        assert_eq!(code, 200);
        let s: Status = serde_json::from_value(v).unwrap();
        assert_eq!(s.leader, DEMO.members[0].id);
        assert_eq!(s.db_size * 100 / crate::etcd::resolve::DEFAULT_QUOTA, 85);
        let (_, v) = answer(&DEMO, base, "/etcd/control-plane-1/v3/cluster/member/list").unwrap();
        let list: MemberList = serde_json::from_value(v).unwrap();
        assert_eq!(
            list.members[2].client_urls,
            vec![format!("{base}/etcd/control-plane-3")]
        );
        assert_eq!(answer(&DEMO, base, "/etcd/nobody/v3/kv/range").unwrap().0, 404);
        assert_eq!(answer(&DEMO, base, "/api/v1/pods"), None);
    }
}
