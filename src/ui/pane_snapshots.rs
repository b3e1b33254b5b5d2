//! Snapshots of the opened panes and the dashboard with data, at 80x24 and
//! 160x48, from a hand-built store (stable: no clock, no random names).

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::keys::KeyChord;
use crate::app::{AppState, Msg, Settings};
use crate::config::color::ColorDepth;
use crate::config::theme;
use crate::kubeconfig::target::Target;
use crate::signals::test_support::*;

const NOW: i64 = 1_790_000_000;

pub(super) fn app(width: u16, height: u16) -> AppState {
    let mut s = synced();
    for (n, z) in [("cp-1", "z-a"), ("cp-2", "z-b")] {
        add_node(&mut s, cp_node(n, Some(z)));
        add_pod(&mut s, static_pod("kube-apiserver", n));
        add_pod(&mut s, static_pod("etcd", n));
    }
    for (n, z) in [("w-1", "z-a"), ("w-2", "z-a"), ("w-3", "z-b")] {
        add_node(&mut s, node(n, Some(z)));
    }
    let mut sick = node("w-4", None);
    sick.readiness = crate::cluster::store::records::Readiness::NotReady;
    sick.unschedulable = true;
    sick.disk_pressure = true;
    sick.created = Some(NOW - 3 * 86_400);
    add_node(&mut s, sick);
    for ns in ["web", "shop", "kube-system"] {
        add_namespace(&mut s, namespace(ns));
    }
    add_quota(
        &mut s,
        quota(
            "web",
            "compute",
            &[("pods", 9.0, 10.0), ("requests.cpu", 2.0, 8.0)],
        ),
    );
    add_quota(&mut s, quota("shop", "compute", &[("pods", 12.0, 12.0)]));
    add_limit_range(&mut s, "web", "defaults");
    s.api_endpoints.state = crate::cluster::store::SyncState::Synced;
    let addresses = [("10.0.0.1", true), ("10.0.0.2", false)];
    let slice = crate::cluster::store::records::EndpointSliceRecord {
        addresses: addresses.iter().map(|(ip, r)| (Box::from(*ip), *r)).collect(),
    };
    s.api_endpoints
        .items
        .insert(("default".into(), "kubernetes".into()), slice);
    for (i, n) in ["w-1", "w-1"].iter().enumerate() {
        add_pod(
            &mut s,
            owned(
                "web",
                &format!("cache-5d9f-{i}"),
                Some(n),
                "ReplicaSet",
                "cache-5d9f",
                &[("pod-template-hash", "5d9f")],
            ),
        );
    }
    add_lease(
        &mut s,
        lease(
            "kube-system",
            "kube-scheduler",
            Some("cp-1_x"),
            Some(NOW - 100),
            Some(15),
        ),
    );
    add_lease(
        &mut s,
        lease(
            "kube-system",
            "kube-controller-manager",
            None,
            Some(NOW - 5),
            Some(15),
        ),
    );
    let target = Target {
        context: Some("prod".into()),
        server: Some("https://10.0.0.1:6443".into()),
        namespace: "default".into(),
        scope: None,
    };
    let mut a = AppState::new(Settings::for_target(target));
    a.update(Msg::Resize { width, height });
    a.live.store = s;
    let readyz = Ok("[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n".to_string());
    a.live
        .panes
        .recompute(&a.live.store, (Some(&readyz), None), None, &a.live.local, NOW);
    a.live.now = NOW;
    a
}

/// The whole screen in the mono theme, as text.
pub(super) fn screen(a: &AppState) -> String {
    let (w, h) = a.nav.size;
    let (t, _) = theme::load("mono", ColorDepth::Mono, std::path::Path::new("/nonexistent"));
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| super::render(a, &t, f)).expect("draw");
    let buf = term.backend().buffer().clone();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn press(a: &mut AppState, k: &str) {
    a.update(Msg::Key(KeyChord::parse(k).expect("key")));
}

#[test]
fn dashboard_with_data_80x24() {
    let a = app(80, 24);
    let s = screen(&a);
    assert!(
        s.contains("✖"),
        "the failing readyz and stale leader make the control plane critical:\n{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn control_plane_pane_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app(w, h);
        press(&mut a, "enter");
        insta::assert_snapshot!(format!("control_plane_{w}x{h}"), screen(&a));
    }
}

#[test]
fn zones_pane_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app(w, h);
        // Zones is the fourth tile: below the first with 3 columns, below-right with 2.
        press(&mut a, "j");
        if w < 140 {
            press(&mut a, "l");
        }
        press(&mut a, "enter");
        let s = screen(&a);
        assert!(s.contains("Zones"), "{s}");
        insta::assert_snapshot!(format!("zones_{w}x{h}"), s);
    }
}

