use std::borrow::Cow;

use super::text::{sanitize, split_timestamp};
use super::wrap::{height, rows, window};

#[test]
fn plain_lines_are_borrowed_and_escapes_and_controls_go() {
    assert!(matches!(sanitize("plain line"), Cow::Borrowed("plain line")));
    assert_eq!(sanitize("\u{1b}[31mred\u{1b}[0m text\r"), "red text");
    assert_eq!(sanitize("a\u{1b}]0;title\u{7}b"), "ab");
    assert_eq!(sanitize("bell\u{7}"), "bell\u{fffd}");
    assert_eq!(sanitize("a\tb"), "a       b");
    assert_eq!(sanitize("abcdefgh\tx"), "abcdefgh        x");
}

#[test]
fn timestamps_split_off_when_there_is_one() {
    assert_eq!(
        split_timestamp("2024-05-01T10:00:00.123456789Z hello world"),
        (Some("2024-05-01T10:00:00.123456789Z"), "hello world")
    );
    assert_eq!(
        split_timestamp("2024-05-01T10:00:00+02:00 x"),
        (Some("2024-05-01T10:00:00+02:00"), "x")
    );
    assert_eq!(split_timestamp("no timestamp here"), (None, "no timestamp here"));
    assert_eq!(
        split_timestamp("2024-05-01T10:00:00Z"),
        (Some("2024-05-01T10:00:00Z"), "")
    );
}

#[test]
fn wrap_cuts_by_display_width_and_never_splits_a_wide_character() {
    assert_eq!(rows("abcdefghij", 4), [0..4, 4..8, 8..10]);
    assert_eq!(rows("", 4), vec![(0..0)]);
    // Each 日 is two columns (three bytes): two fit in 5 columns, not three.
    assert_eq!(rows("日本語です", 5), [0..6, 6..12, 12..15]);
    assert_eq!(rows("a日", 2), [0..1, 1..4]);
    assert_eq!(height("short", 80), 1);
    assert_eq!(height(&"x".repeat(161), 80), 3);
    assert_eq!(rows("abc", 0), [0..1, 1..2, 2..3]);
}

#[test]
fn window_shows_the_columns_on_screen() {
    assert_eq!(window("abcdefghij", 0, 4), 0..4);
    assert_eq!(window("abcdefghij", 8, 4), 8..10);
    assert_eq!(window("abc", 5, 4), 3..3);
    assert_eq!(window("日本語", 0, 3), 0..3);
}
