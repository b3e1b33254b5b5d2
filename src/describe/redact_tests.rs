use serde_json::json;

use super::redact::{base64_len, object};
use super::yaml;

fn secret() -> serde_json::Value {
    json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": "db",
            "namespace": "data",
            "annotations": {
                "kubectl.kubernetes.io/last-applied-configuration": "{\"data\":{\"password\":\"aHVudGVyMg==\"}}"
            }
        },
        "type": "Opaque",
        "data": { "password": "aHVudGVyMg==", "tls.crt": "YWJj" },
        "stringData": { "token": "s3cr3t-value" }
    })
}

fn text(lines: &[super::Line]) -> String {
    lines
        .iter()
        .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn base64_lengths_are_the_decoded_bytes() {
    assert_eq!(base64_len("aHVudGVyMg=="), 7); // hunter2
    assert_eq!(base64_len("YWJj"), 3);
    assert_eq!(base64_len("YWI="), 2);
    assert_eq!(base64_len(""), 0);
}

#[test]
fn secret_values_become_their_length_keys_stay() {
    let v = object(secret());
    assert_eq!(v["data"]["password"], "(hidden: 7 bytes)");
    assert_eq!(v["data"]["tls.crt"], "(hidden: 3 bytes)");
    assert_eq!(v["stringData"]["token"], "(hidden: 12 bytes)");
    let all = v.to_string();
    for value in ["aHVudGVyMg", "YWJj", "s3cr3t", "hunter2"] {
        assert!(!all.contains(value), "{value} leaked: {all}");
    }
}

#[test]
fn the_yaml_and_describe_of_a_secret_show_no_value() {
    let v = object(secret());
    let y = text(&yaml::lines(&v, false));
    let d = text(&super::lines(&v, &Default::default(), 0));
    for out in [&y, &d] {
        for value in ["aHVudGVyMg", "YWJj", "s3cr3t"] {
            assert!(!out.contains(value), "{value} leaked:\n{out}");
        }
        assert!(out.contains("password") && out.contains("7 bytes"), "{out}");
    }
}

#[test]
fn other_kinds_are_untouched() {
    let cm = json!({"kind": "ConfigMap", "data": {"a": "b"}});
    assert_eq!(object(cm.clone()), cm);
}
