//! The header line: context, server, namespace, platform, connection,
//! read-only badge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::text::{truncate, truncate_middle, width};
use crate::app::AppState;
use crate::cluster::store::SyncState;
use crate::config::theme::Theme;

const SEP: &str = " │ ";

/// The header as (text, theme scope) pieces fitted to `cols` columns: the
/// server is shortened first, then dropped, then the context shortened.
pub fn header_segments(app: &AppState, cols: usize) -> Vec<(String, &'static str)> {
    let context = app
        .session
        .target
        .context
        .clone()
        .unwrap_or_else(|| "(no context)".into());
    let server = app.session.target.server.clone().unwrap_or_default();
    let namespace = app.session.target.scope.clone().unwrap_or_else(|| "all".into());
    let mut conn = app.live.connection.label();
    let mut conn_scope = app.live.connection.scope();
    // Once connected, the worst watch state says whether the data is whole.
    let (kind, sync) = app.live.store.worst();
    if matches!(app.live.connection, crate::cluster::Connection::Connected { .. })
        && !matches!(
            sync,
            SyncState::Synced | SyncState::NotStarted | SyncState::Absent
        )
    {
        conn = format!(
            "{conn} · {} {}",
            kind.resource().split('.').next().unwrap_or(""),
            sync.label()
        );
        conn_scope = match sync {
            SyncState::Stale { .. } => "warn",
            SyncState::Forbidden { .. } | SyncState::Unreachable { .. } => "crit",
            _ => "muted",
        };
    }
    let platform = platform_label(app);
    let drain = drain_badge(app);
    // The badge says why when there is room: ` READ-ONLY: config.toml contexts."prod-*" `.
    let long_badge = (app.session.readonly && !app.session.readonly_badge.is_empty())
        .then(|| format!(" READ-ONLY: {} ", app.session.readonly_badge));
    let short_badge = app.session.readonly.then(|| " READ-ONLY ".to_string());

    let fixed = |ctx: &str, badge: Option<&str>| {
        width(" kon")
            + width(SEP)
            + width("ctx ")
            + width(ctx)
            + width(SEP)
            + width("ns ")
            + width(&namespace)
            + platform.as_ref().map_or(0, |p| width(SEP) + width(p))
            + width(SEP)
            + width(&conn)
            + badge.map_or(0, |b: &str| 1 + width(b))
            + drain.as_ref().map_or(0, |(b, _)| 1 + width(b))
    };
    let badge = match long_badge {
        Some(b) if fixed(&context, Some(&b)) + width(SEP) + 12 <= cols => Some(b),
        _ => short_badge,
    };
    let fixed = |ctx: &str| fixed(ctx, badge.as_deref());
    let mut context_shown = context.clone();
    let mut server_shown = None;
    let room = cols.saturating_sub(fixed(&context));
    if !server.is_empty() && room >= width(SEP) + 12 {
        server_shown = Some(truncate(&server, room - width(SEP)));
    } else if room == 0 {
        let over = fixed(&context).saturating_sub(cols);
        // Cut in the middle: a long name's end is what tells it apart.
        context_shown = truncate_middle(&context, width(&context).saturating_sub(over).max(8));
    }

    let mut out = vec![(" kon".to_string(), "header.app"), (SEP.into(), "muted")];
    out.push(("ctx ".into(), "header.label"));
    out.push((context_shown, "header.context"));
    if let Some(s) = server_shown {
        out.push((SEP.into(), "muted"));
        out.push((s, "header"));
    }
    out.push((SEP.into(), "muted"));
    out.push(("ns ".into(), "header.label"));
    out.push((namespace, "header"));
    if let Some(p) = platform {
        out.push((SEP.into(), "muted"));
        out.push((p, "header.label"));
    }
    out.push((SEP.into(), "muted"));
    out.push((conn, conn_scope));
    if let Some(b) = badge {
        out.push((" ".into(), "header"));
        out.push((b, "badge.readonly"));
    }
    if let Some((b, scope)) = drain {
        out.push((" ".into(), "header"));
        out.push((b, scope));
    }
    out
}

/// The platform (`EKS`, `kubeadm`, `unknown`), once the server answered
/// or config.toml named it; `EKS (config)` when named there.
fn platform_label(app: &AppState) -> Option<String> {
    let d = &app.live.panes.platform;
    let connected = matches!(app.live.connection, crate::cluster::Connection::Connected { .. });
    if d.configured {
        Some(format!("{} (config)", d.platform))
    } else if connected || d.platform != crate::platform::Platform::Unknown {
        Some(d.platform.label().to_string())
    } else {
        None
    }
}

