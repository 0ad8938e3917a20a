-- Rollups and views over `analytics.events`, for tenant dashboards and the data team. Views read
-- with the reader's rights (security_invoker), so row-level security still shows a company only
-- its own events; the data team's policy shows it all of them.

-- Events counted per hour and per day, for everyone (`scope` 'all', no tenant) and per company
-- (`scope` 'tenant'). `actors`: distinct pseudonymous people. Kept up to date by the
-- `analytics.rollup` job, which recomputes the recent buckets (late events included).
CREATE TABLE analytics.metrics (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    granularity  text NOT NULL CHECK (granularity IN ('hour', 'day')),
    bucket_start timestamptz NOT NULL,
    scope        text NOT NULL CHECK (scope IN ('all', 'tenant')),
    tenant_id    uuid,
    name         text NOT NULL,
    events       bigint NOT NULL,
    actors       bigint NOT NULL,
    computed_at  timestamptz NOT NULL,
    CHECK ((scope = 'tenant') = (tenant_id IS NOT NULL)),
    UNIQUE NULLS NOT DISTINCT (granularity, bucket_start, scope, tenant_id, name)
);
CREATE INDEX metrics_tenant ON analytics.metrics (tenant_id, granularity, bucket_start) WHERE tenant_id IS NOT NULL;

ALTER TABLE analytics.metrics ENABLE ROW LEVEL SECURITY;
ALTER TABLE analytics.metrics FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON analytics.metrics TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY metrics_workers ON analytics.metrics TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY metrics_tenant ON analytics.metrics FOR SELECT TO entrevistador_app USING (tenant_id = app.tenant_id());
CREATE POLICY metrics_data_team ON analytics.metrics FOR SELECT TO entrevistador_analytics USING (true);
GRANT SELECT, INSERT, UPDATE ON analytics.metrics TO entrevistador_app;

-- Each application's journey through a company's pipeline, from hiring's events: when it was
-- submitted and from where, the stage it is at, and when it ended (hired, rejected, withdrawn).
CREATE VIEW analytics.application_journeys WITH (security_invoker = true) AS
    SELECT tenant_id,
           (properties ->> 'application_id')::uuid AS application_id,
           (min(properties ->> 'job_id'))::uuid AS job_id,
           coalesce(min(occurred_at) FILTER (WHERE name = 'hiring.application_submitted'),
                    min((properties ->> 'applied_at')::timestamptz)) AS submitted_at,
           coalesce(min(properties ->> 'source') FILTER (WHERE name = 'hiring.application_submitted'),
                    'unknown') AS source,
           (array_agg(coalesce(properties ->> 'to', properties ->> 'stage') ORDER BY occurred_at DESC))[1]
               AS current_stage,
           coalesce((array_agg(properties ->> 'status' ORDER BY occurred_at DESC)
                        FILTER (WHERE name = 'hiring.stage_changed'))[1], 'active') AS current_status,
           min(occurred_at) FILTER (WHERE name = 'hiring.stage_changed' AND properties ->> 'status' = 'hired')
               AS hired_at,
           array_agg(DISTINCT coalesce(properties ->> 'to', properties ->> 'stage')) AS stages_reached
    FROM analytics.events
    WHERE name IN ('hiring.application_submitted', 'hiring.stage_changed') AND tenant_id IS NOT NULL
    GROUP BY tenant_id, (properties ->> 'application_id')::uuid;

-- Every stay of an application in a stage: entered with a move (or the submission), left with
-- the next move (open while it is still there).
CREATE VIEW analytics.stage_stays WITH (security_invoker = true) AS
    SELECT tenant_id, application_id, job_id, stage, entered_at,
           lead(entered_at) OVER (PARTITION BY tenant_id, application_id ORDER BY entered_at) AS left_at
    FROM (
        SELECT tenant_id, (properties ->> 'application_id')::uuid AS application_id,
               (properties ->> 'job_id')::uuid AS job_id,
               CASE WHEN name = 'hiring.application_submitted' THEN properties ->> 'stage' ELSE properties ->> 'to' END
                   AS stage,
               occurred_at AS entered_at
        FROM analytics.events
        WHERE name IN ('hiring.application_submitted', 'hiring.stage_changed') AND tenant_id IS NOT NULL
    ) moves;

