use serde_json::json;

use super::*;

/// Bytes from the hex dump kubectl -v=9 prints.
fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).expect("hex"))
        .collect()
}

// What kubectl 1.32 sent for `create ns foo`, `create configmap c1
// --from-literal=k=v`, `create secret generic s1 --from-literal=pw=hunter2`
// and `create deployment web --image=nginx:1.27 --replicas=0 --port=8080`.
const NAMESPACE: &str = "6b 38 73 00 0a 0f 0a 02 76 31 12 09 4e 61 6d 65 73 70 61 63 65 12 1b 0a 13 0a 03 66 6f 6f 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 00 1a 02 0a 00 1a 00 22 00 ";
const CONFIGMAP: &str = "6b 38 73 00 0a 0f 0a 02 76 31 12 09 43 6f 6e 66 69 67 4d 61 70 12 1c 0a 12 0a 02 63 31 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 06 0a 01 6b 12 01 76 1a 00 22 00 ";
const SECRET: &str = "6b 38 73 00 0a 0c 0a 02 76 31 12 06 53 65 63 72 65 74 12 25 0a 12 0a 02 73 31 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 0d 0a 02 70 77 12 07 68 75 6e 74 65 72 32 1a 00 1a 00 22 00 ";
const DEPLOYMENT: &str = "6b 38 73 00 0a 15 0a 07 61 70 70 73 2f 76 31 12 0a 44 65 70 6c 6f 79 6d 65 6e 74 12 be 01 0a 1f 0a 03 77 65 62 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 5a 0a 0a 03 61 70 70 12 03 77 65 62 12 8c 01 08 00 12 0c 0a 0a 0a 03 61 70 70 12 03 77 65 62 1a 72 0a 1c 0a 00 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 5a 0a 0a 03 61 70 70 12 03 77 65 62 12 52 12 34 0a 05 6e 67 69 6e 78 12 0a 6e 67 69 6e 78 3a 31 2e 32 37 2a 00 32 0b 0a 00 10 00 18 90 3f 22 00 2a 00 42 00 6a 00 72 00 80 01 00 88 01 00 90 01 00 a2 01 00 1a 00 32 00 42 00 4a 00 52 00 58 00 60 00 68 00 82 01 00 8a 01 00 9a 01 00 c2 01 00 22 02 0a 00 28 00 38 00 1a 0c 08 00 10 00 18 00 20 00 28 00 38 00 1a 00 22 00 ";

#[test]
fn kubectl_create_namespace() {
    let ns = decode_body(&hex(NAMESPACE)).unwrap();
    assert_eq!(
        ns,
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "foo"}, "spec": {}, "status": {}})
    );
}

#[test]
fn kubectl_create_configmap_and_secret() {
    let cm = decode_body(&hex(CONFIGMAP)).unwrap();
    assert_eq!(
        cm,
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c1"}, "data": {"k": "v"}})
    );
    let secret = decode_body(&hex(SECRET)).unwrap();
    // Secret data is bytes: base64 in JSON.
    assert_eq!(secret["data"], json!({"pw": "aHVudGVyMg=="}));
    assert_eq!(secret["kind"], "Secret");
}

#[test]
fn kubectl_create_deployment() {
    let d = decode_body(&hex(DEPLOYMENT)).unwrap();
    assert_eq!(d["apiVersion"], "apps/v1");
    assert_eq!(d["metadata"], json!({"name": "web", "labels": {"app": "web"}}));
    // A pointer set to zero is kept: zero replicas is not "unset".
    assert_eq!(d["spec"]["replicas"], 0);
    assert_eq!(d["spec"]["selector"], json!({"matchLabels": {"app": "web"}}));
    assert_eq!(d["spec"]["template"]["metadata"]["labels"], json!({"app": "web"}));
    let c = &d["spec"]["template"]["spec"]["containers"][0];
    assert_eq!((&c["name"], &c["image"]), (&json!("nginx"), &json!("nginx:1.27")));
    assert_eq!(c["ports"][0]["containerPort"], 8080);
    assert_eq!(c["resources"], json!({}));
    assert!(
        c.get("imagePullPolicy").is_none(),
        "empty strings are left out: {c}"
    );
    assert!(
        d["metadata"].get("creationTimestamp").is_none(),
        "a zero time is left out"
    );
}

