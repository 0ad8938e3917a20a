-- The talent network's first step: a person may make a CV discoverable by companies (an explicit,
-- revocable consent). Companies' members then read that CV's data, sections, skills and vectors
-- (to rank it for their jobs); revoking hides it at once. Every grant and revocation is recorded
-- with its time and IP address.
ALTER TABLE cv.cvs ADD COLUMN discoverable_since timestamptz;
GRANT UPDATE (discoverable_since) ON cv.cvs TO entrevistador_app;
CREATE INDEX cvs_discoverable_idx ON cv.cvs (id) WHERE discoverable_since IS NOT NULL;

CREATE TABLE cv.consents (
    id         uuid PRIMARY KEY,
    cv_id      uuid NOT NULL REFERENCES cv.cvs (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('discoverable')),
    granted    boolean NOT NULL,
    ip         text CHECK (length(ip) <= 45),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX consents_cv_idx ON cv.consents (cv_id, created_at);
ALTER TABLE cv.consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE cv.consents FORCE ROW LEVEL SECURITY;
CREATE POLICY consents_owner ON cv.consents TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
CREATE POLICY consents_workers ON cv.consents TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY owner_all ON cv.consents TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON cv.consents TO entrevistador_app;

-- Read-only, for someone acting in a company, and only while the consent stands.
CREATE POLICY cvs_discoverable ON cv.cvs FOR SELECT TO entrevistador_app
    USING (discoverable_since IS NOT NULL AND app.tenant_id() IS NOT NULL);
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['cv_sections', 'skills', 'cv_embeddings'] LOOP
        EXECUTE format('CREATE POLICY %I ON cv.%I FOR SELECT TO entrevistador_app
            USING (app.tenant_id() IS NOT NULL AND EXISTS (
                SELECT 1 FROM cv.cvs c WHERE c.id = cv_id AND c.discoverable_since IS NOT NULL))',
            t || '_discoverable', t);
    END LOOP;
END
$$;
