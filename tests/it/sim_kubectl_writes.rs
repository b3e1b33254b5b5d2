//! The real `kubectl` writing to the simulated cluster, unmodified (issue
//! 13, group 10): `create namespace` and `create deployment` (sent as
//! protobuf), `apply -f` of a ConfigMap and a Deployment (which first reads
//! the server's OpenAPI to validate), `label`, `delete`, and names the API
//! server refuses.

use crate::test_support;

use test_support::sim::KubectlSim;

#[tokio::test(flavor = "multi_thread")]
async fn create_namespace_and_deployment_are_stored() {
    let ks = KubectlSim::start("healthy").await;
    let run = ks.kubectl_ok(&["create", "namespace", "foo"]).await;
    assert_eq!(run.stdout.trim(), "namespace/foo created");
    let ns = ks.kubectl_json(&["get", "namespace", "foo"]).await;
    assert_eq!(ns["metadata"]["name"], "foo");
    assert_eq!(ns["status"]["phase"], "Active", "{ns}");

    let run = ks
        .kubectl_ok(&[
            "create",
            "deployment",
            "x",
            "--image=nginx",
            "-n",
            "foo",
            "--replicas=2",
        ])
        .await;
    assert_eq!(run.stdout.trim(), "deployment.apps/x created");
    let d = ks.kubectl_json(&["get", "deployment", "x", "-n", "foo"]).await;
    assert_eq!(d["spec"]["replicas"], 2);
    assert_eq!(d["spec"]["selector"]["matchLabels"]["app"], "x");
    assert_eq!(d["spec"]["template"]["spec"]["containers"][0]["image"], "nginx");

    let run = ks
        .kubectl_ok(&["create", "configmap", "c1", "--from-literal=k=v", "-n", "foo"])
        .await;
    assert_eq!(run.stdout.trim(), "configmap/c1 created");
    let cm = ks.kubectl_json(&["get", "configmap", "c1", "-n", "foo"]).await;
    assert_eq!(cm["data"]["k"], "v");
}

const MANIFEST: &str = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
data:
  level: LEVEL
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: REPLICAS
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
";

#[tokio::test(flavor = "multi_thread")]
async fn apply_creates_then_updates_and_delete_removes() {
    let ks = KubectlSim::start("healthy").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.yaml");
    let path = file.to_str().unwrap();

    std::fs::write(&file, MANIFEST.replace("LEVEL", "info").replace("REPLICAS", "2")).unwrap();
    let run = ks.kubectl_ok(&["apply", "-f", path]).await;
    assert!(
        run.stdout.contains("configmap/settings created")
            && run.stdout.contains("deployment.apps/web created"),
        "{run:?}"
    );
    assert!(!run.stderr.contains("warning"), "{run:?}");

    std::fs::write(&file, MANIFEST.replace("LEVEL", "debug").replace("REPLICAS", "3")).unwrap();
    let run = ks.kubectl_ok(&["apply", "-f", path]).await;
    assert!(
        run.stdout.contains("configmap/settings configured")
            && run.stdout.contains("deployment.apps/web configured"),
        "{run:?}"
    );
    let cm = ks.kubectl_json(&["get", "configmap", "settings"]).await;
    assert_eq!(cm["data"]["level"], "debug");
    let d = ks.kubectl_json(&["get", "deployment", "web"]).await;
    assert_eq!(d["spec"]["replicas"], 3);

    let run = ks.kubectl_ok(&["label", "deployment", "web", "tier=front"]).await;
    assert_eq!(run.stdout.trim(), "deployment.apps/web labeled");
    let d = ks.kubectl_json(&["get", "deployment", "web"]).await;
    assert_eq!(d["metadata"]["labels"]["tier"], "front");

    let run = ks.kubectl_ok(&["delete", "-f", path]).await;
    assert!(run.stdout.contains("configmap \"settings\" deleted"), "{run:?}");
    let gone = ks.kubectl(&["get", "configmap", "settings"]).await;
    assert!(
        !gone.ok && gone.stderr.contains("configmaps \"settings\" not found"),
        "{gone:?}"
    );
    let gone = ks.kubectl(&["get", "deployment", "web"]).await;
    assert!(!gone.ok, "{gone:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_names_are_refused_as_the_api_server_does() {
    let ks = KubectlSim::start("healthy").await;
    let run = ks.kubectl(&["create", "namespace", "Foo_bar"]).await;
    assert!(!run.ok, "{run:?}");
    assert_eq!(
        run.stderr.trim(),
        "The Namespace \"Foo_bar\" is invalid: metadata.name: Invalid value: \"Foo_bar\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    );
    let run = ks.kubectl(&["create", "configmap", "Bad.Name"]).await;
    assert!(
        !run.ok
            && run
                .stderr
                .contains("a lowercase RFC 1123 subdomain must consist of"),
        "{run:?}"
    );
    // Nothing was stored.
    let run = ks.kubectl(&["get", "namespace", "Foo_bar"]).await;
    assert!(!run.ok, "{run:?}");
}
