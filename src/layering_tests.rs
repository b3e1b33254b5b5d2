//! The layers, checked by reading the sources: no module below the console
//! (`app`, `ui`, `tui`, `cli`) names one of those, and the modules below
//! name each other without a circle. Test files count like any other: a
//! `#[cfg(test)]` import is an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The console's layers: nothing below may name them.
const UPPER: &[&str] = &["app", "ui", "tui", "cli"];

/// Everything below the console.
const LOWER: &[&str] = &[
    "actions",
    "audit",
    "certs",
    "clock",
    "cluster",
    "config",
    "ctxns",
    "describe",
    "shellproxy",
    "shell",
    "drain",
    "errors",
    "etcd",
    "findings",
    "fleet",
    "judge",
    "kubeconfig",
    "local",
    "logging",
    "malloc_tuning",
    "names",
    "pages",
    "panes",
    "picker",
    "podlogs",
    "platform",
    "signals",
    "sim",
    "term",
    "thread_priority",
    "viewport",
];

/// Known upward imports, each with why it is still there.
const ALLOWED_UPWARD: &[(&str, &str)] = &[];

/// Every `.rs` file under `dir`, relative to `root`.
fn sources(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.strip_prefix(root).unwrap().to_path_buf());
        }
    }
}

/// The top module a file belongs to: its first folder, or the file's own
/// name (`errors_tests.rs` belongs to `errors`).
fn top_module(rel: &Path) -> String {
    let first = rel.components().next().unwrap().as_os_str().to_string_lossy();
    let name = first.strip_suffix(".rs").unwrap_or(&first);
    name.strip_suffix("_tests").unwrap_or(name).to_string()
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The top modules a source names through `crate::` paths, in code (not
/// in comments), `use crate::{a, b::c}` groups included.
fn named_modules(src: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in src.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(is_ident) {
                continue; // e.g. `mycrate::`
            }
            if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                for item in group.split(',') {
                    let item = item.trim();
                    let name: String = item.chars().take_while(|c| is_ident(*c)).collect();
                    if !name.is_empty() {
                        names.insert(name);
                    }
                }
            } else {
                let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        }
    }
    names
}

/// For each top module of `src/`, the other top modules it names, and in
/// which files.
fn graph() -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let mut graph: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for rel in files {
        let from = top_module(&rel);
        let src = std::fs::read_to_string(root.join(&rel)).unwrap();
        for to in named_modules(&src) {
            if to != from {
                let file = rel.to_string_lossy().replace('\\', "/");
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_default()
                    .push(file);
            }
        }
    }
    graph
}

#[test]
fn no_lower_module_names_the_console_layers() {
    let mut upward = Vec::new();
    for (from, tos) in graph() {
        if !LOWER.contains(&from.as_str()) {
            continue;
        }
        for (to, files) in tos {
            if !UPPER.contains(&to.as_str()) {
                continue;
            }
            for file in files {
                if !ALLOWED_UPWARD.iter().any(|(f, _)| *f == file) {
                    upward.push(format!("{file} names crate::{to}"));
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports running upward:\n{}",
        upward.join("\n")
    );
}

#[test]
fn every_lower_module_is_listed_as_one_layer_or_the_other() {
    // A new top module must be placed: below (and checked) or above.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let known = |m: &str| LOWER.contains(&m) || UPPER.contains(&m);
    let top_level = ["lib", "main", "layering"];
    let unplaced: BTreeSet<String> = files
        .iter()
        .map(|f| top_module(f))
        .filter(|m| !known(m) && !top_level.contains(&m.as_str()))
        .collect();
    assert!(unplaced.is_empty(), "modules in no layer: {unplaced:?}");
}

#[test]
fn the_lower_modules_name_each_other_without_a_circle() {
    let graph = graph();
    let edges = |m: &str| -> Vec<String> {
        graph
            .get(m)
            .map(|tos| {
                tos.keys()
                    .filter(|t| LOWER.contains(&t.as_str()))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    // Depth-first search for a back edge, reporting the circle it closes.
    fn visit(
        m: &str,
        edges: &dyn Fn(&str) -> Vec<String>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut circle = path[i..].to_vec();
            circle.push(m.to_string());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for to in edges(m) {
            if let Some(c) = visit(&to, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for m in LOWER {
        let circle = visit(m, &edges, &mut Vec::new(), &mut done);
        assert!(
            circle.is_none(),
            "import circle: {}",
            circle.unwrap().join(" -> ")
        );
    }
}

#[test]
fn the_source_reader_sees_groups_and_skips_comments() {
    let src = "use crate::{app::Msg, cluster};\n// crate::ui is only mentioned\nlet x = crate::tui::run();\n";
    let names: Vec<String> = named_modules(src).into_iter().collect();
    assert_eq!(names, ["app", "cluster", "tui"]);
}
