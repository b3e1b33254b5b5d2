//! Tests of label selector parsing and matching.

use super::*;
use serde_json::json;

fn labels(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn check(sel: &str, l: &Map<String, Value>) -> bool {
    LabelSelector::parse(sel).is_ok_and(|s| s.matches(Some(l)))
}

#[test]
fn each_operator() {
    let l = labels(json!({"app":"web","tier":"front","n":"7"}));
    assert!(check("app=web", &l));
    assert!(check("app==web", &l));
    assert!(!check("app=db", &l));
    assert!(check("app!=db", &l));
    assert!(!check("app!=web", &l));
    assert!(check("missing!=x", &l), "!= matches absent labels");
    assert!(check("app in (db, web)", &l));
    assert!(!check("app in (db)", &l));
    assert!(check("app notin (db)", &l));
    assert!(!check("app notin (web,db)", &l));
    assert!(check("missing notin (x)", &l), "notin matches absent labels");
    assert!(check("app", &l));
    assert!(!check("missing", &l));
    assert!(check("!missing", &l));
    assert!(!check("!app", &l));
    assert!(check("n>5", &l));
    assert!(!check("n<5", &l));
    assert!(check("app=web,tier=front", &l));
    assert!(!check("app=web,tier=back", &l));
    assert!(check("  app = web , !missing ", &l));
}

#[test]
fn empty_string_matches_everything_including_unlabelled() {
    let s = LabelSelector::parse("");
    assert!(s.is_ok_and(|s| s.is_everything() && s.matches(None)));
    assert!(!check("app", &Map::new()));
}

#[test]
fn parse_errors_are_bad_requests() {
    for bad in [
        "app in",
        "app in (",
        "app in ()",
        "app=web,",
        "app web",
        "a>b",
        "=x",
        "app=(",
        "bad key!x=1",
        "-leading=x",
        "app=inv@lid",
    ] {
        let e = LabelSelector::parse(bad);
        assert_eq!(e.map_err(|e| e.code), Err(400), "{bad:?} should fail");
    }
    let e = LabelSelector::parse("app in (").map_err(|e| e.message);
    assert!(e.is_err_and(|m| m.starts_with("unable to parse requirement: ")));
}

#[test]
fn prefixed_keys() {
    let l = labels(json!({"app.kubernetes.io/name":"web"}));
    assert!(check("app.kubernetes.io/name=web", &l));
    assert!(LabelSelector::parse("UPPER.io/name=x").is_err());
}

#[test]
fn structured_null_matches_nothing_empty_matches_everything() {
    let l = labels(json!({"app":"web"}));
    let none = LabelSelector::from_structured(None);
    assert!(none.is_ok_and(|s| !s.matches(Some(&l)) && !s.matches(None)));
    let null = LabelSelector::from_structured(Some(&Value::Null));
    assert!(null.is_ok_and(|s| !s.matches(Some(&l))));
    let empty = LabelSelector::from_structured(Some(&json!({})));
    assert!(empty.is_ok_and(|s| s.matches(Some(&l)) && s.matches(None)));
}

#[test]
fn structured_expressions() {
    let sel = json!({
        "matchLabels": {"app": "web"},
        "matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["front", "edge"]},
            {"key": "canary", "operator": "DoesNotExist"},
            {"key": "zone", "operator": "Exists"},
            {"key": "env", "operator": "NotIn", "values": ["dev"]}
        ]
    });
    let s = LabelSelector::from_structured(Some(&sel));
    let good = labels(json!({"app":"web","tier":"edge","zone":"a"}));
    let canary = labels(json!({"app":"web","tier":"edge","zone":"a","canary":"1"}));
    let dev = labels(json!({"app":"web","tier":"edge","zone":"a","env":"dev"}));
    assert!(s.is_ok_and(|s| s.matches(Some(&good)) && !s.matches(Some(&canary)) && !s.matches(Some(&dev))));
}

#[test]
fn structured_errors() {
    let bad_op = json!({"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]});
    let e = LabelSelector::from_structured(Some(&bad_op)).map_err(|e| e.message);
    assert_eq!(
        e,
        Err("\"Gt\" is not a valid label selector operator".to_string())
    );
    let empty_in = json!({"matchExpressions":[{"key":"a","operator":"In","values":[]}]});
    assert!(LabelSelector::from_structured(Some(&empty_in)).is_err());
    let exists_vals = json!({"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]});
    assert!(LabelSelector::from_structured(Some(&exists_vals)).is_err());
    let non_string = json!({"matchLabels":{"a":1}});
    assert!(LabelSelector::from_structured(Some(&non_string)).is_err());
}

#[test]
fn matches_object_reads_metadata_labels() {
    let s = LabelSelector::parse("app=web");
    let obj = json!({"metadata":{"labels":{"app":"web"}}});
    let bare = json!({"metadata":{}});
    assert!(s.is_ok_and(|s| s.matches_object(&obj) && !s.matches_object(&bare)));
}
