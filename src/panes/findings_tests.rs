//! The findings in two parts (`findings::parts`): the steady part, kept
//! while its inputs do not move, put together with the timed part run at
//! the time of the recompute, is the report of `findings::evaluate`; and
//! the steady part does not change with the time (a rule that reads the
//! time, or a model that holds ages, in the steady part fails here).

use super::Panes;
use super::incremental_tests::{Outside, fresh, mutate, pick, pool, step};
use super::test_store::{self, Op};
use crate::cluster::store::{Kind, Store, SyncState};
use crate::findings::{Inputs, Report, evaluate};
use crate::sim::scenarios::generate::Rng;

/// Every rule run at once over the models of `p`, as `kon check` does.
fn evaluated(p: &Panes, store: &Store, out: &Outside, now: i64) -> Report {
    let inputs = Inputs {
        etcd: p.etcd.as_deref(),
        store,
        control_plane: p.control_plane.as_deref(),
        certs: p.certs.as_deref(),
        backups: p.backups.as_deref(),
        quotas: p.quotas.as_deref(),
        zones: p.zones.as_deref(),
        platform: &p.platform,
        now,
    };
    let mut r = evaluate(&inputs, &out.local.findings);
    if let Some(ns) = &out.scope {
        r.findings
            .retain(|f| f.namespace.as_ref().is_none_or(|n| n == ns));
    }
    r
}

#[test]
fn the_parts_put_together_are_the_report_of_every_rule() {
    let (start, pool) = pool();
    let mut compared = 0;
    for seed in 1..=4u64 {
        let mut rng = Rng::new(seed);
        let (mut store, mut out, mut now) = (Store::default(), Outside::default(), start);
        for i in 0..120 {
            now = step(&mut rng, &mut store, &mut out, &pool, now);
            let panes = fresh(&store, &out, now);
            let Some(report) = panes.findings.as_deref() else {
                continue;
            };
            assert_eq!(
                report,
                &evaluated(&panes, &store, &out, now),
                "seed {seed}, step {i}"
            );
            compared += 1;
        }
    }
    assert!(compared > 200, "reports compared: {compared}");
}

#[test]
fn the_steady_part_does_not_change_with_the_time() {
    let (start, pool) = pool();
    let (mut found, mut timed) = (0, 0);
    for seed in 1..=4u64 {
        let mut rng = Rng::new(seed);
        // Everything listed and synced, so that every rule runs.
        let mut store = Store::default();
        for v in &pool {
            store.apply(test_store::event(v, Op::Applied).expect("a watched kind"));
        }
        for k in Kind::ALL {
            store.apply(test_store::state(k, SyncState::Synced));
        }
        let out = Outside::default();
        let mut now = start;
        for i in 0..40 {
            for _ in 0..3 {
                let v = pick(&mut rng, &pool).clone();
                let v = mutate(&mut rng, v, now);
                store.apply(test_store::event(&v, Op::Applied).expect("a watched kind"));
            }
            now += rng.below(600) as i64;
            let panes = |t: i64| fresh(&store, &out, t);
            let at = panes(now);
            let steady = at
                .memo
                .findings_steady
                .clone()
                .expect("computed at every recompute");
            for later in [1, 61, 3601, 4 * 86_400] {
                let then = panes(now + later);
                assert_eq!(
                    then.memo.findings_steady.as_deref(),
                    Some(&*steady),
                    "seed {seed}, step {i}: the steady part differs {later} s later"
                );
                timed += usize::from(then.findings != at.findings);
            }
            found += usize::from(*steady != Default::default());
        }
    }
    assert!(found > 100, "steady parts with rules: {found}");
    assert!(timed > 20, "reports that time changed: {timed}");
}

#[test]
fn time_alone_recomputes_the_timed_findings_only() {
    let (store, local, mut panes, now) = super::incremental_tests::demo();
    let steady = panes.computed(super::memo::Model::FindingsSteady);
    let findings = panes.computed(super::memo::Model::Findings);
    for t in [1, 30, 3600, 86_400] {
        panes.recompute(&store, (None, None), None, &local, now + t);
    }
    assert_eq!(panes.computed(super::memo::Model::FindingsSteady), steady);
    assert!(panes.computed(super::memo::Model::Findings) > findings);
}
