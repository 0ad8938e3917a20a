-- A company's own candidates: people who did not apply on the platform (a referral, a career
-- fair, an agency's shortlist) whom a recruiter adds by hand, one per email and one per phone in
-- each company. Their CV file is stored sealed by the CV context and read by the same parser as
-- an upload; what it found is kept here, the company's alone.
CREATE TABLE hiring.candidates (
    id              uuid PRIMARY KEY,
    tenant_id       uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    full_name       text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    -- Lower-cased; at least one of email and phone says who they are.
    email           text CHECK (length(email) <= 320),
    -- E.164 when the country is knowable, else the digits as written.
    phone           text CHECK (length(phone) <= 40),
    source          text NOT NULL CHECK (source IN (
                        'referral', 'linkedin', 'job_board', 'agency', 'career_fair', 'social_media', 'sourced',
                        'other')),
    headline        text CHECK (length(headline) <= 200),
    added_by        uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    -- The CV: none, waiting to be read, read (data, sections, vector) or unreadable (why).
    cv_status       text NOT NULL DEFAULT 'none' CHECK (cv_status IN ('none', 'pending', 'parsed', 'failed')),
    cv_storage_key  text,
    cv_filename     text CHECK (length(cv_filename) <= 255),
    cv_mime_type    text,
    cv_size_bytes   bigint,
    cv_error        text CHECK (length(cv_error) <= 2000),
    cv_data         jsonb,
    cv_sections     jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(cv_sections) = 'array'),
    cv_vector       real[],
    cv_model        text,
    cv_parsed_at    timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK (email IS NOT NULL OR phone IS NOT NULL),
    CHECK ((cv_status = 'none') = (cv_storage_key IS NULL))
);
CREATE UNIQUE INDEX candidates_email ON hiring.candidates (tenant_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX candidates_phone ON hiring.candidates (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX candidates_tenant_idx ON hiring.candidates (tenant_id, created_at DESC, id DESC);

-- Their applications: no account and no shared CV, the company's candidate instead; the source
-- of hire is where the candidate came from. Erasing the candidate erases their applications.
ALTER TABLE hiring.applications ADD COLUMN candidate_id uuid REFERENCES hiring.candidates (id) ON DELETE CASCADE;
ALTER TABLE hiring.applications ADD CONSTRAINT applications_one_candidate CHECK (user_id IS NULL OR candidate_id IS NULL);
ALTER TABLE hiring.applications DROP CONSTRAINT applications_source_check;
ALTER TABLE hiring.applications ADD CONSTRAINT applications_source_check CHECK (source IN (
    'platform', 'referral', 'linkedin', 'job_board', 'agency', 'career_fair', 'social_media', 'sourced', 'other'));
CREATE INDEX applications_candidate_idx ON hiring.applications (candidate_id) WHERE candidate_id IS NOT NULL;

-- One application per (job, company's candidate) until it closes, as `candidacies` for people.
CREATE TABLE hiring.external_candidacies (
    job_id         uuid NOT NULL,
    candidate_id   uuid NOT NULL REFERENCES hiring.candidates (id) ON DELETE CASCADE,
    tenant_id      uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    application_id uuid NOT NULL,
    applied_at     timestamptz NOT NULL,
    PRIMARY KEY (job_id, candidate_id),
    FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications (id, applied_at) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['candidates', 'external_candidacies'] LOOP
        EXECUTE format('ALTER TABLE hiring.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE hiring.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON hiring.%I TO entrevistador_app
            USING (tenant_id = app.tenant_id()) WITH CHECK (tenant_id = app.tenant_id())', t || '_tenant', t);
        EXECUTE format('CREATE POLICY %I ON hiring.%I TO entrevistador_app
            USING (app.role() = ''system'') WITH CHECK (app.role() = ''system'')', t || '_workers', t);
        EXECUTE format('CREATE POLICY owner_all ON hiring.%I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON hiring.candidates TO entrevistador_app;
GRANT SELECT, INSERT, DELETE ON hiring.external_candidacies TO entrevistador_app;
