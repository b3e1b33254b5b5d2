use super::*;
use crate::findings::test_support::inputs;
use crate::signals::test_support::{add_pod, owned, synced};

#[test]
fn every_timed_rule_is_in_the_catalog() {
    for id in TIMED {
        assert!(catalog().iter().any(|r| r.id == id), "{id}");
        assert_eq!(Part::of(id), Part::Timed);
    }
    assert_eq!(Part::of("image-latest-tag"), Part::Steady);
}

#[test]
fn the_two_parts_put_together_are_the_report_of_every_rule() {
    let mut s = synced();
    add_pod(&mut s, owned("web", "api-1", None, "StatefulSet", "api", &[]));
    add_pod(
        &mut s,
        owned("kube-system", "dns-1", None, "StatefulSet", "dns", &[]),
    );
    let i = inputs(&s);
    let config = Config::default();
    let (steady, timed) = (
        run(&i, &config, Some(Part::Steady)),
        run(&i, &config, Some(Part::Timed)),
    );
    assert!(steady.objects.is_some() && timed.objects.is_none());
    assert!(steady.rules.iter().all(|r| Part::of(r.id) == Part::Steady));
    assert!(timed.rules.iter().all(|r| Part::of(r.id) == Part::Timed));
    let whole = super::super::evaluate(&i, &config);
    assert!(!whole.findings.is_empty() && !whole.not_checked.is_empty());
    assert_eq!(assemble(&i, &[&timed, &steady]), whole);
    assert_eq!(assemble(&i, &[&steady, &timed]), whole);
}

#[test]
fn the_timed_rules_over_pods_read_the_candidates_the_steady_part_kept() {
    use crate::findings::test_support::NOW;
    use crate::signals::pods_fixtures as fx;
    let mut s = synced();
    for p in fx::incident(NOW, "w-9") {
        add_pod(&mut s, p);
    }
    for i in 0..50 {
        add_pod(
            &mut s,
            owned("web", &format!("api-{i}"), None, "StatefulSet", "api", &[]),
        );
    }
    let config = Config::default();
    let steady = run(&inputs(&s), &config, Some(Part::Steady));
    let kept: Vec<&str> = steady
        .timed_pods()
        .unwrap_or_default()
        .iter()
        .map(|k| &*k.1)
        .collect();
    let mut kept = kept;
    kept.sort();
    // The crash loop and the OOM kill: not the 50 healthy pods, nor the
    // image pull, the unschedulable or the terminating pod (no timed rule
    // says anything of them).
    assert_eq!(kept, ["etl-worker-5c6b7-q8d2k", "ledger-7d9f8-x2x4q"]);
    assert!(
        run(&inputs(&s), &config, Some(Part::Timed))
            .timed_pods()
            .is_none()
    );
    // As time passes (the OOM kill's hour ends), what the timed rules say
    // from the candidates is what they say from every pod.
    let rules = ["pod-crashlooping", "pod-oomkilled-recently"];
    for later in [0, 60, 3000, 3001, 3600, 7200] {
        let mut i = inputs(&s);
        i.now = NOW + later;
        let all = run(&i, &config, Some(Part::Timed));
        let few = run_on(&i, &config, Some(Part::Timed), steady.timed_pods());
        assert_eq!(few, all, "{later}");
        let found = |p: &Partial| {
            p.rules
                .iter()
                .filter(|r| rules.contains(&r.id))
                .map(|r| r.findings.len())
                .sum::<usize>()
        };
        let expected = if later <= 3000 { 2 } else { 1 };
        assert_eq!(found(&few), expected, "{later}");
    }
}
