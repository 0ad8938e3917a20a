-- Roles are cluster-wide, so they are created only when missing: every database of the cluster
-- (one per test, cloned from a template) shares them.
--   entrevistador_app        the application connects as this role: owns nothing, NOBYPASSRLS;
--                            `entrevistador migrate` sets its password from APP_DATABASE_PASSWORD.
--   entrevistador_analytics  the data team's read-only role on the `analytics` schema; grant it
--                            to each analyst's own login role.
-- The role running migrations (DATABASE_URL) owns every object and needs CREATEROLE.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'entrevistador_app') THEN
        CREATE ROLE entrevistador_app LOGIN NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'entrevistador_analytics') THEN
        CREATE ROLE entrevistador_analytics NOLOGIN NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

-- The owner may act as the application role (`SET ROLE entrevistador_app` shows exactly what the
-- application sees) and end its connections (DROP DATABASE ... WITH (FORCE) in tests).
GRANT entrevistador_app TO CURRENT_USER;

CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Request context: set per transaction by the kernel's scoped-transaction helper with
-- set_config(..., true). Policies call these small STABLE functions.
CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO entrevistador_app;

CREATE FUNCTION app.tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

CREATE FUNCTION app.user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION app.role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.role', true), '') $$;

-- The analytics context fills this schema; the data team reads all of it and nothing else.
CREATE SCHEMA analytics;
GRANT USAGE ON SCHEMA analytics TO entrevistador_app, entrevistador_analytics;
ALTER DEFAULT PRIVILEGES IN SCHEMA analytics GRANT SELECT ON TABLES TO entrevistador_analytics;
