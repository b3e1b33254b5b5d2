//! The stream against two local ports: one closed (refused at once) and
//! one that accepts and never answers (cut at the timeout).

use super::*;
use crate::config::settings::Settings;

fn kubeconfig(servers: &[(&str, u16)]) -> Kubeconfig {
    let mut yaml = String::from("apiVersion: v1\nkind: Config\nclusters:\n");
    for (name, port) in servers {
        yaml.push_str(&format!(
            "- name: {name}\n  cluster:\n    server: https://127.0.0.1:{port}\n    insecure-skip-tls-verify: true\n"
        ));
    }
    yaml.push_str("contexts:\n");
    for (name, _) in servers {
        yaml.push_str(&format!(
            "- name: {name}\n  context:\n    cluster: {name}\n    user: u\n"
        ));
    }
    yaml.push_str("users:\n- name: u\n  user:\n    token: t\n");
    Kubeconfig::from_yaml(&yaml).expect("kubeconfig")
}

/// A port nothing listens on, and a listener that accepts (the kernel
/// completes the handshake) and never says a word.
fn ports() -> (u16, std::net::TcpListener) {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    (closed, silent)
}

async fn events(kc: &Kubeconfig, contexts: &[String], limits: Limits) -> Vec<Event> {
    let (tx, mut rx) = mpsc::channel(16);
    run(kc, contexts, limits, &Settings::default(), tx).await;
    let mut out = Vec::new();
    while let Ok(e) = rx.try_recv() {
        out.push(e);
    }
    out
}

fn what(e: &Event) -> String {
    match e {
        Event::Probing { context } => format!("probing {context}"),
        Event::Probed(row) => format!("row {}", row.context),
    }
}

#[tokio::test]
async fn rows_come_as_contexts_answer_and_a_silent_one_is_cut_at_the_timeout() {
    let (closed, silent) = ports();
    let port = silent.local_addr().expect("addr").port();
    let kc = kubeconfig(&[("silent", port), ("closed", closed)]);
    let contexts = vec!["silent".to_string(), "closed".to_string()];
    let limits = Limits {
        timeout: Duration::from_millis(1500),
        concurrency: 2,
    };
    let got = events(&kc, &contexts, limits).await;
    let order: Vec<String> = got.iter().map(what).collect();
    // Both start at once; the refused one's row does not wait for the silent one.
    assert_eq!(
        order,
        ["probing silent", "probing closed", "row closed", "row silent"]
    );
    let row = |name: &str| {
        got.iter()
            .find_map(|e| match e {
                Event::Probed(r) if r.context == name => Some(r.clone()),
                _ => None,
            })
            .expect("row")
    };
    assert_eq!(
        row("closed").error.as_deref(),
        Some(
            format!(
                "The connection to the server 127.0.0.1:{closed} was refused - did you specify the right host or port?"
            )
            .as_str()
        )
    );
    let s = row("silent");
    assert_eq!(s.error.as_deref(), Some(timed_out(limits.timeout).as_str()));
    assert_eq!(s.server, Some(format!("https://127.0.0.1:{port}")));
    drop(silent);
}

#[tokio::test]
async fn at_most_concurrency_probes_at_once() {
    let (closed, silent) = ports();
    let port = silent.local_addr().expect("addr").port();
    let kc = kubeconfig(&[("silent", port), ("closed", closed)]);
    let contexts = vec!["silent".to_string(), "closed".to_string()];
    let limits = Limits {
        timeout: Duration::from_millis(500),
        concurrency: 1,
    };
    let order: Vec<String> = events(&kc, &contexts, limits).await.iter().map(what).collect();
    // One slot: the refused context waits for the silent one's timeout.
    assert_eq!(
        order,
        ["probing silent", "row silent", "probing closed", "row closed"]
    );
    drop(silent);
}

#[test]
fn server_of_names_the_contexts_cluster() {
    let kc = kubeconfig(&[("a", 1)]);
    assert_eq!(server_of(&kc, "a").as_deref(), Some("https://127.0.0.1:1"));
    assert_eq!(server_of(&kc, "nope"), None);
}
