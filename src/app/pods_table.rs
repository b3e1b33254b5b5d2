//! The pods table's view state: sort, the `/` filter (fuzzy, as in the
//! nodes table), the node it is narrowed to (Enter on a node), the cursor
//! kept on the same pod across updates. Pure; the rows come from
//! `signals::pods`.

use std::sync::{Arc, Weak};

use nucleo_matcher::Utf32Str;

pub use super::pods_columns::Column;
use super::pods_compact::{Walk, advance};
use super::pods_letters::{self as letters, Letters};
use crate::signals::pods::{PodRow, PodsModel};
use crate::viewport::Viewport;

/// A pod's identity: namespace and name.
pub type PodKey = (Arc<str>, Arc<str>);

/// A workload whose pods the table lists: its namespace, kind (as the
/// pods' owner names it: `Deployment`, `StatefulSet`, `DaemonSet`, `Job`,
/// `CronJob`) and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub namespace: Arc<str>,
    pub kind: Arc<str>,
    pub name: Arc<str>,
}

impl Owner {
    /// Whether `r` is one of its pods.
    pub fn owns(&self, r: &PodRow) -> bool {
        r.namespace == self.namespace
            && r.owner
                .as_ref()
                .is_some_and(|(k, n)| *k == self.kind && *n == self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodsTable {
    pub sort: Column,
    pub reversed: bool,
    pub filter: String,
    /// Only the pods bound to this node (Enter on a node in the nodes table).
    pub node: Option<Arc<str>>,
    /// Only the pods of this workload (Enter in the workloads view).
    pub owner: Option<Owner>,
    /// Indices into the rows, sorted and filtered.
    pub shown: Vec<usize>,
    pub view: Viewport,
    /// The pod under the cursor, kept across updates.
    selected: Option<PodKey>,
    /// Every row in the sort's order, kept while the rows and the sort do
    /// not change, so that a filter keystroke sorts nothing.
    sorted: Sorted,
    /// What `shown` was filtered by, so that a filter typed further
    /// narrows `shown` instead of passing over every row again.
    shown_by: Option<ShownBy>,
    /// What was shown for each shorter filter typed on the way to this one
    /// (same rows, sort, node and owner), so that erasing the filter puts
    /// those rows back instead of passing over every row again.
    typed: Vec<(String, Vec<usize>)>,
    /// The index in the rows of the pod under the cursor, while the rows
    /// are the same (`sorted.of`): found again without comparing names.
    selected_at: Option<usize>,
    /// The row under the cursor itself: a new model shares the rows of
    /// the pods that did not change with the model before, so the pod is
    /// found again by the row's address (reading the rows' pointers only,
    /// not 150000 rows scattered in memory); held, so that its address
    /// cannot be another row's.
    selected_row: SelectedRow,
    /// Which characters each row's filter text holds, so that a filter
    /// pass decides most rows without reading them.
    letters: Letters,
}

/// The most shorter filters' rows kept for erasing (each up to a row
/// index per pod).
const TYPED_KEPT: usize = 16;

/// The rows' order under a sort, and which rows it is of: a model (held
/// weakly: its allocation cannot be reused by another model while this
/// is kept, so the same pointer is the same rows), or none (rows passed
/// by [`PodsTable::refresh`], always sorted again).
#[derive(Debug, Clone, Default)]
struct Sorted {
    of: Weak<PodsModel>,
    by: Option<(Column, bool)>,
    order: Vec<usize>,
}

/// A cache: two tables showing the same rows are equal whatever it holds.
impl PartialEq for Sorted {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Sorted {}

/// The row under the cursor, a cache as [`Sorted`] is: the pod's identity
/// is `PodsTable::selected`.
#[derive(Debug, Clone, Default)]
struct SelectedRow(Option<Arc<PodRow>>);

impl PartialEq for SelectedRow {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for SelectedRow {}

/// A cache, as [`Sorted`] is.
impl PartialEq for Letters {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Letters {}

#[derive(Debug, Clone, PartialEq, Eq)]
struct ShownBy {
    filter: String,
    node: Option<Arc<str>>,
    owner: Option<Owner>,
}

/// Whether every row `new` matches also matches `old`: `new` is `old`
/// typed further, both one plain fuzzy term (no space, no `!`, `^`,
/// `'`, `$`, `|`, `\\`, which change what a term means), so its matches
/// are a subset of `old`'s.
fn narrows(old: &str, new: &str) -> bool {
    let plain = |f: &str| {
        !f.is_empty()
            && f.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ':'))
    };
    plain(old) && plain(new) && new.starts_with(old)
}

impl Default for PodsTable {
    fn default() -> Self {
        Self {
            sort: Column::Status,
            reversed: false,
            filter: String::new(),
            node: None,
            owner: None,
            shown: Vec::new(),
            view: Viewport::default(),
            selected: None,
            sorted: Sorted::default(),
            shown_by: None,
            typed: Vec::new(),
            selected_at: None,
            selected_row: SelectedRow::default(),
            letters: Letters::default(),
        }
    }
}

impl PodsTable {
    /// Re-sorts and re-filters `rows`, keeping the cursor on the same pod
    /// when it is still shown (else at the same position, clamped).
    pub fn refresh(&mut self, rows: &[Arc<PodRow>], page: usize) {
        self.sorted = Sorted::default();
        self.refresh_rows(None, rows, page);
    }

    /// The same over a model's rows: the sort is done again only when the
    /// model or the sort changed, and a filter typed further narrows what
    /// is shown, so that a keystroke over 150000 pods sorts nothing and
    /// passes over the rows still shown only.
    pub fn refresh_model(&mut self, model: Option<&Arc<PodsModel>>, page: usize) {
        let rows = model.map_or(&[][..], |m| m.rows.as_slice());
        self.refresh_rows(model, rows, page);
    }

    /// The filter matches each row's text written into one reused buffer:
    /// no text is kept per row (150000 of them were ~60 MiB, rebuilt
    /// whenever the rows changed).
    fn refresh_rows(&mut self, model: Option<&Arc<PodsModel>>, rows: &[Arc<PodRow>], page: usize) {
        let by = (self.sort, self.reversed);
        let same_rows = model.is_some_and(|m| std::ptr::eq(self.sorted.of.as_ptr(), Arc::as_ptr(m)));
        if !(same_rows && self.sorted.by == Some(by)) {
            self.sorted = Sorted {
                of: model.map(Arc::downgrade).unwrap_or_default(),
                by: Some(by),
                order: sorted(rows, by),
            };
            self.shown_by = None;
            self.selected_at = None;
        }
        if !self.letters.of(model) {
            self.letters = Letters::new(model, rows);
        }
        let by = ShownBy {
            filter: self.filter.clone(),
            node: self.node.clone(),
            owner: self.owner.clone(),
        };
        let same_scope = self
            .shown_by
            .as_ref()
            .is_some_and(|was| (&was.node, &was.owner) == (&by.node, &by.owner));
        if !same_scope {
            self.typed.clear();
        }
        let was = self.shown_by.take().filter(|_| same_scope).map(|w| w.filter);
        if was.as_deref() == Some(&by.filter) {
            // Nothing to filter again (the same rows, sort and filter).
        } else if let Some(kept) = self.erased_to(&by.filter) {
            self.shown = kept;
        } else {
            self.keep_typed(was, &by.filter);
            self.shown = self.filtered(rows, was_narrowed(same_scope, self.typed.last(), &by.filter));
        }
        self.shown_by = Some(by);
        self.keep_cursor(rows, page);
    }

    /// Puts the cursor back on the selected pod if it is shown (by its row
    /// index while the rows are the same, else by its row's address, else
    /// by name: its row changed), else leaves it at the same position,
    /// clamped.
    fn keep_cursor(&mut self, rows: &[Arc<PodRow>], page: usize) {
        let at = self
            .selected_at
            .and_then(|i| self.shown.iter().position(|&j| j == i));
        let same_row = || {
            let row = self.selected_row.0.as_ref()?;
            self.shown.iter().position(|&i| Arc::ptr_eq(&rows[i], row))
        };
        let found = at.or_else(same_row).or_else(|| {
            let (ns, name) = self.selected.as_ref()?;
            self.shown
                .iter()
                .position(|&i| rows[i].namespace == *ns && rows[i].name == *name)
        });
        self.view.cursor = found.unwrap_or(self.view.cursor);
        self.clamp(rows, page);
    }

    /// The rows shown for `filter` when it is a shorter filter typed on the
    /// way here (the filter erased back to it); the longer ones are dropped.
    fn erased_to(&mut self, filter: &str) -> Option<Vec<usize>> {
        let at = self.typed.iter().rposition(|(f, _)| f == filter)?;
        self.typed.truncate(at + 1);
        self.typed.pop().map(|(_, shown)| shown)
    }

    /// Keeps what `was` showed when `filter` types it further, else forgets
    /// every kept filter (they are not on the way to this one).
    fn keep_typed(&mut self, was: Option<String>, filter: &str) {
        match was {
            Some(was) if filter.len() > was.len() && filter.starts_with(&was) => {
                if self.typed.len() == TYPED_KEPT {
                    self.typed.remove(0);
                }
                self.typed.push((was, self.shown.clone()));
            }
            _ => self.typed.clear(),
        }
    }

    /// The rows the filter, node and owner show: read from `shown` when
    /// `narrowing` (the filter typed further), else from every row.
    fn filtered(&mut self, rows: &[Arc<PodRow>], narrowing: bool) -> Vec<usize> {
        let from = if narrowing {
            std::mem::take(&mut self.shown)
        } else {
            self.sorted.order.clone()
        };
        let node = self.node.as_deref();
        let owner = self.owner.as_ref();
        let on_node =
            |r: &PodRow| node.is_none_or(|n| r.node.as_deref() == Some(n)) && owner.is_none_or(|o| o.owns(r));
        // A plain ASCII term over an ASCII text is a subsequence test:
        // what nucleo's fuzzy match answers, without computing its score
        // (which the table, sorted by its column, never reads).
        let plain = (narrows(&self.filter, &self.filter) && self.filter.is_ascii())
            .then(|| self.filter.to_ascii_lowercase().into_bytes());
        // The bits a row must hold, when the masks are of these rows.
        let need = plain
            .as_deref()
            .and_then(letters::of_needle)
            .filter(|_| self.letters.masks.len() == rows.len());
        let single = plain.as_ref().is_some_and(|n| n.len() == 1);
        let masks = &self.letters.masks;
        // The rows' compact texts, when they are of these rows.
        let compact = self.letters.compact.as_ref().filter(|c| c.holds(rows.len()));
        let mut walk = plain.as_deref().zip(compact).and_then(|(n, c)| Walk::new(n, c));
        match super::nodes_table::matcher(&self.filter) {
            None => from.into_iter().filter(|&i| on_node(&rows[i])).collect(),
            Some((pattern, mut m)) => {
                let (mut text, mut buf) = (String::new(), Vec::new());
                from.into_iter()
                    .filter(|&i| {
                        let decided = need.and_then(|need| letters::decide(masks[i], need, single));
                        if decided == Some(false) || !on_node(&rows[i]) {
                            return false;
                        }
                        if let Some(found) = decided {
                            return found;
                        }
                        if let (Some(c), Some(w)) = (compact, walk.as_mut())
                            && let Some(found) = c.matches(i, w)
                        {
                            return found;
                        }
                        if let Some(found) = plain.as_deref().and_then(|n| in_row(&rows[i], n)) {
                            return found;
                        }
                        rows[i].write_haystack(&mut text);
                        match &plain {
                            Some(needle) if text.is_ascii() => subsequence(&text, needle),
                            _ => pattern.score(Utf32Str::new(&text, &mut buf), &mut m).is_some(),
                        }
                    })
                    .collect()
            }
        }
    }

    /// A table with this one's sort, filter, node, owner and selected pod
    /// but no rows: what an off-loop recompute filters a new model with
    /// ([`Self::prepare`]), cheap to copy (no row index).
    pub fn settings(&self) -> PodsTable {
        PodsTable {
            sort: self.sort,
            reversed: self.reversed,
            filter: self.filter.clone(),
            node: self.node.clone(),
            owner: self.owner.clone(),
            selected: self.selected.clone(),
            selected_row: self.selected_row.clone(),
            view: self.view,
            ..PodsTable::default()
        }
    }

    /// Takes what `prepared` (a [`Self::settings`] copy refreshed over
    /// `model` off the loop) holds for this very model: its letters; under
    /// the same sort, its order; with the same sort, filter, node and owner
    /// too, its rows shown. What the settings changed meanwhile is done
    /// here over the rows (a filter pass at most: no sort, no letters).
    /// True then; false, taking nothing, when `prepared` is of another
    /// model (the caller refreshes as usual).
    pub fn adopt(&mut self, prepared: PodsTable, model: Option<&Arc<PodsModel>>, page: usize) -> bool {
        let same_model = model.is_some_and(|m| std::ptr::eq(prepared.sorted.of.as_ptr(), Arc::as_ptr(m)));
        if !same_model {
            return false;
        }
        let rows = model.map_or(&[][..], |m| m.rows.as_slice());
        if prepared.letters.of(model) {
            self.letters = prepared.letters;
        }
        let same_sort = (prepared.sort, prepared.reversed) == (self.sort, self.reversed);
        let same = same_sort
            && (&prepared.filter, &prepared.node, &prepared.owner) == (&self.filter, &self.node, &self.owner);
        if same {
            self.sorted = prepared.sorted;
            self.shown = prepared.shown;
            self.shown_by = prepared.shown_by;
            self.typed.clear();
            self.selected_at = None;
            self.keep_cursor(rows, page);
            return true;
        }
        if same_sort {
            // What is kept for erasing or under the cursor indexes the
            // rows of the model before; what the prepared table shows is
            // of this model, and is refreshed from like any shown rows: a
            // filter typed further meanwhile narrows them (no pass over
            // every row), another filter or scope passes over every row.
            self.sorted = prepared.sorted;
            self.shown = prepared.shown;
            self.shown_by = prepared.shown_by;
            self.typed.clear();
            self.selected_at = None;
        }
        self.refresh_rows(model, rows, page);
        true
    }

    /// What the screen shows of the table, cheap to take and compare (no
    /// row index: a copy of the table copied and compared 150000 of them,
    /// and more kept for erasing, on every key): the rows shown change only
    /// with the sort, filter, node, owner or model, and a key does not
    /// change the model.
    pub fn seen(&self) -> impl PartialEq + use<> {
        (
            self.view,
            self.sort,
            self.reversed,
            self.filter.clone(),
            self.node.clone(),
            self.owner.clone(),
            self.shown.len(),
            self.selected.clone(),
        )
    }

    pub fn move_by(&mut self, delta: isize, rows: &[Arc<PodRow>], page: usize) {
        self.view.cursor = self.view.cursor.saturating_add_signed(delta);
        self.clamp(rows, page);
    }

    pub fn to(&mut self, pos: usize, rows: &[Arc<PodRow>], page: usize) {
        self.view.cursor = pos;
        self.clamp(rows, page);
    }

    /// Puts the cursor on pod `ns/name`; false when it is not shown.
    pub fn select(&mut self, ns: &str, name: &str, rows: &[Arc<PodRow>], page: usize) -> bool {
        let at = self
            .shown
            .iter()
            .position(|&i| &*rows[i].namespace == ns && &*rows[i].name == name);
        if let Some(pos) = at {
            self.view.cursor = pos;
            self.clamp(rows, page);
        }
        at.is_some()
    }

    /// The row under the cursor.
    pub fn current<'a>(&self, rows: &'a [Arc<PodRow>]) -> Option<&'a PodRow> {
        self.shown
            .get(self.view.cursor)
            .and_then(|&i| rows.get(i))
            .map(|r| &**r)
    }

    fn clamp(&mut self, rows: &[Arc<PodRow>], page: usize) {
        self.view.clamp(self.shown.len(), page);
        if let Some(&i) = self.shown.get(self.view.cursor)
            && let Some(r) = rows.get(i)
        {
            self.selected = Some((r.namespace.clone(), r.name.clone()));
            self.selected_at = self.sorted.by.is_some().then_some(i);
            self.selected_row = SelectedRow(Some(r.clone()));
        }
    }
}

/// Whether the rows shown for the last kept filter (`kept`, the one this
/// filter types further) can be narrowed instead of every row filtered.
fn was_narrowed(same_scope: bool, kept: Option<&(String, Vec<usize>)>, filter: &str) -> bool {
    same_scope && kept.is_some_and(|(was, _)| narrows(was, filter))
}

/// Whether the bytes of `needle` (lowercase ASCII) appear in `text` in
/// order, ignoring ASCII case.
fn subsequence(text: &str, needle: &[u8]) -> bool {
    advance(text.as_bytes(), needle).is_empty()
}

/// [`subsequence`] over a row's filter text ([`PodRow::write_haystack`])
/// read part by part, stopping once `needle` is found, so that most rows
/// are decided by their namespace and name alone; `None` (write the
/// text) for a row with a last termination or a part that is not ASCII.
fn in_row(r: &PodRow, needle: &[u8]) -> Option<bool> {
    if r.last_termination.is_some() {
        return None;
    }
    let mut rest = needle;
    for part in r.haystack_parts().into_iter().flatten() {
        if !part.is_ascii() {
            return None;
        }
        rest = advance(part.as_bytes(), rest);
        if rest.is_empty() {
            return Some(true);
        }
    }
    Some(rest.is_empty())
}

/// Every row's index in the order of `(column, reversed)`. The model's
/// rows are already worst first, which is the status column's order.
fn sorted(rows: &[Arc<PodRow>], (sort, reversed): (Column, bool)) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    if sort == Column::Status && !reversed && rows.is_sorted_by(|a, b| PodRow::worst_first(a, b).is_le()) {
        return order;
    }
    order.sort_by(|&a, &b| {
        let o = sort.compare(&rows[a], &rows[b]);
        if reversed { o.reverse() } else { o }
    });
    order
}

#[cfg(test)]
#[path = "pods_table_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "pods_filter_tests.rs"]
mod filter_tests;
