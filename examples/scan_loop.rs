//! Scans one file with the default policy a number of times: the workload
//! `benches/instructions.sh` counts instructions of under callgrind, which
//! unlike wall-clock time repeats exactly on a shared, noisy machine.
//!
//! `cargo run --release --example scan_loop -- FILE [TIMES [POLICY]]` prints
//! the number of findings and the throughput of the loop (default policy
//! unless a policy file is given).

use std::process::ExitCode;
use std::time::Instant;

use guardrail::{Policy, Scanner, Source};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: scan_loop FILE [TIMES [POLICY]]");
        return ExitCode::from(2);
    };
    let times: usize = match args.next().map(|t| t.parse()) {
        None => 16,
        Some(Ok(t)) => t,
        Some(Err(e)) => {
            eprintln!("TIMES: {e}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let policy = match args.next() {
        None => Policy::default_policy(),
        Some(path) => match Policy::from_file(&path) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
    };
    let scanner = match Scanner::compile(&policy) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let mut findings = 0;
    for _ in 0..times {
        findings += scanner.scan(&text, Source::Input).len();
    }
    let mib = (text.len() * times) as f64 / (1024.0 * 1024.0);
    println!(
        "{times} scans, {findings} findings, {:.1} MiB/s",
        mib / started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
