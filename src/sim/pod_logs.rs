//! `GET /api/v1/namespaces/NS/pods/NAME/log`, served as the API server and
//! the kubelet serve it: the container (`container`, init and ephemeral
//! ones too), the run (`previous`), `tailLines`, `sinceSeconds`,
//! `sinceTime`, `timestamps`, `limitBytes`, and `follow` (new lines as
//! they are written, until the container exits or the pod goes away).
//! What a pod writes is the scenario's declaration (`pod_logs_decl`);
//! pods without one write `POD/CONTAINER log line N`, three lines then one
//! a second. Errors are `Status` objects with the real wording.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::request::Parts;
use hyper::Response;
use serde_json::Value;
use tokio::sync::mpsc;

use super::api::error_response;
use super::http::{Body, streaming_bounded};
use super::objects::api_error::ApiError;
use super::pod_logs_decl::{self as decl, PodLogDecl};
use super::pod_logs_options::{self as options, LogOptions, Run, Since};
use super::pod_logs_stream::{LogStream, NANOS, RETAINED_LINES, Text, Writer, window};
use super::route::{Query, Route, parse_path};
use super::state::{Sim, World};

/// At most this many lines go out in one chunk.
const BATCH: u64 = 2_000;
/// A follower looks at the pod this often (has the container exited?).
const CHECK_EVERY: Duration = Duration::from_millis(200);

/// The answer when the request is a pod's log; `None` otherwise.
pub fn answer(sim: &Arc<Sim>, parts: &Parts, query: &Query) -> Option<Response<Body>> {
    let Route::Resource(p) = parse_path(parts.uri.path()) else {
        return None;
    };
    let is_log = parts.method == http::Method::GET
        && p.group.is_empty()
        && p.plural == "pods"
        && p.subresource.as_deref() == Some("log");
    if !is_log {
        return None;
    }
    let (ns, name) = (p.namespace?, p.name?);
    Some(serve(sim, &ns, &name, query).unwrap_or_else(|e| error_response(&e)))
}

/// What one request reads.
struct Plan {
    stream: LogStream,
    uid: String,
    container: String,
    run: Run,
    /// Crash lines, should the followed run exit with an error.
    crash: Arc<[String]>,
}

fn serve(sim: &Arc<Sim>, ns: &str, name: &str, query: &Query) -> Result<Response<Body>, ApiError> {
    let opts = options::parse(query, name)?;
    let now = crate::clock::unix_now_nanos();
    let plan = sim.read(|w| plan(w, &sim.cluster.logs, ns, name, &opts, now))?;
    let (tx, response) = streaming_bounded("text/plain", 4);
    let Some(plan) = plan else {
        return Ok(response); // not on a node yet: an empty log
    };
    let since = opts.since.map(|s| match s {
        Since::Seconds(n) => now - i128::from(n) * NANOS,
        Since::Time(t) => i128::from(t) * NANOS,
    });
    let w = window(&plan.stream, now, since, opts.tail_lines);
    let writer = Writer {
        timestamps: opts.timestamps,
        left: opts.limit_bytes,
    };
    let follow = opts.follow && plan.run.finished.is_none();
    tokio::spawn(send(
        sim.clone(),
        ns.to_string(),
        name.to_string(),
        tx,
        plan,
        w,
        writer,
        follow,
    ));
    Ok(response)
}

