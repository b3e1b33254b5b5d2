//! `kon bench`'s keys through the console's loop: what is typed (a steady
//! script per view) and, from what the loop reported (`tui::probe::Seen`),
//! each key's time from its arrival to the first frame that shows it,
//! grouped by view and by sync phase. Pure; it asserts nothing.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::tui::probe::{Seen, Work};

/// What a key exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum What {
    DashboardMove,
    PodsMove,
    PodsFilterTyping,
    /// Opening or closing a view: typed, not timed.
    Switch,
}

impl What {
    pub fn label(self) -> &'static str {
        match self {
            What::DashboardMove => "dashboard, j/k",
            What::PodsMove => "pods table, j/k",
            What::PodsFilterTyping => "pods table, / filter typing",
            What::Switch => "view switch",
        }
    }
}

/// One round of the script: the dashboard, the pods table, its filter, back.
pub fn round() -> Vec<(What, &'static str)> {
    let mut keys = Vec::new();
    for i in 0..20 {
        keys.push((What::DashboardMove, if i % 2 == 0 { "j" } else { "k" }));
    }
    keys.push((What::Switch, "p"));
    for i in 0..20 {
        keys.push((What::PodsMove, if i % 2 == 0 { "j" } else { "k" }));
    }
    keys.push((What::Switch, "/"));
    for k in ["a", "p", "i", "backspace", "backspace", "backspace"] {
        keys.push((What::PodsFilterTyping, k));
    }
    keys.push((What::Switch, "esc"));
    keys.push((What::Switch, "esc"));
    keys
}

/// The latencies of one group, sorted, and how many keys changed nothing.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Group {
    pub times: Vec<Duration>,
    /// Keys that changed nothing on screen (no frame to wait for).
    pub unchanged: usize,
    /// Keys that changed the screen but no frame followed before the end.
    pub no_frame: usize,
    /// Keys after the first sync that arrived while some table was not
    /// settled again (a watch relisting): timed with the others, counted.
    pub resyncing: usize,
    /// Where each timed key's time went, sorted apart: from being sent to
    /// being read by the loop, its update, and the drawing of its frame.
    pub waited: Vec<Duration>,
    pub updated: Vec<Duration>,
    pub drawn: Vec<Duration>,
}

/// Key-to-frame times per (after the first sync, what): `sent[i]` is when
/// input i+1 was sent, `what[i]` what it was; `seen` what the loop
/// reported, in order. A key belongs to the sync phase until the first
/// input the loop saw with every table settled, and to the synced phase
/// from it on, even when a watch relists later (under churn a relist
/// unsettles a table for a moment: those keys are counted apart).
pub fn latencies(sent: &[Instant], what: &[What], seen: &[Seen]) -> BTreeMap<(bool, What), Group> {
    let frames: Vec<(u64, Instant, Instant)> = seen
        .iter()
        .filter_map(|s| match *s {
            Seen::Frame { inputs, started, at } => Some((inputs, started.into_std(), at.into_std())),
            Seen::Input { .. } | Seen::Recompute { .. } | Seen::Busy { .. } => None,
        })
        .collect();
    let first_settled = seen
        .iter()
        .filter_map(|s| match *s {
            Seen::Input {
                seq, settled: true, ..
            } => Some(seq),
            _ => None,
        })
        .min()
        .unwrap_or(u64::MAX);
    let mut out: BTreeMap<(bool, What), Group> = BTreeMap::new();
    for s in seen {
        let Seen::Input {
            seq,
            changed,
            settled,
            read,
            applied,
        } = *s
        else {
            continue;
        };
        let i = (seq as usize).wrapping_sub(1);
        let (Some(&at), Some(&w)) = (sent.get(i), what.get(i)) else {
            continue;
        };
        if w == What::Switch {
            continue;
        }
        let synced = seq >= first_settled;
        let g = out.entry((synced, w)).or_default();
        g.resyncing += usize::from(synced && !settled);
        if !changed {
            g.unchanged += 1;
            continue;
        }
        // Frames are reported in order and their input counts only grow.
        let first = frames.partition_point(|(inputs, ..)| *inputs < seq);
        match frames.get(first) {
            Some((_, started, drawn)) => {
                g.times.push(drawn.saturating_duration_since(at));
                g.waited.push(read.into_std().saturating_duration_since(at));
                g.updated.push(applied.saturating_duration_since(read));
                g.drawn.push(drawn.saturating_duration_since(*started));
            }
            None => g.no_frame += 1,
        }
    }
    for g in out.values_mut() {
        for v in [&mut g.times, &mut g.waited, &mut g.updated, &mut g.drawn] {
            v.sort();
        }
    }
    out
}

