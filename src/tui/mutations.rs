//! The console's side of the one action path: a request runs in the
//! background through [`actions::Executor`], and what it reports comes
//! back to the app as messages (a drain's progress pod by pod, a cordon's
//! result as one notice, an audit-log failure as an error notice).

use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

use crate::actions::{self, Executor, OneShot, Outcome, Request};
use crate::app::Msg;
use crate::audit::AuditLog;
use crate::drain::api::KubeApi;
use crate::drain::run::Event;

/// Runs `request` against `client`, recording to `audit`; `abort` (when
/// given) stops it, else only its timeout does.
pub async fn run(
    client: kube::Client,
    request: Request,
    read_only: bool,
    audit: AuditLog,
    abort: Option<watch::Receiver<bool>>,
    tx: mpsc::Sender<Msg>,
) {
    // The sender stays while the request runs: no abort but the timeout.
    let (_keep, never) = watch::channel(false);
    let abort = abort.unwrap_or(never);
    let api = KubeApi(client.clone());
    let deadline = Instant::now() + request.timeout();
    match &request {
        Request::Drain { .. } => {
            let (events, rx) = mpsc::unbounded_channel();
            let forward = tokio::spawn(forward_drain_events(rx, tx));
            let report = move |e| {
                let _ = events.send(e);
            };
            let executor = Executor::new(&api, &audit, &report, abort);
            // A refusal was said by the app; its audit failure went out as an event.
            let _ = executor.execute(&request, read_only, deadline).await;
            drop(report);
            let _ = forward.await;
        }
        Request::SetUnschedulable { .. } => {
            let audit_failed = std::sync::Mutex::new(None);
            let report = |e| {
                if let Event::AuditFailed(t) = e
                    && let Ok(mut slot) = audit_failed.lock()
                {
                    *slot = Some(t);
                }
            };
            let executor = Executor::new(&api, &audit, &report, abort);
            let results = executor.execute(&request, read_only, deadline).await;
            let failed = audit_failed.lock().ok().and_then(|mut s| s.take());
            let Ok(results) = results else {
                if let Some(why) = failed {
                    let _ = tx.send(refusal_not_recorded(request.verb(), why)).await;
                }
                return;
            };
            let ok = results.iter().all(|r| r.ok);
            let mut text = results
                .iter()
                .map(|r| format!("node/{} {}", r.node, r.text))
                .collect::<Vec<_>>()
                .join("; ");
            if let Some(t) = failed {
                text.push_str(&format!("; {t}"));
            }
            let _ = tx.send(Msg::ActionDone { ok, text }).await;
        }
        Request::Object(op) => {
            let api = actions::object::KubeObjects(client);
            let report = note_to(tx.clone());
            let shot = OneShot::new(&audit, &report);
            let result = shot
                .run(&request, read_only, deadline, actions::object::perform(&api, op))
                .await;
            send_outcome(&tx, request.verb(), result).await;
        }
    }
}

/// A one-operation request's progress notes as notices (dropped, not
/// waited for, when the console is behind: the outcome follows anyway).
pub fn note_to(tx: mpsc::Sender<Msg>) -> impl Fn(String) + Send + Sync {
    move |text| {
        let _ = tx.try_send(Msg::ActionDone { ok: true, text });
    }
}

/// A one-operation request's end as the console's notice: kubectl's text,
/// and an audit log that could not be written (a refusal was said by the
/// app; only a failure to record it is news).
pub async fn send_outcome(tx: &mpsc::Sender<Msg>, verb: &str, result: Result<Outcome, actions::Refused>) {
    let msg = match result {
        Ok(o) => {
            // An audit line that could not be written is shown as an error.
            let ok = o.ok && o.audit_failed.is_none();
            let mut text = o.text;
            if let Some(why) = o.audit_failed {
                text.push_str(&format!("; {why}"));
            }
            Msg::ActionDone { ok, text }
        }
        Err(actions::Refused {
            audit_failed: Some(why),
        }) => refusal_not_recorded(verb, why),
        Err(_) => return,
    };
    let _ = tx.send(msg).await;
}

/// Records a refusal the app has said (read-only); `Some` message when the
/// audit log could not be written, to be shown.
pub fn refused(audit: &AuditLog, action: &str, targets: &[String]) -> Option<Msg> {
    let why = actions::refuse(audit, action, targets).audit_failed?;
    Some(refusal_not_recorded(action, why))
}

fn refusal_not_recorded(action: &str, why: String) -> Msg {
    Msg::ActionDone {
        ok: false,
        text: format!("read-only: {action} refused; {why}"),
    }
}

/// The runner's events as the console's messages (none dropped: each is awaited).
async fn forward_drain_events(mut rx: mpsc::UnboundedReceiver<Event>, tx: mpsc::Sender<Msg>) {
    while let Some(e) = rx.recv().await {
        let msg = match e {
            Event::Pod { pod, state } => Msg::DrainProgress { pod, state },
            Event::Done(r) => Msg::DrainDone {
                node: r.node,
                ok: r.ok,
                text: r.text,
            },
            Event::Note(text) => Msg::ActionDone { ok: true, text },
            Event::AuditFailed(text) => Msg::ActionDone { ok: false, text },
        };
        if tx.send(msg).await.is_err() {
            return;
        }
    }
}
