//! Verdicts shared by the pane models: a level and a sentence with the
//! numbers that matter, and the one-line summary a dashboard tile shows.

/// How bad a finding is; ordered so that `max` is the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Ok,
    Warn,
    Crit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub level: Level,
    pub message: String,
}

impl Verdict {
    pub fn ok(message: impl Into<String>) -> Self {
        Self {
            level: Level::Ok,
            message: message.into(),
        }
    }

    pub fn warn(message: impl Into<String>) -> Self {
        Self {
            level: Level::Warn,
            message: message.into(),
        }
    }

    pub fn crit(message: impl Into<String>) -> Self {
        Self {
            level: Level::Crit,
            message: message.into(),
        }
    }
}

/// Sorts verdicts worst first, keeping the order of equals.
pub fn sort_worst_first(verdicts: &mut [Verdict]) {
    verdicts.sort_by_key(|v| std::cmp::Reverse(v.level));
}

/// The tile line: the worst verdict's message, with how many other
/// problems there are; `all_ok` when nothing is wrong.
pub fn summarize(verdicts: &[Verdict], all_ok: impl FnOnce() -> String) -> Verdict {
    let worst = verdicts.iter().map(|v| v.level).max().unwrap_or(Level::Ok);
    if worst == Level::Ok {
        return Verdict::ok(all_ok());
    }
    let first = verdicts
        .iter()
        .find(|v| v.level == worst)
        .map(|v| v.message.clone())
        .unwrap_or_default();
    let others = verdicts
        .iter()
        .filter(|v| v.level > Level::Ok)
        .count()
        .saturating_sub(1);
    let message = if others == 0 {
        first
    } else {
        format!("{first} (+{others} more)")
    };
    Verdict {
        level: worst,
        message,
    }
}

/// A short age: `45s`, `12m`, `5h`, `3d`. Negative ages (clock skew) read 0s.
pub fn age(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..=119 => format!("{s}s"),
        120..=7_199 => format!("{}m", s / 60),
        7_200..=172_799 => format!("{}h", s / 3_600),
        _ => format!("{}d", s / 86_400),
    }
}

/// The age after `secs` at which [`age`] next reads otherwise: a second
/// later under 2 minutes, then at the next whole minute, hour (from 2 h)
/// or day (from 2 d). What holds an age asks to be computed again then.
pub fn next_change(secs: i64) -> i64 {
    let s = secs.max(0);
    let unit = match s {
        0..=119 => 1,
        120..=7_199 => 60,
        7_200..=172_799 => 3_600,
        _ => 86_400,
    };
    (s / unit + 1) * unit
}

/// Time still to go (a certificate's life, a wait): like [`age`], but under
/// three days it keeps the hours, so 2 d 23 h reads `2d 23h`, never `2d`.
pub fn remaining(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..=86_399 => age(s),
        86_400..=259_199 => format!("{}d {}h", s / 86_400, s % 86_400 / 3_600),
        _ => format!("{}d", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_names_the_worst_and_counts_the_rest() {
        let vs = [
            Verdict::ok("fine"),
            Verdict::warn("w1"),
            Verdict::crit("c1"),
            Verdict::crit("c2"),
        ];
        let s = summarize(&vs, || "all good".into());
        assert_eq!(s, Verdict::crit("c1 (+2 more)"));
        let s = summarize(&vs[..2], || "all good".into());
        assert_eq!(s, Verdict::warn("w1"));
        let s = summarize(&vs[..1], || "all good".into());
        assert_eq!(s, Verdict::ok("all good"));
        let mut sorted = vs.to_vec();
        sort_worst_first(&mut sorted);
        let msgs: Vec<_> = sorted.iter().map(|v| v.message.as_str()).collect();
        assert_eq!(msgs, ["c1", "c2", "w1", "fine"]);
    }

    #[test]
    fn ages() {
        assert_eq!(age(-5), "0s");
        assert_eq!(age(45), "45s");
        assert_eq!(age(600), "10m");
        assert_eq!(age(3 * 3600), "3h");
        assert_eq!(age(5 * 86_400), "5d");
    }

    #[test]
    fn remaining_keeps_hours_under_three_days() {
        const H: i64 = 3_600;
        assert_eq!(remaining(-5), "0s");
        assert_eq!(remaining(90), "90s");
        assert_eq!(remaining(600), "10m");
        assert_eq!(remaining(23 * H + 59 * 60), "23h");
        assert_eq!(remaining(24 * H), "1d 0h");
        assert_eq!(remaining(47 * H + 59 * 60), "1d 23h");
        assert_eq!(remaining(71 * H), "2d 23h");
        assert_eq!(remaining(71 * H + 3_599), "2d 23h");
        assert_eq!(remaining(72 * H), "3d");
        assert_eq!(remaining(10 * 24 * H + 23 * H), "10d");
    }

    #[test]
    fn next_change_is_when_an_age_first_reads_otherwise_at_every_unit() {
        // Every age up to 5 days (seconds, minutes, hours, days), and a
        // clock skew: the first later age whose text differs, found by
        // walking back from the end.
        let last = 5 * 86_400;
        let mut next = last + 86_400;
        for s in (-5..=last).rev() {
            if age(s) != age(s + 1) {
                next = s + 1;
            }
            if s < last - 86_400 {
                assert_eq!(next_change(s), next, "{s} ({})", age(s));
            }
        }
        for (s, at) in [(0, 1), (119, 120), (120, 180), (7_199, 7_200), (7_200, 10_800)] {
            assert_eq!(next_change(s), at, "{s}");
        }
        assert_eq!(next_change(172_799), 172_800);
        assert_eq!(next_change(172_800), 259_200);
    }
}
