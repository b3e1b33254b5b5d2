//! Quiet when broken: against a failing API the watchers back off (capped
//! exponential backoff with jitter) instead of re-listing every second, and
//! a kind the server does not serve (404) is not polled. Requests are
//! counted at the simulated API server. A server that stops answering
//! shows in the console's header within seconds.

use crate::test_support;

use std::time::Duration;

use kon::cluster::{Report, watch};
use kon::sim::scenarios::builtin;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// Runs every watcher against a `demo` sim (with `tweak`'s faults) for
/// `secs` seconds, taking their messages, and returns the sim.
async fn run_watchers(
    secs: u64,
    tweak: impl FnOnce(&mut kon::sim::scenarios::sim_cluster::SimCluster),
) -> kon::sim::RunningSim {
    let mut scenario = builtin::load("demo").unwrap();
    tweak(&mut scenario.cluster);
    let sim = kon::sim::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = kon::cluster::client(sim.kube_config().await.unwrap()).unwrap();
    let (tx, mut rx) = mpsc::channel::<Report>(4096);
    let mut set = JoinSet::new();
    watch::spawn_all(&mut set, &client, 0, &tx, "default");
    let until = tokio::time::Instant::now() + Duration::from_secs(secs);
    while let Ok(Some(_)) = tokio::time::timeout_at(until, rx.recv()).await {}
    set.abort_all();
    sim
}

