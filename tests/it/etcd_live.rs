//! The live etcd client against a real etcd (Debian's `etcd-server`,
//! installed by .ci/run): a 3-member cluster on loopback with TLS and
//! client-certificate auth (test_support::etcd).

use std::process::Command;

use kon::etcd::client::{REQUEST_TIMEOUT, Tls, post};
use kon::etcd::resolve::TlsFiles;
use kon::signals::etcd_live::{EtcdLive, Health, Role, model, verdicts};

use super::test_support::etcd::{Cluster, QUOTA, base64_of};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_members_healthy_then_bad_credentials_then_one_killed() {
    let (mut c, p) = Cluster::running(None).await;
    let roles: Vec<Role> = p.members.iter().map(|m| m.role).collect();
    assert_eq!(
        roles.iter().filter(|r| **r == Role::Leader).count(),
        1,
        "{roles:?}"
    );
    assert_eq!(
        roles.iter().filter(|r| **r == Role::Follower).count(),
        2,
        "{roles:?}"
    );
    let names: Vec<&str> = p.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["m0", "m1", "m2"]);
    for m in &p.members {
        assert_eq!(m.version.as_deref(), Some("3.4.23"), "{m:?}");
        assert!(m.db_size.unwrap() > 0 && m.db_in_use.unwrap() > 0, "{m:?}");
        assert!(
            m.health_ms.is_some() && m.lag.is_some() && m.raft_term.unwrap() > 0,
            "{m:?}"
        );
    }
    assert_eq!(p.voting, Some(3));
    assert!(verdicts(&EtcdLive::Polled(p.clone())).is_empty());

    // A CA that did not sign etcd's certificate: named, with the endpoint.
    let wrong = TlsFiles {
        cacert: Some(c.wrong_ca.clone()),
        ..c.tls.clone()
    };
    let seen = c.poll(&wrong).await;
    let e = seen.answers[0].status.clone().unwrap_err();
    assert!(e.starts_with(&c.endpoints[0]), "{e}");
    assert!(e.contains(&c.wrong_ca.display().to_string()), "{e}");
    // No client certificate: etcd refuses, and kon says what to give.
    let none = TlsFiles {
        cert: None,
        key: None,
        ..c.tls.clone()
    };
    let e = c.poll(&none).await.answers[0].status.clone().unwrap_err();
    assert!(e.starts_with(&c.endpoints[0]) && e.contains("--etcd-cert"), "{e}");
    // A client certificate file that is not there: named.
    let gone = c.dir.path().join("gone.crt");
    let missing = TlsFiles {
        cert: Some(gone.clone()),
        ..c.tls.clone()
    };
    let seen = c.poll(&missing).await;
    let e = seen.answers[1].status.clone().unwrap_err();
    assert!(
        e.starts_with(&c.endpoints[1]) && e.contains(&gone.display().to_string()),
        "{e}"
    );
    assert!(e.contains("No such file"), "{e}");

    // One member killed: its row is unhealthy at the next poll, the others fine.
    // Rows are by name, m0 m1 m2: row i is child i.
    let killed = p.members.iter().position(|m| m.role == Role::Follower).unwrap();
    let mut child = c.members[killed].take().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let seen = c.poll(&c.tls).await;
    let EtcdLive::Polled(after) = model(&c.target(QUOTA), Some(&seen), None) else {
        panic!("not polled")
    };
    for (i, m) in after.members.iter().enumerate() {
        if i == killed {
            assert!(
                matches!(&m.health, Health::Unhealthy(w) if w.contains(&c.endpoints[i])),
                "{m:?}"
            );
        } else {
            assert_eq!(m.health, Health::Healthy, "{m:?}");
        }
    }
    let v = verdicts(&EtcdLive::Polled(after));
    let ids: Vec<(&str, &str)> = v.iter().map(|v| (v.id, v.subject.as_str())).collect();
    assert_eq!(
        ids,
        vec![("etcd-member-unhealthy", format!("m{killed}").as_str())]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_quota_filled_until_nospace_raises_the_alarm_and_the_finding() {
    const SMALL: u64 = 1 << 20;
    let (c, _) = Cluster::running(Some(SMALL)).await;
    let tls = Tls::load(&c.tls);
    let value = base64_of(&vec![b'x'; 100 * 1024]);
    let mut refused = None;
    for i in 0..200 {
        let body = format!(
            r#"{{"key":"{}","value":"{value}"}}"#,
            base64_of(format!("k{i}").as_bytes())
        );
        if let Err(e) = post(&c.endpoints[0], "/v3/kv/put", &body, &tls, REQUEST_TIMEOUT).await {
            refused = Some(e);
            break;
        }
    }
    let refused = refused.expect("etcd refuses writes past its quota");
    assert!(refused.contains("database space exceeded"), "{refused}");
    let seen = c.poll(&c.tls).await;
    let m = model(&c.target(SMALL), Some(&seen), None);
    let EtcdLive::Polled(p) = &m else { panic!("{m:?}") };
    assert!(
        p.members
            .iter()
            .any(|r| r.alarms.contains(&"NOSPACE".to_string())),
        "{p:?}"
    );
    let v = verdicts(&m);
    let alarm = v
        .iter()
        .find(|v| v.id == "etcd-alarm-active")
        .expect("etcd-alarm-active");
    assert!(
        alarm.message.contains("only takes reads and deletes"),
        "{}",
        alarm.message
    );
    assert!(v.iter().any(|v| v.id == "etcd-db-near-quota"), "{v:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kon_check_takes_the_etcd_flags_and_reports_a_dead_member() {
    let (mut c, p) = Cluster::running(None).await;
    // A follower: killing the leader would make the others unhealthy for an election.
    let killed = p.members.iter().rposition(|m| m.role == Role::Follower).unwrap();
    let mut child = c.members[killed].take().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let s = super::test_support::process::sim(&["--scenario", "demo"]);
    let (cert, key, ca) = (
        c.tls.cert.clone().unwrap(),
        c.tls.key.clone().unwrap(),
        c.tls.cacert.clone().unwrap(),
    );
    let given: Vec<String> = (0..3)
        .filter(|i| *i != killed)
        .map(|i| c.endpoints[i].clone())
        .collect();
    let endpoints = given.join(",");
    let args = [
        "--output",
        "json",
        "--rules",
        "etcd-member-unhealthy,etcd-no-leader,etcd-not-ha,etcd-even-members",
        "--etcd-endpoints",
        &endpoints,
        "--etcd-cert",
        cert.to_str().unwrap(),
        "--etcd-key",
        key.to_str().unwrap(),
        "--etcd-cacert",
        ca.to_str().unwrap(),
    ];
    let out = tokio::task::spawn_blocking({
        let kc = s.kubeconfig.clone();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            super::test_support::process::check(&kc, &args)
        }
    })
    .await
    .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let findings = report["findings"].as_array().unwrap();
    let found: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f["id"].as_str().unwrap(), f["name"].as_str().unwrap()))
        .collect();
    // The killed member is found through the member list, though not among the endpoints given.
    let name = format!("m{killed}");
    assert_eq!(
        found,
        vec![("etcd-member-unhealthy", name.as_str())],
        "{findings:#?}"
    );
    assert_eq!(out.status.code(), Some(1), "a critical finding fails the check");
}

