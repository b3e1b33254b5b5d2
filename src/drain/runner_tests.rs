//! The runner against a scripted API, in virtual time: a hung API, throttling,
//! server errors, PodDisruptionBudget refusals, aborts.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::fake::{Fake, plan};
use super::*;
use crate::audit::{AuditLog, Who};

struct Run {
    results: Vec<NodeResult>,
    events: Vec<Event>,
    audit: Vec<serde_json::Value>,
    took: Duration,
}

fn settings(timeout: u64) -> RunSettings {
    RunSettings {
        timeout: Duration::from_secs(timeout),
        ..RunSettings::default()
    }
}

/// Drains `plans` on `api` (or cordons, with `cordon`), aborting after `abort_at`.
async fn run(api: &Fake, what: Result<Vec<Plan>, bool>, timeout: u64, abort_at: Option<Duration>) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.log");
    let audit = AuditLog::new(Some(path.clone()), Who::default());
    let events = Mutex::new(Vec::new());
    let report = |e| events.lock().unwrap().push(e);
    let (tx, abort) = watch::channel(false);
    if let Some(at) = abort_at {
        tokio::spawn(async move {
            tokio::time::sleep(at).await;
            let _ = tx.send(true);
            std::future::pending::<()>().await;
        });
    }
    let s = settings(timeout);
    let runner = Runner::new(api, &audit, &report, abort, s.per_request, s.timeout);
    let started = Instant::now();
    let deadline = started + s.timeout;
    let results = match what {
        Ok(plans) => runner.drain(&plans, s, deadline).await,
        Err(on) => runner.set_unschedulable(&["n1".to_string()], on, deadline).await,
    };
    let took = started.elapsed();
    let audit = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    Run {
        results,
        events: events.into_inner().unwrap(),
        audit,
        took,
    }
}

fn actions(r: &Run) -> Vec<(String, String, String)> {
    r.audit
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("action"), s("target"), s("outcome"))
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn a_cordoned_node_is_already_cordoned_and_not_patched() {
    let api = Fake::new(&[]);
    api.w.lock().unwrap().cordoned.insert("n1".into(), true);
    let r = run(&api, Err(true), 30, None).await;
    assert_eq!(r.results[0].text, "already cordoned");
    assert!(r.results[0].ok);
    assert_eq!(api.w.lock().unwrap().patches, 0);
    assert_eq!(
        actions(&r),
        [("cordon".into(), "node/n1".into(), "already cordoned".into())]
    );
    let r = run(&api, Err(false), 30, None).await;
    assert_eq!(r.results[0].text, "uncordoned");
    let r = run(&api, Err(false), 30, None).await;
    assert_eq!(r.results[0].text, "already uncordoned");
}

#[tokio::test(start_paused = true)]
async fn a_hung_api_ends_a_cordon_at_its_timeout() {
    let api = Fake::new(&[]);
    api.hang_after(0);
    let r = run(&api, Err(true), 5, None).await;
    assert!(!r.results[0].ok);
    assert_eq!(r.results[0].text, "not cordoned: timed out after 5s");
    assert_eq!(r.took, Duration::from_secs(5), "virtual time");
    assert_eq!(actions(&r)[0].2, "not cordoned: timed out after 5s");
}

#[tokio::test(start_paused = true)]
async fn throttling_and_server_errors_are_retried_honouring_retry_after() {
    let api = Fake::new(&[]);
    api.fault("get", 2, 429, "TooManyRequests", 3);
    api.fault("patch", 1, 503, "ServiceUnavailable", 0);
    let r = run(&api, Err(true), 30, None).await;
    assert_eq!(r.results[0].text, "cordoned", "{:?}", r.results);
    assert!(api.w.lock().unwrap().cordoned["n1"]);
    assert!(
        r.took >= Duration::from_secs(6),
        "two Retry-After: 3 waits: {:?}",
        r.took
    );
}

#[tokio::test(start_paused = true)]
async fn a_permanent_error_is_not_retried() {
    let api = Fake::new(&[]);
    api.fault("patch", 1, 403, "Forbidden", 0);
    let r = run(&api, Err(true), 30, None).await;
    assert!(
        r.results[0].text.starts_with("cordon failed: "),
        "{:?}",
        r.results
    );
    assert_eq!(api.w.lock().unwrap().requests, 2);
}

