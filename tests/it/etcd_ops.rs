//! etcd's two actions against a real etcd (test_support::etcd): snapshot
//! now into a backup directory, and the guided defrag.

use std::process::Command;

use kon::etcd::client::{REQUEST_TIMEOUT, Tls, post};
use kon::etcd::snapshot::Progress;
use kon::etcd::snapshot_io::{Destination, IDLE, save};
use kon::local::backup_dir::{Checked, scan_checked};
use kon::local::snapshot_check::{Integrity, check};
use sha2::{Digest, Sha256};

use super::test_support::etcd::{Cluster, base64_of};

/// Writes `n` keys of `size` bytes under `prefix`.
async fn put_keys(c: &Cluster, tls: &Tls, prefix: &str, n: usize, size: usize) {
    let value = base64_of(&vec![b'v'; size]);
    for i in 0..n {
        let key = base64_of(format!("{prefix}{i:05}").as_bytes());
        let body = format!(r#"{{"key":"{key}","value":"{value}"}}"#);
        post(&c.endpoints[0], "/v3/kv/put", &body, tls, REQUEST_TIMEOUT)
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_now_saves_a_file_etcdctl_and_kon_accept_and_leaves_nothing_on_failure() {
    let (c, _) = Cluster::running(None).await;
    let tls = Tls::load(&c.tls);
    // Enough data for many pieces of the stream.
    put_keys(&c, &tls, "/snap/", 300, 8 * 1024).await;
    let backups = tempfile::tempdir().unwrap();
    let mut seen: Vec<Progress> = Vec::new();
    let saved = save(
        &c.endpoints[1],
        &tls,
        Destination {
            dir: backups.path(),
            member: "m1",
            now: 1_796_545_192,
            expected: Some(1 << 20),
            idle: IDLE,
        },
        |p| seen.push(p),
    )
    .await
    .unwrap();
    assert_eq!(
        saved.path,
        backups.path().join("etcd-snapshot-m1-20261206T081952Z.db")
    );
    let bytes = std::fs::read(&saved.path).unwrap();
    assert_eq!(saved.bytes, bytes.len() as u64);
    assert!(saved.bytes > 2 << 20, "{}", saved.bytes);
    let hex: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(saved.sha256, hex);
    // Progress by bytes: from nothing, never backwards, ending whole.
    assert_eq!(seen.first().map(|p| p.received), Some(0));
    assert!(seen.len() > 3, "{seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0].received <= w[1].received),
        "{seen:?}"
    );
    let last = seen.last().unwrap();
    assert_eq!((last.received, last.fraction()), (saved.bytes, Some(1.0)));
    // Nothing else in the directory: the partial file was renamed.
    let names: Vec<String> = std::fs::read_dir(backups.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["etcd-snapshot-m1-20261206T081952Z.db".to_string()]);
    // The real etcdctl accepts it, and so do kon's check and the backups scan.
    let out = Command::new("etcdctl")
        .env("ETCDCTL_API", "3")
        .args(["snapshot", "status", "-w", "json"])
        .arg(&saved.path)
        .output()
        .expect("etcdctl runs (apt-get install etcd-client)");
    assert!(
        out.status.success(),
        "etcdctl snapshot status: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(status["totalKey"].as_u64().unwrap() >= 300, "{status}");
    assert_eq!(check(&saved.path), Integrity::Valid);
    let mut last: Checked = None;
    let scan = scan_checked(backups.path(), &mut last).unwrap();
    assert_eq!((scan.files, scan.integrity), (1, Some(Integrity::Valid)));
    assert_eq!(
        scan.newest.map(|n| n.0),
        Some("etcd-snapshot-m1-20261206T081952Z.db".to_string())
    );
    // The same name again is refused, the file kept.
    let again = save(
        &c.endpoints[1],
        &tls,
        Destination {
            dir: backups.path(),
            member: "m1",
            now: 1_796_545_192,
            expected: None,
            idle: IDLE,
        },
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(again.contains("already exists"), "{again}");
    // A member that does not answer: an error naming it, and no file left.
    let empty = tempfile::tempdir().unwrap();
    let dead = "https://127.0.0.1:1";
    let e = save(
        dead,
        &tls,
        Destination {
            dir: empty.path(),
            member: "gone",
            now: 1_796_545_192,
            expected: None,
            idle: IDLE,
        },
        |_| {},
    )
    .await
    .unwrap_err();
    assert!(e.starts_with(dead) && e.contains("cannot connect"), "{e}");
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}

/// Deletes every key under `prefix` and compacts the history away: the
/// DB keeps its size, now mostly free pages.
async fn delete_and_compact(c: &Cluster, tls: &Tls, prefix: &str) {
    let from = base64_of(prefix.as_bytes());
    let mut end = prefix.as_bytes().to_vec();
    if let Some(last) = end.last_mut() {
        *last += 1;
    }
    let body = format!(r#"{{"key":"{from}","range_end":"{}"}}"#, base64_of(&end));
    let answer = post(&c.endpoints[0], "/v3/kv/deleterange", &body, tls, REQUEST_TIMEOUT)
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&answer).unwrap();
    let revision = v["header"]["revision"].as_str().unwrap().to_string();
    let body = format!(r#"{{"revision":"{revision}","physical":true}}"#);
    post(&c.endpoints[0], "/v3/kv/compaction", &body, tls, REQUEST_TIMEOUT)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guided_defrag_goes_followers_first_leader_last_and_shrinks_every_db() {
    use kon::etcd::defrag::{Next, Run, members_of, plan};
    use kon::etcd::defrag_io::drive;
    use std::time::Duration;
    let (c, _) = Cluster::running(None).await;
    let tls = Tls::load(&c.tls);
    put_keys(&c, &tls, "/frag/", 400, 16 * 1024).await;
    delete_and_compact(&c, &tls, "/frag/").await;
    let obs = c.poll(&c.tls).await;
    let (members, alarms) = members_of(&obs);
    let leader = members.iter().find(|m| m.leader).unwrap().name.clone();
    let p = plan(&members, &alarms, Duration::from_millis(300)).unwrap();
    assert_eq!(p.order.last().unwrap().name, leader);
    assert!(p.nospace.is_empty());
    let mut run = Run::new(p);
    let mut steps: Vec<Next> = Vec::new();
    drive(&mut run, &tls, REQUEST_TIMEOUT, |r| steps.push(r.next.clone())).await;
    assert_eq!(run.next, Next::Done, "{steps:?}");
    // Check, defrag, pause; check, defrag, pause; check, defrag (the leader), done.
    let defrags: Vec<usize> = steps
        .iter()
        .filter_map(|s| match s {
            Next::Defrag(i) => Some(*i),
            _ => None,
        })
        .collect();
    assert_eq!(defrags, [0, 1, 2]);
    assert_eq!(steps.iter().filter(|s| matches!(s, Next::Pause(_))).count(), 2);
    assert_eq!(run.done.len(), 3);
    assert_eq!(run.done[2].name, leader);
    for d in &run.done {
        let (before, after) = (d.before.unwrap(), d.after.unwrap());
        assert!(after < before, "{} did not shrink: {before} → {after}", d.name);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nospace_cluster_is_defragmented_with_the_alarm_said_then_disarmed() {
    use kon::etcd::defrag::{Next, Run, members_of, plan};
    use kon::etcd::defrag_io::{disarm, drive};
    use std::time::Duration;
    const SMALL: u64 = 2 << 20;
    let (c, _) = Cluster::running(Some(SMALL)).await;
    let tls = Tls::load(&c.tls);
    let value = base64_of(&vec![b'x'; 64 * 1024]);
    for i in 0..400 {
        let body = format!(
            r#"{{"key":"{}","value":"{value}"}}"#,
            base64_of(format!("/full/{i:04}").as_bytes())
        );
        if post(&c.endpoints[0], "/v3/kv/put", &body, &tls, REQUEST_TIMEOUT)
            .await
            .is_err()
        {
            break;
        }
    }
    delete_and_compact(&c, &tls, "/full/").await;
    let obs = c.poll(&c.tls).await;
    let (members, alarms) = members_of(&obs);
    assert!(alarms.iter().any(|(_, a)| a == "NOSPACE"), "{alarms:?}");
    let p = plan(&members, &alarms, Duration::from_millis(100)).unwrap();
    assert!(!p.nospace.is_empty());
    assert!(
        p.warnings().iter().any(|w| w.contains("until disarmed")),
        "{:?}",
        p.warnings()
    );
    let mut run = Run::new(p);
    drive(&mut run, &tls, REQUEST_TIMEOUT, |_| {}).await;
    assert_eq!(run.next, Next::Done, "{:?}", run.done);
    // The alarm stays after the defrag: writes are still refused.
    let put = r#"{"key":"YWZ0ZXI=","value":"eA=="}"#;
    let e = post(&c.endpoints[0], "/v3/kv/put", put, &tls, REQUEST_TIMEOUT)
        .await
        .unwrap_err();
    assert!(e.contains("database space exceeded"), "{e}");
    // Disarmed (the separate action): writes go through again.
    for (id, alarm) in &alarms {
        disarm(&c.endpoints[0], &tls, *id, alarm, REQUEST_TIMEOUT)
            .await
            .unwrap();
    }
    let (_, left) = members_of(&c.poll(&c.tls).await);
    assert!(left.is_empty(), "{left:?}");
    post(&c.endpoints[0], "/v3/kv/put", put, &tls, REQUEST_TIMEOUT)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kon_bench_takes_the_etcd_flags_and_times_a_poll() {
    let (c, _) = Cluster::running(None).await;
    let s = super::test_support::process::sim(&["--scenario", "demo"]);
    let home = tempfile::tempdir().unwrap();
    let (cert, key, ca) = (
        c.tls.cert.clone().unwrap(),
        c.tls.key.clone().unwrap(),
        c.tls.cacert.clone().unwrap(),
    );
    let mut cmd = Command::new(super::test_support::tmux::kon_bin());
    cmd.arg("bench")
        .arg("--kubeconfig")
        .arg(&s.kubeconfig)
        .args([
            "--frames",
            "3",
            "--no-kubectl",
            "--etcd-endpoints",
            &c.endpoints[0],
        ])
        .arg("--etcd-cert")
        .arg(&cert)
        .arg("--etcd-key")
        .arg(&key)
        .arg("--etcd-cacert")
        .arg(&ca)
        .env("KON_CONFIG_DIR", home.path().join("config"))
        .env("KON_STATE_DIR", home.path().join("state"));
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("kon bench runs"))
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One endpoint given, the other two learned from the member list.
    let line = stdout
        .lines()
        .find(|l| l.starts_with("etcd poll: "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        line.contains("(3 of 3 endpoints answering, from --etcd-endpoints)"),
        "{line}"
    );
}
