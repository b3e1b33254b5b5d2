//! The etcd pane's actions on the demo's members (control-plane-3 down):
//! `s` asks to snapshot a healthy follower, typing its name; `D` plans the
//! defrag, the leader last; read-only refuses both at once; the progress
//! at the bottom of the pane.

use super::pane_snapshots::{press, screen};
use super::pane_snapshots_etcd::with_etcd;
use crate::actions::Request;
use crate::actions::etcd::EtcdChange;
use crate::app::etcd_ops::{EtcdProgress, snapshot_member};
use crate::app::{AppState, Effect, Msg};
use crate::etcd::defrag::{Done, Next, Run, plan};
use crate::etcd::snapshot::Progress;

fn notice(a: &AppState) -> String {
    a.nav.notices.last().map(|n| n.text.clone()).unwrap_or_default()
}

fn etcd_pane(w: u16, h: u16) -> AppState {
    let mut a = with_etcd(w, h);
    a.live.local.backup_dir_path = Some("/var/backups/etcd".into());
    a.live.local.etcd_defrag_pause_secs = 60;
    press(&mut a, "l");
    press(&mut a, "enter");
    a
}

fn key(a: &mut AppState, k: &str) -> Vec<Effect> {
    a.update(Msg::Key(crate::app::keys::KeyChord::parse(k).expect("key")))
        .effects
}

fn type_text(a: &mut AppState, text: &str) {
    for c in text.chars() {
        key(a, &c.to_string());
    }
}

#[test]
fn snapshot_asks_for_a_healthy_followers_name_then_sends_the_request_80x24() {
    let mut a = etcd_pane(80, 24);
    assert!(screen(&a).contains("s snapshot"), "{}", screen(&a));
    assert!(key(&mut a, "s").is_empty());
    let s = screen(&a);
    assert!(
        s.contains("control-plane-2") && s.contains("/var/backups/etcd"),
        "{s}"
    );
    insta::assert_snapshot!("etcd_snapshot_ask_80x24", s);
    // The wrong name does nothing but say what to type.
    type_text(&mut a, "control-plane-1");
    assert!(key(&mut a, "enter").is_empty());
    assert_eq!(notice(&a), "type control-plane-2 to etcd-snapshot");
    for _ in 0.."control-plane-1".len() {
        key(&mut a, "backspace");
    }
    type_text(&mut a, "control-plane-2");
    let effects = key(&mut a, "enter");
    let [
        Effect::Mutate {
            request: Request::Etcd(op),
            read_only: false,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    let EtcdChange::Snapshot {
        member,
        dir,
        endpoint,
        ..
    } = &op.change
    else {
        panic!("{op:?}")
    };
    assert_eq!(member, "control-plane-2");
    assert_eq!(dir, std::path::Path::new("/var/backups/etcd"));
    assert!(endpoint.ends_with("/etcd/control-plane-2"), "{endpoint}");
}

#[test]
fn defrag_plans_the_leader_last_and_types_its_name() {
    let mut a = etcd_pane(120, 40);
    key(&mut a, "D");
    let s = screen(&a);
    let order: Vec<usize> = [
        "defragment control-plane-2",
        "defragment control-plane-3",
        "defragment control-plane-1 (leader)",
    ]
    .iter()
    .map(|l| s.find(l).unwrap_or_else(|| panic!("{l}:\n{s}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{s}");
    type_text(&mut a, "control-plane-1");
    // The demo's NOSPACE alarm is named in a second confirmation.
    assert!(key(&mut a, "enter").is_empty());
    let s = screen(&a);
    assert!(s.contains("NOSPACE alarm on control-plane-2"), "{s}");
    let effects = key(&mut a, "enter");
    let [
        Effect::Mutate {
            request: Request::Etcd(op),
            read_only: false,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    let EtcdChange::Defrag(p) = &op.change else {
        panic!("{op:?}")
    };
    assert_eq!(p.pause.as_secs(), 60);
    assert_eq!(p.nospace, vec!["control-plane-2".to_string()]);
    assert_eq!(p.order.last().map(|m| m.name.as_str()), Some("control-plane-1"));
}

#[test]
fn read_only_refuses_snapshot_and_defrag_at_once_and_says_so() {
    let mut a = etcd_pane(80, 24);
    a.session.readonly = true;
    let effects = key(&mut a, "s");
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Mutate {
                request: Request::Etcd(_),
                read_only: true
            }]
        ),
        "{effects:?}"
    );
    assert!(a.features.ask.is_none());
    assert_eq!(
        notice(&a),
        "read-only: etcd snapshot of member control-plane-2 into /var/backups/etcd refused, nothing changed"
    );
    let effects = key(&mut a, "D");
    assert!(
        matches!(effects.as_slice(), [Effect::Mutate { read_only: true, .. }]),
        "{effects:?}"
    );
    assert!(
        notice(&a).starts_with("read-only: etcd defrag of"),
        "{}",
        notice(&a)
    );
}

#[test]
fn no_backup_directory_or_an_unhealthy_member_is_refused_with_the_reason() {
    let mut a = etcd_pane(80, 24);
    a.live.local.backup_dir_path = None;
    assert!(key(&mut a, "s").is_empty());
    assert!(notice(&a).contains("give --backup-dir"), "{}", notice(&a));
    let crate::signals::etcd_live::EtcdLive::Polled(p) = a.live.panes.etcd.as_deref().cloned().expect("etcd")
    else {
        panic!("not polled")
    };
    let e = snapshot_member(&p.members, Some("control-plane-3")).unwrap_err();
    assert!(
        e.contains("control-plane-3 is not healthy") && e.contains("Connection refused"),
        "{e}"
    );
    assert!(snapshot_member(&p.members, Some("nobody")).is_err());
    assert_eq!(
        snapshot_member(&p.members, None).map(|m| m.name.as_str()),
        Ok("control-plane-2")
    );
}

#[test]
fn progress_shows_at_the_bottom_of_the_etcd_pane_80x24() {
    let mut a = etcd_pane(80, 24);
    a.update(Msg::EtcdProgress(EtcdProgress::Snapshot {
        member: "control-plane-2".into(),
        progress: Progress {
            received: 870 << 20,
            total: Some(1741 << 20),
        },
    }));
    let s = screen(&a);
    assert!(
        s.contains("snapshot of control-plane-2") && s.contains(" 49%  870 MiB of 1.7 GiB"),
        "{s}"
    );
    insta::assert_snapshot!("etcd_snapshot_progress_80x24", s);
    let members = [("m0", 1, true), ("m1", 2, false)].map(|(n, id, leader)| crate::etcd::defrag::Member {
        name: n.into(),
        id,
        endpoint: format!("https://{n}:2379"),
        leader,
    });
    let mut run = Run::new(plan(&members, &[], std::time::Duration::from_secs(60)).expect("plan"));
    run.done.push(Done {
        name: "m1".into(),
        before: Some(600 << 20),
        after: Some(200 << 20),
    });
    run.at = 1;
    run.next = Next::Pause(std::time::Duration::from_secs(60));
    a.update(Msg::EtcdProgress(EtcdProgress::Defrag(run)));
    let s = screen(&a);
    assert!(s.contains("m1: defragmented, 600 MiB → 200 MiB"), "{s}");
    assert!(s.contains("pausing 60s before m0"), "{s}");
}
