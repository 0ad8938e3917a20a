#!/usr/bin/env bash
# Loads COUNT synthetic postings and their vectors into the bench's database (matching benchmarks
# of `make bench`; scripts/bench.sh calls it with the server stopped, so that its worker does not
# embed the postings meanwhile). Prints one JSON object of what it did and how long each step took.
#
#   load.sh COUNT SEED_COUNT WORK_DIR      with BIN (the release `entrevistador`), PSQL, OWNER_URL
#                                          (the bench database, owner role) and the server's
#                                          configuration in the environment (import-jobs reads it)
#
# 1. SEED_COUNT postings (scripts/matching_eval/generate_postings.py, deterministic seed, ES/EN,
#    Peru and LatAm) go in through the real path, `entrevistador import-jobs --source bench`:
#    analysis (skills, title, seniority), folded search columns, full text, with every index in
#    place. Its rate is the import's postings/s.
# 2. The other COUNT - SEED_COUNT rows are copies of those (INSERT ... SELECT: new ids and
#    external ids, the city redrawn within the country half the time, the pay scaled by 0.85-1.15,
#    publication spread over 90 days), written with the secondary indexes dropped and rebuilt
#    afterwards (timed one by one), as a restore would. Their text repeats the seeds' (each seed
#    about COUNT / SEED_COUNT times).
# 3. Every posting's vector (bench/matching/vectors.py: family centroid + the seed's direction +
#    per-row noise; no model is run) is computed in SQL with pgvector's + and l2_normalize, then
#    the HNSW index is built with maintenance_work_mem BENCH_HNSW_MEMORY (2GB) and
#    BENCH_HNSW_WORKERS (1) parallel workers.
# The import queues one matching.embed_posting and matching.index_postings job per posting: they
# are deleted (the vectors are written here; `reindex --search` fills Typesense).
set -euo pipefail

COUNT=$1 SEED_COUNT=$2 WORK=$3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MODEL=${EMBEDDINGS_MODEL:-multilingual-e5-small}
PREFIX=bench-
((SEED_COUNT > COUNT)) && SEED_COUNT=$COUNT
mkdir -p "$WORK"

