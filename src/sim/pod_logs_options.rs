//! The `pods/log` request, pure: its parameters (`PodLogOptions`, checked
//! as the API server checks them), the container it reads (the API
//! server's `validateContainer`) and which run of that container (the
//! kubelet's `validateContainerLogStatus`), with their errors word for word.

use serde_json::Value;

use super::objects::api_error::{ApiError, StatusCause};
use super::route::Query;
use super::scenarios::sim_time::parse_rfc3339;

/// Where a log starts in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// `sinceSeconds`: this many seconds before the request.
    Seconds(i64),
    /// `sinceTime`: Unix seconds.
    Time(i64),
}

/// The parameters of a `pods/log` request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogOptions {
    pub container: Option<String>,
    pub follow: bool,
    pub previous: bool,
    pub timestamps: bool,
    pub tail_lines: Option<u64>,
    pub since: Option<Since>,
    pub limit_bytes: Option<u64>,
}

/// Reads and checks the parameters (`pod` names the pod in errors).
pub fn parse(q: &Query, pod: &str) -> Result<LogOptions, ApiError> {
    let number = |k: &str| q.number(k).map_err(ApiError::bad_request);
    let tail = number("tailLines")?;
    let limit = number("limitBytes")?;
    let since_seconds = number("sinceSeconds")?;
    let since_time = match q.get("sinceTime").filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(
            parse_rfc3339(t).map_err(|e| ApiError::bad_request(format!("invalid sinceTime {t:?}: {e}")))?,
        ),
    };
    let mut causes = Vec::new();
    let invalid = |field: &str, v: i64, why: &str| StatusCause {
        reason: "FieldValueInvalid".into(),
        message: format!("Invalid value: {v}: {why}"),
        field: field.into(),
    };
    if let Some(t) = tail.filter(|t| *t < 0) {
        causes.push(invalid("tailLines", t, "must be greater than or equal to 0"));
    }
    if let Some(l) = limit.filter(|l| *l < 1) {
        causes.push(invalid("limitBytes", l, "must be greater than 0"));
    }
    let since = match (since_seconds, since_time) {
        (Some(_), Some(_)) => {
            causes.push(StatusCause {
                reason: "FieldValueForbidden".into(),
                message: "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified".into(),
                field: String::new(),
            });
            None
        }
        (Some(s), None) if s < 1 => {
            causes.push(invalid("sinceSeconds", s, "must be greater than 0"));
            None
        }
        (Some(s), None) => Some(Since::Seconds(s)),
        (None, Some(t)) => Some(Since::Time(t)),
        (None, None) => None,
    };
    if !causes.is_empty() {
        return Err(ApiError::invalid("", "PodLogOptions", pod, causes));
    }
    Ok(LogOptions {
        container: q.get("container").filter(|c| !c.is_empty()).map(str::to_string),
        follow: q.flag("follow"),
        previous: q.flag("previous"),
        timestamps: q.flag("timestamps"),
        tail_lines: tail.map(|t| t as u64),
        since,
        limit_bytes: limit.map(|l| l as u64),
    })
}

/// The pod's containers as the API server visits them: init, regular, ephemeral.
pub fn container_names(pod: &Value) -> Vec<&str> {
    ["initContainers", "containers", "ephemeralContainers"]
        .iter()
        .filter_map(|k| pod.pointer(&format!("/spec/{k}")).and_then(Value::as_array))
        .flatten()
        .filter_map(|c| c.get("name").and_then(Value::as_str))
        .collect()
}

/// The container a request reads: the one asked for, which must exist, or
/// the only regular one.
pub fn choose_container(pod: &Value, asked: Option<&str>) -> Result<String, ApiError> {
    let name = pod
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let names = container_names(pod);
    if let Some(c) = asked {
        return if names.contains(&c) {
            Ok(c.to_string())
        } else {
            Err(ApiError::bad_request(format!(
                "container {c} is not valid for pod {name}"
            )))
        };
    }
    let regular = pod.pointer("/spec/containers").and_then(Value::as_array);
    match regular.map_or(&[][..], Vec::as_slice) {
        [only] => Ok(only.get("name").and_then(Value::as_str).unwrap_or("").to_string()),
        [] => Err(ApiError::bad_request(format!(
            "a container name must be specified for pod {name}"
        ))),
        _ => Err(ApiError::bad_request(format!(
            "a container name must be specified for pod {name}, choose one of: [{}]",
            names.join(" ")
        ))),
    }
}

/// One run of a container: what the kubelet reads the log of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The runtime's id (`containerd://…`); empty when the status has none.
    pub id: String,
    /// Unix seconds.
    pub started: i64,
    /// When it exited (Unix seconds); `None` while it runs.
    pub finished: Option<i64>,
    pub exit_code: i64,
}

