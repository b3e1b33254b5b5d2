//! Reading the kubeconfig files and changing them safely: every change goes
//! to the file that holds what it changes, under kubectl's `<file>.lock`,
//! re-read and re-checked inside the lock.

use std::borrow::Cow;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::kubeconfig::{self, EditError, Merged, UpdateError};

/// How long a write waits for another writer's lock before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// The merged kubeconfig and the text of each file as it was read.
pub struct Loaded {
    pub merged: Merged,
    texts: Vec<(PathBuf, String)>,
    /// Edits made while loading: the file, the edits, their result on the text read.
    prepared: Option<Prepared>,
}

type Prepared = (PathBuf, Vec<Edit>, Result<String, EditError>);

impl Loaded {
    fn text(&self, path: &Path) -> Option<&str> {
        self.texts
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, t)| t.as_str())
    }

    /// The current context's name, `""` when unset (as Go reports it).
    pub fn current(&self) -> &str {
        self.merged.current_context.as_deref().unwrap_or("")
    }

    /// The file holding context `name`.
    pub fn file_of(&self, name: &str) -> Option<PathBuf> {
        self.merged.context(name).map(|c| c.file.clone())
    }

    /// Where `current-context` is written.
    pub fn current_target(&self) -> Result<PathBuf, String> {
        self.merged
            .current_context_target()
            .ok_or_else(|| "no kubeconfig file to write to".to_string())
    }

    /// The namespace of context `name` (`default` when it sets none), or
    /// Go's error when the context does not exist.
    pub fn namespace_of(&self, name: &str) -> Result<String, String> {
        let ctx = self
            .merged
            .context(name)
            .ok_or_else(|| format!("context with name \"{name}\" not found"))?;
        Ok(ctx
            .namespace
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "default".into()))
    }
}

/// Why the kubeconfig could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// None of the files exists (Go: "kubeconfig file not found").
    NotFound(PathBuf),
    Other(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound(p) => write!(
                f,
                "failed to load: kubeconfig file not found: open {}: no such file or directory",
                p.display()
            ),
            Self::Other(m) => f.write_str(m),
        }
    }
}

/// Reads and merges `files` (missing ones skipped, as kubectl does).
pub fn load(files: &[PathBuf]) -> Result<Loaded, LoadError> {
    load_preparing(files, None)
}

/// Like [`load`]; with a single kubeconfig file (the usual case) that the
/// fast reader understands, `edits` of it are prepared from the same scan,
/// so a switch reads and checks the file once.
pub fn load_preparing(files: &[PathBuf], edits: Option<&[Edit]>) -> Result<Loaded, LoadError> {
    let Some(first) = files.first() else {
        return Err(LoadError::Other(
            "failed to load: cannot determine kubeconfig path: HOME or USERPROFILE environment variable not set"
                .into(),
        ));
    };
    let mut read = Vec::with_capacity(files.len());
    for path in files {
        match std::fs::read_to_string(path) {
            Ok(t) => read.push((path.clone(), Some(t))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => read.push((path.clone(), None)),
            Err(e) => {
                return Err(LoadError::Other(format!(
                    "failed to load: {}: {e}",
                    path.display()
                )));
            }
        }
    }
    if read.iter().all(|(_, t)| t.is_none()) {
        return Err(LoadError::NotFound(first.clone()));
    }
    let (merged, prepared) = match (edits, read.as_slice()) {
        // The fast reader understands the file: its one scan serves both
        // the merge and the edit, which then needs no parse to be verified.
        (Some(edits), [(path, Some(text))]) => match kubeconfig::scan(text) {
            Some(kubeconfig::Scan { raw, layout }) => {
                let mut raw = Some(raw);
                let merged = kubeconfig::merge_parsed(&read, |p, t| match raw.take() {
                    Some(raw) => Ok(raw),
                    None => kubeconfig::read_raw(p, t),
                });
                let prepared = edit_all(path, text, edits, false, Some(&layout));
                (merged, Some((path.clone(), edits.to_vec(), prepared)))
            }
            // Outside the fast reader's layouts the edit is made under the lock.
            None => (kubeconfig::merge(&read), None),
        },
        _ => (kubeconfig::merge(&read), None),
    };
    let merged = merged.map_err(|e| LoadError::Other(e.to_string()))?;
    let texts = read.into_iter().filter_map(|(p, t)| t.map(|t| (p, t))).collect();
    Ok(Loaded {
        merged,
        texts,
        prepared,
    })
}

/// One change to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Sets `current-context`; when `check` names a context of this file,
    /// it must still be there (re-checked if the file changed since read).
    Current {
        name: String,
        check: Option<String>,
    },
    Namespace {
        context: String,
        namespace: Option<String>,
    },
    Rename {
        old: String,
        new: String,
    },
    Delete(String),
}

