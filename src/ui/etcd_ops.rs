//! The running (or last) etcd snapshot or defrag, at the bottom of the
//! etcd pane: a progress bar by bytes, or the members done and next.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::AppState;
use crate::app::etcd_ops::{EtcdProgress, bar, defrag_lines};
use crate::config::theme::Theme;

/// The lines to show, if an action ran.
pub fn lines(app: &AppState, width: u16) -> Vec<String> {
    match &app.features.etcd_op {
        None => vec![],
        Some(EtcdProgress::Snapshot { member, progress }) => {
            let w = usize::from(width).saturating_sub(40).clamp(10, 40);
            vec![format!("snapshot of {member}"), bar(progress, w)]
        }
        Some(EtcdProgress::Defrag(run)) => {
            let mut l = vec!["defrag".to_string()];
            l.extend(defrag_lines(run));
            l
        }
    }
}

/// Rows it takes (0: nothing to show), at most a third of `height`.
pub fn height(app: &AppState, width: u16, height: u16) -> u16 {
    let n = lines(app, width).len();
    if n == 0 {
        return 0;
    }
    u16::try_from(n + 1).unwrap_or(u16::MAX).min(height / 3)
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let shown: Vec<Line> = lines(app, area.width)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let scope = if i == 0 { "title" } else { "text" };
            Line::from(Span::styled(l, theme.style(scope)))
        })
        .collect();
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.style("muted"));
    frame.render_widget(Paragraph::new(shown).block(block), area);
}
