-- A CV version shared with one company (when its owner applies to that company's job): the
-- company's members read that CV, its sections and skills, and download its file, while the share
-- stands; the owner's other CVs stay private. Withdrawing the application or deleting the account
-- ends the share.
CREATE TABLE cv.shares (
    cv_id      uuid NOT NULL REFERENCES cv.cvs (id) ON DELETE CASCADE,
    tenant_id  uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    -- What the share is for (an application's id), so ending one application ends only its share.
    purpose_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (cv_id, tenant_id, purpose_id)
);
CREATE INDEX shares_user_idx ON cv.shares (user_id);
CREATE INDEX shares_tenant_idx ON cv.shares (tenant_id, cv_id);
ALTER TABLE cv.shares ENABLE ROW LEVEL SECURITY;
ALTER TABLE cv.shares FORCE ROW LEVEL SECURITY;
CREATE POLICY shares_owner ON cv.shares TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
CREATE POLICY shares_company ON cv.shares FOR SELECT TO entrevistador_app
    USING (tenant_id = app.tenant_id());
CREATE POLICY shares_workers ON cv.shares TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY owner_all ON cv.shares TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, DELETE ON cv.shares TO entrevistador_app;

-- Read-only for the company the CV is shared with (the share's tenant only).
CREATE POLICY cvs_shared ON cv.cvs FOR SELECT TO entrevistador_app
    USING (app.tenant_id() IS NOT NULL AND EXISTS (
        SELECT 1 FROM cv.shares s WHERE s.cv_id = cvs.id AND s.tenant_id = app.tenant_id()));
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['cv_sections', 'skills'] LOOP
        EXECUTE format('CREATE POLICY %I ON cv.%I FOR SELECT TO entrevistador_app
            USING (app.tenant_id() IS NOT NULL AND EXISTS (
                SELECT 1 FROM cv.shares s WHERE s.cv_id = %I.cv_id AND s.tenant_id = app.tenant_id()))',
            t || '_shared', t, t);
    END LOOP;
END
$$;
