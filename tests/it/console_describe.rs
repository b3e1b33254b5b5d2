//! Describe and YAML end to end on `kon --demo` at 80x24, in tmux: the
//! OOMKilled pod of data/etl-worker described with its last state and exit
//! code 137; a Secret's YAML with its keys and sizes but no value; Enter
//! in the events view opens the event's object.

use crate::test_support;

use test_support::tmux::{Tmux, kon_bin};

/// The row of the screen that contains `text`.
fn row<'a>(screen: &'a str, text: &str) -> &'a str {
    screen.lines().find(|l| l.contains(text)).unwrap_or_default()
}

fn demo(name: &str) -> Tmux {
    let t = Tmux::new(name);
    t.start(80, 24, &format!("exec {} --demo", kon_bin().display()));
    t.wait_for("CrashLoopBackOff");
    t
}

/// Types `text` then Enter on the `/` line.
fn search(t: &Tmux, text: &str) {
    t.send(&["/"]);
    t.send(&[text, "Enter"]);
}

#[test]
fn describe_shows_the_oomkilled_last_state_with_exit_code_137() {
    let t = demo("describe-oom");
    t.send(&["p"]);
    t.wait_for("Pods ");
    search(&t, "'etl-worker");
    t.wait_for("Pods 1/");
    t.send(&["d"]);
    let screen = t.wait_for("Controlled By:");
    assert!(
        screen.contains("describe pod/etl-worker-") && screen.contains("-n data"),
        "the pod under the cursor:\n{screen}"
    );
    assert!(
        row(&screen, "Controlled By:").contains("ReplicaSet/etl-worker-"),
        "{screen}"
    );
    // Search for the last state's reason, then one line up to see it whole.
    search(&t, "OOMKilled");
    t.wait_for("/OOMKilled: 1 found");
    t.send(&["k"]);
    let screen = t.wait_until_screen("the last state", |s| s.contains("Last State:"));
    assert!(row(&screen, "Last State:").contains("Terminated"), "{screen}");
    assert!(row(&screen, "Reason:").contains("OOMKilled"), "{screen}");
    assert!(row(&screen, "Exit Code:").contains("137"), "{screen}");
    // `y` shows the same pod as YAML; Esc clears the search, then goes back.
    t.send(&["y"]);
    let screen = t.wait_for("yaml pod/etl-worker-");
    assert!(
        screen.contains("OOMKilled") || screen.contains("apiVersion"),
        "{screen}"
    );
    t.send(&["Escape"]);
    t.wait_without("found ·");
    t.send(&["Escape"]);
    t.wait_for("Pods 1/");
}

#[test]
fn the_yaml_of_a_secret_shows_its_keys_and_sizes_never_a_value() {
    let t = demo("describe-secret");
    t.send(&[":"]);
    t.send(&["yaml secret/storefront-tls -n web", "Enter"]);
    let screen = t.wait_for("kubernetes.io/tls");
    assert!(screen.contains("yaml secret/storefront-tls -n web"), "{screen}");
    search(&t, "tls.crt");
    let screen = t.wait_for("found ·");
    let crt = row(&screen, "tls.crt:");
    assert!(crt.contains("(hidden: ") && crt.contains(" bytes)"), "{screen}");
    let key = row(&screen, "tls.key:");
    assert!(key.contains("(hidden: ") && key.contains(" bytes)"), "{screen}");
    // PEM in base64 starts with LS0t ("---"): no value is anywhere.
    assert!(!screen.contains("LS0t") && !screen.contains("BEGIN"), "{screen}");
    // Its description lists the keys with their sizes too.
    t.send(&["Escape"]);
    t.wait_without("found ·");
    t.send(&["d"]);
    let screen = t.wait_for("describe secret/storefront-tls");
    let screen = if screen.contains("tls.crt:") {
        screen
    } else {
        t.send(&["G"]);
        t.wait_for("tls.crt:")
    };
    assert!(row(&screen, "tls.crt:").contains(" bytes"), "{screen}");
    assert!(!screen.contains("LS0t"), "{screen}");
}

#[test]
fn enter_in_the_events_view_opens_the_events_object() {
    let t = demo("describe-event");
    t.send(&["e"]);
    t.wait_for("Events ");
    search(&t, "'ledger");
    let screen = t.wait_for("Events 1/");
    assert!(row(&screen, "BackOff").contains("/ledger-"), "{screen}");
    t.send(&["Enter"]);
    let screen = t.wait_for("Controlled By:");
    assert!(
        screen.contains("describe pod/ledger-") && screen.contains("-n payments"),
        "the event's pod:\n{screen}"
    );
    assert!(row(&screen, "Name:").contains("ledger-"), "{screen}");
    t.send(&["Escape"]);
    t.wait_for("Events 1/");
}

