//! kubectl's rules for merging the files of `KUBECONFIG`.
//!
//! Files are taken in order, duplicates removed and missing files skipped.
//! The first file to set a named entry (context, cluster, user) wins, and
//! `current-context` comes from the first file that sets it. Inside one file
//! a later entry of the same name replaces an earlier one, as kubectl's
//! list-to-map conversion does.
//!
//! Each file is read by the fast reader (`fast`) when it understands the
//! layout, else by serde-saphyr, which also reports the errors.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::error::FileError;

/// A context of the merged configuration, with the file that defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub name: String,
    pub cluster: Option<String>,
    pub user: Option<String>,
    pub namespace: Option<String>,
    pub file: PathBuf,
}

/// A cluster of the merged configuration, with the file that defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub name: String,
    pub server: Option<String>,
    pub file: PathBuf,
}

/// The merged view of the kubeconfig files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// The files in loading order, duplicates removed (missing ones included).
    pub files: Vec<PathBuf>,
    /// The files that exist, in loading order.
    pub present: Vec<PathBuf>,
    /// `current-context`, when some file sets it to a non-empty value.
    pub current_context: Option<String>,
    /// The file `current-context` was taken from.
    pub current_context_file: Option<PathBuf>,
    /// Contexts in order of first appearance.
    pub contexts: Vec<Context>,
    pub clusters: Vec<Cluster>,
    /// User names with the file that defines each.
    pub users: Vec<(String, PathBuf)>,
}

impl Merged {
    pub fn context(&self, name: &str) -> Option<&Context> {
        self.contexts.iter().find(|c| c.name == name)
    }

    pub fn cluster(&self, name: &str) -> Option<&Cluster> {
        self.clusters.iter().find(|c| c.name == name)
    }

    /// The current context's entry, when it names an existing context.
    pub fn current(&self) -> Option<&Context> {
        self.current_context.as_deref().and_then(|n| self.context(n))
    }

    /// The file kubectl writes `current-context` to: the first file that
    /// sets it; otherwise kubectl's default file (the only file, else the
    /// first existing one, else the last one). `None` with no files at all.
    pub fn current_context_target(&self) -> Option<PathBuf> {
        if let Some(file) = &self.current_context_file {
            return Some(file.clone());
        }
        if self.files.len() == 1 {
            return self.files.first().cloned();
        }
        self.present.first().or_else(|| self.files.last()).cloned()
    }
}

