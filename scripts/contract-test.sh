#!/usr/bin/env bash
# The contract fuzzer of `make test` (docs: DESIGN.md §7): starts the real server on its own fresh
# database and Redis key prefix, and runs schemathesis against /api/openapi.json with every check
# and every phase (examples, coverage, fuzzing, stateful), acting as the admin of a company.
# Any failure fails the run. The OpenAPI document is the truth.
#
#   scripts/contract-test.sh PATH_TO_ENTREVISTADOR_BINARY
#
# Run it under scripts/with-services.sh (DATABASE_URL = the owner role, which has CREATEDB;
# REDIS_URL). Schemathesis is installed, pinned, into .services/ (git-ignored) on first use. The
# last run's reports and server log stay in .services/contract/ for reading after a failure.
set -euo pipefail
# shellcheck source=lib/venv.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/venv.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HERE=$ROOT/scripts/contract
SCHEMATHESIS_VERSION=4.32.5
VENV=$ROOT/.services/schemathesis-$SCHEMATHESIS_VERSION
KEEP=$ROOT/.services/contract

log() { echo "contract: $*" >&2; }
die() { echo "contract: error: $*" >&2; exit 1; }

[[ $# -eq 1 ]] || die "usage: $0 PATH_TO_ENTREVISTADOR_BINARY"
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[[ -x $BIN ]] || die "$1 is not an executable"
[[ -n ${DATABASE_URL:-} ]] || die "DATABASE_URL is not set (run under scripts/with-services.sh)"
[[ -n ${REDIS_URL:-} ]] || die "REDIS_URL is not set (run under scripts/with-services.sh)"
if [[ -n ${PG_BIN:-} && -x $PG_BIN/psql ]]; then PSQL=$PG_BIN/psql; else PSQL=$(command -v psql) || die "psql not found (set PG_BIN)"; fi

started=$SECONDS

# ---- schemathesis, pinned, in a git-ignored venv --------------------------------------------
install_schemathesis() {
  [[ -f $VENV/.installed ]] && return
  log "installing schemathesis==$SCHEMATHESIS_VERSION into ${VENV#"$ROOT"/}"
  make_venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  touch "$VENV/.installed"
}
mkdir -p "$ROOT/.services"
(
  flock 9
  install_schemathesis
) 9>"$VENV.lock"

# ---- a database, a Redis prefix and a port of its own; all given back on exit -------------------
RUN_ID=$(od -An -N5 -tx1 /dev/urandom | tr -d ' \n')
DB_NAME=entrevistador_contract_$RUN_ID
REDIS_PREFIX=entrevistador:contract:$RUN_ID:
WORK=$(mktemp -d "${TMPDIR:-/tmp}/contract.XXXXXX")
SERVER_PID=
FUZZER_PID=
DB_CREATED=

cleanup() {
  local status=$?
  set +e
  if [[ -n $FUZZER_PID ]]; then
    kill -TERM "$FUZZER_PID" 2>/dev/null
    wait "$FUZZER_PID" 2>/dev/null
  fi
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
    # Server-side, so that key names holding odd characters (the fuzzer's) are deleted too.
    redis-cli -u "$REDIS_URL" EVAL "local cursor = '0' repeat
        local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000) cursor = page[1]
        for _, key in ipairs(page[2]) do redis.call('DEL', key) end until cursor == '0'" 0 "$REDIS_PREFIX*" \
      >/dev/null 2>&1 || log "could not delete the Redis keys $REDIS_PREFIX*"
  fi
  [[ -f $WORK/server.log ]] && cp "$WORK/server.log" "$KEEP/server.log" 2>/dev/null
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$KEEP"
mkdir -p "$KEEP"

"$PSQL" -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "CREATE DATABASE $DB_NAME" >/dev/null
DB_CREATED=1
FUZZ_DATABASE_URL=$(python3 -c '
import sys, urllib.parse
url = urllib.parse.urlsplit(sys.argv[1])
print(urllib.parse.urlunsplit(url._replace(path="/" + sys.argv[2])))' "$DATABASE_URL" "$DB_NAME")

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT

# The server's environment: development defaults (the application role's URL is derived from
# DATABASE_URL), a signing key made for this run, and its own Redis prefix. The login and sign-up
# limits are lifted because every request of the run comes from 127.0.0.1 and the fuzzer fails
# logins on purpose, on many accounts: the back-off would slow carol's re-login, the per-IP limit
# (distinct accounts) would stop it, and the sign-up limit would turn the stateful phase's
# registrations into 429s after twenty. The limits themselves are tested by the e2e journeys.
# Access tokens live two hours: alice's and bob's are fixed for the whole run, which on two busy
# cores can take longer than the default fifteen minutes.
server_env=(
  env -u APP_DATABASE_URL -u JWT_PRIVATE_KEY -u JWT_ISSUER
  APP_ENV=development
  DATABASE_URL="$FUZZ_DATABASE_URL"
  APP_BIND="127.0.0.1:$PORT"
  REDIS_URL="$REDIS_URL"
  REDIS_KEY_PREFIX="$REDIS_PREFIX"
  JWT_PRIVATE_KEY_FILE="$WORK/jwt/ed25519.pem"
  STORAGE_LOCAL_DIR="$WORK/storage"
  LOGIN_FREE_FAILURES=1000000
  LOGIN_IP_MAX_ACCOUNTS=1000000
  SIGN_UPS_PER_IP_PER_HOUR=1000000
  ACCESS_TOKEN_TTL_SECS=7200
  RUST_LOG="${RUST_LOG:-info}"
)

log "database $DB_NAME, server on $BASE"
"${server_env[@]}" "$BIN" migrate >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log" >&2; die "migrate failed"; }
"${server_env[@]}" "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
# GET $1, saved to $2 if given; fails unless 2xx. (Python rather than curl: one tool fewer.)
http_get() {
  python3 - "$@" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
    body = response.read()
if len(sys.argv) > 2:
    open(sys.argv[2], "wb").write(body)
PY
}
for _ in $(seq 300); do
  http_get "$BASE/health/ready" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; die "the server stopped during start-up"; }
  sleep 0.1
done
http_get "$BASE/health/ready" 2>/dev/null || { tail -20 "$WORK/server.log" >&2; die "the server is not ready after 30 s"; }

# ---- accounts and configuration ---------------------------------------------------------------
python3 "$HERE/accounts.py" create "$BASE" "$RUN_ID" "$WORK/wfc.json"
http_get "$BASE/api/openapi.json" "$WORK/openapi.json"
{
  cat "$HERE/schemathesis.toml"
  python3 "$HERE/nul_bindings.py" "$WORK/openapi.json"
} >"$WORK/schemathesis.toml"

# ---- the runs ---------------------------------------------------------------------------------
# Operations that end the session of the token they are called with; in the main run they would
# revoke alice's fixed token, and every later request of the run would test a 401:
#   logout          ends it;
#   revoke_session  ends any of the caller's sessions, its own included (ids from list_sessions);
#   switch_tenant   answers with a refresh token of the caller's session, and the fuzzer replays
#                   it on POST /auth/refresh: reusing a rotated refresh token revokes its session
#                   (by design, DESIGN.md §4).
# They are fuzzed in a second run as carol, whose credentials come from the login endpoint:
# schemathesis logs in again and replays the request whenever one answers 401. list_sessions and
# list_tenants are fuzzed in both runs: they give the second run real ids to revoke and switch to.
# DELETE /me and POST /me/password stay in the main run: they need the account's password, which
# only accounts.py knows (and POST /me/password keeps the caller's own session by design).
# Nothing else is excluded; accounts.py checks afterwards that alice's and bob's tokens survived.
SELF_REVOKING=(logout revoke_session switch_tenant)

# In the background with `wait`, so that a signal reaches the traps (and cleanup stops it) at once.
run_schemathesis() {
  local user=$1
  shift
  CONTRACT_WFC_FILE="$WORK/wfc.json" CONTRACT_USER=$user \
    PYTHONPATH="$HERE${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=hooks \
    "$VENV/bin/schemathesis" --config-file "$WORK/schemathesis.toml" run "$BASE/api/openapi.json" \
    --checks all \
    --phases examples,coverage,fuzzing,stateful \
    --report json,ndjson,junit --report-dir "$KEEP/$user" \
    "$@" > >(tee "$KEEP/$user.log") 2>&1 &
  FUZZER_PID=$!
  local status=0
  wait "$FUZZER_PID" || status=$?
  FUZZER_PID=
  return "$status"
}

status=0
excluded=()
included=()
for operation in "${SELF_REVOKING[@]}"; do
  excluded+=(--exclude-operation-id "$operation")
  included+=(--include-operation-id "$operation")
done
log "run 1/2: acting as alice, admin of her company (peer: bob), every operation but ${SELF_REVOKING[*]}"
run_schemathesis alice "${excluded[@]}" || status=1
python3 "$HERE/accounts.py" alive "$BASE" "$WORK/wfc.json" alice bob || status=1
log "run 2/2: acting as carol (re-login on 401): ${SELF_REVOKING[*]} list_sessions list_tenants"
run_schemathesis carol "${included[@]}" --include-operation-id list_sessions --include-operation-id list_tenants ||
  status=1

python3 "$HERE/summary.py" "$KEEP/alice/"*.json "$KEEP/carol/"*.json || true
log "finished in $((SECONDS - started)) s; reports in ${KEEP#"$ROOT"/}/"
if [[ $status -ne 0 ]]; then
  log "FAILED (see above: schemathesis' failures, or the fuzzer's credentials lost mid-run)"
  exit 1
fi
log "passed"
