//! The `accord` binary: everything lives in the `accord_cli` library; this only hands it the
//! arguments and turns its answer into the process exit code.

/// A large schema is many small allocations made once and freed at exit; mimalloc serves them
/// from memory it maps in large pieces (`accord diff` of two 5,000-property schemas pays a
/// tenth of the page faults it pays with the system allocator).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    accord_cli::run(std::env::args_os()).into()
}
