//! The server-side Table rows of Pods and Events, computed as kube-apiserver
//! computes them (`pkg/printers/internalversion/printers.go`: `printPod`,
//! `printEvent`), so that `kubectl get pods` and `kubectl get events`
//! against the sim print what they print against a real cluster.

use serde_json::{Value, json};

use super::scenarios::sim_time::parse_rfc3339;
use super::table::human_duration;

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

fn time(v: &Value, ptr: &str) -> Option<i64> {
    v.pointer(ptr)
        .and_then(Value::as_str)
        .and_then(|t| parse_rfc3339(t).ok())
}

/// `translateTimestampSince`: `<unknown>` for a missing time.
fn since(t: Option<i64>, now: i64) -> String {
    t.map_or("<unknown>".into(), |t| human_duration(now - t))
}

fn list<'a>(v: &'a Value, ptr: &str) -> &'a [Value] {
    v.pointer(ptr)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn restartable_init(pod: &Value, name: &str) -> bool {
    list(pod, "/spec/initContainers")
        .iter()
        .any(|c| c["name"] == name && c["restartPolicy"] == "Always")
}

fn condition_true(pod: &Value, ty: &str) -> bool {
    list(pod, "/status/conditions")
        .iter()
        .any(|c| c["type"] == ty && c["status"] == "True")
}

fn terminated_reason(term: &Value, prefix: &str) -> String {
    match term["reason"].as_str().filter(|r| !r.is_empty()) {
        Some(r) => format!("{prefix}{r}"),
        None => match term["signal"].as_i64().filter(|s| *s != 0) {
            Some(sig) => format!("{prefix}Signal:{sig}"),
            None => format!("{prefix}ExitCode:{}", term["exitCode"].as_i64().unwrap_or(0)),
        },
    }
}

/// The cells `printPod` computes: name, ready, status, restarts, age, then
/// (wide) IP, node, nominated node, readiness gates.
pub fn pod_cells(pod: &Value, now: i64) -> Vec<Value> {
    let mut restarts = 0;
    let mut sidecar_restarts = 0;
    let mut total = list(pod, "/spec/containers").len();
    let mut ready = 0;
    let mut last_restart: Option<i64> = None;
    let mut last_sidecar_restart: Option<i64> = None;
    let later = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let phase = s(pod, "/status/phase");
    let mut reason = match s(pod, "/status/reason") {
        "" => phase.to_string(),
        r => r.to_string(),
    };
    if list(pod, "/status/conditions")
        .iter()
        .any(|c| c["type"] == "PodScheduled" && c["reason"] == "SchedulingGated")
    {
        reason = "SchedulingGated".into();
    }
    let inits = list(pod, "/spec/initContainers");
    total += inits.iter().filter(|c| c["restartPolicy"] == "Always").count();
    let mut initializing = false;
    for (i, c) in list(pod, "/status/initContainerStatuses").iter().enumerate() {
        let name = c["name"].as_str().unwrap_or("");
        let n = c["restartCount"].as_i64().unwrap_or(0);
        let finished = time(c, "/lastState/terminated/finishedAt");
        restarts += n;
        last_restart = later(last_restart, finished);
        let sidecar = restartable_init(pod, name);
        if sidecar {
            sidecar_restarts += n;
            last_sidecar_restart = later(last_sidecar_restart, finished);
        }
        let term = c.pointer("/state/terminated");
        let waiting = s(c, "/state/waiting/reason");
        if term.is_some_and(|t| t["exitCode"].as_i64() == Some(0)) {
            continue;
        }
        if sidecar && c["started"] == true {
            if c["ready"] == true {
                ready += 1;
            }
            continue;
        }
        reason = match term {
            Some(t) => terminated_reason(t, "Init:"),
            None if !waiting.is_empty() && waiting != "PodInitializing" => format!("Init:{waiting}"),
            None => format!("Init:{i}/{}", inits.len()),
        };
        initializing = true;
        break;
    }
    if !initializing || condition_true(pod, "Initialized") {
        restarts = sidecar_restarts;
        last_restart = last_sidecar_restart;
        let mut has_running = false;
        for c in list(pod, "/status/containerStatuses").iter().rev() {
            restarts += c["restartCount"].as_i64().unwrap_or(0);
            last_restart = later(last_restart, time(c, "/lastState/terminated/finishedAt"));
            let waiting = s(c, "/state/waiting/reason");
            let term = c.pointer("/state/terminated");
            if !waiting.is_empty() {
                reason = waiting.to_string();
            } else if let Some(t) = term {
                reason = terminated_reason(t, "");
            } else if c["ready"] == true && c.pointer("/state/running").is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            reason = if condition_true(pod, "Ready") {
                "Running".into()
            } else {
                "NotReady".into()
            };
        }
    }
    let deleting = pod.pointer("/metadata/deletionTimestamp").is_some();
    if deleting && s(pod, "/status/reason") == "NodeLost" {
        reason = "Unknown".into();
    } else if deleting && !matches!(phase, "Succeeded" | "Failed") {
        reason = "Terminating".into();
    }
    let restarts_cell = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", human_duration(now - t)),
        _ => restarts.to_string(),
    };
    let or_none = |v: &str| {
        if v.is_empty() {
            "<none>".to_string()
        } else {
            v.to_string()
        }
    };
    let ip = list(pod, "/status/podIPs")
        .first()
        .and_then(|i| i["ip"].as_str())
        .unwrap_or("");
    let gates = list(pod, "/spec/readinessGates");
    let gates_cell = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let ok = gates
            .iter()
            .filter(|g| condition_true(pod, g["conditionType"].as_str().unwrap_or("")))
            .count();
        format!("{ok}/{}", gates.len())
    };
    vec![
        json!(s(pod, "/metadata/name")),
        json!(format!("{ready}/{total}")),
        json!(reason),
        json!(restarts_cell),
        json!(since(time(pod, "/metadata/creationTimestamp"), now)),
        json!(or_none(ip)),
        json!(or_none(s(pod, "/spec/nodeName"))),
        json!(or_none(s(pod, "/status/nominatedNodeName"))),
        json!(gates_cell),
    ]
}

