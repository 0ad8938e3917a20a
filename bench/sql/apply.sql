-- What POST /api/v1/jobs/{id}/applications runs in PostgreSQL, for pgbench (-M prepared,
-- -D tenant=<the postings' company> -D model=<embeddings model>), as the application role, each
-- run a new application (benchmark hiring_submit). hiring::HiringService::apply opens three
-- transactions (kernel::db::scoped):
--   1. the CV's profile (cv::CvService::profile, the person's context): the CV, its sections, its
--      skills, its whole-CV vector;
--   2. the posting and its vector (matching::MatchingService::screen, anonymous context), which
--      the API then scores against the CV in Rust;
--   3. the writes (the person's context): their account (identity::contact), the application,
--      its claim, its first stage change, the CV again (cv::sharing::share_with_company) and its
--      share with the company.
-- The statements are diesel's (columns in its order, LIMIT bound) as pg_stat_activity showed
-- them. Differences: the API sends BEGIN and the three set_config in one simple-query message
-- (here two round trips, as bench/sql/me.sql), and it checks each pooled connection out with a
-- `SELECT $1` first (the deadpool manager's verification, 3 per submit here, not included); the
-- application's id (UUID v7) and applied_at (the millisecond in it) come from uuidv7() here, from
-- Rust there. Not the API's SQL: the first statement, which takes the next unused (job, person)
-- pair from bench_hiring.submit_pairs (made by scripts/bench.sh) with the texts and screening of a
-- real application of the same CV (bench_hiring.submit_row), bound below as the API binds its.
\set one 1
SELECT p.user_id AS uid, p.cv_id AS cv, p.job_id AS job, p.job_title AS title, r.candidate_name AS name,
       r.candidate_email AS email, coalesce(r.candidate_phone, '') AS phone, coalesce(r.headline, '') AS headline,
       r.screening AS screening, r.score AS score, r.search_identity AS search_identity, r.search_work AS search_work
  FROM bench_hiring.submit_pairs p, bench_hiring.submit_row r
 WHERE p.n = (SELECT nextval('bench_hiring.submit_pair')) \gset

-- 1. The CV's profile.
BEGIN;
SELECT set_config('app.user_id', :uid, true), set_config('app.tenant_id', '', true), set_config('app.role', '', true);
SELECT "cv"."cvs"."id", "cv"."cvs"."user_id", "cv"."cvs"."version", "cv"."cvs"."is_primary",
       "cv"."cvs"."original_filename", "cv"."cvs"."file_size_bytes", "cv"."cvs"."mime_type", "cv"."cvs"."sha256",
       "cv"."cvs"."storage_key", "cv"."cvs"."language_hint", "cv"."cvs"."parsing_status", "cv"."cvs"."parsing_error",
       "cv"."cvs"."parsed_data", "cv"."cvs"."corrections", "cv"."cvs"."created_at", "cv"."cvs"."updated_at",
       "cv"."cvs"."parsed_at", "cv"."cvs"."discoverable_since"
  FROM "cv"."cvs" WHERE ("cv"."cvs"."id" = :cv) LIMIT :one;
SELECT "cv"."cv_sections"."id", "cv"."cv_sections"."cv_id", "cv"."cv_sections"."user_id", "cv"."cv_sections"."position",
       "cv"."cv_sections"."kind", "cv"."cv_sections"."heading", "cv"."cv_sections"."content"
  FROM "cv"."cv_sections" WHERE ("cv"."cv_sections"."cv_id" = :cv) ORDER BY "cv"."cv_sections"."position" ASC;
SELECT "cv"."skills"."cv_id", "cv"."skills"."user_id", "cv"."skills"."skill_id", "cv"."skills"."name",
       "cv"."skills"."category", "cv"."skills"."source", "cv"."skills"."years", "cv"."skills"."proficiency",
       "cv"."skills"."confidence"
  FROM "cv"."skills" WHERE ("cv"."skills"."cv_id" = :cv)
 ORDER BY "cv"."skills"."confidence" DESC, "cv"."skills"."name" ASC;
SELECT embedding::text AS vector FROM cv.cv_embeddings WHERE cv_id = :cv AND model = :model AND section_id IS NULL;
COMMIT;

-- 2. The posting and its vector.
BEGIN;
SELECT set_config('app.user_id', '', true), set_config('app.tenant_id', '', true), set_config('app.role', '', true);
SELECT "matching"."job_postings"."id", "matching"."job_postings"."tenant_id", "matching"."job_postings"."created_by",
       "matching"."job_postings"."source", "matching"."job_postings"."external_id", "matching"."job_postings"."status",
       "matching"."job_postings"."close_reason", "matching"."job_postings"."title",
       "matching"."job_postings"."description", "matching"."job_postings"."requirements",
       "matching"."job_postings"."benefits", "matching"."job_postings"."industry",
       "matching"."job_postings"."job_function", "matching"."job_postings"."seniority_level",
       "matching"."job_postings"."employment_type", "matching"."job_postings"."location_city",
       "matching"."job_postings"."location_country", "matching"."job_postings"."remote_policy",
       "matching"."job_postings"."salary_min", "matching"."job_postings"."salary_max",
       "matching"."job_postings"."salary_currency", "matching"."job_postings"."salary_period",
       "matching"."job_postings"."language", "matching"."job_postings"."analysis",
       "matching"."job_postings"."expires_at", "matching"."job_postings"."published_at",
       "matching"."job_postings"."closed_at", "matching"."job_postings"."created_at",
       "matching"."job_postings"."updated_at", "matching"."job_postings"."search_title",
       "matching"."job_postings"."search_body"
  FROM "matching"."job_postings" WHERE ("matching"."job_postings"."id" = :job) LIMIT :one;
SELECT embedding::text AS vector FROM matching.job_embeddings WHERE job_id = :job AND model = :model;
COMMIT;

-- 3. The writes.
BEGIN;
SELECT set_config('app.user_id', :uid, true), set_config('app.tenant_id', '', true), set_config('app.role', '', true);
SELECT "identity"."users"."id", "identity"."users"."email", "identity"."users"."password_hash",
       "identity"."users"."first_name", "identity"."users"."last_name", "identity"."users"."phone",
       "identity"."users"."locale", "identity"."users"."timezone", "identity"."users"."status",
       "identity"."users"."email_verified_at", "identity"."users"."terms_accepted_at",
       "identity"."users"."privacy_accepted_at", "identity"."users"."marketing_consent_at",
       "identity"."users"."last_login_at", "identity"."users"."deleted_at",
       "identity"."users"."purge_after", "identity"."users"."created_at"
  FROM "identity"."users" WHERE ("identity"."users"."id" = :uid) LIMIT :one;
INSERT INTO "hiring"."applications" ("id", "applied_at", "tenant_id", "job_id", "job_title", "user_id", "cv_id",
       "candidate_name", "candidate_email", "candidate_phone", "headline", "cover_letter", "answers", "source",
       "status", "stage", "score", "screening", "rating", "assigned_recruiter", "tags", "rejection_reason",
       "rejection_note", "search_identity", "search_work", "updated_at", "closed_at")
SELECT g.id, uuid_extract_timestamp(g.id), :tenant::uuid, :job::uuid, :title::text, :uid::uuid, :cv::uuid,
       :name::text, :email::text, nullif(:phone::text, ''), nullif(:headline::text, ''),
       'Me interesa el puesto: tengo experiencia en funciones similares y disponibilidad inmediata.',
       '[]'::jsonb, 'platform', 'active', 'applied', :score::real, :screening::jsonb, NULL, NULL, '{}'::text[],
       NULL, NULL, :search_identity::text, :search_work::text, now(), NULL
  FROM (SELECT uuidv7() AS id) g
RETURNING id AS aid, applied_at AS applied \gset
INSERT INTO "hiring"."candidacies" ("job_id", "user_id", "tenant_id", "application_id", "applied_at")
VALUES (:job, :uid, :tenant, :aid, :applied) ON CONFLICT DO NOTHING;
INSERT INTO "hiring"."stage_changes" ("id", "application_id", "applied_at", "tenant_id", "user_id", "from_stage",
       "to_stage", "status", "actor_id", "reason", "changed_at")
VALUES (uuidv7(), :aid, :applied, :tenant, :uid, DEFAULT, 'applied', 'active', :uid, DEFAULT, now());
SELECT "cv"."cvs"."id", "cv"."cvs"."user_id", "cv"."cvs"."version", "cv"."cvs"."is_primary",
       "cv"."cvs"."original_filename", "cv"."cvs"."file_size_bytes", "cv"."cvs"."mime_type", "cv"."cvs"."sha256",
       "cv"."cvs"."storage_key", "cv"."cvs"."language_hint", "cv"."cvs"."parsing_status", "cv"."cvs"."parsing_error",
       "cv"."cvs"."parsed_data", "cv"."cvs"."corrections", "cv"."cvs"."created_at", "cv"."cvs"."updated_at",
       "cv"."cvs"."parsed_at", "cv"."cvs"."discoverable_since"
  FROM "cv"."cvs" WHERE ("cv"."cvs"."id" = :cv) LIMIT :one;
INSERT INTO "cv"."shares" ("cv_id", "tenant_id", "user_id", "purpose_id", "created_at")
VALUES (:cv, :tenant, :uid, :aid, now()) ON CONFLICT DO NOTHING;
COMMIT;
