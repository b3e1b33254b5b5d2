//! The console's context and namespace pickers, and what a switch does to
//! the state: a new context gets a new generation and an empty store, so
//! nothing of the old cluster is ever shown under the new one's name.

use std::collections::HashMap;
use std::sync::Arc;

use super::action::Mode;
use super::{About, AppState, Connection, Effect, NoticeLevel, Updated};
use crate::ctxns::switcher::Switched;
use crate::picker::{PickItem, Picker};

/// The namespace picker's entry for "every namespace" (parentheses cannot
/// be part of a namespace name, so it never collides with one).
pub const ALL_NAMESPACES: &str = "(all)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickKind {
    Context,
    Namespace,
}

/// An open picker and what it picks.
#[derive(Debug)]
pub struct OpenPicker {
    pub kind: PickKind,
    pub picker: Picker,
}

impl AppState {
    /// A refused kubeconfig write: what happened first (long reasons are
    /// cut at the screen's edge), then why.
    fn readonly_note(&self, hint: &str) -> String {
        let text = format!("read-only, the kubeconfig is not changed ({hint})");
        match self.session.readonly_why.as_str() {
            "" => text,
            why => format!("{text}: {why}"),
        }
    }

    /// The audit record of a kubeconfig write refused in read-only mode.
    fn refused_write(&self, action: &str, target: String) -> Effect {
        Effect::AuditKubeconfig {
            action: action.into(),
            target,
        }
    }

    pub(super) fn open_context_picker(&mut self) -> Updated {
        let items = self.context_items();
        self.open_picker(PickKind::Context, items, vec![Effect::LoadContexts])
    }

    /// The kubeconfig's contexts, the console's own marked current (which
    /// may not be the kubeconfig's).
    fn context_items(&self) -> Vec<PickItem> {
        let current = self.session.target.context.as_deref();
        self.features
            .contexts
            .iter()
            .cloned()
            .map(|mut i| {
                i.current = Some(i.name.as_str()) == current;
                i
            })
            .collect()
    }

    pub(super) fn open_namespace_picker(&mut self) -> Updated {
        let items = namespace_items(&self.live.store, self.session.target.scope.as_deref());
        self.open_picker(PickKind::Namespace, items, vec![])
    }

    fn open_picker(&mut self, kind: PickKind, items: Vec<PickItem>, effects: Vec<Effect>) -> Updated {
        if self.nav.mode != Mode::Picker {
            self.nav.return_mode = self.screen();
        }
        let title = match kind {
            PickKind::Context => "context",
            PickKind::Namespace => "namespace",
        };
        self.features.picker = Some(OpenPicker {
            kind,
            picker: Picker::new(title, items),
        });
        self.nav.mode = Mode::Picker;
        self.clear_notice(About::Command);
        Updated {
            effects,
            changed: true,
        }
    }

    /// The kubeconfig's contexts (read by the event loop), for the picker.
    pub(super) fn contexts_loaded(&mut self, result: Result<Vec<PickItem>, String>) -> Updated {
        match result {
            Ok(items) => {
                self.features.contexts = items;
                let items = self.context_items();
                if let Some(open) = self
                    .features
                    .picker
                    .as_mut()
                    .filter(|p| p.kind == PickKind::Context)
                {
                    open.picker.set_items(items);
                }
            }
            // Read for the picker, the error is news; read for Tab in the
            // command line, completion simply offers no contexts.
            Err(e) if self.nav.mode == Mode::Picker => self.set_notice(NoticeLevel::Error, About::Command, e),
            Err(_) => {}
        }
        Updated::changed()
    }

