use serde_json::json;

use super::layout_tests::text;
use super::yaml::{self, COMMENT, KEY, NUMBER, STRING, quote_if_needed};

#[test]
fn strings_are_quoted_only_when_yaml_would_misread_them() {
    for plain in [
        "nginx",
        "registry.example.com/web/app:1.2",
        "500m",
        "a b",
        "http://x:80/y",
        "Always",
    ] {
        assert_eq!(quote_if_needed(plain), plain, "{plain}");
    }
    for (s, q) in [
        ("True", "\"True\""),
        ("yes", "\"yes\""),
        ("null", "\"null\""),
        ("", "\"\""),
        ("123", "\"123\""),
        ("1.5", "\"1.5\""),
        ("0x1F", "\"0x1F\""),
        ("2026-12-06T08:00:00Z", "\"2026-12-06T08:00:00Z\""),
        ("*", "\"*\""),
        ("- x", "\"- x\""),
        ("a: b", "\"a: b\""),
        ("x #y", "\"x #y\""),
        (" lead", "\" lead\""),
        ("say \"hi\"", "say \"hi\""),
        ("\"q\"", "\"\\\"q\\\"\""),
        ("tab\there", "\"tab\\there\""),
    ] {
        assert_eq!(quote_if_needed(s), q, "{s}");
    }
}

#[test]
fn maps_and_lists_nest_in_block_style_like_kubectl() {
    let v = json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "x", "labels": {"app": "x"}},
        "spec": {
            "containers": [
                {"name": "a", "image": "img", "args": ["--v", "2"], "ports": [{"containerPort": 80}]}
            ],
            "matrix": [["a", "b"], []],
            "nodeSelector": {},
            "tolerations": [],
            "replicas": 3,
            "paused": false,
            "note": null
        }
    });
    let out = text(&yaml::lines(&v, false));
    assert_eq!(
        out,
        "apiVersion: v1
kind: Pod
metadata:
  labels:
    app: x
  name: x
spec:
  containers:
  - args:
    - --v
    - \"2\"
    image: img
    name: a
    ports:
    - containerPort: 80
  matrix:
  - - a
    - b
  - []
  nodeSelector: {}
  note: null
  paused: false
  replicas: 3
  tolerations: []"
    );
}

#[test]
fn multi_line_strings_are_literal_blocks() {
    let v = json!({"data": {"script": "set -e\necho hi\n", "two": "a\nb"}});
    assert_eq!(
        text(&yaml::lines(&v, false)),
        "data:\n  script: |\n    set -e\n    echo hi\n  two: |-\n    a\n    b"
    );
    // Leading spaces cannot start a block: quoted instead.
    let v = json!({"k": "  a\nb"});
    assert_eq!(text(&yaml::lines(&v, false)), "k: \"  a\\nb\"");
}

#[test]
fn managed_fields_are_hidden_unless_asked_for() {
    let v = json!({
        "metadata": {"name": "x", "managedFields": [{"manager": "kubectl"}, {"manager": "kube-controller-manager"}]},
        "spec": {"managedFields": "kept: not metadata's"}
    });
    let hidden = yaml::lines(&v, false);
    let out = text(&hidden);
    assert!(!out.contains("manager: kubectl"), "{out}");
    assert!(out.contains("  # managedFields: 2 hidden"), "{out}");
    assert!(
        out.contains("spec:\n  managedFields: \"kept: not metadata's\""),
        "{out}"
    );
    assert!(hidden.iter().any(|l| l.iter().any(|(_, s)| *s == COMMENT)));
    let shown = text(&yaml::lines(&v, true));
    assert!(
        shown.contains("  managedFields:\n  - manager: kubectl\n  - manager: kube-controller-manager"),
        "{shown}"
    );
}

#[test]
fn pieces_carry_syntax_scopes() {
    let v = json!({"name": "x", "replicas": 3});
    let lines = yaml::lines(&v, false);
    let scopes: Vec<Vec<&str>> = lines
        .iter()
        .map(|l| l.iter().map(|(_, s)| *s).collect())
        .collect();
    assert_eq!(scopes[0], vec!["text", KEY, "text", STRING]);
    assert_eq!(scopes[1], vec!["text", KEY, "text", NUMBER]);
}
