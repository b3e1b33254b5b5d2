//! The sim's kubelet for pods that misbehave: a scenario marks a pod (or a
//! workload's pod template, so recreated pods misbehave too) with the
//! annotation `sim.kon/behaviour`, and the pod's status evolves as a real
//! kubelet would write it. Pure: `step` takes the pod and the clock and
//! says what the status becomes, which events the kubelet emits and when
//! to look again.
//!
//! - `crashloop`: the container runs a few seconds, exits with code 1
//!   (`Error`), waits in `CrashLoopBackOff` for the kubelet's back-off
//!   (10 s doubling to 5 min), restarts; `BackOff` events.
//! - `oomkill`: Running and Ready; every half hour the container is
//!   `OOMKilled` (exit code 137) and restarted at once.
//! - `imagepull`: the image never pulls: `ErrImagePull`, then
//!   `ImagePullBackOff` for the back-off; `Pulling`, `Failed`, `BackOff`.
//! - `unready`: Running, its readiness probe failing (`Unhealthy`, HTTP 503).

use serde_json::{Value, json};

use super::events::{EventType, Report};
use super::scenarios::sim_time::{format_rfc3339, parse_rfc3339};

pub const ANNOTATION: &str = "sim.kon/behaviour";
/// How long a crash-looping container runs before it exits.
pub const RUN_BEFORE_CRASH: i64 = 5;
/// How long an `oomkill` container runs between kills.
pub const OOM_EVERY: i64 = 1800;
/// The kubelet's longest back-off (MaxContainerBackOff).
pub const MAX_BACKOFF: i64 = 300;
/// How long `ErrImagePull` shows before `ImagePullBackOff`.
pub const ERR_IMAGE_PULL_SECONDS: i64 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    CrashLoop,
    OomKill,
    ImagePull,
    Unready,
}

impl Behaviour {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "crashloop" => Self::CrashLoop,
            "oomkill" => Self::OomKill,
            "imagepull" => Self::ImagePull,
            "unready" => Self::Unready,
            _ => return None,
        })
    }
}

/// The pod's declared behaviour, if any.
pub fn behaviour(pod: &Value) -> Option<Behaviour> {
    pod.pointer("/metadata/annotations")
        .and_then(|a| a.get(ANNOTATION))
        .and_then(Value::as_str)
        .and_then(Behaviour::parse)
}

/// The kubelet's back-off before restarting a container that has
/// restarted `restarts` times: 10 s, doubled each time, at most 5 min.
pub fn backoff(restarts: i64) -> i64 {
    (10i64 << restarts.clamp(0, 10)).min(MAX_BACKOFF)
}

/// A Go duration as the kubelet prints it (`10s`, `1m20s`, `5m0s`).
pub fn go_duration(secs: i64) -> String {
    if secs < 60 {
        format!("{secs}s")
    } else {
        format!("{}m{}s", secs / 60, secs % 60)
    }
}

/// What the kubelet does to a pod at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// The new status, when it changed.
    pub status: Option<Value>,
    pub events: Vec<Report>,
    /// When to look at the pod again.
    pub next: i64,
}

fn t(v: &Value, ptr: &str) -> Option<i64> {
    v.pointer(ptr)
        .and_then(Value::as_str)
        .and_then(|s| parse_rfc3339(s).ok())
}

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

/// `name_namespace(uid)`, the kubelet's way of naming a pod.
fn pod_ref(pod: &Value) -> String {
    format!(
        "{}_{}({})",
        s(pod, "/metadata/name"),
        s(pod, "/metadata/namespace"),
        s(pod, "/metadata/uid")
    )
}

fn first_container(pod: &Value) -> (String, String) {
    (
        s(pod, "/spec/containers/0/name").to_string(),
        s(pod, "/spec/containers/0/image").to_string(),
    )
}

