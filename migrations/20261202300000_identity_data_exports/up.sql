-- A person's copies of their data (LPDP, Law 29733: access), built by the job queue into object
-- storage as a ZIP (every context's section in data.json, their CV files and recorded answers),
-- downloadable for a few days through a signed link, then deleted.
CREATE TABLE identity.data_exports (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    status       text NOT NULL CHECK (status IN ('queued', 'ready', 'failed', 'expired')),
    object_key   text CHECK (length(object_key) <= 512),
    size_bytes   bigint CHECK (size_bytes >= 0),
    files        integer CHECK (files >= 0),
    failure      text CHECK (length(failure) <= 500),
    requested_at timestamptz NOT NULL,
    ready_at     timestamptz,
    expires_at   timestamptz,
    CHECK ((status = 'ready') = (object_key IS NOT NULL AND ready_at IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX data_exports_user ON identity.data_exports (user_id, requested_at DESC);
CREATE INDEX data_exports_expiring ON identity.data_exports (expires_at) WHERE status = 'ready';

ALTER TABLE identity.data_exports ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity.data_exports FORCE ROW LEVEL SECURITY;
CREATE POLICY data_exports_owner ON identity.data_exports TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
CREATE POLICY data_exports_workers ON identity.data_exports TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY owner_all ON identity.data_exports TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON identity.data_exports TO entrevistador_app;
GRANT UPDATE (status, object_key, size_bytes, files, failure, ready_at, expires_at) ON identity.data_exports
    TO entrevistador_app;
