//! The simulator's rollouts with the real `kubectl` (issue 18): `rollout
//! restart` makes a new ReplicaSet and replaces the pods, `rollout status`
//! follows it to the end, `rollout undo` brings the previous template back,
//! `scale` changes the pods.

use serde_json::Value;

use crate::test_support;

use test_support::sim::{KubectlSim, eventually};

/// `(name, revision, spec replicas, ready replicas)` of the ReplicaSets of `app`.
async fn replica_sets(ks: &KubectlSim, ns: &str, app: &str) -> Vec<(String, String, i64, i64)> {
    let list = ks
        .kubectl_json(&["get", "rs", "-n", ns, "-l", &format!("app={app}")])
        .await;
    let mut out: Vec<(String, String, i64, i64)> = list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|rs| {
            (
                rs["metadata"]["name"].as_str().unwrap_or_default().to_string(),
                rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                rs["spec"]["replicas"].as_i64().unwrap_or(-1),
                rs["status"]["readyReplicas"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// The pods of `app` as `(name, pod-template-hash, phase, terminating)`.
async fn pods(ks: &KubectlSim, ns: &str, app: &str) -> Vec<(String, String, String, bool)> {
    let list = ks
        .kubectl_json(&["get", "pods", "-n", ns, "-l", &format!("app={app}")])
        .await;
    list["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p: &Value| {
            (
                p["metadata"]["name"].as_str().unwrap_or_default().to_string(),
                p["metadata"]["labels"]["pod-template-hash"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                p["status"]["phase"].as_str().unwrap_or_default().to_string(),
                p["metadata"]["deletionTimestamp"].is_string(),
            )
        })
        .collect()
}

async fn rollout_status(ks: &KubectlSim, ns: &str, what: &str) -> String {
    // The timeout only keeps a broken controller from hanging the suite.
    let run = ks
        .kubectl(&["rollout", "status", what, "-n", ns, "--timeout=10m"])
        .await;
    assert!(run.ok, "{run:?}");
    run.stdout
}

/// Waits until every pod of `app` is Running, from ReplicaSet `hash`, and `n` of them.
async fn all_pods_from(ks: &KubectlSim, ns: &str, app: &str, hash: &str, n: usize) {
    eventually(
        &format!("{n} Running pods of {app} from {hash}, no other"),
        || async {
            let ps = pods(ks, ns, app).await;
            (ps.len() == n && ps.iter().all(|p| p.1 == hash && p.2 == "Running" && !p.3)).then_some(())
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn restart_rolls_out_a_new_replica_set_and_status_follows_it() {
    let ks = KubectlSim::start("demo").await;
    let before = replica_sets(&ks, "web", "frontend").await;
    assert_eq!(
        before,
        [("frontend-ptb9zblqtf".to_string(), "1".to_string(), 3, 3)]
    );
    let old_pods = pods(&ks, "web", "frontend").await;

    let run = ks
        .kubectl_ok(&["rollout", "restart", "deployment/frontend", "-n", "web"])
        .await;
    assert_eq!(run.stdout.trim(), "deployment.apps/frontend restarted");
    let out = rollout_status(&ks, "web", "deployment/frontend").await;
    assert!(
        out.trim_end()
            .ends_with("deployment \"frontend\" successfully rolled out"),
        "{out}"
    );

    let after = replica_sets(&ks, "web", "frontend").await;
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(
        after[0],
        ("frontend-ptb9zblqtf".to_string(), "1".to_string(), 0, 0)
    );
    let (new_rs, rev, replicas, _) = &after[1];
    assert_eq!((rev.as_str(), *replicas), ("2", 3), "{after:?}");
    let hash = new_rs.strip_prefix("frontend-").unwrap_or_default();
    assert_eq!(hash.len(), 10, "{new_rs}");
    let rs = ks.kubectl_json(&["get", "rs", new_rs, "-n", "web"]).await;
    assert_eq!(rs["metadata"]["labels"]["pod-template-hash"], hash);
    assert_eq!(rs["metadata"]["ownerReferences"][0]["name"], "frontend");
    assert_eq!(rs["metadata"]["ownerReferences"][0]["controller"], true);
    assert!(
        rs["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"].is_string(),
        "{rs:#}"
    );

    all_pods_from(&ks, "web", "frontend", hash, 3).await;
    let now = pods(&ks, "web", "frontend").await;
    assert!(old_pods.iter().all(|o| now.iter().all(|p| p.0 != o.0)), "{now:?}");

    let d = ks.kubectl_json(&["get", "deploy", "frontend", "-n", "web"]).await;
    assert_eq!(
        d["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "2"
    );
    assert_eq!(d["status"]["observedGeneration"], d["metadata"]["generation"]);
    assert_eq!(d["status"]["updatedReplicas"], 3);
    let progressing = d["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Progressing"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(progressing["reason"], "NewReplicaSetAvailable", "{d:#}");
    assert_eq!(
        progressing["message"],
        format!("ReplicaSet \"{new_rs}\" has successfully progressed.")
    );

    let events = ks
        .kubectl_ok(&[
            "get",
            "events",
            "-n",
            "web",
            "--field-selector",
            "reason=ScalingReplicaSet,involvedObject.name=frontend",
        ])
        .await
        .stdout;
    assert!(
        events.contains(&format!("Scaled up replica set {new_rs} from 0 to 1"))
            && events.contains("Scaled down replica set frontend-ptb9zblqtf"),
        "{events}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn undo_brings_the_previous_template_and_image_back() {
    let ks = KubectlSim::start("demo").await;
    let image = "registry.example.com/web/frontend:5.2.1";
    ks.kubectl_ok(&[
        "set",
        "image",
        "deployment/frontend",
        "frontend=registry.example.com/web/frontend:5.3.0",
        "-n",
        "web",
    ])
    .await;
    rollout_status(&ks, "web", "deployment/frontend").await;
    let rs = replica_sets(&ks, "web", "frontend").await;
    assert_eq!(rs.len(), 2, "{rs:?}");
    assert_eq!((rs[1].1.as_str(), rs[1].2), ("2", 3), "{rs:?}");

    let history = ks
        .kubectl_ok(&["rollout", "history", "deployment/frontend", "-n", "web"])
        .await
        .stdout;
    let revisions: Vec<&str> = history
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(revisions, ["1", "2"], "{history}");

    let run = ks
        .kubectl_ok(&["rollout", "undo", "deployment/frontend", "-n", "web"])
        .await;
    assert_eq!(run.stdout.trim(), "deployment.apps/frontend rolled back");
    rollout_status(&ks, "web", "deployment/frontend").await;
    let d = ks.kubectl_json(&["get", "deploy", "frontend", "-n", "web"]).await;
    assert_eq!(d["spec"]["template"]["spec"]["containers"][0]["image"], image);
    assert_eq!(
        d["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "3"
    );
    // The first ReplicaSet is the new one again, with the next revision.
    let rs = replica_sets(&ks, "web", "frontend").await;
    assert_eq!(rs.len(), 2, "{rs:?}");
    assert_eq!(rs[1].0, "frontend-ptb9zblqtf", "{rs:?}");
    assert_eq!((rs[1].1.as_str(), rs[1].2), ("3", 3), "{rs:?}");
    assert_eq!(rs[0].2, 0, "{rs:?}");
    all_pods_from(&ks, "web", "frontend", "ptb9zblqtf", 3).await;

    // --to-revision: back to 2 (5.3.0), which becomes 4.
    ks.kubectl_ok(&[
        "rollout",
        "undo",
        "deployment/frontend",
        "-n",
        "web",
        "--to-revision=2",
    ])
    .await;
    rollout_status(&ks, "web", "deployment/frontend").await;
    let d = ks.kubectl_json(&["get", "deploy", "frontend", "-n", "web"]).await;
    assert_eq!(
        d["spec"]["template"]["spec"]["containers"][0]["image"],
        "registry.example.com/web/frontend:5.3.0"
    );
    assert_eq!(
        d["metadata"]["annotations"]["deployment.kubernetes.io/revision"],
        "4"
    );
    let missing = ks
        .kubectl(&[
            "rollout",
            "undo",
            "deployment/frontend",
            "-n",
            "web",
            "--to-revision=9",
        ])
        .await;
    assert!(
        !missing.ok && missing.stderr.contains("unable to find specified revision 9"),
        "{missing:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn scale_changes_the_pods_of_a_deployment() {
    let ks = KubectlSim::start("demo").await;
    let run = ks
        .kubectl_ok(&["scale", "deployment/frontend", "-n", "web", "--replicas=5"])
        .await;
    assert_eq!(run.stdout.trim(), "deployment.apps/frontend scaled");
    let out = rollout_status(&ks, "web", "deployment/frontend").await;
    assert!(out.contains("successfully rolled out"), "{out}");
    all_pods_from(&ks, "web", "frontend", "ptb9zblqtf", 5).await;
    ks.kubectl_ok(&["scale", "deployment/frontend", "-n", "web", "--replicas=1"])
        .await;
    all_pods_from(&ks, "web", "frontend", "ptb9zblqtf", 1).await;
    let d = ks.kubectl_json(&["get", "deploy", "frontend", "-n", "web"]).await;
    assert_eq!(d["status"]["replicas"], 1, "{d:#}");
    assert_eq!(d["status"]["observedGeneration"], d["metadata"]["generation"]);
    // Still one ReplicaSet: a scale is no new revision.
    assert_eq!(replica_sets(&ks, "web", "frontend").await.len(), 1);
}
