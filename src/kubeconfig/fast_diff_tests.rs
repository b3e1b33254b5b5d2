//! The fast reader against serde-saphyr: whenever the fast reader takes a
//! text, serde-saphyr must take it too and read exactly the same; and the
//! edit of `current-context` verified without a parse must equal the one
//! verified by parsing.

use std::path::Path;

use std::sync::atomic::{AtomicUsize, Ordering};

use super::super::doc::Doc;
use super::super::edit::{namespace_edit, parse_value, set_current_context_in};
use super::super::edit_fast::{current_context as current_context_fast, namespace_only};
use super::super::merge::parse;
use super::generator::{Rng, generate, mutate};
use super::tests::{EKS, GKE, KUBEADM, bench_config};
use super::*;

/// Checks the invariants on `text`; whether the fast reader took it.
fn check(text: &str) -> bool {
    let Some(fast) = scan(text) else { return false };
    match parse(Path::new("t"), text) {
        Ok(full) => assert_eq!(fast.raw, full, "the fast reader differs on:\n{text:?}"),
        Err(e) => panic!("the fast reader took a text serde-saphyr rejects ({e}):\n{text:?}"),
    }
    let before = parse_value(text).expect("serde_json::Value reads it too");
    for (i, name) in ["ctx-b", "", "a b", "true", "dev's", "é"].into_iter().enumerate() {
        let Some(cheap) = current_context_fast(text, name, &fast.layout) else {
            continue;
        };
        // The full check may refuse a layout its line editor does not know
        // (a top-level key with a `/`); when it accepts, it agrees.
        if i < 2
            && let Ok(full) = set_current_context_in(text, name, None)
        {
            assert_eq!(cheap, full, "{name:?} in\n{text:?}");
        }
        let mut expected = before.clone();
        if !expected.is_object() {
            expected = serde_json::Value::Object(Default::default());
        }
        expected["current-context"] = name.into();
        assert_eq!(parse_value(&cheap).ok(), Some(expected), "{name:?} in\n{text:?}");
    }
    // Where set_namespace's cheap check concludes, a parse agrees.
    let contexts = fast.raw.contexts.iter().flatten().map(|c| c.name.as_str());
    for (ctx, ns) in contexts
        .take(2)
        .flat_map(|c| [(c, Some("ops")), (c, Some("1")), (c, None)])
    {
        let Some(out) = Doc::new(text)
            .and_then(|d| namespace_edit(&d, text, ctx, ns))
            .ok()
        else {
            continue;
        };
        if !namespace_only(text, &out, &fast.raw, ctx, ns) {
            continue;
        }
        NAMESPACE_CHECKED.fetch_add(1, Ordering::Relaxed);
        // Entries matched by position: in a Value, `name: 0x1F` is a number.
        let mut expected = before.clone();
        let raw = fast.raw.contexts.iter().flatten();
        let entries = expected["contexts"].as_array_mut().into_iter().flatten().zip(raw);
        for (c, _) in entries.filter(|(_, r)| r.name == ctx) {
            if c["context"].is_null() {
                c["context"] = serde_json::json!({});
            }
            match ns {
                Some(ns) => c["context"]["namespace"] = ns.into(),
                None => {
                    c["context"].as_object_mut().map(|o| o.remove("namespace"));
                }
            }
        }
        assert_eq!(
            parse_value(&out).ok(),
            Some(expected),
            "{ctx:?} {ns:?} in\n{text:?}"
        );
    }
    true
}

/// How many namespace edits the cheap check verified.
static NAMESPACE_CHECKED: AtomicUsize = AtomicUsize::new(0);

/// Kubeconfigs from the other tests of the crate and the real-world
/// shapes, with whether the fast reader takes each.
fn corpus() -> Vec<(String, bool)> {
    let texts = [
        (super::super::merge::tests::A, true),
        (super::super::merge::tests::B, true),
        // Flow mappings with content (`x-unknown: {keep: [1, 2]}`).
        (super::super::edit::tests::KUBECONFIG, false),
        (KUBEADM, true),
        (EKS, true),
        (GKE, true),
        // ctxns' sandbox (src/ctxns/test_support.rs), less its flow mapping.
        (
            "# Managed by hand: keep this comment.\napiVersion: v1\nkind: Config\npreferences: {}\nx-unknown-field:\n  keep: []\nclusters:\n- name: c1\n  cluster:\n    server: https://10.0.0.1:6443\n    insecure-skip-tls-verify: true\n- name: c2\n  cluster:\n    server: https://10.0.0.2:6443\ncontexts:\n- name: prod\n  context:\n    cluster: c1\n    namespace: payments\n    user: admin # the admin\n- name: dev\n  context:\n    cluster: c2\n    user: admin\ncurrent-context: prod\nusers:\n- name: admin\n  user:\n    token: abc\n",
            true,
        ),
        (
            "# file b\ncurrent-context: a1\ncontexts:\n- name: b1\n  context:\n    cluster: c\n    user: u\n- name: b2\n  context:\n    cluster: c\n    user: u\n",
            true,
        ),
        ("current-context: ghost\ncontexts: []\n", true),
        ("contexts: []\ncurrent-context: b1\n", true),
        // tests/it/ctxns_cli.rs and the sim's kubeconfig.
        (
            "apiVersion: v1\nkind: Config\ncurrent-context: prod\nx-extra: {kept: true}\ncontexts:\n- name: prod\n  context: {cluster: c, user: u}\n",
            false,
        ),
        (
            "apiVersion: v1\nkind: Config\ncurrent-context: kon-sim\nclusters:\n- name: kon-sim\n  cluster:\n    server: https://127.0.0.1:6443\n    certificate-authority-data: LS0tLS1CRUdJTg==\ncontexts:\n- name: kon-sim\n  context:\n    cluster: kon-sim\n    user: kon-sim-admin\nusers:\n- name: kon-sim-admin\n  user:\n    token: tok\npreferences: {}\n",
            true,
        ),
        // merge's and edit's smaller cases.
        (
            "contexts:\n- name: x\n  context: {}\ncurrent-context: \"\"\n",
            true,
        ),
        ("contexts:\n- name: x\n  context: {namespace: a}\n", false),
        (
            "contexts:\n  - name: a\n    context:\n      cluster: c\n\n# tail\n",
            true,
        ),
        (
            "contexts:\r\n  - name: a\r\n    context:\r\n      namespace: x\r\ncurrent-context: a\r\n",
            true,
        ),
        ("current-context:\n", true),
        ("apiVersion: v1\ncontexts: []", true),
        ("", true),
        ("# nothing\n---\n", true),
        ("contexts:\n- name: a\n    b\n  context: {}\n", false),
        ("current-context: a\n  b\n", false),
        ("current-context: >\n  a\n", false),
        ("contexts:\n- name: &n a\n  context: {}\n", false),
        ("contexts: [{name: a, context: {}}]\n", false),
    ];
    let mut texts: Vec<(String, bool)> = texts.map(|(t, f)| (t.to_owned(), f)).to_vec();
    texts.push((bench_config(20), true));
    texts
}

