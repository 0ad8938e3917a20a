"""Turns the JSON the CV benchmarks print into records of scripts/bench.sh (one JSON a line on
stdout, appended to its records; what it found on stderr). See bench/report.py for the records.

Usage:
  records.py parse OUTPUT.json              parse_throughput's output
  records.py embed OUTPUT.json              embed_throughput's output
  records.py to_parsed KEY LABEL OUTPUT.json [GOAL_MS]   upload_to_parsed.py's output
"""

import json
import sys

LABELS = {
    "pdf_2p_one_column": "2-page PDF, one column",
    "pdf_2p_two_column": "2-page PDF, two columns",
    "docx": "DOCX",
    "all": "all generated CVs (every layout)",
}
PARSE_GOAL = 20  # CVs/s/core (issue 6)


def out(**record):
    print(json.dumps(record))


def log(text):
    print(f"bench: {text}", file=sys.stderr)


def measurement(key, label, tool, c, count, seconds, rate, latency, errors):
    out(type="measurement", key=key, label=label, tool=tool, concurrency=c, requests=count, duration_s=seconds,
        rps=rate, p50_ms=latency.get("p50_ms"), p95_ms=latency.get("p95_ms"), p99_ms=latency.get("p99_ms"),
        max_ms=latency.get("max_ms"), mean_ms=latency.get("mean_ms"), errors=errors)
    log(f"{label} c={c}: {rate} /s, p50 {latency.get('p50_ms')} ms, p95 {latency.get('p95_ms')} ms")


def parse(path):
    r = json.load(open(path))
    t = r["threads"]
    for name, g in r["groups"].items():
        label = LABELS.get(name, name)
        files = g["files"]
        measurement(f"cv.parse.{name}.t{t}", f"CV parse: {label}", "parse", t, g["cvs"], g["wall_s"],
                    g["cvs_per_s"], g["per_cv"], {})
        goal = PARSE_GOAL if t == 1 else None
        out(type="metric", key=f"cv.parse.{name}.t{t}.per_core", label=f"CV parse, {label}: CVs/s/core ({t} thread{'s' if t > 1 else ''})",
            value=g["cvs_per_s_per_core"], unit="CV/s", goal=goal, at_least=True)
        if g.get("cpu_cvs_per_s_per_core") is not None:
            out(type="metric", key=f"cv.parse.{name}.t{t}.per_cpu_second",
                label=f"CV parse, {label}: CVs per CPU-second ({t} thread{'s' if t > 1 else ''})",
                value=g["cpu_cvs_per_s_per_core"], unit="CV/s", goal=None)
        if t == 1:
            words = sorted(f["words"] for f in files)
            pages = sorted({f["pages"] for f in files if f["pages"] is not None})
            out(type="note", text=(
                f"CV parse, {label}: {len(files)} file(s), {words[0]}-{words[-1]} words"
                f"{', pages ' + '/'.join(map(str, pages)) if pages else ''}; per CV p50 {g['per_cv']['p50_ms']} ms ="
                f" extract {g['extract']['p50_ms']} + parse_cv {g['parse']['p50_ms']} + to JSON {g['to_json']['p50_ms']} ms"
                f" (p95 {g['per_cv']['p95_ms']} = {g['extract']['p95_ms']} + {g['parse']['p95_ms']} + {g['to_json']['p95_ms']})"))


def embed(path):
    r = json.load(open(path))
    langs = ", ".join(f"{k} {v}" for k, v in r["languages"].items())
    for size, b in sorted(r["batches"].items(), key=lambda kv: int(kv[0])):
        measurement(f"cv.embed.batch{size}", f"embed {r['words_per_passage']}-word passages, batch {size}", "embed",
                    1, b["passages"], b["wall_s"], b["passages_per_s"], b["request"], {})
        out(type="metric", key=f"cv.embed.batch{size}.passages_per_s",
            label=f"embeddings: passages/s, batch {size} (one request at a time)", value=b["passages_per_s"],
            unit="/s", goal=None)
    out(type="note", text=(
        f"embed: {r['model']} at {r['url']} through OpenAiEmbedder; passages of {r['words_per_passage']} words"
        f" (~{r['chars_per_passage_mean']} chars) cut from the generated CVs' extracted text ({langs});"
        f" the req/s column is passages/s, latencies are per request (a request of 16 carries 16 passages)."))


def to_parsed(key, label, path, goal=None):
    r = json.load(open(path))
    errors = {"refused": sum(r["refused_by_status"].values()), "other": r["error_count"]}
    rate = f"{r['rate_per_s']:g}/s"
    measurement(f"{key}.to_parsed", f"{label}: upload to parsed", "python", rate, r["count"], r["duration_s"],
                r["uploads_per_s"], r["to_parsed"], errors)
    measurement(f"{key}.upload", f"{label}: the uploads", "python", rate, r["count"], r["duration_s"],
                r["uploads_per_s"], r["upload"], errors)
    out(type="metric", key=f"{key}.to_parsed.p95", label=f"{label}: upload-to-parsed p95", value=r["to_parsed"]["p95_ms"],
        unit="ms", goal=float(goal) if goal else None)
    out(type="metric", key=f"{key}.server.p95", label=f"{label}: created_at to parsed_at p95 (server)",
        value=r["server_created_to_parsed"]["p95_ms"], unit="ms", goal=None)
    out(type="note", text=(
        f"{label}: {r['count']} uploads at {r['rate_per_s']}/s (open loop; start lag p95 {r['schedule_lag']['p95_ms']} ms),"
        f" polled every {r['poll_ms']} ms: {r['parsed']} parsed, {r['failed']} failed"
        f"{' ' + str(r['failed_reasons']) if r['failed_reasons'] else ''}, refused {r['refused_by_status'] or 'none'},"
        f" errors {r['error_count']}{' ' + str(r['errors']) if r['errors'] else ''};"
        f" to parsed p50 {r['to_parsed']['p50_ms']} / p95 {r['to_parsed']['p95_ms']} / max {r['to_parsed']['max_ms']} ms,"
        f" server created_at->parsed_at p50 {r['server_created_to_parsed']['p50_ms']} / p95 {r['server_created_to_parsed']['p95_ms']} ms."))


def main():
    mode = sys.argv[1]
    if mode == "parse":
        parse(sys.argv[2])
    elif mode == "embed":
        embed(sys.argv[2])
    elif mode == "to_parsed":
        to_parsed(*sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
