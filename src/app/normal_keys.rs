//! Keys on the dashboard, and the keys every full-screen view (a pane, the
//! nodes table, the findings list) shares.

use super::action::{Action, Mode};
use super::tiles::{Direction, TileId, move_focus, tile_columns};
use super::{AppState, Effect, Updated};

impl AppState {
    pub(super) fn on_normal(&mut self, action: Option<Action>) -> Updated {
        let Some(action) = action else {
            return Updated::default();
        };
        let count = TileId::ALL.len();
        let columns = tile_columns(self.nav.size.0);
        let findings_focused = self.focused_tile() == TileId::Findings;
        let pods_focused = self.focused_tile() == TileId::Pods;
        let mut move_to = |dir| {
            let new = move_focus(self.nav.focus, count, columns, dir);
            let changed = new != self.nav.focus;
            self.nav.focus = new;
            Updated {
                effects: vec![],
                changed,
            }
        };
        match action {
            Action::Quit => Updated::effect(Effect::Quit),
            Action::Help => self.open_help(),
            Action::Command => self.open_command(),
            Action::Redraw => Updated::effect(Effect::ClearScreen),
            Action::Nodes => self.open_nodes(),
            Action::Workloads => self.open_workloads(),
            Action::Events => self.open_events(),
            Action::Pods => self.open_pods(),
            Action::Fleet => self.open_fleet(),
            Action::Contexts => self.open_context_picker(),
            Action::Namespaces => self.open_namespace_picker(),
            Action::Open if findings_focused => self.open_findings(),
            Action::Open if pods_focused => self.open_pods(),
            Action::Open => {
                self.nav.mode = Mode::Pane;
                self.nav.pane_scroll = Default::default();
                Updated::changed()
            }
            Action::Up => move_to(Direction::Up),
            Action::Down => move_to(Direction::Down),
            Action::Left => move_to(Direction::Left),
            Action::Right => move_to(Direction::Right),
            Action::NextTile => {
                self.nav.focus = (self.nav.focus + 1) % count;
                Updated::changed()
            }
            Action::PrevTile => {
                self.nav.focus = (self.nav.focus + count - 1) % count;
                Updated::changed()
            }
            _ => Updated::default(),
        }
    }

    /// The keys every full-screen view (a pane, the nodes table) shares.
    pub(super) fn on_view_common(&mut self, action: Option<Action>) -> Option<Updated> {
        Some(match action? {
            Action::Close => {
                self.nav.mode = self.nav.jumped_from.take().unwrap_or(Mode::Normal);
                Updated::changed()
            }
            Action::Quit => Updated::effect(Effect::Quit),
            Action::Help => self.open_help(),
            Action::Command => self.open_command(),
            Action::Redraw => Updated::effect(Effect::ClearScreen),
            Action::Contexts => self.open_context_picker(),
            Action::Namespaces => self.open_namespace_picker(),
            _ => return None,
        })
    }

    pub(super) fn open_nodes(&mut self) -> Updated {
        self.nav.mode = Mode::Nodes;
        self.refresh_table();
        Updated::changed()
    }
}
