use std::sync::Arc;

use super::*;

fn lines(n: usize) -> Arc<[String]> {
    (0..n).map(|i| format!("line {i}")).collect::<Vec<_>>().into()
}

fn stream(start_s: i128, rate: i128, end_s: Option<i128>, crash: &[&str]) -> LogStream {
    LogStream {
        text: Text::Lines(lines(3)),
        start_ns: start_s * NANOS,
        interval_ns: NANOS / rate,
        end_ns: end_s.map(|e| e * NANOS),
        crash: crash.iter().map(|s| s.to_string()).collect::<Vec<_>>().into(),
    }
}

fn text(s: &LogStream, w: Window, timestamps: bool, limit: Option<u64>) -> String {
    let mut out = Vec::new();
    let mut wr = Writer::new(timestamps, limit);
    wr.window(s, w, &mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn a_running_container_has_written_the_lines_due_so_far_cycled() {
    let s = stream(100, 2, None, &["boom"]);
    assert_eq!(s.count_at(99 * NANOS), 0);
    assert_eq!(s.count_at(100 * NANOS), 1);
    assert_eq!(s.count_at(102 * NANOS), 5);
    let w = window(&s, 102 * NANOS, None, None);
    assert_eq!((w.first, w.upto), (0, 5));
    // No crash lines while it runs.
    assert_eq!(
        text(&s, w, false, None),
        "line 0\nline 1\nline 2\nline 0\nline 1\n"
    );
}

#[test]
fn an_exited_run_ends_with_its_crash_lines() {
    let s = stream(100, 1, Some(105), &["panic: boom", "\tat main.go:3"]);
    let w = window(&s, 200 * NANOS, None, None);
    assert_eq!((w.first, w.upto, w.crash_from), (0, 5, 0));
    let out = text(&s, w, false, None);
    assert!(out.ends_with("line 1\npanic: boom\n\tat main.go:3\n"), "{out}");
    assert_eq!(out.lines().count(), 7);
}

#[test]
fn tail_counts_crash_lines_from_the_end() {
    let s = stream(100, 1, Some(105), &["a", "b"]);
    let w = window(&s, 200 * NANOS, None, Some(3));
    assert_eq!(text(&s, w, false, None), "line 1\na\nb\n");
    let w = window(&s, 200 * NANOS, None, Some(1));
    assert_eq!(text(&s, w, false, None), "b\n");
    let w = window(&s, 200 * NANOS, None, Some(0));
    assert_eq!(text(&s, w, false, None), "");
}

#[test]
fn since_drops_older_lines_and_tail_applies_after() {
    let s = stream(100, 1, None, &[]);
    let w = window(&s, 110 * NANOS, Some(107 * NANOS), None);
    assert_eq!((w.first, w.upto), (7, 11));
    let w = window(&s, 110 * NANOS, Some(107 * NANOS), Some(2));
    assert_eq!((w.first, w.upto), (9, 11));
    // A crash before the cutoff is not shown.
    let s = stream(100, 1, Some(105), &["x"]);
    let w = window(&s, 110 * NANOS, Some(108 * NANOS), None);
    assert_eq!(text(&s, w, false, None), "");
}

#[test]
fn only_the_retained_lines_of_a_chatty_run_are_read() {
    let s = stream(0, 20_000, None, &[]);
    let w = window(&s, 86_400 * NANOS, None, None);
    assert_eq!(w.upto, 86_400 * 20_000 + 1);
    assert_eq!(w.upto - w.first, RETAINED_LINES);
}

#[test]
fn timestamps_are_rfc3339_nano_like_the_kubelet() {
    let mut out = Vec::new();
    write_rfc3339_nano(1_764_000_000 * NANOS, &mut out);
    write_rfc3339_nano(1_764_000_000 * NANOS + 50_000_000, &mut out);
    write_rfc3339_nano(1_764_000_000 * NANOS + 123_456_789, &mut out);
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "2025-11-24T16:00:00Z2025-11-24T16:00:00.05Z2025-11-24T16:00:00.123456789Z"
    );
    let s = stream(1_764_000_000, 2, None, &[]);
    let w = window(&s, 1_764_000_000 * NANOS + 3 * NANOS / 2, None, None);
    assert_eq!(
        text(&s, w, true, None),
        "2025-11-24T16:00:00Z line 0\n2025-11-24T16:00:00.5Z line 1\n\
         2025-11-24T16:00:01Z line 2\n2025-11-24T16:00:01.5Z line 0\n"
    );
}

#[test]
fn limit_bytes_cuts_where_the_limit_falls() {
    let s = stream(100, 1, Some(105), &["crash"]);
    let w = window(&s, 200 * NANOS, None, None);
    assert_eq!(text(&s, w, false, Some(10)), "line 0\nlin");
    assert_eq!(text(&s, w, false, Some(7)), "line 0\n");
    let mut wr = Writer::new(false, Some(7));
    let mut out = Vec::new();
    assert!(!wr.window(&s, w, &mut out));
    assert!(wr.exhausted());
}

#[test]
fn numbered_lines_without_a_declaration() {
    let s = LogStream {
        text: Text::Numbered("web-1/app".into()),
        start_ns: 0,
        interval_ns: NANOS,
        end_ns: None,
        crash: Arc::from([]),
    };
    let w = window(&s, 2 * NANOS, None, None);
    assert_eq!(
        text(&s, w, false, None),
        "web-1/app log line 1\nweb-1/app log line 2\nweb-1/app log line 3\n"
    );
}
