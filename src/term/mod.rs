//! Terminal text helpers below the console and the standalone picker:
//! where to cut text to fit a width ([`cut`]) and the writer that sends the
//! 16 named colours as classic SGR codes ([`sgr16`]). No state, no ratatui.

pub mod cut;
pub mod sgr16;
