//! The pods table's filter decided by each row's letters
//! (`pods_letters`) shows what nucleo's fuzzy match over each row's text
//! shows, typed, erased, from scratch and over a model prepared off the
//! loop for another filter.

use std::sync::Arc;

use nucleo_matcher::Utf32Str;

use super::tests::{model, names, row};
use super::*;
use crate::signals::pods::{LastTermination, PodRow, Tier};
use crate::sim::scenarios::generate::Rng;

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.below(from.len() as u64) as usize]
}

fn random_rows(rng: &mut Rng, n: usize) -> Vec<Arc<PodRow>> {
    let namespaces = ["api", "Payments", "café", "kube-system", "data_1", "team.x"];
    let names = [
        "ledger-7d9f",
        "web-0",
        "API-2-x9",
        "trainer.0",
        "naïve-1",
        "z:q",
        "pay",
    ];
    let tiers = [Tier::Healthy, Tier::Containers, Tier::NotRunning];
    (0..n)
        .map(|i| {
            let name = format!("{}-{i}", pick(rng, &names));
            let tier = tiers[rng.below(3) as usize];
            let mut r = Arc::unwrap_or_clone(row(
                pick(rng, &namespaces),
                &name,
                tier,
                i as u32 % 4,
                pick(rng, &["n1", "cp-2", "Wörker"]),
            ));
            if rng.below(3) == 0 {
                r.node = None;
            }
            if rng.below(3) == 0 {
                r.owner = Some((
                    Arc::from(pick(rng, &["Deployment", "Job"])),
                    Arc::from(pick(rng, &names)),
                ));
            }
            if rng.below(4) == 0 {
                r.last_termination = Some(Box::new(LastTermination {
                    reason: Some(Arc::from(pick(rng, &["OOMKilled", "Error", "Évicted"]))),
                    exit_code: 137,
                    signal: 0,
                    finished: None,
                }));
            }
            Arc::new(r)
        })
        .collect()
}

fn random_term(rng: &mut Rng) -> String {
    let alphabet = [
        "a", "p", "i", "L", "e", "d", "g", "7", "0", "x", "z", "q", "-", "_", ".", "/", ":", "o", "m", "é",
        " ", "!", "k", "1", "3",
    ];
    (0..1 + rng.below(4)).map(|_| pick(rng, &alphabet)).collect()
}

/// Every row in the table's order whose whole text nucleo matches.
fn reference(filter: &str, rows: &[Arc<PodRow>]) -> Vec<String> {
    let mut all = PodsTable::default();
    all.refresh(rows, 10);
    let Some((pattern, mut m)) = crate::app::nodes_table::matcher(filter) else {
        return names(&all, rows);
    };
    let mut buf = Vec::new();
    all.shown.retain(|&i| {
        pattern
            .score(Utf32Str::new(&rows[i].haystack(), &mut buf), &mut m)
            .is_some()
    });
    names(&all, rows)
}

#[test]
fn the_letters_filter_as_nucleo_matches_each_rows_text() {
    let mut rng = Rng::new(21);
    for round in 0..80 {
        let m = model(random_rows(&mut rng, 60));
        let mut t = PodsTable::default();
        t.refresh_model(Some(&m), 10);
        let term = random_term(&mut rng);
        let mut typed = String::new();
        for c in term.chars() {
            typed.push(c);
            t.filter = typed.clone();
            t.refresh_model(Some(&m), 10);
            assert_eq!(
                names(&t, &m.rows),
                reference(&typed, &m.rows),
                "round {round}, typed {typed:?}"
            );
        }
        while typed.pop().is_some() {
            t.filter = typed.clone();
            t.refresh_model(Some(&m), 10);
            assert_eq!(
                names(&t, &m.rows),
                reference(&typed, &m.rows),
                "round {round}, erased to {typed:?}"
            );
        }
        let mut fresh = PodsTable {
            filter: term.clone(),
            ..PodsTable::default()
        };
        fresh.refresh(&m.rows, 10);
        assert_eq!(
            names(&fresh, &m.rows),
            reference(&term, &m.rows),
            "round {round}, {term:?}"
        );
    }
}

