//! Tests of update, patch and delete.

use super::super::field_selector::Filter;
use super::super::store_watch::{EventType, WatchEvent};
use super::*;
use serde_json::json;

fn pods() -> ResourceType {
    ResourceType::new("", "v1", "Pod", "pods", true)
}

fn nodes() -> ResourceType {
    ResourceType::new("", "v1", "Node", "nodes", false)
}

fn deployments() -> ResourceType {
    ResourceType::new("apps", "v1", "Deployment", "deployments", true)
}

fn backups() -> ResourceType {
    ResourceType::new("velero.io", "v1", "Backup", "backups", true)
}

fn store() -> Store {
    let mut s = Store::new();
    s.set_now(1_700_000_000);
    for rt in [pods(), nodes(), deployments(), backups()] {
        s.register(rt);
    }
    s
}

fn web_pod(node: &str) -> Value {
    json!({"metadata":{"name":"web","namespace":"ns","labels":{"app":"web"}},
           "spec":{"nodeName":node,"containers":[
               {"name":"app","image":"app:1"},{"name":"sidecar","image":"side:1"}]},
           "status":{"phase":"Running"}})
}

fn rv(v: &Value) -> &str {
    meta_or_empty(v, "resourceVersion")
}

fn events(s: &Store, rt: &ResourceType, after: u64) -> Vec<(EventType, String)> {
    s.events_since(rt, None, after, &Filter::everything())
        .unwrap_or_default()
        .iter()
        .map(|e: &WatchEvent| (e.event_type, meta_or_empty(&e.value(), "name").to_string()))
        .collect()
}

#[test]
fn update_with_stale_rv_conflicts() {
    let mut s = store();
    let created = s.create(&pods(), Some("ns"), web_pod("n1")).unwrap_or_default();
    let mut edited = created.clone();
    edited["metadata"]["labels"]["v"] = json!("2");
    let updated = s.update(&pods(), Some("ns"), "web", edited.clone());
    assert!(
        updated
            .as_ref()
            .is_ok_and(|u| rv(u) == "2" && u["metadata"]["labels"]["v"] == "2")
    );
    let stale = s.update(&pods(), Some("ns"), "web", edited);
    assert_eq!(
        stale.map_err(|e| (e.code, e.message)),
        Err((409, "Operation cannot be fulfilled on pods \"web\": the object has been modified; please apply your changes to the latest version and try again".into()))
    );
    let current = updated.unwrap_or_default();
    assert_eq!(
        s.update(&pods(), Some("ns"), "web", current.clone()),
        Ok(current),
        "no-op PUT"
    );
    assert_eq!(s.latest_rv(), 2);
    let renamed = json!({"metadata":{"name":"other"}});
    assert_eq!(
        s.update(&pods(), Some("ns"), "web", renamed).map_err(|e| e.code),
        Err(400)
    );
    let missing = s.update(&pods(), Some("ns"), "nope", json!({}));
    assert_eq!(missing.map_err(|e| e.code), Err(404));
}

#[test]
fn update_keeps_server_fields_and_status() {
    let mut s = store();
    let created = s.create(&pods(), Some("ns"), web_pod("n1")).unwrap_or_default();
    let body = json!({"metadata":{"name":"web","labels":{"x":"y"}},
                      "spec":{"nodeName":"n1","containers":[]},"status":{"phase":"Failed"}});
    let u = s.update(&pods(), Some("ns"), "web", body).unwrap_or_default();
    assert_eq!(u["metadata"]["uid"], created["metadata"]["uid"]);
    assert_eq!(
        u["metadata"]["creationTimestamp"],
        created["metadata"]["creationTimestamp"]
    );
    assert_eq!(
        u["status"]["phase"], "Running",
        "status belongs to the subresource"
    );
    assert_eq!(u["metadata"]["generation"], 2, "spec changed");
    let st = s.update_status(
        &pods(),
        Some("ns"),
        "web",
        json!({"spec":{},"status":{"phase":"Failed"}}),
    );
    let st = st.unwrap_or_default();
    assert_eq!(st["status"]["phase"], "Failed");
    assert_eq!(st["spec"]["nodeName"], "n1", "status writes leave spec alone");
    let bad_uid = json!({"metadata":{"name":"web","uid":"other"}});
    assert_eq!(
        s.update(&pods(), Some("ns"), "web", bad_uid).map_err(|e| e.code),
        Err(422)
    );
}