/// A drain that is not on screen: `draining 2/5` (pods gone) while it
/// runs in the background, its result once it has finished there.
fn drain_badge(app: &AppState) -> Option<(String, &'static str)> {
    use crate::app::drain_view::DrainPhase;
    let d = app
        .features
        .drain
        .as_ref()
        .filter(|_| app.screen() != crate::app::action::Mode::Drain)?;
    let (gone, total) = d.total_counts();
    match d.phase {
        DrainPhase::Running => Some((format!(" draining {gone}/{total} "), "warn")),
        DrainPhase::Finished if d.all_ok() => Some((" drained ✔ ".into(), "ok")),
        DrainPhase::Finished => Some((" drain ✖ ".into(), "crit")),
        DrainPhase::Confirm => None,
    }
}

pub fn render(app: &AppState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let spans: Vec<Span> = header_segments(app, usize::from(area.width))
        .into_iter()
        .map(|(t, scope)| Span::styled(t, theme.style(scope)))
        .collect();
    frame.render_widget(Line::from(spans).style(theme.style("header")), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Settings;
    use crate::kubeconfig::target::Target;

    #[test]
    fn a_long_context_keeps_its_end() {
        let target = Target {
            context: Some("arn:aws:eks:eu-west-1:123456789012:cluster/prod-payments".into()),
            server: Some("https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com".into()),
            namespace: "default".into(),
            scope: Some("payments".into()),
        };
        let app = AppState::new(Settings {
            readonly: true,
            ..Settings::for_target(target)
        });
        let line: String = header_segments(&app, 80).into_iter().map(|(t, _)| t).collect();
        assert!(width(&line) <= 80, "{line}");
        // The middle goes, both ends stay.
        assert!(line.contains("ctx arn:aws:eks:"), "{line}");
        assert!(line.contains("…/prod-payments │"), "{line}");
        assert!(line.contains("READ-ONLY"), "{line}");
    }

    #[test]
    fn the_read_only_badge_says_why_when_there_is_room() {
        let target = Target {
            context: Some("prod-eu".into()),
            server: Some("https://10.0.0.1:6443".into()),
            namespace: "default".into(),
            scope: Some("shop".into()),
        };
        let app = AppState::new(Settings {
            readonly: true,
            readonly_badge: "config.toml contexts.\"prod-*\"".into(),
            ..Settings::for_target(target)
        });
        let line = |cols| -> String { header_segments(&app, cols).into_iter().map(|(t, _)| t).collect() };
        let wide = line(120);
        assert!(
            wide.contains(" READ-ONLY: config.toml contexts.\"prod-*\" "),
            "{wide}"
        );
        assert!(wide.contains("https://10.0.0.1:6443"), "{wide}");
        // Narrow: the reason goes before the context is cut.
        let narrow = line(60);
        assert!(width(&narrow) <= 60, "{narrow}");
        assert!(
            narrow.contains(" READ-ONLY ") && !narrow.contains("prod-*"),
            "{narrow}"
        );
        assert!(narrow.contains("ctx prod-eu"), "{narrow}");
    }

    #[test]
    fn the_platform_shows_once_connected_or_named_in_config() {
        use crate::cluster::Connection;
        use crate::platform::{Detection, Platform};
        let text =
            |app: &AppState| -> String { header_segments(app, 120).into_iter().map(|(t, _)| t).collect() };
        let mut app = AppState::new(Settings::for_target(Target {
            context: Some("prod".into()),
            ..Target::default()
        }));
        assert!(
            !text(&app).contains("unknown"),
            "nothing known while connecting: {}",
            text(&app)
        );
        app.live.connection = Connection::Connected {
            version: "v1.31.2-eks-7f9249a".into(),
        };
        assert!(
            text(&app).contains("ns all │ unknown │ ✔ connected"),
            "{}",
            text(&app)
        );
        app.live.panes.platform = Detection {
            platform: Platform::Eks,
            evidence: vec!["gitVersion v1.31.2-eks-7f9249a".into()],
            configured: false,
        };
        assert!(
            text(&app).contains("ns all │ EKS │ ✔ connected"),
            "{}",
            text(&app)
        );
        app.live.connection = Connection::Connecting;
        app.live.panes.platform = Detection {
            platform: Platform::Gke,
            evidence: vec![],
            configured: true,
        };
        assert!(
            text(&app).contains("ns all │ GKE (config) │ … connecting"),
            "{}",
            text(&app)
        );
    }
}
