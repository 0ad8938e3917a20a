//! Runs the CV parser over files, as the parse job does (extract text with layout, then parse),
//! and prints one JSON line per file: `{"file", "ok", "error"?, "parsed"?, "ms"}`. A measuring
//! tool for `scripts/fixtures/score.py`, not part of the product.
//!
//! ```sh
//! cargo run -p cv --example parse_files -- --today 2026-11 /tmp/fx/            # every .pdf/.docx in it
//! cargo run -p cv --example parse_files -- --today 2026-11 a.pdf b.docx
//! cargo run -p cv --example parse_files -- --lines a.pdf                       # the extracted lines too
//! ```
//!
//! `--today YYYY-MM` is the month current jobs run up to (excluded), as the parse job uses the
//! month it runs in; without it, the fixtures' default reference month 2026-11.

use std::path::{Path, PathBuf};
use std::time::Instant;

use cv::domain::dates::YearMonth;
use cv::domain::parse::{Line, parse_cv};
use cv::domain::skills::Taxonomy;
use cv::domain::text::{self, Limits};
use serde_json::json;

fn main() {
    let mut today = YearMonth::new(2026, 11).expect("a valid month");
    let mut with_lines = false;
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--today" => {
                let value = args.next().unwrap_or_default();
                today = parse_month(&value).unwrap_or_else(|| fail(&format!("--today wants YYYY-MM, not {value:?}")));
            }
            "--lines" => with_lines = true,
            "-h" | "--help" => {
                println!("usage: parse_files [--today YYYY-MM] [--lines] FILE_OR_DIR...");
                return;
            }
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    if paths.is_empty() {
        fail("give files or directories to parse (see --help)");
    }
    let taxonomy = Taxonomy::shipped();
    let limits = Limits::default();
    for path in paths.iter().flat_map(|p| expand(p)) {
        let started = Instant::now();
        let file = path.display().to_string();
        let record = match std::fs::read(&path) {
            Err(e) => json!({"file": file, "ok": false, "error": format!("read: {e}")}),
            Ok(bytes) => match text::extract(&bytes, &limits) {
                Err(e) => json!({"file": file, "ok": false, "error": format!("{}: {e}", e.code())}),
                Ok(extracted) => {
                    let lines: Vec<Line> = extracted
                        .lines()
                        .map(|l| Line { text: l.text.to_owned(), heading_like: l.heading_like })
                        .collect();
                    let parsed = parse_cv(&lines, today, taxonomy);
                    let mut record = json!({
                        "file": file,
                        "ok": true,
                        "parsed": parsed,
                        "ms": started.elapsed().as_secs_f64() * 1000.0,
                    });
                    if with_lines {
                        record["lines"] =
                            lines.iter().map(|l| json!([l.heading_like, l.text])).collect::<serde_json::Value>();
                    }
                    record
                }
            },
        };
        println!("{record}");
    }
}

/// A directory's PDF and DOCX files (sorted, one level), or the path itself.
fn expand(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_owned()];
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "pdf" || ext == "docx"))
        .collect();
    files.sort();
    files
}

fn parse_month(text: &str) -> Option<YearMonth> {
    let (year, month) = text.split_once('-')?;
    YearMonth::new(year.parse().ok()?, month.parse().ok()?)
}

fn fail(message: &str) -> ! {
    eprintln!("parse_files: {message}");
    std::process::exit(2);
}