/// One printed line of a group.
pub fn line(settled: bool, what: What, g: &Group) -> String {
    let pct = |p| super::bench::percentile(&g.times, p);
    let phase = if settled { "after sync" } else { "during sync" };
    let mut s = format!(
        "  {phase}, {}: {} keys, p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        what.label(),
        g.times.len(),
        pct(0.5),
        pct(0.99),
        g.times.last().copied().unwrap_or_default()
    );
    if g.unchanged > 0 {
        s.push_str(&format!(" ({} more changed nothing)", g.unchanged));
    }
    if g.no_frame > 0 {
        s.push_str(&format!(" ({} never drawn)", g.no_frame));
    }
    if g.resyncing > 0 {
        s.push_str(&format!(" ({} while a watch relisted)", g.resyncing));
    }
    s
}

/// Where a group's time went (each part's p50 / p99 apart, so they need
/// not add up): waiting to be read by the loop, the key's update, the
/// drawing of its frame.
pub fn parts_line(g: &Group) -> String {
    let pct = |v: &[Duration]| {
        format!(
            "p50 {:.2?} / p99 {:.2?}",
            super::bench::percentile(v, 0.5),
            super::bench::percentile(v, 0.99)
        )
    };
    format!(
        "    of which: waiting to be read {}, update {}, drawing its frame {}",
        pct(&g.waited),
        pct(&g.updated),
        pct(&g.drawn)
    )
}

/// The loop's work other than inputs and frames once synced (from the
/// first input the loop applied with every table settled): each kind's
/// durations, sorted. What a key typed then waited for.
pub fn work_after_sync(seen: &[Seen]) -> BTreeMap<Work, Vec<Duration>> {
    let from = seen
        .iter()
        .position(|s| matches!(s, Seen::Input { settled: true, .. }))
        .unwrap_or(seen.len());
    let mut out: BTreeMap<Work, Vec<Duration>> = BTreeMap::new();
    for s in &seen[from..] {
        if let Seen::Busy { work, started, at } = *s {
            out.entry(work)
                .or_default()
                .push(at.saturating_duration_since(started));
        }
    }
    out.values_mut().for_each(|v| v.sort());
    out
}