/// `t` shown over `old`, its settings prepared over `new` off the loop,
/// `meanwhile` changed on the loop (over `old`), then the prepared table
/// adopted: what the loop does when a recompute's table comes back.
fn adopted(
    mut t: PodsTable,
    old: &Arc<PodsModel>,
    new: &Arc<PodsModel>,
    meanwhile: impl FnOnce(&mut PodsTable),
) -> PodsTable {
    t.refresh_model(Some(old), 10);
    let mut prepared = t.settings();
    prepared.refresh_model(Some(new), 10);
    meanwhile(&mut t);
    t.refresh_model(Some(old), 10);
    assert!(
        t.adopt(prepared, Some(new), 10),
        "prepared over the model adopted"
    );
    t
}

#[test]
fn a_model_prepared_for_another_filter_lends_its_letters_and_order() {
    let mut rng = Rng::new(7);
    let old = model(random_rows(&mut rng, 50));
    let new = model(random_rows(&mut rng, 50));
    for filter in ["a", "ap", "7", "e d"] {
        // Prepared off the loop with the filter empty; typed meanwhile.
        let t = adopted(PodsTable::default(), &old, &new, |t| t.filter = filter.into());
        assert!(t.letters.of(Some(&new)), "the letters are taken");
        assert!(
            std::ptr::eq(t.sorted.of.as_ptr(), Arc::as_ptr(&new)),
            "the order is taken"
        );
        assert_eq!(names(&t, &new.rows), reference(filter, &new.rows), "{filter:?}");
    }
}

#[test]
fn a_model_prepared_for_a_filter_typed_further_erased_or_changed_shows_what_a_fresh_filter_shows() {
    let mut rng = Rng::new(11);
    for round in 0..60 {
        let old = model(random_rows(&mut rng, 60));
        let new = model(random_rows(&mut rng, 60));
        let then = random_term(&mut rng);
        // Typed further (the common case), erased back, or another term.
        let now = match rng.below(3) {
            0 => format!("{then}{}", random_term(&mut rng)),
            1 => then
                .chars()
                .take(then.chars().count().saturating_sub(1))
                .collect(),
            _ => random_term(&mut rng),
        };
        let then_table = PodsTable {
            filter: then.clone(),
            ..PodsTable::default()
        };
        let mut t = adopted(then_table, &old, &new, |t| t.filter = now.clone());
        assert_eq!(
            names(&t, &new.rows),
            reference(&now, &new.rows),
            "round {round}: prepared for {then:?}, {now:?} typed meanwhile"
        );
        // And typing on from there.
        t.filter = format!("{now}{}", random_term(&mut rng));
        t.refresh_model(Some(&new), 10);
        assert_eq!(
            names(&t, &new.rows),
            reference(&t.filter, &new.rows),
            "round {round}"
        );
    }
    // Prepared for a node's pods, the node left meanwhile: every row again.
    let rows = random_rows(&mut rng, 60);
    let (old, new) = (model(rows.clone()), model(rows));
    let on_node = PodsTable {
        filter: "a".into(),
        node: Some(Arc::from("n1")),
        ..PodsTable::default()
    };
    let t = adopted(on_node, &old, &new, |t| {
        t.node = None;
        t.filter = "a1".into();
    });
    assert_eq!(names(&t, &new.rows), reference("a1", &new.rows));
}

#[test]
fn a_table_prepared_for_another_model_is_not_taken() {
    let mut rng = Rng::new(9);
    let old = model(random_rows(&mut rng, 30));
    let new = model(random_rows(&mut rng, 30));
    let mut t = PodsTable::default();
    t.refresh_model(Some(&old), 10);
    let mut prepared = t.settings();
    prepared.refresh_model(Some(&old), 10);
    t.filter = "a".into();
    t.refresh_model(Some(&old), 10);
    assert!(!t.adopt(prepared, Some(&new), 10));
    assert_eq!(names(&t, &old.rows), reference("a", &old.rows));
}
