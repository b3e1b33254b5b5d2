use serde_json::json;

use super::choice::{Role, choose};
use crate::cluster::slim::pod::SlimPod;
use crate::cluster::store::intern::Interner;
use crate::cluster::store::records::PodRecord;

fn pod(status: serde_json::Value) -> PodRecord {
    let v = json!({
        "metadata": {"name": "ledger-1", "namespace": "payments"},
        "spec": {"containers": [{"name": "app"}, {"name": "proxy"}], "initContainers": [{"name": "migrate"}]},
        "status": status,
    });
    let p: SlimPod = serde_json::from_value(v).expect("a pod");
    PodRecord::from_slim(&p, &mut Interner::default())
}

fn running(name: &str) -> serde_json::Value {
    json!({"name": name, "ready": true, "restartCount": 0, "state": {"running": {}}})
}

#[test]
fn a_healthy_pod_shows_its_first_app_container_current_run() {
    let c = choose(&pod(json!({
        "initContainerStatuses": [{"name": "migrate", "restartCount": 0,
            "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}],
        "containerStatuses": [running("app"), running("proxy")],
    })));
    let names: Vec<(&str, Role)> = c.containers.iter().map(|c| (c.name.as_str(), c.role)).collect();
    assert_eq!(
        names,
        [("migrate", Role::Init), ("app", Role::App), ("proxy", Role::App)]
    );
    assert_eq!(c.current().map(|c| c.name.as_str()), Some("app"));
    assert!(!c.previous);
    assert_eq!(c.containers[0].state, "Terminated (Completed, exit 0)");
}

#[test]
fn a_crash_looping_container_is_chosen_with_its_previous_run() {
    let c = choose(&pod(json!({
        "containerStatuses": [running("app"), {"name": "proxy", "restartCount": 7,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}],
    })));
    let cur = c.current().expect("a container");
    assert_eq!(
        (cur.name.as_str(), cur.state.as_str(), cur.restarts),
        ("proxy", "CrashLoopBackOff", 7)
    );
    assert!(c.previous);
}

#[test]
fn a_running_container_whose_last_state_is_terminated_shows_its_previous_run() {
    let c = choose(&pod(json!({
        "containerStatuses": [{"name": "app", "restartCount": 1, "state": {"running": {}},
            "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}, running("proxy")],
    })));
    assert_eq!(c.current().map(|c| c.name.as_str()), Some("app"));
    assert!(c.previous);
    let mut c = c;
    c.pick(1);
    assert_eq!(c.current().map(|c| c.name.as_str()), Some("proxy"));
    assert!(!c.previous, "proxy has no previous run");
    c.pick(9);
    assert_eq!(c.index, Some(1), "an index out of range changes nothing");
}

#[test]
fn a_failing_init_container_comes_first_and_ephemeral_ones_are_listed() {
    let c = choose(&pod(json!({
        "initContainerStatuses": [{"name": "migrate", "restartCount": 3,
            "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"exitCode": 2}}}],
        "containerStatuses": [{"name": "app", "state": {"waiting": {"reason": "PodInitializing"}}}],
        "ephemeralContainerStatuses": [running("debugger")],
    })));
    assert_eq!(c.current().map(|c| c.name.as_str()), Some("migrate"));
    assert!(c.previous);
    assert_eq!(c.containers.last().map(|c| c.role), Some(Role::Ephemeral));
}

#[test]
fn a_pod_with_no_statuses_yet_leaves_the_container_to_the_api() {
    let c = choose(&pod(json!({"phase": "Pending"})));
    assert!(c.containers.is_empty());
    assert_eq!(c.index, None);
    assert!(!c.previous);
}