#[test]
fn special_types() {
    let schema = Schema::builtin();
    // Time {seconds: 1_700_000_000}
    let t = message(
        schema,
        "k8s.io.apimachinery.pkg.apis.meta.v1.Time",
        &[0x08, 0x80, 0xe2, 0xcf, 0xaa, 0x06],
    )
    .unwrap();
    assert_eq!(t, "2023-11-14T22:13:20Z");
    // IntOrString {type: 1, strVal: "25%"} and {type: 0, intVal: 3}
    let ios = "k8s.io.apimachinery.pkg.util.intstr.IntOrString";
    assert_eq!(
        message(schema, ios, &[0x08, 0x01, 0x1a, 0x03, b'2', b'5', b'%']).unwrap(),
        "25%"
    );
    assert_eq!(message(schema, ios, &[0x08, 0x00, 0x10, 0x03]).unwrap(), 3);
    let q = message(
        schema,
        "k8s.io.apimachinery.pkg.api.resource.Quantity",
        &[0x0a, 0x04, b'1', b'0', b'0', b'm'],
    )
    .unwrap();
    assert_eq!(q, "100m");
}

#[test]
fn bad_bodies_are_errors_not_panics() {
    assert!(matches!(
        decode_body(b"{\"kind\":\"Namespace\"}"),
        Err(ProtoError::Malformed(_))
    ));
    let mut truncated = hex(DEPLOYMENT);
    truncated.truncate(60);
    assert!(matches!(decode_body(&truncated), Err(ProtoError::Malformed(_))));
    // A kind with no protobuf schema (a custom resource).
    let mut cr = b"k8s\0".to_vec();
    let type_meta = [&[0x0a, 0x0c][..], b"velero.io/v1", &[0x12, 0x06], b"Backup"].concat();
    cr.extend([0x0a, type_meta.len() as u8]);
    cr.extend(type_meta);
    assert_eq!(
        decode_body(&cr),
        Err(ProtoError::Unsupported {
            api_version: "velero.io/v1".into(),
            kind: "Backup".into()
        })
    );
    for n in 0..64u8 {
        let _ = decode_body(&[b"k8s\0".as_slice(), &[n, 0xff, 0xff, 0x01]].concat());
    }
    assert!(is_protobuf("application/vnd.kubernetes.protobuf"));
    assert!(!is_protobuf("application/json"));
}

#[test]
fn object_bodies_of_other_types_are_415() {
    let body = || bytes::Bytes::from_static(b"{}");
    assert!(json_body("application/json", body(), false).is_ok());
    assert!(json_body("application/json; charset=utf-8", body(), false).is_ok());
    assert!(json_body("", body(), false).is_ok());
    let e = json_body("application/cbor", body(), false).unwrap_err();
    assert_eq!(e.code, 415);
    assert!(
        e.message.contains("application/vnd.kubernetes.protobuf"),
        "{}",
        e.message
    );
    // Patches have their own types, checked where they are applied.
    assert!(json_body("application/merge-patch+json", body(), true).is_ok());
    let ns = json_body(CONTENT_TYPE, bytes::Bytes::from(hex(NAMESPACE)), false).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&ns).unwrap();
    assert_eq!(v["metadata"]["name"], "foo");
}

#[test]
fn an_empty_string_in_a_list_is_kept() {
    // Container {name: "c", args: ["", "x"]}
    let container = [&[0x0a, 0x01, b'c', 0x22, 0x00, 0x22, 0x01, b'x'][..]].concat();
    let c = message(Schema::builtin(), "k8s.io.api.core.v1.Container", &container).unwrap();
    assert_eq!(c, json!({"name": "c", "args": ["", "x"]}));
}
