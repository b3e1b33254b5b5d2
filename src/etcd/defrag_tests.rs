use super::*;

fn member(name: &str, id: u64, leader: bool) -> Member {
    Member {
        name: name.into(),
        id,
        endpoint: format!("https://{name}:2379"),
        leader,
    }
}

fn members() -> Vec<Member> {
    vec![
        member("m0", 1, true),
        member("m2", 3, false),
        member("m1", 2, false),
    ]
}

fn well(db: u64) -> Vec<Seen> {
    ["m0", "m1", "m2"]
        .iter()
        .map(|n| Seen {
            endpoint: format!("https://{n}:2379"),
            answer: Ok(()),
            db_size: Some(db),
            alarms: vec![],
        })
        .collect()
}

const PAUSE: Duration = Duration::from_secs(60);

#[test]
fn followers_first_by_name_the_leader_last() {
    let p = plan(&members(), &[], PAUSE).unwrap();
    let order: Vec<&str> = p.order.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(order, ["m1", "m2", "m0"]);
    assert_eq!(p.warnings().len(), 1);
}

#[test]
fn no_plan_without_a_leader_members_or_a_url_or_with_a_corrupt_alarm() {
    let mut none = members();
    none[0].leader = false;
    assert!(plan(&none, &[], PAUSE).unwrap_err().contains("no leader"));
    assert!(plan(&[], &[], PAUSE).is_err());
    let mut no_url = members();
    no_url[1].endpoint.clear();
    assert!(
        plan(&no_url, &[], PAUSE)
            .unwrap_err()
            .contains("m2: no client URL")
    );
    let e = plan(&members(), &[(2, "CORRUPT".into())], PAUSE).unwrap_err();
    assert!(e.contains("m1 has a CORRUPT alarm"), "{e}");
}

#[test]
fn a_nospace_alarm_is_said_at_confirmation() {
    let p = plan(&members(), &[(3, "NOSPACE".into())], PAUSE).unwrap();
    assert_eq!(p.nospace, ["m2"]);
    let w = p.warnings().join("\n");
    assert!(w.contains("NOSPACE alarm on m2") && w.contains("disarm"), "{w}");
}

#[test]
fn one_member_at_a_time_with_pauses_and_sizes_before_and_after() {
    let mut r = Run::new(plan(&members(), &[], PAUSE).unwrap());
    assert_eq!(r.next, Next::Check);
    assert_eq!(r.checked(&well(100)), Next::Defrag(0));
    assert_eq!(r.defragged(Ok(()), Some(40)), Next::Pause(PAUSE));
    assert_eq!(r.paused(), Next::Check);
    assert_eq!(r.checked(&well(90)), Next::Defrag(1));
    assert_eq!(r.defragged(Ok(()), Some(30)), Next::Pause(PAUSE));
    r.paused();
    assert_eq!(r.checked(&well(80)), Next::Defrag(2));
    // The leader last, and no pause after it.
    assert_eq!(r.defragged(Ok(()), Some(20)), Next::Done);
    assert!(r.over());
    let done: Vec<(&str, Option<u64>, Option<u64>)> = r
        .done
        .iter()
        .map(|d| (d.name.as_str(), d.before, d.after))
        .collect();
    assert_eq!(
        done,
        [
            ("m1", Some(100), Some(40)),
            ("m2", Some(90), Some(30)),
            ("m0", Some(80), Some(20))
        ]
    );
}

#[test]
fn an_unhealthy_member_stops_the_run_before_the_next() {
    let mut r = Run::new(plan(&members(), &[], PAUSE).unwrap());
    r.checked(&well(100));
    r.defragged(Ok(()), Some(40));
    r.paused();
    let mut seen = well(100);
    seen[0].answer = Err("https://m0:2379: cannot connect: Connection refused".into());
    let Next::Stop(why) = r.checked(&seen) else {
        panic!("{:?}", r.next)
    };
    assert_eq!(
        why,
        "stopped before m2: m0 is not healthy: https://m0:2379: cannot connect: Connection refused"
    );
    assert!(r.over());
    assert_eq!(r.done.len(), 1);
    // A member missing from the poll stops it too.
    let mut r = Run::new(plan(&members(), &[], PAUSE).unwrap());
    assert!(matches!(r.checked(&well(1)[..2]), Next::Stop(w) if w.contains("m2 was not polled")));
}

