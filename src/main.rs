//! The `guardrail` command: scan, redact and check policies.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
