//! The etcd backups pane's lines: verdicts, the newest good backup against
//! the RPO, then each source with its backups, schedules and runs.

use super::{PaneLine, cut, heading, level_scope, preamble};
use crate::signals::backups::{BackupRow, BackupsModel, Section, SectionState, SourceKind, duration};
use crate::signals::verdict::{Level, age};

fn row(r: &BackupRow) -> Vec<PaneLine> {
    let (symbol, scope) = level_scope(r.level);
    let when = r.age.map_or("—".into(), |a| format!("{} ago", age(a)));
    let mut first = vec![
        (format!("  {symbol} {:<16} ", cut(&r.status, 16)), scope),
        (format!("{when:>9}  "), "text"),
        (format!("{:<30} ", cut(&r.name, 30)), "text"),
    ];
    if !r.detail.is_empty() {
        first.push((r.detail.clone(), "muted"));
    }
    let mut out = vec![first];
    let note_scope = if r.level > Level::Ok { "warn" } else { "muted" };
    for n in &r.notes {
        out.push(vec![(format!("{:32}{n}", ""), note_scope)]);
    }
    out
}

fn section(s: &Section) -> Vec<PaneLine> {
    let mut out = vec![heading(s.source.label())];
    match &s.state {
        SectionState::Pending => out.push(vec![("  … waiting".into(), "muted")]),
        SectionState::Absent if s.source == SourceKind::Directory => out.push(vec![(
            "  none configured (--backup-dir, or dir under [backups] in config.toml)".into(),
            "muted",
        )]),
        SectionState::Absent => out.push(vec![("  not installed".into(), "muted")]),
        SectionState::NotChecked(why) => out.push(vec![(format!("  ▲ not checked: {why}"), "warn")]),
        SectionState::Read if s.rows.is_empty() => out.push(vec![("  none".into(), "muted")]),
        SectionState::Read => out.extend(s.rows.iter().flat_map(row)),
    }
    out
}

pub fn lines(m: &BackupsModel) -> Vec<PaneLine> {
    let mut out = preamble(&m.verdicts, &m.pending, &m.missing);
    out.extend(
        m.notes
            .iter()
            .map(|n| vec![("ℹ ".into(), "muted"), (n.clone(), "text")]),
    );
    out.push(vec![]);
    out.push(match (&m.newest_good, m.newest_age) {
        (None, _) if m.platform.is_managed() => vec![(
            format!(
                "No cluster backup found; etcd is backed up by {}",
                m.platform.platform
            ),
            "title",
        )],
        (Some((_, name)), Some(a)) => vec![(
            format!(
                "Newest good backup: {} ago ({name}); RPO {}",
                age(a),
                duration(m.rpo_secs)
            ),
            "title",
        )],
        _ => vec![(
            format!("No good backup found; RPO {}", duration(m.rpo_secs)),
            "title",
        )],
    });
    for s in &m.sections {
        out.push(vec![]);
        out.extend(section(s));
    }
    out
}
