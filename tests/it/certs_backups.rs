//! The certificates and etcd backups panes against the simulated cluster:
//! every certificate source (serving chain by TLS handshake, kubeconfig,
//! TLS Secrets, cert-manager, CSRs) and every API backup source (Velero,
//! ETCDSnapshotFiles, etcd CronJobs and their Jobs), as the panes' models
//! say them; a user who may not list Secrets; a cluster with no backup.

use std::time::Duration;

use kon::app::{AppState, Msg, Settings};
use kon::certs::Origin;
use kon::cluster::store::kinds::Kind;
use kon::cluster::{Report, watch};
use kon::signals::verdict::Level;
use kon::sim::scenarios::builtin;
use kon::sim::scenarios::scenario::Scenario;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// Starts `scenario`, syncs every kind into a console state, adds the
/// serving chain and the kubeconfig's certificates, and recomputes.
async fn synced(scenario: Scenario) -> AppState {
    let sim = kon::sim::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let config = sim.kube_config().await.unwrap();
    let url = config.cluster_url.to_string();
    let client = kon::cluster::client(config).unwrap();
    let (tx, mut rx) = mpsc::channel(4096);
    let mut set = JoinSet::new();
    watch::spawn_all(&mut set, &client, 0, &tx, "default");
    let mut app = AppState::new(Settings::default());
    app.live.local.expected.insert(Origin::Serving);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !Kind::ALL.iter().all(|k| {
        let s = app.live.store.state(*k);
        s.is_settled() || s.is_failure()
    }) {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "not synced: {:?}",
                    Kind::ALL.map(|k| app.live.store.state(k).clone())
                )
            })
            .unwrap();
        app.update(msg.into());
    }
    set.abort_all();
    let serving = kon::certs::serving::fetch_chain(&url, Duration::from_secs(10)).await;
    app.update(Msg::Cluster(Report::Found {
        generation: 0,
        origin: Origin::Serving,
        certs: serving,
    }));
    let kc =
        kube::config::Kubeconfig::from_yaml(&sim.kubeconfig(kon::sim::kubeconfig::Auth::ClientCert)).unwrap();
    let from_kc = kon::certs::kubeconfig::from_kubeconfig(&kc, "kon-sim", None);
    app.update(Msg::Cluster(Report::Found {
        generation: 0,
        origin: Origin::Kubeconfig,
        certs: from_kc,
    }));
    app.update(Msg::Recompute {
        now: kon::clock::unix_now(),
    });
    app
}