fn plan(
    w: &World,
    decls: &[PodLogDecl],
    ns: &str,
    name: &str,
    opts: &LogOptions,
    now: i128,
) -> Result<Option<Plan>, ApiError> {
    let rt = w
        .store
        .find_resource("", "pods")
        .ok_or_else(|| ApiError::not_found("", "pods", name))?;
    let pod = w.store.get(rt, Some(ns), name)?;
    let container = options::choose_container(&pod, opts.container.as_deref())?;
    if pod
        .pointer("/spec/nodeName")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return Ok(None);
    }
    let run = options::choose_run(&pod, &container, opts.previous)?;
    let parent = |kind: &str, owner: &str| {
        let (group, plural) = decl::served_at(kind)?;
        let rt = w.store.find_resource(group, plural)?;
        decl::controller_of(&w.store.get(rt, Some(ns), owner).ok()?)
    };
    let found = decl::find(decls, &pod, &container, &parent);
    let crash: Arc<[String]> = found.map(PodLogDecl::crash_lines).unwrap_or_default().into();
    let end = run.finished.map(|f| i128::from(f) * NANOS);
    let stream = match found {
        Some(d) => LogStream {
            text: Text::Lines(d.lines.clone().into()),
            start_ns: i128::from(run.started) * NANOS,
            interval_ns: ((1e9 / d.rate).round() as i128).max(1),
            end_ns: end,
            crash: if run.finished.is_some() && run.exit_code != 0 {
                crash.clone()
            } else {
                Arc::from([])
            },
        },
        // Without a declaration: three lines, then one a second.
        None => LogStream {
            text: Text::Numbered(format!("{name}/{container}")),
            start_ns: end.map_or(now - 2 * NANOS, |e| e - 3 * NANOS),
            interval_ns: NANOS,
            end_ns: end,
            crash: Arc::from([]),
        },
    };
    let uid = pod
        .pointer("/metadata/uid")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    Ok(Some(Plan {
        stream,
        uid,
        container,
        run,
        crash,
    }))
}

#[allow(clippy::too_many_arguments)]
async fn send(
    sim: Arc<Sim>,
    ns: String,
    name: String,
    tx: mpsc::Sender<Bytes>,
    mut plan: Plan,
    w: super::pod_logs_stream::Window,
    mut writer: Writer,
    follow: bool,
) {
    let mut buf = Vec::with_capacity(64 * 1024);
    // The history, in chunks.
    let mut next = w.first;
    while next < w.upto {
        let end = w.upto.min(next + BATCH);
        let open = (next..end).all(|i| writer.line(&plan.stream, i, &mut buf));
        next = end;
        if !flush(&tx, &mut buf).await || !open {
            return;
        }
    }
    let crash_open =
        (w.crash_from..plan.stream.crash.len()).all(|k| writer.crash_line(&plan.stream, k, &mut buf));
    if !flush(&tx, &mut buf).await || !crash_open || !follow {
        return;
    }
    // New lines as they are written, until the run ends.
    let mut checked = tokio::time::Instant::now();
    loop {
        let now = crate::clock::unix_now_nanos();
        let upto = plan.stream.count_at(now);
        next = next.max(upto.saturating_sub(RETAINED_LINES));
        let end = upto.min(next + BATCH);
        let open = (next..end).all(|i| writer.line(&plan.stream, i, &mut buf));
        next = end;
        if !flush(&tx, &mut buf).await || !open {
            return;
        }
        if plan.stream.end_ns.is_some() && next >= upto {
            let len = plan.stream.crash.len();
            let _ = (0..len).all(|k| writer.crash_line(&plan.stream, k, &mut buf));
            flush(&tx, &mut buf).await;
            return;
        }
        if next < upto {
            tokio::task::yield_now().await;
            continue;
        }
        if checked.elapsed() >= CHECK_EVERY {
            checked = tokio::time::Instant::now();
            let pod = sim.read(|w| {
                let rt = w.store.find_resource("", "pods")?;
                w.store.get(rt, Some(&ns), &name).ok()
            });
            match options::follow_state(pod.as_ref(), &plan.uid, &plan.container, &plan.run) {
                options::Following::Running => {}
                options::Following::Gone => return,
                options::Following::Ended { finished, exit_code } => {
                    let crash = if exit_code != 0 {
                        plan.crash.clone()
                    } else {
                        Arc::from([])
                    };
                    // A record that claims the future ends the run now.
                    let end = (i128::from(finished) * NANOS).min(crate::clock::unix_now_nanos());
                    plan.stream.end(end, crash);
                    continue;
                }
            }
        }
        let due = plan.stream.time_of(next) - crate::clock::unix_now_nanos();
        let wait = Duration::from_nanos(due.clamp(2_000_000, 200_000_000) as u64);
        tokio::time::sleep(wait).await;
    }
}

/// Sends what the buffer holds; false when the client has gone.
async fn flush(tx: &mpsc::Sender<Bytes>, buf: &mut Vec<u8>) -> bool {
    if buf.is_empty() {
        return true;
    }
    let chunk = Bytes::copy_from_slice(buf);
    buf.clear();
    tx.send(chunk).await.is_ok()
}
