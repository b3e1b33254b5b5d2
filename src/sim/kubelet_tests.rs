use serde_json::json;

use super::*;

const T0: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn pod(behaviour: &str) -> Value {
    json!({
        "metadata": {"name": "ledger-abc", "namespace": "payments", "uid": "u-1", "annotations": {ANNOTATION: behaviour}},
        "spec": {"nodeName": "worker-b-1", "containers": [{"name": "ledger", "image": "reg/ledger:1", "readinessProbe": {"periodSeconds": 7}}]},
        "status": {"phase": "Pending"},
    })
}

fn apply(pod: &mut Value, step: &Step) {
    if let Some(s) = &step.status {
        pod["status"] = s.clone();
    }
}

fn reasons(step: &Step) -> Vec<&str> {
    step.events.iter().map(|e| e.reason.as_str()).collect()
}

#[test]
fn back_off_doubles_from_ten_seconds_to_five_minutes() {
    let got: Vec<i64> = (0..8).map(backoff).collect();
    assert_eq!(got, [10, 20, 40, 80, 160, 300, 300, 300]);
    assert_eq!(backoff(17), 300);
    assert_eq!(
        (go_duration(10), go_duration(80), go_duration(300)),
        ("10s".into(), "1m20s".into(), "5m0s".into())
    );
}

#[test]
fn the_annotation_names_the_behaviour() {
    assert_eq!(behaviour(&pod("crashloop")), Some(Behaviour::CrashLoop));
    assert_eq!(behaviour(&pod("unready")), Some(Behaviour::Unready));
    assert_eq!(behaviour(&pod("sometimes")), None);
    assert_eq!(behaviour(&json!({"metadata": {}})), None);
}

#[test]
fn a_crash_loop_runs_crashes_backs_off_and_restarts_on_the_kubelets_clock() {
    let mut p = pod("crashloop");
    let s = step(&p, Behaviour::CrashLoop, T0);
    assert_eq!(
        (reasons(&s), s.next),
        (vec!["Pulled", "Created", "Started"], T0 + RUN_BEFORE_CRASH)
    );
    apply(&mut p, &s);
    // Too early: nothing happens.
    let s = step(&p, Behaviour::CrashLoop, T0 + 1);
    assert_eq!((s.status.is_none(), s.next), (true, T0 + RUN_BEFORE_CRASH));
    let mut now = T0 + RUN_BEFORE_CRASH;
    let mut waits = Vec::new();
    for restarts in 0..7 {
        let s = step(&p, Behaviour::CrashLoop, now);
        assert_eq!(reasons(&s), ["BackOff"], "crash {restarts}");
        apply(&mut p, &s);
        let c = &p["status"]["containerStatuses"][0];
        assert_eq!(c["state"]["waiting"]["reason"], "CrashLoopBackOff");
        assert_eq!(c["lastState"]["terminated"]["exitCode"], 1);
        assert_eq!(c["lastState"]["terminated"]["reason"], "Error");
        assert_eq!(c["restartCount"], restarts);
        assert_eq!(p["status"]["phase"], "Running");
        waits.push(s.next - now);
        // One second before the back-off ends: still waiting.
        assert!(step(&p, Behaviour::CrashLoop, s.next - 1).status.is_none());
        now = s.next;
        let s = step(&p, Behaviour::CrashLoop, now);
        apply(&mut p, &s);
        assert_eq!(p["status"]["containerStatuses"][0]["restartCount"], restarts + 1);
        assert!(p["status"]["containerStatuses"][0]["state"]["running"].is_object());
        now = s.next;
    }
    assert_eq!(waits, [10, 20, 40, 80, 160, 300, 300]);
    let msg = p["status"]["containerStatuses"][0]["state"]["running"].clone();
    assert!(msg.is_object());
}

#[test]
fn the_back_off_message_reads_like_the_kubelets() {
    let mut p = pod("crashloop");
    let s0 = step(&p, Behaviour::CrashLoop, T0);
    apply(&mut p, &s0);
    let s = step(&p, Behaviour::CrashLoop, T0 + 5);
    apply(&mut p, &s);
    assert_eq!(
        p["status"]["containerStatuses"][0]["state"]["waiting"]["message"],
        "back-off 10s restarting failed container=ledger pod=ledger-abc_payments(u-1)"
    );
    assert_eq!(
        s.events[0].message,
        "Back-off restarting failed container ledger in pod ledger-abc_payments(u-1)"
    );
    assert_eq!(s.events[0].field_path.as_deref(), Some("spec.containers{ledger}"));
    let ready = p["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Ready")
        .cloned();
    assert_eq!(ready.map(|c| c["status"].clone()), Some(json!("False")));
}

