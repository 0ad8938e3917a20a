-- The matching context, part one: job postings. A company's recruiters write them (draft), publish
-- them (active, visible to everyone until they expire) and close them (filled or removed);
-- partners' postings arrive by import with their (source, external_id). What the CV parser's
-- rules read in a posting (canonical skills, title, seniority) is stored beside it, and its vector
-- in matching.job_embeddings.
CREATE SCHEMA matching;
GRANT USAGE ON SCHEMA matching TO entrevistador_app;

CREATE TABLE matching.job_postings (
    id               uuid PRIMARY KEY,
    -- NULL for postings imported from partners that are not a tenant here.
    tenant_id        uuid REFERENCES identity.tenants (id) ON DELETE CASCADE,
    created_by       uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    source           text NOT NULL DEFAULT 'direct' CHECK (source ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'),
    external_id      text CHECK (length(external_id) BETWEEN 1 AND 200),
    status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'closed', 'expired')),
    close_reason     text CHECK (close_reason IN ('filled', 'removed')),
    title            text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description      text NOT NULL CHECK (length(description) BETWEEN 1 AND 20000),
    -- [{text, kind: must|nice, years}]
    requirements     jsonb NOT NULL DEFAULT '[]',
    benefits         jsonb NOT NULL DEFAULT '[]',
    industry         text,
    job_function     text,
    seniority_level  text CHECK (seniority_level IN ('intern', 'junior', 'mid', 'senior', 'lead', 'executive')),
    employment_type  text NOT NULL CHECK (employment_type IN ('full-time', 'part-time', 'contract', 'internship', 'freelance')),
    location_city    text,
    location_country text NOT NULL DEFAULT 'PE' CHECK (location_country ~ '^[A-Z]{2}$'),
    remote_policy    text NOT NULL CHECK (remote_policy IN ('onsite', 'hybrid', 'remote')),
    salary_min       numeric(12, 2) CHECK (salary_min >= 0),
    salary_max       numeric(12, 2) CHECK (salary_max >= 0),
    salary_currency  text NOT NULL DEFAULT 'PEN' CHECK (salary_currency ~ '^[A-Z]{3}$'),
    salary_period    text NOT NULL DEFAULT 'month' CHECK (salary_period IN ('hour', 'month', 'year')),
    language         text NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en')),
    -- What the parser's rules read: {skills: [{id, name, category, kind, years}], normalized_title, seniority}.
    analysis         jsonb NOT NULL DEFAULT '{}',
    expires_at       timestamptz,
    published_at     timestamptz,
    closed_at        timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max),
    CHECK ((status = 'closed') = (close_reason IS NOT NULL)),
    CHECK (status IN ('draft', 'closed') OR published_at IS NOT NULL)
);
CREATE UNIQUE INDEX job_postings_external ON matching.job_postings (source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX job_postings_tenant_idx ON matching.job_postings (tenant_id, created_at DESC, id DESC);
CREATE INDEX job_postings_active_idx ON matching.job_postings (published_at DESC, id DESC) WHERE status = 'active';
CREATE INDEX job_postings_expiry_idx ON matching.job_postings (expires_at) WHERE status = 'active';

ALTER TABLE matching.job_postings ENABLE ROW LEVEL SECURITY;
ALTER TABLE matching.job_postings FORCE ROW LEVEL SECURITY;
-- A company's members see and change their company's postings (the service checks the role).
CREATE POLICY job_postings_tenant ON matching.job_postings TO entrevistador_app
    USING (tenant_id = app.tenant_id()) WITH CHECK (tenant_id = app.tenant_id());
-- Everyone reads what is published and not expired.
CREATE POLICY job_postings_public_read ON matching.job_postings FOR SELECT TO entrevistador_app
    USING (status = 'active' AND (expires_at IS NULL OR expires_at > now()));
CREATE POLICY job_postings_workers ON matching.job_postings TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY owner_all ON matching.job_postings TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON matching.job_postings TO entrevistador_app;

-- One vector per posting and model; the same per-dimension HNSW scheme as cv.cv_embeddings.
CREATE TABLE matching.job_embeddings (
    job_id         uuid NOT NULL REFERENCES matching.job_postings (id) ON DELETE CASCADE,
    tenant_id      uuid REFERENCES identity.tenants (id) ON DELETE CASCADE,
    model          text NOT NULL,
    dimensions     integer NOT NULL CHECK (dimensions BETWEEN 1 AND 2000),
    embedding      vector NOT NULL CHECK (vector_dims(embedding) = dimensions),
    content_sha256 text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, model)
);
CREATE INDEX job_embeddings_hnsw_384 ON matching.job_embeddings
    USING hnsw ((embedding::vector(384)) vector_cosine_ops) WHERE dimensions = 384;

ALTER TABLE matching.job_embeddings ENABLE ROW LEVEL SECURITY;
ALTER TABLE matching.job_embeddings FORCE ROW LEVEL SECURITY;
CREATE POLICY job_embeddings_tenant ON matching.job_embeddings TO entrevistador_app
    USING (tenant_id = app.tenant_id()) WITH CHECK (tenant_id = app.tenant_id());
-- A vector is visible exactly when its posting is (the posting's own policies decide).
CREATE POLICY job_embeddings_read ON matching.job_embeddings FOR SELECT TO entrevistador_app
    USING (EXISTS (SELECT 1 FROM matching.job_postings p WHERE p.id = job_id));
CREATE POLICY job_embeddings_workers ON matching.job_embeddings TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY owner_all ON matching.job_embeddings TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON matching.job_embeddings TO entrevistador_app;
