#!/usr/bin/env bash
# Loads COUNT synthetic applications into the bench's database (hiring benchmarks of `make bench`;
# scripts/bench.sh calls it once per run, after it made the measured company, its postings and one
# real application through the API). Prints one JSON object of what it loaded and how long each
# step took; progress goes to stderr.
#
#   load.sh COUNT WORK_DIR     with PSQL, OWNER_URL (the bench database, owner role) and
#                              LIST_TENANT, LIST_JOB, LIST_JOB_TITLE (the measured company and its
#                              posting, made through the API) in the environment; optional:
#                              LIST_COUNT (5000: applications of LIST_JOB), SCREENING_FILE (a real
#                              application's `screening` JSON, the shape every row gets),
#                              HIRING_USERS (100000), HIRING_TENANTS (200), HIRING_JOBS (2000),
#                              HIRING_QUERY
#                              (sap: the word the list benchmark searches, counted)
#
# What it makes, all as the owner (row-level security lets the owner write anything):
# - the 12 monthly partitions up to this month (hiring.ensure_application_partitions, as the
#   daily job would have over a year), the next 3 exist already;
# - HIRING_TENANTS - 1 companies (identity.tenants) besides LIST_TENANT, and HIRING_USERS people
#   (identity.users, one real argon2 hash copied from an account the bench registered: nobody logs
#   in as them);
# - HIRING_JOBS job ids: LIST_JOB (open all year, LIST_COUNT applications: the list benchmark's
#   worst case, its rows in all 12 partitions) and HIRING_JOBS - 1 ids without postings (the hiring
#   tables have no foreign key to matching; nothing lists them), each open 30 to 120 days (cut to
#   the year), sizes log-normal (most a few hundred, a few thousands) in proportion to the part of
#   their window within the year, titles of 8 families of work (70% of a job's applicants from
#   its family);
# - COUNT applications: ids are UUID v7 made for a time within the job's window and applied_at is
#   the time in the id (uuid_extract_timestamp, to the millisecond: what the service derives from
#   an id, see applied_at_of in crates/hiring/src/service/mod.rs); one per (job, person); a funnel
#   of stages and statuses (recent ones mostly at `applied`, older ones mostly closed), scores
#   0..1, tags on a fifth, ratings, cover letters on a third, the folded search texts the service
#   writes; the claim (hiring.candidacies) of every application not withdrawn; one stage change
#   per stage passed, plus the rejection or withdrawal.
# Rows are written the way a restore would: the secondary indexes and foreign keys of the three
# hiring tables are dropped first and rebuilt (indexes timed one by one) or re-validated after,
# then VACUUM ANALYZE. Every draw is a hash of the row's number (hashint8extended), so a run
# loads the same data except for the ids' random bits and the clock.
set -euo pipefail

COUNT=$1 WORK=$2
: "${PSQL:?}" "${OWNER_URL:?}" "${LIST_TENANT:?}" "${LIST_JOB:?}" "${LIST_JOB_TITLE:?}"
LIST_COUNT=${LIST_COUNT:-5000}
USERS=${HIRING_USERS:-100000}
TENANTS=${HIRING_TENANTS:-200}
JOBS=${HIRING_JOBS:-2000}
QUERY=${HIRING_QUERY:-sap}
mkdir -p "$WORK"

uuid_re='^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
[[ $LIST_TENANT =~ $uuid_re && $LIST_JOB =~ $uuid_re ]] || { echo "load: LIST_TENANT and LIST_JOB must be UUIDs" >&2; exit 2; }
for n in "$COUNT" "$LIST_COUNT" "$USERS" "$TENANTS" "$JOBS"; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "load: counts must be positive integers ($n)" >&2; exit 2; }
done
[[ $QUERY =~ ^[a-z0-9]+$ ]] || { echo "load: HIRING_QUERY must be one folded word" >&2; exit 2; }
# The person of a job's k-th application is (job * 7919 + k * 104729) mod USERS: distinct for
# k < USERS only when 104729 (a prime) does not divide USERS.
((USERS % 104729 != 0)) || { echo "load: HIRING_USERS must not be a multiple of 104729" >&2; exit 2; }
((LIST_COUNT * 2 > COUNT)) && LIST_COUNT=$((COUNT / 2))
((LIST_COUNT <= USERS)) || LIST_COUNT=$USERS
((JOBS >= 2)) || JOBS=2