#[test]
fn dashboard_at_40x12_shows_verdicts_not_bare_borders() {
    let a = app(40, 12);
    let s = screen(&a);
    // Every tile says something: its title and its verdict on its row.
    for tile in ["▶ Control plane: ", "Zones: ", "Quotas: ", "Findings: "] {
        let line = s.lines().find(|l| l.contains(tile));
        assert!(line.is_some_and(|l| l.len() > tile.len() + 4), "{tile} in\n{s}");
    }
    assert!(!s.contains("┌") && !s.contains("┏"), "no bare borders:\n{s}");
    insta::assert_snapshot!("dashboard_40x12", s);
}

#[test]
fn a_long_status_line_wraps_and_reads_whole() {
    let mut a = app(80, 24);
    // A refusal the command line gives: longer than one row.
    press(&mut a, ":");
    for c in "ns arn-aws-eks-eu-west-1-123456789012-cluster-prod-payments-and-more".chars() {
        a.update(Msg::Key(KeyChord::plain(crate::app::keys::Key::Char(c))));
    }
    press(&mut a, "enter");
    let text = a.nav.notices.first().map(|n| n.text.clone()).unwrap_or_default();
    assert!(text.len() > 80, "{text}");
    let s = screen(&a);
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.contains("-and-more` is not") || l.contains("valid namespace name"))
        .collect();
    assert_eq!(rows.len(), 2, "its end on the row below:\n{s}");
    insta::assert_snapshot!("long_notice_80x24", s);
}

#[test]
fn a_message_longer_than_the_status_line_reads_whole_in_help() {
    let mut a = app(80, 24);
    let words: Vec<String> = (0..60).map(|i| format!("word{i}")).collect();
    a.nav.notices.push(crate::app::Notice {
        level: crate::app::NoticeLevel::Error,
        text: words.join(" "),
        about: crate::app::About::Command,
        holds: None,
    });
    let s = screen(&a);
    assert!(!s.contains("word59"), "the status line cuts it:\n{s}");
    press(&mut a, "?");
    let s = screen(&a);
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    for w in &words {
        assert!(flat.contains(w.as_str()), "{w} in help:\n{s}");
    }
}

#[test]
fn the_selected_findings_long_message_reads_whole_below_the_list() {
    let mut a = app(80, 24);
    a.live
        .panes
        .recompute(&a.live.store, (None, None), None, &a.live.local, NOW);
    let reason = "Issuing certificate as Secret does not exist: Failed to wait for the \
                  order web/shop-tls-1-2345 to be valid: ACME server returned 429 rate limited";
    if let Some(r) = a.live.panes.findings.as_mut().map(std::sync::Arc::make_mut) {
        // The list's first row: the first incident ("now" leads), else the worst.
        let i = r
            .findings
            .iter()
            .position(|f| crate::findings::incident::is_incident(f.id))
            .unwrap_or(0);
        let first = r.findings.get_mut(i).expect("a finding");
        first.message = reason.into();
    }
    for k in ["j", "j", "l", "enter"] {
        press(&mut a, k);
    }
    let s = screen(&a);
    // The row cuts it; the detail box shows every word of it.
    let detail: String = s.lines().rev().skip(2).take(6).collect::<Vec<_>>().join(" ");
    for word in ["Issuing", "order", "web/shop-tls-1-2345", "rate", "limited"] {
        assert!(detail.contains(word), "{word} in\n{s}");
    }
    assert!(s.contains("▶"), "the cursor row is on screen:\n{s}");
}

#[test]
fn quotas_pane_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app(w, h);
        // Quotas is the fifth tile: below-middle with 3 columns, third row left with 2.
        press(&mut a, "j");
        if w < 140 {
            press(&mut a, "j");
        } else {
            press(&mut a, "l");
        }
        press(&mut a, "enter");
        let s = screen(&a);
        assert!(s.contains("Quotas") && s.contains("shop"), "{s}");
        insta::assert_snapshot!(format!("quotas_{w}x{h}"), s);
    }
}

#[test]
fn nodes_table_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app(w, h);
        press(&mut a, "n");
        let s = screen(&a);
        // Problems first: the NotReady, cordoned node heads the table.
        let first_row = s
            .lines()
            .find(|l| l.contains("w-4") || l.contains("cp-1"))
            .unwrap_or("");
        assert!(first_row.contains("w-4") && first_row.contains("NotReady"), "{s}");
        insta::assert_snapshot!(format!("nodes_{w}x{h}"), s);
    }
}

