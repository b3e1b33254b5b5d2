//! Cutting text to a width in the middle, keeping both ends (context
//! names, ARNs): the rule the console's panes and the picker share.

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
