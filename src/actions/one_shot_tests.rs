//! One-operation requests, in virtual time, against a scripted API: the
//! read-only refusal sends nothing, a hung API ends at the timeout, an API
//! error reads as kubectl's, and the audit line says who, where, what,
//! with which options and how it ended.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::*;
use crate::actions::object::{Change, ObjectOp, perform};
use crate::actions::object_fake::{FakeObjects, api_err};
use crate::audit::{AuditLog, Who};
use crate::cluster::ObjectRef;

fn delete(force: bool) -> Request {
    let grace = if force { Some(0) } else { None };
    Request::Object(ObjectOp::new(
        ObjectRef::pod("shop", "web-1"),
        Change::Delete { grace, force },
    ))
}

fn log_in(dir: &tempfile::TempDir) -> (AuditLog, std::path::PathBuf) {
    let path = dir.path().join("audit.log");
    let who = Who {
        user: "alice".into(),
        context: "prod".into(),
    };
    (AuditLog::new(Some(path.clone()), who), path)
}

fn lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Runs `request` (a pod deletion) against `api`; the result and the notes.
async fn run(
    api: &FakeObjects,
    audit: &AuditLog,
    request: &Request,
    read_only: bool,
) -> (Result<Outcome, Refused>, Vec<String>) {
    let notes = Mutex::new(Vec::new());
    let report = |t: String| notes.lock().unwrap().push(t);
    let shot = OneShot::new(audit, &report);
    let Request::Object(op) = request else {
        unreachable!()
    };
    let deadline = Instant::now() + request.timeout();
    let result = shot
        .run(request, read_only, deadline, async {
            shot.note("deleting");
            perform(api, op).await
        })
        .await;
    (result, notes.into_inner().unwrap())
}

#[tokio::test(start_paused = true)]
async fn read_only_refuses_records_and_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = log_in(&dir);
    let api = FakeObjects::default();
    let (result, notes) = run(&api, &audit, &delete(false), true).await;
    assert_eq!(result, Err(Refused { audit_failed: None }));
    assert!(api.calls().is_empty(), "nothing sent");
    assert!(notes.is_empty(), "the operation never started");
    let l = lines(&path);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["action"], "delete");
    assert_eq!(l[0]["target"], "pod/shop/web-1");
    assert_eq!(l[0]["outcome"], "refused: read-only");
    assert_eq!(
        (l[0]["context"].as_str(), l[0]["user"].as_str()),
        (Some("prod"), Some("alice"))
    );
}

#[tokio::test(start_paused = true)]
async fn done_in_kubectls_words_and_audited_with_its_options() {
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = log_in(&dir);
    let api = FakeObjects::default();
    let (result, notes) = run(&api, &audit, &delete(true), false).await;
    let o = result.unwrap();
    assert_eq!(
        o,
        Outcome {
            ok: true,
            text: "pod \"web-1\" force deleted".into(),
            audit_failed: None
        }
    );
    assert_eq!(notes, ["deleting"]);
    assert_eq!(api.calls(), ["delete pod/shop/web-1 grace=Some(0)"]);
    let l = lines(&path);
    assert_eq!(l[0]["outcome"], "ok");
    assert_eq!(l[0]["options"], "--grace-period=0 --force");
    assert_eq!(
        (l[0]["context"].as_str(), l[0]["user"].as_str()),
        (Some("prod"), Some("alice"))
    );
    // The pod's own grace period: no option sent, none recorded.
    let (result, _) = run(&api, &audit, &delete(false), false).await;
    assert_eq!(result.unwrap().text, "pod \"web-1\" deleted");
    assert_eq!(api.calls()[1], "delete pod/shop/web-1 grace=None");
    assert!(lines(&path)[1].get("options").is_none());
}

#[tokio::test(start_paused = true)]
async fn an_api_error_reads_as_kubectls() {
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = log_in(&dir);
    let api = FakeObjects::failing(|| api_err(404, "NotFound", "pods \"web-1\" not found"));
    let o = run(&api, &audit, &delete(false), false).await.0.unwrap();
    assert!(!o.ok);
    assert_eq!(o.text, "Error from server (NotFound): pods \"web-1\" not found");
    assert_eq!(
        lines(&path)[0]["outcome"],
        "failed: Error from server (NotFound): pods \"web-1\" not found"
    );
}

#[tokio::test(start_paused = true)]
async fn a_hung_api_ends_at_the_timeout_and_says_it_may_be_done() {
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = log_in(&dir);
    let api = FakeObjects {
        hang: true,
        ..FakeObjects::default()
    };
    let started = Instant::now();
    let o = run(&api, &audit, &delete(false), false).await.0.unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(30), "virtual time");
    assert!(!o.ok);
    assert_eq!(
        o.text,
        "delete pod/web-1 -n shop: no answer after 30s; it may have been done all the same, look before trying again"
    );
    assert_eq!(lines(&path)[0]["outcome"], "timed out after 30s");
}

#[tokio::test(start_paused = true)]
async fn an_audit_log_that_cannot_be_written_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("state");
    std::fs::write(&blocker, "").unwrap();
    let audit = AuditLog::new(Some(blocker.join("audit.log")), Who::default());
    let api = FakeObjects::default();
    let o = run(&api, &audit, &delete(false), false).await.0.unwrap();
    assert!(o.ok, "the deletion was done");
    let why = o.audit_failed.expect("said");
    assert!(why.starts_with("cannot write the audit log "), "{why}");
    let refused = run(&api, &audit, &delete(false), true).await.0.unwrap_err();
    assert!(refused.audit_failed.is_some());
}

#[tokio::test(start_paused = true)]
async fn a_skipped_undo_is_recorded_as_skipped_and_its_operation_never_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (audit, path) = log_in(&dir);
    let request = Request::Object(ObjectOp::new(
        ObjectRef::namespaced(crate::cluster::ObjectKind::DaemonSet, "kube-system", "kube-proxy"),
        Change::Undo {
            to_revision: 1,
            patch: crate::actions::rollback::UndoPatch::Skip,
        },
    ));
    let report = |_: String| {};
    let shot = OneShot::new(&audit, &report);
    let polled = std::sync::atomic::AtomicBool::new(false);
    let op = async {
        polled.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok("sent".to_string())
    };
    let o = shot
        .run(&request, false, Instant::now() + request.timeout(), op)
        .await
        .unwrap();
    assert!(!polled.into_inner(), "nothing sent");
    assert_eq!(
        o,
        Outcome {
            ok: true,
            text: "daemonset.apps/kube-proxy skipped rollback (current template already matches revision 1)"
                .into(),
            audit_failed: None
        }
    );
    let l = lines(&path);
    assert_eq!(l.len(), 1);
    assert_eq!(l[0]["action"], "rollout-undo");
    assert_eq!(l[0]["target"], "daemonset.apps/kube-system/kube-proxy");
    assert_eq!(l[0]["options"], "--to-revision=1");
    assert_eq!(
        l[0]["outcome"],
        "skipped: current template already matches revision 1"
    );
    // Read-only still refuses first.
    let refused = shot
        .run(&request, true, Instant::now() + request.timeout(), async {
            Ok(String::new())
        })
        .await;
    assert!(refused.is_err());
    assert_eq!(lines(&path)[1]["outcome"], "refused: read-only");
}
