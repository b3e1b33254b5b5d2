use super::super::Severity::{Critical, Warning};
use super::super::test_support::{inputs, run};
use crate::cluster::store::Store;
use crate::etcd::resolve::{DEFAULT_QUOTA, Quota, QuotaSource, Resolution, Target, TlsFiles};
use crate::etcd::wire::{Header, Member, Status};
use crate::etcd::{EndpointAnswer, Observation};
use crate::signals::etcd_live::{EtcdLive, model};

/// Two members: m1 the leader, 90% of the default quota; m2 refusing connections.
fn two_members() -> EtcdLive {
    let target = Resolution::Watch(Target {
        endpoints: vec!["https://m1:2379".into(), "https://m2:2379".into()],
        tls: TlsFiles::default(),
        quota: Quota {
            bytes: DEFAULT_QUOTA,
            source: QuotaSource::Default,
        },
        source: "--etcd-endpoints".into(),
    });
    let members: Vec<Member> = (1..=2)
        .map(|i| Member {
            id: i,
            name: format!("m{i}"),
            client_urls: vec![format!("https://m{i}:2379")],
            is_learner: false,
        })
        .collect();
    let status = Status {
        header: Header { member_id: 1 },
        leader: 1,
        db_size: DEFAULT_QUOTA / 10 * 9,
        db_size_in_use: DEFAULT_QUOTA / 10 * 9,
        ..Status::default()
    };
    let obs = Observation {
        answers: vec![
            EndpointAnswer {
                endpoint: "https://m1:2379".into(),
                status: Ok(status),
                health: Ok(2),
                members: Ok(members),
                alarms: Ok(vec![]),
            },
            EndpointAnswer {
                endpoint: "https://m2:2379".into(),
                status: Err("https://m2:2379: cannot connect: Connection refused".into()),
                health: Err("refused".into()),
                members: Err("refused".into()),
                alarms: Err("refused".into()),
            },
        ],
        problem: None,
    };
    model(&target, Some(&obs), None)
}

#[test]
fn each_rule_reports_its_own_verdicts_at_their_severity() {
    let store = Store::default();
    let m = two_members();
    let mut i = inputs(&store);
    i.etcd = Some(&m);
    let got = |id: &str| -> Vec<(String, String, super::super::Severity)> {
        run(id, &i)
            .findings
            .into_iter()
            .map(|f| (f.kind, f.name, f.severity))
            .collect()
    };
    assert_eq!(
        got("etcd-member-unhealthy"),
        vec![("EtcdMember".into(), "m2".into(), Critical)]
    );
    assert_eq!(
        got("etcd-db-near-quota"),
        vec![("EtcdMember".into(), "m1".into(), Warning)]
    );
    assert_eq!(
        got("etcd-even-members"),
        vec![("Cluster".into(), "cluster".into(), Warning)]
    );
    assert_eq!(
        got("etcd-not-ha"),
        vec![("Cluster".into(), "cluster".into(), Warning)]
    );
    for quiet in [
        "etcd-no-leader",
        "etcd-alarm-active",
        "etcd-fragmented",
        "etcd-member-lagging",
    ] {
        assert!(got(quiet).is_empty(), "{quiet}");
    }
    let f = &run("etcd-member-unhealthy", &i).findings[0];
    assert!(f.message.contains("Connection refused") && !f.remediation.is_empty());
}

#[test]
fn not_watched_reports_nothing_and_blocks_nothing() {
    let store = Store::default();
    let m = EtcdLive::NotWatched("no etcd endpoints".into());
    for model in [None, Some(&m)] {
        let mut i = inputs(&store);
        i.etcd = model;
        for id in ["etcd-member-unhealthy", "etcd-not-ha", "etcd-even-members"] {
            let out = run(id, &i);
            assert!(out.findings.is_empty() && out.not_checked.is_empty(), "{id}");
        }
    }
}
