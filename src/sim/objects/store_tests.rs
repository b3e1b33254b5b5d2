//! Tests of creation, lookup and listing.

use super::super::field_selector::Filter;
use super::super::object_meta::meta_or_empty;
use super::super::store_list::{ListOptions, ListPage};
use super::*;
use serde_json::json;

pub(super) fn pods() -> ResourceType {
    ResourceType::new("", "v1", "Pod", "pods", true)
}

fn namespaces() -> ResourceType {
    ResourceType::new("", "v1", "Namespace", "namespaces", false)
}

fn deployments() -> ResourceType {
    ResourceType::new("apps", "v1", "Deployment", "deployments", true)
}

fn pod(ns: &str, name: &str) -> Value {
    json!({"metadata":{"name":name,"namespace":ns,"labels":{"app":"web"}},
           "spec":{"containers":[{"name":"c","image":"i"}]}})
}

fn store() -> Store {
    let mut s = Store::new();
    s.set_now(1_700_000_000);
    s.register(pods());
    s
}

fn names(page: &ListPage) -> Vec<String> {
    page.values()
        .iter()
        .map(|i| format!("{}/{}", meta_or_empty(i, "namespace"), meta_or_empty(i, "name")))
        .collect()
}

#[test]
fn create_fills_server_fields() {
    let mut s = store();
    let created = s.create(&pods(), Some("ns"), json!({"metadata":{"name":"a"}}));
    let c = created.unwrap_or_default();
    assert_eq!(c["apiVersion"], "v1");
    assert_eq!(c["kind"], "Pod");
    assert_eq!(c["metadata"]["namespace"], "ns");
    assert_eq!(c["metadata"]["resourceVersion"], "1");
    assert_eq!(c["metadata"]["creationTimestamp"], "2023-11-14T22:13:20Z");
    assert_eq!(c["metadata"]["generation"], 1);
    assert_eq!(c["metadata"]["uid"].as_str().map(str::len), Some(36));
    assert_eq!(s.latest_rv(), 1);
    assert_eq!(s.get(&pods(), Some("ns"), "a"), Ok(c));
}

#[test]
fn create_errors() {
    let mut s = store();
    assert!(s.create(&pods(), Some("ns"), pod("ns", "a")).is_ok());
    let dup = s.create(&pods(), Some("ns"), pod("ns", "a"));
    assert_eq!(
        dup.map_err(|e| (e.code, e.message)),
        Err((409, "pods \"a\" already exists".into()))
    );
    let no_ns = s.create(&pods(), None, json!({"metadata":{"name":"b"}}));
    assert_eq!(no_ns.map_err(|e| e.code), Err(422));
    let no_name = s.create(&pods(), Some("ns"), json!({"metadata":{}}));
    assert_eq!(
        no_name.map_err(|e| e.message),
        Err("Pod \"\" is invalid: metadata.name: Required value: name or generateName is required".into())
    );
    let mismatch = s.create(&pods(), Some("other"), pod("ns", "c"));
    assert_eq!(mismatch.map_err(|e| e.code), Err(400));
    let slash = s.create(&pods(), Some("ns"), json!({"metadata":{"name":"a/b"}}));
    assert_eq!(slash.map_err(|e| e.code), Err(422));
    let wrong_kind = s.create(
        &pods(),
        Some("ns"),
        json!({"kind":"Node","metadata":{"name":"x"}}),
    );
    assert_eq!(wrong_kind.map_err(|e| e.code), Err(400));
    let unknown = s.create(&deployments(), Some("ns"), json!({"metadata":{"name":"d"}}));
    assert_eq!(
        unknown.map_err(|e| (e.code, e.message)),
        Err((404, "the server could not find the requested resource".into()))
    );
    assert_eq!(
        s.get(&pods(), Some("ns"), "zz").map_err(|e| e.to_status()),
        Err(
            json!({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                   "message":"pods \"zz\" not found","reason":"NotFound",
                   "details":{"name":"zz","kind":"pods"},"code":404})
        )
    );
}

#[test]
fn generate_name_gives_distinct_names() {
    let mut s = store();
    let body = json!({"metadata":{"generateName":"web-"}});
    let a = s.create(&pods(), Some("ns"), body.clone()).unwrap_or_default();
    let b = s.create(&pods(), Some("ns"), body).unwrap_or_default();
    let (na, nb) = (meta_or_empty(&a, "name"), meta_or_empty(&b, "name"));
    assert!(na.starts_with("web-") && na.len() == 9, "{na}");
    assert_ne!(na, nb);
    assert_ne!(meta_or_empty(&a, "uid"), meta_or_empty(&b, "uid"));
}