#[test]
fn the_demo_shows_the_simulated_members_and_the_planted_quota() {
    use super::test_support::tmux::Tmux;
    let t = Tmux::new("etcd-demo");
    t.start(160, 48, &format!("exec {} --demo", env!("CARGO_BIN_EXE_kon")));
    // The planted DB at its quota, and the NOSPACE alarm it raised, reach the etcd tile.
    t.wait_for("etcd alarm NOSPACE on control-plane-2");
    t.wait_for("control-plane-2: DB 2 GiB is 100%");
    // The etcd tile is the second: its page ends with the members.
    t.send(&["l"]);
    t.send(&["Enter"]);
    t.wait_for("etcd backups — esc to return");
    t.send(&["G"]);
    let page = t.wait_for("etcd members");
    assert!(
        page.contains("control-plane-1") && page.contains("leader"),
        "{page}"
    );
    assert!(
        page.contains("control-plane-3") && page.contains("follower"),
        "{page}"
    );
    assert!(page.contains("quota 2 GiB (etcd's default, assumed)"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_saved_by_etcdctl_checks_out_and_a_damaged_one_does_not() {
    use kon::local::backup_dir::{Checked, scan_checked};
    use kon::local::snapshot_check::{Integrity, check};
    let (c, _) = Cluster::running(None).await;
    let backups = tempfile::tempdir().unwrap();
    let file = backups.path().join("etcd-2026-12-06.db");
    let (cert, key, cacert) = (
        c.tls.cert.clone().unwrap(),
        c.tls.key.clone().unwrap(),
        c.tls.cacert.clone().unwrap(),
    );
    let out = Command::new("etcdctl")
        .env("ETCDCTL_API", "3")
        .arg(format!("--endpoints={}", c.endpoints[0]))
        .arg("--cacert")
        .arg(&cacert)
        .arg("--cert")
        .arg(&cert)
        .arg("--key")
        .arg(&key)
        .args(["snapshot", "save"])
        .arg(&file)
        .output()
        .expect("etcdctl runs (apt-get install etcd-client)");
    assert!(
        out.status.success(),
        "etcdctl snapshot save: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The real etcd's snapshot: its appended SHA-256 matches.
    assert_eq!(check(&file), Integrity::Valid);
    let mut last: Checked = None;
    let scan = scan_checked(backups.path(), &mut last).unwrap();
    assert_eq!(scan.integrity, Some(Integrity::Valid));
    // One byte changed in the database: etcdutl would refuse it, and so does kon.
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&file, &bytes).unwrap();
    assert_eq!(check(&file), Integrity::Corrupt);
    // Truncated mid-copy: not a snapshot at all.
    std::fs::write(&file, &bytes[..bytes.len() - 100]).unwrap();
    assert!(matches!(check(&file), Integrity::NotSnapshot { .. }));
}
