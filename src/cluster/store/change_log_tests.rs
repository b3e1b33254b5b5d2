//! The change log says which objects changed since an earlier clone, or
//! that it does not know.

use crate::cluster::store::{Delta, SyncState, Table};

fn changed(t: &Table<u32, &'static str>, since: &Table<u32, &'static str>) -> Option<Vec<u32>> {
    let mut keys: Vec<u32> = t.changed_since(since)?.copied().collect();
    keys.sort_unstable();
    Some(keys)
}

fn synced() -> Table<u32, &'static str> {
    let mut t = Table::default();
    t.apply(Delta::InitStart);
    t.apply(Delta::InitApply(1, "a"));
    t.apply(Delta::InitApply(2, "b"));
    t.apply(Delta::InitDone);
    t
}

#[test]
fn the_keys_written_since_a_clone_are_told() {
    let mut t = synced();
    let snapshot = t.clone();
    assert_eq!(changed(&t, &snapshot), Some(vec![]));
    t.apply(Delta::Apply(3, "c"));
    t.apply(Delta::Apply(1, "A"));
    t.apply(Delta::Apply(1, "A")); // the same object: no write
    t.apply(Delta::Delete(2));
    t.apply(Delta::Delete(9)); // not kept: no write
    t.apply(Delta::State(SyncState::Stale {
        since: 0,
        reason: "x".into(),
    }));
    assert_eq!(changed(&t, &snapshot), Some(vec![1, 2, 3]));
    let later = t.clone();
    t.apply(Delta::Apply(1, "again"));
    assert_eq!(changed(&t, &later), Some(vec![1]));
    assert_eq!(changed(&t, &snapshot), Some(vec![1, 1, 2, 3]));
}

#[test]
fn unknown_after_a_relist_a_direct_write_or_in_another_table() {
    let mut t = synced();
    let snapshot = t.clone();
    t.apply(Delta::InitStart);
    t.apply(Delta::InitApply(1, "a"));
    assert_eq!(
        changed(&t, &snapshot),
        Some(vec![]),
        "a relist in progress shows the old objects"
    );
    t.apply(Delta::InitDone);
    assert_eq!(changed(&t, &snapshot), None, "relisted");

    let mut t = synced();
    let snapshot = t.clone();
    t.items.insert(7, "direct");
    assert_eq!(changed(&t, &snapshot), None, "written around the log");
    t.apply(Delta::Apply(8, "logged"));
    assert_eq!(
        changed(&t, &snapshot),
        None,
        "a logged write after it does not hide it"
    );
    let after = t.clone();
    t.apply(Delta::Apply(9, "logged"));
    assert_eq!(changed(&t, &after), Some(vec![9]), "known again from there on");

    let t = synced();
    assert_eq!(changed(&t, &synced()), None, "another table's history");
    assert_eq!(changed(&t, &Table::default()), None);
}

#[test]
fn unknown_once_outrun() {
    let mut t = synced();
    let snapshot = t.clone();
    let max = super::LOG_MAX as u32;
    for i in 0..max {
        t.apply(Delta::Apply(10 + i, "x"));
    }
    assert_eq!(changed(&t, &snapshot).map(|k| k.len()), Some(max as usize));
    t.apply(Delta::Apply(1, "one too many"));
    assert_eq!(changed(&t, &snapshot), None);
}