mod against_kubectl {
    //! The reads the describe view makes, next to the real kubectl on the
    //! same sim: the same object, its YAML as `kubectl get -o yaml` prints
    //! it, the same NotFound words, and no Secret value.

    use crate::test_support::sim::KubectlSim;
    use kon::cluster::{ObjectKind, ObjectRef};
    use kon::describe::{fetch, yaml};

    fn text(lines: &[kon::describe::Line]) -> String {
        lines
            .iter()
            .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>())
            .filter(|l| !l.trim_start().starts_with("# managedFields"))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_object_and_its_yaml_are_kubectls() {
        let s = KubectlSim::start("demo").await;
        let pods = s.kubectl_json(&["get", "pods", "-n", "data"]).await;
        let name = pods["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["metadata"]["name"].as_str())
            .find(|n| n.starts_with("etl-worker-"))
            .expect("the etl-worker pod")
            .to_string();
        let objects = [
            (
                ObjectRef::pod("data", &name),
                vec!["pod", name.as_str(), "-n", "data"],
            ),
            (
                ObjectRef::namespaced(ObjectKind::Deployment, "web", "checkout"),
                vec!["deployment", "checkout", "-n", "web"],
            ),
            (
                ObjectRef::cluster(ObjectKind::Node, "worker-b-4"),
                vec!["node", "worker-b-4"],
            ),
        ];
        for (object, args) in objects {
            same_as_kubectl(&s, &object, &args).await;
        }
    }

    /// The sim's controllers keep objects moving: three reads of one
    /// version (same resourceVersion) are compared, tried again otherwise.
    async fn same_as_kubectl(s: &KubectlSim, object: &ObjectRef, args: &[&str]) {
        let get = |extra: &'static [&'static str]| {
            let mut all = vec!["get"];
            all.extend(args);
            all.extend(extra);
            all
        };
        for _ in 0..20 {
            let got = fetch::fetch(s.client().await, object, fetch::TIMEOUT)
                .await
                .expect("read");
            let want = s.kubectl_json(&get(&[])).await;
            let printed = s.kubectl_ok(&get(&["-o", "yaml"])).await;
            let version = want["metadata"]["resourceVersion"].as_str().unwrap_or_default();
            let same = got["metadata"]["resourceVersion"] == want["metadata"]["resourceVersion"]
                && printed
                    .stdout
                    .contains(&format!("resourceVersion: \"{version}\""));
            if !same {
                continue;
            }
            assert_eq!(got, want, "{object}");
            assert_eq!(
                text(&yaml::lines(&got, false)),
                printed.stdout.trim_end(),
                "{object}"
            );
            return;
        }
        panic!("{object} never held still for three reads");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn not_found_reads_as_kubectl_says_it() {
        let s = KubectlSim::start("demo").await;
        let err = fetch::fetch(
            s.client().await,
            &ObjectRef::pod("data", "nosuch"),
            fetch::TIMEOUT,
        )
        .await
        .expect_err("no such pod");
        let run = s.kubectl(&["get", "pod", "nosuch", "-n", "data"]).await;
        assert_eq!(err, r#"Error from server (NotFound): pods "nosuch" not found"#);
        assert!(run.stderr.contains(&err), "{run:?}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_secret_is_read_without_its_values() {
        let s = KubectlSim::start("demo").await;
        let secret = ObjectRef::namespaced(ObjectKind::Secret, "web", "storefront-tls");
        let got = fetch::fetch(s.client().await, &secret, fetch::TIMEOUT)
            .await
            .expect("read");
        let real = s
            .kubectl_json(&["get", "secret", "storefront-tls", "-n", "web"])
            .await;
        let data = real["data"].as_object().expect("the sim filled the Secret");
        assert!(!data.is_empty());
        let all = got.to_string();
        for (key, value) in data {
            let value = value.as_str().unwrap_or_default();
            assert!(value.len() > 16 && !all.contains(value), "{key}'s value leaked");
            let bytes = kon::describe::redact::base64_len(value);
            assert_eq!(got["data"][key], format!("(hidden: {bytes} bytes)"), "{key}");
        }
    }
}
