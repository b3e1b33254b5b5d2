//! `kon cordon` / `kon drain` as a user runs them against a `kon sim`
//! process, with a generous limit after which the process is killed and the
//! test fails (a command that does not end is the defect being tested).

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::process::{SimProcess, kubectl};
use super::tmux::kon_bin;

/// Far beyond any bound the tests set: reaching it means kon did not end.
pub const LIMIT: Duration = Duration::from_secs(180);

pub fn command(s: &SimProcess, state: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(kon_bin());
    c.args(args)
        .arg("--kubeconfig")
        .arg(&s.kubeconfig)
        .env("KON_CONFIG_DIR", state.join("config"))
        .env("KON_STATE_DIR", state);
    c
}

/// Runs kon to its end (killed, and the test failed, after [`LIMIT`]).
pub fn kon(s: &SimProcess, state: &Path, args: &[&str]) -> Output {
    let child = command(s, state, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kon runs");
    wait_bounded(child, args)
}

/// Waits for `child` to end; kills it and fails after [`LIMIT`].
pub fn wait_bounded(mut child: Child, what: &[&str]) -> Output {
    let started = Instant::now();
    loop {
        match child.try_wait().expect("kon is waited for") {
            Some(_) => return child.wait_with_output().expect("kon's output"),
            None if started.elapsed() > LIMIT => {
                let _ = child.kill();
                let out = child.wait_with_output().expect("kon's output");
                panic!(
                    "kon {what:?} had not ended after {LIMIT:?}: killed\nstdout: {}\nstderr: {}",
                    text(&out.stdout),
                    text(&out.stderr)
                );
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// kubectl, tried again while the sim's injected faults make it fail.
pub fn kubectl_ok(s: &SimProcess, args: &[&str]) -> String {
    let mut last = String::new();
    for _ in 0..30 {
        let (ok, out, err) = kubectl(&s.kubeconfig, args);
        if ok {
            return out;
        }
        last = err;
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("kubectl {args:?} kept failing: {last}");
}

/// `namespace/name` of every pod on `node`.
pub fn pods_on(s: &SimProcess, node: &str) -> Vec<String> {
    let sel = format!("spec.nodeName={node}");
    let cols = "custom-columns=NS:.metadata.namespace,NAME:.metadata.name";
    let out = kubectl_ok(
        s,
        &[
            "get",
            "pods",
            "-A",
            "--field-selector",
            &sel,
            "-o",
            cols,
            "--no-headers",
        ],
    );
    out.lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            Some(format!("{}/{}", w.next()?, w.next()?))
        })
        .collect()
}

pub fn cordoned(s: &SimProcess, node: &str) -> bool {
    let out = kubectl_ok(s, &["get", "node", node, "-o", "jsonpath={.spec.unschedulable}"]);
    out.trim() == "true"
}

pub fn audit(state: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(state.join("audit.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("an audit line is JSON"))
        .collect()
}

/// The pods a drain's plan (printed on stderr) evicts: `evict ns/name` lines.
pub fn planned(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|l| l.trim().strip_prefix("evict "))
        .map(|p| p.trim().to_string())
        .collect()
}

/// Reads `child`'s stderr until a line contains `needle`: the lines read so
/// far, and the rest of stderr to come.
pub fn stderr_until(child: &mut Child, needle: &str) -> (Vec<String>, std::sync::mpsc::Receiver<String>) {
    let err = child.stderr.take().expect("stderr is piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut seen = Vec::new();
    let started = Instant::now();
    while started.elapsed() < LIMIT {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return (seen, rx);
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = child.kill();
    panic!("kon never printed {needle:?}: {seen:#?}");
}
