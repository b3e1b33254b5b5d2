//! Snapshots of the certificates and etcd backups panes at 80x24 and
//! 160x48 (mono, so that expiry must read without colour), from a
//! hand-built store and found certificates.

use super::pane_snapshots::screen;
use crate::app::keys::KeyChord;
use crate::app::{AppState, Msg, Settings};
use crate::certs::Origin;
use crate::cluster::Report;
use crate::cluster::store::backup_records::JobOutcome;
use crate::cluster::store::cert_records::CsrState;
use crate::kubeconfig::target::Target;
use crate::signals::test_support::*;

const NOW: i64 = 1_790_000_000;
const DAY: i64 = 86_400;
const H: i64 = 3_600;

fn app(width: u16, height: u16) -> AppState {
    let mut s = certs_synced();
    let b = backups_synced();
    s.velero_backups = b.velero_backups;
    s.velero_schedules = b.velero_schedules;
    s.etcd_snapshots = b.etcd_snapshots;
    s.cronjobs = b.cronjobs;
    s.jobs = b.jobs;
    let chain = vec![
        cert_info("shop.example.com", "R11", NOW - 81 * DAY, NOW + 9 * DAY),
        ca_info("R11", "ISRG Root X1", NOW - 400 * DAY, NOW + 700 * DAY),
    ];
    add_tls_secret(&mut s, tls_secret("web", "storefront-tls", Ok(chain)));
    let old = cert_info(
        "legacy.example.com",
        "legacy.example.com",
        NOW - 400 * DAY,
        NOW - 3 * DAY,
    );
    add_tls_secret(&mut s, tls_secret("web", "legacy-tls", Ok(vec![old])));
    add_tls_secret(
        &mut s,
        tls_secret("shop", "broken-tls", Err("no certificate found: empty".into())),
    );
    add_certificate(
        &mut s,
        cert_manager("web", "storefront", Some("storefront-tls"), Some(NOW + 9 * DAY)),
    );
    add_csr(
        &mut s,
        csr(
            "csr-8kq2w",
            "system:node:w-2",
            Some(NOW - 3 * H),
            CsrState::Pending,
            None,
        ),
    );
    add_velero_backup(
        &mut s,
        velero_backup(
            "velero",
            "nightly-0041",
            "Completed",
            Some("nightly"),
            Some(NOW - 74 * H),
        ),
    );
    add_velero_backup(
        &mut s,
        velero_backup(
            "velero",
            "nightly-0043",
            "PartiallyFailed",
            Some("nightly"),
            Some(NOW - 26 * H),
        ),
    );
    add_velero_schedule(
        &mut s,
        velero_schedule("velero", "nightly", false, Some(NOW - 26 * H)),
    );
    add_cronjob(
        &mut s,
        cronjob("kube-system", "etcd-backup", &[], false, Some(NOW - 76 * H)),
    );
    add_job(
        &mut s,
        job(
            "kube-system",
            "etcd-backup-1",
            "etcd-backup",
            NOW - 2 * H,
            JobOutcome::Failed,
            Some("BackoffLimitExceeded"),
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
    let serving = cert_info("kube-apiserver", "kubernetes", NOW - 355 * DAY, NOW + 10 * DAY);
    let found = vec![found(
        Origin::Serving,
        "serving certificate",
        "https://10.0.0.1:6443",
        Ok(serving),
    )];
    a.update(Msg::Cluster(Report::Found {
        generation: 0,
        origin: Origin::Serving,
        certs: found,
    }));
    a.update(Msg::Recompute { now: NOW });
    a
}

fn press(a: &mut AppState, keys: &[&str]) {
    for k in keys {
        a.update(Msg::Key(KeyChord::parse(k).expect("key")));
    }
}

#[test]
fn certificates_pane_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app(w, h);
        // Certificates is the third tile: below the first with 2 columns, right of the second with 3.
        press(
            &mut a,
            if w < 140 {
                &["j", "enter"]
            } else {
                &["l", "l", "enter"]
            },
        );
        let s = screen(&a);
        assert!(s.contains("Certificates — "), "{s}");
        // Expired reads without colour, even in mono.
        assert!(s.contains("EXPIRED 3d ago"), "{s}");
        insta::assert_snapshot!(format!("certificates_{w}x{h}"), s);
    }
}

#[test]
fn backups_pane_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = app(w, h);
        press(&mut a, &["l", "enter"]);
        let s = screen(&a);
        assert!(s.contains("etcd backups — ") && s.contains("nightly-0041"), "{s}");
        insta::assert_snapshot!(format!("backups_{w}x{h}"), s);
    }
}

#[test]
fn dashboard_tiles_lead_with_the_worst() {
    let a = app(160, 48);
    let s = screen(&a);
    assert!(
        s.contains("✖ 1 certificate expired") || s.contains("✖ legacy-tls"),
        "{s}"
    );
    insta::assert_snapshot!("dashboard_certs_backups_160x48", s);
}

#[test]
fn a_long_reason_reads_whole_in_the_pane_and_scrolls_to_its_end() {
    let mut a = app(80, 24);
    press(&mut a, &["l", "enter"]);
    let s = screen(&a);
    // Cut at 80 columns before; now wrapped onto the next row.
    assert!(s.contains("BackoffLimitExceeded"), "{s}");
    // The last wrapped row can be scrolled to: nothing is below the end.
    press(&mut a, &["G"]);
    let s = screen(&a);
    assert!(s.contains("none configured (--backup-dir"), "{s}");
    assert!(s.contains("/27 ┛"), "{s}");
}
