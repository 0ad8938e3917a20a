#!/usr/bin/env bash
# Quality of "jobs for a CV" on the labelled set (issue 7 §3): NDCG@10, strong fit first, P@5.
# See scripts/matching_eval/README.md.
#
#   scripts/matching_eval/run.sh [--bin PATH] [--no-build] [--out DIR] [--relabel]
#
# Starts the real server on a fresh database, Redis key prefix, port and storage directory of its
# own (all given back on exit), publishes the 120-posting pool as one company, uploads the 40
# evaluation CVs as one job seeker, waits for parsing and vectors, asks each CV's matches and
# scores them against labels.json. Report: DIR/report.json (default target/matching_eval/).
# The local services come from scripts/services.sh unless DATABASE_URL is already set.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
log() { echo "matching_eval: $*" >&2; }
die() { echo "matching_eval: error: $*" >&2; exit 1; }

BIN=
BUILD=1
OUT=$ROOT/target/matching_eval
RELABEL=
while [[ $# -gt 0 ]]; do
  case $1 in
    --bin) BIN=$2; shift 2 ;;
    --no-build) BUILD=; shift ;;
    --out) OUT=$2; shift 2 ;;
    --relabel) RELABEL=1; shift ;;
    -h | --help) sed -n 2,12p "$0"; exit 0 ;;
    *) die "unknown argument $1" ;;
  esac
done
started=$SECONDS

if [[ -z ${DATABASE_URL:-} ]]; then
  "$ROOT/scripts/services.sh" up
  eval "$("$ROOT/scripts/services.sh" env)"
fi
[[ -n ${REDIS_URL:-} ]] || die "REDIS_URL is not set"
if [[ -n ${PG_BIN:-} && -x $PG_BIN/psql ]]; then PSQL=$PG_BIN/psql; else PSQL=$(command -v psql) || die "psql not found (set PG_BIN)"; fi

if [[ -z $BIN ]]; then
  BIN=$ROOT/target/debug/entrevistador
  if [[ -n $BUILD ]]; then
    log "cargo build -p entrevistador"
    (cd "$ROOT" && cargo build -q -p entrevistador)
  fi
fi
[[ -x $BIN ]] || die "$BIN is not an executable"

# ---- the labelled set: CVs and pool regenerated from their seeds, checked against labels.json ----
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/matching_eval.XXXXXX")
RUN_ID=$(od -An -N5 -tx1 /dev/urandom | tr -d ' \n')
DB_NAME=entrevistador_matcheval_$RUN_ID
REDIS_PREFIX=entrevistador:matcheval:$RUN_ID:
SERVER_PID=
DB_CREATED=

cleanup() {
  local status=$?
  set +e
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  if [[ -n $DB_CREATED ]]; then
    "$PSQL" -X -q "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null 2>&1 ||
      log "could not drop database $DB_NAME"
  fi
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -u "$REDIS_URL" EVAL "local cursor = '0' repeat
        local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000) cursor = page[1]
        for _, key in ipairs(page[2]) do redis.call('DEL', key) end until cursor == '0'" 0 "$REDIS_PREFIX*" \
      >/dev/null 2>&1 || log "could not delete the Redis keys $REDIS_PREFIX*"
  fi
  [[ -f $WORK/server.log ]] && cp "$WORK/server.log" "$OUT/server.log" 2>/dev/null
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

LABELS=$HERE/labels.json
read -r CV_SEED CV_N CV_REF POSTING_SEED < <(python3 -c '
import json, sys
l = json.load(open(sys.argv[1]))
g = l["cv_generator"]
print(g["seed"], g["n"], g["reference_date"], l["posting_generator"]["seed"])' "$LABELS")
log "CVs: seed $CV_SEED, n $CV_N; postings: seed $POSTING_SEED"
# The fixtures' generator writes only outside the repository or under target/.
"$ROOT/scripts/fixtures/generate.sh" "$WORK/cvs" --n "$CV_N" --seed "$CV_SEED" --ref-date "$CV_REF" --no-hostile --quiet
python3 "$HERE/generate_postings.py" --pool "$WORK/pool.json" --seed "$POSTING_SEED" --quiet
python3 "$HERE/labels.py" "$WORK/cvs" "$WORK/pool.json" "$WORK/labels.json" 2>/dev/null
if [[ -n $RELABEL ]]; then
  cp "$WORK/labels.json" "$LABELS"
  log "labels.json rewritten from the generators' truth"
fi
python3 - "$LABELS" "$WORK/labels.json" <<'PY' || die "labels.json does not match what the generators make now (generator drift?): run with --relabel after checking why"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
strip = lambda l: [(c["file"], c["relevance"]) for c in l["cvs"]]
sys.exit(0 if strip(a) == strip(b) and a["postings"] == b["postings"] else 1)
PY

# ---- a throwaway server ------------------------------------------------------------------------
"$PSQL" -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "CREATE DATABASE $DB_NAME" >/dev/null
DB_CREATED=1
EVAL_DATABASE_URL=$(python3 -c '
import sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
print(urllib.parse.urlunsplit(url._replace(path="/" + sys.argv[2])))' "$DATABASE_URL" "$DB_NAME")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
server_env=(
  env -u APP_DATABASE_URL -u JWT_PRIVATE_KEY -u JWT_ISSUER -u S3_ENDPOINT
  APP_ENV=development
  DATABASE_URL="$EVAL_DATABASE_URL"
  APP_BIND="127.0.0.1:$PORT"
  REDIS_URL="$REDIS_URL"
  REDIS_KEY_PREFIX="$REDIS_PREFIX"
  JWT_PRIVATE_KEY_FILE="$WORK/jwt/ed25519.pem"
  STORAGE_BACKEND=local
  STORAGE_LOCAL_DIR="$WORK/storage"
  SIGN_UPS_PER_IP_PER_HOUR=1000000
  RUST_LOG="${RUST_LOG:-info}"
)
log "database $DB_NAME, server on $BASE"
"${server_env[@]}" "$BIN" migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; die "migrate failed"; }
"${server_env[@]}" "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
ready() { python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$BASE/health/ready" 2>/dev/null; }
for _ in $(seq 300); do
  ready && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; die "the server stopped during start-up"; }
  sleep 0.1
done
ready || { tail -20 "$WORK/server.log" >&2; die "the server is not ready after 30 s"; }

# ---- the evaluation ----------------------------------------------------------------------------
python3 "$HERE/evaluate.py" --base "$BASE" --labels "$LABELS" --pool "$WORK/pool.json" --cvs "$WORK/cvs" \
  --out "$OUT/report.json" --psql "$PSQL" --db "$EVAL_DATABASE_URL" | tee "$OUT/summary.txt"
log "finished in $((SECONDS - started)) s; report in ${OUT#"$ROOT"/}/report.json"
