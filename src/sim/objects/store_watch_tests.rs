//! Tests of watch events, compaction and bookmarks.

use super::super::object_meta::meta_or_empty;
use super::super::patch::PatchType;
use super::*;

fn pods() -> ResourceType {
    ResourceType::new("", "v1", "Pod", "pods", true)
}

fn nodes() -> ResourceType {
    ResourceType::new("", "v1", "Node", "nodes", false)
}

fn pod(ns: &str, name: &str, app: &str) -> Value {
    json!({"metadata":{"name":name,"namespace":ns,"labels":{"app":app}},"spec":{}})
}

fn store() -> Store {
    let mut s = Store::new();
    s.register(pods());
    s.register(nodes());
    s
}

fn summary(evs: &[WatchEvent]) -> Vec<(&'static str, String, u64)> {
    evs.iter()
        .map(|e| {
            let o = &e.value();
            let id = format!("{}/{}", meta_or_empty(o, "namespace"), meta_or_empty(o, "name"));
            (e.event_type.as_str(), id, e.rv)
        })
        .collect()
}

fn relabel(s: &mut Store, ns: &str, name: &str, app: &str) {
    let p = json!({"metadata":{"labels":{"app":app}}});
    assert!(
        s.patch_value(&pods(), Some(ns), name, PatchType::Merge, &p)
            .is_ok()
    );
}

#[test]
fn events_after_rv_filtered_by_namespace_and_labels() {
    let mut s = store();
    assert!(s.create(&pods(), Some("a"), pod("a", "w1", "web")).is_ok()); // rv 1
    assert!(s.create(&pods(), Some("b"), pod("b", "w2", "web")).is_ok()); // rv 2
    assert!(s.create(&pods(), Some("a"), pod("a", "d1", "db")).is_ok()); // rv 3
    assert!(
        s.create(&nodes(), None, json!({"metadata":{"name":"n1"}}))
            .is_ok()
    ); // rv 4
    relabel(&mut s, "a", "d1", "web"); // rv 5: d1 enters app=web
    relabel(&mut s, "a", "w1", "old"); // rv 6: w1 leaves app=web
    relabel(&mut s, "a", "d1", "web"); // no-op, no event
    assert!(s.delete(&pods(), Some("a"), "d1", None).is_ok()); // rv 7

    let all = s
        .events_since(&pods(), None, 1, &Filter::everything())
        .unwrap_or_default();
    assert_eq!(
        summary(&all),
        [
            ("ADDED", "b/w2".to_string(), 2),
            ("ADDED", "a/d1".to_string(), 3),
            ("MODIFIED", "a/d1".to_string(), 5),
            ("MODIFIED", "a/w1".to_string(), 6),
            ("DELETED", "a/d1".to_string(), 7),
        ]
    );
    let web = Filter::parse(&pods(), Some("app=web"), None).unwrap_or_default();
    let in_a = s.events_since(&pods(), Some("a"), 0, &web).unwrap_or_default();
    assert_eq!(
        summary(&in_a),
        [
            ("ADDED", "a/w1".to_string(), 1),
            ("ADDED", "a/d1".to_string(), 5),
            ("DELETED", "a/w1".to_string(), 6),
            ("DELETED", "a/d1".to_string(), 7),
        ]
    );
    let left = in_a.get(2).map(WatchEvent::value).unwrap_or_default();
    assert_eq!(
        left["metadata"]["labels"]["app"], "web",
        "carries the last matching state"
    );
    assert_eq!(left["metadata"]["resourceVersion"], "6", "at the event's rv");
    let node_events = s.events_since(&nodes(), None, 0, &Filter::everything());
    assert_eq!(node_events.map(|e| e.len()), Ok(1));
    let future = s.events_since(&pods(), None, 100, &Filter::everything());
    assert_eq!(future, Ok(Vec::new()));
}

