//! `guardrail scan` and `guardrail redact`.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use guardrail::{
    ConfigAction, EntryAction, Release, Source, StreamError, StreamOptions, StreamScanner, Verdict,
};
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
    // Plain files are streamed in bounded memory where the output allows it
    // (a JSON verdict holds the whole masked text anyway).
    if !args.jsonl && (format == Format::Text || args.count) {
        for input in inputs(&args.files) {
            let input = input?;
            let summary = stream_input(input, &scanner, source, |name, lines, r| {
                for f in &r.findings {
                    findings_total += 1;
                    let kind = scanner.detector(f.finding.detector).label();
                    if args.count {
                        *counts.entry(kind.to_string()).or_default() += 1;
                        continue;
                    }
                    let (line, column) = lines.position(f.finding.span.start as u64);
                    let action = serde_json::to_value(EntryAction::from(f.action))?;
                    writeln!(
                        out,
                        "{name}:{line}:{column}: {kind} {} {:?}",
                        action.as_str().unwrap_or_default(),
                        f.matched
                    )?;
                }
                Ok(())
            })?;
            status = status.max(summary.status());
            if summary.report_bad_utf8() {
                continue;
            }
            if !args.count {
                writeln!(
                    out,
                    "{}: {} findings, {}",
                    summary.name,
                    summary.findings,
                    summary.what()
                )?;
            }
        }
        write_counts(&mut out, args, format, &counts, findings_total)?;
        out.flush()?;
        return Ok(status);
    }
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
    write_counts(&mut out, args, format, &counts, findings_total)?;
    out.flush()?;
    Ok(status.max(read_status))
}

