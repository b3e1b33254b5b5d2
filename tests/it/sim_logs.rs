//! `pods/log` of the simulated cluster through the real `kubectl logs`: the
//! demo's incident logs (the crash-looping ledger's stack trace in
//! `--previous`, the etl-worker's out-of-memory line, a chatty pod), the
//! parameters (`-c`, `--tail`, `--since`, `--timestamps`, `--limit-bytes`,
//! `-f`), and the API's errors word for word.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use tokio::sync::mpsc;

use crate::test_support;

use test_support::sim::KubectlSim;

/// A scenario of a few pods in `default` on one node, two of them with declared logs.
const SCENARIO: &str = r#"
apiVersion: sim.kon/v1
kind: SimCluster
logs:
- pod: clock
  rate: 1
  lines: [tick, tock]
- pod: worker
  rate: 20
  lines: [working]
  crash: |
    panic: lost the lease
    goroutine 1 [running]:
---
apiVersion: v1
kind: Node
metadata: {name: n1}
status:
  conditions:
  - {type: Ready, status: "True", lastHeartbeatTime: now, lastTransitionTime: now-1d}
---
apiVersion: v1
kind: Pod
metadata: {name: clock, namespace: default}
spec:
  nodeName: n1
  containers: [{name: app, image: busybox}]
status:
  phase: Running
  containerStatuses:
  - {name: app, containerID: "containerd://c1", ready: true, restartCount: 0, state: {running: {startedAt: now-2h}}}
---
apiVersion: v1
kind: Pod
metadata: {name: worker, namespace: default}
spec:
  nodeName: n1
  containers: [{name: app, image: busybox}]
status:
  phase: Running
  containerStatuses:
  - {name: app, containerID: "containerd://w1", ready: true, restartCount: 0, state: {running: {startedAt: now-1m}}}
---
apiVersion: v1
kind: Pod
metadata: {name: multi, namespace: default}
spec:
  nodeName: n1
  initContainers: [{name: init, image: busybox}]
  containers: [{name: app, image: busybox}, {name: proxy, image: envoy}]
  ephemeralContainers: [{name: debugger, image: busybox}]
status:
  phase: Running
  initContainerStatuses:
  - name: init
    containerID: "containerd://m0"
    state: {terminated: {exitCode: 0, reason: Completed, startedAt: now-1h, finishedAt: now-59m, containerID: "containerd://m0"}}
  containerStatuses:
  - {name: app, containerID: "containerd://m1", ready: true, restartCount: 0, state: {running: {startedAt: now-59m}}}
  - {name: proxy, containerID: "containerd://m2", ready: true, restartCount: 0, state: {running: {startedAt: now-59m}}}
  ephemeralContainerStatuses:
  - {name: debugger, containerID: "containerd://m3", state: {running: {startedAt: now-5m}}}
---
apiVersion: v1
kind: Pod
metadata: {name: starting, namespace: default}
spec:
  nodeName: n1
  containers: [{name: app, image: busybox}]
status:
  phase: Pending
  containerStatuses:
  - {name: app, ready: false, restartCount: 0, state: {waiting: {reason: ContainerCreating}}}
"#;

#[tokio::test]
async fn previous_shows_the_demo_crash_and_oom_and_the_current_log_starts_up() {
    let ks = KubectlSim::start("demo").await;
    let ledger = "ledger-6d4f8b7c9x-k7xq2";
    let prev = ks
        .kubectl_ok(&["logs", "-n", "payments", ledger, "-p"])
        .await
        .stdout;
    let lines: Vec<&str> = prev.lines().collect();
    assert!(lines[0].contains("starting ledger-api"), "{prev}");
    assert!(prev.contains("applying migrations"), "{prev}");
    let fatal = lines
        .iter()
        .position(|l| l.starts_with("FATAL\t"))
        .expect("a FATAL line");
    assert!(lines[fatal].contains("cannot start: ledger database"), "{prev}");
    assert_eq!(
        lines.last(),
        Some(&"\t/usr/local/go/src/runtime/proc.go:283"),
        "{prev}"
    );
    // `--tail` counts from the end, crash lines included.
    let tail = ks
        .kubectl_ok(&["logs", "-n", "payments", ledger, "-p", "--tail=1"])
        .await
        .stdout;
    assert_eq!(tail, "\t/usr/local/go/src/runtime/proc.go:283\n");
    // The workload's name reaches the same pod.
    let current = ks
        .kubectl_ok(&["logs", "-n", "payments", "deploy/ledger"])
        .await
        .stdout;
    assert!(
        current.starts_with("INFO\tledger-api/main.go:31\tstarting ledger-api"),
        "{current}"
    );

    let etl = ks
        .kubectl_ok(&[
            "logs",
            "-n",
            "data",
            "etl-worker-5b8c7d9f4q-m2vzt",
            "--previous",
            "--tail=2",
        ])
        .await
        .stdout;
    let last = etl.lines().last().unwrap_or_default();
    assert!(last.contains("out of memory"), "{etl}");
    // The running container has no crash at its end.
    let now = ks
        .kubectl_ok(&["logs", "-n", "data", "etl-worker-5b8c7d9f4q-m2vzt", "--tail=3"])
        .await
        .stdout;
    assert_eq!(now.lines().count(), 3, "{now}");
    assert!(now.lines().all(|l| l.starts_with("INFO etl.")), "{now}");

    // No run before the current one: the kubelet's error.
    let r = ks
        .kubectl(&["logs", "-n", "web", "frontend-ptb9zblqtf-rl2f9", "-p"])
        .await;
    assert!(!r.ok);
    assert!(
        r.stderr.contains(
            "Error from server (BadRequest): previous terminated container \"frontend\" in pod \"frontend-ptb9zblqtf-rl2f9\" not found"
        ),
        "{r:?}"
    );
    // The image never pulled.
    let r = ks
        .kubectl(&["logs", "-n", "web", "recommender-7f9d6c5b8w-p4hsn"])
        .await;
    assert!(
        r.stderr.contains(
            "Error from server (BadRequest): container \"recommender\" in pod \"recommender-7f9d6c5b8w-p4hsn\" is waiting to start: trying and failing to pull image"
        ),
        "{r:?}"
    );
}