log() { echo "bench: hiring load: $*" >&2; }
# UTC: a shift (interval with days) added to a time must not cross a daylight-saving change.
sql() { PGTZ=UTC "$PSQL" "$OWNER_URL" -X -q -At -v ON_ERROR_STOP=1 "$@"; }
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

SCREENING=$WORK/screening.json
if [[ -n ${SCREENING_FILE:-} && -s ${SCREENING_FILE:-} ]]; then
  cp "$SCREENING_FILE" "$SCREENING"
else
  echo '{}' >"$SCREENING"
fi
SCREENING_BYTES=$(wc -c <"$SCREENING")

log "partitions, $((TENANTS - 1)) companies, $USERS people, $JOBS jobs"
setup() {
  sql -v screening="$(cat "$SCREENING")" -v list_title="$LIST_JOB_TITLE" >/dev/null <<SQL
SELECT hiring.ensure_application_partitions((date_trunc('month', now()) - interval '11 months')::date, 3);
CREATE SCHEMA bench_hiring;
-- A uniform draw in [0, 1) from a row number and a salt.
CREATE FUNCTION bench_hiring.u(i bigint, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS 'SELECT (hashint8extended(i, salt) & 140737488355327)::float8 / 140737488355328';
CREATE TABLE bench_hiring.screening AS SELECT :'screening'::jsonb AS template;

-- Families of work: the jobs' titles, the titles people give themselves, their skills (folded,
-- as the service writes search_work). 'sap' is the list benchmark's word (a few percent).
CREATE TABLE bench_hiring.families (family int PRIMARY KEY, jobs text[], headlines text[], skills text[]);
INSERT INTO bench_hiring.families VALUES
 (1, '{Analista Contable,Contador General,Asistente de Contabilidad,Analista de Tesoreria}',
     '{Analista Contable,Contador Publico,Asistente Contable,Auditor Junior}',
     '{contabilidad general,niif,estados financieros,conciliaciones bancarias,excel avanzado,siscont,tributacion,cuentas por pagar}'),
 (2, '{Desarrollador Backend,Desarrollador Frontend,Ingeniero de Datos,QA Automation}',
     '{Desarrollador de Software,Ingeniero de Software,Analista Programador,Data Engineer}',
     '{python,java,postgresql,javascript,react,docker,git,aws}'),
 (3, '{Ejecutivo de Ventas,Asesor Comercial,Key Account Manager,Supervisor de Ventas}',
     '{Ejecutivo Comercial,Asesor de Ventas,Vendedor,Jefe de Ventas}',
     '{ventas consultivas,negociacion,crm,prospeccion,atencion al cliente,salesforce,trade marketing,cobranzas}'),
 (4, '{Ingeniero de Minas,Supervisor de Seguridad,Geologo de Exploracion,Operador de Planta}',
     '{Ingeniero de Minas,Supervisor SSOMA,Geologo,Operador de Equipo Pesado}',
     '{seguridad minera,planeamiento de mina,autocad,geologia,voladura,iso 45001,mantenimiento,chancado}'),
 (5, '{Docente de Matematica,Profesor de Ingles,Coordinador Academico,Tutor}',
     '{Docente,Profesor de Educacion Secundaria,Coordinadora Academica,Tutora}',
     '{planificacion curricular,evaluacion por competencias,ingles,didactica,tutoria,google classroom,pedagogia,gestion educativa}'),
 (6, '{Enfermera Asistencial,Tecnico de Enfermeria,Enfermera de UCI,Obstetra}',
     '{Licenciada en Enfermeria,Tecnica en Enfermeria,Enfermera Especialista,Obstetra}',
     '{cuidado del paciente,administracion de medicamentos,triaje,bioseguridad,historia clinica,uci,emergencias,primeros auxilios}'),
 (7, '{Asistente Administrativo,Recepcionista,Analista de Recursos Humanos,Secretaria Ejecutiva}',
     '{Asistente Administrativa,Recepcionista,Analista de RRHH,Secretaria}',
     '{gestion documental,excel,atencion al cliente,planillas,reclutamiento,office,archivo,ingles}'),
 (8, '{Analista de Logistica,Jefe de Almacen,Coordinador de Compras,Asistente de Importaciones}',
     '{Analista de Logistica,Almacenero,Comprador,Asistente de Comercio Exterior}',
     '{gestion de inventarios,compras,almacen,comercio exterior,sap,kardex,distribucion,excel}');

CREATE TABLE bench_hiring.tenants (n int PRIMARY KEY, id uuid NOT NULL);
INSERT INTO bench_hiring.tenants VALUES (1, '$LIST_TENANT');
INSERT INTO bench_hiring.tenants SELECT n, md5('bench-hiring-tenant:' || n)::uuid FROM generate_series(2, $TENANTS) n;
INSERT INTO identity.tenants (id, name, slug, industry, size, created_at, updated_at)
SELECT id, 'Empresa Bench ' || n, 'bench-hiring-' || n, 'Servicios',
       (ARRAY['11-50', '51-200', '201-500', '501-1000', '1001+'])[1 + (n % 5)],
       now() - interval '2 years', now() - interval '2 years'
  FROM bench_hiring.tenants WHERE n > 1;

-- People: ASCII names (their folded form is themselves), E.164 phones.
CREATE TABLE bench_hiring.users (n int PRIMARY KEY, id uuid NOT NULL, first_name text, last_name text,
                                 email text, phone text);
INSERT INTO bench_hiring.users
SELECT n, md5('bench-hiring-user:' || n)::uuid,
       (ARRAY['Maria','Jose','Juan','Luis','Carlos','Ana','Rosa','Jorge','Carmen','Miguel','Julia','Pedro',
              'Elena','Victor','Patricia','Cesar','Lucia','Diego','Sofia','Andres','Daniela','Ricardo','Paola',
              'Fernando','Claudia','Raul','Veronica','Hugo','Gabriela','Oscar','Milagros','Javier','Karina',
              'Alberto','Lorena','Manuel','Silvia','Renzo','Fiorella','Edwin'])[1 + floor(40 * bench_hiring.u(n, 11))::int],
       (ARRAY['Quispe','Flores','Sanchez','Rodriguez','Garcia','Mamani','Huaman','Chavez','Rojas','Vasquez',
              'Ramirez','Torres','Mendoza','Castillo','Gutierrez','Espinoza','Diaz','Lopez','Perez','Gonzales',
              'Vargas','Romero','Cruz','Salazar','Ramos','Herrera','Medina','Aguilar','Paredes','Silva'])[1 + floor(30 * bench_hiring.u(n, 12))::int]
       || ' ' ||
       (ARRAY['Quispe','Flores','Sanchez','Rodriguez','Garcia','Mamani','Huaman','Chavez','Rojas','Vasquez',
              'Ramirez','Torres','Mendoza','Castillo','Gutierrez','Espinoza','Diaz','Lopez','Perez','Gonzales',
              'Vargas','Romero','Cruz','Salazar','Ramos','Herrera','Medina','Aguilar','Paredes','Silva'])[1 + floor(30 * bench_hiring.u(n, 13))::int],
       'candidato' || n || '@bench.example',
       '+519' || lpad((floor(bench_hiring.u(n, 14) * 100000000))::bigint::text, 8, '0')
  FROM generate_series(1, $USERS) n;
INSERT INTO identity.users (id, email, password_hash, first_name, last_name, phone, terms_accepted_at,
                            privacy_accepted_at, email_verified_at, created_at, updated_at)
SELECT u.id, u.email, h.password_hash, u.first_name, u.last_name, u.phone, t, t, t, t, t
  FROM bench_hiring.users u,
       (SELECT password_hash FROM identity.users ORDER BY created_at LIMIT 1) h,
       LATERAL (SELECT now() - interval '400 days' + interval '380 days' * bench_hiring.u(u.n, 15) AS t) at;

-- Jobs: n = 1 is the measured posting. A job is open 30 to 120 days, opening anywhere from that
-- long before the year to now; it takes applications within the year only (its window cut),
-- and as many as its log-normal weight (Box-Muller on two draws, sigma 1, capped at 9x the
-- median) times the share of its window within the year: the months are about evenly full (the
-- current one is partial), a job that just opened has few applications yet. Sizes are scaled to
-- COUNT - LIST_COUNT in all; the remainder of the rounding goes one each to the first jobs.
CREATE TABLE bench_hiring.jobs (n int PRIMARY KEY, id uuid NOT NULL, tenant_id uuid NOT NULL, title text NOT NULL,
                                family int NOT NULL, size int NOT NULL, first_row bigint,
                                opens_at timestamptz NOT NULL, closes_at timestamptz NOT NULL);
WITH span AS (SELECT date_trunc('month', now()) - interval '11 months' AS start, now() - interval '5 minutes' AS stop),
windows AS (
  SELECT n, interval '30 days' + interval '90 days' * bench_hiring.u(n, 105) AS open_for,
         least(exp(sqrt(-2 * ln(1 - bench_hiring.u(n, 101))) * cos(2 * pi() * bench_hiring.u(n, 102))), 9) AS w
    FROM generate_series(2, $JOBS) n
), cut AS (
  SELECT x.n, x.open_for, x.w, greatest(span.start, o.opens_at) AS opens_at, least(span.stop, o.opens_at + x.open_for) AS closes_at
    FROM windows x, span,
         LATERAL (SELECT span.start - x.open_for + (span.stop - span.start + x.open_for) * bench_hiring.u(x.n, 107) AS opens_at) o
), weighted AS (
  SELECT n, opens_at, closes_at,
         w * extract(epoch FROM closes_at - opens_at) / extract(epoch FROM open_for) AS w
    FROM cut
), sized AS (
  SELECT n, opens_at, closes_at, floor(w / sum(w) OVER () * ($COUNT - $LIST_COUNT))::int AS size FROM weighted
), fixed AS (
  SELECT n, opens_at, closes_at,
         size + CASE WHEN row_number() OVER (ORDER BY n) <= $COUNT - $LIST_COUNT - sum(size) OVER () THEN 1 ELSE 0 END AS size
    FROM sized
)
INSERT INTO bench_hiring.jobs
SELECT 1, '$LIST_JOB', '$LIST_TENANT', :'list_title', 1, $LIST_COUNT, NULL::bigint, span.start, span.stop FROM span
UNION ALL
SELECT f.n, md5('bench-hiring-job:' || f.n)::uuid,
       (SELECT id FROM bench_hiring.tenants WHERE n = least($TENANTS, 1 + floor($TENANTS * bench_hiring.u(f.n, 103) ^ 2)::int)),
       fam.jobs[1 + floor(4 * bench_hiring.u(f.n, 106))::int], fam.family, f.size, NULL, f.opens_at, f.closes_at
  FROM fixed f JOIN bench_hiring.families fam ON fam.family = 1 + floor(8 * bench_hiring.u(f.n, 104))::int;
UPDATE bench_hiring.jobs j SET first_row = s.first_row
  FROM (SELECT n, sum(size) OVER (ORDER BY n) - size AS first_row FROM bench_hiring.jobs) s WHERE s.n = j.n;
SQL
}
timed setup_s setup

