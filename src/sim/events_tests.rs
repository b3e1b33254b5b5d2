use serde_json::json;

use super::*;

fn core_backoff() -> Value {
    json!({
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": "ledger-x.17f", "namespace": "payments"},
        "involvedObject": {"kind": "Pod", "name": "ledger-x", "namespace": "payments", "fieldPath": "spec.containers{ledger}"},
        "reason": "BackOff", "message": "Back-off restarting failed container ledger in pod ledger-x",
        "type": "Warning", "count": 17, "firstTimestamp": "2026-01-01T00:00:00Z", "lastTimestamp": "2026-01-01T01:00:00Z",
        "source": {"component": "kubelet", "host": "worker-b-1"}, "eventTime": null,
        "reportingComponent": "kubelet", "reportingInstance": "worker-b-1",
    })
}

#[test]
fn a_core_event_reads_as_events_k8s_io_and_back() {
    let v1 = to_events_v1(&core_backoff());
    assert_eq!(v1["apiVersion"], "events.k8s.io/v1");
    assert_eq!(v1["regarding"]["name"], "ledger-x");
    assert_eq!(
        v1["note"],
        "Back-off restarting failed container ledger in pod ledger-x"
    );
    assert_eq!(v1["deprecatedCount"], 17);
    assert_eq!(v1["deprecatedLastTimestamp"], "2026-01-01T01:00:00Z");
    assert_eq!(v1["deprecatedSource"]["host"], "worker-b-1");
    assert_eq!(v1["reportingController"], "kubelet");
    assert!(v1.get("involvedObject").is_none() && v1.get("message").is_none() && v1.get("count").is_none());
    assert_eq!(to_core(&v1), core_backoff());
}

#[test]
fn an_events_k8s_io_event_keeps_its_series() {
    let v1 = json!({
        "apiVersion": "events.k8s.io/v1", "kind": "Event",
        "metadata": {"name": "trainer.1", "namespace": "data"},
        "regarding": {"kind": "Pod", "name": "trainer"}, "note": "0/15 nodes are available",
        "reason": "FailedScheduling", "type": "Warning", "action": "Scheduling",
        "eventTime": "2026-01-01T00:00:00.000000Z", "series": {"count": 3, "lastObservedTime": "2026-01-01T00:05:00.000000Z"},
        "reportingController": "default-scheduler", "reportingInstance": "default-scheduler-cp-1",
    });
    let core = to_core(&v1);
    assert_eq!(core["involvedObject"]["name"], "trainer");
    assert_eq!(core["message"], "0/15 nodes are available");
    assert_eq!(core["series"]["count"], 3);
    assert_eq!(core["reportingComponent"], "default-scheduler");
    assert!(core.get("count").is_none());
    assert_eq!(to_events_v1(&core), v1);
}

#[test]
fn field_selectors_of_the_new_version_use_the_core_labels() {
    assert_eq!(
        core_field_selector("regarding.name=ledger-x,reason=BackOff,type!=Normal").ok(),
        Some("involvedObject.name=ledger-x,reason=BackOff,type!=Normal".to_string())
    );
    assert_eq!(
        core_field_selector("reportingController=kubelet").ok(),
        Some("reportingComponent=kubelet".to_string())
    );
    let e = core_field_selector("involvedObject.name=x").map_err(|e| (e.code, e.message));
    assert_eq!(
        e,
        Err((400, "field label not supported: involvedObject.name".to_string()))
    );
    assert_eq!(core_field_selector("").ok(), Some(String::new()));
}

#[test]
fn repeats_count_up_as_each_recorder_does() {
    let legacy = core_backoff();
    assert_eq!(
        repeat_patch(&legacy, "T", "M"),
        json!({"count": 18, "lastTimestamp": "T"})
    );
    let mut new_api = json!({"eventTime": "E"});
    assert_eq!(
        repeat_patch(&new_api, "T", "M"),
        json!({"series": {"count": 2, "lastObservedTime": "M"}})
    );
    new_api["series"] = json!({"count": 5});
    assert_eq!(repeat_patch(&new_api, "T", "M")["series"]["count"], 6);
}

#[test]
fn events_about_nodes_live_in_default() {
    let node = json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "worker-b-4", "uid": "u"}});
    let r = Report::new(
        EventType::Normal,
        "NodeNotReady",
        "Node worker-b-4 status is now: NodeNotReady",
    );
    let e = new_event(
        "worker-b-4.1",
        &node,
        &r,
        &Reporter::legacy("node-controller", ""),
        "T",
        "M",
    );
    assert_eq!(e["metadata"]["namespace"], "default");
    assert_eq!(e["involvedObject"]["kind"], "Node");
    assert_eq!(e["source"], json!({"component": "node-controller"}));
    assert_eq!(
        (e["count"].clone(), e["firstTimestamp"].clone()),
        (json!(1), json!("T"))
    );
}
