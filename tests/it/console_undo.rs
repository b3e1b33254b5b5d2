//! Rollout undo end to end: the real binary in tmux against a `kon sim`
//! process and the real kubectl. After `kubectl set image` made revision 2,
//! `u` on the Deployment names revision 1 and its image before anything is
//! sent; after the yes `kubectl rollout status` completes and the
//! Deployment has revision 1's template again; the undo is audited. Under
//! `--readonly` the undo is refused, said, and recorded. StatefulSets and
//! DaemonSets the same way from their ControllerRevisions, and kon's undo
//! leaves the template kubectl's own undo leaves.

use crate::test_support;

use test_support::process::{SimProcess, kubectl, sim};
use test_support::tmux::{Tmux, kon_bin};

const OLD: &str = "registry.example.com/web/frontend:5.2.1";
const NEW: &str = "registry.example.com/web/frontend:5.3.0";

fn console(name: &str, extra: &str) -> (SimProcess, Tmux) {
    console_on("demo", "1 of 15 nodes not ready", name, extra)
}

/// kon in tmux against a sim of `scenario`, once the screen shows `ready`.
fn console_on(scenario: &str, ready: &str, name: &str, extra: &str) -> (SimProcess, Tmux) {
    let s = sim(&["--scenario", scenario]);
    let t = Tmux::new(name);
    let cmd = format!(
        "exec {} {extra} --kubeconfig {}",
        kon_bin().display(),
        s.kubeconfig.display()
    );
    t.start(160, 40, &cmd);
    t.wait_for(ready);
    (s, t)
}

fn ok(s: &SimProcess, args: &[&str]) -> String {
    let (ok, out, err) = kubectl(&s.kubeconfig, args);
    assert!(ok, "kubectl {args:?}: {err}");
    out
}

fn audit(t: &Tmux) -> Vec<serde_json::Value> {
    std::fs::read_to_string(t.home().join("state/audit.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn on_frontend(t: &Tmux) {
    on_workload(t, "web/frontend");
}

/// The workloads view, filtered down to `ns_name` (`payments/ledger-db`).
fn on_workload(t: &Tmux, ns_name: &str) {
    t.send(&["w"]);
    t.wait_for("Workloads ");
    t.send(&["/"]);
    t.send(&[&format!("'{ns_name}"), "Enter"]);
    t.wait_for(ns_name);
}

#[test]
fn undo_names_the_revision_and_image_then_kubectl_sees_the_previous_template() {
    let (s, t) = console("actions-undo", "");
    let image = |s: &SimProcess| {
        ok(
            s,
            &[
                "get",
                "deployment/frontend",
                "-n",
                "web",
                "-o",
                "jsonpath={.spec.template.spec.containers[0].image}",
            ],
        )
    };
    ok(
        &s,
        &[
            "set",
            "image",
            "deployment/frontend",
            "-n",
            "web",
            &format!("frontend={NEW}"),
        ],
    );
    ok(&s, &["rollout", "status", "deployment/frontend", "-n", "web"]);
    assert_eq!(image(&s).trim(), NEW);
    on_frontend(&t);
    t.send(&["u"]);
    let screen = t.wait_for("enter: rollout-undo   esc: cancel, nothing changes");
    for said in [
        "rollout undo deployment.apps/frontend -n web to revision 1".to_string(),
        "revision 2 → revision 1 (replicaset.apps/frontend-".to_string(),
        format!("images now: frontend={NEW}"),
        format!("images back to: frontend={OLD}"),
    ] {
        assert!(screen.contains(&said), "{said:?} in {screen}");
    }
    assert_eq!(image(&s).trim(), NEW, "nothing sent before the yes");
    t.send(&["Enter"]);
    t.wait_for("deployment.apps/frontend rolled back");
    let status = ok(&s, &["rollout", "status", "deployment/frontend", "-n", "web"]);
    assert!(
        status
            .trim_end()
            .ends_with("deployment \"frontend\" successfully rolled out"),
        "{status}"
    );
    assert_eq!(image(&s).trim(), OLD);
    let revision = ok(
        &s,
        &[
            "get",
            "deployment/frontend",
            "-n",
            "web",
            "-o",
            r#"jsonpath={.metadata.annotations.deployment\.kubernetes\.io/revision}"#,
        ],
    );
    assert_eq!(
        revision.trim(),
        "3",
        "revision 1's template rolled out as revision 3"
    );
    let log = audit(&t);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["action"], "rollout-undo");
    assert_eq!(log[0]["target"], "deployment.apps/web/frontend");
    assert_eq!(log[0]["options"], "--to-revision=1");
    assert_eq!(log[0]["outcome"], "ok");
    t.send(&["C-c"]);
}

#[test]
fn no_history_is_refused_in_kubectls_words_and_read_only_refuses_undo() {
    let (s, t) = console("actions-undo-ro", "--readonly");
    on_frontend(&t);
    t.send(&["u"]);
    t.wait_for("read-only: rollout-undo deployment.apps/frontend -n web refused");
    let log = t.wait_until_screen("the refusal recorded", |_| !audit(&t).is_empty());
    drop(log);
    let log = audit(&t);
    assert_eq!(log[0]["action"], "rollout-undo");
    assert_eq!(log[0]["outcome"], "refused: read-only");
    t.send(&["C-c"]);
    drop((s, t));
    // Without --readonly, the demo's frontend has one revision only.
    let (_s, t) = console("actions-undo-none", "");
    on_frontend(&t);
    t.send(&["u"]);
    t.wait_for("error: no rollout history found for deployment \"frontend\"");
    assert!(audit(&t).is_empty(), "nothing sent, nothing recorded");
    t.send(&["C-c"]);
}

/// `kubectl get KIND/NAME -n NS -o jsonpath=PATH`.
fn get(s: &SimProcess, what: &str, ns: &str, path: &str) -> String {
    let jsonpath = format!("jsonpath={path}");
    ok(s, &["get", what, "-n", ns, "-o", &jsonpath])
        .trim()
        .to_string()
}

/// The pod template of `what`, as the API returns it.
fn template(s: &SimProcess, what: &str, ns: &str) -> serde_json::Value {
    serde_json::from_str(&get(s, what, ns, "{.spec.template}")).expect("a template")
}

fn status_done(s: &SimProcess, what: &str, ns: &str, done: &str) {
    let status = ok(s, &["rollout", "status", what, "-n", ns]);
    assert!(status.trim_end().ends_with(done), "{status}");
}

/// The one audit line of an undo that went through.
fn undone_audited(t: &Tmux, target: &str) {
    let log = audit(t);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["action"], "rollout-undo");
    assert_eq!(log[0]["target"], target);
    assert_eq!(log[0]["options"], "--to-revision=1");
    assert_eq!(log[0]["outcome"], "ok");
}

