//! The catalog against the shipped scenarios, served by the simulated
//! cluster and read the way `kon check` reads a cluster: every kind listed
//! once, the health endpoints and the serving chain fetched, the pane
//! models computed, then the rules.

use std::collections::BTreeSet;
use std::time::Duration;

use super::{Local, Panes};
use crate::certs::Origin;
use crate::findings::{Config, Inputs, Report, Severity, evaluate};

async fn check(scenario: &str) -> Report {
    let scenario = crate::sim::scenarios::builtin::load(scenario).expect("a shipped scenario");
    let sim = crate::sim::run::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("the sim starts");
    let client = crate::cluster::client(sim.kube_config().await.unwrap()).unwrap();
    let url = sim.url();
    let (store, readyz, livez, serving) = tokio::join!(
        crate::cluster::list::list_all(&client),
        crate::cluster::health::fetch(&client, "readyz"),
        crate::cluster::health::fetch(&client, "livez"),
        crate::certs::serving::fetch_chain(&url, Duration::from_secs(10)),
    );
    let mut local = Local::default();
    local.report(Origin::Serving, serving);
    let now = crate::clock::unix_now();
    let mut panes = Panes::default();
    panes.recompute(&store, (Some(&readyz), Some(&livez)), None, &local, now);
    let inputs = Inputs {
        etcd: None,
        store: &store,
        control_plane: panes.control_plane.as_deref(),
        certs: panes.certs.as_deref(),
        backups: panes.backups.as_deref(),
        quotas: panes.quotas.as_deref(),
        zones: panes.zones.as_deref(),
        platform: &panes.platform,
        now,
    };
    evaluate(&inputs, &Config::default())
}

fn seen(r: &Report) -> BTreeSet<(&'static str, String)> {
    r.findings
        .iter()
        .map(|f| {
            let ns = f
                .namespace
                .as_deref()
                .map(|n| format!("{n}/"))
                .unwrap_or_default();
            (f.id, format!("{} {ns}{}", f.kind, f.name))
        })
        .collect()
}

#[tokio::test]
async fn the_demo_reports_every_planted_problem() {
    let r = check("demo").await;
    let seen = seen(&r);
    for (id, object) in [
        ("etcd-backup-stale", "Cluster cluster"),
        ("etcd-backup-failed", "velero/"),
        ("etcd-backup-failed", "CronJob kube-system/etcd-snapshot"),
        ("cert-expiring", "Secret web/storefront-tls"),
        ("cert-expiring", "serving"),
        ("namespace-no-pod-security", "Namespace data/data"),
        ("namespace-no-resourcequota", "Namespace data/data"),
        ("namespace-no-networkpolicy", "Namespace data/data"),
        ("quota-near-limit", "ResourceQuota payments/compute"),
        ("workload-single-replica", "data/report-generator"),
        ("workload-single-replica", "data/db-tuner"),
        ("workload-single-replica", "monitoring/grafana"),
        ("node-not-ready", "Node worker-b-4"),
        ("node-pressure", "Node worker-c-3"),
        ("pdb-blocks-eviction", "PodDisruptionBudget payments/api"),
        ("workload-single-node", "Deployment web/cache"),
        ("workload-single-zone", "data/postgres"),
        ("image-latest-tag", "Pod default/debug-shell"),
        ("container-no-requests", "Pod default/debug-shell"),
        ("container-privileged", "data/db-tuner"),
        ("pod-host-path", "data/db-tuner"),
        ("secret-in-env", "payments/api"),
        ("rbac-cluster-admin-binding", "ClusterRoleBinding "),
        ("dns-not-autoscaled", "Deployment kube-system/coredns"),
        ("node-problem-detector-missing", "Cluster cluster"),
    ] {
        assert!(
            seen.iter().any(|(i, o)| *i == id && o.contains(object)),
            "{id} {object} not found in {seen:#?}"
        );
    }
    // One finding per object and rule: aggregated, never per pod.
    assert_eq!(seen.len(), r.findings.len());
    assert!(
        r.critical > 0 && r.grade.is_some_and(|g| g >= 'C'),
        "{:?} {:?}",
        r.score,
        r.grade
    );
    assert!(r.not_checked.is_empty(), "{:?}", r.not_checked);
}

#[tokio::test]
async fn the_healthy_scenario_has_nothing_critical() {
    let r = check("healthy").await;
    let critical: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Critical)
        .collect();
    assert!(critical.is_empty(), "{critical:#?}");
    let warnings: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .map(|f| (f.id, &f.name, &f.message))
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!((r.score, r.grade, r.complete), (Some(100), Some('A'), true));
}
