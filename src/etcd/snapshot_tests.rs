use super::*;

fn line(remaining: Option<u64>, blob: &[u8]) -> String {
    let b = base64::engine::general_purpose::STANDARD.encode(blob);
    match remaining {
        Some(r) => format!("{{\"result\":{{\"remaining_bytes\":\"{r}\",\"blob\":\"{b}\"}}}}\n"),
        None => format!("{{\"result\":{{\"blob\":\"{b}\"}}}}\n"),
    }
}

#[test]
fn names_are_timestamped_in_utc_and_safe_and_the_partial_one_is_hidden() {
    // 2026-12-06 08:19:52 UTC.
    let name = file_name("control-plane-2", 1_796_545_192);
    assert_eq!(name, "etcd-snapshot-control-plane-2-20261206T081952Z.db");
    assert_eq!(file_name("../a b", 0), "etcd-snapshot-_a_b-19700101T000000Z.db");
    assert_eq!(file_name("", 0), "etcd-snapshot-member-19700101T000000Z.db");
    let p = partial_name(&name);
    assert_eq!(p, ".etcd-snapshot-control-plane-2-20261206T081952Z.db.part");
    use crate::local::backup_dir::is_partial;
    assert!(is_partial(&p) && !is_partial(&name));
}

#[test]
fn the_stream_decodes_across_reads_and_progress_counts_the_bytes() {
    let db = vec![7u8; 3000];
    let text = format!(
        "{}{}{}",
        line(Some(1000), &db[..2000]),
        line(None, &db[2000..]),
        line(None, &[1u8; 32])
    );
    let bytes = text.as_bytes();
    let mut d = Decoder::default();
    let mut pieces = Vec::new();
    // Read in awkward slices: lines split anywhere.
    for chunk in bytes.chunks(37) {
        pieces.extend(d.feed(chunk).unwrap());
    }
    assert_eq!(d.finish().unwrap(), None);
    assert_eq!(pieces.len(), 3);
    let mut p = Progress {
        received: 0,
        total: Some(5000),
    };
    p.add(&pieces[0]);
    assert_eq!((p.received, p.total), (2000, Some(3000)));
    assert!((p.fraction().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    p.add(&pieces[1]);
    p.add(&pieces[2]);
    assert_eq!((p.received, p.total, p.fraction()), (3032, Some(3032), Some(1.0)));
    let all: Vec<u8> = pieces.iter().flat_map(|p| p.blob.clone()).collect();
    assert_eq!(&all[..3000], &db[..]);
    assert_eq!(Progress::default().fraction(), None);
}

#[test]
fn an_error_line_or_garbage_stops_the_snapshot_with_etcds_words() {
    let mut d = Decoder::default();
    let e = d
        .feed(b"{\"error\":{\"grpc_code\":14,\"message\":\"etcdserver: server stopped\"}}\n")
        .unwrap_err();
    assert_eq!(e, "etcd stopped the snapshot: etcdserver: server stopped");
    let mut d = Decoder::default();
    assert!(
        d.feed(b"<html>\n")
            .unwrap_err()
            .starts_with("not an etcd snapshot stream")
    );
    // A last line without its newline is still read.
    let mut d = Decoder::default();
    let last = line(None, b"abc");
    assert!(d.feed(last.trim_end().as_bytes()).unwrap().is_empty());
    assert_eq!(d.finish().unwrap().unwrap().blob, b"abc");
}
