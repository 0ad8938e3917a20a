-- The hiring context: companies' applications and their pipelines. A person applies to a
-- company's posting with one of their CVs (shared with that company only, see cv.shares); the
-- company moves the application through the job's stages, rates, tags, assigns and notes it.
-- Applications are partitioned by month of `applied_at` (the time in the id, a UUID v7), so a
-- company's recent pipeline reads recent partitions and old months can be archived whole.
CREATE SCHEMA hiring;
GRANT USAGE ON SCHEMA hiring TO entrevistador_app;

-- A company's hiring rules: blind review hides who a candidate is until a stage.
CREATE TABLE hiring.settings (
    tenant_id    uuid PRIMARY KEY REFERENCES identity.tenants (id) ON DELETE CASCADE,
    blind_review boolean NOT NULL DEFAULT false,
    reveal_stage text NOT NULL DEFAULT 'interview' CHECK (reveal_stage ~ '^[a-z][a-z0-9_]{0,39}$'),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- A job's stages in order ([{key, name}]); `applied` first and `hired` last always.
CREATE TABLE hiring.pipelines (
    job_id     uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    stages     jsonb NOT NULL CHECK (jsonb_typeof(stages) = 'array'),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pipelines_tenant_idx ON hiring.pipelines (tenant_id);

CREATE TABLE hiring.applications (
    id                 uuid NOT NULL,
    applied_at         timestamptz NOT NULL,
    tenant_id          uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    job_id             uuid NOT NULL,
    -- The posting's title when they applied (the candidate's list shows it).
    job_title          text NOT NULL CHECK (length(job_title) <= 200),
    -- The applicant's account (people who applied on the platform).
    user_id            uuid REFERENCES identity.users (id) ON DELETE CASCADE,
    cv_id              uuid,
    -- Who applied, as the CV (or the account) said when they did: for lists and search.
    candidate_name     text CHECK (length(candidate_name) <= 200),
    candidate_email    text CHECK (length(candidate_email) <= 320),
    candidate_phone    text CHECK (length(candidate_phone) <= 40),
    headline           text CHECK (length(headline) <= 200),
    cover_letter       text CHECK (length(cover_letter) <= 10000),
    answers            jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(answers) = 'array'),
    source             text NOT NULL DEFAULT 'platform' CHECK (source IN ('platform')),
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'hired', 'rejected', 'withdrawn')),
    stage              text NOT NULL,
    -- The screening at submit: the match score (0..1) and its evidence.
    score              real NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 1),
    screening          jsonb,
    rating             smallint CHECK (rating BETWEEN 1 AND 5),
    assigned_recruiter uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    tags               text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
    rejection_reason   text CHECK (rejection_reason IN (
                           'not_qualified', 'experience', 'skills', 'salary', 'location', 'position_filled',
                           'culture_fit', 'no_response', 'other')),
    rejection_note     text CHECK (length(rejection_note) <= 2000),
    -- Folded text the company's search looks in: who the candidate is (hidden by blind review)
    -- apart from what they do (headline, skills).
    search_identity    text NOT NULL DEFAULT '',
    search_work        text NOT NULL DEFAULT '',
    updated_at         timestamptz NOT NULL,
    closed_at          timestamptz,
    PRIMARY KEY (id, applied_at),
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
) PARTITION BY RANGE (applied_at);
CREATE INDEX applications_job_idx ON hiring.applications (job_id, applied_at DESC);
CREATE INDEX applications_job_score_idx ON hiring.applications (job_id, score DESC, id DESC);
CREATE INDEX applications_tags_idx ON hiring.applications USING gin (tags);
CREATE INDEX applications_user_idx ON hiring.applications (user_id, applied_at DESC) WHERE user_id IS NOT NULL;
CREATE INDEX applications_tenant_idx ON hiring.applications (tenant_id, applied_at DESC);
CREATE INDEX applications_cv_idx ON hiring.applications (cv_id) WHERE cv_id IS NOT NULL;

-- One application per (job, person) until it is withdrawn: the partitioned table cannot hold a
-- unique index without the month, so the claim lives here.
CREATE TABLE hiring.candidacies (
    job_id         uuid NOT NULL,
    user_id        uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    tenant_id      uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    application_id uuid NOT NULL,
    applied_at     timestamptz NOT NULL,
    PRIMARY KEY (job_id, user_id),
    FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications (id, applied_at) ON DELETE CASCADE
);

-- A retried submit (same Idempotency-Key) answers the application it made.
CREATE TABLE hiring.submissions (
    user_id         uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    application_id  uuid NOT NULL,
    applied_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, idempotency_key),
    FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications (id, applied_at) ON DELETE CASCADE
);

