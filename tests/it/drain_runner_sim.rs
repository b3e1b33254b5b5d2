//! The drain runner against an in-process simulated cluster: an abort stops
//! the evictions, and a server that stops answering mid-drain ends the drain
//! at its deadline with the truth about what could not be read.

#[tokio::test(flavor = "multi_thread")]
async fn an_aborted_drain_stops_evicting() {
    use kon::drain::{api::KubeApi, plan, run, runner::Runner};
    let scenario = kon::sim::scenarios::builtin::load("demo").unwrap();
    let sim = kon::sim::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = kon::cluster::client(sim.kube_config().await.unwrap()).unwrap();
    let store = kon::cluster::list::list_all(&client).await;
    let opts = plan::DrainOptions {
        ignore_daemonsets: true,
        delete_emptydir_data: true,
        force: false,
    };
    // worker-a-1 runs a payments/api pod its PDB protects: that eviction keeps being refused.
    let p = plan::plan(&store, "worker-a-1", opts).unwrap();
    assert!(!p.blockers.is_empty(), "{}", p.summary());
    let (abort_tx, abort) = tokio::sync::watch::channel(false);
    let blocked = std::sync::atomic::AtomicUsize::new(0);
    let report = |e: run::Event| {
        if let run::Event::Pod {
            state: run::PodProgress::Blocked { .. },
            ..
        } = e
        {
            blocked.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let _ = abort_tx.send(true);
        }
    };
    let api = KubeApi(client);
    let audit = kon::audit::AuditLog::default();
    let settings = run::RunSettings::default();
    let runner = Runner::new(
        &api,
        &audit,
        &report,
        abort,
        settings.per_request,
        settings.timeout,
    );
    let deadline = tokio::time::Instant::now() + settings.timeout;
    let results = runner.drain(&[p], settings, deadline).await;
    let text = &results[0].text;
    assert!(text.starts_with("aborted; evicted "), "{text}");
    let left = text.split("still on the node: ").nth(1).unwrap_or_default();
    assert!(left.contains("payments/api"), "{text}");
    assert!(text.ends_with("node/worker-a-1 stays cordoned"), "{text}");
    assert!(
        blocked.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "the PDB refusal was reported"
    );
}

/// The API stops answering in the middle of a drain: the drain ends at its
/// deadline, not when the API comes back, and says it could not read what is left.
#[tokio::test(flavor = "multi_thread")]
async fn a_drain_ends_at_its_deadline_when_the_api_stops_answering() {
    use kon::drain::{api::KubeApi, plan, run, runner::Runner};
    let scenario = kon::sim::scenarios::builtin::load("demo").unwrap();
    let sim = kon::sim::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = kon::cluster::client(sim.kube_config().await.unwrap()).unwrap();
    let store = kon::cluster::list::list_all(&client).await;
    let opts = plan::DrainOptions {
        ignore_daemonsets: true,
        delete_emptydir_data: true,
        force: false,
    };
    let p = plan::plan(&store, "worker-a-1", opts).unwrap();
    let paused = sim.sim.clone();
    // Once the PDB has refused an eviction, the server stops answering.
    let report = move |e: run::Event| {
        if let run::Event::Pod {
            state: run::PodProgress::Blocked { .. },
            ..
        } = e
        {
            paused.set_paused(true);
        }
    };
    let api = KubeApi(client);
    let dir = tempfile::tempdir().unwrap();
    let who = kon::audit::Who::default();
    let audit = kon::audit::AuditLog::new(Some(dir.path().join("audit.log")), who);
    let settings = run::RunSettings {
        timeout: std::time::Duration::from_secs(8),
        ..Default::default()
    };
    let (_abort_tx, abort) = tokio::sync::watch::channel(false);
    let runner = Runner::new(
        &api,
        &audit,
        &report,
        abort,
        settings.per_request,
        settings.timeout,
    );
    let deadline = tokio::time::Instant::now() + settings.timeout;
    let results = runner.drain(&[p], settings, deadline).await;
    sim.sim.set_paused(false);
    let text = &results[0].text;
    assert!(!results[0].ok);
    assert!(text.starts_with("timed out after 8s; "), "{text}");
    assert!(
        text.contains("the pods still on the node could not be read: no answer"),
        "{text}"
    );
    let log = std::fs::read_to_string(dir.path().join("audit.log")).unwrap();
    let last: serde_json::Value = serde_json::from_str(log.lines().last().unwrap()).unwrap();
    assert_eq!(last["action"], "drain");
    assert!(last["outcome"].as_str().unwrap().contains("could not be read"));
}