# The secondary indexes of the three tables (not the keys), dropped for the bulk insert and
# rebuilt after it; on the partitioned table, the parent's index (it builds every partition's).
sql -F $'\t' -c "SELECT i.indexname, i.indexdef FROM pg_indexes i
    WHERE i.schemaname = 'hiring' AND i.tablename IN ('applications', 'candidacies', 'stage_changes')
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('hiring.%I', i.indexname)::regclass)
    ORDER BY i.tablename, i.indexname" >"$WORK/indexes.tsv"
# Their foreign keys, dropped and added back (one validating pass per table instead of a lookup
# per row).
sql -F $'\t' -c "SELECT conrelid::regclass, conname, pg_get_constraintdef(oid) FROM pg_constraint
    WHERE contype = 'f' AND conparentid = 0
      AND conrelid IN ('hiring.applications'::regclass, 'hiring.candidacies'::regclass, 'hiring.stage_changes'::regclass)
    ORDER BY 1, 2" >"$WORK/fkeys.tsv"
{
  cut -f1 "$WORK/indexes.tsv" | sed 's/^/DROP INDEX hiring./; s/$/;/'
  while IFS=$'\t' read -r table name _; do echo "ALTER TABLE $table DROP CONSTRAINT $name;"; done <"$WORK/fkeys.tsv"
} | sql

