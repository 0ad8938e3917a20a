-- The CV context: uploaded CVs (each upload is a new version; one is primary), their parsing
-- state and, later, their sections, skills and vectors. A person sees only their own CVs;
-- workers (role 'system') parse them.
CREATE SCHEMA cv;
GRANT USAGE ON SCHEMA cv TO entrevistador_app;

CREATE TABLE cv.cvs (
    id                uuid PRIMARY KEY,
    user_id           uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    version           integer NOT NULL CHECK (version > 0),
    is_primary        boolean NOT NULL DEFAULT false,
    original_filename text NOT NULL CHECK (length(original_filename) BETWEEN 1 AND 255),
    file_size_bytes   bigint NOT NULL CHECK (file_size_bytes > 0),
    mime_type         text NOT NULL CHECK (mime_type IN (
                          'application/pdf',
                          'application/vnd.openxmlformats-officedocument.wordprocessingml.document')),
    sha256            text NOT NULL,
    -- Where the encrypted original is (the object key); the key id travels with the object.
    storage_key       text NOT NULL,
    language_hint     text CHECK (language_hint IN ('es', 'en')),
    parsing_status    text NOT NULL DEFAULT 'pending'
                          CHECK (parsing_status IN ('pending', 'processing', 'parsed', 'failed')),
    parsing_error     text,
    parsed_data       jsonb,
    -- The person's corrections of parsed fields; they win over the parser and survive a reparse.
    corrections       jsonb NOT NULL DEFAULT '{}',
    idempotency_key   text CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    parsed_at         timestamptz,
    UNIQUE (user_id, version)
);
CREATE UNIQUE INDEX cvs_one_primary ON cv.cvs (user_id) WHERE is_primary;
CREATE UNIQUE INDEX cvs_idempotency_key ON cv.cvs (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX cvs_user_idx ON cv.cvs (user_id, created_at DESC, id DESC);

ALTER TABLE cv.cvs ENABLE ROW LEVEL SECURITY;
ALTER TABLE cv.cvs FORCE ROW LEVEL SECURITY;
CREATE POLICY cvs_owner ON cv.cvs TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
CREATE POLICY cvs_workers ON cv.cvs TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY owner_all ON cv.cvs TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, DELETE ON cv.cvs TO entrevistador_app;
GRANT UPDATE (is_primary, parsing_status, parsing_error, parsed_data, corrections, updated_at, parsed_at)
    ON cv.cvs TO entrevistador_app;