#[test]
fn gone_after_compaction() {
    let mut s = store();
    for i in 0..5 {
        assert!(
            s.create(&pods(), Some("a"), pod("a", &format!("p{i}"), "x"))
                .is_ok()
        );
    }
    s.compact(3);
    assert_eq!(s.compacted_rv(), 3);
    let e = s
        .events_since(&pods(), None, 2, &Filter::everything())
        .map_err(|e| e.to_status());
    assert_eq!(
        e,
        Err(
            json!({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                   "message":"too old resource version: 2 (3)","reason":"Expired","code":410})
        )
    );
    let ok = s
        .events_since(&pods(), None, 3, &Filter::everything())
        .unwrap_or_default();
    assert_eq!(ok.iter().map(|e| e.rv).collect::<Vec<_>>(), [4, 5]);
    s.compact(1_000);
    assert_eq!(s.compacted_rv(), 5, "never past the latest rv");
}

#[test]
fn log_is_bounded() {
    let mut s = store();
    s.set_event_capacity(3);
    for i in 0..6 {
        assert!(
            s.create(&pods(), Some("a"), pod("a", &format!("p{i}"), "x"))
                .is_ok()
        );
    }
    assert_eq!(s.compacted_rv(), 3);
    assert!(s.events_since(&pods(), None, 2, &Filter::everything()).is_err());
    assert_eq!(
        s.events_since(&pods(), None, 3, &Filter::everything())
            .map(|e| e.len()),
        Ok(3)
    );
    s.set_event_capacity(1);
    assert_eq!(s.compacted_rv(), 5);
}

#[test]
fn watch_history_overflow_does_not_expire_list_continue_tokens() {
    use super::super::store_list::ListOptions;
    let mut s = store();
    s.set_event_capacity(2);
    for i in 0..4 {
        assert!(
            s.create(&pods(), Some("a"), pod("a", &format!("p{i}"), "x"))
                .is_ok()
        );
    }
    let opts = ListOptions {
        limit: Some(2),
        ..ListOptions::default()
    };
    let token = s.list(&pods(), None, &opts).ok().and_then(|p| p.continue_token);
    assert!(token.is_some());
    // Lots of unrelated writes push the watch history far past the token.
    for i in 0..10 {
        assert!(
            s.create(&pods(), Some("b"), pod("b", &format!("q{i}"), "y"))
                .is_ok()
        );
    }
    assert!(s.compacted_rv() > 4);
    let next = ListOptions {
        continue_token: token.clone(),
        ..ListOptions::default()
    };
    assert!(
        s.list(&pods(), None, &next).is_ok(),
        "overflow expired a continue token"
    );
    // An explicit (storage) compaction does expire it.
    s.compact(s.latest_rv());
    let err = s.list(&pods(), None, &next).err().map(|e| e.code);
    assert_eq!(err, Some(410));
}

#[test]
fn initial_events_and_wire_form() {
    let mut s = store();
    assert!(s.create(&pods(), Some("a"), pod("a", "w1", "web")).is_ok());
    assert!(s.create(&pods(), Some("b"), pod("b", "w2", "web")).is_ok());
    assert!(s.create(&pods(), Some("a"), pod("a", "d1", "db")).is_ok());
    let web = Filter::parse(&pods(), Some("app=web"), None).unwrap_or_default();
    let init = s.initial_events(&pods(), Some("a"), &web).unwrap_or_default();
    assert_eq!(summary(&init), [("ADDED", "a/w1".to_string(), 1)]);
    let ev = init.first().cloned();
    let wire = ev.as_ref().map(WatchEvent::to_json).unwrap_or_default();
    assert_eq!(wire["type"], "ADDED");
    assert_eq!(wire["object"]["metadata"]["name"], "w1");
    let bytes = ev.map(|e| e.to_bytes()).unwrap_or_default();
    assert_eq!(serde_json::from_slice::<Value>(&bytes).ok(), Some(wire));
}

#[test]
fn bookmarks() {
    let mut s = store();
    assert!(s.create(&pods(), Some("a"), pod("a", "w1", "web")).is_ok());
    assert_eq!(
        s.bookmark(&pods(), false),
        json!({"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1",
               "metadata":{"resourceVersion":"1"}}})
    );
    let end = s.bookmark(&pods(), true);
    assert_eq!(
        end["object"]["metadata"]["annotations"]["k8s.io/initial-events-end"],
        "true"
    );
}
