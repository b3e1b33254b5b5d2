//! Width-aware text helpers (display columns, not bytes).

use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Where to cut `s` (char widths by `w`) to fit `max` columns keeping both
/// ends, with `…` between: `(head, tail)` = chars kept at the start, index
/// of the first char kept at the end. `None` when it fits. The end is
/// where names differ (`arn:aws:eks:…/prod-payments`): the last `/`- or
/// `:`-separated part is kept whole when it leaves a few columns of head.
pub fn middle_cut(s: &str, max: usize, w: impl Fn(char) -> usize) -> Option<(usize, usize)> {
    let widths: Vec<usize> = s.chars().map(&w).collect();
    let total: usize = widths.iter().sum();
    if total <= max {
        return None;
    }
    let budget = max.saturating_sub(1);
    let chars: Vec<char> = s.chars().collect();
    let last_part = chars
        .iter()
        .rposition(|c| *c == '/')
        .or_else(|| chars.iter().rposition(|c| *c == ':'))
        .map(|i| widths[i..].iter().sum::<usize>());
    let tail_cols = match last_part {
        Some(t) if t + 3 <= budget => t,
        _ => budget - budget / 3,
    };
    // The end: as many chars from the right as fit in tail_cols.
    let mut tail = widths.len();
    let mut used = 0;
    while tail > 0 && used + widths[tail - 1] <= tail_cols {
        tail -= 1;
        used += widths[tail];
    }
    // The start: as many chars from the left as fit in what is left.
    let mut head = 0;
    let mut head_used = 0;
    while head < tail && head_used + used + widths[head] <= budget {
        head_used += widths[head];
        head += 1;
    }
    Some((head, tail))
}

/// Cuts `s` to at most `max` columns in the middle, keeping both ends.
pub fn truncate_middle(s: &str, max: usize) -> String {
    let cw = |c: char| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    match middle_cut(s, max, cw) {
        None => s.to_string(),
        Some(_) if max == 0 => String::new(),
        Some((head, tail)) => {
            let chars: Vec<char> = s.chars().collect();
            let mut out: String = chars[..head].iter().collect();
            out.push('…');
            out.extend(&chars[tail..]);
            out
        }
    }
}

pub fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_columns() {
        assert_eq!(truncate("hello", 10), "hello");
        assert_eq!(truncate("hello", 4), "hel…");
        assert_eq!(truncate("hello", 0), "");
        assert_eq!(truncate("日本語", 4), "日…");
    }

    #[test]
    fn middle_truncation_keeps_the_distinguishing_end() {
        let arn = "arn:aws:eks:eu-west-1:123456789012:cluster/prod-payments";
        assert_eq!(truncate_middle(arn, 27), "arn:aws:eks:…/prod-payments");
        assert_eq!(truncate_middle(arn, 20), "arn:a…/prod-payments");
        // Too narrow for the whole last part: two thirds go to the end.
        assert_eq!(truncate_middle(arn, 10), "arn…yments");
        assert_eq!(width(&truncate_middle(arn, 10)), 10);
        assert_eq!(truncate_middle(arn, 100), arn);
        assert_eq!(
            truncate_middle("gke_proj_europe-west1_cluster-a", 16),
            "gke_p…_cluster-a"
        );
        assert_eq!(truncate_middle("日本語日本語", 7), "日…本語");
        assert_eq!(truncate_middle("abc", 1), "…");
        assert_eq!(truncate_middle("abc", 0), "");
        for max in 0..40 {
            let cut = truncate_middle(arn, max);
            assert!(width(&cut) <= max, "{max}: {cut}");
        }
    }
}
