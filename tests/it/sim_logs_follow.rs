//! `kubectl logs -f` against the simulated cluster: lines as they come, a
//! chatty pod, and the stream's end when the container exits (its crash
//! message last) or the pod is deleted.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use tokio::sync::mpsc;

use crate::test_support;

use super::sim_logs::SCENARIO;
use test_support::sim::KubectlSim;

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

#[tokio::test]
async fn follow_ends_when_the_sims_kubelet_crashes_the_container() {
    // The sim's kubelet runs a crash-looping container 5 s, then it exits with code 1.
    let looper = "- pod: looper\n  rate: 2\n  lines: [booting]\n  crash: 'fatal: /etc/app/config.yaml: no such file or directory'\n";
    let pod = r#"---
apiVersion: v1
kind: Pod
metadata:
  name: looper
  namespace: default
  annotations: {sim.kon/behaviour: crashloop}
spec:
  nodeName: n1
  containers: [{name: app, image: busybox}]
status:
  phase: Running
  containerStatuses:
  - {name: app, containerID: "containerd://l1", ready: false, restartCount: 0, state: {running: {startedAt: now}}}
"#;
    let yaml = format!(
        "{}{pod}",
        SCENARIO.replacen("logs:\n", &format!("logs:\n{looper}"), 1)
    );
    let ks = KubectlSim::start_yaml(&yaml).await;
    // Followed while it runs, or read after it exited: either way the log ends with the
    // crash and kubectl returns by itself.
    let (child, mut rx) = spawn_lines(&ks, &["logs", "-f", "looper"]);
    let mut lines = Vec::new();
    while let Some(l) = next_line(&mut rx, "the crash-looping pod").await {
        lines.push(l);
    }
    assert!(exits(child).await.success());
    assert_eq!(
        lines.last().map(String::as_str),
        Some("fatal: /etc/app/config.yaml: no such file or directory"),
        "{lines:?}"
    );
    assert!(
        lines.len() >= 2 && lines[..lines.len() - 1].iter().all(|l| l == "booting"),
        "{lines:?}"
    );
}