-- Per posting: when it was first published and when its first hire came (time to fill).
CREATE VIEW analytics.job_fills WITH (security_invoker = true) AS
    SELECT p.tenant_id, p.job_id, p.published_at, h.first_hire_at
    FROM (
        SELECT tenant_id, (properties ->> 'job_id')::uuid AS job_id, min(occurred_at) AS published_at
        FROM analytics.events
        WHERE name = 'matching.job_status_changed' AND properties ->> 'status' = 'active' AND tenant_id IS NOT NULL
        GROUP BY 1, 2
    ) p
    LEFT JOIN (
        SELECT tenant_id, job_id, min(hired_at) AS first_hire_at
        FROM analytics.application_journeys WHERE hired_at IS NOT NULL GROUP BY 1, 2
    ) h USING (tenant_id, job_id);

-- Interview scores over time, per week and type.
CREATE VIEW analytics.interview_score_trends WITH (security_invoker = true) AS
    SELECT date_trunc('week', occurred_at, 'UTC') AS week, properties ->> 'interview_type' AS interview_type,
           count(*) AS interviews, count(DISTINCT actor_key) AS people,
           round(avg((properties ->> 'overall_score')::numeric), 1) AS average_score
    FROM analytics.events
    WHERE name = 'interview.completed'
    GROUP BY 1, 2;

-- Daily, weekly and monthly active people (pseudonymous) for the last 90 UTC days; refreshed by
-- the `analytics.rollup` job.
CREATE MATERIALIZED VIEW analytics.active_users AS
    WITH days AS (
        SELECT generate_series(date_trunc('day', now() - interval '89 days', 'UTC'), date_trunc('day', now(), 'UTC'),
                               interval '1 day') AS day
    ), daily AS (
        SELECT date_trunc('day', occurred_at, 'UTC') AS day, actor_key
        FROM analytics.events
        WHERE actor_key IS NOT NULL AND occurred_at >= date_trunc('day', now() - interval '119 days', 'UTC')
        GROUP BY 1, 2
    )
    SELECT (d.day AT TIME ZONE 'UTC')::date AS day,
           (SELECT count(DISTINCT actor_key) FROM daily WHERE daily.day = d.day) AS dau,
           (SELECT count(DISTINCT actor_key) FROM daily WHERE daily.day > d.day - interval '7 days' AND daily.day <= d.day) AS wau,
           (SELECT count(DISTINCT actor_key) FROM daily WHERE daily.day > d.day - interval '30 days' AND daily.day <= d.day) AS mau
    FROM days d;
CREATE UNIQUE INDEX active_users_day ON analytics.active_users (day);

-- Searches of the job board that found nothing, by folded term, over the last 30 days.
CREATE MATERIALIZED VIEW analytics.search_terms_without_results AS
    SELECT lower(btrim(properties ->> 'query')) AS term, count(*) AS searches, max(occurred_at) AS last_searched_at
    FROM analytics.events
    WHERE name = 'matching.searched' AND (properties ->> 'total')::bigint = 0
      AND coalesce(btrim(properties ->> 'query'), '') <> '' AND occurred_at >= now() - interval '30 days'
    GROUP BY 1;
CREATE UNIQUE INDEX search_terms_without_results_term ON analytics.search_terms_without_results (term);

-- The materialised views are refreshed (concurrently: readers never wait) by the owner's rights.
CREATE FUNCTION analytics.refresh_views() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.active_users;
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.search_terms_without_results;
END
$$;
REVOKE ALL ON FUNCTION analytics.refresh_views() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics.refresh_views() TO entrevistador_app;

GRANT SELECT ON analytics.application_journeys, analytics.stage_stays, analytics.job_fills,
    analytics.interview_score_trends TO entrevistador_app;