#[test]
fn nodes_table_filtered_and_sorted() {
    let mut a = app(160, 48);
    press(&mut a, "n");
    press(&mut a, "/");
    for c in ["z", "-", "a"] {
        press(&mut a, c);
    }
    press(&mut a, "enter");
    press(&mut a, "<"); // from status back to name
    let s = screen(&a);
    assert!(s.contains("filter “z-a”") && s.contains("sort name"), "{s}");
    assert!(!s.contains("z-b"), "only zone z-a rows remain:\n{s}");
    insta::assert_snapshot!("nodes_filtered_160x48", s);
}

#[test]
fn findings_list_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app(w, h);
        // The findings are computed with the other models.
        a.live
            .panes
            .recompute(&a.live.store, (None, None), None, &a.live.local, NOW);
        // Findings is the sixth tile: bottom right in both layouts.
        for k in if w < 140 { ["j", "j", "l"] } else { ["j", "l", "l"] } {
            press(&mut a, k);
        }
        press(&mut a, "enter");
        let s = screen(&a);
        assert!(s.contains("Findings") && s.contains("node-not-ready"), "{s}");
        insta::assert_snapshot!(format!("findings_{w}x{h}"), s);
    }
}

#[test]
fn findings_list_incomplete_80x24() {
    let mut a = app(80, 24);
    // The fixture's objects, with every kind read but pods (forbidden).
    for state in [
        &mut a.live.store.deployments.state,
        &mut a.live.store.statefulsets.state,
        &mut a.live.store.daemonsets.state,
        &mut a.live.store.pdbs.state,
        &mut a.live.store.network_policies.state,
        &mut a.live.store.replicasets.state,
        &mut a.live.store.tls_secrets.state,
        &mut a.live.store.certificates.state,
        &mut a.live.store.csrs.state,
        &mut a.live.store.velero_backups.state,
        &mut a.live.store.velero_schedules.state,
        &mut a.live.store.etcd_snapshots.state,
        &mut a.live.store.cronjobs.state,
        &mut a.live.store.jobs.state,
        &mut a.live.store.hpas.state,
        &mut a.live.store.cluster_role_bindings.state,
    ] {
        *state = crate::cluster::store::SyncState::Synced;
    }
    a.live.store.pods.state = crate::cluster::store::SyncState::Forbidden {
        verb: "list".into(),
        resource: "pods".into(),
    };
    a.live
        .panes
        .recompute(&a.live.store, (None, None), None, &a.live.local, NOW);
    for k in ["j", "j", "l", "enter"] {
        press(&mut a, k);
    }
    let s = screen(&a);
    assert!(s.contains("incomplete, no score"), "{s}");
    assert!(
        s.contains("incomplete, not read: pods (forbidden: list pods)"),
        "{s}"
    );
    assert!(!s.contains("every check passed") && !s.contains("score 1"), "{s}");
    insta::assert_snapshot!(s);
}

#[test]
fn tiles_say_syncing_not_a_pass_over_kinds_not_read() {
    let mut a = app(160, 48);
    a.live.store.tls_secrets.state = crate::cluster::store::SyncState::Syncing { count: 2 };
    a.live
        .panes
        .recompute(&a.live.store, (None, None), None, &a.live.local, NOW);
    for tile in [
        crate::app::tiles::TileId::Certificates,
        crate::app::tiles::TileId::EtcdBackups,
        crate::app::tiles::TileId::Findings,
    ] {
        let lines = super::dashboard::tile_lines(&a, tile);
        assert!(!lines.is_empty(), "{tile:?}");
        assert!(
            lines.iter().all(|(t, _)| !t.starts_with('✔')),
            "{tile:?}: {lines:?}"
        );
        assert!(
            lines[0].0.contains("syncing") || lines[0].0.contains("no data yet"),
            "{tile:?}: {lines:?}"
        );
    }
}

#[test]
fn the_end_of_an_open_pane_fills_the_page_to_its_last_row() {
    let mut a = app(80, 14);
    press(&mut a, "enter");
    press(&mut a, "end");
    let s = screen(&a);
    let lines: Vec<&str> = s.lines().collect();
    let bottom = lines
        .iter()
        .position(|l| l.starts_with('┗'))
        .expect("the pane's bottom border");
    let last = lines[bottom - 1].trim_matches(|c| c == '┃' || c == ' ');
    assert!(!last.is_empty(), "no blank row above the bottom border:\n{s}");
    assert!(
        a.nav.pane_scroll.offset > 0,
        "the pane is longer than the screen:\n{s}"
    );
}
