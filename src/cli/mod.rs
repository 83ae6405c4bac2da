//! Command-line interface: `guardrail scan`, `redact`, `policy check`.
//!
//! Exit status: 0 nothing intervened, 1 something intervened, 2 an error.

mod policy;
mod scan;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use guardrail::{Policy, Scanner, Source};

/// Fast local guardrails: PII and word filters shaped like Amazon Bedrock Guardrails.
#[derive(Debug, Parser)]
#[command(name = "guardrail", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Report what the policy finds in files, stdin or JSONL records.
    Scan(scan::ScanArgs),
    /// Write the text with findings masked as {TYPE}.
    Redact(scan::RedactArgs),
    /// Work with policy files.
    #[command(subcommand)]
    Policy(policy::PolicyCommand),
    /// Serve Bedrock's ApplyGuardrail API from the local engine.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

/// Options of `guardrail serve`.
#[cfg(feature = "serve")]
#[derive(Debug, Args)]
struct ServeArgs {
    /// One policy answering every guardrail identifier (default: the embedded policy).
    #[arg(long, short = 'p', value_name = "FILE", conflicts_with = "policies")]
    policy: Option<PathBuf>,
    /// A directory of policies, one per identifier: DIR/<guardrailIdentifier>.toml or .json.
    #[arg(long, value_name = "DIR")]
    policies: Option<PathBuf>,
    /// Address to listen on (loopback unless told otherwise; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: std::net::SocketAddr,
    /// Requests allowed in flight at once; more get ThrottlingException (HTTP 429).
    #[arg(long, default_value_t = crate::server::DEFAULT_MAX_CONCURRENCY)]
    max_concurrency: usize,
    /// Requests allowed per second, bursts up to N (a token bucket); more get
    /// ThrottlingException (HTTP 429). Default: no limit.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_rps: Option<u32>,
    /// Check every ApplyGuardrail request's SigV4 signature against --access-keys.
    #[arg(long, requires = "access_keys")]
    require_auth: bool,
    /// File of `ACCESS_KEY_ID SECRET_ACCESS_KEY` lines (`#` comments) that
    /// --require-auth accepts.
    #[arg(long, value_name = "FILE", requires = "require_auth")]
    access_keys: Option<PathBuf>,
    /// Do not reload when a policy file changes (SIGHUP still reloads).
    #[arg(long)]
    no_watch: bool,
}

#[cfg(feature = "serve")]
fn serve(args: &ServeArgs) -> Result<Status> {
    let source = crate::server::PolicySource {
        policy: args.policy.clone(),
        dir: args.policies.clone(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    // Logs go to stderr, filtered by RUST_LOG (default `info`); they never
    // hold texts or matched values.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&io::stderr()))
        .try_init();
    let access_keys = match &args.access_keys {
        Some(path) if args.require_auth => Some(crate::server::AccessKeys::from_file(path)?),
        _ => None,
    };
    let options = crate::server::Options {
        listen: args.listen,
        max_concurrency: args.max_concurrency,
        max_rps: args.max_rps,
        access_keys,
        watch: !args.no_watch,
    };
    runtime.block_on(crate::server::serve(source, options))?;
    Ok(Status::Clean)
}

/// Options shared by the commands that scan.
#[derive(Debug, Args)]
struct EngineArgs {
    /// Policy file (TOML, or Bedrock CreateGuardrail JSON when it ends in .json);
    /// the embedded default policy when absent.
    #[arg(long, short = 'p', value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Extra recognizer rule file (rules/pii/*.toml format); repeatable.
    #[arg(long, value_name = "FILE")]
    rules: Vec<PathBuf>,
    /// Which side of the model the text is on.
    #[arg(long, value_enum, default_value_t = SourceArg::Input)]
    source: SourceArg,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SourceArg {
    /// A prompt (Bedrock's INPUT).
    Input,
    /// A model answer (Bedrock's OUTPUT).
    Output,
}

impl From<SourceArg> for Source {
    fn from(s: SourceArg) -> Self {
        match s {
            SourceArg::Input => Source::Input,
            SourceArg::Output => Source::Output,
        }
    }
}

impl EngineArgs {
    fn scanner(&self) -> Result<Scanner> {
        let policy = match &self.policy {
            Some(path) => Policy::from_file(path)?,
            None => Policy::default_policy(),
        };
        let mut builder = Scanner::builder();
        for path in &self.rules {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read rule file {}", path.display()))?;
            builder.rules(&path.display().to_string(), &text);
        }
        Ok(builder.build(&policy)?)
    }
}

/// Runs the CLI and maps the outcome to an exit status.
pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan::scan(&args),
        Command::Redact(args) => scan::redact(&args),
        Command::Policy(cmd) => policy::run(&cmd),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve(&args),
    };
    match result {
        Ok(status) => status.into(),
        Err(e) if is_broken_pipe(&e) => Status::Clean.into(),
        Err(e) => {
            let _ = writeln!(io::stderr(), "guardrail: {e:#}");
            Status::Error.into()
        }
    }
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    /// Nothing intervened.
    Clean,
    /// Something was masked or blocked.
    Intervened,
    /// Something could not be checked.
    Error,
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> Self {
        ExitCode::from(match s {
            Status::Clean => 0,
            Status::Intervened => 1,
            Status::Error => 2,
        })
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
