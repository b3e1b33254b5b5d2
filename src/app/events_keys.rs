//! Keys in the events view.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::{AppState, Updated};

impl AppState {
    /// The event rows (empty until Events are known).
    pub fn event_rows(&self) -> &[crate::signals::events::EventRow] {
        self.live.panes.events.as_deref().unwrap_or(&[])
    }

    /// How many events fit: the table page less the detail lines.
    pub fn events_page(&self) -> usize {
        self.table_page()
            .saturating_sub(super::events_view::DETAIL_ROWS)
            .max(1)
    }

    pub(super) fn open_events(&mut self) -> Updated {
        self.nav.mode = Mode::Events;
        self.refresh_events();
        Updated::changed()
    }

    pub(super) fn refresh_events(&mut self) {
        let page = self.events_page();
        let rows = self.live.panes.events.as_deref().unwrap_or(&[]);
        self.features.events.refresh(rows, page);
    }

    pub(super) fn on_events(&mut self, action: Option<Action>) -> Updated {
        let page = self.events_page();
        let before = self.features.events.clone();
        let step = isize::try_from(page).unwrap_or(isize::MAX);
        let v = &mut self.features.events;
        match action {
            Some(Action::Close) if !v.filter.is_empty() => {
                v.filter.clear();
                self.nav.filter_line = TextArea::default();
                self.refresh_events();
            }
            Some(Action::Filter) => return self.open_filter(Mode::Events),
            Some(Action::ToggleNormal) => {
                v.normal = !v.normal;
                v.view.cursor = 0;
                self.refresh_events();
            }
            Some(Action::Describe) => return self.describe_selected(super::describe_view::Format::Describe),
            Some(Action::Yaml) => return self.describe_selected(super::describe_view::Format::Yaml),
            Some(Action::Up) => v.move_by(-1, page),
            Some(Action::Down) => v.move_by(1, page),
            Some(Action::PageUp) => v.move_by(-step, page),
            Some(Action::PageDown) => v.move_by(step, page),
            Some(Action::Top) => v.to(0, page),
            Some(Action::Bottom) => v.to(usize::MAX, page),
            other => {
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        Updated {
            effects: vec![],
            changed: before != self.features.events,
        }
    }
}
