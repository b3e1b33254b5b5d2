//! The console's fleet view in tmux (`kon --fleet`): several sims (the
//! demo, a healthy one, one answering 403 on nodes, a paused one), a closed
//! port, a failing exec plugin and a server that accepts and never answers,
//! in one KUBECONFIG. Every context is listed with its figures or its error
//! in kubectl's words, worst first; while the silent and paused ones are
//! still probing, keys answer; their rows come at the timeout; `kon fleet
//! -o json` agrees with the view and exits 1; Enter on the healthy one
//! switches the console to it.

use crate::test_support;

use std::path::Path;

use test_support::process::sim;
use test_support::tmux::{Tmux, kon_bin};

/// `from`'s kubeconfig with its names (context, cluster, user) `name`.
fn renamed(from: &Path, name: &str) -> String {
    std::fs::read_to_string(from).unwrap().replace("kon-sim", name)
}

/// `text` with its server at `https://127.0.0.1:port`.
fn at_port(text: &str, port: u16) -> String {
    let server = text
        .lines()
        .find(|l| l.contains("server:"))
        .unwrap()
        .trim()
        .to_string();
    text.replace(&server, &format!("server: https://127.0.0.1:{port}"))
}

/// The verdict symbol and context name of each row of the table, in order.
fn rows(screen: &str) -> Vec<(char, String)> {
    let mut out = Vec::new();
    let mut in_table = false;
    for line in screen.lines() {
        if line.contains("CONTEXT") && line.contains("REACH") {
            in_table = true;
            continue;
        }
        if in_table && (line.contains("───") || !line.starts_with('┃')) {
            break;
        }
        if !in_table {
            continue;
        }
        let body = line.trim_start_matches('┃').trim_start_matches('▶').trim();
        let mut words = body.split_whitespace();
        if let (Some(sym), Some(name)) = (words.next(), words.next()) {
            let sym = sym.chars().next().unwrap_or(' ');
            out.push((sym, name.trim_start_matches('*').to_string()));
        }
    }
    out
}

fn rank(sym: char) -> u8 {
    match sym {
        '✖' => 4,
        '?' | '…' => 3,
        '▲' => 2,
        '✔' => 1,
        _ => 0,
    }
}

fn line<'a>(screen: &'a str, context: &str) -> &'a str {
    let name = format!(" {context} ");
    let star = format!("*{context} ");
    (screen.lines())
        .find(|l| l.starts_with('┃') && (l.contains(&name) || l.contains(&star)))
        .unwrap_or_else(|| panic!("no row for {context}:\n{screen}"))
}