/// Applies `edits` to `path` in one locked update; whether it was written.
///
/// The edit (parsing and verifying the whole file, the slow part on a big
/// kubeconfig) is made before the lock is taken, on the text as it was
/// read; inside the lock it is only redone if the file changed meanwhile.
/// The lock is held for a read, a comparison and a write: a writer killed
/// at a random moment rarely leaves a stale lock behind.
pub fn apply(loaded: &Loaded, path: &Path, edits: &[Edit]) -> Result<bool, UpdateError> {
    let before = loaded.text(path);
    let prepared = before.map(|t| match &loaded.prepared {
        Some((p, e, result)) if p == path && e == edits => (t, result.clone()),
        _ => (t, edit_all(path, t, edits, false, None)),
    });
    kubeconfig::update_locked(path, LOCK_WAIT, move |text| match prepared {
        Some((read, result)) if read == text => result,
        _ => edit_all(path, text, edits, true, None),
    })
}

/// The edits applied in order to `text`; `recheck`: the text is not the
/// one that was checked when loaded, so a context a switch needs must be
/// looked for again; `layout`: what the fast reader found in `text`
/// (`None`: not scanned yet).
fn edit_all(
    path: &Path,
    text: &str,
    edits: &[Edit],
    recheck: bool,
    layout: Option<&kubeconfig::Layout>,
) -> Result<String, EditError> {
    let mut out = Cow::Borrowed(text);
    for (i, edit) in edits.iter().enumerate() {
        // The layout is that of the text as read, before any edit.
        let layout = layout.filter(|_| i == 0);
        out = Cow::Owned(match edit {
            Edit::Current { name, check } => {
                if let Some(c) = check
                    && recheck
                    && !has_context(path, text, c)
                {
                    return Err(EditError::NoContext(c.clone()));
                }
                match layout {
                    Some(layout) => kubeconfig::set_current_context_in(&out, name, Some(layout))?,
                    None => kubeconfig::set_current_context(&out, name)?,
                }
            }
            Edit::Namespace { context, namespace } => {
                kubeconfig::set_namespace(&out, context, namespace.as_deref())?
            }
            Edit::Rename { old, new } => kubeconfig::rename_context(&out, old, new)?,
            Edit::Delete(name) => kubeconfig::delete_context(&out, name)?,
        });
    }
    Ok(out.into_owned())
}

/// Whether the file text defines context `name`.
fn has_context(path: &Path, text: &str, name: &str) -> bool {
    kubeconfig::merge(&[(path.to_path_buf(), Some(text.to_string()))])
        .is_ok_and(|m| m.context(name).is_some())
}

/// Whether the failure is a context that vanished since the file was read.
pub fn vanished(e: &UpdateError) -> bool {
    matches!(
        e,
        UpdateError::Edit {
            source: EditError::NoContext(_),
            ..
        }
    )
}

/// The failure in words; a lock held by someone else is named so that a
/// stale one (left by a killed writer) can be removed.
pub fn describe(e: &UpdateError) -> String {
    match e {
        UpdateError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists => format!(
            "{e} (another kubectl or kubectx is writing it; if none is, remove the stale {})",
            lock_path_of(e).display()
        ),
        _ => e.to_string(),
    }
}

