-- What GET /api/v1/jobs/{id}/applications runs in PostgreSQL, for pgbench (-M prepared), as the
-- application role in the company admin's context (benchmark hiring_list):
--   -D uid=<admin> -D tenant=<company> -D role=<admin's role> -D job=<posting>
--   -D variant=0|1|2 (the first page | ?stage=:stage | ?q=<word>, searched as :pattern = %word%)
--   -D stage=screening -D pattern=%word%
-- hiring::HiringService::job_applications in one transaction (kernel::db::scoped): the caller's
-- membership (identity::authorize), the posting (matching::company_job), the job's pipeline and
-- the company's blind-review rule, the page (best score first, 20 and one more to know whether
-- another page follows: hiring::store::applications_of_job) and the counts per stage and status
-- (counts_of_job). The statements are diesel's (columns in its order, LIMIT bound) as
-- pg_stat_activity showed them. Differences: the API sends BEGIN and the three set_config in one
-- simple-query message (here two round trips, as bench/sql/me.sql), and it checks the pooled
-- connection out with a `SELECT $1` first (the deadpool manager's verification, not included).
\set one 1
\set page 21
BEGIN;
SELECT set_config('app.user_id', :uid, true), set_config('app.tenant_id', :tenant, true), set_config('app.role', :role, true);
SELECT "identity"."memberships"."tenant_id", "identity"."memberships"."user_id", "identity"."memberships"."role",
       "identity"."memberships"."status", "identity"."memberships"."created_at"
  FROM "identity"."memberships"
 WHERE (("identity"."memberships"."tenant_id" = :tenant) AND ("identity"."memberships"."user_id" = :uid)) LIMIT :one;
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
SELECT "hiring"."pipelines"."job_id", "hiring"."pipelines"."tenant_id", "hiring"."pipelines"."stages",
       "hiring"."pipelines"."updated_at"
  FROM "hiring"."pipelines" WHERE ("hiring"."pipelines"."job_id" = :job) LIMIT :one;
SELECT "hiring"."settings"."tenant_id", "hiring"."settings"."blind_review", "hiring"."settings"."reveal_stage",
       "hiring"."settings"."updated_at"
  FROM "hiring"."settings" WHERE ("hiring"."settings"."tenant_id" = :tenant) LIMIT :one;
\if :variant = 0
SELECT "hiring"."applications"."id", "hiring"."applications"."applied_at", "hiring"."applications"."tenant_id",
       "hiring"."applications"."job_id", "hiring"."applications"."job_title", "hiring"."applications"."user_id",
       "hiring"."applications"."cv_id", "hiring"."applications"."candidate_name", "hiring"."applications"."candidate_email",
       "hiring"."applications"."candidate_phone", "hiring"."applications"."headline", "hiring"."applications"."cover_letter",
       "hiring"."applications"."answers", "hiring"."applications"."source", "hiring"."applications"."status",
       "hiring"."applications"."stage", "hiring"."applications"."score", "hiring"."applications"."screening",
       "hiring"."applications"."rating", "hiring"."applications"."assigned_recruiter", "hiring"."applications"."tags",
       "hiring"."applications"."rejection_reason", "hiring"."applications"."rejection_note",
       "hiring"."applications"."search_identity", "hiring"."applications"."search_work",
       "hiring"."applications"."updated_at", "hiring"."applications"."closed_at"
  FROM "hiring"."applications"
 WHERE ("hiring"."applications"."job_id" = :job)
 ORDER BY "hiring"."applications"."score" DESC, "hiring"."applications"."id" DESC LIMIT :page;
\elif :variant = 1
SELECT "hiring"."applications"."id", "hiring"."applications"."applied_at", "hiring"."applications"."tenant_id",
       "hiring"."applications"."job_id", "hiring"."applications"."job_title", "hiring"."applications"."user_id",
       "hiring"."applications"."cv_id", "hiring"."applications"."candidate_name", "hiring"."applications"."candidate_email",
       "hiring"."applications"."candidate_phone", "hiring"."applications"."headline", "hiring"."applications"."cover_letter",
       "hiring"."applications"."answers", "hiring"."applications"."source", "hiring"."applications"."status",
       "hiring"."applications"."stage", "hiring"."applications"."score", "hiring"."applications"."screening",
       "hiring"."applications"."rating", "hiring"."applications"."assigned_recruiter", "hiring"."applications"."tags",
       "hiring"."applications"."rejection_reason", "hiring"."applications"."rejection_note",
       "hiring"."applications"."search_identity", "hiring"."applications"."search_work",
       "hiring"."applications"."updated_at", "hiring"."applications"."closed_at"
  FROM "hiring"."applications"
 WHERE (("hiring"."applications"."job_id" = :job) AND ("hiring"."applications"."stage" = :stage))
 ORDER BY "hiring"."applications"."score" DESC, "hiring"."applications"."id" DESC LIMIT :page;
\else
SELECT "hiring"."applications"."id", "hiring"."applications"."applied_at", "hiring"."applications"."tenant_id",
       "hiring"."applications"."job_id", "hiring"."applications"."job_title", "hiring"."applications"."user_id",
       "hiring"."applications"."cv_id", "hiring"."applications"."candidate_name", "hiring"."applications"."candidate_email",
       "hiring"."applications"."candidate_phone", "hiring"."applications"."headline", "hiring"."applications"."cover_letter",
       "hiring"."applications"."answers", "hiring"."applications"."source", "hiring"."applications"."status",
       "hiring"."applications"."stage", "hiring"."applications"."score", "hiring"."applications"."screening",
       "hiring"."applications"."rating", "hiring"."applications"."assigned_recruiter", "hiring"."applications"."tags",
       "hiring"."applications"."rejection_reason", "hiring"."applications"."rejection_note",
       "hiring"."applications"."search_identity", "hiring"."applications"."search_work",
       "hiring"."applications"."updated_at", "hiring"."applications"."closed_at"
  FROM "hiring"."applications"
 WHERE (("hiring"."applications"."job_id" = :job)
        AND (("hiring"."applications"."search_work" LIKE :pattern) OR ("hiring"."applications"."search_identity" LIKE :pattern)))
 ORDER BY "hiring"."applications"."score" DESC, "hiring"."applications"."id" DESC LIMIT :page;
\endif
SELECT "hiring"."applications"."stage", "hiring"."applications"."status", COUNT(*)
  FROM "hiring"."applications" WHERE ("hiring"."applications"."job_id" = :job)
 GROUP BY "hiring"."applications"."stage", "hiring"."applications"."status";
COMMIT;