# Every application's job, number and time first (a narrow table), then one statement per month
# of applications in the order of their time, as they would have arrived: a job's rows are spread
# over the heap among the other jobs' (inserting job by job would pack them together, and reading
# a job's applications would touch far fewer pages than in a real table). Each statement writes
# the applications, their claims and their stage changes.
draw_times() {
  sql <<SQL
CREATE UNLOGGED TABLE bench_hiring.arrivals AS
  SELECT j.n AS jn, k, j.first_row + k AS i,
         j.opens_at + (j.closes_at - j.opens_at) * bench_hiring.u(j.first_row + k, 1) AS target
    FROM bench_hiring.jobs j, generate_series(1, j.size) k;
SQL
}
insert_month() { # MONTH (YYYY-MM-01)
  sql <<SQL
WITH src AS (
  SELECT a.jn, j.id AS job_id, j.tenant_id, j.title, j.family, a.i, a.k, a.target
    FROM bench_hiring.arrivals a JOIN bench_hiring.jobs j ON j.n = a.jn
   WHERE a.target >= '$1'::timestamptz AND a.target < '$1'::timestamptz + interval '1 month'
), drawn AS (
  SELECT s.*, u.n AS un, u.id AS user_id, u.first_name || ' ' || u.last_name AS name, u.email, u.phone,
         -- 70% of a job's applicants do that kind of work.
         CASE WHEN bench_hiring.u(s.i, 4) < 0.7 THEN s.family ELSE 1 + floor(8 * bench_hiring.u(s.i, 5))::int END AS own_family
    FROM src s JOIN bench_hiring.users u ON u.n = 1 + ((s.jn::bigint * 7919 + s.k::bigint * 104729) % $USERS)
), ids AS (
  -- uuidv7() is volatile: this CTE is computed once per row, never inlined twice. In time order:
  -- the joins after it keep it, and so the heap gets the rows.
  SELECT d.*, uuidv7(d.target - clock_timestamp()) AS id FROM drawn d ORDER BY d.target
), timed AS (
  SELECT x.*, uuid_extract_timestamp(x.id) AS applied_at FROM ids x
), funnel AS (
  SELECT t.*,
         now() - t.applied_at < interval '14 days' AS recent,
         bench_hiring.u(t.i, 2) AS rs,
         CASE WHEN now() - t.applied_at < interval '14 days'
              THEN CASE WHEN bench_hiring.u(t.i, 3) < 0.85 THEN 0 ELSE 1 END
              ELSE CASE WHEN bench_hiring.u(t.i, 3) < 0.55 THEN 0 WHEN bench_hiring.u(t.i, 3) < 0.80 THEN 1
                        WHEN bench_hiring.u(t.i, 3) < 0.91 THEN 2 WHEN bench_hiring.u(t.i, 3) < 0.97 THEN 3 ELSE 4 END
         END AS depth,
         least(t.applied_at + interval '3 days' + interval '40 days' * bench_hiring.u(t.i, 6), now()) AS end_at
    FROM timed t
), decided AS (
  SELECT f.*,
         CASE WHEN f.recent THEN CASE WHEN f.rs < 0.90 THEN 'active' WHEN f.rs < 0.93 THEN 'withdrawn' ELSE 'rejected' END
              WHEN f.depth = 4 AND f.rs < 0.25 THEN 'hired'
              WHEN f.rs < 0.35 THEN 'active' WHEN f.rs < 0.44 THEN 'withdrawn' ELSE 'rejected' END AS status,
         fam.headlines[1 + floor(4 * bench_hiring.u(f.i, 20))::int] AS headline,
         fam.skills AS pool, floor(8 * bench_hiring.u(f.i, 21))::int AS o
    FROM funnel f JOIN bench_hiring.families fam ON fam.family = f.own_family
), prepared AS (
  SELECT d.*,
         CASE WHEN d.status = 'hired' THEN 'hired'
              ELSE (ARRAY['applied', 'screening', 'interview', 'technical', 'offer'])[d.depth + 1] END AS stage,
         -- A triangular score around 0.5, higher for those who went further.
         least(1.0, greatest(0.0, (bench_hiring.u(d.i, 22) + bench_hiring.u(d.i, 23) + bench_hiring.u(d.i, 24)) / 3
                                  + 0.04 * d.depth - 0.05))::real AS score,
         lower(d.headline) || ' ' || d.pool[1 + d.o % 8] || ' ' || d.pool[1 + (d.o + 1) % 8] || ' '
           || d.pool[1 + (d.o + 3) % 8] || ' ' || d.pool[1 + (d.o + 5) % 8]
           || CASE WHEN bench_hiring.u(d.i, 25) < 0.05 THEN ' sap' ELSE '' END AS search_work
    FROM decided d
), a AS (
  INSERT INTO hiring.applications (id, applied_at, tenant_id, job_id, job_title, user_id, cv_id, candidate_name,
      candidate_email, candidate_phone, headline, cover_letter, answers, source, status, stage, score, screening,
      rating, assigned_recruiter, tags, rejection_reason, rejection_note, search_identity, search_work, updated_at,
      closed_at)
  SELECT r.id, r.applied_at, r.tenant_id, r.job_id, r.title, r.user_id,
         -- A person applies with their CV (no cv.cvs row: the list never reads it).
         md5('bench-hiring-cv:' || r.un)::uuid,
         r.name, r.email, r.phone, r.headline,
         CASE WHEN bench_hiring.u(r.i, 30) < 0.35 THEN
           (ARRAY['Me interesa el puesto: tengo experiencia en funciones similares y disponibilidad inmediata. Adjunto mi CV para su evaluacion y quedo atento a una entrevista.',
                  'Estimados, postulo a la vacante porque encaja con mi trayectoria de los ultimos anos. Puedo incorporarme en dos semanas. Saludos cordiales.',
                  'I am applying for this role: my background matches the requirements and I would welcome the chance to discuss it in an interview.',
                  'Buen dia. Vi la oferta en la plataforma y me gustaria formar parte de su equipo; cuento con referencias de mis empleos anteriores.'])[1 + floor(4 * bench_hiring.u(r.i, 31))::int]
         END,
         '[]'::jsonb, 'platform', r.status, r.stage, r.score,
         jsonb_set(s.template, '{overall_score}', to_jsonb(round(r.score::numeric, 4))),
         CASE WHEN r.depth >= 1 AND bench_hiring.u(r.i, 32) < 0.4 THEN 1 + floor(5 * bench_hiring.u(r.i, 33))::smallint END,
         NULL,
         CASE WHEN bench_hiring.u(r.i, 34) < 0.15 THEN ARRAY[(ARRAY['top', 'referido', 'recontactar', 'ingles', 'remoto'])[1 + floor(5 * bench_hiring.u(r.i, 35))::int]]
              WHEN bench_hiring.u(r.i, 34) < 0.20 THEN ARRAY['top', (ARRAY['referido', 'recontactar', 'ingles', 'remoto'])[1 + floor(4 * bench_hiring.u(r.i, 35))::int]]
              ELSE '{}'::text[] END,
         CASE WHEN r.status = 'rejected' THEN (ARRAY['not_qualified', 'experience', 'skills', 'salary', 'location',
              'position_filled', 'culture_fit', 'no_response', 'other'])[1 + floor(9 * bench_hiring.u(r.i, 36))::int] END,
         NULL,
         lower(r.name || ' ' || r.email || ' ' || r.phone), r.search_work,
         CASE WHEN r.status = 'active' THEN r.applied_at + (r.end_at - r.applied_at) * r.depth / (r.depth + 1) ELSE r.end_at END,
         CASE WHEN r.status = 'active' THEN NULL ELSE r.end_at END
    FROM prepared r, bench_hiring.screening s
  RETURNING id, applied_at, tenant_id, job_id, user_id, status, stage, rejection_reason, closed_at, updated_at
), claims AS (
  INSERT INTO hiring.candidacies (job_id, user_id, tenant_id, application_id, applied_at)
  SELECT job_id, user_id, tenant_id, id, applied_at FROM a WHERE status <> 'withdrawn'
)
INSERT INTO hiring.stage_changes (id, application_id, applied_at, tenant_id, user_id, from_stage, to_stage, status,
                                  actor_id, reason, changed_at)
SELECT uuidv7(c.changed_at - clock_timestamp()), c.id, c.applied_at, c.tenant_id, c.user_id, c.from_stage, c.to_stage,
       c.status, c.actor_id, c.reason, c.changed_at
  FROM (
    -- One move per stage reached (the first by the candidate, applying; the others by the
    -- company, whose recruiters these rows do not name), then the rejection or withdrawal.
    SELECT a.id, a.applied_at, a.tenant_id, a.user_id,
           (ARRAY[NULL, 'applied', 'screening', 'interview', 'technical', 'offer'])[k + 1] AS from_stage,
           (ARRAY['applied', 'screening', 'interview', 'technical', 'offer', 'hired'])[k + 1] AS to_stage,
           CASE WHEN k = 5 THEN 'hired' ELSE 'active' END AS status,
           CASE WHEN k = 0 THEN a.user_id END AS actor_id, NULL AS reason,
           CASE WHEN k = 0 THEN a.applied_at
                ELSE a.applied_at + (coalesce(a.closed_at, a.updated_at) - a.applied_at) * k / (p.depth + 1) END AS changed_at
      FROM a
      CROSS JOIN LATERAL (SELECT array_position(ARRAY['applied', 'screening', 'interview', 'technical', 'offer', 'hired'], a.stage) - 1 AS depth) p
      CROSS JOIN LATERAL generate_series(0, p.depth) k
    UNION ALL
    SELECT a.id, a.applied_at, a.tenant_id, a.user_id, a.stage, a.stage, a.status,
           CASE WHEN a.status = 'withdrawn' THEN a.user_id END, a.rejection_reason, a.closed_at
      FROM a WHERE a.status IN ('rejected', 'withdrawn')
  ) c;
SQL
}