log() { echo "bench: load: $*" >&2; }
sql() { "$PSQL" "$OWNER_URL" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
since() { python3 -c 'import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))' "$1" "$(now)"; }
TIMES=()
timed() { # KEY COMMAND...: runs it, adds KEY=seconds to TIMES
  local key=$1 t
  shift
  t=$(now)
  "$@"
  TIMES+=("$key=$(since "$t")")
  log "$key: ${TIMES[-1]#*=} s"
}

log "generating $SEED_COUNT seed postings"
timed generate_s python3 "$ROOT/scripts/matching_eval/generate_postings.py" --count "$SEED_COUNT" \
  --external-ids "$PREFIX" --meta "$WORK/seed.meta" "$WORK/seed.ndjson"

log "importing them: entrevistador import-jobs --source bench (release)"
t=$(now)
"$BIN" import-jobs "$WORK/seed.ndjson" --source bench >"$WORK/import.out" 2>"$WORK/import.err" ||
  { cat "$WORK/import.err" "$WORK/import.out" >&2; exit 1; }
IMPORT_S=$(since "$t")
tail -1 "$WORK/import.err" | tr '\r' '\n' | tail -1 >&2 || true
log "$(head -1 "$WORK/import.out") in $IMPORT_S s"
IMPORTED=$(sql -c "SELECT count(*) FROM matching.job_postings WHERE source = 'bench'")
DROPPED_JOBS=$(sql -c "WITH d AS (DELETE FROM platform.jobs WHERE kind LIKE 'matching.%' AND status = 'queued' RETURNING 1) SELECT count(*) FROM d")

log "vector tables (bench/matching/vectors.py)"
timed vector_data_s python3 "$HERE/vectors.py" copy-data "$WORK/seed.meta" "$WORK" "$PREFIX"
sql <<SQL
CREATE SCHEMA bench;
CREATE TABLE bench.centroids (family int PRIMARY KEY, v vector(384));
CREATE TABLE bench.seed_vectors (external_id text PRIMARY KEY, family int, v vector(384));
CREATE TABLE bench.pools (pool text, i int, v vector(384), PRIMARY KEY (pool, i));
\copy bench.centroids FROM '$WORK/centroids.tsv'
\copy bench.seed_vectors FROM '$WORK/seeds.tsv'
\copy bench.pools FROM '$WORK/pools.tsv'
SQL

# The secondary indexes of the three tables (not the keys, not the unique external id), dropped
# for the bulk copy and rebuilt after it (the board is filled by its trigger as postings are).
sql -F $'\t' -c "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'matching'
    AND tablename IN ('job_postings', 'job_embeddings', 'board')
    AND indexname NOT IN ('job_postings_pkey', 'job_embeddings_pkey', 'job_postings_external', 'board_pkey')" >"$WORK/indexes.tsv"
cut -f1 "$WORK/indexes.tsv" | sed 's/^/DROP INDEX matching./; s/$/;/' | sql

# Cities of a country, each as often as the generator's weight (scripts/matching_eval/data_postings.py).
python3 - "$ROOT" >"$WORK/cities.tsv" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/scripts/matching_eval")
import data_postings as D
by_country = {}
for city, country, _currency, _rate, weight in D.CITIES:
    by_country.setdefault(country, []).extend([city] * weight)
for country, cities in by_country.items():
    print(country + "\t{" + ",".join('"%s"' % c for c in cities) + "}")
PY

log "copying to $COUNT postings (INSERT ... SELECT, indexes dropped)"
copy_postings() {
  sql <<SQL
CREATE TABLE bench.cities (country text PRIMARY KEY, cities text[]);
\copy bench.cities FROM '$WORK/cities.tsv'
CREATE TABLE bench.map AS
  WITH seeds AS (SELECT id, external_id, row_number() OVER (ORDER BY external_id) AS rn
                   FROM matching.job_postings WHERE source = 'bench')
  SELECT id, id AS seed_id, external_id AS seed_external_id, 0 AS copy FROM seeds
  UNION ALL
  SELECT md5('bench:' || s.id || ':' || k)::uuid, s.id, s.external_id, k
    FROM seeds s, generate_series(1, ($COUNT - 1) / greatest($IMPORTED, 1)) AS k
   WHERE (k - 1)::bigint * $IMPORTED + s.rn <= $COUNT - $IMPORTED;
ALTER TABLE bench.map ADD PRIMARY KEY (id);
INSERT INTO matching.job_postings (id, tenant_id, created_by, source, external_id, status, title, description,
    requirements, benefits, industry, job_function, seniority_level, employment_type, location_city,
    location_country, remote_policy, salary_min, salary_max, salary_currency, salary_period, language, analysis,
    search_title, search_body, expires_at, published_at, created_at, updated_at)
SELECT m.id, p.tenant_id, p.created_by, p.source, p.external_id || '-c' || m.copy, p.status, p.title, p.description,
    p.requirements, p.benefits, p.industry, p.job_function, p.seniority_level, p.employment_type,
    CASE WHEN abs(hashtextextended(m.id::text, 1)) % 2 = 0 OR c.cities IS NULL THEN p.location_city
         ELSE c.cities[1 + abs(hashtextextended(m.id::text, 2)) % array_length(c.cities, 1)] END,
    p.location_country, p.remote_policy,
    round(p.salary_min * (0.85 + (abs(hashtextextended(m.id::text, 3)) % 31) / 100.0), -1),
    round(p.salary_max * (0.85 + (abs(hashtextextended(m.id::text, 3)) % 31) / 100.0), -1),
    p.salary_currency, p.salary_period, p.language, p.analysis, p.search_title, p.search_body,
    now() + make_interval(days => 1 + (abs(hashtextextended(m.id::text, 4)) % 60)::int),
    now() - make_interval(secs => (abs(hashtextextended(m.id::text, 5)) % (90 * 86400))::double precision),
    p.created_at, p.updated_at
  FROM bench.map m JOIN matching.job_postings p ON p.id = m.seed_id
  LEFT JOIN bench.cities c ON c.country = p.location_country
 WHERE m.copy > 0;
-- The seeds too: published over the last 90 days, not all at the import's moment.
UPDATE matching.job_postings p
   SET published_at = now() - make_interval(secs => (abs(hashtextextended(p.id::text, 5)) % (90 * 86400))::double precision)
 WHERE source = 'bench' AND external_id NOT LIKE '%-c%';
SQL
}
timed copy_postings_s copy_postings

log "vectors of $COUNT postings (pgvector arithmetic in SQL)"
write_vectors() {
  sql <<SQL
INSERT INTO matching.job_embeddings (job_id, tenant_id, model, dimensions, embedding, content_sha256)
SELECT m.id, NULL, '$MODEL', 384,
       l2_normalize(c.v + s.v + a.v + b.v),
       'bench:' || m.seed_external_id
  FROM bench.map m
  JOIN bench.seed_vectors s ON s.external_id = m.seed_external_id
  JOIN bench.centroids c ON c.family = s.family
  JOIN bench.pools a ON a.pool = 'a' AND a.i = abs(hashtextextended(m.id::text, 6)) % 1024
  JOIN bench.pools b ON b.pool = 'b' AND b.i = abs(hashtextextended(m.id::text, 7)) % 1024;
SQL
}
timed write_vectors_s write_vectors

# Rebuilt one by one, each timed: key index_<name>_s.
while IFS=$'\t' read -r name def; do
  log "building $name"
  build() {
    sql -c "SET maintenance_work_mem = '${BENCH_HNSW_MEMORY:-2GB}'" \
      -c "SET max_parallel_maintenance_workers = ${BENCH_HNSW_WORKERS:-1}" -c "$def"
  }
  timed "index_${name}_s" build
done <"$WORK/indexes.tsv"
# The board's facet counts, appended per posting during the copy, folded as the worker would.
timed fold_counts_s sql -o /dev/null -c "SELECT matching.fold_board_counts()"
timed vacuum_analyze_s sql -c "VACUUM ANALYZE matching.job_postings" -c "VACUUM ANALYZE matching.job_embeddings" \
  -c "VACUUM ANALYZE matching.board" -c "VACUUM ANALYZE matching.board_counts"

POSTINGS=$(sql -c "SELECT count(*) FROM matching.job_postings WHERE status = 'active'")
VECTORS=$(sql -c "SELECT count(*) FROM matching.job_embeddings")
SIZE=$(sql -c "SELECT pg_size_pretty(pg_database_size(current_database()))")
python3 - "$@" "${TIMES[@]}" <<PY
import json, sys
out = {"count": $COUNT, "seed_count": $SEED_COUNT, "imported": $IMPORTED, "import_s": $IMPORT_S,
       "import_rate": round($IMPORTED / max($IMPORT_S, 0.001), 1), "dropped_jobs": $DROPPED_JOBS,
       "postings": $POSTINGS, "vectors": $VECTORS, "database_size": "$SIZE",
       "import_report": open("$WORK/import.out").readline().strip()}
for pair in sys.argv[4:]:
    key, value = pair.split("=", 1)
    out[key] = float(value)
print(json.dumps(out))
PY
