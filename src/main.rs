//! The `guardrail` command: scan, redact and check policies.

mod cli;
#[cfg(feature = "serve")]
mod server;

fn main() -> std::process::ExitCode {
    cli::main()
}
