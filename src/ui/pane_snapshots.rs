//! Snapshots of the opened panes and the dashboard with data, at 80x24 and
//! 160x48, from a hand-built store (stable: no clock, no random names).

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::keys::KeyChord;
use crate::app::{AppState, Msg, Target};
use crate::config::color::ColorDepth;
use crate::config::keymap::default_keymap;
use crate::config::theme;
use crate::signals::fixtures::*;

const NOW: i64 = 1_790_000_000;

fn app(width: u16, height: u16) -> AppState {
    let mut s = synced();
    for (n, z) in [("cp-1", "z-a"), ("cp-2", "z-b")] {
        add_node(&mut s, cp_node(n, Some(z)));
        add_pod(&mut s, static_pod("kube-apiserver", n));
        add_pod(&mut s, static_pod("etcd", n));
    }
    for (n, z) in [("w-1", "z-a"), ("w-2", "z-a"), ("w-3", "z-b")] {
        add_node(&mut s, node(n, Some(z)));
    }
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
    };
    let mut a = AppState::new(target, None, false, default_keymap(), vec![]);
    a.update(Msg::Resize { width, height });
    a.store = s;
    let readyz = Ok("[+]ping ok\n[-]etcd failed: reason withheld\nreadyz check failed\n".to_string());
    a.panes.recompute(&a.store, Some(&readyz), None, NOW);
    a
}

fn screen(a: &AppState) -> String {
    let (w, h) = a.size;
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

fn press(a: &mut AppState, k: &str) {
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
