//! A closed-loop HTTP/1.1 load generator for `scripts/load.sh`, so the load
//! test needs nothing beyond this repository's own dependencies.
//!
//! ```text
//! cargo run --release --example loadgen -- URL BODY_FILE [--connections N]
//!     [--seconds S] [--warmup S] [--interval S] [--threads N] [--pid PID] [--expect TEXT]
//! ```
//!
//! Each of `--connections` keep-alive connections POSTs the JSON in
//! `BODY_FILE` to `URL`, waits for the whole answer and sends again (like
//! wrk, so latencies are service times under that concurrency, not under a
//! fixed arrival rate). After `--warmup` seconds unrecorded, it runs for
//! `--seconds`, printing per interval the throughput, latency percentiles
//! and (with `--pid`) the server's resident memory, then a summary.
//!
//! Exit status 1 when any answer was not 2xx, a connection failed, a 2xx
//! body lacked `--expect`, a request was still unanswered a minute after
//! the end, or the server's memory grew past 1.5 times its
//! size after the warm-up plus 8 MB; never on throughput or latency.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;

/// Latency buckets grow by 1%: bucket `i` holds [G^i, G^(i+1)) microseconds.
const GROWTH: f64 = 1.01;
/// Enough buckets for 100 s.
const BUCKETS: usize = 1900;
/// How long requests in flight at the end may take to finish.
const HANG: Duration = Duration::from_secs(60);
/// Memory may grow to this factor of its size after the warm-up ...
const RSS_FACTOR: f64 = 1.5;
/// ... plus this many kB (allocator arenas, buffers of late connections).
const RSS_SLACK_KB: u64 = 8 * 1024;

struct Options {
    url: String,
    body: Bytes,
    connections: usize,
    seconds: u64,
    warmup: u64,
    interval: u64,
    threads: usize,
    pid: Option<u32>,
    expect: Option<String>,
}

/// Counters shared by the connections.
struct Stats {
    /// Record latencies and counts (false during the warm-up).
    recording: AtomicBool,
    stop: AtomicBool,
    total: Histogram,
    interval: Histogram,
    /// Answers other than 2xx by status, at any time.
    statuses: Mutex<BTreeMap<u16, u64>>,
    /// Connections refused, reset or closed mid-request, at any time.
    errors: AtomicU64,
    /// 2xx answers without the expected text, at any time.
    unexpected: AtomicU64,
}

struct Histogram {
    buckets: Vec<AtomicU64>,
    max_us: AtomicU64,
}

impl Histogram {
    fn new() -> Self {
        Histogram {
            buckets: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
            max_us: AtomicU64::new(0),
        }
    }

    fn record(&self, d: Duration) {
        let us = d.as_micros().max(1) as f64;
        let i = ((us.ln() / GROWTH.ln()) as usize).min(BUCKETS - 1);
        self.buckets[i].fetch_add(1, Ordering::Relaxed);
        self.max_us
            .fetch_max(d.as_micros() as u64, Ordering::Relaxed);
    }

    /// The counts so far, emptying the histogram when `reset`.
    fn snapshot(&self, reset: bool) -> Snapshot {
        let take = |a: &AtomicU64| {
            if reset {
                a.swap(0, Ordering::Relaxed)
            } else {
                a.load(Ordering::Relaxed)
            }
        };
        Snapshot {
            counts: self.buckets.iter().map(take).collect(),
            max_us: take(&self.max_us),
        }
    }
}

struct Snapshot {
    counts: Vec<u64>,
    max_us: u64,
}

