"""First computation of GET /api/v1/cvs/{id}/matches (matching benchmark jobs_match).

Usage: matches.py BASE_URL TARGETS_FILE ROUNDS PSQL OWNER_DATABASE_URL

TARGETS_FILE: "TOKEN CV_ID" a line. ROUNDS times: the CVs' stored matches are deleted (as the
owner, outside the timing), then each CV's matches are asked once, one request at a time: every
request computes and stores them afresh (candidates by meaning and by skills, scoring, inserting
the match rows). Prints one JSON object with the latencies. Standard library only.
"""

import http.client
import json
import subprocess
import sys
import time
import urllib.parse


def pct(values, q):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 3) if values else None


def main():
    base, targets_file, rounds, psql, owner = sys.argv[1:6]
    targets = [line.split() for line in open(targets_file) if line.strip()]
    cvs = ",".join(f"'{cv}'" for _, cv in targets)
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    latencies, counts = [], []
    for _ in range(int(rounds)):
        subprocess.run([psql, owner, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                        f"DELETE FROM matching.matches WHERE cv_id IN ({cvs})"], check=True)
        for token, cv in targets:
            started = time.perf_counter()
            conn.request("GET", f"/api/v1/cvs/{cv}/matches?limit=20", headers={"Authorization": f"Bearer {token}"})
            response = conn.getresponse()
            body = response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                sys.exit(f"matches.py: {response.status} for CV {cv}: {body[:300]!r}")
            counts.append(len(json.loads(body)))
    print(json.dumps({
        "requests": len(latencies), "cvs": len(targets), "rounds": int(rounds),
        "p50_ms": pct(latencies, 0.50), "p95_ms": pct(latencies, 0.95), "p99_ms": pct(latencies, 0.99),
        "max_ms": round(max(latencies), 3), "mean_ms": round(sum(latencies) / len(latencies), 3),
        "mean_matches": round(sum(counts) / len(counts), 1),
    }))


if __name__ == "__main__":
    main()
