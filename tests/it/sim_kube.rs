//! The simulated cluster through kube-rs: the same HTTPS client path kon
//! uses for a real cluster. List with pagination, watch (including a forced
//! 410 and cut streams the watcher recovers from), patch, eviction with and
//! without a blocking PodDisruptionBudget, auth, health, forbidden kinds.

use std::collections::HashSet;
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::core::v1::{Node, Pod};
use k8s_openapi::api::policy::v1::PodDisruptionBudget;
use kon::sim::RunningSim;
use kon::sim::scenarios::builtin;
use kube::api::{Api, EvictParams, ListParams, Patch, PatchParams, PostParams};
use kube::runtime::watcher;
use serde_json::json;

async fn start(
    name: &str,
    tweak: impl FnOnce(&mut kon::sim::scenarios::sim_cluster::SimCluster),
) -> RunningSim {
    let mut scenario = builtin::load(name).expect("scenario");
    tweak(&mut scenario.cluster);
    kon::sim::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("sim starts")
}

/// A client as kon builds them: no hidden retries (a 429 from a PDB must be
/// seen, not retried for minutes inside the client).
async fn client(sim: &RunningSim) -> kube::Client {
    kon::cluster::client(sim.kube_config().await.expect("config")).expect("client")
}

/// Polls `check` every 100 ms until it returns Some, for at most 30 s.
async fn eventually<T, F: std::future::Future<Output = Option<T>>>(
    what: &str,
    mut check: impl FnMut() -> F,
) -> T {
    for _ in 0..300 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread")]
async fn list_paginates_without_gaps_or_duplicates() {
    let sim = start("demo", |_| {}).await;
    let pods: Api<Pod> = Api::all(client(&sim).await);
    let all = pods.list(&ListParams::default()).await.unwrap();
    assert!(all.items.len() > 50, "demo has {} pods", all.items.len());
    let mut seen = HashSet::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut lp = ListParams::default().limit(17);
        if let Some(t) = &token {
            lp = lp.continue_token(t);
        }
        let page = pods.list(&lp).await.unwrap();
        pages += 1;
        assert!(page.items.len() <= 17);
        for p in &page.items {
            let key = (p.metadata.namespace.clone(), p.metadata.name.clone());
            assert!(seen.insert(key), "duplicate {:?}", p.metadata.name);
        }
        token = page.metadata.continue_.filter(|t| !t.is_empty());
        if token.is_none() {
            break;
        }
        assert!(page.metadata.remaining_item_count.unwrap_or(0) > 0);
    }
    assert_eq!(seen.len(), all.items.len());
    assert_eq!(pages, all.items.len().div_ceil(17));
}

