//! Settings, XDG paths, themes and keymaps. User files overlay the embedded
//! defaults; a bad user file is reported with path:line:column and the
//! defaults stay in force.

pub mod color;
pub mod error;
pub mod keymap;
pub mod load;
pub mod paths;
pub mod settings;
pub mod theme;

pub use error::FileError;
pub use paths::Paths;
