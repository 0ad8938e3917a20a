//! Parse throughput: what the `cv.parse` job does to a stored file (text extraction with layout,
//! then `parse_cv` with the shipped skill taxonomy, then the result as JSON), timed per CV.
//! `scripts/bench.sh` (`make bench`, benchmark `cv_parse`) runs it on generated fixtures.
//!
//! ```sh
//! cargo run --release -p cv --example parse_throughput -- \
//!     [--iterations N] [--warmup N] [--threads K] [--dump-text FILE.jsonl] \
//!     GROUP=FILE[,FILE...] [GROUP=FILE...]
//! ```
//!
//! Each group (e.g. `pdf_two_column=a.pdf,b.pdf`) is measured on its own: N CVs (the group's files
//! in turn) spread over K threads, after `--warmup` untimed CVs. Prints one JSON object: per group
//! CVs/second (wall clock) and CVs/second/core (wall clock / K, and from the threads' own CPU time
//! read in /proc, which other work on the machine does not inflate), p50/p95/max per CV and the
//! same percentiles for each step (extract, parse, to JSON). `--dump-text` writes the extracted
//! text of every file (one JSON line each: file, language, text), e.g. as embedding input.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::{Datelike, Utc};
use cv::domain::dates::YearMonth;
use cv::domain::parse::{Line, parse_cv};
use cv::domain::skills::Taxonomy;
use cv::domain::text;
use serde_json::{Value, json};

struct Args {
    iterations: usize,
    warmup: usize,
    threads: usize,
    dump_text: Option<String>,
    groups: Vec<(String, Vec<String>)>,
}

const USAGE: &str =
    "usage: parse_throughput [--iterations N] [--warmup N] [--threads K] [--dump-text FILE] GROUP=FILE[,FILE...]...";

fn args() -> Result<Args, String> {
    let mut out = Args { iterations: 200, warmup: 20, threads: 1, dump_text: None, groups: Vec::new() };
    let mut raw = std::env::args().skip(1);
    while let Some(arg) = raw.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            raw.next().and_then(|v| v.parse().ok()).ok_or_else(|| format!("{name} takes a whole number"))
        };
        match arg.as_str() {
            "--iterations" => out.iterations = number("--iterations")?.max(1),
            "--warmup" => out.warmup = number("--warmup")?,
            "--threads" => out.threads = number("--threads")?.max(1),
            "--dump-text" => out.dump_text = Some(raw.next().ok_or("--dump-text takes a file")?),
            "-h" | "--help" => return Err(USAGE.into()),
            group => {
                let (name, files) =
                    group.split_once('=').ok_or_else(|| format!("{group:?}: expected GROUP=FILE[,FILE...]"))?;
                let files: Vec<String> = files.split(',').filter(|f| !f.is_empty()).map(str::to_owned).collect();
                if name.is_empty() || files.is_empty() {
                    return Err(format!("{group:?}: expected GROUP=FILE[,FILE...]"));
                }
                out.groups.push((name.to_owned(), files));
            }
        }
    }
    if out.groups.is_empty() {
        return Err(USAGE.into());
    }
    Ok(out)
}

/// Time this thread has spent on a CPU (Linux: /proc/thread-self/schedstat), if known.
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(stat.split_whitespace().next()?.parse().ok()?))
}

/// The time of each step of one CV.
#[derive(Clone, Copy, Default)]
struct Timing {
    extract: Duration,
    parse: Duration,
    json: Duration,
}

impl Timing {
    fn total(&self) -> Duration {
        self.extract + self.parse + self.json
    }
}

