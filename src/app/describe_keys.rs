//! Keys in the describe/YAML view, and the ways into it: `d`/`y` (Enter
//! too where it is free) on the row under the cursor of the pods, nodes,
//! workloads and events views, and `:describe`/`:yaml`.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::describe_view::{Content, DescribeView, Format};
use super::{AppState, Effect, Updated};
use crate::cluster::{ObjectKind, ObjectRef};
use crate::describe::kinds;
use crate::viewport::Viewport;

impl AppState {
    /// How many lines of the view fit: the body less its borders.
    pub fn describe_page(&self) -> usize {
        self.pane_page()
    }

    /// The width the lines wrap to (borders and padding taken off).
    fn describe_width(&self) -> usize {
        usize::from(self.nav.size.0.saturating_sub(4)).max(1)
    }

    /// The object under the cursor of the view on screen (`Err`: its
    /// kind, which kon does not read), if there is a row.
    fn target_under_cursor(&self) -> Option<Result<ObjectRef, String>> {
        let known = |kind: &str, ns: &str, name: &str| {
            kinds::object(kind, Some(ns), name).ok_or_else(|| kind.to_string())
        };
        match self.nav.mode {
            Mode::Pods => self
                .selected_pod()
                .map(|p| Ok(ObjectRef::pod(&*p.namespace, &*p.name))),
            Mode::Nodes => self
                .selected_node()
                .map(|n| Ok(ObjectRef::cluster(ObjectKind::Node, &*n.name))),
            Mode::Workloads => self
                .features
                .workloads
                .current(self.workload_rows())
                .map(|w| known(&w.kind, &w.namespace, &w.name)),
            Mode::Events => self
                .features
                .events
                .current(self.event_rows())
                .map(|e| known(&e.regarding.kind, &e.regarding.namespace, &e.regarding.name)),
            _ => None,
        }
    }

    /// `d`/`y` (or Enter) in a table: reads the row under the cursor.
    pub(super) fn describe_selected(&mut self, format: Format) -> Updated {
        match self.target_under_cursor() {
            Some(Ok(t)) => self.open_describe(t, format),
            Some(Err(kind)) => {
                let text = format!("kon does not read {kind} objects (it reads {})", kinds::known());
                self.set_notice(super::NoticeLevel::Warn, super::About::Command, text);
                Updated::changed()
            }
            None => Updated::default(),
        }
    }

    /// Opens the view on `target` and asks for it to be read.
    pub(super) fn open_describe(&mut self, target: ObjectRef, format: Format) -> Updated {
        let request = self.features.describe.request + 1;
        let from = match self.screen() {
            Mode::Describe => self.features.describe.from,
            m => Some(m),
        };
        self.features.describe = DescribeView {
            target: Some(target.clone()),
            format,
            request,
            from,
            ..Default::default()
        };
        self.nav.mode = Mode::Describe;
        self.relayout_describe();
        Updated::effect(Effect::Describe { request, target })
    }

    /// The API answered read `request`: the object or its error.
    pub(super) fn described(&mut self, request: u64, result: Result<serde_json::Value, String>) -> Updated {
        let v = &mut self.features.describe;
        if request != v.request || v.content != Content::Loading {
            return Updated::default();
        }
        v.content = match result {
            Ok(object) => Content::Loaded(std::sync::Arc::new(object)),
            Err(e) => Content::Failed(e),
        };
        self.relayout_describe();
        Updated::changed()
    }

    /// Lays the lines out again (content, form, width or store changed),
    /// keeping the scroll and the search.
    pub(super) fn relayout_describe(&mut self) {
        if self.features.describe.target.is_none() {
            return;
        }
        let width = self.describe_width();
        let page = self.describe_page();
        let v = &mut self.features.describe;
        let lines = match &v.content {
            Content::Loading => vec![vec![("loading…".to_string(), "muted")]],
            Content::Failed(e) => vec![vec![(e.clone(), "error")]],
            Content::Loaded(object) => match v.format {
                Format::Describe => crate::describe::lines(object, &self.live.store, self.live.now),
                Format::Yaml => crate::describe::yaml::lines(object, v.managed_fields),
            },
        };
        v.lines = crate::pages::wrap(lines, width);
        v.find();
        v.scroll.clamp_scroll(v.lines.len(), page);
    }

    pub(super) fn on_describe(&mut self, action: Option<Action>) -> Updated {
        let page = self.describe_page();
        let before = (self.features.describe.scroll, self.features.describe.format);
        let v = &mut self.features.describe;
        let len = v.lines.len();
        let step = Viewport::step(page);
        match action {
            Some(Action::Close) if !v.search.is_empty() => {
                v.search.clear();
                v.matches.clear();
                self.nav.filter_line = TextArea::default();
                return Updated::changed();
            }
            Some(Action::Close) => {
                self.nav.mode = v.from.take().unwrap_or(Mode::Normal);
                return Updated::changed();
            }
            Some(Action::Filter) => return self.open_filter(Mode::Describe),
            Some(a @ (Action::SearchNext | Action::SearchPrev)) => {
                if let Some(line) = v.next_match(a == Action::SearchNext) {
                    v.scroll.scroll_to(line, len, page);
                }
            }
            Some(Action::Describe) => v.format = Format::Describe,
            Some(Action::Yaml) => v.format = Format::Yaml,
            Some(Action::ToggleManagedFields) => {
                v.managed_fields = !v.managed_fields;
                if v.format == Format::Yaml {
                    self.relayout_describe();
                    return Updated::changed();
                }
            }
            Some(Action::Up) => v.scroll.scroll_by(-1, len, page),
            Some(Action::Down) => v.scroll.scroll_by(1, len, page),
            Some(Action::PageUp) => v.scroll.scroll_by(-step, len, page),
            Some(Action::PageDown) => v.scroll.scroll_by(step, len, page),
            Some(Action::Top) => v.scroll.scroll_to(0, len, page),
            Some(Action::Bottom) => v.scroll.scroll_to(usize::MAX, len, page),
            other => {
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        let v = &mut self.features.describe;
        if v.format != before.1 {
            v.scroll = Viewport::default();
            self.relayout_describe();
            return Updated::changed();
        }
        Updated {
            effects: vec![],
            changed: before.0 != self.features.describe.scroll,
        }
    }

    /// The context changed: the object shown was the old cluster's. The
    /// view closes, and a late answer to its read is dropped.
    pub(super) fn close_describe(&mut self) {
        let v = &mut self.features.describe;
        let from = v.from.unwrap_or(Mode::Normal);
        *v = DescribeView {
            request: v.request + 1,
            ..Default::default()
        };
        if self.nav.mode == Mode::Describe {
            self.nav.mode = from;
        }
        if self.nav.return_mode == Mode::Describe {
            self.nav.return_mode = from;
        }
        if self.nav.filter_target == Mode::Describe {
            self.nav.filter_target = from;
            if self.nav.mode == Mode::Filter {
                self.nav.mode = from;
            }
        }
    }

    /// The search changed (typed in the `/` line): go to its first match.
    pub(super) fn search_describe(&mut self) {
        let page = self.describe_page();
        let v = &mut self.features.describe;
        v.find();
        if let Some(line) = v.first_match_from_top() {
            let len = v.lines.len();
            v.scroll.scroll_to(line, len, page);
        }
    }
}
