#!/usr/bin/env python3
"""Drives a running server through the labelled set and scores its rankings.

    evaluate.py --base URL --labels labels.json --pool pool.json --cvs CV_DIR --out report.json
                [--psql PSQL --db DATABASE_URL]   # to wait for the vectors (the owner's URL)

Publishes the pool as one company, uploads every CV as one job seeker, waits until each CV is
parsed and has its vector (and every posting has its own), asks GET /cvs/{id}/matches?limit=10
and scores the rankings against the labels: NDCG@10 (gain 2^rel - 1, log2 discount, the ideal
from the labels of the whole pool), the share of CVs whose first job is a strong fit (rel 3) and
precision@5 of rel >= 2, overall and by CV language and profession. It also asks limit=50 (the most allowed) for a
diagnosis (where the first strong fit sits, what each score component says). Standard library only.
"""

import argparse
import json
import math
import os
import secrets
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

PASSWORD = "Eval-Matching-2026!x"


class Api:
    def __init__(self, base):
        self.base = base.rstrip("/")

    def call(self, method, path, token=None, body=None, raw=None, headers=None, ok=(200, 201, 202)):
        data, hdrs = None, dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["content-type"] = "application/json"
        if raw is not None:
            data = raw
        if token:
            hdrs["authorization"] = f"Bearer {token}"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                status, text = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read()
        payload = json.loads(text) if text and text[:1] in (b"{", b"[") else text
        if status not in ok:
            raise RuntimeError(f"{method} {path} -> {status}: {str(payload)[:500]}")
        return status, payload

    def upload(self, token, path, filename, content):
        boundary = "----eval" + uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.call("POST", path, token, raw=body,
                         headers={"content-type": f"multipart/form-data; boundary={boundary}"})


def register(api, email):
    _, body = api.call("POST", "/api/v1/auth/register", body={
        "email": email, "password": PASSWORD, "first_name": "Eva", "last_name": "Luación",
        "accept_terms": True, "accept_privacy": True})
    return body["access_token"]


def log(msg):
    print(f"eval: {msg}", file=sys.stderr, flush=True)