#[tokio::test]
async fn tail_since_timestamps_and_limit_bytes() {
    let ks = KubectlSim::start_yaml(SCENARIO).await;
    let tail = ks.kubectl_ok(&["logs", "clock", "--tail=4"]).await.stdout;
    assert_eq!(tail.lines().count(), 4, "{tail}");
    assert!(tail.lines().all(|l| l == "tick" || l == "tock"), "{tail}");
    // One line a second: the last 10 s hold 10 or 11 of them (a second boundary may fall inside).
    let since = ks.kubectl_ok(&["logs", "clock", "--since=10s"]).await.stdout;
    let n = since.lines().count();
    assert!((10..=11).contains(&n), "{n} lines: {since}");
    // Lines alternate; timestamps one second apart, RFC 3339 in UTC.
    let stamped = ks
        .kubectl_ok(&["logs", "clock", "--tail=3", "--timestamps"])
        .await
        .stdout;
    let rows: Vec<(&str, &str)> = stamped.lines().filter_map(|l| l.split_once(' ')).collect();
    assert_eq!(rows.len(), 3, "{stamped}");
    let secs: Vec<i64> = rows
        .iter()
        .map(|(t, _)| {
            assert!(t.ends_with('Z') && t.len() >= 20, "{t}");
            kon::sim::scenarios::sim_time::parse_rfc3339(t).unwrap_or_else(|e| panic!("{t}: {e}"))
        })
        .collect();
    assert_eq!((secs[1] - secs[0], secs[2] - secs[1]), (1, 1), "{stamped}");
    assert_ne!(rows[0].1, rows[1].1, "{stamped}");
    let limited = ks.kubectl_ok(&["logs", "clock", "--limit-bytes=7"]).await.stdout;
    assert_eq!(limited.len(), 7, "{limited:?}");
    assert!(limited == "tick\nto" || limited == "tock\nti", "{limited:?}");
    // An invalid parameter, as the API server refuses it.
    let r = ks
        .kubectl(&[
            "get",
            "--raw",
            "/api/v1/namespaces/default/pods/clock/log?tailLines=-2",
        ])
        .await;
    assert!(
        r.stderr.contains("PodLogOptions \"clock\" is invalid: tailLines: Invalid value: -2: must be greater than or equal to 0"),
        "{r:?}"
    );
}

#[tokio::test]
async fn containers_are_chosen_and_errors_read_like_the_api() {
    let ks = KubectlSim::start_yaml(SCENARIO).await;
    // Without a declaration: the numbered lines.
    for c in ["app", "proxy", "init", "debugger"] {
        let out = ks.kubectl_ok(&["logs", "multi", "-c", c]).await.stdout;
        assert_eq!(
            out,
            format!("multi/{c} log line 1\nmulti/{c} log line 2\nmulti/{c} log line 3\n"),
            "-c {c}"
        );
    }
    // kubectl picks the first container itself; the API asks for one.
    let r = ks.kubectl_ok(&["logs", "multi"]).await;
    assert!(r.stdout.starts_with("multi/app log line 1\n"), "{r:?}");
    let r = ks
        .kubectl(&["get", "--raw", "/api/v1/namespaces/default/pods/multi/log"])
        .await;
    assert!(
        r.stderr.contains(
            "Error from server (BadRequest): a container name must be specified for pod multi, choose one of: [init app proxy debugger]"
        ),
        "{r:?}"
    );
    let r = ks
        .kubectl(&[
            "get",
            "--raw",
            "/api/v1/namespaces/default/pods/multi/log?container=nope",
        ])
        .await;
    assert!(
        r.stderr
            .contains("Error from server (BadRequest): container nope is not valid for pod multi"),
        "{r:?}"
    );
    let r = ks.kubectl(&["logs", "starting"]).await;
    assert!(
        r.stderr.contains(
            "Error from server (BadRequest): container \"app\" in pod \"starting\" is waiting to start: ContainerCreating"
        ),
        "{r:?}"
    );
    let r = ks.kubectl(&["logs", "clock", "-p"]).await;
    assert!(
        r.stderr.contains(
            "Error from server (BadRequest): previous terminated container \"app\" in pod \"clock\" not found"
        ),
        "{r:?}"
    );
    let r = ks
        .kubectl(&["get", "--raw", "/api/v1/namespaces/default/pods/gone/log"])
        .await;
    assert!(
        r.stderr
            .contains("Error from server (NotFound): pods \"gone\" not found"),
        "{r:?}"
    );
    let r = ks.kubectl(&["logs", "gone"]).await;
    assert!(!r.ok && r.stderr.contains("pods \"gone\" not found"), "{r:?}");
}

