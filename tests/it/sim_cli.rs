//! `kon sim` as a user runs it: a malformed scenario is refused with
//! file:line:column, a dump of a cluster replays, an unknown kind is served
//! generically, the kubeconfig it writes is private and works with kubectl.

use crate::test_support;

use std::process::Command;

use test_support::process::{kubectl, sim};
use test_support::tmux::kon_bin;

#[test]
fn malformed_scenario_is_refused_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "apiVersion: v1\nkind: Node\nmetadata:\n  name: [unclosed\n").unwrap();
    let out = Command::new(kon_bin())
        .args(["sim", "--scenario"])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let want = format!("{}:", bad.display());
    assert!(err.contains(&want), "{err}");
    // path:line:column
    let rest = &err[err.find(&want).unwrap() + want.len()..];
    let mut parts = rest.splitn(3, ':');
    let line: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no line in {err}"));
    let col: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no column in {err}"));
    assert!(line >= 4 && col >= 1, "{err}");

    std::fs::write(&bad, "apiVersion: v1\nkind: Node\nmetadata:\n  labels: {}\n").unwrap();
    let out = Command::new(kon_bin())
        .args(["sim", "--scenario"])
        .arg(&bad)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("bad.yaml:") && err.contains("name"),
        "{err}"
    );
}

#[test]
fn unknown_scenario_name_lists_the_builtins() {
    let out = Command::new(kon_bin())
        .args(["sim", "--scenario", "nope"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("demo") && err.contains("healthy") && err.contains("large"),
        "{err}"
    );
}

#[test]
fn kubeconfig_is_private_and_works() {
    let s = sim(&["--scenario", "healthy"]);
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&s.kubeconfig).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
    let (ok, out, err) = kubectl(&s.kubeconfig, &["config", "current-context"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "kon-sim");
    let (ok, out, err) = kubectl(&s.kubeconfig, &["get", "namespaces", "-o", "name"]);
    assert!(ok && out.contains("namespace/kube-system"), "{out}{err}");
}

#[test]
fn token_auth_works() {
    let s = sim(&["--scenario", "healthy", "--token-auth"]);
    let text = std::fs::read_to_string(&s.kubeconfig).unwrap();
    assert!(text.contains("token:") && !text.contains("client-key-data"));
    let (ok, _, err) = kubectl(&s.kubeconfig, &["get", "nodes"]);
    assert!(ok, "{err}");
}

#[test]
fn a_dump_replays_and_unknown_kinds_are_served() {
    // Dump a running sim the way a user dumps a real cluster ...
    let s = sim(&["--scenario", "demo"]);
    let (ok, dump, err) = kubectl(
        &s.kubeconfig,
        &[
            "get",
            "nodes,namespaces,pods,deployments,replicasets,daemonsets",
            "-A",
            "-o",
            "yaml",
        ],
    );
    assert!(ok, "{err}");
    let (_, pods_before, _) = kubectl(&s.kubeconfig, &["get", "pods", "-A", "-o", "name"]);
    drop(s);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dump.yaml");
    // ... plus an object of a kind nobody registered.
    let widget = "\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: sprocket\n  namespace: default\nspec:\n  size: 3\n";
    std::fs::write(&path, format!("{dump}{widget}")).unwrap();
    let s = sim(&["--from", path.to_str().unwrap()]);
    let (ok, pods_after, err) = kubectl(&s.kubeconfig, &["get", "pods", "-A", "-o", "name"]);
    assert!(ok, "{err}");
    assert_eq!(pods_after, pods_before);
    let (ok, out, err) = kubectl(
        &s.kubeconfig,
        &["get", "widgets.example.com", "-n", "default", "-o", "json"],
    );
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["items"][0]["spec"]["size"], 3);
}

#[test]
fn forbid_takes_the_names_kubectl_takes() {
    let s = sim(&["--scenario", "healthy", "--forbid", "leases", "--forbid", "no"]);
    for what in ["leases", "nodes"] {
        let (ok, out, err) = kubectl(&s.kubeconfig, &["get", what, "-A"]);
        assert!(
            !ok && err.contains("Forbidden") && err.contains(what),
            "{what}: {out}{err}"
        );
    }
    let (ok, _, err) = kubectl(&s.kubeconfig, &["get", "pods", "-A"]);
    assert!(ok, "{err}");
}

#[test]
fn forbid_refuses_an_unknown_name_at_startup() {
    let state = tempfile::tempdir().unwrap();
    let out = Command::new(kon_bin())
        .args(["sim", "--scenario", "healthy", "--listen", "127.0.0.1:0"])
        .args(["--forbid", "pods", "--forbid", "leasez"])
        .env("KON_STATE_DIR", state.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("the server doesn't have a resource type \"leasez\""),
        "{err}"
    );
}

#[test]
fn retry_after_sets_the_back_off_429s_ask_for() {
    let s = sim(&[
        "--scenario",
        "healthy",
        "--throttle-rate",
        "1",
        "--retry-after",
        "3",
    ]);
    let yaml = std::fs::read_to_string(&s.kubeconfig).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let header = rt.block_on(async {
        let kc = kube::config::Kubeconfig::from_yaml(&yaml).unwrap();
        let config = kube::Config::from_custom_kubeconfig(kc, &Default::default())
            .await
            .unwrap();
        let client = kon::cluster::client(config).unwrap();
        let req = http::Request::get("/api/v1/nodes")
            .body(kube::client::Body::from(Vec::new()))
            .unwrap();
        let resp = client.send(req).await.unwrap();
        assert_eq!(resp.status(), 429);
        resp.headers()
            .get(http::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    });
    assert_eq!(header.as_deref(), Some("3"));
}