fn lock_path_of(e: &UpdateError) -> PathBuf {
    let path = match e {
        UpdateError::Io { path, .. } | UpdateError::Edit { path, .. } => path,
    };
    let mut s = path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Applies edits grouped by file, in the order the files first appear.
pub fn apply_all(loaded: &Loaded, plan: &[(PathBuf, Edit)]) -> Result<(), UpdateError> {
    let mut files: Vec<&PathBuf> = Vec::new();
    for (p, _) in plan {
        if !files.contains(&p) {
            files.push(p);
        }
    }
    for file in files {
        let edits: Vec<Edit> = plan
            .iter()
            .filter(|(p, _)| p == file)
            .map(|(_, e)| e.clone())
            .collect();
        apply(loaded, file, &edits)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "contexts:\n- name: a\n  context:\n    cluster: c\n- name: b\n  context:\n    cluster: c\ncurrent-context: a\n";

    fn setup() -> (tempfile::TempDir, PathBuf, Loaded) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, TEXT).unwrap();
        let loaded = load(std::slice::from_ref(&path)).unwrap();
        (dir, path, loaded)
    }

    fn switch_to(name: &str) -> Edit {
        Edit::Current {
            name: name.into(),
            check: Some(name.into()),
        }
    }

    #[test]
    fn a_context_deleted_meanwhile_is_noticed_inside_the_lock() {
        let (_dir, path, loaded) = setup();
        // Another writer removes b after we read the file.
        std::fs::write(&path, kubeconfig::delete_context(TEXT, "b").unwrap()).unwrap();
        let e = apply(&loaded, &path, &[switch_to("b")]).unwrap_err();
        assert!(vanished(&e), "{e}");
        assert!(
            !std::fs::read_to_string(&path)
                .unwrap()
                .contains("current-context: b")
        );
    }

    #[test]
    fn a_change_made_meanwhile_is_kept() {
        let (_dir, path, loaded) = setup();
        let other = kubeconfig::set_namespace(TEXT, "a", Some("ops")).unwrap();
        std::fs::write(&path, &other).unwrap();
        assert!(apply(&loaded, &path, &[switch_to("b")]).unwrap());
        let now = std::fs::read_to_string(&path).unwrap();
        assert_eq!(now, other.replace("current-context: a", "current-context: b"));
    }

    #[test]
    fn unchanged_file_takes_the_prepared_edit() {
        let (_dir, path, loaded) = setup();
        assert!(apply(&loaded, &path, &[switch_to("b")]).unwrap());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            TEXT.replace("current-context: a", "current-context: b")
        );
        assert!(!apply(&loaded, &path, &[Edit::Delete("zz".into())]).is_ok_and(|w| w));
    }

    #[test]
    fn an_edit_prepared_while_loading_is_used_unless_the_file_changed() {
        let (_dir, path, _) = setup();
        let edits = [switch_to("b")];
        let loaded = load_preparing(std::slice::from_ref(&path), Some(&edits)).unwrap();
        assert!(loaded.prepared.as_ref().is_some_and(|(_, _, r)| r.is_ok()));
        assert!(apply(&loaded, &path, &edits).unwrap());
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .ends_with("current-context: b\n")
        );

        // Prepared on a text that another writer has replaced since: redone.
        std::fs::write(&path, TEXT).unwrap();
        let loaded = load_preparing(std::slice::from_ref(&path), Some(&edits)).unwrap();
        let other = kubeconfig::delete_context(TEXT, "b").unwrap();
        std::fs::write(&path, &other).unwrap();
        assert!(vanished(&apply(&loaded, &path, &edits).unwrap_err()));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), other);
    }

    #[test]
    fn a_held_lock_is_named() {
        let (_dir, path, loaded) = setup();
        let lock = kubeconfig::Lock::acquire(&path).unwrap();
        let e =
            kubeconfig::update_locked(&path, Duration::from_millis(20), |t| Ok(t.to_string())).unwrap_err();
        let text = describe(&e);
        assert!(
            text.contains(&format!("remove the stale {}.lock", path.display())),
            "{text}"
        );
        drop(lock);
        assert!(apply(&loaded, &path, &[switch_to("b")]).is_ok());
    }

    #[test]
    fn nothing_to_read() {
        assert!(matches!(load(&[]), Err(LoadError::Other(m)) if m.contains("HOME or USERPROFILE")));
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        assert_eq!(
            load(std::slice::from_ref(&missing)).err(),
            Some(LoadError::NotFound(missing))
        );
    }
}