#[test]
fn an_oom_killed_container_restarts_and_stays_running() {
    let mut p = pod("oomkill");
    let s0 = step(&p, Behaviour::OomKill, T0);
    apply(&mut p, &s0);
    assert_eq!(p["status"]["containerStatuses"][0]["ready"], true);
    assert!(step(&p, Behaviour::OomKill, T0 + OOM_EVERY - 1).status.is_none());
    let s = step(&p, Behaviour::OomKill, T0 + OOM_EVERY);
    apply(&mut p, &s);
    let c = &p["status"]["containerStatuses"][0];
    assert_eq!(
        (c["restartCount"].clone(), c["ready"].clone()),
        (json!(1), json!(true))
    );
    assert_eq!(c["lastState"]["terminated"]["reason"], "OOMKilled");
    assert_eq!(c["lastState"]["terminated"]["exitCode"], 137);
    assert_eq!(p["status"]["phase"], "Running");
}

#[test]
fn an_image_that_never_pulls_alternates_err_image_pull_and_back_off() {
    let mut p = pod("imagepull");
    let s = step(&p, Behaviour::ImagePull, T0);
    assert_eq!(reasons(&s), ["Pulling", "Failed", "Failed"]);
    apply(&mut p, &s);
    assert_eq!(
        p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
        "ErrImagePull"
    );
    assert_eq!(p["status"]["phase"], "Pending");
    let s = step(&p, Behaviour::ImagePull, s.next);
    assert_eq!(reasons(&s), ["BackOff", "Failed"]);
    assert_eq!(s.events[0].type_, EventType::Normal);
    assert_eq!(s.events[0].message, "Back-off pulling image \"reg/ledger:1\"");
    apply(&mut p, &s);
    assert_eq!(
        p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"],
        "ImagePullBackOff"
    );
    let again = step(&p, Behaviour::ImagePull, s.next);
    assert_eq!(reasons(&again), ["Pulling", "Failed", "Failed"]);
}

#[test]
fn an_unready_pod_runs_and_fails_its_probe_every_period() {
    let mut p = pod("unready");
    let s = step(&p, Behaviour::Unready, T0);
    apply(&mut p, &s);
    assert_eq!(p["status"]["phase"], "Running");
    assert_eq!(p["status"]["containerStatuses"][0]["ready"], false);
    let s = step(&p, Behaviour::Unready, s.next);
    assert_eq!(s.events[0].reason, "Unhealthy");
    assert_eq!(
        s.events[0].message,
        "Readiness probe failed: HTTP probe failed with statuscode: 503"
    );
    assert_eq!(s.next, T0 + 14);
}

#[test]
fn a_pod_the_scenario_wrote_in_image_pull_back_off_is_first_retried_later() {
    let mut p = pod("imagepull");
    p["status"] = json!({"phase": "Pending", "containerStatuses": [{"name": "ledger", "state": {"waiting": {"reason": "ImagePullBackOff"}}}]});
    assert_eq!(first_look(&p, Behaviour::ImagePull, T0), T0 + MAX_BACKOFF / 2);
    assert_eq!(first_look(&pod("crashloop"), Behaviour::CrashLoop, T0), T0);
    assert_eq!(first_look(&pod("unready"), Behaviour::Unready, T0), T0 + 7);
}

#[test]
fn an_oom_kill_is_recognised_and_told_as_the_kernel_tells_it() {
    let mut p = pod("oomkill");
    p["spec"]["containers"][0]["resources"] = json!({"limits": {"memory": "1Gi"}});
    let s0 = step(&p, Behaviour::OomKill, T0);
    apply(&mut p, &s0);
    assert!(!oom_killed_at(&p["status"], T0));
    let s = step(&p, Behaviour::OomKill, T0 + OOM_EVERY);
    let status = s.status.clone().unwrap_or_default();
    assert!(oom_killed_at(&status, T0 + OOM_EVERY));
    assert!(!oom_killed_at(&status, T0 + OOM_EVERY + 1));
    let line = oom_kernel_line(&p, T0);
    assert!(
        line.starts_with("Memory cgroup out of memory: Killed process "),
        "{line}"
    );
    assert!(
        line.contains(" (ledger) total-vm:2097152kB, anon-rss:1048576kB, file-rss:0kB"),
        "{line}"
    );
}