-- Every move of an application: from which stage to which, who made it (never shown to the
-- candidate) and why.
CREATE TABLE hiring.stage_changes (
    id             uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    applied_at     timestamptz NOT NULL,
    tenant_id      uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    user_id        uuid REFERENCES identity.users (id) ON DELETE CASCADE,
    from_stage     text,
    to_stage       text NOT NULL,
    status         text NOT NULL CHECK (status IN ('active', 'hired', 'rejected', 'withdrawn')),
    actor_id       uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    reason         text CHECK (length(reason) <= 2000),
    changed_at     timestamptz NOT NULL,
    FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications (id, applied_at) ON DELETE CASCADE
);
CREATE INDEX stage_changes_application_idx ON hiring.stage_changes (application_id, changed_at);

-- Recruiters' notes: the company's only, never the candidate's.
CREATE TABLE hiring.notes (
    id             uuid PRIMARY KEY,
    application_id uuid NOT NULL,
    applied_at     timestamptz NOT NULL,
    tenant_id      uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    author_id      uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    body           text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at     timestamptz NOT NULL,
    FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications (id, applied_at) ON DELETE CASCADE
);
CREATE INDEX notes_application_idx ON hiring.notes (application_id, created_at);

-- What the company writes to candidates when they move (or are rejected), per locale; the
-- built-in texts answer where a company wrote none.
CREATE TABLE hiring.message_templates (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- The stage whose arrival sends it ('rejected' for rejections); null: sent only when chosen.
    stage      text CHECK (stage ~ '^[a-z][a-z0-9_]{0,39}$'),
    locale     text NOT NULL CHECK (locale IN ('es', 'en')),
    subject    text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (tenant_id, name, locale)
);
CREATE UNIQUE INDEX message_templates_stage ON hiring.message_templates (tenant_id, stage, locale) WHERE stage IS NOT NULL;

-- Row-level security: a company sees its own rows; a person sees their applications and their
-- stage history; workers (role 'system') see everything.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['settings', 'pipelines', 'applications', 'candidacies', 'stage_changes', 'notes',
                             'message_templates'] LOOP
        EXECUTE format('ALTER TABLE hiring.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE hiring.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON hiring.%I TO entrevistador_app
            USING (tenant_id = app.tenant_id()) WITH CHECK (tenant_id = app.tenant_id())', t || '_tenant', t);
        EXECUTE format('CREATE POLICY %I ON hiring.%I TO entrevistador_app
            USING (app.role() = ''system'') WITH CHECK (app.role() = ''system'')', t || '_workers', t);
        EXECUTE format('CREATE POLICY owner_all ON hiring.%I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['applications', 'candidacies', 'stage_changes'] LOOP
        EXECUTE format('CREATE POLICY %I ON hiring.%I TO entrevistador_app
            USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id())', t || '_candidate', t);
    END LOOP;
END
$$;
ALTER TABLE hiring.submissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE hiring.submissions FORCE ROW LEVEL SECURITY;
CREATE POLICY submissions_candidate ON hiring.submissions TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
CREATE POLICY owner_all ON hiring.submissions TO CURRENT_USER USING (true) WITH CHECK (true);

GRANT SELECT, INSERT, UPDATE ON hiring.settings, hiring.pipelines TO entrevistador_app;
GRANT SELECT, INSERT ON hiring.applications, hiring.submissions, hiring.stage_changes, hiring.notes
    TO entrevistador_app;
GRANT UPDATE (status, stage, rating, assigned_recruiter, tags, rejection_reason, rejection_note, updated_at,
              closed_at) ON hiring.applications TO entrevistador_app;
GRANT SELECT, INSERT, DELETE ON hiring.candidacies TO entrevistador_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON hiring.message_templates TO entrevistador_app;

-- Monthly partitions from `from_month` to `ahead` months after the current one; created by the
-- owner (this function's), so the application role may ask for them without owning tables.
CREATE FUNCTION hiring.ensure_application_partitions(from_month date, ahead integer)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    month date := date_trunc('month', from_month)::date;
    last_month date := (date_trunc('month', now()) + make_interval(months => ahead))::date;
    created integer := 0;
    name text;
BEGIN
    WHILE month <= last_month LOOP
        name := 'applications_' || to_char(month, 'YYYY_MM');
        IF to_regclass('hiring.' || name) IS NULL THEN
            EXECUTE format('CREATE TABLE hiring.%I PARTITION OF hiring.applications FOR VALUES FROM (%L) TO (%L)',
                name, month, (month + interval '1 month')::date);
            created := created + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN created;
END
$$;
REVOKE ALL ON FUNCTION hiring.ensure_application_partitions(date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hiring.ensure_application_partitions(date, integer) TO entrevistador_app;
SELECT hiring.ensure_application_partitions(date_trunc('month', now())::date, 3);
