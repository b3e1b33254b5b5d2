//! `kon fleet`: several sims in one KUBECONFIG (the demo, a healthy one,
//! one answering 403 on nodes), a context pointing at a closed port and
//! one whose exec plugin fails: every context is listed, worst first, with
//! its figures or its error in kubectl's words.

use crate::test_support;

use std::path::Path;
use std::process::{Command, Output};

use test_support::process::sim;
use test_support::tmux::kon_bin;

fn renamed(from: &Path, to: &Path, name: &str) -> String {
    let text = std::fs::read_to_string(from).unwrap().replace("kon-sim", name);
    std::fs::write(to, &text).unwrap();
    text
}

fn fleet(dir: &Path, kubeconfig: &str, args: &[&str]) -> Output {
    Command::new(kon_bin())
        .arg("fleet")
        .args(args)
        .env("KUBECONFIG", kubeconfig)
        .env("KON_CONFIG_DIR", dir.join("config"))
        .env("KON_STATE_DIR", dir.join("state"))
        .output()
        .expect("kon runs")
}

#[test]
fn every_context_worst_first_with_its_figures_or_its_error() {
    let demo = sim(&["--scenario", "demo"]);
    let healthy = sim(&["--scenario", "healthy"]);
    let forbid = sim(&["--scenario", "healthy", "--forbid", "nodes"]);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    renamed(&demo.kubeconfig, &d.join("demo.yaml"), "demo");
    renamed(&healthy.kubeconfig, &d.join("healthy.yaml"), "healthy");
    renamed(&forbid.kubeconfig, &d.join("forbid.yaml"), "forbid");
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = std::fs::read_to_string(&healthy.kubeconfig)
        .unwrap()
        .replace("kon-sim", "closed");
    let server = text
        .lines()
        .find(|l| l.contains("server:"))
        .unwrap()
        .trim()
        .to_string();
    let text = text.replace(&server, &format!("server: https://127.0.0.1:{port}"));
    std::fs::write(d.join("closed.yaml"), text).unwrap();
    // An exec plugin that fails.
    let text = std::fs::read_to_string(&healthy.kubeconfig)
        .unwrap()
        .replace("kon-sim", "exec");
    let users = text.find("users:").unwrap();
    let text = format!(
        "{}users:\n- name: exec-admin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: /bin/false\n      interactiveMode: Never\n",
        &text[..users]
    );
    std::fs::write(d.join("exec.yaml"), text).unwrap();
    let kubeconfig = ["demo", "healthy", "forbid", "closed", "exec"]
        .map(|n| d.join(format!("{n}.yaml")).display().to_string())
        .join(":");

    let out = fleet(d, &kubeconfig, &["-o", "json"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("JSON");
    let names: Vec<&str> = rows.iter().map(|r| r["context"].as_str().unwrap()).collect();
    // The demo's criticals first, then the unjudged (by name), then the healthy one.
    assert_eq!(names, ["demo", "closed", "exec", "forbid", "healthy"], "{stdout}");
    let row = |n: &str| rows.iter().find(|r| r["context"] == n).unwrap();
    assert_eq!(
        row("closed")["error"],
        format!(
            "The connection to the server 127.0.0.1:{port} was refused - did you specify the right host or port?"
        )
    );
    assert_eq!(
        row("exec")["error"],
        "getting credentials: exec: executable /bin/false failed with exit code 1"
    );
    let f = row("forbid");
    assert!(
        f["error"].is_null() && f["version"].as_str().unwrap().starts_with('v'),
        "{f}"
    );
    assert!(f["nodes_total"].is_null(), "{f}");
    assert!(
        f["unread"][0]
            .as_str()
            .unwrap()
            .starts_with("Error from server (Forbidden): nodes is forbidden"),
        "{f}"
    );
    assert_eq!(f["verdict"], "unknown");
    let demo_row = row("demo");
    assert_eq!(
        (demo_row["nodes_ready"].as_u64(), demo_row["nodes_total"].as_u64()),
        (Some(14), Some(15))
    );
    assert_eq!(demo_row["verdict"], "critical", "{demo_row}");
    // kon check's findings: criticals (a node NotReady, a crash loop…).
    assert!(demo_row["critical"].as_u64().unwrap() > 0, "{demo_row}");
    assert!(demo_row["warning"].as_u64().unwrap() > 0, "{demo_row}");
    // The serving certificate expires within the critical 14 days; the
    // newest backup is older than the RPO (24 h by default).
    let days = demo_row["cert_days"].as_i64().expect("cert_days");
    assert!((0..14).contains(&days), "{demo_row}");
    let backup = &demo_row["backup"];
    assert_eq!(backup["kind"], "age", "{demo_row}");
    assert_eq!(backup["rpo_secs"], 86_400, "{demo_row}");
    assert!(backup["age_secs"].as_i64().unwrap() > 86_400, "{demo_row}");
    assert!(
        demo_row["problem_pods"]["containers_failing"].as_u64().unwrap() > 0,
        "{demo_row}"
    );
    let h = row("healthy");
    assert_eq!(
        (h["nodes_ready"].as_u64(), h["nodes_total"].as_u64()),
        (Some(6), Some(6))
    );
    assert_eq!(h["verdict"], "ok", "{h}");
    assert_eq!(
        (h["critical"].as_u64(), h["warning"].as_u64()),
        (Some(0), Some(0)),
        "{h}"
    );
    assert!(h["cert_days"].as_i64().unwrap() >= 30, "{h}");
    assert!(h["unread"].as_array().unwrap().is_empty(), "{h}");
    assert!(h["rtt_ms"].is_u64() && h["error"].is_null(), "{h}");
    // The demo's criticals: 1, though other contexts could not be judged.
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // Without the demo: nothing found, some contexts not judged: 2.
    let others = kubeconfig.split(':').skip(1).collect::<Vec<_>>().join(":");
    let out = fleet(d, &others, &["-o", "json"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A warning found beats a context not judged; a read-only context says so.
    std::fs::create_dir_all(d.join("config")).unwrap();
    std::fs::write(
        d.join("config/config.toml"),
        "[contexts.\"heal*\"]\nreadonly = true\n",
    )
    .unwrap();
    let out = fleet(d, &kubeconfig, &["--fail-on", "warning"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("✖  demo "), "{text}");
    assert!(
        text.lines().next().unwrap().contains("CRITICAL  WARNING  CERTS"),
        "{text}"
    );
    assert!(text.contains("✔  healthy (read-only)"), "{text}");
    assert!(text.contains("    error: getting credentials: exec:"), "{text}");

    // A subset by glob and name; a name that is not a context is refused.
    let out = fleet(d, &kubeconfig, &["--contexts", "heal*", "-o", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 1);
    let out = fleet(d, &kubeconfig, &["--contexts", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no context exists with the name: \"nope\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
