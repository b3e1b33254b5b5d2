use std::sync::Arc;

use serde_json::{Value, json};

use super::*;
use crate::sim::pod_logs_decl::{self as decl, PodLogDecl};
use crate::sim::pod_logs_options::{self as options, Following, Run, Since};
use crate::sim::route::Query;

fn lines(n: usize) -> Arc<[String]> {
    (0..n).map(|i| format!("line {i}")).collect::<Vec<_>>().into()
}

fn stream(start_s: i128, rate: i128, end_s: Option<i128>, crash: &[&str]) -> LogStream {
    LogStream {
        text: Text::Lines(lines(3)),
        start_ns: start_s * NANOS,
        interval_ns: NANOS / rate,
        end_ns: end_s.map(|e| e * NANOS),
        crash: crash.iter().map(|s| s.to_string()).collect::<Vec<_>>().into(),
    }
}

fn text(s: &LogStream, w: Window, timestamps: bool, limit: Option<u64>) -> String {
    let mut out = Vec::new();
    let mut wr = Writer {
        timestamps,
        left: limit,
    };
    wr.window(s, w, &mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn a_running_container_has_written_the_lines_due_so_far_cycled() {
    let s = stream(100, 2, None, &["boom"]);
    assert_eq!(s.count_at(99 * NANOS), 0);
    assert_eq!(s.count_at(100 * NANOS), 1);
    assert_eq!(s.count_at(102 * NANOS), 5);
    let w = window(&s, 102 * NANOS, None, None);
    assert_eq!((w.first, w.upto), (0, 5));
    // No crash lines while it runs.
    assert_eq!(
        text(&s, w, false, None),
        "line 0\nline 1\nline 2\nline 0\nline 1\n"
    );
}

#[test]
fn an_exited_run_ends_with_its_crash_lines() {
    let s = stream(100, 1, Some(105), &["panic: boom", "\tat main.go:3"]);
    let w = window(&s, 200 * NANOS, None, None);
    assert_eq!((w.first, w.upto, w.crash_from), (0, 5, 0));
    let out = text(&s, w, false, None);
    assert!(out.ends_with("line 1\npanic: boom\n\tat main.go:3\n"), "{out}");
    assert_eq!(out.lines().count(), 7);
}

#[test]
fn tail_counts_crash_lines_from_the_end() {
    let s = stream(100, 1, Some(105), &["a", "b"]);
    let w = window(&s, 200 * NANOS, None, Some(3));
    assert_eq!(text(&s, w, false, None), "line 1\na\nb\n");
    let w = window(&s, 200 * NANOS, None, Some(1));
    assert_eq!(text(&s, w, false, None), "b\n");
    let w = window(&s, 200 * NANOS, None, Some(0));
    assert_eq!(text(&s, w, false, None), "");
}

#[test]
fn since_drops_older_lines_and_tail_applies_after() {
    let s = stream(100, 1, None, &[]);
    let w = window(&s, 110 * NANOS, Some(107 * NANOS), None);
    assert_eq!((w.first, w.upto), (7, 11));
    let w = window(&s, 110 * NANOS, Some(107 * NANOS), Some(2));
    assert_eq!((w.first, w.upto), (9, 11));
    // A crash before the cutoff is not shown.
    let s = stream(100, 1, Some(105), &["x"]);
    let w = window(&s, 110 * NANOS, Some(108 * NANOS), None);
    assert_eq!(text(&s, w, false, None), "");
}

#[test]
fn only_the_retained_lines_of_a_chatty_run_are_read() {
    let s = stream(0, 20_000, None, &[]);
    let w = window(&s, 86_400 * NANOS, None, None);
    assert_eq!(w.upto, 86_400 * 20_000 + 1);
    assert_eq!(w.upto - w.first, RETAINED_LINES);
}

#[test]
fn timestamps_are_rfc3339_nano_like_the_kubelet() {
    let mut out = Vec::new();
    write_rfc3339_nano(1_764_000_000 * NANOS, &mut out);
    write_rfc3339_nano(1_764_000_000 * NANOS + 50_000_000, &mut out);
    write_rfc3339_nano(1_764_000_000 * NANOS + 123_456_789, &mut out);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "2025-11-24T16:00:00Z2025-11-24T16:00:00.05Z2025-11-24T16:00:00.123456789Z"
    );
    let s = stream(1_764_000_000, 2, None, &[]);
    let w = window(&s, 1_764_000_000 * NANOS + NANOS / 2, None, None);
    assert_eq!(
        text(&s, w, true, None),
        "2025-11-24T16:00:00Z line 0\n2025-11-24T16:00:00.5Z line 1\n"
    );
}

#[test]
fn limit_bytes_cuts_where_the_limit_falls() {
    let s = stream(100, 1, Some(105), &["crash"]);
    let w = window(&s, 200 * NANOS, None, None);
    assert_eq!(text(&s, w, false, Some(10)), "line 0\nlin");
    assert_eq!(text(&s, w, false, Some(7)), "line 0\n");
    let mut wr = Writer {
        timestamps: false,
        left: Some(7),
    };
    let mut out = Vec::new();
    assert!(!wr.window(&s, w, &mut out));
    assert!(wr.exhausted());
}

#[test]
fn numbered_lines_without_a_declaration() {
    let s = LogStream {
        text: Text::Numbered("web-1/app".into()),
        start_ns: 0,
        interval_ns: NANOS,
        end_ns: None,
        crash: Arc::from([]),
    };
    let w = window(&s, 2 * NANOS, None, None);
    assert_eq!(
        text(&s, w, false, None),
        "web-1/app log line 1\nweb-1/app log line 2\nweb-1/app log line 3\n"
    );
}

fn query(q: &str) -> Query {
    Query::parse(Some(q))
}

#[test]
fn parameters_are_read_and_checked_like_the_api_server() {
    let o = options::parse(
        &query("container=app&follow=true&previous=true&timestamps=true&tailLines=10&sinceSeconds=60&limitBytes=500"),
        "p",
    )
    .unwrap();
    assert_eq!(o.container.as_deref(), Some("app"));
    assert!(o.follow && o.previous && o.timestamps);
    assert_eq!(
        (o.tail_lines, o.since, o.limit_bytes),
        (Some(10), Some(Since::Seconds(60)), Some(500))
    );
    let o = options::parse(&query("sinceTime=2026-03-01T12:00:00Z"), "p").unwrap();
    assert_eq!(o.since, Some(Since::Time(1_772_366_400)));

    let e = options::parse(&query("tailLines=-1"), "web-1").unwrap_err();
    assert_eq!((e.code, e.reason), (422, "Invalid"));
    assert_eq!(
        e.message,
        "PodLogOptions \"web-1\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0"
    );
    let e = options::parse(&query("limitBytes=0&sinceSeconds=0"), "p").unwrap_err();
    assert!(
        e.message
            .contains("limitBytes: Invalid value: 0: must be greater than 0"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("sinceSeconds: Invalid value: 0"),
        "{}",
        e.message
    );
    let e = options::parse(&query("sinceSeconds=5&sinceTime=2026-03-01T12:00:00Z"), "p").unwrap_err();
    assert!(
        e.message.contains("at most one of `sinceTime` or `sinceSeconds`"),
        "{}",
        e.message
    );
    let e = options::parse(&query("tailLines=ten"), "p").unwrap_err();
    assert_eq!((e.code, e.reason), (400, "BadRequest"));
    let e = options::parse(&query("sinceTime=yesterday"), "p").unwrap_err();
    assert_eq!(e.code, 400);
}

fn pod(spec: Value, status: Value) -> Value {
    json!({"metadata": {"name": "web-1", "namespace": "ns", "uid": "u1"}, "spec": spec, "status": status})
}

#[test]
fn the_container_is_the_one_asked_for_or_the_only_one() {
    let one = pod(json!({"containers": [{"name": "app"}]}), json!({}));
    assert_eq!(options::choose_container(&one, None).unwrap(), "app");
    let many = pod(
        json!({"initContainers": [{"name": "init"}], "containers": [{"name": "app"}, {"name": "proxy"}],
               "ephemeralContainers": [{"name": "debugger"}]}),
        json!({}),
    );
    let e = options::choose_container(&many, None).unwrap_err();
    assert_eq!((e.code, e.reason), (400, "BadRequest"));
    assert_eq!(
        e.message,
        "a container name must be specified for pod web-1, choose one of: [init app proxy debugger]"
    );
    assert_eq!(options::choose_container(&many, Some("init")).unwrap(), "init");
    assert_eq!(
        options::choose_container(&many, Some("debugger")).unwrap(),
        "debugger"
    );
    let e = options::choose_container(&many, Some("nope")).unwrap_err();
    assert_eq!(e.message, "container nope is not valid for pod web-1");
}

fn with_status(cs: Value) -> Value {
    pod(
        json!({"containers": [{"name": "app"}]}),
        json!({"containerStatuses": [cs]}),
    )
}

#[test]
fn the_run_is_chosen_like_the_kubelet_chooses_it() {
    let running = with_status(json!({"name": "app", "containerID": "c://2",
        "state": {"running": {"startedAt": "2026-03-01T12:00:00Z"}}}));
    let r = options::choose_run(&running, "app", false).unwrap();
    assert_eq!(
        (r.id.as_str(), r.started, r.finished),
        ("c://2", 1_772_366_400, None)
    );
    let e = options::choose_run(&running, "app", true).unwrap_err();
    assert_eq!(e.code, 400);
    assert_eq!(
        e.message,
        "previous terminated container \"app\" in pod \"web-1\" not found"
    );

    // In back-off, the current log is the last run's.
    let backoff = with_status(
        json!({"name": "app", "state": {"waiting": {"reason": "CrashLoopBackOff"}},
        "lastState": {"terminated": {"containerID": "c://1", "exitCode": 1,
            "startedAt": "2026-03-01T12:00:00Z", "finishedAt": "2026-03-01T12:00:05Z"}}}),
    );
    for previous in [false, true] {
        let r = options::choose_run(&backoff, "app", previous).unwrap();
        assert_eq!((r.finished, r.exit_code), (Some(1_772_366_405), 1));
    }

    let waiting =
        |reason: &str| with_status(json!({"name": "app", "state": {"waiting": {"reason": reason}}}));
    let msg = |p: &Value| options::choose_run(p, "app", false).unwrap_err().message;
    assert_eq!(
        msg(&waiting("ContainerCreating")),
        "container \"app\" in pod \"web-1\" is waiting to start: ContainerCreating"
    );
    assert_eq!(
        msg(&waiting("ImagePullBackOff")),
        "container \"app\" in pod \"web-1\" is waiting to start: trying and failing to pull image"
    );
    assert_eq!(
        msg(&waiting("ErrImagePull")),
        "container \"app\" in pod \"web-1\" is waiting to start: image can't be pulled"
    );
    assert_eq!(
        msg(&pod(json!({"containers": [{"name": "app"}]}), json!({}))),
        "container \"app\" in pod \"web-1\" is not available"
    );
}

#[test]
fn a_followed_run_ends_when_the_container_exits_or_the_pod_goes() {
    let run = Run {
        id: "c://1".into(),
        started: 100,
        finished: None,
        exit_code: 0,
    };
    let running = with_status(json!({"name": "app", "containerID": "c://1",
        "state": {"running": {"startedAt": "1970-01-01T00:01:40Z"}}}));
    assert_eq!(
        options::follow_state(Some(&running), "u1", "app", &run),
        Following::Running
    );
    let exited = with_status(json!({"name": "app", "containerID": "c://1",
        "state": {"waiting": {"reason": "CrashLoopBackOff"}},
        "lastState": {"terminated": {"containerID": "c://1", "exitCode": 1,
            "startedAt": "1970-01-01T00:01:40Z", "finishedAt": "1970-01-01T00:01:45Z"}}}));
    assert_eq!(
        options::follow_state(Some(&exited), "u1", "app", &run),
        Following::Ended {
            finished: 105,
            exit_code: 1
        }
    );
    assert_eq!(options::follow_state(None, "u1", "app", &run), Following::Gone);
    assert_eq!(
        options::follow_state(Some(&running), "other", "app", &run),
        Following::Gone
    );
}

fn declared(yaml_pod: Option<&str>, workload: Option<&str>, container: Option<&str>) -> PodLogDecl {
    PodLogDecl {
        namespace: "ns".into(),
        pod: yaml_pod.map(str::to_string),
        workload: workload.map(str::to_string),
        container: container.map(str::to_string),
        lines: vec!["hello".into()],
        rate: 1.0,
        crash: Some("panic: x\n\tat y\n".into()),
    }
}

#[test]
fn declarations_match_a_pod_or_a_workloads_pods() {
    let p = json!({"metadata": {"name": "web-abc-x", "namespace": "ns",
        "ownerReferences": [{"kind": "ReplicaSet", "name": "web-abc", "controller": true}]}});
    let parent = |kind: &str, name: &str| {
        (kind == "ReplicaSet" && name == "web-abc").then(|| ("Deployment".to_string(), "web".to_string()))
    };
    let by_workload = [declared(None, Some("Deployment/web"), None)];
    assert!(decl::find(&by_workload, &p, "app", &parent).is_some());
    let by_rs = [declared(None, Some("replicaset/web-abc"), None)];
    assert!(decl::find(&by_rs, &p, "app", &parent).is_some());
    let other = [
        declared(None, Some("Deployment/api"), None),
        declared(Some("web-abc-y"), None, None),
        declared(Some("web-abc-x"), None, Some("sidecar")),
    ];
    assert!(decl::find(&other, &p, "app", &parent).is_none());
    let exact = [declared(Some("web-abc-x"), None, Some("app"))];
    assert!(decl::find(&exact, &p, "app", &parent).is_some());
    assert_eq!(exact[0].crash_lines(), ["panic: x", "\tat y"]);
}

#[test]
fn declarations_are_checked() {
    assert!(declared(Some("p"), None, None).validate(0).is_ok());
    let e = declared(Some("p"), Some("Deployment/x"), None)
        .validate(2)
        .unwrap_err();
    assert_eq!(e.path, ["logs", "2", "pod"]);
    let e = declared(None, Some("Widget/x"), None).validate(0).unwrap_err();
    assert!(e.message.contains("KIND/NAME"), "{}", e.message);
    let mut d = declared(Some("p"), None, None);
    d.rate = 0.0;
    assert_eq!(d.validate(0).unwrap_err().path, ["logs", "0", "rate"]);
    d.rate = 1.0;
    d.lines.clear();
    assert_eq!(d.validate(0).unwrap_err().path, ["logs", "0", "lines"]);
}

#[test]
fn the_demo_declares_the_ledger_crash_the_etl_oom_and_a_chatty_ingress() {
    let s = crate::sim::scenarios::builtin::load("demo").unwrap();
    let logs = &s.cluster.logs;
    let ledger = logs
        .iter()
        .find(|d| d.workload.as_deref() == Some("Deployment/ledger"))
        .unwrap();
    let crash = ledger.crash_lines();
    assert!(
        crash[0].starts_with("FATAL\tledger-api/main.go:57\tcannot start: ledger database"),
        "{crash:?}"
    );
    assert!(crash.last().unwrap().contains("runtime/proc.go"), "{crash:?}");
    let etl = logs
        .iter()
        .find(|d| d.workload.as_deref() == Some("Deployment/etl-worker"))
        .unwrap();
    assert!(etl.crash_lines().last().unwrap().contains("out of memory"));
    let chatty = logs.iter().find(|d| d.namespace == "ingress-nginx").unwrap();
    assert_eq!(chatty.rate, 20_000.0);
}
