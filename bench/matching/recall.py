"""Filtered vector recall@10 of the HNSW index against an exact scan (matching benchmark
jobs_recall of `make bench`).

Usage: recall.py PSQL APP_DATABASE_URL MODEL QUERIES [OWNER_DATABASE_URL]

QUERIES query vectors are drawn like the bench's CVs and search words (bench/matching/vectors.py:
an unseen posting of a job family, the families in turn) and each gets one of the API's filters in
turn (none, a city, a remote policy, both). Per query, as the application role in the API's
anonymous request context (row-level security on), the SQL of store::search::nearest_published:
  approximate  SET LOCAL hnsw.iterative_scan = relaxed_order, hnsw.ef_search = EF; ORDER BY the
               indexed expression; once as a search's 10 (LIMIT 10, EF 400: the API's floor,
               MIN_EF_SEARCH) and once as a CV's candidates (LIMIT 200, EF 400: GET /cvs/{id}/matches), first 10 kept;
  exact        the same query with SET LOCAL enable_indexscan = off (a scan and a sort); as the
               owner when OWNER_DATABASE_URL is given (no row-level security subplan per row:
               the same rows here, every bench posting being public, and much faster).
recall@10 = |approximate top 10 ∩ exact top 10| / |exact top 10|. Latencies are psql's \\timing of
the SELECT alone (round trip on loopback). Prints one JSON object. Standard library only.
"""

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vectors  # noqa: E402

FILTERS = [
    ("none", ""),
    ("city=Lima", " AND lower(p.location_city) = lower('Lima')"),
    ("remote=hybrid", " AND p.remote_policy = 'hybrid'"),
    ("city=Lima&remote=remote", " AND lower(p.location_city) = lower('Lima') AND p.remote_policy = 'remote'"),
    ("city=Arequipa&remote=onsite", " AND lower(p.location_city) = lower('Arequipa') AND p.remote_policy = 'onsite'"),
]
SETTINGS = [("search", 10, 400), ("matches", 200, 400)]  # (name, LIMIT, hnsw.ef_search)


def query_sql(vector, model, where, limit):
    v = f"'{vectors.vector_text(vector)}'::vector(384)"
    return ("SELECT coalesce(string_agg(id::text, ','), '') FROM ("
            "SELECT p.id FROM matching.job_embeddings e "
            "JOIN matching.board p ON p.id = e.job_id "
            f"WHERE (p.expires_at IS NULL OR p.expires_at > now()){where} "
            f"AND e.model = '{model}' AND e.dimensions = 384 "
            f"ORDER BY e.embedding::vector(384) <=> {v} LIMIT {limit}) t;")


BEGIN = ("BEGIN;\nSELECT set_config('app.user_id', '', true), set_config('app.tenant_id', '', true), "
         "set_config('app.role', '', true) \\g /dev/null\n")


def approximate_script(queries, model):
    out = ["\\pset pager off"]
    for i, (vector, (_, where)) in enumerate(queries):
        for name, limit, ef in SETTINGS:
            out.append(BEGIN + "SET LOCAL hnsw.iterative_scan = relaxed_order;\n"
                       f"SET LOCAL hnsw.ef_search = {ef};\n\\echo Q {i} {name}\n\\timing on\n"
                       + query_sql(vector, model, where, limit) + "\n\\timing off\nCOMMIT;")
    return "\n".join(out) + "\n"


def exact_script(queries, model):
    out = ["\\pset pager off"]
    for i, (vector, (_, where)) in enumerate(queries):
        out.append(BEGIN + "SET LOCAL enable_indexscan = off;\n"
                   f"\\echo Q {i} exact\n\\timing on\n" + query_sql(vector, model, where, 10)
                   + "\n\\timing off\nCOMMIT;")
    return "\n".join(out) + "\n"


def run(psql, url, text, answers, times):
    done = subprocess.run([psql, url, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"], input=text,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"recall.py: psql failed: {done.stderr[-2000:]}")
    current = None
    for line in done.stdout.splitlines():
        if line.startswith("Q "):
            _, i, kind = line.split()
            current = (int(i), kind)
        elif (m := re.match(r"Time: ([0-9.]+) ms", line)) and current:
            times[current] = float(m.group(1))
        elif current and current not in answers:
            answers[current] = [x for x in line.split(",") if x]


def pct(values, q):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 3) if values else None


def main():
    psql, url, model, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    owner = sys.argv[5] if len(sys.argv) > 5 else url
    queries = []
    for i in range(count):
        family = i % len(vectors.FAMILIES)
        queries.append((vectors.unseen(family, f"recall:{i}"), FILTERS[i % len(FILTERS)]))
    answers, times = {}, {}
    run(psql, url, approximate_script(queries, model), answers, times)
    run(psql, owner, exact_script(queries, model), answers, times)
    out = {"queries": count, "settings": {}, "exact": {}}
    exact_ms = [times[(i, "exact")] for i in range(count)]
    out["exact"] = {"p50_ms": pct(exact_ms, 0.5), "p95_ms": pct(exact_ms, 0.95),
                    "mean_results": round(sum(len(answers[(i, "exact")]) for i in range(count)) / count, 2)}
    for name, limit, ef in SETTINGS:
        recalls, by_filter = [], {}
        for i in range(count):
            truth = answers[(i, "exact")][:10]
            found = set(answers[(i, name)][:10])
            r = len(found & set(truth)) / len(truth) if truth else 1.0
            recalls.append(r)
            by_filter.setdefault(queries[i][1][0], []).append(r)
        ms = [times[(i, name)] for i in range(count)]
        out["settings"][name] = {
            "limit": limit, "ef_search": ef, "recall_at_10": round(sum(recalls) / count, 4),
            "min_recall": round(min(recalls), 2),
            "recall_by_filter": {k: round(sum(v) / len(v), 4) for k, v in by_filter.items()},
            "p50_ms": pct(ms, 0.5), "p95_ms": pct(ms, 0.95), "p99_ms": pct(ms, 0.99)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
