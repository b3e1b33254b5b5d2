//! Keymap files: `keymaps/*.toml`, one table per mode mapping action names
//! to key names. Built-in keymaps are embedded. This module only reads a
//! file into its raw tables, keeping each name's position so that a bad one
//! is reported as `path:line:column`; `app::keymap` resolves the names into
//! the console's actions and key chords.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::FileError;

pub const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../keymaps/default.toml")),
    ("k9s", include_str!("../../keymaps/k9s.toml")),
];

/// One mode's table: action names with their key names, in file order.
pub type RawTable = Vec<(Spanned<String>, Vec<Spanned<String>>)>;

/// A keymap file as written: what it inherits, and each mode's table
/// (by mode name, in the order the modes are checked).
#[derive(Debug, Clone)]
pub struct RawKeymap {
    pub inherits: Option<Spanned<String>>,
    pub modes: Vec<(&'static str, RawTable)>,
}

type Table = Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[allow(dead_code)]
    description: Option<String>,
    inherits: Option<Spanned<String>>,
    normal: Table,
    help: Table,
    command: Table,
    pane: Table,
    nodes: Table,
    pods: Table,
    filter: Table,
    findings: Table,
    workloads: Table,
    events: Table,
    drain: Table,
    picker: Table,
    logs: Table,
    describe: Table,
    fleet: Table,
}

impl RawKeymap {
    /// Reads a keymap file's tables; TOML errors and unknown mode tables are
    /// errors with their position.
    pub fn parse(path: &Path, src: &str) -> Result<Self, FileError> {
        let raw: RawFile = toml::from_str(src).map_err(|e| FileError::from_toml(path, src, &e))?;
        let mut modes = Vec::new();
        for (mode, table) in [
            ("normal", raw.normal),
            ("pane", raw.pane),
            ("nodes", raw.nodes),
            ("pods", raw.pods),
            ("filter", raw.filter),
            ("findings", raw.findings),
            ("workloads", raw.workloads),
            ("events", raw.events),
            ("drain", raw.drain),
            ("picker", raw.picker),
            ("logs", raw.logs),
            ("describe", raw.describe),
            ("fleet", raw.fleet),
            ("help", raw.help),
            ("command", raw.command),
        ] {
            let Some(table) = table else { continue };
            // File order, so that "the second one" is the one reported.
            let mut entries: RawTable = table.into_iter().collect();
            entries.sort_by_key(|(k, _)| k.span().start);
            modes.push((mode, entries));
        }
        Ok(Self {
            inherits: raw.inherits,
            modes,
        })
    }
}