/// The files to load: the entries of `KUBECONFIG` (empty ones dropped,
/// duplicates removed) when it is set and non-empty, else `~/.kube/config`.
pub fn kubeconfig_paths(env: Option<&OsStr>, home: Option<&Path>) -> Vec<PathBuf> {
    let from_env: Vec<PathBuf> = env
        .map(|v| {
            std::env::split_paths(v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    if from_env.is_empty() {
        return home
            .map(|h| vec![h.join(".kube").join("config")])
            .unwrap_or_default();
    }
    dedup(from_env)
}

fn dedup(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = HashSet::new();
    paths.into_iter().filter(|p| seen.insert(p.clone())).collect()
}

/// Reads and merges `paths`; a missing file is skipped, any other read error
/// or a malformed file is an error.
pub fn load(paths: &[PathBuf]) -> Result<Merged, FileError> {
    let mut files = Vec::new();
    for path in dedup(paths.to_vec()) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(FileError::new(&path, e.to_string())),
        };
        files.push((path, text));
    }
    merge(&files)
}

/// Merges already-read files (`None`: the file does not exist).
pub fn merge(files: &[(PathBuf, Option<String>)]) -> Result<Merged, FileError> {
    merge_parsed(files, read_raw)
}

/// Like [`merge`], with `raw_of` reading each present file's text.
pub(crate) fn merge_parsed(
    files: &[(PathBuf, Option<String>)],
    mut raw_of: impl FnMut(&Path, &str) -> Result<RawConfig, FileError>,
) -> Result<Merged, FileError> {
    let mut merged = Merged::default();
    let mut seen_files = HashSet::new();
    let (mut contexts, mut clusters, mut users) = (HashSet::new(), HashSet::new(), HashSet::new());
    for (path, text) in files {
        if !seen_files.insert(path.clone()) {
            continue;
        }
        merged.files.push(path.clone());
        let Some(text) = text else { continue };
        merged.present.push(path.clone());
        let raw = raw_of(path, text)?;
        if merged.current_context.is_none()
            && let Some(cur) = raw.current_context.filter(|c| !c.is_empty())
        {
            merged.current_context = Some(cur);
            merged.current_context_file = Some(path.clone());
        }
        for c in last_wins(raw.contexts.unwrap_or_default(), |c| &c.name) {
            if contexts.insert(c.name.clone()) {
                let spec = c.context.unwrap_or_default();
                merged.contexts.push(Context {
                    name: c.name,
                    cluster: spec.cluster,
                    user: spec.user,
                    namespace: spec.namespace,
                    file: path.clone(),
                });
            }
        }
        for c in last_wins(raw.clusters.unwrap_or_default(), |c| &c.name) {
            if clusters.insert(c.name.clone()) {
                let server = c.cluster.and_then(|c| c.server);
                merged.clusters.push(Cluster {
                    name: c.name,
                    server,
                    file: path.clone(),
                });
            }
        }
        for u in last_wins(raw.users.unwrap_or_default(), |u| &u.name) {
            if users.insert(u.name.clone()) {
                merged.users.push((u.name, path.clone()));
            }
        }
    }
    Ok(merged)
}

/// Keeps, for each name, the last entry (at the position of the first).
fn last_wins<T>(items: Vec<T>, name: impl Fn(&T) -> &String) -> Vec<T> {
    // For each name in order of first appearance, the index of its last entry.
    let picks: Vec<usize> = {
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            last.insert(name(item), i);
        }
        if last.len() == items.len() {
            return items;
        }
        let mut seen = HashSet::with_capacity(last.len());
        items
            .iter()
            .filter(|item| seen.insert(name(item).as_str()))
            .filter_map(|item| last.get(name(item).as_str()).copied())
            .collect()
    };
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    picks
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "kebab-case")]
pub(crate) struct RawConfig {
    pub current_context: Option<String>,
    pub contexts: Option<Vec<RawContextEntry>>,
    pub clusters: Option<Vec<RawClusterEntry>>,
    pub users: Option<Vec<RawUserEntry>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct RawContextEntry {
    pub name: String,
    #[serde(default)]
    pub context: Option<RawContext>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub(crate) struct RawContext {
    pub cluster: Option<String>,
    pub user: Option<String>,
    pub namespace: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct RawClusterEntry {
    pub name: String,
    #[serde(default)]
    pub cluster: Option<RawCluster>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub(crate) struct RawCluster {
    pub server: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub(crate) struct RawUserEntry {
    pub name: String,
}

/// True when `text` holds no YAML content (only blanks, comments, markers).
pub(super) fn is_empty_document(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 1 << 32,
            max_nodes: 1 << 31,
            max_documents: 1 << 24,
            max_total_scalar_bytes: 1 << 33,
            max_depth: 128,
        },
        strict_booleans: true,
        with_snippet: false,
    }
}

/// Parses `text` as `T`; an error carries path:line:column.
pub(crate) fn parse_as<T: serde::de::DeserializeOwned + Default>(
    path: &Path,
    text: &str,
) -> Result<T, FileError> {
    use serde_saphyr::MessageFormatter;
    if is_empty_document(text) {
        return Ok(T::default());
    }
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|e| {
        let message = serde_saphyr::DefaultMessageFormatter
            .format_message(e.without_snippet())
            .into_owned();
        let position = e.location().map(|l| {
            (
                usize::try_from(l.line()).unwrap_or(0),
                usize::try_from(l.column()).unwrap_or(0),
            )
        });
        FileError {
            path: path.to_path_buf(),
            position: position.filter(|p| p.0 > 0),
            message,
        }
    })
}

pub(crate) fn parse(path: &Path, text: &str) -> Result<RawConfig, FileError> {
    parse_as(path, text)
}

/// Reads one file's text: the fast reader when it understands the layout,
/// else the full parser.
pub(crate) fn read_raw(path: &Path, text: &str) -> Result<RawConfig, FileError> {
    match super::fast::scan(text) {
        Some(scan) => Ok(scan.raw),
        None => parse(path, text),
    }
}

#[cfg(test)]
#[path = "merge_tests.rs"]
pub(super) mod tests;
