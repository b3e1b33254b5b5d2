//! The describe/YAML view's state: which object, which form, what the API
//! answered (loading, the object, or its error), the lines on screen
//! (wrapped to the width), the scroll and the `/` search. Pure: the lines
//! come from `describe`, the object from the fetch worker's message.

use std::sync::Arc;

use serde_json::Value;

use super::action::Mode;
use crate::cluster::ObjectRef;
use crate::describe::Line;
use crate::viewport::Viewport;

/// Described like `kubectl describe`, or as `-o yaml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Describe,
    Yaml,
}

/// What the API answered so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Content {
    #[default]
    Loading,
    /// The object, its Secret values already redacted.
    Loaded(Arc<Value>),
    /// The API's error, in kubectl's words.
    Failed(String),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DescribeView {
    /// The object shown (`None`: the view was never opened).
    pub target: Option<ObjectRef>,
    pub format: Format,
    /// `metadata.managedFields` shown in the YAML.
    pub managed_fields: bool,
    pub content: Content,
    /// Which read the view waits for: a late answer to an older one is dropped.
    pub request: u64,
    /// The view `esc` returns to.
    pub from: Option<Mode>,
    /// The lines on screen, wrapped to the width.
    pub lines: Vec<Line>,
    pub scroll: Viewport,
    /// The `/` search (case-insensitive), and the lines it finds.
    pub search: String,
    pub matches: Vec<usize>,
}

impl DescribeView {
    /// Lines that hold the search, in order.
    pub fn find(&mut self) {
        let needle = self.search.to_lowercase();
        self.matches = if needle.is_empty() {
            vec![]
        } else {
            self.lines
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    l.iter()
                        .map(|(t, _)| t.as_str())
                        .collect::<String>()
                        .to_lowercase()
                        .contains(&needle)
                })
                .map(|(i, _)| i)
                .collect()
        };
    }

    /// The next match after the top line (`forward`), or the one before
    /// it, wrapping around; the line to scroll to.
    pub fn next_match(&self, forward: bool) -> Option<usize> {
        let top = self.scroll.offset;
        if forward {
            self.matches
                .iter()
                .copied()
                .find(|&m| m > top)
                .or(self.matches.first().copied())
        } else {
            self.matches
                .iter()
                .rev()
                .copied()
                .find(|&m| m < top)
                .or(self.matches.last().copied())
        }
    }

    /// The first match at or below the top line (after the search changed).
    pub fn first_match_from_top(&self) -> Option<usize> {
        let top = self.scroll.offset;
        self.matches
            .iter()
            .copied()
            .find(|&m| m >= top)
            .or(self.matches.first().copied())
    }
}
