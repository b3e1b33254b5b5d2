use super::ring::Ring;

fn lines(r: &Ring) -> Vec<String> {
    r.iter_from(0).map(|(_, l)| l.to_string()).collect()
}

#[test]
fn keeps_the_last_capacity_lines_and_counts_the_dropped() {
    let mut r = Ring::new(3);
    for i in 0..5 {
        r.push(&format!("line {i}"));
    }
    assert_eq!(r.len(), 3);
    assert_eq!(r.dropped(), 2);
    assert_eq!(r.first(), 2);
    assert_eq!(r.end(), 5);
    assert_eq!(lines(&r), ["line 2", "line 3", "line 4"]);
    assert_eq!(r.get(1), None);
    assert_eq!(r.get(4), Some("line 4"));
    assert_eq!(r.get(5), None);
}

#[test]
fn across_chunks_lines_stay_in_order_and_memory_is_bounded() {
    let mut r = Ring::new(2500);
    for i in 0..10_000u32 {
        r.push(&i.to_string());
    }
    assert_eq!(r.len(), 2500);
    assert_eq!(r.dropped(), 7500);
    assert_eq!(r.get(7500), Some("7500"));
    assert_eq!(r.get(9999), Some("9999"));
    let got: Vec<u64> = r.iter_from(9997).map(|(n, _)| n).collect();
    assert_eq!(got, [9997, 9998, 9999]);
    let all: Vec<String> = r.iter_from(0).map(|(_, l)| l.to_string()).collect();
    assert_eq!(all.len(), 2500);
    assert_eq!(all[0], "7500");
    // At most one chunk beyond the capacity is held.
    assert!(format!("{r:?}").matches("Chunk").count() <= 2500 / 1024 + 2);
}

#[test]
fn empty_lines_and_a_capacity_of_zero_work() {
    let mut r = Ring::new(0);
    assert_eq!(r.capacity(), 1);
    r.push("");
    r.push("b");
    assert_eq!(lines(&r), ["b"]);
    assert_eq!(r.dropped(), 1);
    let mut r = Ring::new(4);
    r.push("");
    r.push("");
    assert_eq!(lines(&r), ["", ""]);
}

#[test]
fn clear_forgets_the_lines_but_keeps_numbering_on() {
    let mut r = Ring::new(4);
    r.push("a");
    r.push("b");
    r.clear();
    assert!(r.is_empty());
    r.push("c");
    assert_eq!(r.first(), 2);
    assert_eq!(r.get(2), Some("c"));
}
