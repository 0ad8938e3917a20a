"""Upload-to-parsed latency of `make bench` (benchmark cv_upload): COUNT uploads started at a
steady RATE per second (open loop: each at its scheduled time, whatever the earlier ones do), each
then polled with GET /api/v1/cvs/{id} every POLL_MS until `parsing_status` is `parsed` or `failed`.

Usage: upload_to_parsed.py BASE_URL TOKENS_FILE FILES_FILE COUNT RATE POLL_MS
(TOKENS_FILE: bearer tokens, one a line, used in turn; FILES_FILE: CV paths, one a line, in turn.)

Prints one JSON object: the upload latency (request sent to 202 read), upload-to-parsed as the
client sees it (upload sent to the first GET that shows it done: includes the poll interval's
quantisation), the server's own view (parsed_at - created_at: queueing in the job table, the
worker's pick-up and the parse), refusals by status and how late the schedule ran.
Standard library only.
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse
import uuid


def pct(values, q):
    if not values:
        return None
    values = sorted(values)
    rank = min(len(values), max(1, int(-(-q * len(values) // 1))))
    return round(values[rank - 1], 3)


def summary(values):
    return {"p50_ms": pct(values, 0.50), "p95_ms": pct(values, 0.95), "p99_ms": pct(values, 0.99),
            "max_ms": round(max(values), 3) if values else None,
            "mean_ms": round(sum(values) / len(values), 3) if values else None}


def parse_time(text):
    # RFC 3339 from chrono: 2026-11-25T19:10:00.123456Z (Python < 3.11 wants at most 6 decimals).
    from datetime import datetime
    text = text.replace("Z", "+00:00")
    if "." in text:
        head, rest = text.split(".", 1)
        digits = "".join(c for c in rest if c.isdigit())
        tz = rest[len(digits):]
        text = f"{head}.{digits[:6]}{tz}"
    return datetime.fromisoformat(text).timestamp()


def main():
    base, tokens_file, files_file, count, rate, poll_ms = sys.argv[1:7]
    count, rate, poll = int(count), float(rate), float(poll_ms) / 1000
    target = urllib.parse.urlsplit(base)
    tokens = [t.strip() for t in open(tokens_file) if t.strip()]
    paths = [p.strip() for p in open(files_file) if p.strip()]
    files = []
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        name = path.rsplit("/", 1)[-1]
        mime = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if name.endswith(".docx") else "application/pdf")
        files.append((name, mime, data))

    results = [None] * count
    lock = threading.Lock()

    def request(method, path, token, body=None, headers=None):
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        try:
            h = {"Authorization": f"Bearer {token}"}
            h.update(headers or {})
            conn.request(method, path, body=body, headers=h)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def one(i, scheduled):
        token = tokens[i % len(tokens)]
        name, mime, data = files[i % len(files)]
        boundary = "----bench" + uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: {mime}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        out = {"file": name, "lag_ms": None}
        sent = time.time()
        out["lag_ms"] = (sent - scheduled) * 1000
        try:
            status, raw = request("POST", "/api/v1/cvs", token, body,
                                  {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        except OSError as e:
            out["error"] = f"upload: {e}"
            results[i] = out
            return
        out["upload_ms"] = (time.time() - sent) * 1000
        out["upload_status"] = status
        if status != 202:
            out["error"] = f"upload: HTTP {status}: {raw[:200]!r}"
            results[i] = out
            return
        cv = json.loads(raw)
        while True:
            try:
                status, raw = request("GET", f"/api/v1/cvs/{cv['id']}", token)
            except OSError as e:
                out["error"] = f"poll: {e}"
                break
            seen = time.time()
            if status != 200:
                out["error"] = f"poll: HTTP {status}"
                break
            cv = json.loads(raw)
            if cv["parsing_status"] in ("parsed", "failed"):
                out["status"] = cv["parsing_status"]
                out["to_parsed_ms"] = (seen - sent) * 1000
                if cv.get("parsed_at") and cv.get("created_at"):
                    out["server_ms"] = (parse_time(cv["parsed_at"]) - parse_time(cv["created_at"])) * 1000
                if cv["parsing_status"] == "failed":
                    out["reason"] = cv.get("parsing_error")
                break
            if seen - sent > 60:
                out["error"] = "not parsed within 60 s"
                break
            time.sleep(poll)
        with lock:
            results[i] = out

    threads = []
    start = time.time() + 0.2
    for i in range(count):
        scheduled = start + i / rate
        pause = scheduled - time.time()
        if pause > 0:
            time.sleep(pause)
        t = threading.Thread(target=one, args=(i, scheduled), daemon=True)
        t.start()
        threads.append(t)
    for t in threads:
        t.join(120)
    elapsed = time.time() - start

    done = [r for r in results if r and "to_parsed_ms" in r]
    refused = {}
    for r in results:
        if r and "upload_status" in r and r["upload_status"] != 202:
            refused[str(r["upload_status"])] = refused.get(str(r["upload_status"]), 0) + 1
    errors = [r["error"] for r in results if r and "error" in r] + ["no result"] * sum(r is None for r in results)
    print(json.dumps({
        "count": count, "rate_per_s": rate, "poll_ms": poll_ms, "duration_s": round(elapsed, 3),
        "uploads_per_s": round(count / elapsed, 2) if elapsed > 0 else None,
        "parsed": sum(r.get("status") == "parsed" for r in done),
        "failed": sum(r.get("status") == "failed" for r in done),
        "failed_reasons": sorted({r.get("reason") for r in done if r.get("status") == "failed"} - {None}),
        "refused_by_status": refused, "errors": errors[:5], "error_count": len(errors),
        "upload": summary([r["upload_ms"] for r in results if r and "upload_ms" in r]),
        "to_parsed": summary([r["to_parsed_ms"] for r in done]),
        "server_created_to_parsed": summary([r["server_ms"] for r in done if "server_ms" in r]),
        "schedule_lag": summary([r["lag_ms"] for r in results if r and r.get("lag_ms") is not None]),
    }))


if __name__ == "__main__":
    main()