    /// Asks the event loop to switch to context `name` (and, with `persist`,
    /// to make it the kubeconfig's current context).
    pub(super) fn switch_context(&mut self, name: String, persist: bool) -> Updated {
        if self
            .features
            .drain
            .as_ref()
            .is_some_and(|d| d.phase == super::drain_view::DrainPhase::Running)
        {
            let text = "a drain is running: abort it (ctrl-x) or let it finish before switching context";
            let holds = super::notices::Holds::DrainRunning;
            self.set_condition_notice(NoticeLevel::Error, text.into(), holds);
            return Updated::changed();
        }
        if persist && self.session.readonly {
            let text = self.readonly_note("switch without saving: Enter or :ctx");
            self.set_notice(NoticeLevel::Error, About::Command, text);
            let target = format!("context/{name}");
            return Updated {
                effects: vec![self.refused_write("switch-context", target)],
                changed: true,
            };
        }
        if self.session.target.context.as_deref() == Some(name.as_str()) {
            if persist {
                // Only the kubeconfig changes: the watchers carry on.
                return Updated::effect(Effect::PersistContext { name });
            }
            self.set_notice(
                NoticeLevel::Info,
                About::Command,
                format!("already on context {name}"),
            );
            return Updated::changed();
        }
        self.set_notice(
            NoticeLevel::Info,
            About::Command,
            format!("switching to context {name}…"),
        );
        Updated::effect(Effect::SwitchContext { name, persist })
    }

    /// Scopes the namespaced panes to `scope` (`None`: every namespace);
    /// with `persist`, also sets it as the context's namespace in the kubeconfig.
    /// A namespace the cluster is known not to have is refused, as kubens
    /// does; one that could not be checked (the list is not read) is
    /// shown, saying so, as `kubens --force` does.
    pub(super) fn set_scope(&mut self, scope: Option<String>, persist: bool) -> Updated {
        let unchecked = match scope.as_deref().map(|ns| namespace_check(&self.live.store, ns)) {
            Some(Err(refusal)) => {
                self.set_notice(NoticeLevel::Error, About::Command, refusal);
                return Updated::changed();
            }
            Some(Ok(unchecked)) => unchecked,
            None => None,
        };
        let mut effects = vec![];
        let (level, text) = match &scope {
            Some(ns) if persist && self.session.readonly => {
                let context = self.session.target.context.clone().unwrap_or_default();
                let target = format!("context/{context} namespace/{ns}");
                effects.push(self.refused_write("set-namespace", target));
                (
                    NoticeLevel::Error,
                    self.readonly_note("the panes follow the namespace"),
                )
            }
            // Not known to exist: shown, never written to the kubeconfig.
            Some(ns) if let Some(why) = &unchecked => (
                NoticeLevel::Warn,
                if persist {
                    format!(
                        "namespaced panes show namespace {ns}, not checked ({why}): the kubeconfig is not changed"
                    )
                } else {
                    format!("namespaced panes show namespace {ns}, not checked: {why}")
                },
            ),
            None if persist => (
                NoticeLevel::Warn,
                "every namespace is kon's view only: the kubeconfig keeps its namespace".into(),
            ),
            Some(ns) => {
                if persist && let Some(context) = self.session.target.context.clone() {
                    effects.push(Effect::PersistNamespace {
                        context,
                        namespace: ns.clone(),
                    });
                }
                (NoticeLevel::Info, format!("namespaced panes show namespace {ns}"))
            }
            None => (NoticeLevel::Info, "namespaced panes show every namespace".into()),
        };
        if let Some(ns) = &scope {
            self.session.target.namespace = ns.clone();
        }
        self.session.target.scope = scope;
        self.set_notice(level, About::Command, text);
        let mut o = self.models_stale();
        o.changed = true;
        o.effects.extend(effects);
        o
    }

