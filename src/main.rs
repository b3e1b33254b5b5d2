use std::process::ExitCode;

fn main() -> ExitCode {
    if !kon::malloc_tuning::tune() {
        eprintln!(
            "warning: the allocator could not be set (mmap threshold, arenas); kon runs with glibc's defaults"
        );
    }
    kon::cli::main()
}
