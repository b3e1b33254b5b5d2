use super::*;
use crate::etcd::snapshot::Decoder;
use crate::etcd::wire::{AlarmList, MemberList, Status};

const BASE: &str = "https://127.0.0.1:1";

fn ask<T: serde::de::DeserializeOwned>(e: &mut SimEtcd, path: &str, body: &str) -> T {
    let (code, bytes) = answer(e, BASE, path, body.as_bytes()).unwrap();
    assert_eq!(code, 200, "{}", String::from_utf8_lossy(&bytes));
    serde_json::from_slice(&bytes).unwrap()
}

fn status(e: &mut SimEtcd, m: &str) -> Status {
    ask(e, &format!("/etcd/{m}/v3/maintenance/status"), "{}")
}

#[test]
fn the_demo_answers_as_a_gateway_and_plants_a_nospace_alarm_on_the_member_at_its_quota() {
    let mut e = demo();
    let s = status(&mut e, "control-plane-2");
    assert_eq!(s.leader, e.members[0].id);
    // The DB reached the default quota, which is what raises NOSPACE.
    assert_eq!(s.db_size, crate::etcd::resolve::DEFAULT_QUOTA);
    let alarms: AlarmList = ask(
        &mut e,
        "/etcd/control-plane-1/v3/maintenance/alarm",
        r#"{"action":"GET"}"#,
    );
    assert_eq!(alarms.alarms.len(), 1);
    assert_eq!(
        (alarms.alarms[0].member_id, alarms.alarms[0].alarm.as_str()),
        (s.header.member_id, "NOSPACE")
    );
    // Writes are refused while it is active, as etcd refuses them.
    let (code, body) = answer(&mut e, BASE, "/etcd/control-plane-1/v3/kv/put", b"{}").unwrap();
    assert_eq!(code, 429);
    assert!(String::from_utf8_lossy(&body).contains("database space exceeded"));
    let list: MemberList = ask(&mut e, "/etcd/control-plane-1/v3/cluster/member/list", "{}");
    assert_eq!(
        list.members[2].client_urls,
        vec![format!("{BASE}/etcd/control-plane-3")]
    );
    assert_eq!(
        answer(&mut e, BASE, "/etcd/nobody/v3/kv/range", b"{}").unwrap().0,
        404
    );
    assert_eq!(
        answer(&mut e, BASE, "/etcd/control-plane-1/v3/nope", b"{}")
            .unwrap()
            .0,
        404
    );
    assert_eq!(answer(&mut e, BASE, "/api/v1/pods", b""), None);
}

#[test]
fn a_defrag_shrinks_one_member_to_its_size_in_use_and_a_disarm_lifts_only_the_named_alarm() {
    let mut e = demo();
    let before = status(&mut e, "control-plane-1");
    let _: serde_json::Value = ask(&mut e, "/etcd/control-plane-2/v3/maintenance/defragment", "{}");
    let after = status(&mut e, "control-plane-2");
    assert_eq!((after.db_size, after.db_size_in_use), (1650 * MIB, 1650 * MIB));
    assert_eq!(status(&mut e, "control-plane-1"), before);
    // The defrag frees space; the alarm stays until disarmed.
    assert_eq!(e.alarms.len(), 1);
    let id = after.header.member_id.to_string();
    let wrong = format!(r#"{{"action":"DEACTIVATE","memberID":"{id}","alarm":"CORRUPT"}}"#);
    let none: AlarmList = ask(&mut e, "/etcd/control-plane-1/v3/maintenance/alarm", &wrong);
    assert!(none.alarms.is_empty());
    assert_eq!(e.alarms.len(), 1);
    let right = format!(r#"{{"action":"DEACTIVATE","memberID":"{id}","alarm":"NOSPACE"}}"#);
    let gone: AlarmList = ask(&mut e, "/etcd/control-plane-1/v3/maintenance/alarm", &right);
    assert_eq!(gone.alarms.len(), 1);
    assert!(e.alarms.is_empty());
    assert_eq!(
        answer(&mut e, BASE, "/etcd/control-plane-1/v3/kv/put", b"{}")
            .unwrap()
            .0,
        200
    );
    let bad = answer(
        &mut e,
        BASE,
        "/etcd/control-plane-1/v3/maintenance/alarm",
        br#"{"action":"ACTIVATE"}"#,
    );
    assert_eq!(bad.unwrap().0, 400);
}

#[test]
fn the_snapshot_streams_in_pieces_a_file_kons_integrity_check_accepts() {
    let mut e = demo();
    let (code, stream) = answer(
        &mut e,
        BASE,
        "/etcd/control-plane-3/v3/maintenance/snapshot",
        b"{}",
    )
    .unwrap();
    assert_eq!(code, 200);
    let mut d = Decoder::default();
    let mut pieces = d.feed(&stream).unwrap();
    pieces.extend(d.finish().unwrap());
    assert!(pieces.len() > 2, "{}", pieces.len());
    assert_eq!(pieces.last().map(|p| p.remaining), Some(0));
    assert_eq!(
        pieces[0].remaining as usize,
        snapshot_file(&e).len() - pieces[0].blob.len()
    );
    let file: Vec<u8> = pieces.into_iter().flat_map(|p| p.blob).collect();
    assert_eq!(file, snapshot_file(&e));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    std::fs::write(&path, &file).unwrap();
    assert_eq!(
        crate::local::snapshot_check::check(&path),
        crate::local::snapshot_check::Integrity::Valid
    );
}
