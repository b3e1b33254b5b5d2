//! Tests of strategic merge patch.

use super::*;
use serde_json::json;

fn smp(doc: Value, patch: Value, kind: &str) -> Result<Value, ApiError> {
    let mut d = doc;
    apply(&mut d, &patch, kind).map(|()| d)
}

fn pod() -> Value {
    json!({
        "metadata": {"name": "p", "finalizers": ["a", "b"]},
        "spec": {
            "containers": [
                {"name": "app", "image": "app:1", "ports": [{"containerPort": 80, "name": "http"}],
                 "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
                {"name": "sidecar", "image": "side:1"}
            ],
            "tolerations": [{"key": "x", "operator": "Exists"}]
        }
    })
}

#[test]
fn containers_merge_by_name() {
    let out = smp(
        pod(),
        json!({"spec":{"containers":[{"name":"app","image":"app:2"},{"name":"new","image":"n:1"}]}}),
        "Pod",
    );
    let out = out.unwrap_or_default();
    let names: Vec<&str> = out["spec"]["containers"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["app", "sidecar", "new"]);
    assert_eq!(out["spec"]["containers"][0]["image"], "app:2");
    assert_eq!(
        out["spec"]["containers"][0]["env"][1]["value"], "2",
        "untouched fields kept"
    );
    assert_eq!(out["spec"]["containers"][1]["image"], "side:1");
}

#[test]
fn nested_env_and_ports_merge_by_their_keys() {
    let out = smp(
        pod(),
        json!({"spec":{"containers":[{"name":"app",
            "env":[{"name":"B","value":"3"},{"name":"C","value":"4"}],
            "ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443}]}]}}),
        "Pod",
    )
    .unwrap_or_default();
    let app = &out["spec"]["containers"][0];
    assert_eq!(
        app["env"],
        json!([{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}])
    );
    assert_eq!(
        app["ports"],
        json!([{"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":443}])
    );
}

#[test]
fn delete_directive_on_list_item_and_map() {
    let out = smp(
        pod(),
        json!({"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]},
               "metadata":{"$patch":"delete"}}),
        "Pod",
    )
    .unwrap_or_default();
    assert_eq!(out["spec"]["containers"].as_array().map(Vec::len), Some(1));
    assert!(out.get("metadata").is_none());
}

#[test]
fn replace_directives() {
    let out = smp(
        pod(),
        json!({"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"o"}]}}),
        "Pod",
    )
    .unwrap_or_default();
    assert_eq!(out["spec"]["containers"], json!([{"name":"only","image":"o"}]));
    let out = smp(pod(), json!({"spec":{"$patch":"replace","nodeName":"n1"}}), "Pod").unwrap_or_default();
    assert_eq!(out["spec"], json!({"nodeName":"n1"}));
}

#[test]
fn unkeyed_lists_replace() {
    let out = smp(
        pod(),
        json!({"spec":{"tolerations":[{"key":"y","operator":"Exists"}]}}),
        "Pod",
    )
    .unwrap_or_default();
    assert_eq!(
        out["spec"]["tolerations"],
        json!([{"key":"y","operator":"Exists"}])
    );
}

#[test]
fn finalizers_are_a_set() {
    let out = smp(pod(), json!({"metadata":{"finalizers":["b","c"]}}), "Pod").unwrap_or_default();
    assert_eq!(out["metadata"]["finalizers"], json!(["a", "b", "c"]));
    let out = smp(
        pod(),
        json!({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}),
        "Pod",
    )
    .unwrap_or_default();
    assert_eq!(out["metadata"]["finalizers"], json!(["b"]));
    let out = smp(pod(), json!({"metadata":{"finalizers":null}}), "Pod").unwrap_or_default();
    assert!(out["metadata"].get("finalizers").is_none());
}

#[test]
fn conditions_merge_by_type_and_service_ports_by_port() {
    let node = json!({"status":{"conditions":[
        {"type":"Ready","status":"True"},{"type":"DiskPressure","status":"False"}]}});
    let out = smp(
        node,
        json!({"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletDown"}]}}),
        "Node",
    )
    .unwrap_or_default();
    assert_eq!(
        out["status"]["conditions"],
        json!([{"type":"Ready","status":"False","reason":"KubeletDown"},
               {"type":"DiskPressure","status":"False"}])
    );
    let svc = json!({"spec":{"ports":[{"port":80,"name":"http"},{"port":443,"name":"https"}]}});
    let out = smp(
        svc,
        json!({"spec":{"ports":[{"port":443,"targetPort":8443}]}}),
        "Service",
    )
    .unwrap_or_default();
    assert_eq!(
        out["spec"]["ports"][1],
        json!({"port":443,"name":"https","targetPort":8443})
    );
    assert_eq!(out["spec"]["ports"].as_array().map(Vec::len), Some(2));
}

#[test]
fn scalars_nulls_and_ignored_directives() {
    let out = smp(
        json!({"spec":{"unschedulable":false,"podCIDR":"10.0.0.0/24"}}),
        json!({"spec":{"unschedulable":true,"podCIDR":null},
               "$setElementOrder/x":[{"name":"a"}]}),
        "Node",
    )
    .unwrap_or_default();
    assert_eq!(out, json!({"spec":{"unschedulable":true}}));
}

#[test]
fn retain_keys_clears_other_fields() {
    let out = smp(
        json!({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}),
        json!({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}),
        "Deployment",
    )
    .unwrap_or_default();
    assert_eq!(out, json!({"spec":{"strategy":{"type":"Recreate"}}}));
}

#[test]
fn errors() {
    let missing_key = smp(pod(), json!({"spec":{"containers":[{"image":"x"}]}}), "Pod");
    assert!(missing_key.is_err_and(|e| e.code == 400 && e.message.contains("merge key: name")));
    let bad_directive = smp(pod(), json!({"spec":{"$patch":"explode"}}), "Pod");
    assert_eq!(bad_directive.map_err(|e| e.code), Err(400));
    assert!(smp(pod(), json!([1]), "Pod").is_err());
    assert!(smp(pod(), json!({"$patch":"delete"}), "Pod").is_err());
}