#[tokio::test(start_paused = true)]
async fn a_drain_evicts_waits_and_records_each_step() {
    let api = Fake::new(&["a", "b", "c"]);
    api.fault("evict", 3, 500, "InternalError", 0);
    api.fault("evict", 1, 429, "TooManyRequests", 1);
    let r = run(&api, Ok(vec![plan(&["a", "b", "c"])]), 60, None).await;
    assert_eq!(r.results[0].text, "drained");
    assert!(r.results[0].ok);
    assert!(api.w.lock().unwrap().pods.is_empty());
    let a = actions(&r);
    assert_eq!(a[0], ("drain".into(), "node/n1".into(), "started".into()));
    assert_eq!(r.audit[0]["options"], "--ignore-daemonsets --timeout 60s");
    assert_eq!(a[1], ("cordon".into(), "node/n1".into(), "ok".into()));
    let evicted: BTreeSet<&str> = a
        .iter()
        .filter(|x| x.0 == "evict" && x.2 == "evicted")
        .map(|x| x.1.as_str())
        .collect();
    assert_eq!(evicted, BTreeSet::from(["pod/ns/a", "pod/ns/b", "pod/ns/c"]));
    let retries: Vec<&str> = r.audit.iter().filter_map(|e| e["retries"].as_str()).collect();
    let total: u32 = retries
        .iter()
        .flat_map(|t| t.split(", "))
        .map(|t| t.split('×').next().unwrap().parse::<u32>().unwrap())
        .sum();
    assert_eq!(total, 4, "each failed try recorded: {retries:?}");
    assert!(
        retries.iter().any(|t| t.contains("500 InternalError")),
        "{retries:?}"
    );
    assert_eq!(
        a.last().unwrap(),
        &("drain".into(), "node/n1".into(), "drained".into())
    );
    assert_eq!(r.audit.last().unwrap()["pods_left"], serde_json::json!([]));
    assert!(r.events.iter().any(|e| matches!(
        e,
        Event::Pod {
            state: PodProgress::Retrying { .. },
            ..
        }
    )));
}

#[tokio::test(start_paused = true)]
async fn a_blocked_pod_times_out_and_the_pods_left_are_read_back() {
    let api = Fake::new(&["a", "b"]);
    api.w.lock().unwrap().protected.insert(PodRef::new("ns", "b"));
    let r = run(&api, Ok(vec![plan(&["a", "b"])]), 30, None).await;
    let text = &r.results[0].text;
    assert!(!r.results[0].ok);
    assert_eq!(
        text,
        "timed out after 30s; evicted 1 of 2 pod(s): ns/a; 1 pod(s) still on the node: ns/b; \
         node/n1 stays cordoned"
    );
    assert_eq!(r.audit.last().unwrap()["pods_left"], serde_json::json!(["ns/b"]));
    let b = actions(&r).into_iter().find(|x| x.1 == "pod/ns/b").unwrap();
    assert_eq!(b.2, "not evicted (timed out after 30s): blocked by PDB ns/web");
    assert!(api.w.lock().unwrap().cordoned["n1"], "left cordoned");
    assert!(r.took >= Duration::from_secs(30) && r.took <= Duration::from_secs(30) + READBACK);
}

#[tokio::test(start_paused = true)]
async fn a_pod_still_terminating_at_the_deadline_is_left() {
    let mut api = Fake::new(&["a"]);
    api.terminating = Duration::from_secs(600);
    let r = run(&api, Ok(vec![plan(&["a"])]), 10, None).await;
    assert!(
        r.results[0]
            .text
            .contains("1 pod(s) still on the node: ns/a (terminating)"),
        "{}",
        r.results[0].text
    );
    assert_eq!(
        r.audit.last().unwrap()["pods_left"],
        serde_json::json!(["ns/a (terminating)"])
    );
}

