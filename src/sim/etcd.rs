//! A simulated 3-member etcd for `kon --demo`: etcd's gRPC-gateway answers
//! (the same JSON a real etcd 3.4+ gives on its client port) under
//! `/etcd/{member}/v3/...` of the simulator's HTTPS port, so the live etcd
//! pane has members to show, and its two actions something to act on,
//! without a real etcd. The real-etcd tests (tests/it/etcd_live.rs,
//! tests/it/etcd_ops.rs) are what prove the client.
//!
//! PLANTED (the demo story): control-plane-2's DB reached the default 2 GiB
//! quota (398 MiB of it free pages, never defragmented), so it raised
//! etcd's NOSPACE alarm and the whole cluster takes only reads and deletes
//! (etcd-alarm-active and etcd-db-near-quota, critical). A defrag brings it
//! down to its 1650 MiB in use (80%: still a warning); the alarm stays until
//! disarmed. The knob is [`demo`].
//!
//! Served: status, member list, a linearizable range, alarm GET and
//! DEACTIVATE, defragment (the DB shrinks to its size in use), a put (refused
//! under NOSPACE, as etcd refuses it), and a snapshot stream: a small
//! database of whole 512-byte sectors followed by its SHA-256, as etcd
//! appends it, so the saved file passes kon's integrity check (it is not a
//! bbolt file: `etcdutl snapshot status` would refuse it).

use base64::Engine as _;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::etcd::wire::{Alarm, AlarmList, Header, Member, MemberList, Status};

/// One simulated member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimMember {
    pub name: &'static str,
    pub id: u64,
    pub db_size: u64,
    pub db_in_use: u64,
    pub applied: u64,
}

/// The simulated cluster: its members (the first leads) and active alarms
/// (member ID, `NOSPACE` or `CORRUPT`). Defrag and disarm change it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimEtcd {
    pub members: Vec<SimMember>,
    pub raft_index: u64,
    pub alarms: Vec<(u64, String)>,
}

const MIB: u64 = 1 << 20;
/// The simulated snapshot's database: 32 sectors.
const SNAPSHOT_DB: usize = 32 * 512;
/// The stream's pieces, as etcd sends its snapshot in chunks.
const PIECE: usize = 4096;

/// The demo's etcd.
pub fn demo() -> SimEtcd {
    let cp2 = 0x91bc3c398fb3c146;
    SimEtcd {
        members: vec![
            SimMember {
                name: "control-plane-1",
                id: 0x8e9e05c52164694d,
                db_size: 412 * MIB,
                db_in_use: 380 * MIB,
                applied: 184_203,
            },
            SimMember {
                name: "control-plane-2",
                id: cp2,
                db_size: 2048 * MIB,
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
        alarms: vec![(cp2, "NOSPACE".into())],
    }
}

/// The endpoint of `member` under the simulator at `base` (`https://127.0.0.1:PORT`).
pub fn endpoint(base: &str, member: &str) -> String {
    format!("{base}/etcd/{member}")
}

fn gateway_error(code: u16, grpc: u8, message: &str) -> (u16, Value) {
    (code, json!({"error": message, "message": message, "code": grpc}))
}

/// The answer to `path` (`/etcd/{member}/v3/...`) with request `body`, if
/// it is one of etcd's: the status code and the body (JSON; for the
/// snapshot, one JSON object a line).
pub fn answer(e: &mut SimEtcd, base: &str, path: &str, body: &[u8]) -> Option<(u16, Vec<u8>)> {
    let rest = path.strip_prefix("/etcd/")?;
    let (name, call) = rest.split_once('/')?;
    let (code, value) = match e.members.iter().position(|m| m.name == name) {
        None => gateway_error(404, 5, &format!("no member {name}")),
        Some(_) if call == "v3/maintenance/snapshot" => return Some((200, snapshot_stream(e))),
        Some(i) => member_answer(e, i, base, call, body),
    };
    Some((code, serde_json::to_vec(&value).unwrap_or_default()))
}

fn member_answer(e: &mut SimEtcd, i: usize, base: &str, call: &str, body: &[u8]) -> (u16, Value) {
    let leader = e.members.first().map_or(0, |l| l.id);
    let m = e.members[i];
    let header = json!({"header": {"member_id": m.id.to_string()}});
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
        "v3/maintenance/alarm" => return alarm(e, body),
        "v3/maintenance/defragment" => {
            let m = &mut e.members[i];
            m.db_size = m.db_in_use;
            Ok(header)
        }
        "v3/kv/range" => Ok(header),
        "v3/kv/put" if e.alarms.iter().any(|(_, a)| a == "NOSPACE") => {
            return gateway_error(429, 8, "etcdserver: mvcc: database space exceeded");
        }
        "v3/kv/put" => Ok(header),
        _ => return gateway_error(404, 5, "Not Found"),
    };
    value.map_or_else(|e| (500, json!({"message": e.to_string()})), |v| (200, v))
}

/// `/v3/maintenance/alarm`: GET lists the active alarms; DEACTIVATE
/// removes the named one and answers with it.
fn alarm(e: &mut SimEtcd, body: &[u8]) -> (u16, Value) {
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let text = |k: &str| match &request[k] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let listed = |alarms: &[(u64, String)]| {
        serde_json::to_value(AlarmList {
            alarms: alarms
                .iter()
                .map(|(id, a)| Alarm {
                    member_id: *id,
                    alarm: a.clone(),
                })
                .collect(),
        })
        .unwrap_or_default()
    };
    match text("action").as_str() {
        "" | "GET" | "0" => (200, listed(&e.alarms)),
        "DEACTIVATE" | "2" => {
            let id: u64 = text("memberID").parse().unwrap_or(0);
            let name = text("alarm");
            let (gone, kept) = std::mem::take(&mut e.alarms)
                .into_iter()
                .partition(|(m, a)| *m == id && *a == name);
            e.alarms = kept;
            let gone: Vec<(u64, String)> = gone;
            (200, listed(&gone))
        }
        other => gateway_error(400, 3, &format!("unsupported alarm action {other:?}")),
    }
}

/// The simulated snapshot: the database (whole sectors, saying what it is),
/// then its SHA-256, as etcd appends it.
pub fn snapshot_file(e: &SimEtcd) -> Vec<u8> {
    let mut db = format!(
        "kon demo: a simulated etcd snapshot ({} members, raft index {})\n",
        e.members.len(),
        e.raft_index
    )
    .into_bytes();
    db.resize(SNAPSHOT_DB, 0);
    let hash = Sha256::digest(&db);
    db.extend_from_slice(&hash);
    db
}

/// The gateway's snapshot stream: one `{"result":{...}}` a line, each with
/// a piece and the bytes still to come.
fn snapshot_stream(e: &SimEtcd) -> Vec<u8> {
    let file = snapshot_file(e);
    let mut out = Vec::new();
    let mut sent = 0;
    for piece in file.chunks(PIECE) {
        sent += piece.len();
        let line = json!({"result": {
            "header": {"member_id": e.members.first().map_or(0, |m| m.id).to_string()},
            "remaining_bytes": (file.len() - sent).to_string(),
            "blob": base64::engine::general_purpose::STANDARD.encode(piece),
        }});
        out.extend_from_slice(line.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
#[path = "etcd_tests.rs"]
mod tests;