impl Snapshot {
    fn count(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The `q` quantile in milliseconds (a bucket's upper bound, within 1%).
    fn quantile_ms(&self, q: f64) -> f64 {
        let n = self.count();
        if n == 0 {
            return 0.0;
        }
        let rank = ((q * n as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let upper_us = GROWTH.powi(i as i32 + 1);
                return (upper_us / 1000.0).min(self.max_us as f64 / 1000.0);
            }
        }
        self.max_us as f64 / 1000.0
    }
}

fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1).collect()) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("loadgen: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(options.threads)
        .enable_all()
        .build();
    match runtime {
        Ok(rt) => rt.block_on(run(options)),
        Err(e) => {
            eprintln!("loadgen: cannot start the runtime: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: Vec<String>) -> Result<Options, String> {
    let mut positional = Vec::new();
    let mut flags = BTreeMap::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.strip_prefix("--") {
            Some(name) => {
                let value = it.next().ok_or(format!("--{name} needs a value"))?;
                flags.insert(name.to_string(), value);
            }
            None => positional.push(a),
        }
    }
    let [url, body_file] = &positional[..] else {
        return Err("usage: loadgen URL BODY_FILE [--connections N] [--seconds S] [--warmup S] [--interval S] [--threads N] [--pid PID] [--expect TEXT]".into());
    };
    let mut number = |name: &str, default: u64| -> Result<u64, String> {
        match flags.remove(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{name} {v:?} is not a number")),
        }
    };
    let options = Options {
        url: url.clone(),
        body: std::fs::read(body_file)
            .map_err(|e| format!("cannot read {body_file}: {e}"))?
            .into(),
        connections: number("connections", 32)?.max(1) as usize,
        seconds: number("seconds", 10)?.max(1),
        warmup: number("warmup", 5)?,
        interval: number("interval", 5)?.max(1),
        threads: number("threads", 2)?.max(1) as usize,
        pid: flags
            .remove("pid")
            .map(|p| {
                p.parse()
                    .map_err(|_| format!("--pid {p:?} is not a number"))
            })
            .transpose()?,
        expect: flags.remove("expect"),
    };
    if let Some(name) = flags.keys().next() {
        return Err(format!("unknown option --{name}"));
    }
    Ok(options)
}

async fn run(o: Options) -> ExitCode {
    let Some((authority, path)) = o
        .url
        .strip_prefix("http://")
        .and_then(|rest| rest.split_once('/'))
        .map(|(a, p)| (a.to_string(), format!("/{p}")))
    else {
        eprintln!("loadgen: URL must be http://HOST:PORT/PATH");
        return ExitCode::from(2);
    };
    let stats = Arc::new(Stats {
        recording: AtomicBool::new(false),
        stop: AtomicBool::new(false),
        total: Histogram::new(),
        interval: Histogram::new(),
        statuses: Mutex::new(BTreeMap::new()),
        errors: AtomicU64::new(0),
        unexpected: AtomicU64::new(0),
    });
    let target = Arc::new(Target {
        authority,
        path,
        body: o.body.clone(),
        expect: o.expect.clone(),
    });
    let workers: Vec<_> = (0..o.connections)
        .map(|_| tokio::spawn(connection(target.clone(), stats.clone())))
        .collect();

    tokio::time::sleep(Duration::from_secs(o.warmup)).await;
    let rss = |field| o.pid.and_then(|pid| memory_kb(pid, field));
    let warm = rss("VmRSS:");
    let cpu_warm = o.pid.and_then(cpu_ns);
    stats.recording.store(true, Ordering::SeqCst);
    let started = Instant::now();
    println!(
        "{} connections, {} s after a {} s warm-up, {} bytes a request",
        o.connections,
        o.seconds,
        o.warmup,
        o.body.len()
    );
    println!("  time    req/s      p50 ms    p99 ms   server RSS");
    if let Some(kb) = warm {
        println!("  {:>4}s  {:>7}  {:>9}  {:>8}   {}", 0, "", "", "", mb(kb));
    }
    let mut tick = tokio::time::interval_at(
        tokio::time::Instant::now() + Duration::from_secs(o.interval),
        Duration::from_secs(o.interval),
    );
    let mut last = Instant::now();
    while started.elapsed() < Duration::from_secs(o.seconds) {
        let left = Duration::from_secs(o.seconds).saturating_sub(started.elapsed());
        tokio::select! {
            _ = tick.tick() => {},
            () = tokio::time::sleep(left) => {},
        }
        let s = stats.interval.snapshot(true);
        let secs = last.elapsed().as_secs_f64();
        last = Instant::now();
        println!(
            "  {:>4}s  {:>7.0}  {:>9.2}  {:>8.2}   {}",
            started.elapsed().as_secs_f64().round(),
            s.count() as f64 / secs,
            s.quantile_ms(0.5),
            s.quantile_ms(0.99),
            rss("VmRSS:").map(mb).unwrap_or_default()
        );
    }
    let cpu_end = o.pid.and_then(cpu_ns);
    stats.stop.store(true, Ordering::SeqCst);
    // A request still unanswered long after the end is a hang, not a wait.
    let mut hung = 0;
    for w in workers {
        if tokio::time::timeout(HANG, w).await.is_err() {
            hung += 1;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let s = stats.total.snapshot(false);
    let statuses = stats.statuses.lock().map(|m| m.clone()).unwrap_or_default();
    let other: u64 = statuses.values().sum();
    let errors = stats.errors.load(Ordering::SeqCst);
    let unexpected = stats.unexpected.load(Ordering::SeqCst);
    println!(
        "requests: {} in {:.1} s, {:.0} req/s",
        s.count(),
        elapsed,
        s.count() as f64 / elapsed
    );
    println!(
        "latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        s.quantile_ms(0.5),
        s.quantile_ms(0.9),
        s.quantile_ms(0.99),
        s.max_us as f64 / 1000.0
    );
    println!(
        "answers: other than 2xx {other} {statuses:?}, connection errors {errors}, 2xx without the expected text {unexpected}"
    );
    if hung > 0 {
        println!(
            "requests unanswered {} s after the end: {hung}",
            HANG.as_secs()
        );
    }
    if let (Some(warm), Some(end)) = (cpu_warm, cpu_end) {
        // What a request costs the server, whatever the load generator
        // took from the shared cores: the server's ceiling is cores / this.
        let per_request = end.saturating_sub(warm) as f64 / 1000.0 / s.count().max(1) as f64;
        println!(
            "server CPU: {per_request:.1} µs a request ({:.2} cores busy)",
            end.saturating_sub(warm) as f64 / 1e9 / elapsed
        );
    }
    let mut failed = other + errors + unexpected + hung > 0 || s.count() == 0;
    if let (Some(warm), Some(end)) = (warm, rss("VmRSS:")) {
        let bound = (warm as f64 * RSS_FACTOR) as u64 + RSS_SLACK_KB;
        println!(
            "server RSS: after warm-up {}, end {}, peak {} (bound {})",
            mb(warm),
            mb(end),
            rss("VmHWM:").map(mb).unwrap_or_default(),
            mb(bound)
        );
        if end > bound {
            println!("memory grew past the bound");
            failed = true;
        }
    }
    if failed {
        println!("FAIL");
        ExitCode::from(1)
    } else {
        println!("PASS");
        ExitCode::SUCCESS
    }
}

struct Target {
    authority: String,
    path: String,
    body: Bytes,
    expect: Option<String>,
}

/// One keep-alive connection sending until told to stop; reconnects after a failure.
async fn connection(target: Arc<Target>, stats: Arc<Stats>) {
    while !stats.stop.load(Ordering::Relaxed) {
        let Ok(stream) = tokio::net::TcpStream::connect(&target.authority).await else {
            stats.errors.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let Ok((mut sender, conn)) = http1::handshake(TokioIo::new(stream)).await else {
            stats.errors.fetch_add(1, Ordering::Relaxed);
            continue;
        };
        tokio::spawn(conn);
        while !stats.stop.load(Ordering::Relaxed) {
            if sender.ready().await.is_err() {
                stats.errors.fetch_add(1, Ordering::Relaxed);
                break;
            }
            let request = Request::post(target.path.as_str())
                .header("host", target.authority.as_str())
                .header("content-type", "application/json")
                .body(Full::new(target.body.clone()));
            let Ok(request) = request else { return };
            let started = Instant::now();
            let answer = match sender.send_request(request).await {
                Ok(response) => {
                    let status = response.status();
                    match response.into_body().collect().await {
                        Ok(body) => Ok((status, body.to_bytes())),
                        Err(_) => Err(()),
                    }
                }
                Err(_) => Err(()),
            };
            let elapsed = started.elapsed();
            let Ok((status, body)) = answer else {
                stats.errors.fetch_add(1, Ordering::Relaxed);
                break;
            };
            if !status.is_success() {
                if let Ok(mut m) = stats.statuses.lock() {
                    *m.entry(status.as_u16()).or_default() += 1;
                }
            } else if target
                .expect
                .as_ref()
                .is_some_and(|e| !contains(&body, e.as_bytes()))
            {
                stats.unexpected.fetch_add(1, Ordering::Relaxed);
            }
            if stats.recording.load(Ordering::Relaxed) {
                stats.total.record(elapsed);
                stats.interval.record(elapsed);
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

/// A `/proc/PID/status` field in kB (`VmRSS:` now, `VmHWM:` peak).
fn memory_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].split_whitespace().next()?.parse().ok()
}

/// CPU time of every thread of `pid` so far, in nanoseconds (`/proc/PID/task/*/schedstat`).
fn cpu_ns(pid: u32) -> Option<u64> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut total = 0;
    for task in tasks.flatten() {
        // A thread may end between listing and reading.
        if let Ok(stat) = std::fs::read_to_string(task.path().join("schedstat")) {
            total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
        }
    }
    Some(total)
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}
