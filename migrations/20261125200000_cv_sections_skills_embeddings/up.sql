-- What a parsed CV is made of, as rows other contexts can query: its sections in reading order,
-- its canonical skills (the parser's, or the person's corrections) and its vectors. All three are
-- rewritten whenever the CV is parsed again or corrected, so they always match what GET shows.
-- Each row carries its CV owner's id so the same owner-only policy as cv.cvs needs no join.

CREATE TABLE cv.cv_sections (
    id         uuid PRIMARY KEY,
    cv_id      uuid NOT NULL REFERENCES cv.cvs (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    position   integer NOT NULL CHECK (position >= 0),
    kind       text NOT NULL CHECK (kind IN ('profile', 'experience', 'education', 'skills', 'languages',
                   'certifications', 'courses', 'projects', 'achievements', 'volunteering', 'references',
                   'contact', 'interests')),
    heading    text NOT NULL,
    content    text NOT NULL,
    UNIQUE (cv_id, position)
);
CREATE INDEX cv_sections_user_idx ON cv.cv_sections (user_id);

CREATE TABLE cv.skills (
    cv_id       uuid NOT NULL REFERENCES cv.cvs (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    -- The taxonomy's id (crates/cv/data/skills.tsv), or `custom:<folded name>` for a skill the
    -- person added that the taxonomy does not know.
    skill_id    text NOT NULL CHECK (length(skill_id) BETWEEN 1 AND 200),
    name        text NOT NULL,
    category    text NOT NULL,
    -- listed: in a skills section; text: mentioned in experience or summary; user: a correction.
    source      text NOT NULL CHECK (source IN ('listed', 'text', 'user')),
    years       real CHECK (years >= 0),
    proficiency text CHECK (proficiency IN ('basic', 'intermediate', 'advanced', 'expert')),
    confidence  real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    PRIMARY KEY (cv_id, skill_id)
);
-- Candidates with a skill (matching and the ATS search by it).
CREATE INDEX skills_skill_idx ON cv.skills (skill_id);
CREATE INDEX skills_user_idx ON cv.skills (user_id);

-- One vector for the whole CV (section_kind NULL) and one per section. The column has no fixed
-- dimension so a model change needs no migration: each row records its model and dimension, and
-- the HNSW index is a partial expression index per dimension (pgvector indexes need one), made for
-- the default model here and for another dimension by `entrevistador reembed`. Queries filter on
-- `dimensions = N` and compare `embedding::vector(N)` so the planner can use it.
CREATE TABLE cv.cv_embeddings (
    id             uuid PRIMARY KEY,
    cv_id          uuid NOT NULL REFERENCES cv.cvs (id) ON DELETE CASCADE,
    user_id        uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    section_id     uuid REFERENCES cv.cv_sections (id) ON DELETE CASCADE,
    section_kind   text,
    model          text NOT NULL,
    dimensions     integer NOT NULL CHECK (dimensions BETWEEN 1 AND 2000),
    embedding      vector NOT NULL CHECK (vector_dims(embedding) = dimensions),
    -- The text that was embedded, hashed: an unchanged text under the same model is not re-sent.
    content_sha256 text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((section_id IS NULL) = (section_kind IS NULL))
);
CREATE UNIQUE INDEX cv_embeddings_whole ON cv.cv_embeddings (cv_id, model) WHERE section_id IS NULL;
CREATE UNIQUE INDEX cv_embeddings_section ON cv.cv_embeddings (section_id, model) WHERE section_id IS NOT NULL;
CREATE INDEX cv_embeddings_user_idx ON cv.cv_embeddings (user_id);
CREATE INDEX cv_embeddings_hnsw_384 ON cv.cv_embeddings
    USING hnsw ((embedding::vector(384)) vector_cosine_ops) WHERE dimensions = 384;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['cv_sections', 'skills', 'cv_embeddings'] LOOP
        EXECUTE format('ALTER TABLE cv.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE cv.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON cv.%I TO entrevistador_app
            USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id())', t || '_owner', t);
        EXECUTE format('CREATE POLICY %I ON cv.%I TO entrevistador_app
            USING (app.role() = ''system'') WITH CHECK (app.role() = ''system'')', t || '_workers', t);
        EXECUTE format('CREATE POLICY owner_all ON cv.%I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
        EXECUTE format('GRANT SELECT, INSERT, DELETE ON cv.%I TO entrevistador_app', t);
    END LOOP;
END
$$;