#[test]
fn strategic_merges_containers_merge_patch_replaces() {
    let mut s = store();
    assert!(s.create(&pods(), Some("ns"), web_pod("n1")).is_ok());
    let body = br#"{"spec":{"containers":[{"name":"app","image":"app:2"}]}}"#;
    let smp = s.patch(&pods(), Some("ns"), "web", PatchType::StrategicMerge, body);
    let smp = smp.unwrap_or_default();
    assert_eq!(smp["spec"]["containers"].as_array().map(Vec::len), Some(2));
    assert_eq!(smp["spec"]["containers"][0]["image"], "app:2");
    let mp = s
        .patch(&pods(), Some("ns"), "web", PatchType::Merge, body)
        .unwrap_or_default();
    assert_eq!(mp["spec"]["containers"], json!([{"name":"app","image":"app:2"}]));
    assert_eq!((rv(&smp), rv(&mp)), ("2", "3"));
}

#[test]
fn cordon_by_json_patch_and_noop_keeps_rv() {
    let mut s = store();
    assert!(
        s.create(&nodes(), None, json!({"metadata":{"name":"n1"},"spec":{}}))
            .is_ok()
    );
    let body = br#"[{"op":"add","path":"/spec/unschedulable","value":true}]"#;
    let n = s
        .patch(&nodes(), None, "n1", PatchType::Json, body)
        .unwrap_or_default();
    assert_eq!(n["spec"]["unschedulable"], true);
    assert_eq!(rv(&n), "2");
    assert!(
        n["metadata"].get("generation").is_none(),
        "nodes have no generation"
    );
    let again = br#"{"spec":{"unschedulable":true}}"#;
    let same = s.patch(&nodes(), None, "n1", PatchType::StrategicMerge, again);
    assert_eq!(same, Ok(n));
    assert_eq!(s.latest_rv(), 2);
    assert_eq!(events(&s, &nodes(), 0).len(), 2, "no event for the no-op");
}