const LEDGER_OLD: &str = "registry.example.com/payments/ledger:1.9.0";
const LEDGER_NEW: &str = "registry.example.com/payments/ledger:2.0.0";
const STS_DONE: &str = "partitioned roll out complete: 3 new pods have been updated...";

#[test]
fn undo_of_a_statefulset_goes_back_to_its_previous_controllerrevision_as_kubectls_does() {
    let (s, t) = console("actions-undo-sts", "");
    let (sts, ns) = ("statefulset/ledger-db", "payments");
    let image = |s: &SimProcess| get(s, sts, ns, "{.spec.template.spec.containers[0].image}");
    let before = template(&s, sts, ns);
    ok(
        &s,
        &["set", "image", sts, "-n", ns, &format!("ledger-db={LEDGER_NEW}")],
    );
    status_done(&s, sts, ns, STS_DONE);
    assert_eq!(image(&s), LEDGER_NEW);
    on_workload(&t, "payments/ledger-db");
    t.send(&["u"]);
    let screen = t.wait_for("enter: rollout-undo   esc: cancel, nothing changes");
    for said in [
        "rollout undo statefulset.apps/ledger-db -n payments to revision 1".to_string(),
        "revision 2 → revision 1 (controllerrevision.apps/ledger-db-".to_string(),
        format!("images now: ledger-db={LEDGER_NEW}"),
        format!("images back to: ledger-db={LEDGER_OLD}"),
    ] {
        assert!(screen.contains(&said), "{said:?} in {screen}");
    }
    assert_eq!(image(&s), LEDGER_NEW, "nothing sent before the yes");
    t.send(&["Enter"]);
    t.wait_for("statefulset.apps/ledger-db rolled back");
    status_done(&s, sts, ns, STS_DONE);
    assert_eq!(image(&s), LEDGER_OLD);
    let by_kon = template(&s, sts, ns);
    assert_eq!(by_kon, before, "revision 1's template again");
    undone_audited(&t, "statefulset.apps/payments/ledger-db");
    // kubectl's own undo of the same change leaves the same template.
    ok(
        &s,
        &["set", "image", sts, "-n", ns, &format!("ledger-db={LEDGER_NEW}")],
    );
    status_done(&s, sts, ns, STS_DONE);
    let said = ok(&s, &["rollout", "undo", sts, "-n", ns]);
    assert_eq!(said.trim(), "statefulset.apps/ledger-db rolled back");
    status_done(&s, sts, ns, STS_DONE);
    assert_eq!(template(&s, sts, ns), by_kon, "kon and kubectl agree");
    t.send(&["C-c"]);
}