log "inserting $COUNT applications (a statement a month, indexes and foreign keys dropped)"
load_applications() {
  local month started done_rows
  started=$(now)
  draw_times
  while read -r month; do
    insert_month "$month"
    done_rows=$(sql -c "SELECT count(*) FROM bench_hiring.arrivals WHERE target < '$month'::timestamptz + interval '1 month'")
    log "${month:0:7}: $done_rows / $COUNT applications ($(python3 -c 'import sys, time; print(round(int(sys.argv[1]) / (time.time() - float(sys.argv[2]))))' "$done_rows" "$started")/s)"
  done < <(sql -c "SELECT DISTINCT date_trunc('month', target)::date FROM bench_hiring.arrivals ORDER BY 1")
}
timed applications_s load_applications

restore_keys() {
  while IFS=$'\t' read -r table name def; do
    log "foreign key $name"
    sql -c "ALTER TABLE $table ADD CONSTRAINT $name $def"
  done <"$WORK/fkeys.tsv"
}
timed foreign_keys_s restore_keys

# Rebuilt one by one, each timed: key index_<name>_s. A partitioned table's index reads
# "ON ONLY" in pg_indexes (the parent alone, invalid until every partition has its own): without
# ONLY it is built on every partition too.
while IFS=$'\t' read -r name def; do
  log "building $name"
  def=${def/ ON ONLY / ON }
  build() { sql -c "SET maintenance_work_mem = '${BENCH_INDEX_MEMORY:-512MB}'" -c "$def"; }
  timed "index_${name}_s" build
