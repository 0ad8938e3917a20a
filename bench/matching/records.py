"""Turns the JSON of the matching benchmarks' scripts into records of `make bench` (one JSON
object a line, the format bench/report.py reads).

Usage: records.py load LOAD_JSON | matches MATCHES_JSON | recall RECALL_JSON
"""

import json
import sys


def metric(key, label, value, unit, goal=None, at_least=False):
    out = {"type": "metric", "key": key, "label": label, "value": value, "unit": unit, "goal": goal}
    if at_least:
        out["at_least"] = True
    print(json.dumps(out))


def note(text):
    print(json.dumps({"type": "note", "text": text}))


def load(d):
    metric("jobs.load.postings", "jobs: active postings loaded", d["postings"], "")
    metric("jobs.load.import_rate", f"jobs: import-jobs rate ({d['imported']} seed postings)", d["import_rate"],
           "postings/s")
    metric("jobs.load.import_s", "jobs: import-jobs of the seed postings", d["import_s"], "s")
    metric("jobs.load.copy_s", f"jobs: copying to {d['count']} postings (indexes dropped)", d["copy_postings_s"], "s")
    metric("jobs.load.vectors_s", f"jobs: writing {d['vectors']} vectors (SQL)", d["write_vectors_s"], "s")
    for key, value in d.items():
        if key.startswith("index_") and key.endswith("_s"):
            name = key[len("index_"):-2]
            metric(f"jobs.load.{key}", f"jobs: building index {name}", value, "s")
    metric("jobs.load.vacuum_analyze_s", "jobs: VACUUM ANALYZE of postings and vectors", d["vacuum_analyze_s"], "s")
    note(f"jobs load: {d['import_report']} (seed of {d['seed_count']}); {d['dropped_jobs']} queued matching.* "
         f"jobs deleted (vectors written directly); database {d['database_size']}. Vectors are synthetic "
         "(bench/matching/vectors.py: family centroid + seed direction + noise), and so are the search words' and "
         "CVs' vectors (the stand-in embedder in 'families' mode); copies repeat their seed's text.")


def matches(d):
    print(json.dumps({"type": "measurement", "key": "jobs.match.first", "tool": "python",
                      "label": "GET /cvs/{id}/matches, first computation", "concurrency": 1,
                      "requests": d["requests"], "rps": round(1000 / d["mean_ms"], 2),
                      "p50_ms": d["p50_ms"], "p95_ms": d["p95_ms"], "p99_ms": d["p99_ms"],
                      "max_ms": d["max_ms"], "mean_ms": d["mean_ms"], "errors": {}}))
    metric("jobs.match.first.p95", "matches, first computation, c=1: p95", d["p95_ms"], "ms", 100)
    note(f"jobs_match: {d['cvs']} CVs x {d['rounds']} rounds, stored matches deleted before each round; "
         f"{d['mean_matches']} matches per answer on average.")


def recall(d):
    for name, s in d["settings"].items():
        metric(f"jobs.recall.{name}.recall_at_10",
               f"HNSW recall@10 vs exact, {name} (LIMIT {s['limit']}, ef_search {s['ef_search']})",
               s["recall_at_10"], "", 0.95, at_least=True)
        metric(f"jobs.recall.{name}.p95", f"HNSW query {name} (LIMIT {s['limit']}, ef {s['ef_search']}): p95",
               s["p95_ms"], "ms")
        note(f"recall {name}: by filter {json.dumps(s['recall_by_filter'])}; lowest single query {s['min_recall']}; "
             f"p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms.")
    metric("jobs.recall.exact.p95", "exact scan (enable_indexscan = off), top 10: p95", d["exact"]["p95_ms"], "ms")
    note(f"recall: {d['queries']} query vectors, the API's filters in turn (none, city, remote, both); exact p50 "
         f"{d['exact']['p50_ms']} ms; {d['exact']['mean_results']} exact results per query on average.")


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        data = json.load(f)
    {"load": load, "matches": matches, "recall": recall}[mode](data)
