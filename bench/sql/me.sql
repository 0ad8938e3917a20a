-- What GET /api/v1/me runs in PostgreSQL, for pgbench (-M prepared, -D uid=<user id>), as the
-- application role: kernel::db::scoped opens a transaction, sets the request context
-- (set_request_context), then identity::store::find_user reads the caller's row
-- (UserRow::as_select(): the columns below, in this order; diesel binds the LIMIT too).
-- Not included: the API also checks the session's revocation key in Redis (EXISTS) and
-- verifies the JWT's Ed25519 signature on every request.
\set one 1
BEGIN;
SELECT set_config('app.user_id', coalesce(:uid, ''), true),
       set_config('app.tenant_id', coalesce(NULL, ''), true),
       set_config('app.role', coalesce(NULL, ''), true);
SELECT "identity"."users"."id", "identity"."users"."email", "identity"."users"."password_hash",
       "identity"."users"."first_name", "identity"."users"."last_name", "identity"."users"."phone",
       "identity"."users"."locale", "identity"."users"."timezone", "identity"."users"."status",
       "identity"."users"."email_verified_at", "identity"."users"."terms_accepted_at",
       "identity"."users"."privacy_accepted_at", "identity"."users"."marketing_consent_at",
       "identity"."users"."last_login_at", "identity"."users"."deleted_at",
       "identity"."users"."purge_after", "identity"."users"."created_at"
  FROM "identity"."users" WHERE ("identity"."users"."id" = :uid) LIMIT :one;
COMMIT;