#[tokio::test(flavor = "multi_thread")]
async fn selectors_filter_lists() {
    let sim = start("demo", |_| {}).await;
    let c = client(&sim).await;
    let on_node = Api::<Pod>::all(c.clone())
        .list(&ListParams::default().fields("spec.nodeName=worker-a-2"))
        .await
        .unwrap();
    assert!(!on_node.items.is_empty());
    assert!(
        on_node
            .items
            .iter()
            .all(|p| p.spec.as_ref().unwrap().node_name.as_deref() == Some("worker-a-2"))
    );
    let api = Api::<Pod>::namespaced(c.clone(), "payments")
        .list(&ListParams::default().labels("app=api"))
        .await
        .unwrap();
    assert_eq!(api.items.len(), 3);
    let bad = Api::<Pod>::all(c)
        .list(&ListParams::default().fields("spec.bogus=1"))
        .await
        .unwrap_err();
    match bad {
        kube::Error::Api(s) => assert_eq!(s.code, 400),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn patch_strategic_merge_and_json() {
    let sim = start("demo", |_| {}).await;
    let nodes: Api<Node> = Api::all(client(&sim).await);
    let pp = PatchParams::default();
    nodes
        .patch(
            "worker-b-1",
            &pp,
            &Patch::Strategic(json!({"spec": {"unschedulable": true}})),
        )
        .await
        .unwrap();
    assert_eq!(
        nodes.get("worker-b-1").await.unwrap().spec.unwrap().unschedulable,
        Some(true)
    );
    nodes
        .patch(
            "worker-b-1",
            &pp,
            &Patch::Merge(json!({"metadata": {"labels": {"team": "sre"}}})),
        )
        .await
        .unwrap();
    let ops: json_patch::Patch = serde_json::from_value(json!([
        {"op": "replace", "path": "/spec/unschedulable", "value": false},
        {"op": "add", "path": "/metadata/annotations/kon~1note", "value": "checked"}
    ]))
    .unwrap();
    nodes
        .patch("worker-b-1", &pp, &Patch::<()>::Json(ops))
        .await
        .unwrap();
    let n = nodes.get("worker-b-1").await.unwrap();
    assert_eq!(n.spec.unwrap().unschedulable, Some(false));
    assert_eq!(n.metadata.labels.unwrap()["team"], "sre");
    assert_eq!(n.metadata.annotations.unwrap()["kon/note"], "checked");
    let missing = nodes.get("no-such-node").await.unwrap_err();
    match missing {
        kube::Error::Api(s) => {
            assert_eq!((s.code, s.reason.as_str()), (404, "NotFound"));
            assert_eq!(s.message, "nodes \"no-such-node\" not found");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn eviction_blocked_by_pdb_answers_429() {
    let sim = start("demo", |_| {}).await;
    let pods: Api<Pod> = Api::namespaced(client(&sim).await, "payments");
    let api_pods = pods.list(&ListParams::default().labels("app=api")).await.unwrap();
    let name = api_pods.items[0].metadata.name.clone().unwrap();
    match pods.evict(&name, &EvictParams::default()).await.unwrap_err() {
        kube::Error::Api(s) => {
            assert_eq!((s.code, s.reason.as_str()), (429, "TooManyRequests"));
            assert_eq!(
                s.message,
                "Cannot evict pod as it would violate the pod's disruption budget."
            );
        }
        other => panic!("{other:?}"),
    }
    // Still there, not terminating.
    assert!(
        pods.get(&name)
            .await
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_none()
    );
    let pdb = Api::<PodDisruptionBudget>::namespaced(client(&sim).await, "payments")
        .get("api")
        .await
        .unwrap();
    assert_eq!(pdb.status.unwrap().disruptions_allowed, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn eviction_without_blocking_pdb_deletes_and_replaces() {
    let sim = start("demo", |_| {}).await;
    let c = client(&sim).await;
    let pods: Api<Pod> = Api::namespaced(c.clone(), "web");
    let before = pods
        .list(&ListParams::default().labels("app=frontend"))
        .await
        .unwrap();
    let victim = before.items[0].clone();
    let name = victim.metadata.name.clone().unwrap();
    pods.evict(&name, &EvictParams::default()).await.unwrap();
    // Gone within the (capped) grace period ...
    eventually("the evicted pod to go", || {
        let pods = pods.clone();
        let name = name.clone();
        async move { pods.get_opt(&name).await.unwrap().is_none().then_some(()) }
    })
    .await;
    // ... and replaced by its ReplicaSet, Running and Ready.
    let after = eventually("a Ready replacement", || {
        let pods = pods.clone();
        let n = before.items.len();
        async move {
            let l = pods
                .list(&ListParams::default().labels("app=frontend"))
                .await
                .unwrap();
            let ready = l
                .items
                .iter()
                .filter(|p| p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running"))
                .count();
            (l.items.len() == n && ready == n).then_some(l)
        }
    })
    .await;
    assert!(
        after
            .items
            .iter()
            .all(|p| p.metadata.name.as_deref() != Some(&name))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn watcher_recovers_from_forced_410_and_cut_streams() {
    let sim = start("healthy", |c| {
        c.faults.force_gone = true;
        c.faults.watch_cut_seconds = Some(1);
    })
    .await;
    let c = client(&sim).await;
    let pods: Api<Pod> = Api::namespaced(c.clone(), "default");
    let mut stream = watcher(pods.clone(), watcher::Config::default()).boxed();
    let creator = tokio::spawn(async move {
        // After the first watch was cut and a forced 410 made the watcher relist.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let pod: Pod = serde_json::from_value(json!({
            "metadata": {"name": "late-arrival", "namespace": "default"},
            "spec": {"containers": [{"name": "c", "image": "busybox"}]}
        }))
        .unwrap();
        pods.create(&PostParams::default(), &pod).await.unwrap();
    });
    let mut inits = 0;
    let mut saw_late = false;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !saw_late {
        let ev = tokio::time::timeout_at(deadline, stream.next())
            .await
            .expect("watch events");
        match ev {
            Some(Ok(watcher::Event::Init)) => inits += 1,
            Some(Ok(watcher::Event::Apply(p))) => {
                saw_late |= p.metadata.name.as_deref() == Some("late-arrival")
            }
            Some(Ok(_)) => {}
            // The forced 410 surfaces once as an error; the watcher then relists.
            Some(Err(_)) => {}
            None => panic!("watch stream ended"),
        }
    }
    creator.await.unwrap();
    assert!(
        inits >= 2,
        "the watcher relisted {inits} time(s); expected a relist after 410"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_from_compacted_version_gets_410() {
    let sim = start("demo", |_| {}).await;
    let c = client(&sim).await;
    // Loading compacts history: a version older than the load is gone.
    let nodes: Api<Node> = Api::all(c);
    let wp = kube::api::WatchParams::default();
    let mut s = nodes.watch(&wp, "1").await.unwrap().boxed();
    match s.next().await {
        Some(Ok(kube::api::WatchEvent::Error(e))) => assert_eq!(e.code, 410),
        other => panic!("expected a 410 error event, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn forbidden_kind_is_403_and_others_work() {
    let sim = start("demo", |c| c.faults.forbidden = vec!["secrets".into()]).await;
    let c = client(&sim).await;
    let err = Api::<k8s_openapi::api::core::v1::Secret>::all(c.clone())
        .list(&ListParams::default())
        .await
        .unwrap_err();
    match err {
        kube::Error::Api(s) => {
            assert_eq!(s.code, 403);
            assert!(
                s.message.contains("cannot list resource \"secrets\""),
                "{}",
                s.message
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        !Api::<Node>::all(c)
            .list(&ListParams::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn health_version_and_auth() {
    let sim = start("demo", |c| {
        c.health.failing = vec![kon::sim::scenarios::sim_cluster::FailingCheck {
            check: "etcd".into(),
            endpoints: vec![],
            reason: Some("etcd cluster is unavailable".into()),
        }];
    })
    .await;
    let c = client(&sim).await;
    assert_eq!(c.apiserver_version().await.unwrap().git_version, "v1.35.0");
    let req = http::Request::get("/readyz?verbose").body(Vec::new()).unwrap();
    match c.request_text(req).await.unwrap_err() {
        kube::Error::Api(s) => assert_eq!(s.code, 500),
        other => panic!("{other:?}"),
    }
    let req = http::Request::get("/livez/ping").body(Vec::new()).unwrap();
    assert_eq!(c.request_text(req).await.unwrap(), "ok");
    // No client certificate and no token: 401.
    let mut anon = sim.kube_config().await.unwrap();
    anon.auth_info = Default::default();
    let anon = kube::Client::try_from(anon).unwrap();
    match Api::<Node>::all(anon)
        .list(&ListParams::default())
        .await
        .unwrap_err()
    {
        kube::Error::Api(s) => assert_eq!(s.code, 401),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn injected_errors_and_throttling() {
    let sim = start("healthy", |c| c.faults.error_rate = 1.0).await;
    match Api::<Node>::all(client(&sim).await)
        .list(&ListParams::default())
        .await
        .unwrap_err()
    {
        kube::Error::Api(s) => assert_eq!((s.code, s.reason.as_str()), (500, "InternalError")),
        other => panic!("{other:?}"),
    }
    let sim = start("healthy", |c| c.faults.too_many_requests_rate = 1.0).await;
    match Api::<Node>::all(client(&sim).await)
        .list(&ListParams::default())
        .await
        .unwrap_err()
    {
        kube::Error::Api(s) => assert_eq!(s.code, 429),
        other => panic!("{other:?}"),
    }
    // Health endpoints are not API resources: still answered.
    assert!(client(&sim).await.apiserver_version().await.is_ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paused_server_answers_nothing_until_resumed() {
    let sim = start("healthy", |_| {}).await;
    let nodes: Api<Node> = Api::all(client(&sim).await);
    sim.sim.set_paused(true);
    let r = tokio::time::timeout(Duration::from_millis(1500), nodes.list(&ListParams::default())).await;
    assert!(r.is_err(), "a paused server answered");
    sim.sim.set_paused(false);
    assert!(!nodes.list(&ListParams::default()).await.unwrap().items.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn bookmarks_are_well_formed_watch_events() {
    let sim = start("healthy", |_| {}).await;
    let nodes: Api<Node> = Api::all(client(&sim).await);
    let rv = nodes
        .list(&ListParams::default())
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();
    let wp = kube::api::WatchParams {
        bookmarks: true,
        ..Default::default()
    };
    let mut s = nodes.watch(&wp, &rv).await.unwrap().boxed();
    // Quiet cluster: the first thing to arrive is a bookmark (every 5 s).
    match tokio::time::timeout(Duration::from_secs(30), s.next())
        .await
        .expect("an event")
    {
        Some(Ok(kube::api::WatchEvent::Bookmark(b))) => assert!(!b.metadata.resource_version.is_empty()),
        other => panic!("expected a bookmark, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn throttling_carries_retry_after_as_the_api_server_sends_it() {
    let sim = start("healthy", |c| {
        c.faults.too_many_requests_rate = 1.0;
        c.faults.retry_after_seconds = 7;
    })
    .await;
    let c = client(&sim).await;
    let req = http::Request::get("/api/v1/nodes").body(Vec::new()).unwrap();
    let resp = c.send(req.map(kube::client::Body::from)).await.unwrap();
    assert_eq!(resp.status(), 429);
    assert_eq!(
        resp.headers()
            .get(http::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("7")
    );
    match Api::<Node>::all(c)
        .list(&ListParams::default())
        .await
        .unwrap_err()
    {
        kube::Error::Api(s) => {
            assert_eq!((s.code, s.reason.as_str()), (429, "TooManyRequests"));
            assert_eq!(s.message, "Too many requests, please try again later.");
            let d = s.details.expect("details");
            assert_eq!(d.retry_after_seconds, 7);
        }
        other => panic!("{other:?}"),
    }
    // The default is the real server's 1 s.
    let sim = start("healthy", |c| c.faults.too_many_requests_rate = 1.0).await;
    let req = http::Request::get("/api/v1/nodes").body(Vec::new()).unwrap();
    let resp = client(&sim)
        .await
        .send(req.map(kube::client::Body::from))
        .await
        .unwrap();
    assert_eq!(
        resp.headers()
            .get(http::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn forbidden_takes_kubectl_names() {
    use k8s_openapi::api::coordination::v1::Lease;
    for name in [
        "leases",
        "lease",
        "leases.coordination.k8s.io",
        "coordination.k8s.io/leases",
    ] {
        let sim = start("healthy", |c| c.faults.forbidden = vec![name.into()]).await;
        match Api::<Lease>::all(client(&sim).await)
            .list(&ListParams::default())
            .await
            .unwrap_err()
        {
            kube::Error::Api(s) => assert_eq!(s.code, 403, "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    let mut scenario = builtin::load("healthy").expect("scenario");
    scenario.cluster.faults.forbidden = vec!["leasez".into()];
    let err = match kon::sim::start(scenario, "127.0.0.1:0".parse().unwrap()).await {
        Ok(_) => panic!("an unknown resource was accepted"),
        Err(e) => format!("{e:#}"),
    };
    assert!(err.contains("\"leasez\""), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pause_stalls_open_watches_too() {
    // Watches are cut after 1 s and ask for bookmarks: while paused, neither
    // the cut, nor a bookmark, nor the change made meanwhile may arrive.
    let sim = start("healthy", |c| c.faults.watch_cut_seconds = Some(1)).await;
    let nodes: Api<Node> = Api::all(client(&sim).await);
    let rv = nodes
        .list(&ListParams::default())
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();
    let wp = kube::api::WatchParams {
        bookmarks: true,
        ..Default::default()
    };
    let mut s = nodes.watch(&wp, &rv).await.unwrap().boxed();
    sim.sim.set_paused(true);
    sim.sim.mutate(|w| {
        let rt = w.store.find_resource("", "nodes").cloned().unwrap();
        let patch = json!({"metadata": {"labels": {"paused-change": "yes"}}});
        let name = "worker-1";
        w.store
            .patch(
                &rt,
                None,
                name,
                kon::sim::objects::patch::PatchType::Merge,
                patch.to_string().as_bytes(),
            )
            .unwrap();
    });
    let quiet = tokio::time::timeout(Duration::from_secs(3), s.next()).await;
    assert!(quiet.is_err(), "a paused server sent {:?}", quiet.ok());
    sim.sim.set_paused(false);
    // Resumed: the change arrives, or the stream is cut (the watcher relists).
    let next = tokio::time::timeout(Duration::from_secs(30), s.next())
        .await
        .expect("the watch answers once resumed");
    match next {
        None => {}
        Some(Ok(kube::api::WatchEvent::Modified(n))) => {
            assert_eq!(n.metadata.labels.unwrap()["paused-change"], "yes");
        }
        other => panic!("unexpected {other:?}"),
    }
}
