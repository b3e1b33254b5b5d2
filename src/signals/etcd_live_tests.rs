use super::*;
use crate::etcd::resolve::{QuotaSource, Target, TlsFiles};
use crate::etcd::wire::{Alarm, Header, Member};
use crate::signals::verdict::Level;

const GIB: u64 = 1 << 30;

fn target() -> Resolution {
    Resolution::Watch(Target {
        endpoints: vec!["https://a:2379".into()],
        tls: TlsFiles::default(),
        quota: Quota {
            bytes: 2 * GIB,
            source: QuotaSource::Default,
        },
        source: "--etcd-endpoints".into(),
    })
}

fn members(n: u64) -> Vec<Member> {
    (1..=n)
        .map(|i| Member {
            id: i,
            name: format!("m{i}"),
            client_urls: vec![format!("https://m{i}:2379")],
            is_learner: false,
        })
        .collect()
}

fn status(id: u64, leader: u64, size: u64, in_use: u64, applied: u64) -> Status {
    Status {
        header: Header { member_id: id },
        version: "3.4.23".into(),
        db_size: size,
        db_size_in_use: in_use,
        leader,
        raft_index: applied,
        raft_term: 2,
        raft_applied_index: applied,
        errors: vec![],
        is_learner: false,
    }
}

fn answer(id: u64, status: Result<Status, String>, n: u64, alarms: Vec<Alarm>) -> EndpointAnswer {
    let ok = status.is_ok();
    EndpointAnswer {
        endpoint: format!("https://m{id}:2379"),
        health: if ok { Ok(3) } else { Err("down".into()) },
        members: if ok { Ok(members(n)) } else { Err("down".into()) },
        alarms: if ok { Ok(alarms) } else { Err("down".into()) },
        status,
    }
}

fn healthy3() -> Observation {
    Observation {
        answers: (1..=3)
            .map(|i| answer(i, Ok(status(i, 1, 20 << 20, 16 << 20, 100)), 3, vec![]))
            .collect(),
        problem: None,
    }
}

fn polled(obs: &Observation) -> Polled {
    match model(&target(), Some(obs), None) {
        EtcdLive::Polled(p) => p,
        other => panic!("{other:?}"),
    }
}

fn ids(obs: &Observation) -> Vec<(&'static str, Level, String)> {
    verdicts(&model(&target(), Some(obs), None))
        .into_iter()
        .map(|v| (v.id, v.level, v.subject))
        .collect()
}

#[test]
fn three_healthy_members_have_roles_sizes_and_no_verdict() {
    let p = polled(&healthy3());
    let roles: Vec<_> = p
        .members
        .iter()
        .map(|r| (r.name.as_str(), r.role, r.health.clone()))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("m1", Role::Leader, Health::Healthy),
            ("m2", Role::Follower, Health::Healthy),
            ("m3", Role::Follower, Health::Healthy)
        ]
    );
    assert_eq!(p.members[1].fragmented, Some(4 << 20));
    assert_eq!(p.members[1].lag, Some(0));
    assert_eq!((p.leader, p.voting), (Some(1), Some(3)));
    assert!(ids(&healthy3()).is_empty());
}

#[test]
fn a_dead_member_is_unhealthy_matched_by_its_client_url_and_the_rest_stay_fine() {
    let mut obs = healthy3();
    obs.answers[2] = answer(
        3,
        Err("https://m3:2379: cannot connect: Connection refused".into()),
        3,
        vec![],
    );
    let p = polled(&obs);
    assert_eq!(p.members[2].name, "m3");
    assert_eq!(p.members[2].role, Role::Unknown);
    assert!(matches!(&p.members[2].health, Health::Unhealthy(w) if w.contains("Connection refused")));
    assert_eq!(
        ids(&obs),
        vec![("etcd-member-unhealthy", Level::Crit, "m3".into())]
    );
}

