use super::*;

#[test]
fn a_texts_mask_holds_its_characters_case_folded() {
    let m = of_text("Ab-1/x");
    for c in [b'a', b'b', b'-', b'1', b'/', b'x'] {
        assert_eq!(
            m & bit(c).expect("a bit"),
            bit(c).expect("a bit"),
            "{}",
            c as char
        );
    }
    for c in [b'c', b'2', b'_', b'.', b':'] {
        assert_eq!(m & bit(c).expect("a bit"), 0, "{}", c as char);
    }
    assert_eq!(of_text("AB"), of_text("ab"));
    assert_eq!(of_text(""), 0);
    assert_eq!(of_text("a b"), of_text("ab"), "a space has no bit and hides none");
}

#[test]
fn every_bit_is_its_own() {
    let chars = b"abcdefghijklmnopqrstuvwxyz0123456789-_./:";
    let bits: Vec<u64> = chars.iter().map(|&c| bit(c).expect("a bit")).collect();
    assert_eq!(
        bits.iter().fold(0, |m, b| m | b).count_ones() as usize,
        chars.len()
    );
    assert!(bits.iter().all(|b| b & UNKNOWN == 0));
}

#[test]
fn a_text_not_all_ascii_decides_nothing() {
    assert_eq!(of_text("café"), UNKNOWN);
    let need = of_needle(b"z").expect("bits");
    assert_eq!(decide(of_text("café"), need, true), None);
}

#[test]
fn a_needle_with_a_byte_of_no_bit_cannot_be_decided() {
    assert_eq!(of_needle(b"a b"), None);
    assert_eq!(of_needle(b"a!"), None);
    assert_eq!(of_needle(b"ab"), Some(bit(b'a').unwrap() | bit(b'b').unwrap()));
}

#[test]
fn the_masks_decide_what_they_can_and_no_more() {
    let row = of_text("payments/ledger-7");
    let one = |c: &[u8]| of_needle(c).expect("bits");
    assert_eq!(decide(row, one(b"z"), true), Some(false));
    assert_eq!(decide(row, one(b"l"), true), Some(true));
    assert_eq!(decide(row, one(b"7"), true), Some(true));
    // "lp" holds letters the text holds, out of order: only the text knows.
    assert_eq!(decide(row, one(b"lp"), false), None);
    assert_eq!(decide(row, one(b"pz"), false), Some(false));
}