/// The list requests (not watches, not discovery) per resource path.
fn lists(sim: &kon::sim::RunningSim) -> Vec<(String, u64)> {
    sim.sim
        .requests
        .counts()
        .into_iter()
        .filter(|(k, _)| !k.ends_with("?watch"))
        .filter(|(k, _)| {
            k.starts_with("GET /api/v1/") || (k.starts_with("GET /apis/") && k.matches('/').count() >= 4)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_watcher_backs_off_while_the_api_answers_errors() {
    let sim = run_watchers(20, |c| c.faults.error_rate = 1.0).await;
    let lists = lists(&sim);
    assert!(lists.len() >= 20, "every kind was tried: {lists:?}");
    // Waits of 0.5-1 s, 1-2 s, 2-4 s, 4-8 s, 8-16 s…: at most 6 tries in
    // 20 s. Without backoff a kind is re-listed about every second.
    for (path, n) in &lists {
        assert!(*n <= 8, "{path} listed {n} times in 20 s: {lists:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kind_the_server_does_not_serve_is_not_polled() {
    let sim = run_watchers(30, |_| {}).await;
    let counts = sim.sim.requests.counts();
    let snapshots = counts
        .get("GET /apis/k3s.cattle.io/v1/etcdsnapshotfiles")
        .copied()
        .unwrap_or(0);
    assert!(snapshots >= 1, "the kind was tried: {counts:?}");
    assert!(snapshots <= 3, "listed {snapshots} times in 30 s: {counts:?}");
    // The kinds that are served were listed (and are being watched).
    assert!(
        counts.get("GET /api/v1/nodes").copied().unwrap_or(0) >= 1,
        "{counts:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_kind_not_served_is_read_once_its_crd_is_installed() {
    use kon::app::{AppState, Settings};
    use kon::cluster::store::SyncState;
    use kon::cluster::store::kinds::Kind;

    let sim = kon::sim::start(builtin::load("demo").unwrap(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = kon::cluster::client(sim.kube_config().await.unwrap()).unwrap();
    let (tx, mut rx) = mpsc::channel::<Report>(4096);
    let mut set = JoinSet::new();
    watch::spawn_all(&mut set, &client, 0, &tx, "default");
    let mut app = AppState::new(Settings::default());
    pump(&mut app, &mut rx, "every kind settled", |a| {
        Kind::ALL.iter().all(|k| a.live.store.state(*k).is_settled())
    })
    .await;
    assert_eq!(*app.live.store.state(Kind::EtcdSnapshots), SyncState::Absent);

    // The k3s CRD is installed: discovery changes and the kind is read.
    sim.sim.mutate(|w| {
        let crd = serde_json::json!({
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "etcdsnapshotfiles.k3s.cattle.io"},
            "spec": {"group": "k3s.cattle.io", "scope": "Cluster",
                     "names": {"kind": "ETCDSnapshotFile", "plural": "etcdsnapshotfiles"},
                     "versions": [{"name": "v1", "served": true}]}
        });
        assert!(w.kinds.add_crd(&crd));
        w.store
            .register(kon::sim::objects::resource_type::ResourceType::new(
                "k3s.cattle.io",
                "v1",
                "ETCDSnapshotFile",
                "etcdsnapshotfiles",
                false,
            ));
    });
    pump(&mut app, &mut rx, "the new kind synced", |a| {
        *a.live.store.state(Kind::EtcdSnapshots) == SyncState::Synced
    })
    .await;
    set.abort_all();
    let n = sim.sim.requests.counts()["GET /apis/k3s.cattle.io/v1/etcdsnapshotfiles"];
    assert!(n <= 3, "listed {n} times");
}

/// Feeds watcher messages into `app` until `done` holds (at most 120 s).
async fn pump(
    app: &mut kon::app::AppState,
    rx: &mut mpsc::Receiver<Report>,
    what: &str,
    done: impl Fn(&kon::app::AppState) -> bool,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while !done(app) {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
            .expect("watchers alive");
        app.update(msg.into());
    }
}

/// The seconds of the first "no answer for Ns" on `screen`.
fn no_answer_secs(screen: &str) -> Option<u64> {
    let rest = &screen[screen.find("no answer for ")? + "no answer for ".len()..];
    rest[..rest.find('s')?].parse().ok()
}

#[test]
fn the_header_says_no_answer_while_the_api_hangs() {
    use test_support::tmux::{Tmux, kon_bin};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt
        .block_on(kon::sim::start(
            builtin::load("healthy").unwrap(),
            "127.0.0.1:0".parse().unwrap(),
        ))
        .unwrap();
    let t = Tmux::new("quiet-no-answer");
    let kubeconfig = t.home().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        sim.kubeconfig(kon::sim::kubeconfig::Auth::ClientCert),
    )
    .unwrap();
    t.start(
        120,
        30,
        &format!(
            "exec {} --kubeconfig {}",
            kon_bin().display(),
            kubeconfig.display()
        ),
    );
    t.wait_for("✔ connected");
    // The server accepts requests and answers none.
    sim.sim.set_paused(true);
    let screen = t.wait_for("no answer for ");
    let first = no_answer_secs(&screen).expect("seconds shown");
    // It counts on while the hang lasts.
    t.wait_until_screen("the count to go on", |s| {
        no_answer_secs(s).is_some_and(|n| n > first)
    });
    sim.sim.set_paused(false);
    t.wait_for("✔ connected");
    drop(sim);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_is_gone_gets_few_connections() {
    let sim = kon::sim::start(builtin::load("healthy").unwrap(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    // Gone from the start: connections are accepted and dropped at once.
    sim.sim.set_down(true);
    let client = kon::cluster::client(sim.kube_config().await.unwrap()).unwrap();
    let (tx, mut rx) = mpsc::channel::<Report>(4096);
    let mut set = JoinSet::new();
    watch::spawn_all(&mut set, &client, 0, &tx, "default");
    set.spawn(kon::cluster::probe::run(client.clone(), tx.clone()));
    set.spawn(kon::cluster::health::run(client.clone(), 0, tx.clone()));
    let until = tokio::time::Instant::now() + Duration::from_secs(30);
    while let Ok(Some(_)) = tokio::time::timeout_at(until, rx.recv()).await {}
    set.abort_all();
    let n = sim.sim.requests.connections();
    eprintln!("connections in 30 s: {n}");
    // 23 watchers, discovery, the probe and health: each backs off from
    // 1 s (5 s for health) doubling, so about 170 at most. Without backoff
    // each watcher reconnected about every second (614 measured).
    assert!(n >= 23, "every worker tried: {n}");
    assert!(n <= 250, "{n} connections in 30 s");
}
