//! Rollout undo end to end: the real binary in tmux against a `kon sim`
//! process and the real kubectl. After `kubectl set image` made revision 2,
//! `u` on the Deployment names revision 1 and its image before anything is
//! sent; after the yes `kubectl rollout status` completes and the
//! Deployment has revision 1's template again; the undo is audited. Under
//! `--readonly` the undo is refused, said, and recorded.

use crate::test_support;

use test_support::process::{SimProcess, kubectl, sim};
use test_support::tmux::{Tmux, kon_bin};

const OLD: &str = "registry.example.com/web/frontend:5.2.1";
const NEW: &str = "registry.example.com/web/frontend:5.3.0";

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
    t.send(&["w"]);
    t.wait_for("Workloads ");
    t.send(&["/"]);
    t.send(&["'web/frontend", "Enter"]);
    t.wait_for("web/frontend");
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
