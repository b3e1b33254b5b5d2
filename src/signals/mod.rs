//! Pane models: pure functions from the store snapshot (and polled health)
//! to plain data that `ui/` draws and tests assert on.