/// The pod's status with its first container's status replaced by `c`,
/// `ready` as the Ready/ContainersReady conditions.
fn with_container(pod: &Value, c: Value, ready: bool, phase: &str, now: i64) -> Value {
    let mut st = pod.get("status").cloned().unwrap_or_else(|| json!({}));
    let name = c["name"].as_str().unwrap_or("").to_string();
    let stamp = format_rfc3339(now);
    st["phase"] = json!(phase);
    st["containerStatuses"] = json!([c]);
    if st.get("startTime").is_none() {
        st["startTime"] = json!(stamp);
    }
    let mut conds: Vec<Value> = st["conditions"].as_array().cloned().unwrap_or_default();
    for ty in ["PodReadyToStartContainers", "Initialized", "PodScheduled"] {
        if !conds.iter().any(|c| c["type"] == ty) {
            conds.push(json!({"type": ty, "status": "True", "lastTransitionTime": stamp}));
        }
    }
    for ty in ["Ready", "ContainersReady"] {
        let want = if ready { "True" } else { "False" };
        let mut cond = json!({"type": ty, "status": want, "lastTransitionTime": stamp});
        if !ready {
            cond["reason"] = json!("ContainersNotReady");
            cond["message"] = json!(format!("containers with unready status: [{name}]"));
        }
        match conds.iter_mut().find(|c| c["type"] == ty) {
            Some(old) if old["status"] == want => {}
            Some(old) => *old = cond,
            None => conds.push(cond),
        }
    }
    st["conditions"] = json!(conds);
    st
}

fn container_id(now: i64, restarts: i64) -> String {
    format!(
        "containerd://{:064x}",
        (now as u64).wrapping_mul(31).wrapping_add(restarts as u64)
    )
}

fn running(pod: &Value, restarts: i64, started: i64, ready: bool, last: Option<Value>) -> Value {
    let (name, image) = first_container(pod);
    let mut c = json!({
        "name": name, "image": image, "imageID": format!("{image}@sha256:{:064x}", image.len()),
        "ready": ready, "started": true, "restartCount": restarts,
        "state": {"running": {"startedAt": format_rfc3339(started)}},
        "lastState": last.unwrap_or_else(|| json!({})),
        "containerID": container_id(started, restarts),
    });
    if c["lastState"].as_object().is_some_and(|m| m.is_empty()) {
        c["lastState"] = json!({});
    }
    c
}

fn restarted_events(name: &str, image: &str) -> Vec<Report> {
    vec![
        Report::new(
            EventType::Normal,
            "Pulled",
            format!("Container image \"{image}\" already present on machine"),
        )
        .on_container(name),
        Report::new(EventType::Normal, "Created", format!("Created container: {name}")).on_container(name),
        Report::new(EventType::Normal, "Started", format!("Started container {name}")).on_container(name),
    ]
}

/// The status a misbehaving pod starts with once scheduled, and its first events.
pub fn start(pod: &Value, b: Behaviour, now: i64) -> Step {
    let (name, image) = first_container(pod);
    match b {
        Behaviour::ImagePull => pull_attempt(pod, 0, now),
        _ => {
            let ready = matches!(b, Behaviour::OomKill);
            let status = with_container(pod, running(pod, 0, now, ready, None), ready, "Running", now);
            let events = restarted_events(&name, &image);
            let next = match b {
                Behaviour::CrashLoop => now + RUN_BEFORE_CRASH,
                Behaviour::OomKill => now + OOM_EVERY,
                _ => now + probe_period(pod),
            };
            Step {
                status: Some(status),
                events,
                next,
            }
        }
    }
}

fn probe_period(pod: &Value) -> i64 {
    pod.pointer("/spec/containers/0/readinessProbe/periodSeconds")
        .and_then(Value::as_i64)
        .unwrap_or(10)
        .max(1)
}