#[test]
fn patch_guards_identity_and_preconditions() {
    let mut s = store();
    assert!(s.create(&pods(), Some("ns"), web_pod("n1")).is_ok());
    let patch = |s: &mut Store, body: &[u8]| {
        s.patch(&pods(), Some("ns"), "web", PatchType::Merge, body)
            .map_err(|e| e.code)
    };
    assert_eq!(patch(&mut s, br#"{"metadata":{"name":"x"}}"#), Err(400));
    assert_eq!(patch(&mut s, br#"{"metadata":{"namespace":"x"}}"#), Err(400));
    assert_eq!(patch(&mut s, br#"{"metadata":{"uid":"x"}}"#), Err(422));
    assert_eq!(
        patch(
            &mut s,
            br#"{"metadata":{"resourceVersion":"99","labels":{"a":"b"}}}"#
        ),
        Err(409)
    );
    assert!(
        patch(
            &mut s,
            br#"{"metadata":{"resourceVersion":"1","labels":{"a":"b"}}}"#
        )
        .is_ok()
    );
    let st = patch(&mut s, br#"{"status":{"phase":"Failed"}}"#);
    assert_eq!(st, Ok(s.get(&pods(), Some("ns"), "web").unwrap_or_default()));
    let phase = s.get(&pods(), Some("ns"), "web").unwrap_or_default();
    assert_eq!(phase["status"]["phase"], "Running", "main patch ignores status");
    let st = s.patch_status(
        &pods(),
        Some("ns"),
        "web",
        PatchType::Merge,
        &json!({"status":{"phase":"Failed"}}),
    );
    assert!(st.is_ok_and(|p| p["status"]["phase"] == "Failed"));
    let crd_smp =
        PatchType::from_content_type("application/strategic-merge-patch+json", backups().is_builtin());
    assert_eq!(crd_smp.map_err(|e| e.code), Err(415));
}

#[test]
fn generation_tracks_spec_changes() {
    let mut s = store();
    let d = json!({"metadata":{"name":"d"},"spec":{"replicas":1}});
    assert!(s.create(&deployments(), Some("ns"), d).is_ok());
    let gen_of = |v: Result<Value, ApiError>| v.ok().and_then(|v| v["metadata"]["generation"].as_i64());
    let labels = json!({"metadata":{"labels":{"a":"b"}}});
    assert_eq!(
        gen_of(s.patch_value(&deployments(), Some("ns"), "d", PatchType::Merge, &labels)),
        Some(1)
    );
    let scale = json!({"spec":{"replicas":3}});
    assert_eq!(
        gen_of(s.patch_value(&deployments(), Some("ns"), "d", PatchType::Merge, &scale)),
        Some(2)
    );
    let b = json!({"metadata":{"name":"b"},"spec":{"ttl":"1h"}});
    assert!(s.create(&backups(), Some("ns"), b).is_ok());
    let ttl = json!({"spec":{"ttl":"2h"}});
    assert_eq!(
        gen_of(s.patch_value(&backups(), Some("ns"), "b", PatchType::Merge, &ttl)),
        Some(2)
    );
}

#[test]
fn graceful_pod_deletion_modified_then_deleted() {
    let mut s = store();
    assert!(s.create(&pods(), Some("ns"), web_pod("n1")).is_ok());
    let d = s.delete(&pods(), Some("ns"), "web", None).unwrap_or_default();
    assert_eq!(
        d["metadata"]["deletionTimestamp"], "2023-11-14T22:13:50Z",
        "now + 30s"
    );
    assert_eq!(d["metadata"]["deletionGracePeriodSeconds"], 30);
    assert!(
        s.get(&pods(), Some("ns"), "web").is_ok(),
        "still there while terminating"
    );
    let again = s.delete(&pods(), Some("ns"), "web", Some(60)).unwrap_or_default();
    assert_eq!(again, d, "a longer grace period changes nothing");
    s.set_now(1_700_000_010);
    assert!(s.finalize_deletions().is_empty(), "deadline not reached");
    s.set_now(1_700_000_030);
    let removed = s.finalize_deletions();
    assert_eq!(removed.len(), 1);
    assert_eq!(s.get(&pods(), Some("ns"), "web").map_err(|e| e.code), Err(404));
    assert_eq!(
        events(&s, &pods(), 0),
        [
            (EventType::Added, "web".to_string()),
            (EventType::Modified, "web".to_string()),
            (EventType::Deleted, "web".to_string())
        ]
    );
    let last = s
        .events_since(&pods(), None, 2, &Filter::everything())
        .unwrap_or_default();
    assert!(last.first().is_some_and(|e| e.rv == 3 && rv(&e.value()) == "3"));
}

#[test]
fn immediate_deletions() {
    let mut s = store();
    assert!(s.create(&pods(), Some("ns"), web_pod("")).is_ok());
    let gone = s.delete(&pods(), Some("ns"), "web", None);
    assert!(
        gone.is_ok_and(|g| g["metadata"].get("deletionTimestamp").is_none()),
        "unscheduled: at once"
    );
    assert!(s.create(&pods(), Some("ns"), web_pod("n1")).is_ok());
    assert!(s.delete(&pods(), Some("ns"), "web", Some(0)).is_ok());
    assert_eq!(s.count(&pods()), Ok(0));
    assert!(
        s.create(&nodes(), None, json!({"metadata":{"name":"n1"}}))
            .is_ok()
    );
    assert!(s.delete(&nodes(), None, "n1", Some(30)).is_ok());
    assert_eq!(s.count(&nodes()), Ok(0), "grace only applies to pods");
    assert!(s.create(&pods(), Some("ns"), web_pod("n1")).is_ok());
    assert!(s.delete(&pods(), Some("ns"), "web", None).is_ok());
    assert!(s.remove(&pods(), Some("ns"), "web").is_ok(), "force removal");
    assert_eq!(s.count(&pods()), Ok(0));
    assert!(s.finalize_deletions().is_empty());
    assert_eq!(
        s.delete(&pods(), Some("ns"), "web", None).map_err(|e| e.code),
        Err(404)
    );
}

#[test]
fn finalizers_hold_deletion_until_emptied() {
    let mut s = store();
    let b = json!({"metadata":{"name":"b","finalizers":["velero.io/gc"]}});
    assert!(s.create(&backups(), Some("ns"), b).is_ok());
    let d = s.delete(&backups(), Some("ns"), "b", None).unwrap_or_default();
    assert_eq!(d["metadata"]["deletionTimestamp"], "2023-11-14T22:13:20Z");
    assert!(s.get(&backups(), Some("ns"), "b").is_ok());
    let cleared = json!({"metadata":{"finalizers":null}});
    let last = s.patch_value(&backups(), Some("ns"), "b", PatchType::Merge, &cleared);
    assert!(last.is_ok_and(|l| l["metadata"]["deletionTimestamp"] == d["metadata"]["deletionTimestamp"]));
    assert_eq!(s.count(&backups()), Ok(0));
    let kinds: Vec<EventType> = events(&s, &backups(), 0).into_iter().map(|(t, _)| t).collect();
    assert_eq!(kinds, [EventType::Added, EventType::Modified, EventType::Deleted]);
}

#[test]
fn graceful_pod_with_finalizer_waits_for_both() {
    let mut s = store();
    let mut p = web_pod("n1");
    p["metadata"]["finalizers"] = json!(["x/y"]);
    assert!(s.create(&pods(), Some("ns"), p).is_ok());
    assert!(s.delete(&pods(), Some("ns"), "web", Some(5)).is_ok());
    s.set_now(1_700_000_005);
    assert!(s.finalize_deletions().is_empty(), "finalizer still there");
    let held = s.get(&pods(), Some("ns"), "web").unwrap_or_default();
    assert_eq!(held["metadata"]["deletionGracePeriodSeconds"], 0);
    let clear = json!({"metadata":{"$deleteFromPrimitiveList/finalizers":["x/y"]}});
    assert!(
        s.patch_value(&pods(), Some("ns"), "web", PatchType::StrategicMerge, &clear)
            .is_ok()
    );
    assert_eq!(s.count(&pods()), Ok(0));
}
