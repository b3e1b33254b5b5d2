//! The executor against the drain's scripted API, in virtual time: a
//! read-only refusal, a timeout, an audit log that cannot be written, and
//! the order of the progress reported.

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use super::*;
use crate::audit::{AuditLog, Who};
use crate::drain::plan::PodRef;
use crate::drain::run::{PodProgress, RunSettings};
use crate::drain::runner::fake::{Fake, plan};

struct Run {
    result: Result<Vec<NodeResult>, Refused>,
    events: Vec<Event>,
    took: Duration,
}

/// Executes `request` on `api`, recording to `audit`.
async fn execute(api: &Fake, audit: &AuditLog, request: &Request, read_only: bool) -> Run {
    let events = Mutex::new(Vec::new());
    let report = |e| events.lock().unwrap().push(e);
    let (_keep, abort) = watch::channel(false);
    let started = Instant::now();
    let result = Executor::new(api, audit, &report, abort)
        .execute(request, read_only, started + request.timeout())
        .await;
    Run {
        result,
        events: events.into_inner().unwrap(),
        took: started.elapsed(),
    }
}

/// (action, target, outcome) of each line of the log at `path`.
fn lines(path: &std::path::Path) -> Vec<(String, String, String)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let e: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("action"), s("target"), s("outcome"))
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn read_only_refuses_records_and_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.log");
    let audit = AuditLog::new(Some(path.clone()), Who::default());
    let api = Fake::new(&["a"]);
    let request = Request::cordon(vec!["n1".into(), "n2".into()], true);
    let r = execute(&api, &audit, &request, true).await;
    assert_eq!(r.result, Err(Refused { audit_failed: None }));
    assert_eq!(api.w.lock().unwrap().requests, 0, "nothing sent");
    assert!(r.events.is_empty());
    assert_eq!(
        lines(&path),
        [
            ("cordon".into(), "node/n1".into(), "refused: read-only".into()),
            ("cordon".into(), "node/n2".into(), "refused: read-only".into()),
        ]
    );
    let drain = Request::Drain {
        plans: vec![plan(&["a"])],
        settings: RunSettings::default(),
    };
    assert!(execute(&api, &audit, &drain, true).await.result.is_err());
    assert_eq!(api.w.lock().unwrap().requests, 0, "nothing sent");
    assert_eq!(lines(&path)[2].0, "drain");
}

#[tokio::test(start_paused = true)]
async fn a_hung_api_ends_the_request_at_its_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.log");
    let audit = AuditLog::new(Some(path.clone()), Who::default());
    let api = Fake::new(&[]);
    api.hang_after(0);
    let request = Request::SetUnschedulable {
        nodes: vec!["n1".into()],
        on: true,
        timeout: Duration::from_secs(5),
    };
    let r = execute(&api, &audit, &request, false).await;
    let results = r.result.unwrap();
    assert!(!results[0].ok);
    assert_eq!(results[0].text, "not cordoned: timed out after 5s");
    assert_eq!(r.took, Duration::from_secs(5), "virtual time");
    assert_eq!(lines(&path)[0].2, "not cordoned: timed out after 5s");
}

#[tokio::test(start_paused = true)]
async fn an_audit_log_that_cannot_be_written_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the log's directory should be.
    let blocker = dir.path().join("state");
    std::fs::write(&blocker, "").unwrap();
    let audit = AuditLog::new(Some(blocker.join("audit.log")), Who::default());
    let api = Fake::new(&["a", "b"]);
    let drain = Request::Drain {
        plans: vec![plan(&["a", "b"])],
        settings: RunSettings::default(),
    };
    let r = execute(&api, &audit, &drain, false).await;
    assert_eq!(r.result.unwrap()[0].text, "drained", "the drain goes on");
    let failed: Vec<&String> = r
        .events
        .iter()
        .filter_map(|e| match e {
            Event::AuditFailed(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(failed.len(), 1, "{:?}", r.events);
    assert!(
        failed[0].starts_with("cannot write the audit log "),
        "{}",
        failed[0]
    );
    // A refusal's failure comes back, and goes out as an event too.
    let request = Request::cordon(vec!["n1".into()], true);
    let r = execute(&api, &audit, &request, true).await;
    let why = r.result.unwrap_err().audit_failed.expect("the failure");
    assert!(why.starts_with("cannot write the audit log "), "{why}");
    assert_eq!(r.events, [Event::AuditFailed(why)]);
    assert!(
        refuse(&audit, "switch-context", &["context/x".into()])
            .audit_failed
            .is_some()
    );
}

#[tokio::test(start_paused = true)]
async fn progress_comes_in_order() {
    let api = Fake::new(&["a", "b"]);
    let audit = AuditLog::default();
    let drain = Request::Drain {
        plans: vec![plan(&["a", "b"])],
        settings: RunSettings::default(),
    };
    let r = execute(&api, &audit, &drain, false).await;
    assert_eq!(r.result.as_ref().unwrap()[0].text, "drained");
    let e = &r.events;
    assert_eq!(e[0], Event::Note("node/n1 cordoned".into()));
    for (i, pod) in ["a", "b"].iter().enumerate() {
        assert_eq!(
            e[1 + i],
            Event::Pod {
                pod: PodRef::new("ns", pod),
                state: PodProgress::Pending
            }
        );
    }
    // Each pod: evicting, then evicted, then gone; the node's end comes last.
    for pod in ["a", "b"] {
        let states: Vec<&PodProgress> = e
            .iter()
            .filter_map(|e| match e {
                Event::Pod { pod: p, state } if p.name == pod => Some(state),
                _ => None,
            })
            .collect();
        let at = |s: &PodProgress| states.iter().position(|x| *x == s);
        assert!(
            at(&PodProgress::Pending) < at(&PodProgress::Evicting),
            "{states:?}"
        );
        assert!(at(&PodProgress::Evicting) < at(&PodProgress::Gone), "{states:?}");
    }
    assert!(matches!(e.last(), Some(Event::Done(r)) if r.node == "n1" && r.ok));
}
