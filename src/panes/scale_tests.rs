//! Figures at scale (the `large` scenario: 5000 nodes, 150000 pods), built
//! in the test without a server: the store's memory per pod, the cost of a
//! full recompute, of a recompute after one pod change and after a node
//! lease renewal, and of a snapshot (clone) of the store. Printed, never
//! asserted on time; ignored by default (slow in debug):
//! `cargo test --lib panes::scale_tests -- --ignored --nocapture --test-threads=1`.

use std::time::Instant;

use serde_json::Value;

use super::test_store::{self, Op};
use super::{Local, Panes};

/// The resident set of this process, in bytes (Linux).
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// The peak resident set of this process, in bytes (Linux).
fn peak() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// Resets the peak resident set to the current one (Linux), so that
/// [`peak`] tells the peak of what follows; false when it cannot.
/// Memory freed before is given back first (glibc's `malloc_trim`), so
/// that what follows is not hidden by allocations reusing it.
fn reset_peak() -> bool {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    // SAFETY: glibc's malloc_trim takes no pointer and only releases free memory.
    unsafe { malloc_trim(0) };
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mib(b: u64) -> String {
    format!("{:.1} MiB", b as f64 / f64::from(1 << 20))
}

/// The models computed since `counts`, by name and how many times.
fn computed_since(p: &Panes, counts: &[u64]) -> String {
    let names = super::memo::Model::ALL;
    let moved: Vec<String> = names
        .iter()
        .filter(|m| p.computed(**m) != counts[**m as usize])
        .map(|m| format!("{m:?} x{}", p.computed(*m) - counts[*m as usize]))
        .collect();
    format!("[{}]", moved.join(", "))
}

fn ms(t: Instant) -> String {
    format!("{:.1} ms", t.elapsed().as_secs_f64() * 1e3)
}

#[test]
#[ignore = "a measurement at 150000 pods; run it with --ignored --nocapture"]
fn figures_at_150000_pods() {
    let (now, mut objects) = test_store::scenario_objects("large");
    let mut pod: Option<Value> = None;
    let mut node_lease: Option<Value> = None;
    let before = rss();
    let started = Instant::now();
    let mut store = test_store::listed(&mut objects, &mut |v| {
        let kind = v["kind"].as_str();
        if kind == Some("Pod") && v["metadata"]["namespace"] != "kube-system" {
            pod = Some(v.clone());
        }
        if kind == Some("Lease") && v["metadata"]["namespace"] == "kube-node-lease" {
            node_lease = Some(v.clone());
        }
    });
    let built = ms(started);
    let held = rss().saturating_sub(before);
    let pods = store.pods.len();
    println!(
        "store: {pods} pods, {} nodes, {} leases, built in {built}; RSS +{} MiB, {} bytes per pod",
        store.nodes.len(),
        store.leases.len(),
        held >> 20,
        held / pods.max(1) as u64
    );
    assert!(
        pods >= 150_000,
        "the large scenario holds 150000 pods, got {pods}"
    );

    // The pods model alone, built in full and dropped.
    let before = rss();
    let t = Instant::now();
    let (model, _) = crate::signals::pods_update::build(&store, None, now);
    println!(
        "pods model alone: {} rows built in {}; RSS +{} ({} bytes per pod; a row is {} bytes, shared behind an Arc)",
        model.rows.len(),
        ms(t),
        mib(rss().saturating_sub(before)),
        rss().saturating_sub(before) / pods.max(1) as u64,
        std::mem::size_of::<crate::signals::pods::PodRow>(),
    );
    drop(model);

    let local = Local::default();
    let mut panes = Panes::default();
    let before = rss();
    let t = Instant::now();
    panes.recompute(&store, (None, None), None, &local, now);
    println!(
        "full recompute: {}; the models hold RSS +{} MiB, {} bytes per pod",
        ms(t),
        rss().saturating_sub(before) >> 20,
        rss().saturating_sub(before) / pods.max(1) as u64
    );

    // What the pods table's `/` filter adds per keystroke: every row's
    // text written into one buffer (no text kept per row).
    let t = Instant::now();
    let mut text = String::new();
    let mut bytes = 0;
    for r in panes.pods.as_ref().map_or(&[][..], |m| &m.rows[..]) {
        r.write_haystack(&mut text);
        bytes += text.len();
    }
    println!(
        "the filter's texts, written into one buffer ({bytes} bytes in all): {}",
        ms(t)
    );

    // What the off-loop recompute takes every second: a snapshot of the panes.
    let t = Instant::now();
    let snapshot = panes.clone();
    println!("panes snapshot (clone, every tick): {}", ms(t));
    drop(snapshot);

    let t = Instant::now();
    let snapshot = store.clone();
    println!("store clone: {}", ms(t));
    drop(snapshot);

    let mut pod = pod.expect("a pod outside kube-system");
    pod["status"]["containerStatuses"][0]["restartCount"] = 7.into();
    let changed = store.apply(test_store::event(&pod, Op::Applied).expect("a pod event"));
    // As before the pods model was brought up to date from what changed:
    // the same recompute with the pods model built in full.
    {
        let mut full = panes.clone();
        full.memo.pods_basis = None;
        let reset = reset_peak();
        let before = rss();
        let t = Instant::now();
        full.recompute(&store, (None, None), None, &local, now);
        let took = ms(t);
        let (peak_then, rss_then) = (peak(), rss());
        drop(full);
        println!("recompute after one pod change, the pods model built in full (as before): {took}");
        if reset {
            println!(
                "  bytes alive during it, the previous panes held (two generations): peak +{}, after +{}",
                mib(peak_then.saturating_sub(before)),
                mib(rss_then.saturating_sub(before))
            );
        }
    }
    // The loop holds the previous panes while the recompute makes new ones.
    let held = panes.clone();
    let reset = reset_peak();
    let before = rss();
    let counts = panes.memo.computed;
    let t = Instant::now();
    let shown = panes.recompute(&store, (None, None), None, &local, now);
    let took = ms(t);
    let rebuilt = panes.memo.pods_basis.as_ref().map_or(0, |b| b.rebuilt);
    println!(
        "recompute after one pod change (store changed: {changed}, screen changed: {shown}, models computed: {}): {took}; pods rows computed again: {rebuilt}",
        computed_since(&panes, &counts)
    );
    if reset {
        println!(
            "  bytes alive during it, the previous panes held (two generations): peak +{}, after +{}",
            mib(peak().saturating_sub(before)),
            mib(rss().saturating_sub(before))
        );
    }
    drop(held);

    // A second of churn: 100 pod changes, then one recompute.
    let mut churned = pod.clone();
    let names: Vec<String> = store
        .pods
        .items
        .values()
        .filter(|p| &*p.namespace == churned["metadata"]["namespace"].as_str().unwrap_or(""))
        .take(100)
        .map(|p| p.name.to_string())
        .collect();
    for (i, name) in names.iter().enumerate() {
        churned["metadata"]["name"] = name.as_str().into();
        churned["status"]["containerStatuses"][0]["restartCount"] = (100 + i).into();
        store.apply(test_store::event(&churned, Op::Applied).expect("a pod event"));
    }
    let held = panes.clone();
    let reset = reset_peak();
    let before = rss();
    let counts = panes.memo.computed;
    let t = Instant::now();
    panes.recompute(&store, (None, None), None, &local, now);
    let took = ms(t);
    let rebuilt = panes.memo.pods_basis.as_ref().map_or(0, |b| b.rebuilt);
    println!(
        "recompute after {} pod changes (models computed: {}): {took}; pods rows computed again: {rebuilt}",
        names.len(),
        computed_since(&panes, &counts)
    );
    if reset {
        println!(
            "  bytes alive during it, the previous panes held: peak +{}, after +{}",
            mib(peak().saturating_sub(before)),
            mib(rss().saturating_sub(before))
        );
    }
    drop(held);

    let mut lease = node_lease.expect("a node lease");
    lease["spec"]["renewTime"] = "2030-01-01T00:00:00.000000Z".into();
    let changed = store.apply(test_store::event(&lease, Op::Applied).expect("a lease event"));
    let t = Instant::now();
    let shown = panes.recompute(&store, (None, None), None, &local, now);
    println!(
        "recompute after a node lease renewal (store changed: {changed}, screen changed: {shown}): {}",
        ms(t)
    );

    // A leader lease renewed on time, twice (the first may change its holder).
    let mut leader_renewal = |t: i64| {
        let at = time::OffsetDateTime::from_unix_timestamp(t)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let leader = serde_json::json!({
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": {"namespace": "kube-system", "name": "kube-scheduler"},
            "spec": {"holderIdentity": "cp-1", "leaseDurationSeconds": 15, "renewTime": at},
        });
        let changed = store.apply(test_store::event(&leader, Op::Applied).expect("a lease event"));
        let t = Instant::now();
        let shown = panes.recompute(&store, (None, None), None, &local, now);
        (changed, shown, ms(t))
    };
    leader_renewal(now - 2);
    let (changed, shown, took) = leader_renewal(now - 1);
    println!(
        "recompute after a leader lease renewal (store changed: {changed}, screen changed: {shown}): {took}"
    );

    for later in [1, super::memo::SLOW_SECS] {
        let counts = panes.memo.computed;
        let t = Instant::now();
        let shown = panes.recompute(&store, (None, None), None, &local, now + later);
        let took = ms(t);
        println!(
            "recompute {later} s later, nothing else moved (screen changed: {shown}, models computed: {}): {took}",
            computed_since(&panes, &counts)
        );
    }

    // An idle minute as the console lives it: a snapshot of the panes and
    // a recompute every second (the 1 s tick), nothing moved in the store.
    let counts = panes.memo.computed;
    let t = Instant::now();
    let start = now + super::memo::SLOW_SECS;
    for s in 1..=60 {
        let mut snapshot = panes.clone();
        snapshot.recompute(&store, (None, None), None, &local, start + s);
        panes = snapshot;
    }
    println!(
        "60 idle ticks (a snapshot and a recompute each second): models computed {}, {} in all",
        computed_since(&panes, &counts),
        ms(t)
    );
    println!("peak RSS of the test so far: {} MiB", peak() >> 20);

    let t = Instant::now();
    let mut fresh = Panes::default();
    fresh.recompute(&store, (None, None), None, &local, now);
    println!("full recompute again: {}", ms(t));
}
