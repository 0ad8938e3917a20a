-- The interview context: a person's mock interviews, the questions planned and asked (follow-ups
-- included), each answer with its feedback and how it was scored (scorer, rubric version and a
-- hash of what was scored, so any score can be reproduced and audited). Only the person reads
-- and writes their interviews; the `system` role expires stale ones and purges deleted accounts'.
CREATE SCHEMA interview;
GRANT USAGE ON SCHEMA interview TO entrevistador_app;

CREATE TABLE interview.interviews (
    id                      uuid PRIMARY KEY,
    user_id                 uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    interview_type          text NOT NULL CHECK (interview_type IN ('behavioral', 'technical', 'case_study', 'hr_screening', 'competency', 'mixed')),
    role_level              text NOT NULL CHECK (role_level IN ('intern', 'junior', 'mid', 'senior', 'lead', 'executive')),
    difficulty              text NOT NULL CHECK (difficulty IN ('easy', 'medium', 'hard', 'expert')),
    language                text NOT NULL CHECK (language IN ('es', 'en')),
    -- What it was tailored to, as it was then (the posting or CV may change or go).
    job_id                  uuid,
    job_title               text CHECK (length(job_title) <= 200),
    cv_id                   uuid,
    -- The job's skills, folded: answers that use them are told so.
    job_terms               text[] NOT NULL DEFAULT '{}',
    target_duration_minutes smallint NOT NULL CHECK (target_duration_minutes BETWEEN 5 AND 120),
    status                  text NOT NULL CHECK (status IN ('in_progress', 'completed', 'abandoned', 'expired')),
    -- The final scores ({overall, communication, content, structure, confidence}) and feedback
    -- items, once completed.
    overall_score           smallint CHECK (overall_score BETWEEN 0 AND 100),
    scores                  jsonb CHECK (jsonb_typeof(scores) = 'object'),
    feedback                jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(feedback) = 'array'),
    scorer                  text NOT NULL CHECK (length(scorer) <= 100),
    rubric_version          text NOT NULL CHECK (length(rubric_version) <= 100),
    created_at              timestamptz NOT NULL,
    last_activity_at        timestamptz NOT NULL,
    ended_at                timestamptz,
    CHECK ((status = 'in_progress') = (ended_at IS NULL)),
    CHECK ((status = 'completed') = (overall_score IS NOT NULL AND scores IS NOT NULL))
);
CREATE INDEX interviews_user_idx ON interview.interviews (user_id, created_at DESC, id DESC);
CREATE INDEX interviews_stale_idx ON interview.interviews (last_activity_at) WHERE status = 'in_progress';

-- The plan: questions in order; a follow-up comes right after the question it follows.
CREATE TABLE interview.questions (
    id              uuid PRIMARY KEY,
    interview_id    uuid NOT NULL REFERENCES interview.interviews (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    position        smallint NOT NULL CHECK (position >= 0),
    -- The question this one follows up on (at most one follow-up each).
    follows_up      uuid UNIQUE REFERENCES interview.questions (id) ON DELETE CASCADE,
    -- The bank question it comes from; none for a question written from the job or the CV.
    bank_id         text CHECK (length(bank_id) <= 40),
    -- Why it was asked: bank, job_requirement, cv_gap, cv_experience or follow_up.
    source          text NOT NULL CHECK (source IN ('bank', 'job_requirement', 'cv_gap', 'cv_experience', 'follow_up')),
    kind            text NOT NULL CHECK (kind IN ('behavioral', 'technical', 'case_study', 'hr_screening', 'competency')),
    text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    competencies    text[] NOT NULL DEFAULT '{}',
    expected_points jsonb NOT NULL CHECK (jsonb_typeof(expected_points) = 'array'),
    asked_at        timestamptz
);
-- A follow-up takes the position of the question it follows.
CREATE UNIQUE INDEX questions_plan ON interview.questions (interview_id, position) WHERE follows_up IS NULL;

CREATE TABLE interview.responses (
    id                        uuid PRIMARY KEY,
    question_id               uuid NOT NULL UNIQUE REFERENCES interview.questions (id) ON DELETE CASCADE,
    interview_id              uuid NOT NULL REFERENCES interview.interviews (id) ON DELETE CASCADE,
    user_id                   uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    response_text             text NOT NULL CHECK (length(response_text) BETWEEN 1 AND 10000),
    response_duration_seconds integer CHECK (response_duration_seconds BETWEEN 1 AND 3600),
    score                     smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
    feedback                  jsonb NOT NULL CHECK (jsonb_typeof(feedback) = 'object'),
    scorer                    text NOT NULL CHECK (length(scorer) <= 100),
    rubric_version            text NOT NULL CHECK (length(rubric_version) <= 100),
    input_hash                text NOT NULL CHECK (input_hash ~ '^[0-9a-f]{64}$'),
    created_at                timestamptz NOT NULL
);
CREATE INDEX responses_interview_idx ON interview.responses (interview_id, created_at);

-- Row-level security: a person reads and writes their own rows; workers (role 'system') expire
-- and erase.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['interviews', 'questions', 'responses'] LOOP
        EXECUTE format('ALTER TABLE interview.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE interview.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON interview.%I TO entrevistador_app
            USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id())', t || '_owner', t);
        EXECUTE format('CREATE POLICY %I ON interview.%I TO entrevistador_app
            USING (app.role() = ''system'') WITH CHECK (app.role() = ''system'')', t || '_system', t);
        EXECUTE format('CREATE POLICY owner_all ON interview.%I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
        EXECUTE format('GRANT SELECT, INSERT, DELETE ON interview.%I TO entrevistador_app', t);
    END LOOP;
END $$;
GRANT UPDATE (status, overall_score, scores, feedback, last_activity_at, ended_at) ON interview.interviews TO entrevistador_app;
GRANT UPDATE (asked_at) ON interview.questions TO entrevistador_app;
