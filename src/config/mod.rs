//! Settings, XDG paths, themes and keymaps. User files overlay the embedded
//! defaults; a bad value in a user file is reported with path:line:column
//! and the rest of the file applies. A config.toml that cannot be read
//! leaves kon read-only ([`readonly::effective`]).

pub mod color;
pub mod error;
pub mod etcd;
pub mod glob;
pub mod keymap;
pub mod lenient;
pub mod load;
pub mod paths;
pub mod readonly;
pub mod settings;
pub mod theme;

pub use error::FileError;
pub use paths::Paths;
pub use readonly::ReadOnly;