#[test]
fn a_failed_defrag_stops_at_once() {
    let mut r = Run::new(plan(&members(), &[], PAUSE).unwrap());
    r.checked(&well(100));
    assert_eq!(
        r.defragged(Err("context deadline exceeded".into()), None),
        Next::Stop("defragmenting m1 failed: context deadline exceeded".into())
    );
}

#[test]
fn alarms_seen_during_the_run() {
    // A NOSPACE told at confirmation does not stop it; a new one does; CORRUPT always does.
    let mut r = Run::new(plan(&members(), &[(2, "NOSPACE".into())], PAUSE).unwrap());
    let mut seen = well(100);
    seen[1].alarms = vec!["NOSPACE".into()];
    assert_eq!(r.checked(&seen), Next::Defrag(0));
    let mut r = Run::new(plan(&members(), &[], PAUSE).unwrap());
    assert!(matches!(r.checked(&seen), Next::Stop(w) if w.contains("m1 raised a NOSPACE alarm")));
    let mut r = Run::new(plan(&members(), &[], PAUSE).unwrap());
    seen[1].alarms = vec!["CORRUPT".into()];
    assert!(matches!(r.checked(&seen), Next::Stop(w) if w.contains("CORRUPT")));
}

#[test]
fn a_poll_gives_the_members_the_leader_and_each_ones_health_and_alarms() {
    use crate::etcd::wire::{Alarm, Header, Member as Listed, Status};
    use crate::etcd::{EndpointAnswer, Observation};
    let listed = vec![
        Listed {
            id: 1,
            name: "m0".into(),
            client_urls: vec!["https://m0:2379".into()],
            is_learner: false,
        },
        Listed {
            id: 2,
            name: String::new(),
            client_urls: vec![],
            is_learner: false,
        },
    ];
    let answer = |endpoint: &str, id: u64, ok: bool| EndpointAnswer {
        endpoint: endpoint.into(),
        status: if ok {
            Ok(Status {
                header: Header { member_id: id },
                leader: 1,
                db_size: 4096,
                ..Status::default()
            })
        } else {
            Err(format!("{endpoint}: cannot connect"))
        },
        health: Ok(3),
        members: Ok(listed.clone()),
        alarms: Ok(vec![Alarm {
            member_id: 1,
            alarm: "NOSPACE".into(),
        }]),
    };
    let obs = Observation {
        answers: vec![
            answer("https://m0:2379", 1, true),
            answer("https://x:2379", 2, false),
        ],
        problem: None,
    };
    let (m, alarms) = members_of(&obs);
    assert_eq!(
        m,
        vec![
            Member {
                name: "m0".into(),
                id: 1,
                endpoint: "https://m0:2379".into(),
                leader: true
            },
            Member {
                name: "2".into(),
                id: 2,
                endpoint: String::new(),
                leader: false
            }
        ]
    );
    assert_eq!(alarms, vec![(1, "NOSPACE".to_string())]);
    // The member without a URL cannot be planned: said by name.
    assert!(
        plan(&m, &alarms, PAUSE)
            .unwrap_err()
            .contains("member 2: no client URL")
    );
    let seen = seen_of(&obs);
    assert_eq!(seen[0].answer, Ok(()));
    assert_eq!(
        (seen[0].db_size, seen[0].alarms.clone()),
        (Some(4096), vec!["NOSPACE".to_string()])
    );
    assert_eq!(seen[1].answer, Err("https://x:2379: cannot connect".into()));
    assert!(seen[1].alarms.is_empty());
}