/// The `--count` summary, when asked for.
fn write_counts(
    out: &mut impl Write,
    args: &ScanArgs,
    format: Format,
    counts: &BTreeMap<String, usize>,
    total: usize,
) -> Result<()> {
    if !args.count {
        return Ok(());
    }
    match format {
        Format::Text => {
            for (kind, n) in counts {
                writeln!(out, "{kind}\t{n}")?;
            }
            writeln!(out, "total\t{total}")?;
        }
        Format::Json | Format::Jsonl => {
            serde_json::to_writer(&mut *out, counts)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

pub(super) fn redact(args: &RedactArgs) -> Result<Status> {
    let scanner = args.engine.scanner()?;
    let source: Source = args.engine.source.into();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut status = Status::Clean;
    if !args.jsonl {
        for input in inputs(&args.files) {
            let summary = stream_input(input?, &scanner, source, |_, _, r| {
                out.write_all(r.text.as_bytes())?;
                Ok(())
            })?;
            if summary.report_bad_utf8() {
                status = Status::Error;
            } else if summary.findings > 0 {
                status = status.max(Status::Intervened);
            }
        }
        out.flush()?;
        return Ok(status);
    }
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

/// Bytes read from a plain input per step; the stream's own batch is larger.
const READ_CHUNK: usize = 64 * 1024;
/// Text a plain-input stream scans per step beyond its window: large, so
/// that files up to this size are scanned whole, as a verdict would be.
const STREAM_BATCH: usize = 1 << 20;

/// One plain input: its name for messages, its bytes and their size when known.
struct Input {
    name: String,
    reader: Box<dyn Read>,
    size: Option<u64>,
}

/// The files named (stdin for none or `-`), opened one at a time.
fn inputs(files: &[PathBuf]) -> impl Iterator<Item = Result<Input>> + '_ {
    let stdin = files.is_empty().then(|| PathBuf::from("-"));
    files.iter().cloned().chain(stdin).map(|path| {
        if path.as_os_str() == "-" {
            return Ok(Input {
                name: "<stdin>".to_string(),
                reader: Box::new(io::stdin().lock()),
                size: None,
            });
        }
        let name = path.display().to_string();
        let file = std::fs::File::open(&path).with_context(|| format!("cannot open {name}"))?;
        let size = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        Ok(Input {
            name,
            reader: Box::new(file),
            size,
        })
    })
}

/// What a streamed input came to.
struct Summary {
    name: String,
    findings: usize,
    blocked: bool,
    masked: bool,
    /// Stream offset of the first byte that is not UTF-8, where reading stopped.
    bad_utf8: Option<u64>,
}

impl Summary {
    fn status(&self) -> Status {
        if self.bad_utf8.is_some() {
            Status::Error
        } else if self.blocked || self.masked {
            Status::Intervened
        } else {
            Status::Clean
        }
    }

    /// Says on stderr that the input is not UTF-8, if so; the other inputs go on.
    fn report_bad_utf8(&self) -> bool {
        if let Some(offset) = self.bad_utf8 {
            eprintln!(
                "guardrail: {}: not valid UTF-8 (first bad byte at offset {offset})",
                self.name
            );
        }
        self.bad_utf8.is_some()
    }

    fn what(&self) -> &'static str {
        if self.blocked {
            "blocked"
        } else if self.masked {
            "masked"
        } else {
            "clean"
        }
    }
}

/// Line and column (1-based, in characters) of stream offsets, from the
/// bytes seen so far; keeps only bytes not yet passed.
struct Lines {
    /// Stream offset of `pending[0]`.
    at: u64,
    pending: std::collections::VecDeque<u8>,
    line: usize,
    column: usize,
}

impl Lines {
    fn new() -> Self {
        Lines {
            at: 0,
            pending: std::collections::VecDeque::new(),
            line: 1,
            column: 1,
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        self.pending.extend(bytes);
    }

    /// Moves to `offset` (not before the last one) and tells where it is.
    fn position(&mut self, offset: u64) -> (usize, usize) {
        let n = usize::try_from(offset.saturating_sub(self.at))
            .unwrap_or(usize::MAX)
            .min(self.pending.len());
        let (front, back) = self.pending.as_slices();
        let split = n.min(front.len());
        for part in [&front[..split], &back[..n - split]] {
            match memchr::memrchr(b'\n', part) {
                Some(last) => {
                    self.line += memchr::memchr_iter(b'\n', part).count();
                    self.column = 1 + chars(&part[last + 1..]);
                }
                None => self.column += chars(part),
            }
        }
        self.pending.drain(..n);
        self.at += n as u64;
        (self.line, self.column)
    }
}

/// Characters in UTF-8 bytes, counted by their first bytes.
fn chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// Streams one plain input through the scanner in bounded memory, calling
/// `on` with each release; every finding is reported (a `BLOCK` does not stop
/// the scan). A progress bar shows on a terminal when the size is known.
fn stream_input(
    input: Input,
    scanner: &guardrail::Scanner,
    source: Source,
    mut on: impl FnMut(&str, &mut Lines, &Release) -> Result<()>,
) -> Result<Summary> {
    let Input {
        name,
        mut reader,
        size,
    } = input;
    let options = StreamOptions {
        batch: STREAM_BATCH,
        stop_on_block: false,
        ..StreamOptions::default()
    };
    let mut stream = StreamScanner::with_options(scanner, source, options);
    let mut lines = Lines::new();
    let mut summary = Summary {
        name: name.clone(),
        findings: 0,
        blocked: false,
        masked: false,
        bad_utf8: None,
    };
    let progress = match size {
        Some(n) if io::stderr().is_terminal() => {
            let bar = indicatif::ProgressBar::new(n);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        }
        _ => indicatif::ProgressBar::hidden(),
    };
    let mut take = |release: Release, lines: &mut Lines, summary: &mut Summary| -> Result<()> {
        for f in &release.findings {
            summary.findings += 1;
            summary.blocked |= f.action == ConfigAction::Block;
            summary.masked |= f.action == ConfigAction::Anonymize;
        }
        on(&name, lines, &release)
    };
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read {name}")),
        };
        lines.feed(&buf[..n]);
        let release = match stream.push(&buf[..n]) {
            Ok(r) => r,
            Err(StreamError::InvalidUtf8 { offset }) => {
                progress.finish_and_clear();
                summary.bad_utf8 = Some(offset);
                return Ok(summary);
            }
        };
        take(release, &mut lines, &mut summary)?;
        // Everything before the decided point has been reported.
        lines.position(stream.position());
        progress.inc(n as u64);
    }
    progress.finish_and_clear();
    match stream.finish() {
        Ok(release) => take(release, &mut lines, &mut summary)?,
        Err(StreamError::InvalidUtf8 { offset }) => summary.bad_utf8 = Some(offset),
    }
    Ok(summary)
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