fn restart_count(pod: &Value) -> i64 {
    pod.pointer("/status/containerStatuses/0/restartCount")
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// When to first look at a misbehaving pod the scenario wrote: at once,
/// but an image pull in back-off retries at the end of a back-off it
/// cannot know the start of (the kubelet keeps it in memory): half the
/// longest one from now.
pub fn first_look(pod: &Value, b: Behaviour, now: i64) -> i64 {
    let waiting = s(pod, "/status/containerStatuses/0/state/waiting/reason");
    match b {
        Behaviour::ImagePull if waiting == "ImagePullBackOff" => now + MAX_BACKOFF / 2,
        Behaviour::Unready => now + probe_period(pod),
        _ => now,
    }
}

/// One look at a misbehaving pod at `now`.
pub fn step(pod: &Value, b: Behaviour, now: i64) -> Step {
    let state = pod.pointer("/status/containerStatuses/0/state");
    if state.is_none() || pod.pointer("/spec/nodeName").is_none() {
        return start(pod, b, now);
    }
    match b {
        Behaviour::CrashLoop => crash_loop(pod, now),
        Behaviour::OomKill => oom(pod, now),
        Behaviour::ImagePull => image_pull(pod, now),
        Behaviour::Unready => Step {
            status: None,
            events: vec![
                Report::new(
                    EventType::Warning,
                    "Unhealthy",
                    "Readiness probe failed: HTTP probe failed with statuscode: 503",
                )
                .on_container(&first_container(pod).0),
            ],
            next: now + probe_period(pod),
        },
    }
}

fn crash_loop(pod: &Value, now: i64) -> Step {
    let (name, image) = first_container(pod);
    let restarts = restart_count(pod);
    let c = "/status/containerStatuses/0";
    if let Some(started) = t(pod, &format!("{c}/state/running/startedAt")) {
        let crash_at = started + RUN_BEFORE_CRASH;
        if now < crash_at {
            return Step {
                status: None,
                events: vec![],
                next: crash_at,
            };
        }
        let delay = backoff(restarts);
        let mut cs = running(pod, restarts, started, false, None);
        cs["started"] = json!(false);
        cs["lastState"] = json!({"terminated": {
            "exitCode": 1, "reason": "Error",
            "startedAt": format_rfc3339(started), "finishedAt": format_rfc3339(now),
            "containerID": cs["containerID"].clone(),
        }});
        cs["state"] = json!({"waiting": {
            "reason": "CrashLoopBackOff",
            "message": format!("back-off {} restarting failed container={name} pod={}", go_duration(delay), pod_ref(pod)),
        }});
        return Step {
            status: Some(with_container(pod, cs, false, "Running", now)),
            events: vec![
                Report::new(
                    EventType::Warning,
                    "BackOff",
                    format!(
                        "Back-off restarting failed container {name} in pod {}",
                        pod_ref(pod)
                    ),
                )
                .on_container(&name),
            ],
            next: now + delay,
        };
    }
    // Waiting in back-off: restart when it has passed.
    let finished = t(pod, &format!("{c}/lastState/terminated/finishedAt")).unwrap_or(now);
    let due = finished + backoff(restarts);
    if now < due {
        return Step {
            status: None,
            events: vec![],
            next: due,
        };
    }
    let last = pod.pointer(&format!("{c}/lastState")).cloned();
    let cs = running(pod, restarts + 1, now, false, last);
    Step {
        status: Some(with_container(pod, cs, false, "Running", now)),
        events: restarted_events(&name, &image),
        next: now + RUN_BEFORE_CRASH,
    }
}

fn oom(pod: &Value, now: i64) -> Step {
    let c = "/status/containerStatuses/0";
    let started = t(pod, &format!("{c}/state/running/startedAt")).unwrap_or(now);
    let due = started + OOM_EVERY;
    if now < due {
        return Step {
            status: None,
            events: vec![],
            next: due,
        };
    }
    let (name, image) = first_container(pod);
    let restarts = restart_count(pod);
    let last = json!({"terminated": {
        "exitCode": 137, "reason": "OOMKilled",
        "startedAt": format_rfc3339(started), "finishedAt": format_rfc3339(now),
        "containerID": container_id(started, restarts),
    }});
    let cs = running(pod, restarts + 1, now, true, Some(last));
    Step {
        status: Some(with_container(pod, cs, true, "Running", now)),
        events: restarted_events(&name, &image),
        next: now + OOM_EVERY,
    }
}

/// Whether `status` (a step's) records an OOM kill at `now`.
pub fn oom_killed_at(status: &Value, now: i64) -> bool {
    let last = "/containerStatuses/0/lastState/terminated";
    s(status, &format!("{last}/reason")) == "OOMKilled"
        && t(status, &format!("{last}/finishedAt")) == Some(now)
}

/// The kernel's line for a container's OOM kill, as node-problem-detector's
/// kernel monitor reports it (`OOMKilling` on the node).
pub fn oom_kernel_line(pod: &Value, now: i64) -> String {
    let (name, _) = first_container(pod);
    let limit_kb = pod
        .pointer("/spec/containers/0/resources/limits/memory")
        .and_then(super::scheduler_fit::quantity)
        .map_or(1_048_576, |b| b / 1024);
    let pid = 1000 + now.rem_euclid(30_000);
    format!(
        "Memory cgroup out of memory: Killed process {pid} ({name}) total-vm:{}kB, anon-rss:{limit_kb}kB, \
         file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:{}kB oom_score_adj:985",
        limit_kb * 2,
        limit_kb / 512
    )
}

#[path = "kubelet_images.rs"]
mod images;
use images::{image_pull, pull_attempt};

#[cfg(test)]
#[path = "kubelet_tests.rs"]
mod tests;
