//! The actions end to end: the real binary in tmux against a `kon sim`
//! process and the real kubectl. Delete and evict of the pod under the
//! cursor are confirmed, done (kubectl sees them), and audited; a rollout
//! restart of a Deployment is confirmed, audited and its new pods appear;
//! under `--readonly` each action is refused, said on screen, and
//! recorded in the audit log.

use crate::test_support;

use test_support::process::{SimProcess, kubectl, sim};
use test_support::tmux::{Tmux, kon_bin};

/// kon on the sim's demo, in tmux, the dashboard loaded.
fn console(name: &str, extra: &str) -> (SimProcess, Tmux) {
    let s = sim(&["--scenario", "demo"]);
    let t = Tmux::new(name);
    let cmd = format!(
        "exec {} {extra} --kubeconfig {}",
        kon_bin().display(),
        s.kubeconfig.display()
    );
    t.start(160, 40, &cmd);
    t.wait_for("1 of 15 nodes not ready");
    (s, t)
}

/// The names of the demo's frontend pods, as kubectl lists them.
fn frontend_pods(s: &SimProcess) -> Vec<String> {
    let (ok, out, err) = kubectl(&s.kubeconfig, &["get", "pods", "-n", "web", "-o", "name"]);
    assert!(ok, "kubectl get pods: {err}");
    let mut pods: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("pod/"))
        .filter(|n| n.starts_with("frontend-"))
        .map(str::to_string)
        .collect();
    pods.sort();
    pods
}

/// Whether kubectl sees the pod gone or going (deletionTimestamp set).
fn gone_or_going(s: &SimProcess, pod: &str) -> bool {
    let (ok, out, err) = kubectl(
        &s.kubeconfig,
        &[
            "get",
            "pod",
            pod,
            "-n",
            "web",
            "-o",
            "jsonpath={.metadata.deletionTimestamp}",
        ],
    );
    (!ok && err.contains("NotFound")) || (ok && !out.trim().is_empty())
}

