#!/usr/bin/env bash
# Generated contracts: schema/openapi.json (from the code) and schema/database.sql (a schema-only
# dump of a freshly migrated database); with `schema`, also each context's src/schema.rs.
#   scripts/schema.sh schema   regenerate in place
#   scripts/schema.sh check    regenerate into a temporary folder and fail on any difference
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/entrevistador
mode=${1:-schema}
psql_bin=${PG_BIN:+$PG_BIN/}psql
pg_dump_bin=${PG_BIN:+$PG_BIN/}pg_dump

database=entrevistador_schema_$$
base_url=${DATABASE_URL%/*}
"$psql_bin" -X -q -v ON_ERROR_STOP=1 "$base_url/postgres" -c "CREATE DATABASE $database"
trap '"$psql_bin" -X -q "$base_url/postgres" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)"' EXIT
DATABASE_URL=$base_url/$database "$BIN" migrate >/dev/null

case $mode in
  schema) out=$ROOT/schema ;;
  check) out=$(mktemp -d) ;;
  *) echo "usage: $0 schema|check" >&2; exit 2 ;;
esac
mkdir -p "$out"
"$BIN" openapi >"$out/openapi.json"
# Monthly partitions (<table>_YYYY_MM) depend on the month the migration ran: left out of the dump
# and of schema.rs, so both read the same any month.
# pg_dump 17+ writes a random \restrict key: drop it so the dump is reproducible.
"$pg_dump_bin" --schema-only --no-owner --exclude-table='*.*_[0-9][0-9][0-9][0-9]_[0-9][0-9]' "$base_url/$database" | sed -e '/^\\restrict /d' -e '/^\\unrestrict /d' >"$out/database.sql"

if [[ $mode == schema ]]; then
  if ! command -v diesel >/dev/null; then
    cargo install diesel_cli --version "^2.3" --no-default-features --features postgres-bundled --locked
  fi
  # diesel.toml names one print_schema section per context; print each from outside the project
  # so the CLI does not also apply that file's settings.
  for context in $(sed -n 's/^\[print_schema\.\(.*\)\]$/\1/p' "$ROOT/diesel.toml"); do
    (cd "$(mktemp -d)" && diesel print-schema --database-url "$base_url/$database" --schema "$context" \
      --custom-type-derives "diesel::query_builder::QueryId,Clone" --except-tables ".*_[0-9]{4}_[0-9]{2}") \
      >"$ROOT/crates/$context/src/schema.rs"
  done
  # In the project's own style (rustfmt.toml), as `make lint` checks it.
  (cd "$ROOT" && cargo fmt --all)
  echo "schema/ and src/schema.rs files regenerated"
else
  if ! diff -u "$ROOT/schema/openapi.json" "$out/openapi.json" || ! diff -u "$ROOT/schema/database.sql" "$out/database.sql"; then
    echo "schema/ is out of date: run \`make schema\` and commit the result" >&2
    exit 1
  fi
  echo "schema/ matches the code"
fi