    /// Shows the context the event loop switched to: everything known about
    /// the old one is dropped, and messages of its watchers are ignored from
    /// now on (the generation moves on).
    pub(super) fn switched(&mut self, s: Switched) -> Updated {
        self.live.generation += 1;
        let context = s.target.context.clone().unwrap_or_default();
        self.session.target = s.target;
        self.session.readonly = s.readonly || self.session.session_readonly;
        self.session.readonly_why = match (s.readonly, self.session.session_readonly) {
            (true, _) => s.readonly_why,
            (false, true) => ":readonly".into(),
            (false, false) => String::new(),
        };
        self.session.readonly_badge = match (s.readonly, self.session.session_readonly) {
            (true, _) => s.readonly_badge,
            (false, true) => ":readonly".into(),
            (false, false) => String::new(),
        };
        self.session.who = s.who;
        self.live.store = Default::default();
        self.live.readyz = None;
        self.live.livez = None;
        self.live.panes = Default::default();
        std::sync::Arc::make_mut(&mut self.live.panes.platform_clues).configured = s.platform;
        self.live.local.found.remove(&crate::certs::Origin::Serving);
        self.live.local.found.remove(&crate::certs::Origin::Kubeconfig);
        if !s.kubeconfig_certs.is_empty() {
            self.live
                .local
                .report(crate::certs::Origin::Kubeconfig, s.kubeconfig_certs);
        }
        self.features.nodes_table = Default::default();
        self.features.confirm = None;
        self.features.ask = None;
        self.features.findings_list = Default::default();
        self.features.drain = None;
        // A log of the old context's pod is not this context's.
        self.features.logs.view = None;
        self.features.logs.pick_pod = None;
        self.close_describe();
        self.clear_notice(About::Connection);
        self.live.connection = match s.problem {
            Some(why) => {
                self.set_notice(NoticeLevel::Error, About::Connection, why.clone());
                Connection::NoContext(why)
            }
            None => Connection::Connecting,
        };
        let text = match s.saved {
            Some(Ok(what)) => (
                NoticeLevel::Info,
                format!("switched to context {context}; {what}"),
            ),
            Some(Err(why)) => (
                NoticeLevel::Error,
                format!("switched to context {context} in kon only: {why}"),
            ),
            None => (
                NoticeLevel::Info,
                format!("switched to context {context} (kubeconfig unchanged)"),
            ),
        };
        self.set_notice(text.0, About::Command, text.1);
        if matches!(self.nav.mode, Mode::Drain) {
            self.nav.mode = Mode::Nodes;
        }
        if matches!(self.nav.mode, Mode::Logs) {
            self.nav.mode = Mode::Normal;
        }
        self.refresh_table();
        let mut o = self.models_stale();
        o.changed = true;
        o
    }
}

/// Whether the panes may show namespace `ns`: refused (kubens's words) when
/// the namespace list is read and lacks it; `Ok(Some(why))` when the list
/// could not be read, so its existence is unknown.
pub fn namespace_check(store: &crate::cluster::store::Store, ns: &str) -> Result<Option<String>, String> {
    use crate::cluster::store::SyncState;
    let list = &store.namespaces;
    if list.items.contains_key(ns) {
        return Ok(None);
    }
    match &list.state {
        SyncState::Synced => Err(format!("no namespace exists with name \"{ns}\"")),
        SyncState::NotStarted | SyncState::Syncing { .. } => {
            Ok(Some("the namespace list is still loading".into()))
        }
        SyncState::Stale { reason, .. } => Ok(Some(format!(
            "not in the namespace list as last read (now stale: {reason})"
        ))),
        SyncState::Forbidden { verb, resource } => Ok(Some(format!("you may not {verb} {resource}"))),
        SyncState::Unreachable { reason } => Ok(Some(format!("namespaces not read: {reason}"))),
        SyncState::Absent => Ok(Some("the API serves no namespaces".into())),
    }
}

/// The namespace picker's items: every namespace first, then the cluster's
/// namespaces by name with their pod count.
pub fn namespace_items(store: &crate::cluster::store::Store, scope: Option<&str>) -> Vec<PickItem> {
    let mut pods: HashMap<&Arc<str>, usize> = HashMap::new();
    for (ns, _) in store.pods.items.keys() {
        *pods.entry(ns).or_default() += 1;
    }
    let mut names: Vec<&Arc<str>> = store.namespaces.items.keys().collect();
    names.sort();
    let mut items = vec![PickItem {
        name: ALL_NAMESPACES.into(),
        detail: "every namespace".into(),
        current: scope.is_none(),
    }];
    items.extend(names.into_iter().map(|ns| {
        let record = &store.namespaces.items[ns];
        let count = pods.get(ns).copied().unwrap_or(0);
        let mut detail = format!("{count} pod{}", if count == 1 { "" } else { "s" });
        if record.terminating {
            detail.push_str(", terminating");
        }
        PickItem {
            name: ns.to_string(),
            detail,
            current: scope == Some(&**ns),
        }
    }));
    items
}
