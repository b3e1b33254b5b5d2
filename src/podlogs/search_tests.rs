use super::ring::Ring;
use super::search::Search;

#[test]
fn lower_case_queries_ignore_case_and_upper_case_ones_do_not() {
    let s = Search::new("error").expect("a query");
    assert_eq!(s.find("ERROR: disk Error error"), [0..5, 12..17, 18..23]);
    let s = Search::new("Error").expect("a query");
    assert_eq!(s.find("ERROR: disk Error error"), vec![(12..17)]);
    assert!(Search::new("").is_none());
}

#[test]
fn non_ascii_queries_match_on_character_boundaries() {
    let s = Search::new("straße").expect("a query");
    assert_eq!(s.find("Die STRAßE, die straße"), [4..11, 17..24]);
    let s = Search::new("é").expect("a query");
    assert_eq!(s.find("café Éclair"), [3..5, 6..8]);
}

#[test]
fn matches_follow_new_lines_and_drop_with_the_ring() {
    let mut r = Ring::new(4);
    let mut s = Search::new("hit").expect("a query");
    for l in ["hit 0", "miss", "hit 2"] {
        r.push(l);
    }
    s.update(&r, |l| l);
    assert_eq!(s.count(), 2);
    for l in ["miss", "hit 4", "miss"] {
        r.push(l);
    }
    s.update(&r, |l| l);
    // Lines 0 and 1 were dropped: the match on 0 goes.
    assert_eq!(s.count(), 2);
    assert_eq!(s.position(2), Some(1));
    assert_eq!(s.position(4), Some(2));
    assert_eq!(s.position(3), None);
}

#[test]
fn next_and_prev_wrap_around() {
    let mut r = Ring::new(10);
    for l in ["a", "hit", "b", "hit", "c"] {
        r.push(l);
    }
    let mut s = Search::new("hit").expect("a query");
    s.update(&r, |l| l);
    assert_eq!(s.next_after(0), Some(1));
    assert_eq!(s.next_after(1), Some(3));
    assert_eq!(s.next_after(3), Some(1));
    assert_eq!(s.prev_before(3), Some(1));
    assert_eq!(s.prev_before(1), Some(3));
    let none = Search::new("zzz").map(|mut s| {
        s.update(&r, |l| l);
        s
    });
    assert_eq!(none.and_then(|s| s.next_after(0)), None);
}

#[test]
fn rescan_searches_another_part_of_the_lines() {
    let mut r = Ring::new(10);
    r.push("2024-05-01T10:00:00Z started");
    let mut s = Search::new("2024").expect("a query");
    s.rescan(&r, |l| super::text::split_timestamp(l).1);
    assert_eq!(s.count(), 0);
    s.rescan(&r, |l| l);
    assert_eq!(s.count(), 1);
}