fn time(v: &Value, key: &str) -> Option<i64> {
    v.get(key)
        .and_then(Value::as_str)
        .and_then(|t| parse_rfc3339(t).ok())
}

fn terminated(t: &Value) -> Run {
    Run {
        id: t
            .get("containerID")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        started: time(t, "startedAt")
            .or_else(|| time(t, "finishedAt"))
            .unwrap_or(0),
        finished: Some(time(t, "finishedAt").unwrap_or(0)),
        exit_code: t.get("exitCode").and_then(Value::as_i64).unwrap_or(0),
    }
}

/// The container's status, looked up as the kubelet does.
pub fn container_status<'a>(pod: &'a Value, container: &str) -> Option<&'a Value> {
    [
        "containerStatuses",
        "initContainerStatuses",
        "ephemeralContainerStatuses",
    ]
    .iter()
    .filter_map(|k| pod.pointer(&format!("/status/{k}")).and_then(Value::as_array))
    .flatten()
    .find(|s| s.get("name").and_then(Value::as_str) == Some(container))
}

/// The run whose log is read (the kubelet's choice), or its error.
pub fn choose_run(pod: &Value, container: &str, previous: bool) -> Result<Run, ApiError> {
    let pod_name = pod
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    let fail =
        |what: &str| ApiError::bad_request(format!("container {container:?} in pod {pod_name:?} {what}"));
    let Some(cs) = container_status(pod, container) else {
        return Err(fail("is not available"));
    };
    let last = cs.pointer("/lastState/terminated").filter(|t| t.is_object());
    let last_id = last
        .and_then(|t| t.get("containerID"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let state = cs.get("state");
    let of = |k: &str| state.and_then(|s| s.get(k)).filter(|v| v.is_object());
    if previous {
        return match last {
            Some(t) if !last_id.is_empty() => Ok(terminated(t)),
            _ => Err(ApiError::bad_request(format!(
                "previous terminated container {container:?} in pod {pod_name:?} not found"
            ))),
        };
    }
    if let Some(r) = of("running") {
        return Ok(Run {
            id: cs
                .get("containerID")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            started: time(r, "startedAt").unwrap_or(0),
            finished: None,
            exit_code: 0,
        });
    }
    if let Some(t) = of("terminated") {
        let id = t.get("containerID").and_then(Value::as_str).unwrap_or("");
        return match (id.is_empty(), last) {
            (false, _) => Ok(terminated(t)),
            (true, Some(l)) if !last_id.is_empty() => Ok(terminated(l)),
            _ => Err(fail("is terminated")),
        };
    }
    if let Some(l) = last {
        return if last_id.is_empty() {
            Err(fail("is terminated"))
        } else {
            Ok(terminated(l))
        };
    }
    match of("waiting")
        .and_then(|w| w.get("reason"))
        .and_then(Value::as_str)
    {
        Some("ErrImagePull") => Err(fail("is waiting to start: image can't be pulled")),
        Some("ImagePullBackOff") => Err(fail("is waiting to start: trying and failing to pull image")),
        Some(reason) => Err(fail(&format!("is waiting to start: {reason}"))),
        None if of("waiting").is_some() => Err(fail("is waiting to start: ")),
        None => Err(fail("is waiting to start - no logs yet")),
    }
}

/// What became of a followed run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Following {
    Running,
    /// It exited (Unix seconds).
    Ended {
        finished: i64,
        exit_code: i64,
    },
    /// The pod is gone (or is another pod of the same name).
    Gone,
}

/// What became of `run` of `container` in `pod` (its uid `uid`), as read now.
pub fn follow_state(pod: Option<&Value>, uid: &str, container: &str, run: &Run) -> Following {
    let Some(pod) = pod.filter(|p| p.pointer("/metadata/uid").and_then(Value::as_str).unwrap_or("") == uid)
    else {
        return Following::Gone;
    };
    let Some(cs) = container_status(pod, container) else {
        return Following::Gone;
    };
    let same = |r: &Run| {
        if run.id.is_empty() || r.id.is_empty() {
            r.started == run.started
        } else {
            r.id == run.id
        }
    };
    if let Some(r) = cs.pointer("/state/running").filter(|r| r.is_object()) {
        let now = Run {
            id: cs
                .get("containerID")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            started: time(r, "startedAt").unwrap_or(0),
            finished: None,
            exit_code: 0,
        };
        if same(&now) {
            return Following::Running;
        }
    }
    ["/state/terminated", "/lastState/terminated"]
        .iter()
        .filter_map(|p| cs.pointer(p).filter(|t| t.is_object()))
        .map(terminated)
        .find(|t| same(t))
        .map_or(
            Following::Ended {
                finished: run.started.max(0),
                exit_code: 0,
            },
            |t| Following::Ended {
                finished: t.finished.unwrap_or(run.started),
                exit_code: t.exit_code,
            },
        )
}
