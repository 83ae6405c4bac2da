//! `guardrail policy check`.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use clap::Subcommand;
use guardrail::{Policy, Scanner};

use super::Status;

#[derive(Debug, Subcommand)]
pub(super) enum PolicyCommand {
    /// Validate policy files: print every problem with its rule, exit 2 if any.
    Check {
        /// Policy files (TOML, or Bedrock JSON ending in .json).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the embedded default policy (a starting point for your own).
    Default,
}

pub(super) fn run(cmd: &PolicyCommand) -> Result<Status> {
    let mut out = io::stdout().lock();
    match cmd {
        PolicyCommand::Check { files } => {
            let mut status = Status::Clean;
            for path in files {
                match Policy::from_file(path).and_then(|p| Scanner::compile(&p).map(|s| (p, s))) {
                    Ok((policy, _)) => {
                        let spec = policy.spec();
                        writeln!(
                            out,
                            "{}: ok ({} PII types, {} regexes, {} custom words, {} managed lists, {} topics, {} content filters)",
                            path.display(),
                            spec.pii.entities.len(),
                            spec.pii.regexes.len(),
                            spec.words.custom.len(),
                            spec.words.managed.len(),
                            spec.topics.len(),
                            spec.content_filters.len(),
                        )?;
                    }
                    Err(e) => {
                        writeln!(io::stderr(), "{e}")?;
                        status = Status::Error;
                    }
                }
            }
            Ok(status)
        }
        PolicyCommand::Default => {
            out.write_all(Policy::default_toml().as_bytes())?;
            Ok(Status::Clean)
        }
    }
}