#[test]
fn undo_of_a_daemonset_after_a_restart_goes_back_as_kubectls_does() {
    let (s, t) = console_on("healthy", "6 nodes ready", "actions-undo-ds", "");
    let (ds, ns) = ("daemonset/kube-proxy", "kube-system");
    let done = "daemon set \"kube-proxy\" successfully rolled out";
    let restarted = r#"{.spec.template.metadata.annotations.kubectl\.kubernetes\.io/restartedAt}"#;
    let before = template(&s, ds, ns);
    let proxy_image = get(&s, ds, ns, "{.spec.template.spec.containers[0].image}");
    ok(&s, &["rollout", "restart", ds, "-n", ns]);
    status_done(&s, ds, ns, done);
    assert!(!get(&s, ds, ns, restarted).is_empty());
    on_workload(&t, "kube-system/kube-proxy");
    t.send(&["u"]);
    let screen = t.wait_for("enter: rollout-undo   esc: cancel, nothing changes");
    for said in [
        "rollout undo daemonset.apps/kube-proxy -n kube-system to revision 1".to_string(),
        "revision 2 → revision 1 (controllerrevision.apps/kube-proxy-".to_string(),
        format!("images unchanged: kube-proxy={proxy_image}"),
    ] {
        assert!(screen.contains(&said), "{said:?} in {screen}");
    }
    assert!(
        !get(&s, ds, ns, restarted).is_empty(),
        "nothing sent before the yes"
    );
    t.send(&["Enter"]);
    t.wait_for("daemonset.apps/kube-proxy rolled back");
    status_done(&s, ds, ns, done);
    assert_eq!(get(&s, ds, ns, restarted), "", "the restart undone");
    let by_kon = template(&s, ds, ns);
    assert_eq!(by_kon, before, "revision 1's template again");
    undone_audited(&t, "daemonset.apps/kube-system/kube-proxy");
    // kubectl's own undo of the same restart leaves the same template.
    ok(&s, &["rollout", "restart", ds, "-n", ns]);
    status_done(&s, ds, ns, done);
    let said = ok(&s, &["rollout", "undo", ds, "-n", ns]);
    assert_eq!(said.trim(), "daemonset.apps/kube-proxy rolled back");
    status_done(&s, ds, ns, done);
    assert_eq!(template(&s, ds, ns), by_kon, "kon and kubectl agree");
    t.send(&["C-c"]);
}

#[test]
fn read_only_refuses_undo_of_a_statefulset_and_a_daemonset_and_one_revision_is_kubectls_refusal() {
    let (s, t) = console("actions-undo-sts-ro", "--readonly");
    on_workload(&t, "payments/ledger-db");
    t.send(&["u"]);
    t.wait_for("read-only: rollout-undo statefulset.apps/ledger-db -n payments refused");
    // Esc drops the filter, then the DaemonSet's.
    t.send(&["Escape"]);
    t.wait_without("'payments/ledger-db");
    t.send(&["/"]);
    t.send(&["'kube-system/kube-proxy", "Enter"]);
    t.wait_for("'kube-system/kube-proxy");
    t.send(&["u"]);
    t.wait_for("read-only: rollout-undo daemonset.apps/kube-proxy -n kube-system refused");
    t.wait_until_screen("both refusals recorded", |_| audit(&t).len() == 2);
    let log = audit(&t);
    let targets: Vec<&str> = log.iter().filter_map(|l| l["target"].as_str()).collect();
    assert_eq!(
        targets,
        [
            "statefulset.apps/payments/ledger-db",
            "daemonset.apps/kube-system/kube-proxy"
        ]
    );
    assert!(
        log.iter().all(|l| l["outcome"] == "refused: read-only"),
        "{log:?}"
    );
    t.send(&["C-c"]);
    drop((s, t));
    // Without --readonly: the demo's StatefulSet has one revision only.
    let (_s, t) = console("actions-undo-sts-none", "");
    on_workload(&t, "payments/ledger-db");
    t.send(&["u"]);
    t.wait_for("error: no last revision to roll back to");
    assert!(audit(&t).is_empty(), "nothing sent, nothing recorded");
    t.send(&["C-c"]);
}
