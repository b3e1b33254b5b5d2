use std::process::ExitCode;

fn main() -> ExitCode {
    kon::cli::main()
}