/// One kind of [`work_after_sync`]: how often, how long in all, p50 / p99 / max.
pub fn work_line(work: Work, times: &[Duration]) -> String {
    format!(
        "  {}: {} turns, {:.2?} in all, p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        work.label(),
        times.len(),
        times.iter().sum::<Duration>(),
        super::bench::percentile(times, 0.5),
        super::bench::percentile(times, 0.99),
        times.last().copied().unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant as TokioInstant;

    #[test]
    fn each_key_waits_for_the_first_frame_that_shows_it() {
        let t0 = Instant::now();
        let ms = |n| Duration::from_millis(n);
        let sent = [t0, t0 + ms(10), t0 + ms(20), t0 + ms(30)];
        let what = [What::DashboardMove, What::Switch, What::PodsMove, What::PodsMove];
        let frame = |inputs, at| Seen::Frame {
            inputs,
            started: TokioInstant::from_std(t0 + ms(at - 1)),
            at: TokioInstant::from_std(t0 + ms(at)),
        };
        let input = |seq, changed, settled| Seen::Input {
            seq,
            changed,
            settled,
            read: TokioInstant::from_std(sent[seq as usize - 1] + ms(1)),
            applied: TokioInstant::from_std(sent[seq as usize - 1] + ms(3)),
        };
        let seen = [
            input(1, true, false),
            frame(0, 2),
            frame(1, 5),
            input(2, true, false),
            input(3, true, true),
            frame(3, 50),
            input(4, false, true),
        ];
        let got = latencies(&sent, &what, &seen);
        assert_eq!(got[&(false, What::DashboardMove)].times, vec![ms(5)]);
        let pods = &got[&(true, What::PodsMove)];
        assert_eq!(pods.times, vec![ms(30)], "the frame at 50 ms showed input 3");
        assert_eq!(pods.unchanged, 1);
        assert!(
            !got.keys().any(|(_, w)| *w == What::Switch),
            "switches are not timed"
        );
        assert!(line(true, What::PodsMove, pods).contains("1 keys, p50 30.00ms"));
        assert_eq!(
            (pods.waited.clone(), pods.updated.clone(), pods.drawn.clone()),
            (vec![ms(1)], vec![ms(2)], vec![ms(1)]),
            "read 1 ms after sent, updated in 2 ms, drawn in 1 ms"
        );
        assert!(parts_line(pods).contains("waiting to be read p50 1.00ms / p99 1.00ms, update p50 2.00ms"));
    }

    #[test]
    fn the_loops_other_work_is_counted_from_the_first_settled_input() {
        let t0 = TokioInstant::now();
        let ms = |n| Duration::from_millis(n);
        let busy = |work, took| Seen::Busy {
            work,
            started: t0,
            at: t0 + ms(took),
        };
        let input = |settled| Seen::Input {
            seq: 1,
            changed: false,
            settled,
            read: t0,
            applied: t0,
        };
        let seen = [
            busy(Work::Cluster, 50),
            input(false),
            busy(Work::Recomputed, 40),
            input(true),
            busy(Work::Cluster, 7),
            busy(Work::Recomputed, 9),
            busy(Work::Cluster, 2),
        ];
        let got = work_after_sync(&seen);
        assert_eq!(
            got[&Work::Cluster],
            vec![ms(2), ms(7)],
            "sorted, the sync's 50 ms left out"
        );
        assert_eq!(got[&Work::Recomputed], vec![ms(9)]);
        assert!(!got.contains_key(&Work::Tick));
        let line = work_line(Work::Cluster, &got[&Work::Cluster]);
        assert!(line.contains("2 turns, 9.00ms in all, p50 7.00ms"), "{line}");
        assert!(line.ends_with("max 7.00ms"), "{line}");
        assert!(
            work_after_sync(&seen[..3]).is_empty(),
            "never settled: nothing after it"
        );
    }

    #[test]
    fn a_changed_key_without_a_frame_is_counted_not_timed() {
        let t0 = Instant::now();
        let seen = [Seen::Input {
            seq: 1,
            changed: true,
            settled: true,
            read: TokioInstant::from_std(t0),
            applied: TokioInstant::from_std(t0),
        }];
        let got = latencies(&[t0], &[What::PodsFilterTyping], &seen);
        let g = &got[&(true, What::PodsFilterTyping)];
        assert!(g.times.is_empty());
        assert_eq!(g.no_frame, 1);
        assert!(line(true, What::PodsFilterTyping, g).ends_with("(1 never drawn)"));
    }

    #[test]
    fn keys_after_the_first_sync_stay_after_it_when_a_watch_relists() {
        let t0 = Instant::now();
        let ms = |n| Duration::from_millis(n);
        let sent = [t0, t0 + ms(10), t0 + ms(20), t0 + ms(30)];
        let what = [What::PodsMove; 4];
        let input = |seq, settled| Seen::Input {
            seq,
            changed: true,
            settled,
            read: TokioInstant::from_std(t0),
            applied: TokioInstant::from_std(t0),
        };
        let frame = |inputs, at| Seen::Frame {
            inputs,
            started: TokioInstant::from_std(t0 + ms(at)),
            at: TokioInstant::from_std(t0 + ms(at)),
        };
        let seen = [
            input(1, false),
            frame(1, 1),
            input(2, true),
            frame(2, 12),
            input(3, false),
            frame(3, 23),
            input(4, true),
            frame(4, 34),
        ];
        let got = latencies(&sent, &what, &seen);
        assert_eq!(got[&(false, What::PodsMove)].times, vec![ms(1)]);
        let after = &got[&(true, What::PodsMove)];
        assert_eq!(after.times, vec![ms(2), ms(3), ms(4)]);
        assert_eq!(after.resyncing, 1, "input 3 came while a watch relisted");
        assert!(line(true, What::PodsMove, after).ends_with("(1 while a watch relisted)"));
    }
}
