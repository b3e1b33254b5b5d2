//! Enters the console's terminal mode and panics: the end-to-end tests run
//! it to prove the panic hook and drop guard give the terminal back.

fn main() {
    let (_term, _guard) = kon::tui::terminal::setup().expect("a terminal");
    panic!("deliberate panic inside the console");
}