/// The audit log's lines, parsed.
fn audit(t: &Tmux) -> Vec<serde_json::Value> {
    std::fs::read_to_string(t.home().join("state/audit.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The pods table narrowed to `pod`, the cursor on it.
fn on_pod(t: &Tmux, pod: &str) {
    t.send(&["p"]);
    t.wait_for("Pods ");
    t.send(&["/"]);
    t.send(&[&format!("'{pod}"), "Enter"]);
    t.wait_for(&format!("web/{pod}"));
}

/// Back to the dashboard from the filtered pods table (Esc clears the
/// filter, then leaves; sent apart so the terminal does not merge them).
fn leave_pods(t: &Tmux) {
    t.send(&["Escape"]);
    t.wait_without("filter “");
    t.send(&["Escape"]);
    t.wait_for("Control plane");
}

/// The workloads view narrowed to `web/frontend`.
fn on_frontend(t: &Tmux) {
    t.send(&["w"]);
    t.wait_for("Workloads ");
    t.send(&["/"]);
    t.send(&["'web/frontend", "Enter"]);
    t.wait_for("web/frontend");
}

#[test]
fn delete_and_evict_are_confirmed_done_as_kubectl_sees_and_audited() {
    let (s, t) = console("actions-pods", "");
    let pods = frontend_pods(&s);
    assert!(pods.len() >= 2, "the demo's frontend has replicas: {pods:?}");
    on_pod(&t, &pods[0]);
    t.send(&["C-d"]);
    t.wait_for("grace period in seconds");
    t.send(&["Enter"]);
    let screen = t.wait_for("enter: delete   esc: cancel, nothing changes");
    assert!(
        screen.contains(&format!("delete pod/{} -n web (with", pods[0])),
        "{screen}"
    );
    assert!(!gone_or_going(&s, &pods[0]), "nothing before the yes");
    t.send(&["Enter"]);
    t.wait_for(&format!("pod \"{}\" deleted", pods[0]));
    assert!(gone_or_going(&s, &pods[0]), "kubectl sees it deleted");

    leave_pods(&t);
    on_pod(&t, &pods[1]);
    t.send(&["E"]);
    let screen = t.wait_for("enter: evict   esc: cancel");
    assert!(
        screen.contains(&format!("evict pod/{} -n web", pods[1])),
        "{screen}"
    );
    t.send(&["Enter"]);
    let screen = t.wait_until_screen("the eviction's result", |s| {
        s.contains(&format!("pod/{} evicted", pods[1])) || s.contains("Error from server")
    });
    if screen.contains(&format!("pod/{} evicted", pods[1])) {
        assert!(gone_or_going(&s, &pods[1]), "kubectl sees it evicted");
    } else {
        assert!(
            screen.contains("blocked by"),
            "a refusal names the budget:\n{screen}"
        );
        assert!(!gone_or_going(&s, &pods[1]));
    }
    let log = audit(&t);
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0]["action"], "delete");
    assert_eq!(log[0]["target"], format!("pod/web/{}", pods[0]));
    assert_eq!(log[0]["outcome"], "ok");
    assert_eq!(log[0]["context"], "kon-sim");
    assert!(log[0]["user"].as_str().is_some_and(|u| !u.is_empty()));
    assert_eq!(log[1]["action"], "evict");
    assert_eq!(log[1]["target"], format!("pod/web/{}", pods[1]));
    t.send(&["C-c"]);
}

#[test]
fn read_only_refuses_each_action_says_so_and_records_it() {
    let (s, t) = console("actions-readonly", "--readonly");
    let pods = frontend_pods(&s);
    on_pod(&t, &pods[0]);
    t.send(&["C-d"]);
    t.wait_for(&format!("read-only: delete pod/{} -n web refused", pods[0]));
    t.send(&["E"]);
    t.wait_for(&format!("read-only: evict pod/{} -n web refused", pods[0]));
    leave_pods(&t);
    on_frontend(&t);
    t.send(&["r"]);
    t.wait_for("read-only: rollout-restart deployment.apps/frontend -n web refused");
    t.send(&["+"]);
    t.wait_for("read-only: scale deployment.apps/frontend -n web refused");
    assert!(!gone_or_going(&s, &pods[0]), "nothing sent");
    let log = t.wait_until_screen("the refusals recorded", |_| audit(&t).len() >= 4);
    drop(log);
    let log = audit(&t);
    let seen: Vec<(String, String)> = log
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").into(),
                e["outcome"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    for action in ["delete", "evict", "rollout-restart", "scale"] {
        assert!(
            seen.contains(&(action.into(), "refused: read-only".into())),
            "{action}: {seen:?}"
        );
    }
    t.send(&["C-c"]);
}

#[test]
fn rollout_restart_of_a_deployment_is_confirmed_audited_and_new_pods_appear() {
    let (s, t) = console("actions-restart", "");
    let before = frontend_pods(&s);
    on_frontend(&t);
    t.send(&["r"]);
    let screen = t.wait_for("enter: rollout-restart   esc: cancel, nothing changes");
    assert!(
        screen.contains("rollout restart deployment.apps/frontend -n web"),
        "{screen}"
    );
    t.send(&["Enter"]);
    t.wait_for("deployment.apps/frontend restarted");
    // kubectl's annotation on the template, as `kubectl rollout restart` sets it.
    let (ok, at, err) = kubectl(
        &s.kubeconfig,
        &[
            "get",
            "deployment/frontend",
            "-n",
            "web",
            "-o",
            r#"jsonpath={.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}"#,
        ],
    );
    assert!(ok && at.trim().ends_with('Z'), "restartedAt {at:?}: {err}");
    // New pods (a new ReplicaSet's) replace the old ones, in kubectl and in kon.
    let fresh = t.wait_until_screen("a new frontend pod", |_| {
        frontend_pods(&s).iter().any(|p| !before.contains(p))
    });
    drop(fresh);
    let new_pod = frontend_pods(&s)
        .into_iter()
        .find(|p| !before.contains(p))
        .expect("a new pod");
    t.send(&["Escape"]);
    t.wait_without("filter “");
    t.send(&["Escape"]);
    t.wait_for("Control plane");
    on_pod(&t, &new_pod);
    let log = audit(&t);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["action"], "rollout-restart");
    assert_eq!(log[0]["target"], "deployment.apps/web/frontend");
    assert_eq!(log[0]["outcome"], "ok");
    assert_eq!(log[0]["context"], "kon-sim");
    t.send(&["C-c"]);
}

#[test]
fn scale_shows_current_and_target_refuses_a_negative_and_kubectl_agrees() {
    let (s, t) = console("actions-scale", "");
    on_frontend(&t);
    t.send(&["+"]);
    t.wait_for("replicas (now 3):");
    // A leading '-' would be read as a tmux flag: `--` first.
    assert!(t.tmux(&["send-keys", "-t", "t", "--", "-1"]).status.success());
    t.send(&["Enter"]);
    t.wait_for("-1: the number of replicas cannot be negative: nothing sent");
    t.send(&["BSpace", "BSpace", "5", "Enter"]);
    t.wait_for("scale deployment.apps/frontend -n web 3 → 5");
    t.send(&["Enter"]);
    t.wait_for("deployment.apps/frontend scaled");
    let (ok, replicas, err) = kubectl(
        &s.kubeconfig,
        &[
            "get",
            "deployment/frontend",
            "-n",
            "web",
            "-o",
            "jsonpath={.spec.replicas}",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(replicas.trim(), "5");
    let log = audit(&t);
    assert_eq!(log.len(), 1, "only the sent scale: {log:?}");
    assert_eq!(log[0]["action"], "scale");
    assert_eq!(log[0]["options"], "--current-replicas=3 --replicas=5");
    t.send(&["C-c"]);
}
