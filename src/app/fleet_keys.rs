//! Keys in the fleet view, and what the fleet worker says: `F` (or
//! `:fleet`, or `kon --fleet`) opens the view and starts the worker
//! (every context probed now, then every `[fleet] refresh`), `r` probes
//! again now, Enter switches the console to the context under the cursor
//! (the context picker's switch), Esc returns and stops the worker.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::fleet_columns::{Column, shown_columns};
use super::fleet_view::FleetUpdate;
use super::{AppState, Effect, Updated};

impl AppState {
    /// How many rows of the fleet view fit: the table page less the
    /// detail lines under it.
    pub fn fleet_page(&self) -> usize {
        self.table_page()
            .saturating_sub(super::fleet_view::DETAIL_ROWS)
            .max(1)
    }

    /// Opens the fleet view and starts a new probe session (the rows of the
    /// last one stay on screen until their context answers again).
    pub fn open_fleet(&mut self) -> Updated {
        self.nav.mode = Mode::Fleet;
        self.refresh_fleet();
        self.probe_fleet()
    }

    /// A new worker session: every context probed now, then every refresh.
    fn probe_fleet(&mut self) -> Updated {
        let f = &mut self.features.fleet;
        f.session += 1;
        f.running = true;
        Updated::effect(Effect::ProbeFleet { session: f.session })
    }

    /// Sorts and filters the fleet view again.
    pub(super) fn refresh_fleet(&mut self) {
        let page = self.fleet_page();
        self.features.fleet.refresh(page);
    }

    /// After a resize: a sort on a column no longer shown goes back to the
    /// verdict (worst first).
    pub(super) fn keep_fleet_sort_on_screen(&mut self) {
        let f = &mut self.features.fleet;
        if !shown_columns(self.nav.size.0).contains(&f.sort) {
            f.sort = Column::Verdict;
            f.reversed = false;
        }
    }

    /// What the fleet worker of `session` said at `at_ms`.
    pub(super) fn on_fleet_update(&mut self, session: u64, at_ms: i64, update: FleetUpdate) -> Updated {
        if !self.features.fleet.apply(session, at_ms, update) {
            return Updated::default();
        }
        self.refresh_fleet();
        Updated {
            effects: vec![],
            changed: self.screen() == Mode::Fleet,
        }
    }

    /// Leaves the view: the worker stops (the fleet is probed only while shown).
    fn close_fleet(&mut self) -> Updated {
        self.nav.mode = self.nav.jumped_from.take().unwrap_or(Mode::Normal);
        self.features.fleet.running = false;
        Updated::effect(Effect::StopFleet)
    }

    pub(super) fn on_fleet(&mut self, action: Option<Action>) -> Updated {
        let page = self.fleet_page();
        let before = self.features.fleet.clone();
        let shown_cols = shown_columns(self.nav.size.0);
        let f = &mut self.features.fleet;
        let step = isize::try_from(page).unwrap_or(isize::MAX);
        match action {
            Some(Action::Close) if !f.filter.is_empty() => {
                f.filter.clear();
                self.nav.filter_line = TextArea::default();
                self.refresh_fleet();
            }
            Some(Action::Close) => return self.close_fleet(),
            Some(Action::Filter) => return self.open_filter(Mode::Fleet),
            Some(Action::Refresh) => return self.probe_fleet(),
            Some(a @ (Action::Sort | Action::SortBack)) => {
                let n = shown_cols.len().max(1);
                let i = shown_cols.iter().position(|c| *c == f.sort).unwrap_or(0);
                let step = if a == Action::Sort { 1 } else { n - 1 };
                f.sort = shown_cols.get((i + step) % n).copied().unwrap_or(Column::Verdict);
                f.reversed = false;
                self.refresh_fleet();
            }
            Some(Action::Reverse) => {
                f.reversed = !f.reversed;
                self.refresh_fleet();
            }
            Some(Action::Open) => {
                let Some(name) = f.current().map(|e| e.context.clone()) else {
                    return Updated::default();
                };
                let persist = self.session.persist_switches;
                let mut o = self.switch_context(name, persist);
                // Switching: the console shows that context; the fleet rests.
                if o.effects
                    .iter()
                    .any(|e| matches!(e, Effect::SwitchContext { .. }))
                {
                    let mut closed = self.close_fleet();
                    o.effects.append(&mut closed.effects);
                }
                return o;
            }
            Some(Action::Up) => f.move_by(-1, page),
            Some(Action::Down) => f.move_by(1, page),
            Some(Action::PageUp) => f.move_by(-step, page),
            Some(Action::PageDown) => f.move_by(step, page),
            Some(Action::Top) => f.to(0, page),
            Some(Action::Bottom) => f.to(usize::MAX, page),
            other => {
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        Updated {
            effects: vec![],
            changed: before != self.features.fleet,
        }
    }
}