fn messages(v: &[kon::signals::verdict::Verdict], level: Level) -> Vec<String> {
    v.iter()
        .filter(|v| v.level == level)
        .map(|v| v.message.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_certificates_from_every_source() {
    let app = synced(builtin::load("demo").unwrap()).await;
    let m = app.live.panes.certs.as_ref().expect("certificates model");
    assert!(m.pending.is_empty(), "{:?}", m.pending);
    let row = |name: &str| {
        m.rows.iter().find(|r| r.name.contains(name)).unwrap_or_else(|| {
            panic!(
                "no row {name}: {:#?}",
                m.rows.iter().map(|r| &r.name).collect::<Vec<_>>()
            )
        })
    };
    // The serving certificate: 10 days left (SimCluster certificates.serving).
    let serving = row("serving certificate");
    let days = serving.left.unwrap() / 86_400;
    assert!((9..=10).contains(&days), "{days}");
    assert_eq!(serving.level, Level::Crit);
    // The kubeconfig's client certificate and CA.
    assert!(m.rows.iter().any(|r| r.name.contains("client certificate")));
    assert!(m.rows.iter().any(|r| r.name.contains("cluster CA")));
    // The TLS Secret with 9 days left, managed by the failing cert-manager Certificate.
    let storefront = row("web/storefront-tls");
    assert_eq!(storefront.managed_by.as_deref(), Some("web/storefront"));
    assert_eq!(storefront.level, Level::Crit);
    // The pending CSR.
    assert!(row("csr-8kq2w").mark() == "PENDING");
    let crit = messages(&m.verdicts, Level::Crit).join("\n");
    assert!(crit.contains("storefront-tls expires in"), "{crit}");
    let warn = messages(&m.verdicts, Level::Warn).join("\n");
    assert!(
        warn.contains("renewal failing") && warn.contains("CSR pending"),
        "{warn}"
    );
    // Soonest expiry first.
    let lefts: Vec<i64> = m.rows.iter().filter_map(|r| r.left).collect();
    assert!(lefts.windows(2).all(|w| w[0] <= w[1]), "{lefts:?}");
    // The dashboard tile leads with the near expiry.
    let tile = kon::app::tiles::tile_lines(
        &app.live.panes,
        kon::app::tiles::TileId::Certificates,
        app.live.now,
    )
    .unwrap();
    assert_eq!(tile[0].level, Level::Crit);
    assert!(tile[0].text.contains("storefront-tls"), "{:?}", tile[0]);
}

#[tokio::test(flavor = "multi_thread")]
async fn demo_backups_are_stale_and_the_last_runs_failed() {
    let app = synced(builtin::load("demo").unwrap()).await;
    let m = app.live.panes.backups.as_ref().expect("backups model");
    let (_, newest) = m.newest_good.as_ref().expect("a good backup");
    assert_eq!(newest, "velero/nightly-0041");
    let age_h = m.newest_age.unwrap() / 3600;
    assert_eq!(age_h, 74);
    let crit = messages(&m.verdicts, Level::Crit).join("\n");
    assert!(crit.contains("3d old") && crit.contains("RPO 24h"), "{crit}");
    let warn = messages(&m.verdicts, Level::Warn).join("\n");
    assert!(
        warn.contains("nightly-0043") && warn.contains("PartiallyFailed"),
        "{warn}"
    );
    assert!(
        warn.contains("etcd-snapshot") && warn.contains("failed"),
        "{warn}"
    );
    let tile = kon::app::tiles::tile_lines(
        &app.live.panes,
        kon::app::tiles::TileId::EtcdBackups,
        app.live.now,
    )
    .unwrap();
    assert_eq!(tile[0].level, Level::Crit);
}

#[tokio::test(flavor = "multi_thread")]
async fn k3s_snapshots_and_csrs() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/k3s-snapshots.yaml");
    let scenario = builtin::load(path.to_str().unwrap()).unwrap();
    let app = synced(scenario).await;
    let b = app.live.panes.backups.as_ref().unwrap();
    assert_eq!(b.newest_age.map(|a| a / 3600), Some(30), "{:?}", b.newest_good);
    assert!(b.newest_good.as_ref().unwrap().1.contains("1732043200"));
    let warn = messages(&b.verdicts, Level::Warn).join("\n");
    assert!(
        warn.contains("30h") || warn.contains("1d"),
        "older than the RPO: {warn}"
    );
    assert!(
        warn.contains("context deadline exceeded"),
        "the failed snapshot: {warn}"
    );
    assert_eq!(messages(&b.verdicts, Level::Crit), Vec::<String>::new());
    let c = app.live.panes.certs.as_ref().unwrap();
    let marks: Vec<&str> = c
        .rows
        .iter()
        .filter(|r| r.csr.is_some())
        .map(|r| r.mark())
        .collect();
    assert!(
        marks.contains(&"PENDING") && marks.contains(&"DENIED"),
        "{marks:?}"
    );
    // No cert-manager here: absent, not a problem.
    assert_eq!(
        *app.live.store.state(Kind::Certificates),
        kon::cluster::store::SyncState::Absent
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_permission_on_secrets_the_rest_of_the_pane_works() {
    let mut scenario = builtin::load("demo").unwrap();
    scenario.cluster.faults.forbidden = vec!["secrets".into()];
    let app = synced(scenario).await;
    let m = app.live.panes.certs.as_ref().unwrap();
    let missing = m.missing.join("\n");
    assert!(
        missing.contains("forbidden") && missing.contains("secrets"),
        "{missing}"
    );
    let warn = messages(&m.verdicts, Level::Warn).join("\n");
    assert!(warn.contains("secrets"), "{warn}");
    assert!(
        !m.rows
            .iter()
            .any(|r| r.name.contains("storefront-tls") && r.source == kon::signals::certs::CertSource::Secret)
    );
    // The serving chain, the kubeconfig and cert-manager still show.
    assert!(m.rows.iter().any(|r| r.name.contains("serving certificate")));
    assert!(m.rows.iter().any(|r| r.name.contains("client certificate")));
    assert!(
        m.rows.iter().any(|r| r.name.contains("storefront")),
        "cert-manager's Certificate stands in"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cluster_without_any_backup_is_critical() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios/k3s-snapshots.yaml");
    let mut scenario = builtin::load(path.to_str().unwrap()).unwrap();
    scenario.objects.retain(|o| o["kind"] != "ETCDSnapshotFile");
    let app = synced(scenario).await;
    let b = app.live.panes.backups.as_ref().unwrap();
    let crit = messages(&b.verdicts, Level::Crit).join("\n");
    assert!(crit.contains("no etcd backup"), "{crit}");
}
