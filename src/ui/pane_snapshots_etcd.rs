//! Snapshots of the etcd pane's live section (the demo's simulated members,
//! one planted DB at its quota with a NOSPACE alarm, one member down) and its tile, at
//! 80x24 and 160x48.

use super::pane_snapshots::{app, press, screen};
use crate::app::AppState;
use crate::etcd::resolve::{DEFAULT_QUOTA, Quota, QuotaSource, Resolution, Target, TlsFiles};
use crate::etcd::wire::{AlarmList, MemberList};
use crate::etcd::{EndpointAnswer, Observation};
use crate::sim::etcd::{answer, demo, endpoint};

const NOW: i64 = 1_790_000_000;
const BASE: &str = "https://127.0.0.1:6443";

/// The demo's members as the simulator answers, with control-plane-3 down.
fn seen() -> Observation {
    let mut sim = demo();
    let members = sim.members.clone();
    let mut ask = |m: &str, call: &str| {
        let (_, body) = answer(&mut sim, BASE, &format!("/etcd/{m}/v3/{call}"), b"{}").expect("an etcd path");
        serde_json::from_slice::<serde_json::Value>(&body).expect("JSON")
    };
    let answers = members
        .iter()
        .map(|m| {
            let url = endpoint(BASE, m.name);
            if m.name == "control-plane-3" {
                let down = format!("{url}: cannot connect: Connection refused");
                return EndpointAnswer {
                    endpoint: url,
                    status: Err(down.clone()),
                    health: Err(down.clone()),
                    members: Err(down.clone()),
                    alarms: Err(down),
                };
            }
            EndpointAnswer {
                status: Ok(serde_json::from_value(ask(m.name, "maintenance/status")).expect("status")),
                health: Ok(4),
                members: Ok(
                    serde_json::from_value::<MemberList>(ask(m.name, "cluster/member/list"))
                        .expect("members")
                        .members,
                ),
                alarms: Ok(
                    serde_json::from_value::<AlarmList>(ask(m.name, "maintenance/alarm"))
                        .expect("alarms")
                        .alarms,
                ),
                endpoint: url,
            }
        })
        .collect();
    Observation {
        answers,
        problem: None,
    }
}

pub(super) fn with_etcd(w: u16, h: u16) -> AppState {
    let mut a = app(w, h);
    a.live.local.etcd = Some(Resolution::Watch(Target {
        endpoints: vec![endpoint(BASE, "control-plane-1")],
        tls: TlsFiles::default(),
        quota: Quota {
            bytes: DEFAULT_QUOTA,
            source: QuotaSource::Default,
        },
        source: "the demo's simulated etcd".into(),
    }));
    a.live.local.etcd_seen = Some(seen());
    let readyz = Ok("[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n".to_string());
    a.live
        .panes
        .recompute(&a.live.store, (Some(&readyz), None), None, &a.live.local, NOW);
    a
}

#[test]
fn etcd_pane_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = with_etcd(w, h);
        // The etcd tile is the second.
        press(&mut a, "l");
        press(&mut a, "enter");
        let s = screen(&a);
        assert!(s.contains("control-plane-2") && s.contains("100%"), "{s}");
        assert!(s.contains("NOSPACE"), "{s}");
        assert!(
            s.contains("unhealthy") && s.contains("cannot connect: Connection"),
            "{s}"
        );
        insta::assert_snapshot!(format!("etcd_live_{w}x{h}"), s);
    }
}

#[test]
fn dashboard_tile_tells_the_nospace_alarm_first_80x24() {
    // The cluster refusing writes comes before one member of three down.
    let a = with_etcd(80, 24);
    let s = screen(&a);
    assert!(s.contains("etcd alarm NOSPACE on"), "{s}");
    assert!(!s.contains("etcd member control-plane-3 is"), "{s}");
    insta::assert_snapshot!("etcd_live_dashboard_80x24", s);
}
