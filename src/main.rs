use std::process::ExitCode;

fn main() -> ExitCode {
    if !kon::malloc_tuning::tune() {
        eprintln!("warning: the allocator's mmap threshold could not be set; kon runs with glibc's default");
    }
    kon::cli::main()
}
