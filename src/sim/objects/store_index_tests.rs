//! The indexes against a full scan, across creates, updates, patches,
//! graceful deletions, finalizers and removals.

use serde_json::{Value, json};

use super::super::patch::PatchType;
use super::super::selector::LabelSelector;
use super::super::store::{ResourceType, Store};
use super::Index;
use crate::sim::scheduler_fit::Used;

fn pods() -> ResourceType {
    ResourceType::new("", "v1", "Pod", "pods", true)
}

const OWNERS: [&str; 3] = ["uid-a", "uid-b", "uid-c"];
const NODES: [&str; 4] = ["n1", "n2", "n3", "n4"];
const APPS: [&str; 3] = ["a", "b", "c"];
const SELECTORS: [&str; 7] = [
    "app=a",
    "app=b,tier=db",
    "app in (c)",
    "app in (a,b)",
    "tier",
    "!app",
    "",
];

/// A small deterministic pseudo-random sequence (no crate, no clock).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

fn pod(r: &mut Lcg, name: &str) -> Value {
    let mut p = json!({
        "metadata": {"name": name, "namespace": "ns"},
        "spec": {
            "terminationGracePeriodSeconds": r.below(3),
            "containers": [{"name": "c", "image": "i",
                "resources": {"requests": {"cpu": format!("{}m", 100 * (1 + r.below(5))), "memory": "64Mi"}}}],
        },
    });
    if let Some(app) = APPS.get(r.below(4)) {
        let tier = ["web", "db"][r.below(2)];
        p["metadata"]["labels"] = json!({"app": app, "tier": tier});
    }
    if let Some(o) = OWNERS.get(r.below(4)) {
        p["metadata"]["ownerReferences"] =
            json!([{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": o, "uid": o, "controller": true}]);
    }
    if let Some(n) = NODES.get(r.below(5)) {
        p["spec"]["nodeName"] = json!(n);
        p["status"] = json!({"phase": "Running"});
    }
    if r.below(6) == 0 {
        p["metadata"]["finalizers"] = json!(["example.com/hold"]);
    }
    p
}

/// What the index says agrees with a scan of every pod.
fn check(s: &Store) {
    let rt = pods();
    let idx = s.type_index(&rt).unwrap_or(usize::MAX);
    let Some(t) = s.entry(idx) else {
        panic!("no pods type");
    };
    assert_eq!(
        t.index,
        Index::of(t.objects.iter().map(|(k, s)| (k, s.value()))),
        "index after writes != index from scratch"
    );
    let all: Vec<std::sync::Arc<Value>> = s.objects(&rt, None).into_iter().flatten().collect();
    let names = |v: Vec<std::sync::Arc<Value>>| -> Vec<String> {
        v.iter()
            .filter_map(|p| p["metadata"]["name"].as_str().map(str::to_string))
            .collect()
    };
    let scan = |f: &dyn Fn(&Value) -> bool| -> Vec<String> {
        all.iter()
            .filter(|p| f(p))
            .filter_map(|p| p["metadata"]["name"].as_str().map(str::to_string))
            .collect()
    };
    for o in OWNERS {
        let owned = scan(&|p| p.pointer("/metadata/ownerReferences/0/uid") == Some(&json!(o)));
        assert_eq!(names(s.owned_by(&rt, o)), owned, "owned by {o}");
    }
    for text in SELECTORS {
        let Ok(sel) = LabelSelector::parse(text) else {
            panic!("selector {text:?}");
        };
        let selected = scan(&|p| sel.matches_object(p));
        assert_eq!(
            names(s.select(&rt, "ns", &sel).unwrap_or_default()),
            selected,
            "{text:?}"
        );
        assert!(
            names(s.select(&rt, "other", &sel).unwrap_or_default()).is_empty(),
            "{text:?}"
        );
    }
    let used = s.used_by_node(&rt).cloned().unwrap_or_default();
    for n in NODES {
        let on = scan(&|p| p.pointer("/spec/nodeName") == Some(&json!(n)));
        assert_eq!(names(s.on_node(&rt, n)), on, "on node {n}");
        let mut want = Used::default();
        for p in all
            .iter()
            .filter(|p| p.pointer("/spec/nodeName") == Some(&json!(n)))
        {
            if !matches!(p["status"]["phase"].as_str(), Some("Succeeded" | "Failed")) {
                want.add(p);
            }
        }
        assert_eq!(used.get(n).copied().unwrap_or_default(), want, "used on node {n}");
    }
}

#[test]
fn indexes_match_a_full_scan_across_writes() {
    let rt = pods();
    let mut s = Store::new();
    s.set_now(1_700_000_000);
    s.register(rt.clone());
    let mut r = Lcg(7);
    let loaded: Vec<Value> = (0..20).map(|i| pod(&mut r, &format!("l{i}"))).collect();
    let loaded: Vec<Value> = loaded
        .into_iter()
        .map(|mut p| {
            p["apiVersion"] = json!("v1");
            p["kind"] = json!("Pod");
            p
        })
        .collect();
    assert!(s.insert_many(&rt, loaded).is_ok());
    check(&s);
    let mut ops = [0usize; 9];
    for step in 0..600 {
        let name = format!("p{}", r.below(30));
        let op = r.below(9);
        let done = match op {
            0 => s.create(&rt, Some("ns"), pod(&mut r, &name)).is_ok(),
            1 => {
                let node = NODES[r.below(NODES.len())];
                let patch = json!({"spec": {"nodeName": node}});
                s.patch_value(&rt, Some("ns"), &name, PatchType::Merge, &patch)
                    .is_ok()
            }
            2 => {
                let phase = ["Running", "Succeeded", "Failed", "Pending"][r.below(4)];
                let patch = json!({"status": {"phase": phase}});
                s.patch_status(&rt, Some("ns"), &name, PatchType::Merge, &patch)
                    .is_ok()
            }
            3 => s.delete(&rt, Some("ns"), &name, None).is_ok(),
            4 => s.delete(&rt, Some("ns"), &name, Some(0)).is_ok(),
            5 => s.remove(&rt, Some("ns"), &name).is_ok(),
            6 => {
                // Finalizers emptied: a terminating object goes.
                let patch = json!({"metadata": {"finalizers": null}});
                s.patch_value(&rt, Some("ns"), &name, PatchType::Merge, &patch)
                    .is_ok()
            }
            7 => {
                let app = APPS[r.below(3)];
                let patch = json!({"metadata": {"labels": {"app": app, "tier": null}}});
                s.patch_value(&rt, Some("ns"), &name, PatchType::Merge, &patch)
                    .is_ok()
            }
            _ => {
                s.set_now(1_700_000_000 + step);
                !s.finalize_deletions().is_empty()
            }
        };
        if done {
            ops[op] += 1;
        }
        check(&s);
    }
    // Every kind of write happened, so the comparison covered each.
    assert!(ops.iter().all(|n| *n > 0), "{ops:?}");
}
