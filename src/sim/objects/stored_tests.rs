use std::sync::Arc;

use serde_json::{Value, json};

use super::*;

fn pod() -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": "p", "namespace": "a", "resourceVersion": "42",
                        "labels": {"app": "web", "é": "ünïcode \"quoted\" \\ \n"}},
           "spec": {"containers": [{"name": "c", "image": "i", "resources": {"requests": {"cpu": 0.25}}}]},
           "status": {"phase": "Running", "restartCount": -3, "big": 18446744073709551615u64}})
}

#[test]
fn stored_json_is_what_serialising_the_value_gives_and_decodes_back() {
    let v = pod();
    let s = Stored::from_value(&v);
    assert_eq!(s.json(), serde_json::to_string(&v).unwrap_or_default());
    assert_eq!(s.rv(), 42);
    assert_eq!(s.value(), v);
    // Decoding and storing again changes nothing (floats, escapes, u64).
    assert_eq!(Stored::from_value(&s.value()), s);
}

#[test]
fn an_object_without_a_resource_version_is_at_zero() {
    assert_eq!(Stored::from_value(&json!({"metadata": {}})).rv(), 0);
}

#[test]
fn a_slot_gives_its_kept_copy_or_decodes() {
    let v = pod();
    let kept = Arc::new(v.clone());
    let with = Slot {
        stored: Arc::new(Stored::from_value(&v)),
        decoded: Some(Arc::clone(&kept)),
    };
    assert!(Arc::ptr_eq(&with.value(), &kept));
    let without = Slot {
        decoded: None,
        ..with
    };
    assert_eq!(*without.value(), v);
    assert!(!Arc::ptr_eq(&without.value(), &kept));
}

#[test]
fn owned_copies_only_a_shared_value() {
    let a = Arc::new(json!({"x": 1}));
    let b = Arc::clone(&a);
    assert_eq!(owned(a), json!({"x": 1}));
    assert_eq!(Arc::strong_count(&b), 1);
    assert_eq!(owned(b), json!({"x": 1}));
}
