//! A fuzzy picker: a query line and a list narrowed as you type. The same
//! model serves `kon ctx`/`kon ns` in the terminal and the console's
//! context and namespace pickers.

mod model;
mod render;
mod term;

pub use model::{Picker, PickerOutcome};
pub use render::render;
pub use term::pick_in_terminal;

/// One choice offered by a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickItem {
    /// What is returned when chosen (a context or namespace name).
    pub name: String,
    /// Shown beside the name, dimmed (e.g. the cluster's server and namespace).
    pub detail: String,
    /// The active one: marked, and where the cursor starts.
    pub current: bool,
}