#[tokio::test(start_paused = true)]
async fn an_api_that_hangs_mid_drain_ends_at_the_deadline_and_says_what_it_could_not_read() {
    let api = Fake::new(&["a", "b"]);
    // get, patch, list: then nothing answers (the evictions hang).
    api.hang_after(3);
    let r = run(&api, Ok(vec![plan(&["a", "b"])]), 5, None).await;
    let text = &r.results[0].text;
    assert!(
        text.starts_with("timed out after 5s; evicted none of 2 pod(s); "),
        "{text}"
    );
    assert!(
        text.contains("the pods still on the node could not be read: no answer"),
        "{text}"
    );
    assert!(text.ends_with("node/n1 stays cordoned"), "{text}");
    assert_eq!(r.took, Duration::from_secs(5) + READBACK);
    assert!(r.audit.last().unwrap().get("pods_left").is_none());
    let pods: Vec<String> = actions(&r)
        .into_iter()
        .filter(|x| x.0 == "evict")
        .map(|x| x.2)
        .collect();
    assert_eq!(
        pods,
        ["timed out after 5s while the eviction was in flight: not known"; 2]
    );
}

#[tokio::test(start_paused = true)]
async fn an_abort_answers_at_once_even_with_a_hung_api() {
    let api = Fake::new(&["a", "b", "c"]);
    api.w.lock().unwrap().protected.insert(PodRef::new("ns", "c"));
    let r = run(
        &api,
        Ok(vec![plan(&["a", "b", "c"]), plan(&["a"])]),
        300,
        Some(Duration::from_secs(10)),
    )
    .await;
    assert!(r.took < Duration::from_secs(11), "{:?}", r.took);
    let text = &r.results[0].text;
    assert!(
        text.starts_with("aborted; evicted 2 of 3 pod(s): ns/a, ns/b; 1 pod(s) still on the node: ns/c;"),
        "{text}"
    );
    assert!(text.ends_with("stays cordoned"));
    assert_eq!(r.results[1].text, "not started (aborted): nothing changed");
    assert!(
        r.events
            .iter()
            .any(|e| matches!(e, Event::Note(t) if t.starts_with("aborting")))
    );
    // The pod it was still trying to evict ends as not evicted, not as "evicting".
    let last_c = r.events.iter().rev().find_map(|e| match e {
        Event::Pod { pod, state } if pod.name == "c" => Some(state.clone()),
        _ => None,
    });
    assert_eq!(
        last_c,
        Some(PodProgress::Failed(
            "not evicted (aborted): blocked by PDB ns/web".into()
        ))
    );
    // With the API hung, the abort still answers; the read-back says it could not read.
    let api = Fake::new(&["a"]);
    api.hang_after(3);
    let r = run(&api, Ok(vec![plan(&["a"])]), 300, Some(Duration::from_secs(2))).await;
    assert_eq!(r.took, Duration::from_secs(2) + READBACK);
    assert!(
        r.results[0].text.contains("could not be read"),
        "{}",
        r.results[0].text
    );
}

#[tokio::test(start_paused = true)]
async fn the_audit_log_failing_is_said_once() {
    let api = Fake::new(&["a", "b"]);
    let dir = tempfile::tempdir().unwrap();
    let audit = AuditLog::new(Some(dir.path().to_path_buf()), Who::default());
    let events = Mutex::new(Vec::new());
    let report = |e| events.lock().unwrap().push(e);
    let (_tx, abort) = watch::channel(false);
    let s = settings(60);
    let runner = Runner::new(&api, &audit, &report, abort, s.per_request, s.timeout);
    let r = runner
        .drain(&[plan(&["a", "b"])], s, Instant::now() + s.timeout)
        .await;
    assert_eq!(r[0].text, "drained");
    let failed = events
        .into_inner()
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e, Event::AuditFailed(_)))
        .count();
    assert_eq!(failed, 1);
}

#[tokio::test(start_paused = true)]
async fn throttled_until_the_deadline_is_a_timeout_not_a_failure() {
    let api = Fake::new(&["a"]);
    api.fault("list", 100, 429, "TooManyRequests", 2);
    let r = run(&api, Ok(vec![plan(&["a"])]), 5, None).await;
    let text = &r.results[0].text;
    assert!(
        text.starts_with("timed out after 5s; evicted none of 1 pod(s); "),
        "{text}"
    );
    assert!(!text.contains("failed"), "{text}");
    assert!(text.contains("could not be read: "), "{text}");
    assert!(
        text.contains("TooManyRequests") && !text.contains("Status {"),
        "no debug dump: {text}"
    );
}
