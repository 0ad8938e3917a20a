-- The jobs recommended for each CV, with their scores and reasons as last computed, and what the
-- person did with them: saved, dismissed (never recommended again for that CV), rated.
CREATE TABLE matching.matches (
    id                uuid PRIMARY KEY,
    -- The CV (cv context): its matches go when the cv.deleted event arrives.
    cv_id             uuid NOT NULL,
    user_id           uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    job_id            uuid NOT NULL REFERENCES matching.job_postings (id) ON DELETE CASCADE,
    overall_score     real NOT NULL CHECK (overall_score BETWEEN 0 AND 1),
    semantic_score    real NOT NULL CHECK (semantic_score BETWEEN 0 AND 1),
    skill_match_score real NOT NULL CHECK (skill_match_score BETWEEN 0 AND 1),
    experience_score  real NOT NULL CHECK (experience_score BETWEEN 0 AND 1),
    -- matching and missing skills, evidence, explanation, suggestions.
    details           jsonb NOT NULL,
    -- The scorer and its version (matching::domain::scoring::SCORER).
    scorer            text NOT NULL,
    status            text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'saved', 'dismissed')),
    rating            smallint CHECK (rating BETWEEN 1 AND 5),
    computed_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    UNIQUE (cv_id, job_id)
);
CREATE INDEX matches_user_idx ON matching.matches (user_id, status, updated_at DESC);
CREATE INDEX matches_job_idx ON matching.matches (job_id);

ALTER TABLE matching.matches ENABLE ROW LEVEL SECURITY;
ALTER TABLE matching.matches FORCE ROW LEVEL SECURITY;
CREATE POLICY matches_owner ON matching.matches TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
CREATE POLICY matches_workers ON matching.matches TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY owner_all ON matching.matches TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON matching.matches TO entrevistador_app;