def psql_value(args, sql):
    out = subprocess.run([args.psql, "-X", "-A", "-t", "-q", args.db, "-c", sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return out.stdout.strip()


# ---- metrics -----------------------------------------------------------------------------------

def dcg(rels):
    return sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(rels))


def cv_metrics(ranked_rels, all_rels, k=10):
    ideal = dcg(sorted(all_rels, reverse=True)[:k])
    got = dcg(ranked_rels[:k])
    return {
        "ndcg@10": got / ideal if ideal > 0 else 0.0,
        "top1_strong": 1.0 if ranked_rels[:1] == [3] else 0.0,
        "p@5_rel2": sum(1 for r in ranked_rels[:5] if r >= 2) / 5,
    }


def random_within_profession(cv, postings, rounds=200, seed=1):
    """Expected metrics of a ranker that knows the CV's profession perfectly (and the related ones)
    but orders postings at random inside each group: what profession detection alone earns."""
    import random
    rng = random.Random(seed)
    rels_all = list(cv["relevance"].values())
    groups = {3: [], 2: [], 1: [], 0: []}
    for p in postings:
        rel = cv["relevance"][p["key"]]
        tier = 2 if rel >= 2 else rel
        groups[tier].append(rel)
    total = {"ndcg@10": 0.0, "top1_strong": 0.0, "p@5_rel2": 0.0}
    for _ in range(rounds):
        ranked = []
        for tier in (2, 1, 0):
            g = list(groups[tier])
            rng.shuffle(g)
            ranked += g
        for k, v in cv_metrics(ranked, rels_all).items():
            total[k] += v / rounds
    return total


def bootstrap(rows, rounds=2000, seed=7):
    """95 % intervals of the overall means, resampling CVs (40 CVs: read the figures with them)."""
    import random
    rng = random.Random(seed)
    keys = list(rows[0]["metrics"].keys())
    means = {k: [] for k in keys}
    for _ in range(rounds):
        sample = [rows[rng.randrange(len(rows))] for _ in rows]
        for k in keys:
            means[k].append(sum(r["metrics"][k] for r in sample) / len(sample))
    out = {}
    for k, v in means.items():
        v.sort()
        out[k] = [round(v[int(0.025 * rounds)], 3), round(v[int(0.975 * rounds) - 1], 3)]
    return out


def aggregate(rows):
    if not rows:
        return {}
    keys = rows[0]["metrics"].keys()
    return {"n": len(rows), **{k: round(sum(r["metrics"][k] for r in rows) / len(rows), 4) for k in keys}}


def table(report):
    lines = []
    head = f"{'group':<28} {'n':>3} {'NDCG@10':>8} {'top1=3':>7} {'P@5>=2':>7}"
    lines.append(head)
    lines.append("-" * len(head))

    def row(name, m):
        lines.append(f"{name:<28} {m['n']:>3} {m['ndcg@10']:>8.3f} {m['top1_strong']:>7.2f} {m['p@5_rel2']:>7.2f}")

    row("all", report["overall"])
    for k, m in sorted(report["by_language"].items()):
        row(f"language={k}", m)
    for k, m in sorted(report["by_profession"].items()):
        row(f"profession={k}", m)
    for k, m in sorted(report["by_layout"].items()):
        row(f"layout={k}", m)
    return "\n".join(lines)


# ---- the run ------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--pool", required=True)
    ap.add_argument("--cvs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--psql")
    ap.add_argument("--db")
    ap.add_argument("--timeout", type=float, default=600, help="seconds to wait for parsing and vectors")
    args = ap.parse_args()
    started = time.time()
    api = Api(args.base)
    labels = json.load(open(args.labels, encoding="utf-8"))
    pool = json.load(open(args.pool, encoding="utf-8"))
    posting_truth = {p["key"]: p for p in labels["postings"]}
    run = secrets.token_hex(4)

    # a company publishes the pool
    admin = register(api, f"rrhh-{run}@empresa-eval.pe")
    _, tenant = api.call("POST", "/api/v1/tenants", admin, {"name": f"Empresa Eval {run}", "slug": f"eval-{run}"})
    _, switched = api.call("POST", "/api/v1/auth/switch-tenant", admin, {"tenant_id": tenant["id"]})
    company = switched["access_token"]
    # A new company tries team (10 active postings); the pool needs enterprise's unlimited ones.
    api.call("POST", f"/api/v1/tenants/{tenant['id']}/billing/subscription/change", company, {"plan_id": "enterprise"})
    job_key, analysis = {}, {}
    for p in pool["postings"]:
        _, job = api.call("POST", "/api/v1/jobs", company, p["body"])
        api.call("POST", f"/api/v1/jobs/{job['id']}/publish", company, {})
        job_key[job["id"]] = p["key"]
        analysis[p["key"]] = job.get("analysis")
    t_jobs = time.time()
    log(f"published {len(job_key)} postings in {t_jobs - started:.1f} s")

    # a job seeker uploads the CVs
    seeker = register(api, f"postulante-{run}@correo-eval.pe")
    cv_ids = {}
    for cv in labels["cvs"]:
        with open(os.path.join(args.cvs, cv["file"]), "rb") as f:
            _, made = api.upload(seeker, "/api/v1/cvs", cv["file"], f.read())
        cv_ids[cv["file"]] = made["id"]
    log(f"uploaded {len(cv_ids)} CVs in {time.time() - t_jobs:.1f} s")

    details, deadline = {}, time.time() + args.timeout
    pending = set(cv_ids)
    while pending and time.time() < deadline:
        for name in sorted(pending):
            _, d = api.call("GET", f"/api/v1/cvs/{cv_ids[name]}", seeker)
            if d["parsing_status"] in ("parsed", "failed"):
                details[name] = d
                pending.discard(name)
        if pending:
            time.sleep(0.5)
    t_parsed = time.time()
    log(f"parsed {len(details)} CVs ({sum(d['parsing_status'] == 'failed' for d in details.values())} failed, "
        f"{len(pending)} unfinished) {t_parsed - t_jobs:.1f} s after the first upload")

    # vectors: every posting's, every parsed CV's whole-CV vector
    parsed_ids = [cv_ids[n] for n, d in details.items() if d["parsing_status"] == "parsed"]
    if args.psql and args.db:
        ids_sql = ",".join(f"'{i}'" for i in parsed_ids)
        while time.time() < deadline:
            jobs = int(psql_value(args, "SELECT count(DISTINCT job_id) FROM matching.job_embeddings"))
            cvs = int(psql_value(args, "SELECT count(DISTINCT cv_id) FROM cv.cv_embeddings "
                                       f"WHERE section_id IS NULL AND cv_id IN ({ids_sql})")) if parsed_ids else 0
            if jobs >= len(job_key) and cvs >= len(parsed_ids):
                break
            time.sleep(1)
        log(f"vectors: {jobs}/{len(job_key)} postings, {cvs}/{len(parsed_ids)} CVs, "
            f"{time.time() - t_parsed:.1f} s after parsing")
    else:
        log("no --psql/--db: waiting 60 s for the vectors instead of checking")
        time.sleep(60)
    t_vectors = time.time()

    # rankings
    per_cv = []
    for cv in labels["cvs"]:
        name = cv["file"]
        d = details.get(name)
        rels_all = list(cv["relevance"].values())
        entry = {"file": name, "truth": {k: cv[k] for k in ("profession", "language", "layout", "years", "latest_title",
                                                              "title_level", "years_level", "levels")}}
        if not d or d["parsing_status"] != "parsed":
            entry["error"] = "not parsed" if not d else f"failed: {d.get('parsing_error')}"
            entry["ranking"] = []
            entry["metrics"] = cv_metrics([], rels_all)
            per_cv.append(entry)
            continue
        pdata = d.get("parsed_data") or {}
        entry["parsed"] = {
            "language": pdata.get("language"),
            "seniority": pdata.get("seniority"),
            "total_experience_years": pdata.get("total_experience_years"),
            "titles": [(e.get("title"), e.get("normalized_title")) for e in pdata.get("experience") or []],
            "experience": [{k: e.get(k) for k in ("title", "normalized_title", "start", "end", "current")}
                           for e in pdata.get("experience") or []],
            "skills": [s.get("name") for s in pdata.get("skills") or []],
        }
        _, top = api.call("GET", f"/api/v1/cvs/{cv_ids[name]}/matches?limit=10", seeker)
        _, wide = api.call("GET", f"/api/v1/cvs/{cv_ids[name]}/matches?limit=50", seeker)
        items = top["items"] if isinstance(top, dict) else top
        wide_items = wide["items"] if isinstance(wide, dict) else wide

        def view(m):
            key = job_key.get(m["job"]["id"])
            t = posting_truth.get(key, {})
            return {"key": key, "title": m["job"]["title"], "profession": t.get("profession"), "level": t.get("level"),
                    "language": t.get("language"), "rel": cv["relevance"].get(key, 0),
                    "overall": m["overall_score"], "semantic": m["semantic_score"], "skill": m["skill_match_score"],
                    "experience": m["experience_score"], "same_title": m.get("same_title"),
                    "job_seniority": (m["job"].get("analysis") or {}).get("seniority"),
                    "job_seniority_stated": m["job"].get("seniority_level"),
                    "job_years": max([r.get("years") or 0 for r in m["job"].get("requirements") or []]
                                     + [s.get("years") or 0 for s in (m["job"].get("analysis") or {}).get("skills", [])]),
                    "job_title_norm": (m["job"].get("analysis") or {}).get("normalized_title"),
                    "matching": [s["id"] for s in m.get("matching_skills", [])],
                    "missing_must": [s["id"] for s in m.get("missing_skills", []) if s.get("kind") == "must"]}

        entry["ranking"] = [view(m) for m in items]
        entry["wide"] = [view(m) for m in wide_items]
        rels = [r["rel"] for r in entry["ranking"]]
        entry["metrics"] = cv_metrics(rels, rels_all)
        wide_rels = [r["rel"] for r in entry["wide"]]
        entry["first_strong_rank"] = next((i + 1 for i, r in enumerate(wide_rels) if r == 3), None)
        entry["top10_consistent"] = [r["key"] for r in entry["ranking"]] == [r["key"] for r in entry["wide"][:10]]
        per_cv.append(entry)
    t_done = time.time()

    def by(field):
        groups = {}
        for e in per_cv:
            groups.setdefault(e["truth"][field], []).append(e)
        return {k: aggregate(v) for k, v in groups.items()}

    baseline = [{"metrics": random_within_profession(cv, labels["postings"])} for cv in labels["cvs"]]
    report = {
        "overall": aggregate(per_cv),
        "overall_ci95": bootstrap(per_cv),
        "baseline_random_within_profession": aggregate(baseline),
        "by_language": by("language"),
        "by_profession": by("profession"),
        "by_layout": by("layout"),
        "timings_s": {"publish": round(t_jobs - started, 1), "upload_to_parsed": round(t_parsed - t_jobs, 1),
                      "vectors": round(t_vectors - t_parsed, 1), "matches": round(t_done - t_vectors, 1),
                      "total": round(t_done - started, 1)},
        "labels": {"cv_generator": labels["cv_generator"], "posting_generator": labels["posting_generator"]},
        "posting_analysis": analysis,
        "cvs": per_cv,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
    print(table(report))
    b = report["baseline_random_within_profession"]
    print(f"{'baseline: profession known,':<28} {b['n']:>3} {b['ndcg@10']:>8.3f} {b['top1_strong']:>7.2f} {b['p@5_rel2']:>7.2f}")
    print(f"{'  random order inside it':<28}")
    ci = report["overall_ci95"]
    print(f"95 % bootstrap intervals (CVs resampled): NDCG@10 {ci['ndcg@10']}, top1=3 {ci['top1_strong']}, "
          f"P@5>=2 {ci['p@5_rel2']}")
    print(f"\ntimings (s): {report['timings_s']}")
    worst = sorted(per_cv, key=lambda e: e["metrics"]["ndcg@10"])[:8]
    print("\nworst CVs (truth -> what came first):")
    for e in worst:
        t = e["truth"]
        first = e["ranking"][0] if e["ranking"] else None
        head = (f"{first['title']} [{first['profession']}/{first['level']}, rel {first['rel']}, "
                f"overall {first['overall']}]") if first else e.get("error")
        print(f"  {e['file']}: {t['profession']}/{'|'.join(t['levels'])} {t['years']}y "
              f"ndcg {e['metrics']['ndcg@10']:.3f} first strong at {e.get('first_strong_rank')} -> {head}")


if __name__ == "__main__":
    main()