#[test]
fn nospace_alarm_and_quota_share() {
    let mut obs = healthy3();
    let full = status(2, 1, 2 * GIB - 10, 2 * GIB - 20, 100);
    obs.answers[0] = answer(
        1,
        Ok(status(1, 1, GIB * 18 / 10 + 1, GIB, 100)),
        3,
        vec![Alarm {
            member_id: 2,
            alarm: "NOSPACE".into(),
        }],
    );
    obs.answers[1] = answer(2, Ok(full), 3, vec![]);
    let got = ids(&obs);
    assert!(
        got.contains(&("etcd-alarm-active", Level::Crit, "m2".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("etcd-db-near-quota", Level::Crit, "m2".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("etcd-db-near-quota", Level::Warn, "m1".into())),
        "{got:?}"
    );
    let v = verdicts(&model(&target(), Some(&obs), None));
    let nospace = v.iter().find(|v| v.id == "etcd-alarm-active").unwrap();
    assert!(
        nospace.message.contains("only takes reads and deletes"),
        "{}",
        nospace.message
    );
    let quota = v
        .iter()
        .find(|v| v.id == "etcd-db-near-quota" && v.subject == "m1")
        .unwrap();
    assert!(
        quota
            .message
            .contains("90% of the 2 GiB quota (etcd's default, assumed)"),
        "{}",
        quota.message
    );
}

#[test]
fn fragmentation_needs_over_1_gib_and_less_than_half_in_use() {
    let mut obs = healthy3();
    obs.answers[1] = answer(2, Ok(status(2, 1, GIB + 1, GIB / 2, 100)), 3, vec![]);
    obs.answers[2] = answer(3, Ok(status(3, 1, GIB, 1, 100)), 3, vec![]);
    assert_eq!(ids(&obs), vec![("etcd-fragmented", Level::Warn, "m2".into())]);
}

#[test]
fn lagging_is_past_the_threshold_behind_the_leaders_index() {
    let mut obs = healthy3();
    obs.answers[0] = answer(1, Ok(status(1, 1, 1, 1, 100 + LAG_ENTRIES + 1)), 3, vec![]);
    obs.answers[1] = answer(2, Ok(status(2, 1, 1, 1, 101)), 3, vec![]);
    obs.answers[2] = answer(3, Ok(status(3, 1, 1, 1, 100)), 3, vec![]);
    assert_eq!(ids(&obs), vec![("etcd-member-lagging", Level::Warn, "m3".into())]);
}

#[test]
fn no_leader_only_when_someone_answered() {
    let mut obs = healthy3();
    for (i, a) in obs.answers.iter_mut().enumerate() {
        a.status = Ok(status(i as u64 + 1, 0, 1, 1, 1));
    }
    assert_eq!(ids(&obs), vec![("etcd-no-leader", Level::Crit, "cluster".into())]);
    // Nobody answering: each member is unhealthy, "no leader" is not guessed.
    let dead = Observation {
        answers: (1..=3)
            .map(|i| answer(i, Err("refused".into()), 3, vec![]))
            .collect(),
        problem: None,
    };
    let got = ids(&dead);
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|g| g.0 == "etcd-member-unhealthy"));
}

#[test]
fn member_counts_even_and_not_ha() {
    let two = Observation {
        answers: (1..=2)
            .map(|i| answer(i, Ok(status(i, 1, 1, 1, 1)), 2, vec![]))
            .collect(),
        problem: None,
    };
    let got: Vec<_> = ids(&two).into_iter().map(|g| g.0).collect();
    assert_eq!(got, vec!["etcd-even-members", "etcd-not-ha"]);
    let four = Observation {
        answers: (1..=4)
            .map(|i| answer(i, Ok(status(i, 1, 1, 1, 1)), 4, vec![]))
            .collect(),
        problem: None,
    };
    assert_eq!(
        ids(&four).into_iter().map(|g| g.0).collect::<Vec<_>>(),
        vec!["etcd-even-members"]
    );
}

#[test]
fn not_watched_says_why_and_managed_says_na() {
    let r = Resolution::NotWatched("no etcd endpoints".into());
    assert_eq!(
        model(&r, None, None),
        EtcdLive::NotWatched("no etcd endpoints".into())
    );
    let EtcdLive::NotWatched(why) = model(&r, None, Some("EKS")) else {
        panic!()
    };
    assert!(why.starts_with("n/a: EKS runs etcd"), "{why}");
    assert!(verdicts(&model(&r, None, None)).is_empty());
    assert!(matches!(model(&target(), None, None), EtcdLive::Waiting { .. }));
}