#[test]
fn namespace_lifecycle_once_namespaces_exist() {
    let mut s = store();
    s.register(namespaces());
    let missing = s.create(&pods(), Some("ns"), pod("ns", "a"));
    assert_eq!(
        missing.map_err(|e| e.message),
        Err("namespaces \"ns\" not found".into())
    );
    assert!(
        s.create(
            &namespaces(),
            None,
            json!({"metadata":{"name":"ns","namespace":"junk"}})
        )
        .is_ok_and(|n| n["metadata"].get("namespace").is_none())
    );
    assert!(s.create(&pods(), Some("ns"), pod("ns", "a")).is_ok());
    let dying = json!({"metadata":{"name":"dying"},"status":{"phase":"Terminating"}});
    assert!(s.create(&namespaces(), None, dying).is_ok());
    let e = s.create(&pods(), Some("dying"), pod("dying", "a"));
    assert_eq!(
        e.map_err(|e| (e.code, e.message)),
        Err((403, "pods \"a\" is forbidden: unable to create new content in namespace dying because it is being terminated".into()))
    );
}

#[test]
fn pagination_is_stable_and_counts_remaining() {
    let mut s = store();
    let objs = (0..250).map(|i| pod(&format!("ns{}", i % 3), &format!("p{i:03}")));
    assert_eq!(s.insert_many(&pods(), objs), Ok(250));
    let mut opts = ListOptions {
        limit: Some(100),
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut remaining = Vec::new();
    let mut rvs = Vec::new();
    loop {
        let page = s.list(&pods(), None, &opts);
        let Ok(page) = page else { panic!("{page:?}") };
        seen.extend(names(&page));
        remaining.push(page.remaining_item_count);
        rvs.push(page.resource_version);
        match page.continue_token {
            Some(c) => opts.continue_token = Some(c),
            None => break,
        }
        // A write between pages must not disturb the pages or their rv.
        let _ = s.create(&pods(), Some("zz"), pod("zz", &format!("late{}", seen.len())));
    }
    // No snapshots: objects created between pages (zz/ sorts last) show up.
    assert_eq!(remaining, [Some(150), Some(51), None]);
    assert_eq!(rvs, [250, 250, 250]);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        seen.len(),
        252,
        "250 plus the two written under zz/ before the last page"
    );
    assert_eq!(sorted, seen, "sorted, no duplicates");
    assert!(seen.first().is_some_and(|n| n == "ns0/p000"));
}

#[test]
fn list_in_one_namespace_in_etcd_key_order() {
    let mut s = store();
    let objs = ["a/x", "a-b/y", "a/z", "b/w"].map(|k| {
        let (ns, n) = k.split_once('/').unwrap_or_default();
        pod(ns, n)
    });
    assert_eq!(s.insert_many(&pods(), objs), Ok(4));
    let all = s
        .list(&pods(), None, &ListOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        names(&all),
        ["a-b/y", "a/x", "a/z", "b/w"],
        "bytewise ns/name order"
    );
    let a = s.list(
        &pods(),
        Some("a"),
        &ListOptions {
            limit: Some(1),
            ..Default::default()
        },
    );
    let a = a.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(names(&a), ["a/x"]);
    assert_eq!(a.remaining_item_count, Some(1));
    let next = ListOptions {
        limit: Some(1),
        continue_token: a.continue_token.clone(),
        ..Default::default()
    };
    let a2 = s
        .list(&pods(), Some("a"), &next)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(names(&a2), ["a/z"]);
    assert_eq!(a2.continue_token, None);
    let elsewhere = s.list(&pods(), Some("b"), &next);
    assert_eq!(elsewhere.map_err(|e| e.code), Err(400));
    let objects: Vec<String> = s
        .objects(&pods(), Some("a"))
        .map(|it| it.map(|o| meta_or_empty(&o, "name").to_string()).collect())
        .unwrap_or_default();
    assert_eq!(objects, ["x", "z"]);
}

