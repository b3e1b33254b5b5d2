use super::*;

#[test]
fn status_reads_etcd_3_4_gateway_answer_with_int64_as_strings() {
    // Captured from etcd 3.4.23 (Debian bookworm).
    let body = r#"{"header":{"cluster_id":"15118495548433857066","member_id":"13668033151171901709","revision":"1","raft_term":"2"},"version":"3.4.23","dbSize":"20480","leader":"13668033151171901709","raftIndex":"4","raftTerm":"2","raftAppliedIndex":"4","dbSizeInUse":"16384"}"#;
    let s: Status = serde_json::from_str(body).unwrap();
    assert_eq!(s.header.member_id, 13668033151171901709);
    assert_eq!((s.db_size, s.db_size_in_use), (20480, 16384));
    assert_eq!(s.leader, s.header.member_id);
    assert_eq!((s.raft_index, s.raft_term, s.raft_applied_index), (4, 2, 4));
    assert!(!s.is_learner && s.errors.is_empty());
}

#[test]
fn member_list_and_alarms_read_ids_names_urls() {
    let body = r#"{"members":[{"ID":"13668033151171901709","name":"default","peerURLs":["http://127.0.0.1:23801"],"clientURLs":["http://127.0.0.1:23791"]},{"ID":"7","isLearner":true}]}"#;
    let m: MemberList = serde_json::from_str(body).unwrap();
    assert_eq!(m.members[0].name, "default");
    assert_eq!(m.members[0].client_urls, vec!["http://127.0.0.1:23791"]);
    assert!(m.members[1].is_learner && m.members[1].name.is_empty());
    let a: AlarmList =
        serde_json::from_str(r#"{"alarms":[{"memberID":"7","alarm":"NOSPACE"},{"memberID":"8","alarm":2}]}"#)
            .unwrap();
    assert_eq!(
        a.alarms[0],
        Alarm {
            member_id: 7,
            alarm: "NOSPACE".into()
        }
    );
    assert_eq!(a.alarms[1].alarm, "CORRUPT");
    // No alarm: the gateway leaves the list out.
    assert!(serde_json::from_str::<AlarmList>("{}").unwrap().alarms.is_empty());
}

#[test]
fn status_serializes_back_as_the_gateway_writes_it() {
    let s = Status {
        db_size: 5,
        leader: 9,
        ..Status::default()
    };
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["dbSize"], "5");
    assert_eq!(v["leader"], "9");
    assert_eq!(serde_json::from_value::<Status>(v).unwrap(), s);
}

#[test]
fn error_text_prefers_the_gateway_message() {
    let body = br#"{"error":"etcdserver: mvcc: database space exceeded","message":"etcdserver: mvcc: database space exceeded","code":8}"#;
    assert_eq!(error_text(429, body), "etcdserver: mvcc: database space exceeded");
    assert_eq!(error_text(502, b""), "HTTP 502");
    assert_eq!(
        error_text(404, b"404 page not found\n"),
        "HTTP 404: 404 page not found"
    );
}
