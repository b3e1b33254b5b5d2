//! `kon sim --pod-churn N` as kubectl sees it: a watch of every pod receives
//! readiness flips, restarts counted, and a pod deleted (DELETED) whose
//! ReplicaSet creates its replacement (ADDED).

use crate::test_support;

use std::io::BufReader;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;
use test_support::process::sim;

/// A hang guard only: the churn makes a change every 20 ms.
const GUARD: Duration = Duration::from_secs(120);

#[derive(Default, Debug)]
struct Seen {
    unready: Vec<String>,
    restarted: Vec<String>,
    deleted: Vec<(String, String)>,
    added: Vec<(String, String)>,
}

fn name(o: &Value) -> String {
    o.pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

fn owner(o: &Value) -> String {
    o.pointer("/metadata/ownerReferences/0/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

impl Seen {
    fn take(&mut self, event: &Value) {
        let o = &event["object"];
        match event["type"].as_str() {
            Some("MODIFIED") => {
                let unready = o
                    .pointer("/status/conditions")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .any(|c| c["type"] == "Ready" && c["status"] == "False");
                if unready && o["status"]["phase"] == "Running" {
                    self.unready.push(name(o));
                }
                let restarts = o
                    .pointer("/status/containerStatuses/0/restartCount")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                if restarts > 0 {
                    self.restarted.push(name(o));
                }
            }
            Some("DELETED") => self.deleted.push((name(o), owner(o))),
            Some("ADDED") => self.added.push((name(o), owner(o))),
            _ => {}
        }
    }

    /// A flip, a restart, and a deleted pod whose owner added a pod.
    fn all(&self) -> bool {
        !self.unready.is_empty()
            && !self.restarted.is_empty()
            && self
                .deleted
                .iter()
                .any(|(_, o)| !o.is_empty() && self.added.iter().any(|(_, a)| a == o))
    }
}

#[test]
fn a_watch_of_pods_sees_the_churn() {
    let s = sim(&["--scenario", "healthy", "--pod-churn", "50"]);
    let mut child = Command::new("kubectl")
        .args([
            "get",
            "pods",
            "-A",
            "--watch-only",
            "--output-watch-events",
            "-o",
            "json",
        ])
        .env("KUBECONFIG", &s.kubeconfig)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("kubectl runs");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for v in serde_json::Deserializer::from_reader(BufReader::new(stdout)).into_iter::<Value>() {
            let Ok(v) = v else { break };
            if tx.send(v).is_err() {
                break;
            }
        }
    });
    let mut seen = Seen::default();
    while !seen.all() {
        match rx.recv_timeout(GUARD) {
            Ok(event) => seen.take(&event),
            Err(e) => {
                let _ = child.kill();
                panic!("the watch ended ({e}) before it saw every kind of change: {seen:?}");
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    // A replacement is a new pod: never the deleted one's name.
    let (gone, rs) = seen
        .deleted
        .iter()
        .find(|(_, o)| seen.added.iter().any(|(_, a)| a == o))
        .expect("a replaced pod");
    assert!(seen.added.iter().any(|(n, a)| a == rs && n != gone), "{seen:?}");
}
