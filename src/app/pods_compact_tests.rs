use std::sync::Arc;

use super::*;
use crate::signals::pods::{LastTermination, PodRow, Tier};
use crate::sim::scenarios::generate::Rng;

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.below(from.len() as u64) as usize]
}

fn random_row(rng: &mut Rng, i: usize) -> Arc<PodRow> {
    let owner = (rng.below(3) > 0).then(|| {
        (
            Arc::from(pick(rng, &["Deployment", "Job", "DaemonSet"])),
            Arc::from(pick(rng, &["api", "Web", "ledger", "kube-proxy"])),
        )
    });
    let last_termination = (rng.below(8) == 0).then(|| {
        Box::new(LastTermination {
            reason: Some(Arc::from("OOMKilled")),
            exit_code: 137,
            signal: 0,
            finished: None,
        })
    });
    Arc::new(PodRow {
        namespace: Arc::from(pick(rng, &["team-07", "Payments", "kube-system", "café"])),
        name: format!(
            "{}-{i}",
            pick(rng, &["api-5f7d", "WEB-x2kp9", "ledger.0", "z:q_1"])
        )
        .into(),
        tier: Tier::Healthy,
        status: Arc::from(pick(rng, &["Running", "CrashLoopBackOff", "Pending"])),
        ready: (1, 1),
        restarts: 0,
        last_restart: None,
        last_termination,
        node: (rng.below(4) > 0).then(|| Arc::from(pick(rng, &["node-a-0001", "ip-10-0-2-7", "Wörker"]))),
        created: None,
        owner,
        why: Box::new([]),
    })
}

/// Whether `needle` (lowercase) is in `text` in order, ASCII case ignored.
fn reference(text: &str, needle: &[u8]) -> bool {
    let mut rest = needle;
    for b in text.bytes() {
        if rest.first() == Some(&b.to_ascii_lowercase()) {
            rest = &rest[1..];
        }
    }
    rest.is_empty()
}

#[test]
fn each_compact_row_matches_as_its_whole_text_does() {
    let mut rng = Rng::new(21);
    let rows: Vec<_> = (0..300).map(|i| random_row(&mut rng, i)).collect();
    let compact = Compact::new(&rows).expect("fits");
    assert!(compact.holds(rows.len()));
    let alphabet = b"apilexdgw7019-_./:kmorsn";
    let (mut matched, mut missed, mut read) = (0, 0, 0);
    for _ in 0..400 {
        let needle: Vec<u8> = (0..1 + rng.below(6))
            .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
            .collect();
        let mut walk = Walk::new(&needle, &compact).expect("a short needle");
        for (i, r) in rows.iter().enumerate() {
            let got = compact.matches(i, &mut walk);
            let text = r.haystack();
            let kept_out = r.last_termination.is_some() || !text.is_ascii();
            if kept_out {
                assert_eq!(got, None, "{text:?} is read, not decided");
                read += 1;
                continue;
            }
            let want = reference(&text, &needle);
            assert_eq!(
                got,
                Some(want),
                "{:?} in {text:?}",
                String::from_utf8_lossy(&needle)
            );
            if want {
                matched += 1;
            } else {
                missed += 1;
            }
        }
    }
    assert!(
        matched > 1000 && missed > 1000 && read > 1000,
        "{matched} {missed} {read}"
    );
}

#[test]
fn rows_not_held_are_read() {
    let mut rng = Rng::new(3);
    let rows: Vec<_> = (0..4).map(|i| random_row(&mut rng, i)).collect();
    let compact = Compact::new(&rows).expect("fits");
    let mut walk = Walk::new(b"a", &compact).expect("a short needle");
    assert_eq!(compact.matches(4, &mut walk), None);
    assert!(Walk::new(&[b'a'; 300], &compact).is_none(), "too long a needle");
}

#[test]
fn too_many_distinct_parts_do_not_fit() {
    let rows: Vec<_> = (0..70_000u32)
        .map(|i| {
            Arc::new(PodRow {
                namespace: Arc::from(format!("ns-{i}")),
                name: "p".into(),
                tier: Tier::Healthy,
                status: Arc::from("Running"),
                ready: (1, 1),
                restarts: 0,
                last_restart: None,
                last_termination: None,
                node: None,
                created: None,
                owner: None,
                why: Box::new([]),
            })
        })
        .collect();
    assert!(Compact::new(&rows).is_none());
    assert!(Compact::new(&rows[..60_000]).is_some());
}