#[test]
fn list_with_selectors() {
    let mut s = store();
    let mut other = pod("ns", "db");
    other["metadata"]["labels"]["app"] = json!("db");
    other["spec"]["nodeName"] = json!("n1");
    assert!(
        s.insert_many(&pods(), [pod("ns", "w1"), pod("ns", "w2"), other])
            .is_ok()
    );
    let opts = |l: &str, f: &str| ListOptions {
        label_selector: Some(l.into()),
        field_selector: Some(f.into()),
        limit: Some(1),
        ..Default::default()
    };
    let page = s
        .list(&pods(), None, &opts("app=web", ""))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(names(&page), ["ns/w1"]);
    assert!(page.continue_token.is_some());
    assert_eq!(page.remaining_item_count, None, "never with selectors");
    let page = s
        .list(&pods(), None, &opts("", "spec.nodeName=n1"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(names(&page), ["ns/db"]);
    assert_eq!(
        s.list(&pods(), None, &opts("app in (", "")).map_err(|e| e.code),
        Err(400)
    );
    assert_eq!(
        s.list(&pods(), None, &opts("", "spec.bogus=1"))
            .map_err(|e| e.message),
        Err("field label not supported: spec.bogus".into())
    );
    let bad_rv = ListOptions {
        resource_version: Some("abc".into()),
        ..Default::default()
    };
    assert_eq!(s.list(&pods(), None, &bad_rv).map_err(|e| e.code), Err(400));
    let rv0 = ListOptions {
        resource_version: Some("0".into()),
        ..Default::default()
    };
    assert!(s.list(&pods(), None, &rv0).is_ok_and(|p| p.items.len() == 3));
}

#[test]
fn continue_token_expires_after_compaction() {
    let mut s = store();
    assert!(
        s.insert_many(&pods(), (0..5).map(|i| pod("ns", &format!("p{i}"))))
            .is_ok()
    );
    let page = s.list(
        &pods(),
        None,
        &ListOptions {
            limit: Some(2),
            ..Default::default()
        },
    );
    let token = page.ok().and_then(|p| p.continue_token);
    assert!(s.create(&pods(), Some("ns"), pod("ns", "new")).is_ok());
    s.compact(s.latest_rv());
    let again = ListOptions {
        limit: Some(2),
        continue_token: token,
        ..Default::default()
    };
    let e = s.list(&pods(), None, &again).map_err(|e| e.to_status());
    let st = e.err().unwrap_or_default();
    assert_eq!(st["code"], 410);
    assert_eq!(st["reason"], "Expired");
    assert_eq!(
        st["message"],
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter."
    );
    let garbage = ListOptions {
        continue_token: Some("xyz".into()),
        ..Default::default()
    };
    assert_eq!(s.list(&pods(), None, &garbage).map_err(|e| e.code), Err(400));
}

#[test]
fn list_page_json_forms_agree() {
    let mut s = store();
    assert!(
        s.insert_many(&pods(), (0..3).map(|i| pod("ns", &format!("p{i}"))))
            .is_ok()
    );
    let page = s.list(
        &pods(),
        None,
        &ListOptions {
            limit: Some(2),
            ..Default::default()
        },
    );
    let page = page.unwrap_or_else(|e| panic!("{e}"));
    let v = page.to_json();
    assert_eq!(v["kind"], "PodList");
    assert_eq!(v["apiVersion"], "v1");
    assert_eq!(v["metadata"]["resourceVersion"], "3");
    assert_eq!(v["metadata"]["remainingItemCount"], 1);
    assert_eq!(v["metadata"]["continue"], "3/ns/p1");
    let mut buf = Vec::new();
    assert!(page.write_json(&mut buf).is_ok());
    let streamed: Value = serde_json::from_slice(&buf).unwrap_or_default();
    assert_eq!(streamed, v);
}

#[test]
fn insert_many_keeps_identity_and_starts_history() {
    let mut s = store();
    assert!(s.create(&pods(), Some("ns"), pod("ns", "first")).is_ok());
    let mut dumped = pod("ns", "kept");
    dumped["metadata"]["uid"] = json!("1234");
    dumped["metadata"]["creationTimestamp"] = json!("2020-01-01T00:00:00Z");
    dumped["metadata"]["resourceVersion"] = json!("999999");
    assert_eq!(s.insert_many(&pods(), [dumped]), Ok(1));
    let kept = s.get(&pods(), Some("ns"), "kept").unwrap_or_default();
    assert_eq!(kept["metadata"]["uid"], "1234");
    assert_eq!(kept["metadata"]["creationTimestamp"], "2020-01-01T00:00:00Z");
    assert_eq!(kept["metadata"]["resourceVersion"], "2");
    let old = s.events_since(&pods(), None, 0, &Filter::everything());
    assert_eq!(
        old.map_err(|e| e.message),
        Err("too old resource version: 0 (2)".into())
    );
    assert!(s.insert_many(&pods(), [pod("ns", "kept")]).is_err());
}

#[test]
fn insert_many_scales() {
    let mut s = store();
    let n = 30_000;
    let objs = (0..n).map(|i| pod(&format!("ns{}", i % 50), &format!("pod-{i}")));
    assert_eq!(s.insert_many(&pods(), objs), Ok(n));
    assert_eq!(s.count(&pods()), Ok(n));
    let page = s.list(
        &pods(),
        None,
        &ListOptions {
            limit: Some(500),
            ..Default::default()
        },
    );
    assert!(page.is_ok_and(|p| p.items.len() == 500 && p.remaining_item_count == Some(29_500)));
}

#[test]
fn registry_lookups() {
    let mut s = store();
    s.register(deployments());
    assert_eq!(s.kinds().len(), 2);
    assert_eq!(
        s.find_kind("apps/v1", "Deployment").map(|r| r.plural.as_str()),
        Some("deployments")
    );
    assert_eq!(s.find_kind("v1", "Pod").map(|r| r.plural.as_str()), Some("pods"));
    assert!(s.find_resource("apps", "pods").is_none());
    s.register(ResourceType::new("apps", "v2", "Deployment", "deployments", true));
    assert_eq!(s.kinds().len(), 2, "re-registering replaces");
    assert_eq!(
        s.find_resource("apps", "deployments").map(|r| r.version.as_str()),
        Some("v2")
    );
}

#[test]
fn store_can_live_behind_a_mutex_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Store>();
    assert_send_sync::<ApiError>();
}
