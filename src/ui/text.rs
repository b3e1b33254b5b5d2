//! Width-aware text helpers (display columns, not bytes).

use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

use crate::term::cut::middle_cut;

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

/// A pod's `[ns/]name` in at most `max` columns: whole when it fits; else
/// without the ReplicaSet's hash (`web/checkout-…-h6dqs` for
/// `web/checkout-5c9f7d8b6k-h6dqs`), keeping namespace, workload and the
/// pod's own suffix; else cut in the middle.
pub fn short_pod_name(full: &str, max: usize) -> String {
    if width(full) <= max {
        return full.to_string();
    }
    let segments: Vec<&str> = full.rsplitn(3, '-').collect();
    if let [suffix, hash, base] = segments[..]
        && is_template_hash(hash)
    {
        return truncate_middle(&format!("{base}-…-{suffix}"), max);
    }
    truncate_middle(full, max)
}

/// Whether `s` looks like a pod-template-hash: what Kubernetes' safe
/// encoding writes (no vowels, no 0, 1 or 3), 6 to 10 long.
fn is_template_hash(s: &str) -> bool {
    const SAFE: &str = "bcdfghjklmnpqrstvwxz2456789";
    (6..=10).contains(&s.len()) && s.chars().all(|c| SAFE.contains(c))
}

pub fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_pod_name_loses_its_hash_first() {
        assert_eq!(
            short_pod_name("web/checkout-5c9f7d8b6k-h6dqs", 40),
            "web/checkout-5c9f7d8b6k-h6dqs"
        );
        assert_eq!(
            short_pod_name("web/checkout-5c9f7d8b6k-h6dqs", 22),
            "web/checkout-…-h6dqs"
        );
        assert_eq!(
            short_pod_name("monitoring/log-shipper-4x7b9c6d5m-q8f2d", 30),
            "monitoring/log-shipper-…-q8f2d"
        );
        assert_eq!(
            short_pod_name("monitoring/log-shipper-4x7b9c6d5m-q8f2d", 20),
            truncate_middle("monitoring/log-shipper-…-q8f2d", 20)
        );
        // A DaemonSet's pod has no hash: `proxy` is a word, cut in the middle.
        assert_eq!(
            short_pod_name("kube-system/kube-proxy-lqrb2", 24),
            truncate_middle("kube-system/kube-proxy-lqrb2", 24)
        );
        assert_eq!(
            short_pod_name("data/postgres-0", 10),
            truncate_middle("data/postgres-0", 10)
        );
    }

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