done <"$WORK/indexes.tsv"
timed vacuum_analyze_s sql -c "VACUUM ANALYZE hiring.applications" -c "VACUUM ANALYZE hiring.candidacies" \
  -c "VACUUM ANALYZE hiring.stage_changes" -c "VACUUM ANALYZE identity.users" -c "VACUUM ANALYZE identity.tenants"

# What was loaded, checked: every id's time is its applied_at, every row in one of 12 months.
STATS=$(sql -F $'\t' <<SQL
SELECT (SELECT count(*) FROM hiring.applications),
       (SELECT count(*) FROM hiring.applications WHERE applied_at <> uuid_extract_timestamp(id)),
       (SELECT count(*) FROM hiring.candidacies),
       (SELECT count(*) FROM hiring.stage_changes),
       (SELECT count(*) FROM hiring.applications WHERE job_id = '$LIST_JOB'),
       (SELECT count(*) FROM hiring.applications WHERE job_id = '$LIST_JOB' AND stage = 'screening'),
       (SELECT count(*) FROM hiring.applications WHERE job_id = '$LIST_JOB' AND (search_work LIKE '%$QUERY%' OR search_identity LIKE '%$QUERY%')),
       (SELECT count(DISTINCT tableoid) FROM hiring.applications WHERE job_id = '$LIST_JOB'),
       (SELECT json_object_agg(s, n) FROM (SELECT status AS s, count(*) AS n FROM hiring.applications GROUP BY 1) x),
       (SELECT json_object_agg(p, n ORDER BY p) FROM (SELECT tableoid::regclass::text AS p, count(*) AS n FROM hiring.applications GROUP BY 1) x),
       (SELECT max(size) FROM bench_hiring.jobs WHERE n > 1),
       (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY size) FROM bench_hiring.jobs WHERE n > 1),
       pg_size_pretty(pg_total_relation_size('hiring.stage_changes')),
       (SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'hiring.applications'::regclass),
       (SELECT pg_size_pretty(sum(pg_indexes_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'hiring.applications'::regclass),
       pg_size_pretty(pg_database_size(current_database()))
SQL
)
IFS=$'\t' read -r APPS MISMATCHED CLAIMS CHANGES LIST_APPS LIST_SCREENING LIST_SAP LIST_PARTITIONS STATUSES PARTITIONS \
  MAX_JOB MEDIAN_JOB CHANGES_SIZE APPS_SIZE APPS_INDEX_SIZE DB_SIZE <<<"$STATS"
((MISMATCHED == 0)) || { echo "load: $MISMATCHED applications whose applied_at is not the time in their id" >&2; exit 1; }
python3 - "${TIMES[@]}" <<PY
import json, sys
out = {"count": $COUNT, "applications": $APPS, "candidacies": $CLAIMS, "stage_changes": $CHANGES,
       "users": $USERS, "tenants": $TENANTS, "jobs": $JOBS, "list_job_applications": $LIST_APPS,
       "list_job_screening": $LIST_SCREENING, "list_job_query": "$QUERY", "list_job_query_matches": $LIST_SAP, "list_job_partitions": $LIST_PARTITIONS,
       "job_size_max": $MAX_JOB, "job_size_median": $MEDIAN_JOB, "statuses": $STATUSES, "partitions": $PARTITIONS,
       "screening_template_bytes": $SCREENING_BYTES, "applications_size": "$APPS_SIZE",
       "applications_index_size": "$APPS_INDEX_SIZE", "stage_changes_size": "$CHANGES_SIZE",
       "database_size": "$DB_SIZE", "applied_at_mismatches": $MISMATCHED}
for pair in sys.argv[1:]:
    key, value = pair.split("=", 1)
    out[key] = float(value)
print(json.dumps(out))
PY