/// Exactly the work of `ParseCvs::run` between reading the file and storing the result.
fn parse_one(bytes: &[u8], limits: &text::Limits, month: YearMonth) -> Result<(Timing, Value), String> {
    let started = Instant::now();
    let extracted = text::extract(bytes, limits).map_err(|e| format!("{}: {e}", e.code()))?;
    let extracted_at = Instant::now();
    let lines: Vec<Line> =
        extracted.lines().map(|l| Line { text: l.text.to_owned(), heading_like: l.heading_like }).collect();
    let parsed = parse_cv(&lines, month, Taxonomy::shipped());
    let parsed_at = Instant::now();
    let value = serde_json::to_value(&parsed).map_err(|e| e.to_string())?;
    let done = Instant::now();
    Ok((Timing { extract: extracted_at - started, parse: parsed_at - extracted_at, json: done - parsed_at }, value))
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn millis(values: impl Iterator<Item = Duration>) -> Value {
    let mut ms: Vec<f64> = values.map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    json!({
        "p50_ms": round(percentile(&ms, 0.50)),
        "p95_ms": round(percentile(&ms, 0.95)),
        "p99_ms": round(percentile(&ms, 0.99)),
        "max_ms": round(ms.last().copied().unwrap_or(f64::NAN)),
        "mean_ms": round(ms.iter().sum::<f64>() / ms.len().max(1) as f64),
    })
}

struct File {
    path: String,
    bytes: Vec<u8>,
}

/// One thread's timings and CPU time, or why it stopped.
type ThreadResult = Result<(Vec<Timing>, Option<Duration>), String>;

fn measure(files: &[File], args: &Args, limits: &text::Limits, month: YearMonth) -> Result<Value, String> {
    // Untimed: page faults, the taxonomy's first load, allocator warm-up.
    for i in 0..args.warmup.max(files.len()) {
        let file = &files[i % files.len()];
        parse_one(&file.bytes, limits, month).map_err(|e| format!("{}: {e}", file.path))?;
    }
    let per_thread = args.iterations.div_ceil(args.threads);
    let started = Instant::now();
    let results: Vec<ThreadResult> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..args.threads)
            .map(|t| {
                scope.spawn(move || {
                    let cpu_start = thread_cpu_time();
                    let mut timings = Vec::with_capacity(per_thread);
                    for i in 0..per_thread {
                        let file = &files[(t + i) % files.len()];
                        let (timing, value) =
                            parse_one(&file.bytes, limits, month).map_err(|e| format!("{}: {e}", file.path))?;
                        std::hint::black_box(value);
                        timings.push(timing);
                    }
                    let cpu = cpu_start.zip(thread_cpu_time()).map(|(a, b)| b.saturating_sub(a));
                    Ok((timings, cpu))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err("a thread panicked".into()))).collect()
    });
    let wall = started.elapsed();
    let mut timings = Vec::new();
    let mut cpu = Some(Duration::ZERO);
    for result in results {
        let (t, c) = result?;
        timings.extend(t);
        cpu = cpu.zip(c).map(|(a, b)| a + b);
    }
    let cvs = timings.len() as f64;
    let round = |v: f64| (v * 100.0).round() / 100.0;
    Ok(json!({
        "cvs": timings.len(),
        "wall_s": round(wall.as_secs_f64()),
        "cvs_per_s": round(cvs / wall.as_secs_f64()),
        "cvs_per_s_per_core": round(cvs / wall.as_secs_f64() / args.threads as f64),
        "cpu_s": cpu.map(|c| round(c.as_secs_f64())),
        "cpu_cvs_per_s_per_core": cpu.map(|c| round(cvs / c.as_secs_f64())),
        "per_cv": millis(timings.iter().map(Timing::total)),
        "extract": millis(timings.iter().map(|t| t.extract)),
        "parse": millis(timings.iter().map(|t| t.parse)),
        "to_json": millis(timings.iter().map(|t| t.json)),
    }))
}

fn run() -> Result<(), String> {
    let args = args()?;
    // As the job: the upload limit (CV_MAX_UPLOAD_BYTES, 10 MiB by default) and today's month.
    let limits = text::Limits::default();
    let today = Utc::now();
    let month = YearMonth::new(today.year(), today.month()).ok_or("the clock is off")?;
    let mut dump = match &args.dump_text {
        Some(path) => Some(std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?),
        None => None,
    };
    let mut groups = BTreeMap::new();
    for (name, paths) in &args.groups {
        let mut files = Vec::new();
        let mut described = Vec::new();
        for path in paths {
            let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
            let extracted = text::extract(&bytes, &limits).map_err(|e| format!("{path}: {}: {e}", e.code()))?;
            let (_, parsed) = parse_one(&bytes, &limits, month).map_err(|e| format!("{path}: {e}"))?;
            let text = extracted.plain_text();
            described.push(json!({
                "file": path.rsplit('/').next().unwrap_or(path),
                "bytes": bytes.len(),
                "format": extracted.format.as_str(),
                "pages": extracted.pages,
                "chars": extracted.char_count(),
                "words": text.split_whitespace().count(),
                "lines": extracted.lines().count(),
                "language": parsed["language"],
                "skills": parsed["skills"].as_array().map_or(0, Vec::len),
                "experience": parsed["experience"].as_array().map_or(0, Vec::len),
            }));
            if let Some(out) = dump.as_mut() {
                let line = json!({ "file": path, "group": name, "language": parsed["language"], "text": text });
                writeln!(out, "{line}").map_err(|e| e.to_string())?;
            }
            files.push(File { path: path.clone(), bytes });
        }
        let mut result = measure(&files, &args, &limits, month)?;
        result["files"] = Value::Array(described);
        groups.insert(name.clone(), result);
    }
    let report = json!({
        "threads": args.threads,
        "iterations": args.iterations,
        "warmup": args.warmup,
        "cpus": std::thread::available_parallelism().map_or(1, |n| n.get()),
        "groups": groups,
    });
    println!("{report}");
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parse_throughput: {e}");
            ExitCode::FAILURE
        }
    }
}