/// `kubectl ARGS` spawned, its stdout lines sent as they come.
fn spawn_lines(ks: &KubectlSim, args: &[&str]) -> (Child, mpsc::UnboundedReceiver<String>) {
    let mut child = ks
        .kubectl_command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kubectl starts");
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::unbounded_channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// The next line, `None` at the end (waits up to 30 s, then fails: the stream stalled).
async fn next_line(rx: &mut mpsc::UnboundedReceiver<String>, what: &str) -> Option<String> {
    tokio::time::timeout(Duration::from_secs(30), rx.recv())
        .await
        .unwrap_or_else(|_| panic!("no line of {what} for 30 s"))
}

/// Waits for the child to exit by itself (the stream ended).
async fn exits(mut child: Child) -> std::process::ExitStatus {
    tokio::task::spawn_blocking(move || child.wait().expect("kubectl waits"))
        .await
        .expect("wait thread")
}

#[tokio::test]
async fn follow_reads_lines_as_they_come_and_ends_with_the_crash() {
    let ks = KubectlSim::start_yaml(SCENARIO).await;
    let (child, mut rx) = spawn_lines(&ks, &["logs", "-f", "worker", "--tail=0"]);
    // New lines arrive while the container runs (none were asked of the history).
    for _ in 0..5 {
        assert_eq!(
            next_line(&mut rx, "kubectl logs -f").await.as_deref(),
            Some("working")
        );
    }
    // The container exits with an error: its crash message, then the stream ends.
    let patch = r#"{"status":{"containerStatuses":[{"name":"app","containerID":"containerd://w2","ready":false,"restartCount":1,
        "state":{"waiting":{"reason":"CrashLoopBackOff"}},
        "lastState":{"terminated":{"containerID":"containerd://w1","exitCode":2,"reason":"Error","startedAt":"2026-01-01T00:00:00Z","finishedAt":"2026-01-01T00:00:05Z"}}}]}}"#;
    ks.kubectl_ok(&[
        "patch",
        "pod",
        "worker",
        "--subresource=status",
        "--type=merge",
        "-p",
        patch,
    ])
    .await;
    let mut rest = Vec::new();
    while let Some(l) = next_line(&mut rx, "kubectl logs -f").await {
        rest.push(l);
    }
    let status = exits(child).await;
    assert!(status.success(), "{status:?}");
    assert_eq!(
        rest.iter().rev().take(2).collect::<Vec<_>>(),
        ["goroutine 1 [running]:", "panic: lost the lease"],
        "{rest:?}"
    );
    assert!(rest.iter().rev().skip(2).all(|l| l == "working"), "{rest:?}");
    // The previous container's log now ends with it too.
    let prev = ks.kubectl_ok(&["logs", "worker", "-p", "--tail=2"]).await.stdout;
    assert_eq!(prev, "panic: lost the lease\ngoroutine 1 [running]:\n");
}

#[tokio::test]
async fn follow_ends_when_the_pod_is_deleted_and_keeps_up_with_a_chatty_pod() {
    let ks = KubectlSim::start("demo").await;
    let chatty = "ingress-nginx-controller-qtkqckvl2t-gz29j";
    let (mut child, mut rx) = spawn_lines(&ks, &["logs", "-f", "-n", "ingress-nginx", chatty, "--tail=0"]);
    let mut seen = 0;
    while seen < 40_000 {
        let line = next_line(&mut rx, "the chatty pod")
            .await
            .expect("the stream goes on");
        assert!(line.contains(" HTTP/"), "{line}");
        seen += 1;
    }
    let _ = child.kill();
    let _ = child.wait();

    let pod = "etl-worker-5b8c7d9f4q-m2vzt";
    let (child, mut rx) = spawn_lines(&ks, &["logs", "-f", "-n", "data", pod, "--tail=1"]);
    assert!(
        next_line(&mut rx, "etl-worker")
            .await
            .is_some_and(|l| l.starts_with("INFO etl."))
    );
    ks.kubectl_ok(&["delete", "pod", "-n", "data", pod, "--grace-period=0", "--force"])
        .await;
    while next_line(&mut rx, "etl-worker").await.is_some() {}
    assert!(exits(child).await.success());
}