/// The cells `printEvent` computes (of a core Event): last seen, type,
/// reason, object, then (wide) subobject, source, message, first seen,
/// count, name. The non-wide message column sits after object.
pub fn event_cells(e: &Value, now: i64) -> Vec<Value> {
    let first = match time(e, "/firstTimestamp") {
        Some(t) => human_duration(now - t),
        None => since(time(e, "/eventTime"), now),
    };
    let mut last = match time(e, "/lastTimestamp") {
        Some(t) => human_duration(now - t),
        None => first.clone(),
    };
    let mut count = e["count"].as_i64().unwrap_or(0);
    if e.get("series").is_some_and(Value::is_object) {
        last = since(time(e, "/series/lastObservedTime"), now);
        count = e.pointer("/series/count").and_then(Value::as_i64).unwrap_or(0);
    } else if count == 0 {
        count = 1;
    }
    let kind = s(e, "/involvedObject/kind").to_lowercase();
    let target = match s(e, "/involvedObject/name") {
        "" => kind,
        n => format!("{kind}/{n}"),
    };
    let first_non_empty = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_string()
        } else {
            a.to_string()
        }
    };
    let component = first_non_empty(s(e, "/source/component"), s(e, "/reportingComponent"));
    let instance = first_non_empty(s(e, "/source/host"), s(e, "/reportingInstance"));
    let source = match (component.is_empty(), instance.is_empty()) {
        (true, _) => String::new(),
        (false, true) => component,
        (false, false) => format!("{component}, {instance}"),
    };
    vec![
        json!(last),
        json!(s(e, "/type")),
        json!(s(e, "/reason")),
        json!(target),
        json!(s(e, "/involvedObject/fieldPath")),
        json!(source),
        json!(s(e, "/message").trim()),
        json!(first),
        json!(count),
        json!(s(e, "/metadata/name")),
    ]
}

#[cfg(test)]
#[path = "printers_tests.rs"]
mod tests;
