//! Drawing: `render(&AppState, &Theme, &mut Frame)`. Reads state, never
//! mutates it; every function here is a pure view of the state.

mod ask;
mod confirm;
mod cursor_marker;
mod dashboard;
mod describe;
mod drain;
mod etcd_ops;
mod events;
mod findings;
mod fleet;
mod footer;
mod header;
mod help;
mod logs;
mod nodes;
mod pane;
mod picker;
mod pods;
pub mod text;
mod workloads;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};

use crate::app::AppState;
use crate::app::action::Mode;
use crate::config::theme::Theme;

pub use header::header_segments;

/// Draws the whole screen.
pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    frame.buffer_mut().set_style(area, theme.style("text"));
    // Notices wrap, within three rows (two on a small screen, none on a tiny one).
    let heights = crate::app::notices::heights(&app.nav.notices, area.width, area.height);
    let notice_rows = heights.iter().sum::<usize>() as u16;
    let [head, body, notice, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(notice_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    header::render(app, theme, frame, head);
    match app.screen() {
        Mode::Pane => pane::render(app, theme, frame, body),
        Mode::Nodes => nodes::render(app, theme, frame, body),
        Mode::Pods => pods::render(app, theme, frame, body),
        Mode::Findings => findings::render(app, theme, frame, body),
        Mode::Workloads => workloads::render(app, theme, frame, body),
        Mode::Events => events::render(app, theme, frame, body),
        Mode::Drain => drain::render(app, theme, frame, body),
        Mode::Logs => logs::render(app, theme, frame, body),
        Mode::Describe => describe::render(app, theme, frame, body),
        Mode::Fleet => fleet::render(app, theme, frame, body),
        _ => dashboard::render(app, theme, frame, body),
    }
    let mut rows = notice.rows();
    for (n, h) in app.nav.notices.iter().zip(heights) {
        let area: Vec<_> = rows.by_ref().take(h).collect();
        footer::render_notice(n, theme, frame, &area);
    }
    footer::render(app, theme, frame, foot);
    if let Some(c) = app
        .features
        .confirm
        .as_ref()
        .filter(|_| app.nav.mode == Mode::Nodes)
    {
        confirm::render(app, c, theme, frame, body);
    }
    if let Some(a) = &app.features.ask {
        ask::render(app, a, theme, frame, body);
    }
    if app.features.ask_quit {
        confirm::render_quit(app, theme, frame, body);
    }
    if app.nav.mode == Mode::Help {
        help::render(app, theme, frame, body);
    }
    if app.nav.mode == Mode::Picker {
        picker::render(app, theme, frame, body);
    }
}
#[cfg(test)]
mod ask_snapshots;
#[cfg(test)]
mod describe_snapshots;
#[cfg(test)]
mod etcd_ops_snapshots;
#[cfg(test)]
mod events_snapshots;
#[cfg(test)]
mod fleet_snapshots;
#[cfg(test)]
mod logs_snapshots;
#[cfg(test)]
mod pane_snapshots;
#[cfg(test)]
mod pane_snapshots_certs;
#[cfg(test)]
mod pane_snapshots_etcd;
#[cfg(test)]
mod pane_snapshots_managed;
#[cfg(test)]
mod picker_snapshots;
#[cfg(test)]
mod pods_snapshots;
#[cfg(test)]
mod visible_snapshots;
#[cfg(test)]
mod workloads_snapshots;
