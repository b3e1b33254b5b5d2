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