#[test]
fn the_corpus_reads_the_same() {
    for (text, fast) in corpus() {
        assert_eq!(check(&text), fast, "{text}");
    }
}

/// More rounds for a soak: `KON_FAST_SOAK=50 cargo test --lib fast::diff`.
fn soak() -> u64 {
    std::env::var("KON_FAST_SOAK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

#[test]
fn generated_layouts_read_the_same() {
    let (mut taken, mut declined) = (0, 0);
    for seed in 0..1500 * soak() {
        let (text, fast) = generate(seed);
        let took = check(&text);
        if fast {
            assert!(took, "seed {seed}: the fast reader gave up on\n{text}");
        }
        (taken, declined) = if took {
            (taken + 1, declined)
        } else {
            (taken, declined + 1)
        };
    }
    assert!(
        taken > 1000 && declined > 200,
        "{taken} taken, {declined} declined"
    );
    let namespaces = NAMESPACE_CHECKED.load(Ordering::Relaxed);
    assert!(namespaces > 1000, "{namespaces} namespace edits checked");
}

/// Small random changes to texts the fast reader takes: whatever it still
/// takes must read the same as with serde-saphyr.
#[test]
fn mutated_texts_read_the_same() {
    let mut rng = Rng(0x5eed);
    let mut texts: Vec<String> = corpus().into_iter().filter(|c| c.1).map(|c| c.0).collect();
    texts.extend((0..40).map(|s| generate(10_000 + s)).filter(|g| g.1).map(|g| g.0));
    let (mut taken, mut total) = (0, 0);
    for text in &texts {
        for _ in 0..80 * soak() {
            let mut t = text.clone();
            for _ in 0..1 + rng.below(2) {
                t = mutate(&mut rng, &t);
            }
            total += 1;
            taken += usize::from(check(&t));
        }
    }
    assert!(taken * 10 > total, "{taken} of {total} taken");
}

/// What the fast reader must leave to serde-saphyr (whether that rejects
/// it or not).
#[test]
fn malformed_or_unusual_inputs_fall_back() {
    let cases = [
        "current-context: \"open\n",
        "current-context: 'open\n",
        "current-context: \"a\" b\n",
        "current-context: 'a'#b\n",
        "a: b: c\n",
        "a: b:\n",
        "contexts:\n- name: a\n   context: {}\n",
        "contexts:\n- name: a\n context: {}\n",
        "contexts:\n  - name: a\n - name: b\n",
        " a: 1\nb: 2\n",
        "a:\n\tb: 1\n",
        "a: b\t# c\n",
        "a: 1\na: 2\n",
        "contexts:\n- name: a\n  name: b\n",
        "x:\n  k: 1\n  k: 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "<<: {a: 1}\n",
        "a: {b: 1}\n",
        "a: [1]\n",
        "a: [\n",
        "a: \"multi\n  line\"\n",
        "a: 'multi\n  line'\n",
        "%YAML 1.2\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "\"a\": 1\n",
        "? a\n: 1\n",
        "a:\n  value on the next line\n",
        "contexts:\n- name:\n",
        "contexts:\n- name: ~\n",
        "contexts:\n- context: {}\n",
        "contexts:\n- a\n",
        "contexts: {}\n",
        "contexts:\n  name: a\n",
        "contexts:\n- name: a\n  context: []\n",
        "contexts:\n- name: a\n  context:\n    cluster: {}\n",
        "contexts:\n- name: |\n    a\n",
        "x: .inf\n",
        "x: -.Inf\n",
        "x: 1e400\n",
        "current-context: \"\\u0041\"\n",
        "\u{feff}a: 1\n",
        "a: b\rc: d\n",
        "a: \u{7f}\n",
        "null: 1\n",
        "- a\n",
        "a\n",
        "a: - b\n",
        "a: |\n   \n  x\n",
        "a: b # c\n  d\n",
        "a: b\n  - c\n",
        "x:\n- |2\n   a\n",
        "a: |0\n  x\n",
        "a: |#\n  x\n",
    ];
    for case in cases {
        assert!(scan(case).is_none(), "taken: {case:?}");
    }
}
