use super::*;
use crate::fleet::row::{Backup, Thresholds, Verdict};

/// The probe against a simulated cluster, in process.
async fn probe_scenario(name: &str) -> Row {
    let scenario = crate::sim::scenarios::builtin::load(name).expect("a shipped scenario");
    let sim = crate::sim::run::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .expect("the sim starts");
    let kc = Kubeconfig::from_yaml(&sim.kubeconfig(crate::sim::kubeconfig::Auth::ClientCert)).unwrap();
    probe_for(&kc, "kon-sim", Duration::from_secs(30), &Settings::default()).await
}

#[tokio::test]
async fn the_demo_row_carries_kon_checks_figures() {
    let row = probe_scenario("demo").await;
    assert!(row.error.is_none() && row.unread.is_empty(), "{row:?}");
    assert!(row.critical.is_some_and(|n| n > 0), "{row:?}");
    assert!(row.warning.is_some_and(|n| n > 0), "{row:?}");
    // The demo's serving certificate expires within the critical 14 days.
    assert!(row.cert_days.is_some_and(|d| (0..14).contains(&d)), "{row:?}");
    assert!(
        matches!(row.backup, Some(Backup::Age { age_secs, rpo_secs }) if age_secs > rpo_secs),
        "{row:?}"
    );
    assert_eq!(row.verdict(&Thresholds::default()), Verdict::Critical);
}

#[tokio::test]
async fn the_healthy_row_is_ok() {
    let row = probe_scenario("healthy").await;
    assert_eq!((row.critical, row.warning), (Some(0), Some(0)), "{row:?}");
    assert!(row.cert_days.is_some_and(|d| d >= 30), "{row:?}");
    assert_eq!(row.verdict(&Thresholds::default()), Verdict::Ok, "{row:?}");
}
