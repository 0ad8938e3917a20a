#!/usr/bin/env bash
# Tests scripts/services.sh the way a newcomer meets it: a fresh clone in a private (0700)
# directory, as on a fresh Debian machine where root clones into its home directory. There the
# `postgres` user cannot enter the checkout, which once stopped `make test` at initdb.
#
# Checks that `up` starts PostgreSQL and Redis that answer at the URLs `env` prints (and that the
# PG_BIN it prints works for root, as `make schema` uses it), that a second `up` changes nothing,
# that `down` stops both, and that the checkout this test runs from keeps its own services.
# Everything it creates is removed at exit. The clone is of HEAD with the working tree's scripts/
# laid over it, so uncommitted changes to the scripts are what is tested.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
started=$SECONDS
failures=0

pass() { echo "services-test: PASS $*"; }
fail() { echo "services-test: FAIL $*"; failures=$((failures + 1)); }
check() { # check "description" command...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi
}

# The services.sh of the clone, with nothing from this shell's environment telling it to use
# other servers or another state directory.
TMP=$(mktemp -d)
chmod 700 "$TMP"
CLONE=$TMP/checkout
svc() { env -u DATABASE_URL -u REDIS_URL -u EMBEDDINGS_URL -u TYPESENSE_URL -u TYPESENSE_API_KEY -u S3_ENDPOINT -u S3_BUCKET -u S3_REGION -u S3_ACCESS_KEY_ID -u S3_SECRET_ACCESS_KEY -u SERVICES_DIR -u PG_BIN "$CLONE/scripts/services.sh" "$@"; }

cleanup() {
  local pg_dir=
  if [[ -x $CLONE/scripts/services.sh ]]; then
    svc down >/dev/null 2>&1 || true
    [[ -s $CLONE/.services/pg.dir ]] && pg_dir=$(cat "$CLONE/.services/pg.dir")
  fi
  # Only a directory services.sh chose outside the clone; the clone itself goes with $TMP.
  if [[ -n $pg_dir && $pg_dir != "$TMP"/* ]]; then
    rm -rf "$pg_dir"
    rmdir "$(dirname "$pg_dir")" 2>/dev/null || true # the shared base, when no other checkout uses it
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# Answers at the URLs printed by `env` (run in a subshell so they do not leak into this one).
pg_answers() { (eval "$(svc env)" && "$PG_BIN/psql" -X -tAc 'select 1' "$DATABASE_URL" | grep -qx 1); }
pg_dump_works() { (eval "$(svc env)" && "$PG_BIN/pg_dump" --schema-only "$DATABASE_URL" >/dev/null); }
redis_answers() { (eval "$(svc env)" && redis-cli -u "$REDIS_URL" ping | grep -qx PONG); }

# The services of the checkout this test runs from, if they are up: they must stay up.
main_env=$(env -u DATABASE_URL -u REDIS_URL -u EMBEDDINGS_URL -u TYPESENSE_URL -u S3_ENDPOINT -u SERVICES_DIR "$REPO/scripts/services.sh" env 2>/dev/null || true)
main_pg_answers() { (eval "$main_env" && "$PG_BIN/psql" -X -tAc 'select 1' "$DATABASE_URL" | grep -qx 1); }
main_redis_answers() { (eval "$main_env" && redis-cli -u "$REDIS_URL" ping | grep -qx PONG); }
main_pg_up=0 main_redis_up=0
main_pg_answers >/dev/null 2>&1 && main_pg_up=1
main_redis_answers >/dev/null 2>&1 && main_redis_up=1

git clone --quiet "$REPO" "$CLONE"
cp -a "$REPO/scripts/." "$CLONE/scripts/"
if [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1; then
  check "the postgres user cannot enter the clone (the case under test)" \
    bash -c "! runuser -u postgres -- test -x '$CLONE'"
fi

if up_log=$(svc up 2>&1); then pass "up in a fresh clone"; else fail "up in a fresh clone"; echo "$up_log"; fi
check "PostgreSQL answers at the DATABASE_URL env prints" pg_answers
check "pg_dump from the PG_BIN env prints works" pg_dump_works
check "Redis answers at the REDIS_URL env prints" redis_answers
if [[ $(id -u) -eq 0 ]]; then
  check "the clone's home directory was not opened up" bash -c "[[ \$(stat -c %a '$TMP') == 700 ]]"
fi

env_before=$(svc env)
if up_log=$(svc up 2>&1) && [[ -z $up_log ]]; then
  pass "a second up does nothing"
else
  fail "a second up does nothing"; echo "$up_log"
fi
check "env prints the same after the second up" bash -c '[[ "$1" == "$2" ]]' _ "$env_before" "$(svc env)"
check "PostgreSQL still answers after the second up" pg_answers
check "Redis still answers after the second up" redis_answers

check "down" svc down
pg_dir=$CLONE/.services
[[ -s $pg_dir/pg.dir ]] && pg_dir=$(cat "$pg_dir/pg.dir")
if pg_answers >/dev/null 2>&1 || [[ -e $pg_dir/pgdata/postmaster.pid ]]; then
  fail "PostgreSQL is stopped after down"
else
  pass "PostgreSQL is stopped after down"
fi
if redis_answers >/dev/null 2>&1; then fail "Redis is stopped after down"; else pass "Redis is stopped after down"; fi
echo "services-test: (this clone's PostgreSQL lived in $pg_dir)"

# `up` again finds the cluster where the first `up` put it, and `down` stops it again.
check "up again after down" svc up
check "PostgreSQL answers again" pg_answers
check "down again" svc down
if [[ -e $pg_dir/pgdata/postmaster.pid ]]; then fail "PostgreSQL is stopped again"; else pass "PostgreSQL is stopped again"; fi

if [[ $main_pg_up -eq 1 ]]; then check "this checkout's PostgreSQL is still up" main_pg_answers; fi
if [[ $main_redis_up -eq 1 ]]; then check "this checkout's Redis is still up" main_redis_answers; fi

echo "services-test: $((SECONDS - started)) s"
if [[ $failures -gt 0 ]]; then echo "services-test: FAIL ($failures checks failed)"; exit 1; fi
echo "services-test: PASS"