#[test]
fn every_context_worst_first_keys_answer_while_one_times_out_and_enter_switches() {
    let t = Tmux::new("fleet-view");
    let demo = sim(&["--scenario", "demo"]);
    let healthy = sim(&["--scenario", "healthy"]);
    let forbid = sim(&["--scenario", "healthy", "--forbid", "nodes"]);
    let paused = sim(&["--scenario", "healthy"]);
    paused.pause();
    let d = t.home().to_path_buf();
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port();
    // Accepts (the kernel completes the handshake) and never says a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let files = [
        ("demo", renamed(&demo.kubeconfig, "demo")),
        ("healthy", renamed(&healthy.kubeconfig, "healthy")),
        ("forbid", renamed(&forbid.kubeconfig, "forbid")),
        ("paused", renamed(&paused.kubeconfig, "paused")),
        ("closed", at_port(&renamed(&healthy.kubeconfig, "closed"), closed)),
        (
            "silent",
            at_port(&renamed(&healthy.kubeconfig, "silent"), silent_port),
        ),
        ("exec", {
            let text = renamed(&healthy.kubeconfig, "exec");
            let users = text.find("users:").unwrap();
            format!(
                "{}users:\n- name: exec-admin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: /bin/false\n      interactiveMode: Never\n",
                &text[..users]
            )
        }),
    ];
    for (name, text) in &files {
        std::fs::write(d.join(format!("{name}.yaml")), text).unwrap();
    }
    let kubeconfig = (files.iter())
        .map(|(n, _)| d.join(format!("{n}.yaml")).display().to_string())
        .collect::<Vec<_>>()
        .join(":");
    let before: Vec<Vec<u8>> = (files.iter())
        .map(|(n, _)| std::fs::read(d.join(format!("{n}.yaml"))).unwrap())
        .collect();
    std::fs::write(
        d.join("config/config.toml"),
        "[fleet]\ntimeout = \"10s\"\n\n[contexts.forbid]\nreadonly = true\n",
    )
    .unwrap();
    t.start(
        160,
        40,
        &format!(
            "export KUBECONFIG={kubeconfig}; exec {} --fleet",
            kon_bin().display()
        ),
    );

    // The reachable ones answer while the silent one is still probing.
    let screen = t.wait_until_screen("every context but the silent one", |s| {
        ["6/6", "14/15", "refused", "credentials", "Forbidden"]
            .iter()
            .all(|w| s.contains(w))
    });
    assert!(line(&screen, "silent").contains("probing… "), "{screen}");
    assert!(line(&screen, "paused").contains("probing… "), "{screen}");
    assert!(line(&screen, "healthy").contains("6/6"), "{screen}");
    assert!(line(&screen, "demo").contains("14/15"), "{screen}");
    assert!(
        line(&screen, "forbid ro").contains("Error from server (Forbidden): nodes"),
        "{screen}"
    );
    assert!(
        line(&screen, "closed").contains("The connection to the server 127.0.0.1:"),
        "{screen}"
    );
    assert!(
        line(&screen, "exec").contains("getting credentials: exec: executable"),
        "{screen}"
    );
    assert!(screen.contains("ctx demo"), "{screen}");

    // Keys answer meanwhile: help opens and closes, the filter filters.
    t.send(&["?"]);
    t.wait_for("Help — esc to close");
    t.send(&["Escape"]);
    t.wait_for("CONTEXT");
    t.send(&["/", "closed", "Enter"]);
    let screen = t.wait_for("Fleet 1/7 contexts");
    assert!(
        screen.contains(&format!(
            "error: The connection to the server 127.0.0.1:{closed} was refused - did you specify the right host or port?"
        )),
        "the selected row's error, whole:\n{screen}"
    );
    t.send(&["Escape"]);
    let screen = t.wait_for("Fleet 7/7 contexts");
    assert!(
        line(&screen, "silent").contains("probing… "),
        "the keys were answered while the silent context was still probing:\n{screen}"
    );

    // At the timeout the silent one has its row, and every context is judged.
    let screen = t.wait_until_screen("the silent and paused ones timed out", |s| {
        !s.contains("probing… ") && !s.contains("waiting") && s.matches("timed out").count() >= 2
    });
    assert!(line(&screen, "silent").contains("timed out"), "{screen}");
    assert!(line(&screen, "paused").contains("timed out"), "{screen}");
    let listed = rows(&screen);
    let mut names: Vec<&str> = listed.iter().map(|(_, n)| n.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        ["closed", "demo", "exec", "forbid", "healthy", "paused", "silent"],
        "{screen}"
    );
    assert!(
        listed.windows(2).all(|w| rank(w[0].0) >= rank(w[1].0)),
        "worst first:\n{screen}"
    );
    assert_eq!(
        listed.last().map(|(s, n)| (*s, n.as_str())),
        Some(('✔', "healthy")),
        "{screen}"
    );
    assert!(
        !screen.contains("probing… ") && !screen.contains("waiting"),
        "{screen}"
    );
    // `kon fleet -o json` on the same kubeconfig and config.toml: the same
    // verdict for every context, and exit 1 for the demo's criticals.
    let out = std::process::Command::new(kon_bin())
        .args(["fleet", "-o", "json"])
        .env("KUBECONFIG", &kubeconfig)
        .env("KON_CONFIG_DIR", d.join("config"))
        .env("KON_STATE_DIR", d.join("state"))
        .output()
        .expect("kon fleet runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("JSON");
    let mut headless: Vec<(char, String)> = (json.iter())
        .map(|r| {
            let sym = match r["verdict"].as_str() {
                Some("critical") => '✖',
                Some("unknown") => '?',
                Some("warning") => '▲',
                Some("ok") => '✔',
                other => panic!("verdict {other:?}: {r}"),
            };
            (sym, r["context"].as_str().unwrap().to_string())
        })
        .collect();
    let mut shown = listed.clone();
    headless.sort_by(|a, b| a.1.cmp(&b.1));
    shown.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(
        shown, headless,
        "the view and kon fleet -o json:\n{screen}\n{stdout}"
    );
    assert_eq!(out.status.code(), Some(1), "{stdout}");

    t.send(&["/", "silent", "Enter"]);
    t.wait_for("Fleet 1/7 contexts");
    t.wait_for("error: Unable to connect to the server: context deadline exceeded (no answer within 10s)");
    t.send(&["Escape"]);
    t.wait_for("Fleet 7/7 contexts");

    // Enter on the healthy one: the console switches to it, kubeconfig untouched.
    t.send(&["/", "healthy", "Enter"]);
    t.wait_for("Fleet 1/7 contexts");
    t.send(&["Enter"]);
    let screen = t.wait_for("switched to context healthy (kubeconfig unchanged)");
    assert!(screen.contains("ctx healthy"), "the header names it:\n{screen}");
    t.send(&["n"]);
    t.wait_for("Nodes 6/6");
    // Back to the fleet: the new current context is marked.
    t.send(&["Escape"]);
    t.wait_without("Nodes 6/6");
    t.send(&["F"]);
    t.wait_for("*healthy");
    for ((n, _), before) in files.iter().zip(before) {
        assert_eq!(
            std::fs::read(d.join(format!("{n}.yaml"))).unwrap(),
            before,
            "{n}.yaml was written"
        );
    }
    t.send(&["q"]);
    drop(silent);
}
