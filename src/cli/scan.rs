//! `guardrail scan` and `guardrail redact`.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use guardrail::{Source, Verdict};
use serde::Serialize;

use super::{EngineArgs, Status};

#[derive(Debug, Args)]
pub(super) struct ScanArgs {
    #[command(flatten)]
    engine: EngineArgs,
    /// Output format (default: text, or jsonl with --jsonl).
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Read JSON Lines: one {"id": ..., "text": ...} object a line.
    #[arg(long)]
    jsonl: bool,
    /// Print only the number of findings per type.
    #[arg(long)]
    count: bool,
    /// Files to scan; stdin when none (or "-").
    files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub(super) struct RedactArgs {
    #[command(flatten)]
    engine: EngineArgs,
    /// Read and write JSON Lines: {"id", "text"} in, {"id", "text"} out, masked.
    #[arg(long)]
    jsonl: bool,
    /// Files to redact to stdout; stdin when none (or "-").
    files: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One line per finding, grep style, then a summary.
    Text,
    /// One pretty JSON verdict per input.
    Json,
    /// One JSON verdict per line.
    Jsonl,
}

/// One input: a name for messages and its text.
struct Record {
    /// The JSONL `id` (any JSON value) or the file name.
    id: serde_json::Value,
    text: String,
}

/// A verdict with the record's id first, as `--format jsonl` writes it.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    verdict: &'a Verdict,
}

pub(super) fn scan(args: &ScanArgs) -> Result<Status> {
    let scanner = args.engine.scanner()?;
    let source: Source = args.engine.source.into();
    let format = args.format.unwrap_or(if args.jsonl {
        Format::Jsonl
    } else {
        Format::Text
    });
    let mut out = BufWriter::new(io::stdout().lock());
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut status = Status::Clean;
    let mut findings_total = 0;
    let mut on_record = |record: Record, out: &mut BufWriter<io::StdoutLock>| -> Result<()> {
        let verdict = scanner.check(&record.text, source);
        if verdict.is_intervened() {
            status = status.max(Status::Intervened);
        }
        findings_total += verdict.findings.len();
        if args.count {
            for f in &verdict.findings {
                *counts.entry(f.kind.clone()).or_default() += 1;
            }
            return Ok(());
        }
        match format {
            Format::Jsonl => {
                serde_json::to_writer(
                    &mut *out,
                    &Line {
                        id: &record.id,
                        verdict: &verdict,
                    },
                )?;
                out.write_all(b"\n")?;
            }
            Format::Json => {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &Line {
                        id: &record.id,
                        verdict: &verdict,
                    },
                )?;
                out.write_all(b"\n")?;
            }
            Format::Text => write_text(out, &record, &verdict)?,
        }
        Ok(())
    };
    let read_status = for_each_record(&args.files, args.jsonl, |r| on_record(r, &mut out))?;
    if args.count {
        match format {
            Format::Text => {
                for (kind, n) in &counts {
                    writeln!(out, "{kind}\t{n}")?;
                }
                writeln!(out, "total\t{findings_total}")?;
            }
            Format::Json | Format::Jsonl => {
                serde_json::to_writer(&mut out, &counts)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(status.max(read_status))
}

pub(super) fn redact(args: &RedactArgs) -> Result<Status> {
    let scanner = args.engine.scanner()?;
    let source: Source = args.engine.source.into();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut status = Status::Clean;
    let read_status = for_each_record(&args.files, args.jsonl, |record| {
        let findings = scanner.scan(&record.text, source);
        let masked = guardrail::mask(&scanner, &record.text, &findings, source);
        if !findings.is_empty() {
            status = status.max(Status::Intervened);
        }
        if args.jsonl {
            serde_json::to_writer(
                &mut out,
                &serde_json::json!({"id": record.id, "text": masked}),
            )?;
            out.write_all(b"\n")?;
        } else {
            out.write_all(masked.as_bytes())?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(status.max(read_status))
}

/// Calls `f` for every input record. A bad JSONL line (with its line number)
/// or a file that is not UTF-8 is reported on stderr and the rest go on; the
/// returned status is then Error.
fn for_each_record(
    files: &[PathBuf],
    jsonl: bool,
    mut f: impl FnMut(Record) -> Result<()>,
) -> Result<Status> {
    let stdin = [PathBuf::from("-")];
    let files = if files.is_empty() { &stdin[..] } else { files };
    let mut status = Status::Clean;
    for path in files {
        let name = if path.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            path.display().to_string()
        };
        let reader: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(io::BufReader::new(
                std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?,
            ))
        };
        if jsonl {
            status = status.max(for_each_jsonl(&name, reader, &mut f)?);
        } else {
            let mut bytes = Vec::new();
            { reader }
                .read_to_end(&mut bytes)
                .with_context(|| format!("cannot read {name}"))?;
            // Not UTF-8: reported, never passed as clean; the other files go on.
            let text = match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!(
                        "guardrail: {name}: not valid UTF-8 (first bad byte at offset {})",
                        e.utf8_error().valid_up_to()
                    );
                    status = Status::Error;
                    continue;
                }
            };
            f(Record {
                id: serde_json::Value::String(name.clone()),
                text,
            })?;
        }
    }
    Ok(status)
}

fn for_each_jsonl(
    name: &str,
    mut reader: Box<dyn BufRead>,
    f: &mut impl FnMut(Record) -> Result<()>,
) -> Result<Status> {
    #[derive(serde::Deserialize)]
    struct In {
        #[serde(default)]
        id: serde_json::Value,
        text: String,
    }
    let mut status = Status::Clean;
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        if reader
            .read_until(b'\n', &mut buf)
            .with_context(|| format!("cannot read {name}"))?
            == 0
        {
            break;
        }
        line_no += 1;
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l.trim(),
            Err(e) => {
                eprintln!(
                    "guardrail: {name}:{line_no}: not valid UTF-8 (byte {})",
                    e.valid_up_to()
                );
                status = Status::Error;
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        match serde_json::from_str::<In>(line) {
            Ok(rec) => f(Record {
                id: rec.id,
                text: rec.text,
            })?,
            Err(e) => {
                eprintln!("guardrail: {name}:{line_no}: bad JSONL record: {e}");
                status = Status::Error;
            }
        }
    }
    Ok(status)
}

/// Grep-style lines `name:line:column: TYPE ACTION match`, then a summary.
fn write_text(out: &mut impl Write, record: &Record, verdict: &Verdict) -> Result<()> {
    let name = match &record.id {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    for f in &verdict.findings {
        let before = &record.text[..f.start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let action = serde_json::to_value(f.action)?;
        writeln!(
            out,
            "{name}:{line}:{column}: {} {} {:?}",
            f.kind,
            action.as_str().unwrap_or_default(),
            f.matched
        )?;
    }
    let what = if verdict.is_blocked() {
        "blocked"
    } else if verdict.is_intervened() {
        "masked"
    } else {
        "clean"
    };
    writeln!(out, "{name}: {} findings, {what}", verdict.findings.len())?;
    Ok(())
}
