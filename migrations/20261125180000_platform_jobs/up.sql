-- The durable job queue (outbox): jobs are rows written in the same transaction as the change that
-- needs them, claimed by workers with FOR UPDATE SKIP LOCKED, retried with back-off, and kept as
-- `dead` with their last error when they run out of attempts.
CREATE SCHEMA platform;
GRANT USAGE ON SCHEMA platform TO entrevistador_app;

CREATE TABLE platform.jobs (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.-]{0,63}$'),
    payload      jsonb NOT NULL DEFAULT '{}',
    -- Higher runs first: premium users' work before the rest, bulk re-processing last.
    priority     smallint NOT NULL DEFAULT 0,
    status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts     integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL CHECK (max_attempts > 0),
    run_at       timestamptz NOT NULL DEFAULT now(),
    -- A running job whose lock expires (its worker died or hung) is queued again.
    locked_until timestamptz,
    locked_by    text,
    last_error   text,
    -- Enqueueing twice with the same (kind, dedup_key) adds one job: scheduled runs per period,
    -- and work that must happen once per subject.
    dedup_key    text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX jobs_ready_idx ON platform.jobs (priority DESC, run_at) WHERE status = 'queued';
CREATE INDEX jobs_running_idx ON platform.jobs (locked_until) WHERE status = 'running';
CREATE UNIQUE INDEX jobs_dedup_key ON platform.jobs (kind, dedup_key) WHERE dedup_key IS NOT NULL;

-- Only workers, which act with the role 'system', read and change jobs. Any request may add one
-- (inside its own transaction) through platform.enqueue_job, which can neither read nor change
-- the others.
ALTER TABLE platform.jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE platform.jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY workers ON platform.jobs FOR ALL TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY owner_all ON platform.jobs TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON platform.jobs TO entrevistador_app;

-- Adds a queued job; false when (kind, dedup_key) was used before. SECURITY DEFINER because
-- ON CONFLICT needs to see the conflicting row, which row-level security hides from requests.
CREATE FUNCTION platform.enqueue_job(
    p_id uuid, p_kind text, p_payload jsonb, p_priority smallint, p_max_attempts integer,
    p_run_at timestamptz, p_dedup_key text)
    RETURNS boolean
    LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
    WITH inserted AS (
        INSERT INTO platform.jobs (id, kind, payload, priority, max_attempts, run_at, dedup_key)
        VALUES (p_id, p_kind, p_payload, p_priority, p_max_attempts, coalesce(p_run_at, now()), p_dedup_key)
        ON CONFLICT (kind, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted)
    $$;
REVOKE ALL ON FUNCTION platform.enqueue_job(uuid, text, jsonb, smallint, integer, timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.enqueue_job(uuid, text, jsonb, smallint, integer, timestamptz, text)
    TO entrevistador_app;
