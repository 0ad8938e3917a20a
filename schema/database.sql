--
-- PostgreSQL database dump
--


-- Dumped from database version 18.3
-- Dumped by pg_dump version 18.3

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: analytics; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA analytics;


--
-- Name: app; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA app;


--
-- Name: billing; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA billing;


--
-- Name: cv; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA cv;


--
-- Name: hiring; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA hiring;


--
-- Name: identity; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA identity;


--
-- Name: interview; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA interview;


--
-- Name: matching; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA matching;


--
-- Name: platform; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA platform;


--
-- Name: pg_trgm; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;


--
-- Name: EXTENSION pg_trgm; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';


--
-- Name: vector; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;


--
-- Name: EXTENSION vector; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION vector IS 'vector data type and ivfflat and hnsw access methods';


--
-- Name: append_audit(uuid, timestamp with time zone, text, text, uuid, uuid, uuid, text, jsonb, bytea); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.append_audit(p_id uuid, p_occurred_at timestamp with time zone, p_action text, p_outcome text, p_tenant_id uuid, p_actor_id uuid, p_subject_id uuid, p_ip text, p_details jsonb, p_nonce bytea) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    last_seq bigint;
    last_hash bytea;
    digest bytea;
    new_seq bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('analytics.audit_log', 0));
    SELECT seq, hash INTO last_seq, last_hash FROM analytics.audit_log ORDER BY seq DESC LIMIT 1;
    new_seq := coalesce(last_seq, 0) + 1;
    last_hash := coalesce(last_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    digest := sha256(p_nonce || convert_to(analytics.audit_personal_text(p_actor_id, p_subject_id, p_ip,
                                                                         coalesce(p_details, '{}')), 'UTF8'));
    INSERT INTO analytics.audit_log (seq, id, occurred_at, action, outcome, tenant_id, actor_id, subject_id, ip,
                                     details, nonce, personal_digest, prev_hash, hash)
    VALUES (new_seq, p_id, p_occurred_at, p_action, p_outcome, p_tenant_id, p_actor_id, p_subject_id, p_ip,
            coalesce(p_details, '{}'), p_nonce, digest, last_hash,
            sha256(last_hash || convert_to(analytics.audit_row_text(new_seq, p_id, p_occurred_at, p_action,
                                                                    p_outcome, p_tenant_id, digest), 'UTF8')));
    RETURN new_seq;
END
$$;


--
-- Name: audit_log_guard(); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.audit_log_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR current_setting('analytics.erasing', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.seq, NEW.id, NEW.occurred_at, NEW.action, NEW.outcome, NEW.tenant_id, NEW.personal_digest,
        NEW.prev_hash, NEW.hash)
       IS DISTINCT FROM (OLD.seq, OLD.id, OLD.occurred_at, OLD.action, OLD.outcome, OLD.tenant_id,
                         OLD.personal_digest, OLD.prev_hash, OLD.hash) THEN
        RAISE EXCEPTION 'an erasure may change only the personal columns' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;


--
-- Name: audit_personal_text(uuid, uuid, text, jsonb); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.audit_personal_text(actor_id uuid, subject_id uuid, ip text, details jsonb) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT concat_ws('|', coalesce(actor_id::text, ''), coalesce(subject_id::text, ''), coalesce(ip, ''),
                     details::text)
$$;


--
-- Name: audit_row_text(bigint, uuid, timestamp with time zone, text, text, uuid, bytea); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.audit_row_text(seq bigint, id uuid, occurred_at timestamp with time zone, action text, outcome text, tenant_id uuid, personal_digest bytea) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT concat_ws('|', seq::text, id::text, ((extract(epoch FROM occurred_at) * 1000000)::bigint)::text, action,
                     outcome, coalesce(tenant_id::text, ''), encode(personal_digest, 'hex'))
$$;


--
-- Name: drop_event_partition(date); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.drop_event_partition(month date) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    name text := 'events_' || to_char(month, 'YYYY_MM');
BEGIN
    IF month >= (date_trunc('month', now(), 'UTC') AT TIME ZONE 'UTC')::date THEN
        RAISE EXCEPTION 'the partition of % is still written to', to_char(month, 'YYYY-MM');
    END IF;
    IF to_regclass('analytics.' || name) IS NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('ALTER TABLE analytics.events DETACH PARTITION analytics.%I', name);
    EXECUTE format('DROP TABLE analytics.%I', name);
    RETURN true;
END
$$;


--
-- Name: ensure_event_partitions(date, integer); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.ensure_event_partitions(from_month date, ahead integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
DECLARE
    month date := date_trunc('month', from_month)::date;
    last_month date := ((date_trunc('month', now(), 'UTC') AT TIME ZONE 'UTC') + make_interval(months => ahead))::date;
    created integer := 0;
    name text;
BEGIN
    WHILE month <= last_month LOOP
        name := 'events_' || to_char(month, 'YYYY_MM');
        IF to_regclass('analytics.' || name) IS NULL THEN
            EXECUTE format('CREATE TABLE analytics.%I PARTITION OF analytics.events FOR VALUES FROM (%L) TO (%L)',
                name, month::timestamp AT TIME ZONE 'UTC', (month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
        month := (month + interval '1 month')::date;
    END LOOP;
    RETURN created;
END
$$;


--
-- Name: event_partition_months(); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.event_partition_months() RETURNS SETOF date
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
    SELECT to_date(substring(c.relname FROM 'events_(\d{4}_\d{2})$'), 'YYYY_MM')
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'analytics.events'::regclass
    ORDER BY 1
$_$;


--
-- Name: refresh_views(); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.refresh_views() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.active_users;
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics.search_terms_without_results;
END
$$;


--
-- Name: track(uuid, timestamp with time zone, text, uuid, uuid, jsonb); Type: FUNCTION; Schema: analytics; Owner: -
--

CREATE FUNCTION analytics.track(p_id uuid, p_occurred_at timestamp with time zone, p_name text, p_user_id uuid, p_tenant_id uuid, p_properties jsonb) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    INSERT INTO analytics.outbox (id, occurred_at, name, user_id, tenant_id, properties)
    VALUES (p_id, p_occurred_at, p_name, p_user_id, p_tenant_id, coalesce(p_properties, '{}'))
$$;


--
-- Name: role(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.role', true), '') $$;


--
-- Name: tenant_id(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.tenant_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;


--
-- Name: user_id(); Type: FUNCTION; Schema: app; Owner: -
--

CREATE FUNCTION app.user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;


--
-- Name: ensure_application_partitions(date, integer); Type: FUNCTION; Schema: hiring; Owner: -
--

CREATE FUNCTION hiring.ensure_application_partitions(from_month date, ahead integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: use_challenge_template(uuid); Type: FUNCTION; Schema: hiring; Owner: -
--

CREATE FUNCTION hiring.use_challenge_template(template_id uuid) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH used AS (
        UPDATE hiring.challenge_templates SET usage_count = usage_count + 1
        WHERE id = template_id AND app.tenant_id() IS NOT NULL
          AND (tenant_id IS NULL OR tenant_id = app.tenant_id())
        RETURNING 1
    )
    SELECT count(*) = 1 FROM used
$$;


--
-- Name: accept_invitation(text, uuid); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.accept_invitation(p_token_hash text, p_membership_id uuid) RETURNS TABLE(outcome text, tenant_id uuid, role text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    #variable_conflict use_column
    DECLARE
        caller_email text;
        inv identity.invitations%ROWTYPE;
    BEGIN
        SELECT u.email INTO caller_email
        FROM identity.users u WHERE u.id = app.user_id() AND u.status = 'active';
        IF caller_email IS NULL THEN
            RETURN QUERY SELECT 'unknown_user'::text, NULL::uuid, NULL::text;
            RETURN;
        END IF;

        SELECT * INTO inv FROM identity.invitations i WHERE i.token_hash = p_token_hash FOR UPDATE;
        IF NOT FOUND THEN
            RETURN QUERY SELECT 'not_found'::text, NULL::uuid, NULL::text;
        ELSIF inv.revoked_at IS NOT NULL THEN
            RETURN QUERY SELECT 'revoked'::text, NULL::uuid, NULL::text;
        ELSIF inv.accepted_at IS NOT NULL THEN
            RETURN QUERY SELECT 'already_accepted'::text, NULL::uuid, NULL::text;
        ELSIF inv.expires_at <= now() THEN
            RETURN QUERY SELECT 'expired'::text, NULL::uuid, NULL::text;
        ELSIF inv.email <> caller_email THEN
            RETURN QUERY SELECT 'email_mismatch'::text, NULL::uuid, NULL::text;
        ELSE
            INSERT INTO identity.memberships AS m (id, tenant_id, user_id, role, status, invited_by)
            VALUES (p_membership_id, inv.tenant_id, app.user_id(), inv.role, 'active', inv.invited_by)
            ON CONFLICT (tenant_id, user_id)
                DO UPDATE SET role = excluded.role, status = 'active', updated_at = now();
            UPDATE identity.invitations SET accepted_at = now(), accepted_by = app.user_id()
            WHERE id = inv.id;
            RETURN QUERY SELECT 'accepted'::text, inv.tenant_id, inv.role;
        END IF;
    END
    $$;


--
-- Name: active_user_id_by_email(text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.active_user_id_by_email(p_email text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        SELECT u.id FROM identity.users u
        WHERE u.email = lower(btrim(p_email)) AND u.status = 'active'
    $$;


--
-- Name: dormant_accounts(timestamp with time zone, integer); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.dormant_accounts(p_used_before timestamp with time zone, p_limit integer) RETURNS TABLE(user_id uuid, email text, locale text, last_active timestamp with time zone, notice_at timestamp with time zone, retained boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT u.id, u.email, u.locale, used.at, u.inactivity_notice_at,
           coalesce((SELECT c.granted FROM identity.consent_records c
                     WHERE c.user_id = u.id AND c.purpose = 'data_retention'
                     ORDER BY c.recorded_at DESC LIMIT 1), false)
    FROM identity.users u
    CROSS JOIN LATERAL (
        SELECT greatest(u.created_at, u.last_login_at,
                        (SELECT max(s.last_used_at) FROM identity.sessions s WHERE s.user_id = u.id)) AS at
    ) used
    WHERE u.status = 'active' AND NOT u.is_platform_admin AND used.at < p_used_before
      AND NOT EXISTS (SELECT 1 FROM identity.memberships m
                      WHERE m.user_id = u.id AND m.status = 'active' AND m.role <> 'candidate')
    ORDER BY used.at
    LIMIT p_limit
$$;


--
-- Name: login_credentials(text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.login_credentials(p_email text) RETURNS TABLE(user_id uuid, password_hash text, status text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        SELECT u.id, u.password_hash, u.status
        FROM identity.users u
        WHERE u.email = lower(btrim(p_email)) AND u.deleted_at IS NULL
    $$;


--
-- Name: one_time_token_owner(text, text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.one_time_token_owner(p_token_hash text, p_purpose text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
        SELECT t.user_id FROM identity.one_time_tokens t
        WHERE t.token_hash = p_token_hash AND t.purpose = p_purpose
    $$;


--
-- Name: refresh_token_owner(text); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.refresh_token_owner(p_token_hash text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$ SELECT t.user_id FROM identity.refresh_tokens t WHERE t.token_hash = p_token_hash $$;


--
-- Name: tenants_created_by_caller(); Type: FUNCTION; Schema: identity; Owner: -
--

CREATE FUNCTION identity.tenants_created_by_caller() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    BEGIN
        IF app.user_id() IS NULL THEN
            RETURN 0;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('identity.tenants_created_by:' || app.user_id()::text, 0));
        RETURN (SELECT count(*) FROM identity.tenants t WHERE t.created_by = app.user_id());
    END
    $$;


--
-- Name: board_count(); Type: FUNCTION; Schema: matching; Owner: -
--

CREATE FUNCTION matching.board_count() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO matching.board_counts (facet, value, postings) SELECT facet, value, -1 FROM matching.facet_values(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO matching.board_counts (facet, value, postings) SELECT facet, value, 1 FROM matching.facet_values(NEW);
    END IF;
    RETURN NULL;
END
$$;


--
-- Name: board_sync(); Type: FUNCTION; Schema: matching; Owner: -
--

CREATE FUNCTION matching.board_sync() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    IF NEW.status <> 'active' THEN
        DELETE FROM matching.board WHERE id = NEW.id;
        RETURN NULL;
    END IF;
    INSERT INTO matching.board (id, search_title, search_vector, location_city, location_country, remote_policy,
            employment_type, seniority_level, industry, salary_min, salary_max, published_at, expires_at, skill_ids)
    VALUES (NEW.id, NEW.search_title, NEW.search_vector, NEW.location_city, NEW.location_country, NEW.remote_policy,
            NEW.employment_type, NEW.seniority_level, NEW.industry, NEW.salary_min, NEW.salary_max, NEW.published_at,
            NEW.expires_at, matching.skill_ids(NEW.analysis))
    ON CONFLICT (id) DO UPDATE SET search_title = EXCLUDED.search_title, search_vector = EXCLUDED.search_vector,
        location_city = EXCLUDED.location_city, location_country = EXCLUDED.location_country,
        remote_policy = EXCLUDED.remote_policy, employment_type = EXCLUDED.employment_type,
        seniority_level = EXCLUDED.seniority_level, industry = EXCLUDED.industry, salary_min = EXCLUDED.salary_min,
        salary_max = EXCLUDED.salary_max, published_at = EXCLUDED.published_at, expires_at = EXCLUDED.expires_at,
        skill_ids = EXCLUDED.skill_ids;
    RETURN NULL;
END
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: board; Type: TABLE; Schema: matching; Owner: -
--

CREATE TABLE matching.board (
    id uuid NOT NULL,
    search_title text NOT NULL,
    search_vector tsvector NOT NULL,
    location_city text,
    location_country text NOT NULL,
    remote_policy text NOT NULL,
    employment_type text NOT NULL,
    seniority_level text,
    industry text,
    salary_min numeric(12,2),
    salary_max numeric(12,2),
    published_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone,
    skill_ids text[] NOT NULL
);


--
-- Name: facet_values(matching.board); Type: FUNCTION; Schema: matching; Owner: -
--

CREATE FUNCTION matching.facet_values(b matching.board) RETURNS TABLE(facet text, value text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT f.facet, f.value
    FROM (VALUES ('', ''), ('city', b.location_city), ('remote_policy', b.remote_policy),
                 ('employment_type', b.employment_type), ('seniority_level', b.seniority_level),
                 ('industry', b.industry),
                 ('salary', matching.salary_bucket(coalesce(b.salary_max, b.salary_min)))) f (facet, value)
    WHERE f.value IS NOT NULL
$$;


--
-- Name: fold_board_counts(); Type: FUNCTION; Schema: matching; Owner: -
--

CREATE FUNCTION matching.fold_board_counts() RETURNS bigint
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH gone AS (DELETE FROM matching.board_counts RETURNING facet, value, postings),
         kept AS (INSERT INTO matching.board_counts (facet, value, postings)
                  SELECT facet, value, sum(postings) FROM gone GROUP BY facet, value HAVING sum(postings) <> 0
                  RETURNING 1)
    SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM kept)
$$;


--
-- Name: job_embedding_visibility(); Type: FUNCTION; Schema: matching; Owner: -
--

CREATE FUNCTION matching.job_embedding_visibility() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    SELECT p.status = 'active', p.expires_at INTO NEW.published, NEW.expires_at
    FROM matching.job_postings p WHERE p.id = NEW.job_id;
    NEW.published := coalesce(NEW.published, false);
    RETURN NEW;
END
$$;


--
-- Name: job_posting_visibility(); Type: FUNCTION; Schema: matching; Owner: -
--

CREATE FUNCTION matching.job_posting_visibility() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
BEGIN
    UPDATE matching.job_embeddings SET published = (NEW.status = 'active'), expires_at = NEW.expires_at
    WHERE job_id = NEW.id;
    RETURN NULL;
END
$$;


--
-- Name: salary_bucket(numeric); Type: FUNCTION; Schema: matching; Owner: -
--

CREATE FUNCTION matching.salary_bucket(pay numeric) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN pay IS NULL THEN 'undisclosed' WHEN pay < 2000 THEN '0-2000' WHEN pay < 4000 THEN '2000-4000'
                WHEN pay < 7000 THEN '4000-7000' WHEN pay < 10000 THEN '7000-10000' ELSE '10000+' END
$$;


--
-- Name: skill_ids(jsonb); Type: FUNCTION; Schema: matching; Owner: -
--

CREATE FUNCTION matching.skill_ids(analysis jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT ARRAY(SELECT s ->> 'id' FROM jsonb_array_elements(
                     CASE WHEN jsonb_typeof(analysis -> 'skills') = 'array' THEN analysis -> 'skills' ELSE '[]' END) s
                 WHERE s ->> 'id' IS NOT NULL)
$$;


--
-- Name: enqueue_job(uuid, text, jsonb, smallint, integer, timestamp with time zone, text); Type: FUNCTION; Schema: platform; Owner: -
--

CREATE FUNCTION platform.enqueue_job(p_id uuid, p_kind text, p_payload jsonb, p_priority smallint, p_max_attempts integer, p_run_at timestamp with time zone, p_dedup_key text) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    WITH inserted AS (
        INSERT INTO platform.jobs (id, kind, payload, priority, max_attempts, run_at, dedup_key)
        VALUES (p_id, p_kind, p_payload, p_priority, p_max_attempts, coalesce(p_run_at, now()), p_dedup_key)
        ON CONFLICT (kind, dedup_key) WHERE dedup_key IS NOT NULL DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM inserted)
    $$;


--
-- Name: events; Type: TABLE; Schema: analytics; Owner: -
--

CREATE TABLE analytics.events (
    event_id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    received_at timestamp with time zone NOT NULL,
    name text NOT NULL,
    category text,
    source text NOT NULL,
    actor_key text,
    tenant_id uuid,
    session_key text,
    properties jsonb DEFAULT '{}'::jsonb NOT NULL,
    page_path text,
    referrer_host text,
    device text,
    browser text,
    os text,
    country text,
    city text,
    CONSTRAINT events_actor_key_check CHECK ((length(actor_key) <= 64)),
    CONSTRAINT events_category_check CHECK ((length(category) <= 80)),
    CONSTRAINT events_city_check CHECK ((length(city) <= 100)),
    CONSTRAINT events_country_check CHECK ((country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT events_name_check CHECK ((name ~ '^[a-z][a-z0-9_.]{0,79}$'::text)),
    CONSTRAINT events_page_path_check CHECK ((length(page_path) <= 300)),
    CONSTRAINT events_referrer_host_check CHECK ((length(referrer_host) <= 255)),
    CONSTRAINT events_session_key_check CHECK ((length(session_key) <= 64)),
    CONSTRAINT events_source_check CHECK ((source = ANY (ARRAY['client'::text, 'server'::text])))
)
PARTITION BY RANGE (occurred_at);

ALTER TABLE ONLY analytics.events FORCE ROW LEVEL SECURITY;


--
-- Name: active_users; Type: MATERIALIZED VIEW; Schema: analytics; Owner: -
--

CREATE MATERIALIZED VIEW analytics.active_users AS
 WITH days AS (
         SELECT generate_series(date_trunc('day'::text, (now() - '89 days'::interval), 'UTC'::text), date_trunc('day'::text, now(), 'UTC'::text), '1 day'::interval) AS day
        ), daily AS (
         SELECT date_trunc('day'::text, events.occurred_at, 'UTC'::text) AS day,
            events.actor_key
           FROM analytics.events
          WHERE ((events.actor_key IS NOT NULL) AND (events.occurred_at >= date_trunc('day'::text, (now() - '119 days'::interval), 'UTC'::text)))
          GROUP BY (date_trunc('day'::text, events.occurred_at, 'UTC'::text)), events.actor_key
        )
 SELECT ((day AT TIME ZONE 'UTC'::text))::date AS day,
    ( SELECT count(DISTINCT daily.actor_key) AS count
           FROM daily
          WHERE (daily.day = d.day)) AS dau,
    ( SELECT count(DISTINCT daily.actor_key) AS count
           FROM daily
          WHERE ((daily.day > (d.day - '7 days'::interval)) AND (daily.day <= d.day))) AS wau,
    ( SELECT count(DISTINCT daily.actor_key) AS count
           FROM daily
          WHERE ((daily.day > (d.day - '30 days'::interval)) AND (daily.day <= d.day))) AS mau
   FROM days d
  WITH NO DATA;


--
-- Name: application_journeys; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.application_journeys WITH (security_invoker='true') AS
 SELECT tenant_id,
    ((properties ->> 'application_id'::text))::uuid AS application_id,
    (min((properties ->> 'job_id'::text)))::uuid AS job_id,
    COALESCE(min(occurred_at) FILTER (WHERE (name = 'hiring.application_submitted'::text)), min(((properties ->> 'applied_at'::text))::timestamp with time zone)) AS submitted_at,
    COALESCE(min((properties ->> 'source'::text)) FILTER (WHERE (name = 'hiring.application_submitted'::text)), 'unknown'::text) AS source,
    (array_agg(COALESCE((properties ->> 'to'::text), (properties ->> 'stage'::text)) ORDER BY occurred_at DESC))[1] AS current_stage,
    COALESCE((array_agg((properties ->> 'status'::text) ORDER BY occurred_at DESC) FILTER (WHERE (name = 'hiring.stage_changed'::text)))[1], 'active'::text) AS current_status,
    min(occurred_at) FILTER (WHERE ((name = 'hiring.stage_changed'::text) AND ((properties ->> 'status'::text) = 'hired'::text))) AS hired_at,
    array_agg(DISTINCT COALESCE((properties ->> 'to'::text), (properties ->> 'stage'::text))) AS stages_reached
   FROM analytics.events
  WHERE ((name = ANY (ARRAY['hiring.application_submitted'::text, 'hiring.stage_changed'::text])) AND (tenant_id IS NOT NULL))
  GROUP BY tenant_id, ((properties ->> 'application_id'::text))::uuid;


--
-- Name: audit_log; Type: TABLE; Schema: analytics; Owner: -
--

CREATE TABLE analytics.audit_log (
    seq bigint NOT NULL,
    id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    action text NOT NULL,
    outcome text NOT NULL,
    tenant_id uuid,
    actor_id uuid,
    subject_id uuid,
    ip text,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    nonce bytea,
    erased_at timestamp with time zone,
    person_pseudonym text,
    personal_digest bytea NOT NULL,
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL,
    CONSTRAINT audit_log_action_check CHECK ((action ~ '^[a-z][a-z0-9_.]{0,79}$'::text)),
    CONSTRAINT audit_log_ip_check CHECK ((length(ip) <= 64)),
    CONSTRAINT audit_log_outcome_check CHECK ((outcome = ANY (ARRAY['success'::text, 'failure'::text])))
);

ALTER TABLE ONLY analytics.audit_log FORCE ROW LEVEL SECURITY;


--
-- Name: event_receipts; Type: TABLE; Schema: analytics; Owner: -
--

CREATE UNLOGGED TABLE analytics.event_receipts (
    event_id uuid NOT NULL,
    received_at timestamp with time zone NOT NULL
);


--
-- Name: interview_score_trends; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.interview_score_trends WITH (security_invoker='true') AS
 SELECT date_trunc('week'::text, occurred_at, 'UTC'::text) AS week,
    (properties ->> 'interview_type'::text) AS interview_type,
    count(*) AS interviews,
    count(DISTINCT actor_key) AS people,
    round(avg(((properties ->> 'overall_score'::text))::numeric), 1) AS average_score
   FROM analytics.events
  WHERE (name = 'interview.completed'::text)
  GROUP BY (date_trunc('week'::text, occurred_at, 'UTC'::text)), (properties ->> 'interview_type'::text);


--
-- Name: job_fills; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.job_fills WITH (security_invoker='true') AS
 SELECT p.tenant_id,
    p.job_id,
    p.published_at,
    h.first_hire_at
   FROM (( SELECT events.tenant_id,
            ((events.properties ->> 'job_id'::text))::uuid AS job_id,
            min(events.occurred_at) AS published_at
           FROM analytics.events
          WHERE ((events.name = 'matching.job_status_changed'::text) AND ((events.properties ->> 'status'::text) = 'active'::text) AND (events.tenant_id IS NOT NULL))
          GROUP BY events.tenant_id, ((events.properties ->> 'job_id'::text))::uuid) p
     LEFT JOIN ( SELECT application_journeys.tenant_id,
            application_journeys.job_id,
            min(application_journeys.hired_at) AS first_hire_at
           FROM analytics.application_journeys
          WHERE (application_journeys.hired_at IS NOT NULL)
          GROUP BY application_journeys.tenant_id, application_journeys.job_id) h USING (tenant_id, job_id));


--
-- Name: network_applications; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.network_applications (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    profile_id uuid NOT NULL,
    user_id uuid NOT NULL,
    job_id uuid,
    job_title text,
    status text NOT NULL,
    message text,
    contacted_by uuid,
    placement_fee numeric(12,2),
    fee_currency text DEFAULT 'PEN'::text NOT NULL,
    fee_status text,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT network_applications_check CHECK (((status = 'hired'::text) = ((placement_fee IS NOT NULL) AND (fee_status IS NOT NULL)))),
    CONSTRAINT network_applications_fee_currency_check CHECK ((fee_currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT network_applications_fee_status_check CHECK ((fee_status = ANY (ARRAY['pending'::text, 'invoiced'::text, 'paid'::text]))),
    CONSTRAINT network_applications_job_title_check CHECK ((length(job_title) <= 200)),
    CONSTRAINT network_applications_message_check CHECK ((length(message) <= 5000)),
    CONSTRAINT network_applications_placement_fee_check CHECK ((placement_fee >= (0)::numeric)),
    CONSTRAINT network_applications_status_check CHECK ((status = ANY (ARRAY['interested'::text, 'contacted'::text, 'interviewing'::text, 'offer'::text, 'hired'::text, 'rejected'::text])))
);

ALTER TABLE ONLY hiring.network_applications FORCE ROW LEVEL SECURITY;


--
-- Name: marketplace_funnel; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.marketplace_funnel AS
 SELECT status,
    count(*) AS applications,
    count(DISTINCT tenant_id) AS companies,
    count(DISTINCT profile_id) AS candidates
   FROM hiring.network_applications
  GROUP BY status;


--
-- Name: marketplace_revenue_by_company; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.marketplace_revenue_by_company AS
 SELECT tenant_id,
    fee_currency,
    count(*) AS placements,
    sum(placement_fee) AS fees,
    sum(placement_fee) FILTER (WHERE (fee_status = 'paid'::text)) AS fees_paid
   FROM hiring.network_applications
  WHERE (status = 'hired'::text)
  GROUP BY tenant_id, fee_currency;


--
-- Name: metrics; Type: TABLE; Schema: analytics; Owner: -
--

CREATE TABLE analytics.metrics (
    id bigint NOT NULL,
    granularity text NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    scope text NOT NULL,
    tenant_id uuid,
    name text NOT NULL,
    events bigint NOT NULL,
    actors bigint NOT NULL,
    computed_at timestamp with time zone NOT NULL,
    CONSTRAINT metrics_check CHECK (((scope = 'tenant'::text) = (tenant_id IS NOT NULL))),
    CONSTRAINT metrics_granularity_check CHECK ((granularity = ANY (ARRAY['hour'::text, 'day'::text]))),
    CONSTRAINT metrics_scope_check CHECK ((scope = ANY (ARRAY['all'::text, 'tenant'::text])))
);

ALTER TABLE ONLY analytics.metrics FORCE ROW LEVEL SECURITY;


--
-- Name: metrics_id_seq; Type: SEQUENCE; Schema: analytics; Owner: -
--

ALTER TABLE analytics.metrics ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME analytics.metrics_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: outbox; Type: TABLE; Schema: analytics; Owner: -
--

CREATE TABLE analytics.outbox (
    id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    name text NOT NULL,
    user_id uuid,
    tenant_id uuid,
    properties jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT outbox_name_check CHECK ((name ~ '^[a-z][a-z0-9_.]{0,79}$'::text))
);

ALTER TABLE ONLY analytics.outbox FORCE ROW LEVEL SECURITY;


--
-- Name: search_terms_without_results; Type: MATERIALIZED VIEW; Schema: analytics; Owner: -
--

CREATE MATERIALIZED VIEW analytics.search_terms_without_results AS
 SELECT lower(btrim((properties ->> 'query'::text))) AS term,
    count(*) AS searches,
    max(occurred_at) AS last_searched_at
   FROM analytics.events
  WHERE ((name = 'matching.searched'::text) AND (((properties ->> 'total'::text))::bigint = 0) AND (COALESCE(btrim((properties ->> 'query'::text)), ''::text) <> ''::text) AND (occurred_at >= (now() - '30 days'::interval)))
  GROUP BY (lower(btrim((properties ->> 'query'::text))))
  WITH NO DATA;


--
-- Name: stage_stays; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.stage_stays WITH (security_invoker='true') AS
 SELECT tenant_id,
    application_id,
    job_id,
    stage,
    entered_at,
    lead(entered_at) OVER (PARTITION BY tenant_id, application_id ORDER BY entered_at) AS left_at
   FROM ( SELECT events.tenant_id,
            ((events.properties ->> 'application_id'::text))::uuid AS application_id,
            ((events.properties ->> 'job_id'::text))::uuid AS job_id,
                CASE
                    WHEN (events.name = 'hiring.application_submitted'::text) THEN (events.properties ->> 'stage'::text)
                    ELSE (events.properties ->> 'to'::text)
                END AS stage,
            events.occurred_at AS entered_at
           FROM analytics.events
          WHERE ((events.name = ANY (ARRAY['hiring.application_submitted'::text, 'hiring.stage_changed'::text])) AND (events.tenant_id IS NOT NULL))) moves;


--
-- Name: talent_profiles; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.talent_profiles (
    id uuid NOT NULL,
    user_id uuid,
    email text,
    github_username text,
    full_name text,
    source text NOT NULL,
    status text NOT NULL,
    cv_id uuid,
    headline text,
    seniority text,
    city text,
    skills jsonb DEFAULT '[]'::jsonb NOT NULL,
    skill_ids text[] DEFAULT '{}'::text[] NOT NULL,
    total_experience_years real,
    remote_preference text,
    availability text,
    hourly_rate numeric(10,2),
    rate_currency text DEFAULT 'PEN'::text NOT NULL,
    consent_at timestamp with time zone,
    consent_ip text,
    consent_source text,
    invitations_sent integer DEFAULT 0 NOT NULL,
    last_invited_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT talent_profiles_availability_check CHECK ((availability = ANY (ARRAY['immediate'::text, 'two_weeks'::text, 'one_month'::text, 'three_months'::text, 'not_available'::text]))),
    CONSTRAINT talent_profiles_check CHECK (((status <> ALL (ARRAY['active'::text, 'featured'::text])) OR ((consent_at IS NOT NULL) AND (user_id IS NOT NULL)))),
    CONSTRAINT talent_profiles_city_check CHECK ((length(city) <= 100)),
    CONSTRAINT talent_profiles_consent_ip_check CHECK ((length(consent_ip) <= 45)),
    CONSTRAINT talent_profiles_consent_source_check CHECK ((length(consent_source) <= 60)),
    CONSTRAINT talent_profiles_email_check CHECK ((length(email) <= 320)),
    CONSTRAINT talent_profiles_full_name_check CHECK ((length(full_name) <= 200)),
    CONSTRAINT talent_profiles_github_username_check CHECK ((github_username ~ '^[a-z0-9](?:[a-z0-9-]{0,38})$'::text)),
    CONSTRAINT talent_profiles_headline_check CHECK ((length(headline) <= 200)),
    CONSTRAINT talent_profiles_hourly_rate_check CHECK ((hourly_rate > (0)::numeric)),
    CONSTRAINT talent_profiles_invitations_sent_check CHECK ((invitations_sent >= 0)),
    CONSTRAINT talent_profiles_rate_currency_check CHECK ((rate_currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT talent_profiles_remote_preference_check CHECK ((remote_preference = ANY (ARRAY['onsite'::text, 'hybrid'::text, 'remote'::text, 'any'::text]))),
    CONSTRAINT talent_profiles_skills_check CHECK ((jsonb_typeof(skills) = 'array'::text)),
    CONSTRAINT talent_profiles_source_check CHECK ((source = ANY (ARRAY['self'::text, 'github'::text, 'referral'::text, 'import'::text, 'event'::text]))),
    CONSTRAINT talent_profiles_status_check CHECK ((status = ANY (ARRAY['prospect'::text, 'invited'::text, 'active'::text, 'featured'::text, 'paused'::text, 'removed'::text])))
);

ALTER TABLE ONLY hiring.talent_profiles FORCE ROW LEVEL SECURITY;


--
-- Name: talent_network_candidates; Type: VIEW; Schema: analytics; Owner: -
--

CREATE VIEW analytics.talent_network_candidates AS
 SELECT id AS profile_id,
    status,
    source,
    seniority,
    city,
    remote_preference,
    availability,
    total_experience_years,
    skill_ids,
    hourly_rate,
    rate_currency,
    consent_at,
    created_at
   FROM hiring.talent_profiles
  WHERE (status = ANY (ARRAY['active'::text, 'featured'::text]));


--
-- Name: payments; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.payments (
    id uuid NOT NULL,
    user_id uuid,
    tenant_id uuid,
    subscription_id uuid,
    purpose text NOT NULL,
    plan_id text,
    billing_cycle text,
    amount numeric(10,2) NOT NULL,
    currency text NOT NULL,
    provider text NOT NULL,
    provider_reference text,
    status text NOT NULL,
    method_type text,
    payment_method text,
    last4 text,
    provider_fee numeric(10,2),
    failure_reason text,
    idempotency_key text,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    placement_id uuid,
    CONSTRAINT payments_amount_check CHECK ((amount > (0)::numeric)),
    CONSTRAINT payments_billing_cycle_check CHECK ((billing_cycle = ANY (ARRAY['monthly'::text, 'yearly'::text]))),
    CONSTRAINT payments_check CHECK (((user_id IS NULL) <> (tenant_id IS NULL))),
    CONSTRAINT payments_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT payments_failure_reason_check CHECK ((length(failure_reason) <= 500)),
    CONSTRAINT payments_idempotency_key_check CHECK (((length(idempotency_key) >= 1) AND (length(idempotency_key) <= 200))),
    CONSTRAINT payments_last4_check CHECK ((last4 ~ '^[0-9]{4}$'::text)),
    CONSTRAINT payments_method_type_check CHECK ((method_type = ANY (ARRAY['card'::text, 'bank_transfer'::text, 'yape'::text]))),
    CONSTRAINT payments_payment_method_check CHECK ((length(payment_method) <= 200)),
    CONSTRAINT payments_pays_a_plan_or_a_placement CHECK ((((purpose = 'placement'::text) = ((placement_id IS NOT NULL) AND (plan_id IS NULL) AND (billing_cycle IS NULL))) AND ((purpose = 'placement'::text) OR ((plan_id IS NOT NULL) AND (billing_cycle IS NOT NULL))))),
    CONSTRAINT payments_provider_check CHECK ((provider = ANY (ARRAY['sandbox'::text, 'stripe'::text, 'mercadopago'::text]))),
    CONSTRAINT payments_provider_fee_check CHECK ((provider_fee >= (0)::numeric)),
    CONSTRAINT payments_provider_reference_check CHECK (((length(provider_reference) >= 1) AND (length(provider_reference) <= 200))),
    CONSTRAINT payments_purpose_check CHECK ((purpose = ANY (ARRAY['subscribe'::text, 'renewal'::text, 'upgrade'::text, 'placement'::text]))),
    CONSTRAINT payments_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'succeeded'::text, 'failed'::text, 'refunded'::text])))
);

ALTER TABLE ONLY billing.payments FORCE ROW LEVEL SECURITY;


--
-- Name: plans; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.plans (
    id text NOT NULL,
    audience text NOT NULL,
    name text NOT NULL,
    price_monthly numeric(10,2) NOT NULL,
    price_yearly numeric(10,2) NOT NULL,
    currency text DEFAULT 'PEN'::text NOT NULL,
    interviews_per_month integer,
    cv_uploads_per_month integer,
    ai_feedback_detail text NOT NULL,
    seats integer,
    active_jobs integer,
    trial_days smallint DEFAULT 0 NOT NULL,
    features text[] DEFAULT '{}'::text[] NOT NULL,
    "position" smallint NOT NULL,
    CONSTRAINT plans_active_jobs_check CHECK ((active_jobs >= 0)),
    CONSTRAINT plans_ai_feedback_detail_check CHECK ((ai_feedback_detail = ANY (ARRAY['basic'::text, 'detailed'::text, 'comprehensive'::text]))),
    CONSTRAINT plans_audience_check CHECK ((audience = ANY (ARRAY['person'::text, 'company'::text]))),
    CONSTRAINT plans_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT plans_cv_uploads_per_month_check CHECK ((cv_uploads_per_month >= 0)),
    CONSTRAINT plans_id_check CHECK ((id ~ '^[a-z][a-z_]{1,29}$'::text)),
    CONSTRAINT plans_interviews_per_month_check CHECK ((interviews_per_month >= 0)),
    CONSTRAINT plans_name_check CHECK (((length(name) >= 1) AND (length(name) <= 60))),
    CONSTRAINT plans_price_monthly_check CHECK ((price_monthly >= (0)::numeric)),
    CONSTRAINT plans_price_yearly_check CHECK ((price_yearly >= (0)::numeric)),
    CONSTRAINT plans_seats_check CHECK ((seats >= 1)),
    CONSTRAINT plans_trial_days_check CHECK (((trial_days >= 0) AND (trial_days <= 90)))
);


--
-- Name: profiles; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.profiles (
    id uuid NOT NULL,
    user_id uuid,
    tenant_id uuid,
    id_kind text NOT NULL,
    sealed bytea NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT profiles_check CHECK (((user_id IS NULL) <> (tenant_id IS NULL))),
    CONSTRAINT profiles_id_kind_check CHECK ((id_kind = ANY (ARRAY['ruc'::text, 'dni'::text, 'none'::text])))
);

ALTER TABLE ONLY billing.profiles FORCE ROW LEVEL SECURITY;


--
-- Name: receipt_series; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.receipt_series (
    series text NOT NULL,
    kind text NOT NULL,
    last_correlative integer DEFAULT 0 NOT NULL,
    CONSTRAINT receipt_series_kind_check CHECK ((kind = ANY (ARRAY['invoice'::text, 'receipt'::text, 'invoice_credit_note'::text, 'receipt_credit_note'::text]))),
    CONSTRAINT receipt_series_last_correlative_check CHECK (((last_correlative >= 0) AND (last_correlative <= 99999999))),
    CONSTRAINT receipt_series_series_check CHECK ((series ~ '^[FB][A-Z0-9]{3}$'::text))
);

ALTER TABLE ONLY billing.receipt_series FORCE ROW LEVEL SECURITY;


--
-- Name: receipts; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.receipts (
    id uuid NOT NULL,
    user_id uuid,
    tenant_id uuid,
    payment_id uuid NOT NULL,
    kind text NOT NULL,
    series text NOT NULL,
    correlative integer NOT NULL,
    issued_at timestamp with time zone NOT NULL,
    currency text NOT NULL,
    description text NOT NULL,
    base numeric(10,2) NOT NULL,
    igv numeric(10,2) NOT NULL,
    total numeric(10,2) NOT NULL,
    igv_rate numeric(5,4) NOT NULL,
    buyer_sealed bytea NOT NULL,
    credits_receipt_id uuid,
    credit_reason text,
    pdf_key text,
    CONSTRAINT receipts_base_check CHECK ((base >= (0)::numeric)),
    CONSTRAINT receipts_check CHECK ((total = (base + igv))),
    CONSTRAINT receipts_check1 CHECK (((user_id IS NULL) <> (tenant_id IS NULL))),
    CONSTRAINT receipts_check2 CHECK (((credits_receipt_id IS NULL) = (kind = ANY (ARRAY['invoice'::text, 'receipt'::text])))),
    CONSTRAINT receipts_correlative_check CHECK (((correlative >= 1) AND (correlative <= 99999999))),
    CONSTRAINT receipts_credit_reason_check CHECK ((length(credit_reason) <= 250)),
    CONSTRAINT receipts_currency_check CHECK ((currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT receipts_description_check CHECK (((length(description) >= 1) AND (length(description) <= 250))),
    CONSTRAINT receipts_igv_check CHECK ((igv >= (0)::numeric)),
    CONSTRAINT receipts_igv_rate_check CHECK (((igv_rate >= (0)::numeric) AND (igv_rate < (1)::numeric))),
    CONSTRAINT receipts_kind_check CHECK ((kind = ANY (ARRAY['invoice'::text, 'receipt'::text, 'invoice_credit_note'::text, 'receipt_credit_note'::text])))
);

ALTER TABLE ONLY billing.receipts FORCE ROW LEVEL SECURITY;


--
-- Name: subscriptions; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.subscriptions (
    id uuid NOT NULL,
    user_id uuid,
    tenant_id uuid,
    plan_id text NOT NULL,
    status text NOT NULL,
    billing_cycle text NOT NULL,
    current_period_start timestamp with time zone NOT NULL,
    current_period_end timestamp with time zone NOT NULL,
    cancel_at_period_end boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    scheduled_plan_id text,
    failed_charges smallint DEFAULT 0 NOT NULL,
    first_failed_at timestamp with time zone,
    next_charge_at timestamp with time zone,
    CONSTRAINT subscriptions_billing_cycle_check CHECK ((billing_cycle = ANY (ARRAY['monthly'::text, 'yearly'::text]))),
    CONSTRAINT subscriptions_check CHECK ((current_period_end > current_period_start)),
    CONSTRAINT subscriptions_check1 CHECK (((user_id IS NULL) <> (tenant_id IS NULL))),
    CONSTRAINT subscriptions_failed_charges_check CHECK ((failed_charges >= 0)),
    CONSTRAINT subscriptions_status_check CHECK ((status = ANY (ARRAY['trialing'::text, 'active'::text, 'past_due'::text, 'canceled'::text, 'expired'::text])))
);

ALTER TABLE ONLY billing.subscriptions FORCE ROW LEVEL SECURITY;


--
-- Name: usage; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.usage (
    id uuid NOT NULL,
    user_id uuid,
    tenant_id uuid,
    resource text NOT NULL,
    period_start timestamp with time zone NOT NULL,
    used integer NOT NULL,
    CONSTRAINT usage_check CHECK (((user_id IS NULL) <> (tenant_id IS NULL))),
    CONSTRAINT usage_resource_check CHECK ((resource = ANY (ARRAY['interviews'::text, 'cv_uploads'::text]))),
    CONSTRAINT usage_used_check CHECK ((used >= 0))
);

ALTER TABLE ONLY billing.usage FORCE ROW LEVEL SECURITY;


--
-- Name: webhook_events; Type: TABLE; Schema: billing; Owner: -
--

CREATE TABLE billing.webhook_events (
    provider text NOT NULL,
    event_id text NOT NULL,
    kind text NOT NULL,
    reference text,
    received_at timestamp with time zone NOT NULL,
    CONSTRAINT webhook_events_event_id_check CHECK (((length(event_id) >= 1) AND (length(event_id) <= 200)))
);

ALTER TABLE ONLY billing.webhook_events FORCE ROW LEVEL SECURITY;


--
-- Name: consents; Type: TABLE; Schema: cv; Owner: -
--

CREATE TABLE cv.consents (
    id uuid NOT NULL,
    cv_id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL,
    granted boolean NOT NULL,
    ip text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT consents_ip_check CHECK ((length(ip) <= 45)),
    CONSTRAINT consents_kind_check CHECK ((kind = 'discoverable'::text))
);

ALTER TABLE ONLY cv.consents FORCE ROW LEVEL SECURITY;


--
-- Name: cv_embeddings; Type: TABLE; Schema: cv; Owner: -
--

CREATE TABLE cv.cv_embeddings (
    id uuid NOT NULL,
    cv_id uuid NOT NULL,
    user_id uuid NOT NULL,
    section_id uuid,
    section_kind text,
    model text NOT NULL,
    dimensions integer NOT NULL,
    embedding public.vector NOT NULL,
    content_sha256 text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT cv_embeddings_check CHECK ((public.vector_dims(embedding) = dimensions)),
    CONSTRAINT cv_embeddings_check1 CHECK (((section_id IS NULL) = (section_kind IS NULL))),
    CONSTRAINT cv_embeddings_dimensions_check CHECK (((dimensions >= 1) AND (dimensions <= 2000)))
);

ALTER TABLE ONLY cv.cv_embeddings FORCE ROW LEVEL SECURITY;


--
-- Name: cv_sections; Type: TABLE; Schema: cv; Owner: -
--

CREATE TABLE cv.cv_sections (
    id uuid NOT NULL,
    cv_id uuid NOT NULL,
    user_id uuid NOT NULL,
    "position" integer NOT NULL,
    kind text NOT NULL,
    heading text NOT NULL,
    content text NOT NULL,
    CONSTRAINT cv_sections_kind_check CHECK ((kind = ANY (ARRAY['profile'::text, 'experience'::text, 'education'::text, 'skills'::text, 'languages'::text, 'certifications'::text, 'courses'::text, 'projects'::text, 'achievements'::text, 'volunteering'::text, 'references'::text, 'contact'::text, 'interests'::text]))),
    CONSTRAINT cv_sections_position_check CHECK (("position" >= 0))
);

ALTER TABLE ONLY cv.cv_sections FORCE ROW LEVEL SECURITY;


--
-- Name: cvs; Type: TABLE; Schema: cv; Owner: -
--

CREATE TABLE cv.cvs (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    version integer NOT NULL,
    is_primary boolean DEFAULT false NOT NULL,
    original_filename text NOT NULL,
    file_size_bytes bigint NOT NULL,
    mime_type text NOT NULL,
    sha256 text NOT NULL,
    storage_key text NOT NULL,
    language_hint text,
    parsing_status text DEFAULT 'pending'::text NOT NULL,
    parsing_error text,
    parsed_data jsonb,
    corrections jsonb DEFAULT '{}'::jsonb NOT NULL,
    idempotency_key text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    parsed_at timestamp with time zone,
    discoverable_since timestamp with time zone,
    CONSTRAINT cvs_file_size_bytes_check CHECK ((file_size_bytes > 0)),
    CONSTRAINT cvs_idempotency_key_check CHECK (((length(idempotency_key) >= 1) AND (length(idempotency_key) <= 255))),
    CONSTRAINT cvs_language_hint_check CHECK ((language_hint = ANY (ARRAY['es'::text, 'en'::text]))),
    CONSTRAINT cvs_mime_type_check CHECK ((mime_type = ANY (ARRAY['application/pdf'::text, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'::text]))),
    CONSTRAINT cvs_original_filename_check CHECK (((length(original_filename) >= 1) AND (length(original_filename) <= 255))),
    CONSTRAINT cvs_parsing_status_check CHECK ((parsing_status = ANY (ARRAY['pending'::text, 'processing'::text, 'parsed'::text, 'failed'::text]))),
    CONSTRAINT cvs_version_check CHECK ((version > 0))
);

ALTER TABLE ONLY cv.cvs FORCE ROW LEVEL SECURITY;


--
-- Name: shares; Type: TABLE; Schema: cv; Owner: -
--

CREATE TABLE cv.shares (
    cv_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    purpose_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE ONLY cv.shares FORCE ROW LEVEL SECURITY;


--
-- Name: skills; Type: TABLE; Schema: cv; Owner: -
--

CREATE TABLE cv.skills (
    cv_id uuid NOT NULL,
    user_id uuid NOT NULL,
    skill_id text NOT NULL,
    name text NOT NULL,
    category text NOT NULL,
    source text NOT NULL,
    years real,
    proficiency text,
    confidence real NOT NULL,
    CONSTRAINT skills_confidence_check CHECK (((confidence >= (0)::double precision) AND (confidence <= (1)::double precision))),
    CONSTRAINT skills_proficiency_check CHECK ((proficiency = ANY (ARRAY['basic'::text, 'intermediate'::text, 'advanced'::text, 'expert'::text]))),
    CONSTRAINT skills_skill_id_check CHECK (((length(skill_id) >= 1) AND (length(skill_id) <= 200))),
    CONSTRAINT skills_source_check CHECK ((source = ANY (ARRAY['listed'::text, 'text'::text, 'user'::text]))),
    CONSTRAINT skills_years_check CHECK ((years >= (0)::double precision))
);

ALTER TABLE ONLY cv.skills FORCE ROW LEVEL SECURITY;


--
-- Name: applications; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.applications (
    id uuid NOT NULL,
    applied_at timestamp with time zone NOT NULL,
    tenant_id uuid NOT NULL,
    job_id uuid NOT NULL,
    job_title text NOT NULL,
    user_id uuid,
    cv_id uuid,
    candidate_name text,
    candidate_email text,
    candidate_phone text,
    headline text,
    cover_letter text,
    answers jsonb DEFAULT '[]'::jsonb NOT NULL,
    source text DEFAULT 'platform'::text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    stage text NOT NULL,
    score real DEFAULT 0 NOT NULL,
    screening jsonb,
    rating smallint,
    assigned_recruiter uuid,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    rejection_reason text,
    rejection_note text,
    search_identity text DEFAULT ''::text NOT NULL,
    search_work text DEFAULT ''::text NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    closed_at timestamp with time zone,
    candidate_id uuid,
    CONSTRAINT applications_answers_check CHECK ((jsonb_typeof(answers) = 'array'::text)),
    CONSTRAINT applications_candidate_email_check CHECK ((length(candidate_email) <= 320)),
    CONSTRAINT applications_candidate_name_check CHECK ((length(candidate_name) <= 200)),
    CONSTRAINT applications_candidate_phone_check CHECK ((length(candidate_phone) <= 40)),
    CONSTRAINT applications_check CHECK (((status = 'rejected'::text) = (rejection_reason IS NOT NULL))),
    CONSTRAINT applications_cover_letter_check CHECK ((length(cover_letter) <= 10000)),
    CONSTRAINT applications_headline_check CHECK ((length(headline) <= 200)),
    CONSTRAINT applications_job_title_check CHECK ((length(job_title) <= 200)),
    CONSTRAINT applications_one_candidate CHECK (((user_id IS NULL) OR (candidate_id IS NULL))),
    CONSTRAINT applications_rating_check CHECK (((rating >= 1) AND (rating <= 5))),
    CONSTRAINT applications_rejection_note_check CHECK ((length(rejection_note) <= 2000)),
    CONSTRAINT applications_rejection_reason_check CHECK ((rejection_reason = ANY (ARRAY['not_qualified'::text, 'experience'::text, 'skills'::text, 'salary'::text, 'location'::text, 'position_filled'::text, 'culture_fit'::text, 'no_response'::text, 'other'::text]))),
    CONSTRAINT applications_score_check CHECK (((score >= (0)::double precision) AND (score <= (1)::double precision))),
    CONSTRAINT applications_source_check CHECK ((source = ANY (ARRAY['platform'::text, 'referral'::text, 'linkedin'::text, 'job_board'::text, 'agency'::text, 'career_fair'::text, 'social_media'::text, 'sourced'::text, 'other'::text]))),
    CONSTRAINT applications_status_check CHECK ((status = ANY (ARRAY['active'::text, 'hired'::text, 'rejected'::text, 'withdrawn'::text]))),
    CONSTRAINT applications_tags_check CHECK ((cardinality(tags) <= 20))
)
PARTITION BY RANGE (applied_at);

ALTER TABLE ONLY hiring.applications FORCE ROW LEVEL SECURITY;


--
-- Name: candidacies; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.candidacies (
    job_id uuid NOT NULL,
    user_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    application_id uuid NOT NULL,
    applied_at timestamp with time zone NOT NULL
);

ALTER TABLE ONLY hiring.candidacies FORCE ROW LEVEL SECURITY;


--
-- Name: candidates; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.candidates (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    full_name text NOT NULL,
    email text,
    phone text,
    source text NOT NULL,
    headline text,
    added_by uuid,
    cv_status text DEFAULT 'none'::text NOT NULL,
    cv_storage_key text,
    cv_filename text,
    cv_mime_type text,
    cv_size_bytes bigint,
    cv_error text,
    cv_data jsonb,
    cv_sections jsonb DEFAULT '[]'::jsonb NOT NULL,
    cv_vector real[],
    cv_model text,
    cv_parsed_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT candidates_check CHECK (((email IS NOT NULL) OR (phone IS NOT NULL))),
    CONSTRAINT candidates_check1 CHECK (((cv_status = 'none'::text) = (cv_storage_key IS NULL))),
    CONSTRAINT candidates_cv_error_check CHECK ((length(cv_error) <= 2000)),
    CONSTRAINT candidates_cv_filename_check CHECK ((length(cv_filename) <= 255)),
    CONSTRAINT candidates_cv_sections_check CHECK ((jsonb_typeof(cv_sections) = 'array'::text)),
    CONSTRAINT candidates_cv_status_check CHECK ((cv_status = ANY (ARRAY['none'::text, 'pending'::text, 'parsed'::text, 'failed'::text]))),
    CONSTRAINT candidates_email_check CHECK ((length(email) <= 320)),
    CONSTRAINT candidates_full_name_check CHECK (((length(full_name) >= 1) AND (length(full_name) <= 200))),
    CONSTRAINT candidates_headline_check CHECK ((length(headline) <= 200)),
    CONSTRAINT candidates_phone_check CHECK ((length(phone) <= 40)),
    CONSTRAINT candidates_source_check CHECK ((source = ANY (ARRAY['referral'::text, 'linkedin'::text, 'job_board'::text, 'agency'::text, 'career_fair'::text, 'social_media'::text, 'sourced'::text, 'other'::text])))
);

ALTER TABLE ONLY hiring.candidates FORCE ROW LEVEL SECURITY;


--
-- Name: challenge_templates; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.challenge_templates (
    id uuid NOT NULL,
    tenant_id uuid,
    title text NOT NULL,
    description text NOT NULL,
    languages text[] NOT NULL,
    difficulty text NOT NULL,
    estimated_minutes integer NOT NULL,
    locale text NOT NULL,
    usage_count integer DEFAULT 0 NOT NULL,
    created_by uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT challenge_templates_description_check CHECK (((length(description) >= 1) AND (length(description) <= 5000))),
    CONSTRAINT challenge_templates_difficulty_check CHECK ((difficulty = ANY (ARRAY['easy'::text, 'medium'::text, 'hard'::text, 'expert'::text]))),
    CONSTRAINT challenge_templates_estimated_minutes_check CHECK (((estimated_minutes >= 15) AND (estimated_minutes <= 2880))),
    CONSTRAINT challenge_templates_languages_check CHECK ((((cardinality(languages) >= 1) AND (cardinality(languages) <= 5)) AND (array_position(languages, NULL::text) IS NULL))),
    CONSTRAINT challenge_templates_locale_check CHECK ((locale = ANY (ARRAY['es'::text, 'en'::text]))),
    CONSTRAINT challenge_templates_title_check CHECK (((length(title) >= 1) AND (length(title) <= 150))),
    CONSTRAINT challenge_templates_usage_count_check CHECK ((usage_count >= 0))
);

ALTER TABLE ONLY hiring.challenge_templates FORCE ROW LEVEL SECURITY;


--
-- Name: external_candidacies; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.external_candidacies (
    job_id uuid NOT NULL,
    candidate_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    application_id uuid NOT NULL,
    applied_at timestamp with time zone NOT NULL
);

ALTER TABLE ONLY hiring.external_candidacies FORCE ROW LEVEL SECURITY;


--
-- Name: message_templates; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.message_templates (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    stage text,
    locale text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT message_templates_body_check CHECK (((length(body) >= 1) AND (length(body) <= 5000))),
    CONSTRAINT message_templates_locale_check CHECK ((locale = ANY (ARRAY['es'::text, 'en'::text]))),
    CONSTRAINT message_templates_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT message_templates_stage_check CHECK ((stage ~ '^[a-z][a-z0-9_]{0,39}$'::text)),
    CONSTRAINT message_templates_subject_check CHECK (((length(subject) >= 1) AND (length(subject) <= 200)))
);

ALTER TABLE ONLY hiring.message_templates FORCE ROW LEVEL SECURITY;


--
-- Name: notes; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.notes (
    id uuid NOT NULL,
    application_id uuid NOT NULL,
    applied_at timestamp with time zone NOT NULL,
    tenant_id uuid NOT NULL,
    author_id uuid,
    body text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT notes_body_check CHECK (((length(body) >= 1) AND (length(body) <= 5000)))
);

ALTER TABLE ONLY hiring.notes FORCE ROW LEVEL SECURITY;


--
-- Name: pipelines; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.pipelines (
    job_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    stages jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT pipelines_stages_check CHECK ((jsonb_typeof(stages) = 'array'::text))
);

ALTER TABLE ONLY hiring.pipelines FORCE ROW LEVEL SECURITY;


--
-- Name: scorecard_criteria; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.scorecard_criteria (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    job_id uuid NOT NULL,
    "position" smallint NOT NULL,
    name text NOT NULL,
    description text,
    weight smallint DEFAULT 1 NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    retired_at timestamp with time zone,
    CONSTRAINT scorecard_criteria_description_check CHECK (((length(description) >= 1) AND (length(description) <= 500))),
    CONSTRAINT scorecard_criteria_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT scorecard_criteria_position_check CHECK ((("position" >= 0) AND ("position" <= 14))),
    CONSTRAINT scorecard_criteria_weight_check CHECK (((weight >= 1) AND (weight <= 5)))
);

ALTER TABLE ONLY hiring.scorecard_criteria FORCE ROW LEVEL SECURITY;


--
-- Name: scorecard_scores; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.scorecard_scores (
    scorecard_id uuid NOT NULL,
    criterion_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    score smallint NOT NULL,
    comment text,
    CONSTRAINT scorecard_scores_comment_check CHECK (((length(comment) >= 1) AND (length(comment) <= 2000))),
    CONSTRAINT scorecard_scores_score_check CHECK (((score >= 1) AND (score <= 5)))
);

ALTER TABLE ONLY hiring.scorecard_scores FORCE ROW LEVEL SECURITY;


--
-- Name: scorecards; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.scorecards (
    id uuid NOT NULL,
    application_id uuid NOT NULL,
    applied_at timestamp with time zone NOT NULL,
    tenant_id uuid NOT NULL,
    evaluator_id uuid,
    recommendation text NOT NULL,
    comment text,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT scorecards_comment_check CHECK (((length(comment) >= 1) AND (length(comment) <= 2000))),
    CONSTRAINT scorecards_recommendation_check CHECK ((recommendation = ANY (ARRAY['strong_no'::text, 'no'::text, 'yes'::text, 'strong_yes'::text])))
);

ALTER TABLE ONLY hiring.scorecards FORCE ROW LEVEL SECURITY;


--
-- Name: settings; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.settings (
    tenant_id uuid NOT NULL,
    blind_review boolean DEFAULT false NOT NULL,
    reveal_stage text DEFAULT 'interview'::text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT settings_reveal_stage_check CHECK ((reveal_stage ~ '^[a-z][a-z0-9_]{0,39}$'::text))
);

ALTER TABLE ONLY hiring.settings FORCE ROW LEVEL SECURITY;


--
-- Name: stage_changes; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.stage_changes (
    id uuid NOT NULL,
    application_id uuid NOT NULL,
    applied_at timestamp with time zone NOT NULL,
    tenant_id uuid NOT NULL,
    user_id uuid,
    from_stage text,
    to_stage text NOT NULL,
    status text NOT NULL,
    actor_id uuid,
    reason text,
    changed_at timestamp with time zone NOT NULL,
    CONSTRAINT stage_changes_reason_check CHECK ((length(reason) <= 2000)),
    CONSTRAINT stage_changes_status_check CHECK ((status = ANY (ARRAY['active'::text, 'hired'::text, 'rejected'::text, 'withdrawn'::text])))
);

ALTER TABLE ONLY hiring.stage_changes FORCE ROW LEVEL SECURITY;


--
-- Name: submissions; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.submissions (
    user_id uuid NOT NULL,
    idempotency_key text NOT NULL,
    application_id uuid NOT NULL,
    applied_at timestamp with time zone NOT NULL,
    CONSTRAINT submissions_idempotency_key_check CHECK (((length(idempotency_key) >= 1) AND (length(idempotency_key) <= 255)))
);

ALTER TABLE ONLY hiring.submissions FORCE ROW LEVEL SECURITY;


--
-- Name: technical_evaluations; Type: TABLE; Schema: hiring; Owner: -
--

CREATE TABLE hiring.technical_evaluations (
    id uuid NOT NULL,
    application_id uuid NOT NULL,
    applied_at timestamp with time zone NOT NULL,
    tenant_id uuid NOT NULL,
    challenge_template_id uuid,
    repository_url text,
    commit_sha text,
    pr_url text,
    code_quality_score smallint,
    test_coverage numeric(5,2),
    reviewer_id uuid,
    notes text,
    status text DEFAULT 'pending'::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    submitted_at timestamp with time zone,
    reviewed_at timestamp with time zone,
    CONSTRAINT technical_evaluations_check CHECK (((status = 'pending'::text) OR ((repository_url IS NOT NULL) AND (submitted_at IS NOT NULL)))),
    CONSTRAINT technical_evaluations_check1 CHECK (((status <> 'reviewed'::text) OR ((code_quality_score IS NOT NULL) AND (reviewed_at IS NOT NULL)))),
    CONSTRAINT technical_evaluations_code_quality_score_check CHECK (((code_quality_score >= 0) AND (code_quality_score <= 100))),
    CONSTRAINT technical_evaluations_commit_sha_check CHECK ((commit_sha ~ '^[0-9a-f]{7,40}$'::text)),
    CONSTRAINT technical_evaluations_notes_check CHECK (((length(notes) >= 1) AND (length(notes) <= 5000))),
    CONSTRAINT technical_evaluations_pr_url_check CHECK (((length(pr_url) <= 500) AND (pr_url ~~ 'https://%'::text))),
    CONSTRAINT technical_evaluations_repository_url_check CHECK (((length(repository_url) <= 500) AND (repository_url ~~ 'https://%'::text))),
    CONSTRAINT technical_evaluations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'submitted'::text, 'reviewed'::text]))),
    CONSTRAINT technical_evaluations_test_coverage_check CHECK (((test_coverage >= (0)::numeric) AND (test_coverage <= (100)::numeric)))
);

ALTER TABLE ONLY hiring.technical_evaluations FORCE ROW LEVEL SECURITY;


--
-- Name: consent_records; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.consent_records (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    purpose text NOT NULL,
    granted boolean NOT NULL,
    source text NOT NULL,
    ip text,
    recorded_at timestamp with time zone NOT NULL,
    CONSTRAINT consent_records_ip_check CHECK ((length(ip) <= 64)),
    CONSTRAINT consent_records_purpose_check CHECK ((purpose = ANY (ARRAY['marketing'::text, 'talent_network'::text, 'data_retention'::text]))),
    CONSTRAINT consent_records_source_check CHECK ((source ~ '^[a-z][a-z0-9_]{0,39}$'::text))
);

ALTER TABLE ONLY identity.consent_records FORCE ROW LEVEL SECURITY;


--
-- Name: data_exports; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.data_exports (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    status text NOT NULL,
    object_key text,
    size_bytes bigint,
    files integer,
    failure text,
    requested_at timestamp with time zone NOT NULL,
    ready_at timestamp with time zone,
    expires_at timestamp with time zone,
    CONSTRAINT data_exports_check CHECK (((status = 'ready'::text) = ((object_key IS NOT NULL) AND (ready_at IS NOT NULL) AND (expires_at IS NOT NULL)))),
    CONSTRAINT data_exports_failure_check CHECK ((length(failure) <= 500)),
    CONSTRAINT data_exports_files_check CHECK ((files >= 0)),
    CONSTRAINT data_exports_object_key_check CHECK ((length(object_key) <= 512)),
    CONSTRAINT data_exports_size_bytes_check CHECK ((size_bytes >= 0)),
    CONSTRAINT data_exports_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'ready'::text, 'failed'::text, 'expired'::text])))
);

ALTER TABLE ONLY identity.data_exports FORCE ROW LEVEL SECURITY;


--
-- Name: invitations; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.invitations (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    email text NOT NULL,
    role text NOT NULL,
    token_hash text NOT NULL,
    invited_by uuid,
    expires_at timestamp with time zone NOT NULL,
    accepted_at timestamp with time zone,
    accepted_by uuid,
    revoked_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT invitations_email_check CHECK ((email = lower(btrim(email))))
);

ALTER TABLE ONLY identity.invitations FORCE ROW LEVEL SECURITY;


--
-- Name: COLUMN invitations.sent_at; Type: COMMENT; Schema: identity; Owner: -
--

COMMENT ON COLUMN identity.invitations.sent_at IS 'When the invitation was last mailed.';


--
-- Name: memberships; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.memberships (
    id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    invited_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT memberships_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text])))
);

ALTER TABLE ONLY identity.memberships FORCE ROW LEVEL SECURITY;


--
-- Name: one_time_tokens; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.one_time_tokens (
    token_hash text NOT NULL,
    user_id uuid NOT NULL,
    purpose text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT one_time_tokens_purpose_check CHECK ((purpose = ANY (ARRAY['email_verification'::text, 'password_reset'::text])))
);

ALTER TABLE ONLY identity.one_time_tokens FORCE ROW LEVEL SECURITY;


--
-- Name: refresh_tokens; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.refresh_tokens (
    token_hash text NOT NULL,
    session_id uuid NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    rotated_at timestamp with time zone
);

ALTER TABLE ONLY identity.refresh_tokens FORCE ROW LEVEL SECURITY;


--
-- Name: roles; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.roles (
    code text NOT NULL,
    name text NOT NULL,
    level smallint NOT NULL,
    permissions text[] DEFAULT '{}'::text[] NOT NULL,
    CONSTRAINT roles_level_check CHECK ((level > 0))
);


--
-- Name: TABLE roles; Type: COMMENT; Schema: identity; Owner: -
--

COMMENT ON TABLE identity.roles IS 'Reference data: a role may grant only roles of its level or lower.';


--
-- Name: sessions; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.sessions (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    tenant_id uuid,
    ip text,
    user_agent text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    revoked_reason text,
    CONSTRAINT sessions_revoked_reason_check CHECK ((revoked_reason = ANY (ARRAY['logout'::text, 'revoked_by_user'::text, 'password_changed'::text, 'token_reuse'::text, 'account_deleted'::text, 'member_removed'::text])))
);

ALTER TABLE ONLY identity.sessions FORCE ROW LEVEL SECURITY;


--
-- Name: tenants; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.tenants (
    id uuid NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    industry text,
    employee_count integer,
    size text,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tenants_employee_count_check CHECK ((employee_count > 0)),
    CONSTRAINT tenants_name_check CHECK (((length(name) >= 2) AND (length(name) <= 120))),
    CONSTRAINT tenants_settings_check CHECK ((jsonb_typeof(settings) = 'object'::text)),
    CONSTRAINT tenants_size_check CHECK ((size = ANY (ARRAY['1-10'::text, '11-50'::text, '51-200'::text, '201-500'::text, '501-1000'::text, '1001+'::text]))),
    CONSTRAINT tenants_slug_check CHECK (((slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'::text) AND ((length(slug) >= 3) AND (length(slug) <= 63)))),
    CONSTRAINT tenants_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text])))
);

ALTER TABLE ONLY identity.tenants FORCE ROW LEVEL SECURITY;


--
-- Name: users; Type: TABLE; Schema: identity; Owner: -
--

CREATE TABLE identity.users (
    id uuid NOT NULL,
    email text NOT NULL,
    password_hash text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    phone text,
    locale text DEFAULT 'es-PE'::text NOT NULL,
    timezone text DEFAULT 'America/Lima'::text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    is_platform_admin boolean DEFAULT false NOT NULL,
    email_verified_at timestamp with time zone,
    terms_accepted_at timestamp with time zone NOT NULL,
    privacy_accepted_at timestamp with time zone NOT NULL,
    marketing_consent_at timestamp with time zone,
    last_login_at timestamp with time zone,
    deleted_at timestamp with time zone,
    purge_after timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    inactivity_notice_at timestamp with time zone,
    CONSTRAINT users_check CHECK (((status = 'deleted'::text) = ((deleted_at IS NOT NULL) AND (purge_after IS NOT NULL)))),
    CONSTRAINT users_email_check CHECK (((email = lower(btrim(email))) AND (email ~~ '%_@_%'::text))),
    CONSTRAINT users_first_name_check CHECK (((length(first_name) >= 1) AND (length(first_name) <= 100))),
    CONSTRAINT users_last_name_check CHECK (((length(last_name) >= 1) AND (length(last_name) <= 100))),
    CONSTRAINT users_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text, 'deleted'::text])))
);

ALTER TABLE ONLY identity.users FORCE ROW LEVEL SECURITY;


--
-- Name: COLUMN users.purge_after; Type: COMMENT; Schema: identity; Owner: -
--

COMMENT ON COLUMN identity.users.purge_after IS 'LPDP (Ley 29733): a deleted account is erased for good after this time.';


--
-- Name: interviews; Type: TABLE; Schema: interview; Owner: -
--

CREATE TABLE interview.interviews (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    interview_type text NOT NULL,
    role_level text NOT NULL,
    difficulty text NOT NULL,
    language text NOT NULL,
    job_id uuid,
    job_title text,
    cv_id uuid,
    job_terms text[] DEFAULT '{}'::text[] NOT NULL,
    target_duration_minutes smallint NOT NULL,
    status text NOT NULL,
    overall_score smallint,
    scores jsonb,
    feedback jsonb DEFAULT '[]'::jsonb NOT NULL,
    scorer text NOT NULL,
    rubric_version text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_activity_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    llm_input_tokens bigint DEFAULT 0 NOT NULL,
    llm_output_tokens bigint DEFAULT 0 NOT NULL,
    llm_cost_micro_usd bigint DEFAULT 0 NOT NULL,
    idempotency_key text,
    CONSTRAINT interviews_check CHECK (((status = 'in_progress'::text) = (ended_at IS NULL))),
    CONSTRAINT interviews_check1 CHECK (((status = 'completed'::text) = ((overall_score IS NOT NULL) AND (scores IS NOT NULL)))),
    CONSTRAINT interviews_difficulty_check CHECK ((difficulty = ANY (ARRAY['easy'::text, 'medium'::text, 'hard'::text, 'expert'::text]))),
    CONSTRAINT interviews_feedback_check CHECK ((jsonb_typeof(feedback) = 'array'::text)),
    CONSTRAINT interviews_idempotency_key_check CHECK (((length(idempotency_key) >= 1) AND (length(idempotency_key) <= 255))),
    CONSTRAINT interviews_interview_type_check CHECK ((interview_type = ANY (ARRAY['behavioral'::text, 'technical'::text, 'case_study'::text, 'hr_screening'::text, 'competency'::text, 'mixed'::text]))),
    CONSTRAINT interviews_job_title_check CHECK ((length(job_title) <= 200)),
    CONSTRAINT interviews_language_check CHECK ((language = ANY (ARRAY['es'::text, 'en'::text]))),
    CONSTRAINT interviews_llm_cost_micro_usd_check CHECK ((llm_cost_micro_usd >= 0)),
    CONSTRAINT interviews_llm_input_tokens_check CHECK ((llm_input_tokens >= 0)),
    CONSTRAINT interviews_llm_output_tokens_check CHECK ((llm_output_tokens >= 0)),
    CONSTRAINT interviews_overall_score_check CHECK (((overall_score >= 0) AND (overall_score <= 100))),
    CONSTRAINT interviews_role_level_check CHECK ((role_level = ANY (ARRAY['intern'::text, 'junior'::text, 'mid'::text, 'senior'::text, 'lead'::text, 'executive'::text]))),
    CONSTRAINT interviews_rubric_version_check CHECK ((length(rubric_version) <= 100)),
    CONSTRAINT interviews_scorer_check CHECK ((length(scorer) <= 100)),
    CONSTRAINT interviews_scores_check CHECK ((jsonb_typeof(scores) = 'object'::text)),
    CONSTRAINT interviews_status_check CHECK ((status = ANY (ARRAY['in_progress'::text, 'completed'::text, 'abandoned'::text, 'expired'::text]))),
    CONSTRAINT interviews_target_duration_minutes_check CHECK (((target_duration_minutes >= 5) AND (target_duration_minutes <= 120)))
);

ALTER TABLE ONLY interview.interviews FORCE ROW LEVEL SECURITY;


--
-- Name: questions; Type: TABLE; Schema: interview; Owner: -
--

CREATE TABLE interview.questions (
    id uuid NOT NULL,
    interview_id uuid NOT NULL,
    user_id uuid NOT NULL,
    "position" smallint NOT NULL,
    follows_up uuid,
    bank_id text,
    source text NOT NULL,
    kind text NOT NULL,
    text text NOT NULL,
    competencies text[] DEFAULT '{}'::text[] NOT NULL,
    expected_points jsonb NOT NULL,
    asked_at timestamp with time zone,
    CONSTRAINT questions_bank_id_check CHECK ((length(bank_id) <= 40)),
    CONSTRAINT questions_expected_points_check CHECK ((jsonb_typeof(expected_points) = 'array'::text)),
    CONSTRAINT questions_kind_check CHECK ((kind = ANY (ARRAY['behavioral'::text, 'technical'::text, 'case_study'::text, 'hr_screening'::text, 'competency'::text]))),
    CONSTRAINT questions_position_check CHECK (("position" >= 0)),
    CONSTRAINT questions_source_check CHECK ((source = ANY (ARRAY['bank'::text, 'job_requirement'::text, 'cv_gap'::text, 'cv_experience'::text, 'follow_up'::text]))),
    CONSTRAINT questions_text_check CHECK (((length(text) >= 1) AND (length(text) <= 1000)))
);

ALTER TABLE ONLY interview.questions FORCE ROW LEVEL SECURITY;


--
-- Name: responses; Type: TABLE; Schema: interview; Owner: -
--

CREATE TABLE interview.responses (
    id uuid NOT NULL,
    question_id uuid NOT NULL,
    interview_id uuid NOT NULL,
    user_id uuid NOT NULL,
    response_text text NOT NULL,
    response_duration_seconds integer,
    score smallint NOT NULL,
    feedback jsonb NOT NULL,
    scorer text NOT NULL,
    rubric_version text NOT NULL,
    input_hash text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    audio_key text,
    audio_format text,
    audio_bytes integer,
    CONSTRAINT responses_audio_bytes_check CHECK ((audio_bytes > 0)),
    CONSTRAINT responses_audio_format_check CHECK ((audio_format = ANY (ARRAY['webm'::text, 'ogg'::text, 'mp3'::text, 'wav'::text]))),
    CONSTRAINT responses_audio_key_check CHECK ((length(audio_key) <= 1024)),
    CONSTRAINT responses_audio_whole CHECK ((((audio_key IS NULL) = (audio_format IS NULL)) AND ((audio_key IS NULL) = (audio_bytes IS NULL)))),
    CONSTRAINT responses_feedback_check CHECK ((jsonb_typeof(feedback) = 'object'::text)),
    CONSTRAINT responses_input_hash_check CHECK ((input_hash ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT responses_response_duration_seconds_check CHECK (((response_duration_seconds >= 1) AND (response_duration_seconds <= 3600))),
    CONSTRAINT responses_response_text_check CHECK (((length(response_text) >= 1) AND (length(response_text) <= 10000))),
    CONSTRAINT responses_rubric_version_check CHECK ((length(rubric_version) <= 100)),
    CONSTRAINT responses_score_check CHECK (((score >= 0) AND (score <= 100))),
    CONSTRAINT responses_scorer_check CHECK ((length(scorer) <= 100))
);

ALTER TABLE ONLY interview.responses FORCE ROW LEVEL SECURITY;


--
-- Name: board_counts; Type: TABLE; Schema: matching; Owner: -
--

CREATE TABLE matching.board_counts (
    facet text NOT NULL,
    value text NOT NULL,
    id bigint NOT NULL,
    postings bigint NOT NULL
);


--
-- Name: board_counts_id_seq; Type: SEQUENCE; Schema: matching; Owner: -
--

ALTER TABLE matching.board_counts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME matching.board_counts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: job_embeddings; Type: TABLE; Schema: matching; Owner: -
--

CREATE TABLE matching.job_embeddings (
    job_id uuid NOT NULL,
    tenant_id uuid,
    model text NOT NULL,
    dimensions integer NOT NULL,
    embedding public.vector NOT NULL,
    content_sha256 text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    published boolean DEFAULT false NOT NULL,
    expires_at timestamp with time zone,
    CONSTRAINT job_embeddings_check CHECK ((public.vector_dims(embedding) = dimensions)),
    CONSTRAINT job_embeddings_dimensions_check CHECK (((dimensions >= 1) AND (dimensions <= 2000)))
);

ALTER TABLE ONLY matching.job_embeddings FORCE ROW LEVEL SECURITY;


--
-- Name: job_postings; Type: TABLE; Schema: matching; Owner: -
--

CREATE TABLE matching.job_postings (
    id uuid NOT NULL,
    tenant_id uuid,
    created_by uuid,
    source text DEFAULT 'direct'::text NOT NULL,
    external_id text,
    status text DEFAULT 'draft'::text NOT NULL,
    close_reason text,
    title text NOT NULL,
    description text NOT NULL,
    requirements jsonb DEFAULT '[]'::jsonb NOT NULL,
    benefits jsonb DEFAULT '[]'::jsonb NOT NULL,
    industry text,
    job_function text,
    seniority_level text,
    employment_type text NOT NULL,
    location_city text,
    location_country text DEFAULT 'PE'::text NOT NULL,
    remote_policy text NOT NULL,
    salary_min numeric(12,2),
    salary_max numeric(12,2),
    salary_currency text DEFAULT 'PEN'::text NOT NULL,
    salary_period text DEFAULT 'month'::text NOT NULL,
    language text DEFAULT 'es'::text NOT NULL,
    analysis jsonb DEFAULT '{}'::jsonb NOT NULL,
    expires_at timestamp with time zone,
    published_at timestamp with time zone,
    closed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    search_title text DEFAULT ''::text NOT NULL,
    search_body text DEFAULT ''::text NOT NULL,
    search_vector tsvector GENERATED ALWAYS AS (((setweight(to_tsvector('simple'::regconfig, search_title), 'A'::"char") || setweight(to_tsvector(
CASE
    WHEN (language = 'en'::text) THEN 'english'::regconfig
    ELSE 'spanish'::regconfig
END, search_title), 'A'::"char")) || setweight(to_tsvector(
CASE
    WHEN (language = 'en'::text) THEN 'english'::regconfig
    ELSE 'spanish'::regconfig
END, search_body), 'C'::"char"))) STORED NOT NULL,
    CONSTRAINT job_postings_check CHECK (((salary_min IS NULL) OR (salary_max IS NULL) OR (salary_min <= salary_max))),
    CONSTRAINT job_postings_check1 CHECK (((status = 'closed'::text) = (close_reason IS NOT NULL))),
    CONSTRAINT job_postings_check2 CHECK (((status = ANY (ARRAY['draft'::text, 'closed'::text])) OR (published_at IS NOT NULL))),
    CONSTRAINT job_postings_close_reason_check CHECK ((close_reason = ANY (ARRAY['filled'::text, 'removed'::text]))),
    CONSTRAINT job_postings_description_check CHECK (((length(description) >= 1) AND (length(description) <= 20000))),
    CONSTRAINT job_postings_employment_type_check CHECK ((employment_type = ANY (ARRAY['full-time'::text, 'part-time'::text, 'contract'::text, 'internship'::text, 'freelance'::text]))),
    CONSTRAINT job_postings_external_id_check CHECK (((length(external_id) >= 1) AND (length(external_id) <= 200))),
    CONSTRAINT job_postings_language_check CHECK ((language = ANY (ARRAY['es'::text, 'en'::text]))),
    CONSTRAINT job_postings_location_country_check CHECK ((location_country ~ '^[A-Z]{2}$'::text)),
    CONSTRAINT job_postings_remote_policy_check CHECK ((remote_policy = ANY (ARRAY['onsite'::text, 'hybrid'::text, 'remote'::text]))),
    CONSTRAINT job_postings_salary_currency_check CHECK ((salary_currency ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT job_postings_salary_max_check CHECK ((salary_max >= (0)::numeric)),
    CONSTRAINT job_postings_salary_min_check CHECK ((salary_min >= (0)::numeric)),
    CONSTRAINT job_postings_salary_period_check CHECK ((salary_period = ANY (ARRAY['hour'::text, 'month'::text, 'year'::text]))),
    CONSTRAINT job_postings_seniority_level_check CHECK ((seniority_level = ANY (ARRAY['intern'::text, 'junior'::text, 'mid'::text, 'senior'::text, 'lead'::text, 'executive'::text]))),
    CONSTRAINT job_postings_source_check CHECK ((source ~ '^[a-z0-9][a-z0-9_.-]{0,63}$'::text)),
    CONSTRAINT job_postings_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'active'::text, 'closed'::text, 'expired'::text]))),
    CONSTRAINT job_postings_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200)))
);

ALTER TABLE ONLY matching.job_postings FORCE ROW LEVEL SECURITY;


--
-- Name: matches; Type: TABLE; Schema: matching; Owner: -
--

CREATE TABLE matching.matches (
    id uuid NOT NULL,
    cv_id uuid NOT NULL,
    user_id uuid NOT NULL,
    job_id uuid NOT NULL,
    overall_score real NOT NULL,
    semantic_score real NOT NULL,
    skill_match_score real NOT NULL,
    experience_score real NOT NULL,
    details jsonb NOT NULL,
    scorer text NOT NULL,
    status text DEFAULT 'new'::text NOT NULL,
    rating smallint,
    computed_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT matches_experience_score_check CHECK (((experience_score >= (0)::double precision) AND (experience_score <= (1)::double precision))),
    CONSTRAINT matches_overall_score_check CHECK (((overall_score >= (0)::double precision) AND (overall_score <= (1)::double precision))),
    CONSTRAINT matches_rating_check CHECK (((rating >= 1) AND (rating <= 5))),
    CONSTRAINT matches_semantic_score_check CHECK (((semantic_score >= (0)::double precision) AND (semantic_score <= (1)::double precision))),
    CONSTRAINT matches_skill_match_score_check CHECK (((skill_match_score >= (0)::double precision) AND (skill_match_score <= (1)::double precision))),
    CONSTRAINT matches_status_check CHECK ((status = ANY (ARRAY['new'::text, 'saved'::text, 'dismissed'::text])))
);

ALTER TABLE ONLY matching.matches FORCE ROW LEVEL SECURITY;


--
-- Name: jobs; Type: TABLE; Schema: platform; Owner: -
--

CREATE TABLE platform.jobs (
    id uuid NOT NULL,
    kind text NOT NULL,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    priority smallint DEFAULT 0 NOT NULL,
    status text DEFAULT 'queued'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    max_attempts integer NOT NULL,
    run_at timestamp with time zone DEFAULT now() NOT NULL,
    locked_until timestamp with time zone,
    locked_by text,
    last_error text,
    dedup_key text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    CONSTRAINT jobs_kind_check CHECK ((kind ~ '^[a-z][a-z0-9_.-]{0,63}$'::text)),
    CONSTRAINT jobs_max_attempts_check CHECK ((max_attempts > 0)),
    CONSTRAINT jobs_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'done'::text, 'dead'::text])))
);

ALTER TABLE ONLY platform.jobs FORCE ROW LEVEL SECURITY;


--
-- Name: __diesel_schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.__diesel_schema_migrations (
    version character varying(50) NOT NULL,
    run_on timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);


--
-- Name: audit_log audit_log_id_key; Type: CONSTRAINT; Schema: analytics; Owner: -
--

ALTER TABLE ONLY analytics.audit_log
    ADD CONSTRAINT audit_log_id_key UNIQUE (id);


--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: analytics; Owner: -
--

ALTER TABLE ONLY analytics.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (seq);


--
-- Name: event_receipts event_receipts_pkey; Type: CONSTRAINT; Schema: analytics; Owner: -
--

ALTER TABLE ONLY analytics.event_receipts
    ADD CONSTRAINT event_receipts_pkey PRIMARY KEY (event_id);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: analytics; Owner: -
--

ALTER TABLE ONLY analytics.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (event_id, occurred_at);


--
-- Name: metrics metrics_granularity_bucket_start_scope_tenant_id_name_key; Type: CONSTRAINT; Schema: analytics; Owner: -
--

ALTER TABLE ONLY analytics.metrics
    ADD CONSTRAINT metrics_granularity_bucket_start_scope_tenant_id_name_key UNIQUE NULLS NOT DISTINCT (granularity, bucket_start, scope, tenant_id, name);


--
-- Name: metrics metrics_pkey; Type: CONSTRAINT; Schema: analytics; Owner: -
--

ALTER TABLE ONLY analytics.metrics
    ADD CONSTRAINT metrics_pkey PRIMARY KEY (id);


--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: analytics; Owner: -
--

ALTER TABLE ONLY analytics.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);


--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (id);


--
-- Name: plans plans_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.plans
    ADD CONSTRAINT plans_pkey PRIMARY KEY (id);


--
-- Name: profiles profiles_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.profiles
    ADD CONSTRAINT profiles_pkey PRIMARY KEY (id);


--
-- Name: profiles profiles_tenant_id_key; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.profiles
    ADD CONSTRAINT profiles_tenant_id_key UNIQUE (tenant_id);


--
-- Name: profiles profiles_user_id_key; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.profiles
    ADD CONSTRAINT profiles_user_id_key UNIQUE (user_id);


--
-- Name: receipt_series receipt_series_kind_key; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.receipt_series
    ADD CONSTRAINT receipt_series_kind_key UNIQUE (kind);


--
-- Name: receipt_series receipt_series_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.receipt_series
    ADD CONSTRAINT receipt_series_pkey PRIMARY KEY (series);


--
-- Name: receipts receipts_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.receipts
    ADD CONSTRAINT receipts_pkey PRIMARY KEY (id);


--
-- Name: receipts receipts_series_correlative_key; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.receipts
    ADD CONSTRAINT receipts_series_correlative_key UNIQUE (series, correlative);


--
-- Name: subscriptions subscriptions_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.subscriptions
    ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (id);


--
-- Name: usage usage_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.usage
    ADD CONSTRAINT usage_pkey PRIMARY KEY (id);


--
-- Name: webhook_events webhook_events_pkey; Type: CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.webhook_events
    ADD CONSTRAINT webhook_events_pkey PRIMARY KEY (provider, event_id);


--
-- Name: consents consents_pkey; Type: CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.consents
    ADD CONSTRAINT consents_pkey PRIMARY KEY (id);


--
-- Name: cv_embeddings cv_embeddings_pkey; Type: CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cv_embeddings
    ADD CONSTRAINT cv_embeddings_pkey PRIMARY KEY (id);


--
-- Name: cv_sections cv_sections_cv_id_position_key; Type: CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cv_sections
    ADD CONSTRAINT cv_sections_cv_id_position_key UNIQUE (cv_id, "position");


--
-- Name: cv_sections cv_sections_pkey; Type: CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cv_sections
    ADD CONSTRAINT cv_sections_pkey PRIMARY KEY (id);


--
-- Name: cvs cvs_pkey; Type: CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cvs
    ADD CONSTRAINT cvs_pkey PRIMARY KEY (id);


--
-- Name: cvs cvs_user_id_version_key; Type: CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cvs
    ADD CONSTRAINT cvs_user_id_version_key UNIQUE (user_id, version);


--
-- Name: shares shares_pkey; Type: CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.shares
    ADD CONSTRAINT shares_pkey PRIMARY KEY (cv_id, tenant_id, purpose_id);


--
-- Name: skills skills_pkey; Type: CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.skills
    ADD CONSTRAINT skills_pkey PRIMARY KEY (cv_id, skill_id);


--
-- Name: applications applications_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.applications
    ADD CONSTRAINT applications_pkey PRIMARY KEY (id, applied_at);


--
-- Name: candidacies candidacies_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.candidacies
    ADD CONSTRAINT candidacies_pkey PRIMARY KEY (job_id, user_id);


--
-- Name: candidates candidates_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.candidates
    ADD CONSTRAINT candidates_pkey PRIMARY KEY (id);


--
-- Name: challenge_templates challenge_templates_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.challenge_templates
    ADD CONSTRAINT challenge_templates_pkey PRIMARY KEY (id);


--
-- Name: external_candidacies external_candidacies_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.external_candidacies
    ADD CONSTRAINT external_candidacies_pkey PRIMARY KEY (job_id, candidate_id);


--
-- Name: message_templates message_templates_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.message_templates
    ADD CONSTRAINT message_templates_pkey PRIMARY KEY (id);


--
-- Name: message_templates message_templates_tenant_id_name_locale_key; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.message_templates
    ADD CONSTRAINT message_templates_tenant_id_name_locale_key UNIQUE (tenant_id, name, locale);


--
-- Name: network_applications network_applications_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.network_applications
    ADD CONSTRAINT network_applications_pkey PRIMARY KEY (id);


--
-- Name: notes notes_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.notes
    ADD CONSTRAINT notes_pkey PRIMARY KEY (id);


--
-- Name: pipelines pipelines_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.pipelines
    ADD CONSTRAINT pipelines_pkey PRIMARY KEY (job_id);


--
-- Name: scorecard_criteria scorecard_criteria_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecard_criteria
    ADD CONSTRAINT scorecard_criteria_pkey PRIMARY KEY (id);


--
-- Name: scorecard_scores scorecard_scores_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecard_scores
    ADD CONSTRAINT scorecard_scores_pkey PRIMARY KEY (scorecard_id, criterion_id);


--
-- Name: scorecards scorecards_application_id_evaluator_id_key; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecards
    ADD CONSTRAINT scorecards_application_id_evaluator_id_key UNIQUE (application_id, evaluator_id);


--
-- Name: scorecards scorecards_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecards
    ADD CONSTRAINT scorecards_pkey PRIMARY KEY (id);


--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (tenant_id);


--
-- Name: stage_changes stage_changes_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.stage_changes
    ADD CONSTRAINT stage_changes_pkey PRIMARY KEY (id);


--
-- Name: submissions submissions_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.submissions
    ADD CONSTRAINT submissions_pkey PRIMARY KEY (user_id, idempotency_key);


--
-- Name: talent_profiles talent_profiles_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.talent_profiles
    ADD CONSTRAINT talent_profiles_pkey PRIMARY KEY (id);


--
-- Name: talent_profiles talent_profiles_user_id_key; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.talent_profiles
    ADD CONSTRAINT talent_profiles_user_id_key UNIQUE (user_id);


--
-- Name: technical_evaluations technical_evaluations_pkey; Type: CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.technical_evaluations
    ADD CONSTRAINT technical_evaluations_pkey PRIMARY KEY (id);


--
-- Name: consent_records consent_records_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.consent_records
    ADD CONSTRAINT consent_records_pkey PRIMARY KEY (id);


--
-- Name: data_exports data_exports_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.data_exports
    ADD CONSTRAINT data_exports_pkey PRIMARY KEY (id);


--
-- Name: invitations invitations_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_pkey PRIMARY KEY (id);


--
-- Name: invitations invitations_token_hash_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_token_hash_key UNIQUE (token_hash);


--
-- Name: memberships memberships_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.memberships
    ADD CONSTRAINT memberships_pkey PRIMARY KEY (id);


--
-- Name: memberships memberships_tenant_id_user_id_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.memberships
    ADD CONSTRAINT memberships_tenant_id_user_id_key UNIQUE (tenant_id, user_id);


--
-- Name: one_time_tokens one_time_tokens_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.one_time_tokens
    ADD CONSTRAINT one_time_tokens_pkey PRIMARY KEY (token_hash);


--
-- Name: refresh_tokens refresh_tokens_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.refresh_tokens
    ADD CONSTRAINT refresh_tokens_pkey PRIMARY KEY (token_hash);


--
-- Name: roles roles_level_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.roles
    ADD CONSTRAINT roles_level_key UNIQUE (level);


--
-- Name: roles roles_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.roles
    ADD CONSTRAINT roles_pkey PRIMARY KEY (code);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);


--
-- Name: tenants tenants_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.tenants
    ADD CONSTRAINT tenants_pkey PRIMARY KEY (id);


--
-- Name: tenants tenants_slug_key; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.tenants
    ADD CONSTRAINT tenants_slug_key UNIQUE (slug);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: interviews interviews_pkey; Type: CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.interviews
    ADD CONSTRAINT interviews_pkey PRIMARY KEY (id);


--
-- Name: questions questions_follows_up_key; Type: CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.questions
    ADD CONSTRAINT questions_follows_up_key UNIQUE (follows_up);


--
-- Name: questions questions_pkey; Type: CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.questions
    ADD CONSTRAINT questions_pkey PRIMARY KEY (id);


--
-- Name: responses responses_pkey; Type: CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.responses
    ADD CONSTRAINT responses_pkey PRIMARY KEY (id);


--
-- Name: responses responses_question_id_key; Type: CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.responses
    ADD CONSTRAINT responses_question_id_key UNIQUE (question_id);


--
-- Name: board_counts board_counts_pkey; Type: CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.board_counts
    ADD CONSTRAINT board_counts_pkey PRIMARY KEY (facet, value, id) INCLUDE (postings);


--
-- Name: board board_pkey; Type: CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.board
    ADD CONSTRAINT board_pkey PRIMARY KEY (id);


--
-- Name: job_embeddings job_embeddings_pkey; Type: CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.job_embeddings
    ADD CONSTRAINT job_embeddings_pkey PRIMARY KEY (job_id, model);


--
-- Name: job_postings job_postings_pkey; Type: CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.job_postings
    ADD CONSTRAINT job_postings_pkey PRIMARY KEY (id);


--
-- Name: matches matches_cv_id_job_id_key; Type: CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.matches
    ADD CONSTRAINT matches_cv_id_job_id_key UNIQUE (cv_id, job_id);


--
-- Name: matches matches_pkey; Type: CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.matches
    ADD CONSTRAINT matches_pkey PRIMARY KEY (id);


--
-- Name: jobs jobs_pkey; Type: CONSTRAINT; Schema: platform; Owner: -
--

ALTER TABLE ONLY platform.jobs
    ADD CONSTRAINT jobs_pkey PRIMARY KEY (id);


--
-- Name: __diesel_schema_migrations __diesel_schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.__diesel_schema_migrations
    ADD CONSTRAINT __diesel_schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: active_users_day; Type: INDEX; Schema: analytics; Owner: -
--

CREATE UNIQUE INDEX active_users_day ON analytics.active_users USING btree (day);


--
-- Name: audit_log_action; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX audit_log_action ON analytics.audit_log USING btree (action, occurred_at);


--
-- Name: audit_log_actor; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX audit_log_actor ON analytics.audit_log USING btree (actor_id) WHERE (actor_id IS NOT NULL);


--
-- Name: audit_log_subject; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX audit_log_subject ON analytics.audit_log USING btree (subject_id) WHERE (subject_id IS NOT NULL);


--
-- Name: audit_log_tenant; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX audit_log_tenant ON analytics.audit_log USING btree (tenant_id, seq) WHERE (tenant_id IS NOT NULL);


--
-- Name: event_receipts_received; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX event_receipts_received ON analytics.event_receipts USING brin (received_at);


--
-- Name: events_actor; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX events_actor ON ONLY analytics.events USING btree (actor_key) WHERE (actor_key IS NOT NULL);


--
-- Name: events_name_time; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX events_name_time ON ONLY analytics.events USING btree (name, occurred_at);


--
-- Name: events_tenant_time; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX events_tenant_time ON ONLY analytics.events USING btree (tenant_id, occurred_at) WHERE (tenant_id IS NOT NULL);


--
-- Name: metrics_tenant; Type: INDEX; Schema: analytics; Owner: -
--

CREATE INDEX metrics_tenant ON analytics.metrics USING btree (tenant_id, granularity, bucket_start) WHERE (tenant_id IS NOT NULL);


--
-- Name: search_terms_without_results_term; Type: INDEX; Schema: analytics; Owner: -
--

CREATE UNIQUE INDEX search_terms_without_results_term ON analytics.search_terms_without_results USING btree (term);


--
-- Name: payments_by_reference; Type: INDEX; Schema: billing; Owner: -
--

CREATE UNIQUE INDEX payments_by_reference ON billing.payments USING btree (provider, provider_reference);


--
-- Name: payments_idempotency; Type: INDEX; Schema: billing; Owner: -
--

CREATE UNIQUE INDEX payments_idempotency ON billing.payments USING btree (COALESCE(user_id, tenant_id), idempotency_key);


--
-- Name: payments_of_subject; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX payments_of_subject ON billing.payments USING btree (COALESCE(user_id, tenant_id), created_at DESC);


--
-- Name: payments_one_pending_renewal; Type: INDEX; Schema: billing; Owner: -
--

CREATE UNIQUE INDEX payments_one_pending_renewal ON billing.payments USING btree (subscription_id) WHERE ((status = 'pending'::text) AND (purpose = 'renewal'::text));


--
-- Name: payments_one_per_placement; Type: INDEX; Schema: billing; Owner: -
--

CREATE UNIQUE INDEX payments_one_per_placement ON billing.payments USING btree (placement_id) WHERE (placement_id IS NOT NULL);


--
-- Name: payments_pending; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX payments_pending ON billing.payments USING btree (created_at) WHERE (status = 'pending'::text);


--
-- Name: receipts_of_subject; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX receipts_of_subject ON billing.receipts USING btree (COALESCE(user_id, tenant_id), issued_at DESC);


--
-- Name: receipts_one_per_payment; Type: INDEX; Schema: billing; Owner: -
--

CREATE UNIQUE INDEX receipts_one_per_payment ON billing.receipts USING btree (payment_id) WHERE (credits_receipt_id IS NULL);


--
-- Name: subscriptions_due; Type: INDEX; Schema: billing; Owner: -
--

CREATE INDEX subscriptions_due ON billing.subscriptions USING btree (current_period_end) WHERE (status = ANY (ARRAY['active'::text, 'past_due'::text]));


--
-- Name: subscriptions_live; Type: INDEX; Schema: billing; Owner: -
--

CREATE UNIQUE INDEX subscriptions_live ON billing.subscriptions USING btree (COALESCE(user_id, tenant_id)) WHERE (status = ANY (ARRAY['trialing'::text, 'active'::text, 'past_due'::text]));


--
-- Name: usage_per_period; Type: INDEX; Schema: billing; Owner: -
--

CREATE UNIQUE INDEX usage_per_period ON billing.usage USING btree (COALESCE(user_id, tenant_id), resource, period_start);


--
-- Name: consents_cv_idx; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX consents_cv_idx ON cv.consents USING btree (cv_id, created_at);


--
-- Name: cv_embeddings_hnsw_384; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX cv_embeddings_hnsw_384 ON cv.cv_embeddings USING hnsw (((embedding)::public.vector(384)) public.vector_cosine_ops) WHERE (dimensions = 384);


--
-- Name: cv_embeddings_section; Type: INDEX; Schema: cv; Owner: -
--

CREATE UNIQUE INDEX cv_embeddings_section ON cv.cv_embeddings USING btree (section_id, model) WHERE (section_id IS NOT NULL);


--
-- Name: cv_embeddings_user_idx; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX cv_embeddings_user_idx ON cv.cv_embeddings USING btree (user_id);


--
-- Name: cv_embeddings_whole; Type: INDEX; Schema: cv; Owner: -
--

CREATE UNIQUE INDEX cv_embeddings_whole ON cv.cv_embeddings USING btree (cv_id, model) WHERE (section_id IS NULL);


--
-- Name: cv_sections_user_idx; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX cv_sections_user_idx ON cv.cv_sections USING btree (user_id);


--
-- Name: cvs_discoverable_idx; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX cvs_discoverable_idx ON cv.cvs USING btree (id) WHERE (discoverable_since IS NOT NULL);


--
-- Name: cvs_idempotency_key; Type: INDEX; Schema: cv; Owner: -
--

CREATE UNIQUE INDEX cvs_idempotency_key ON cv.cvs USING btree (user_id, idempotency_key) WHERE (idempotency_key IS NOT NULL);


--
-- Name: cvs_one_primary; Type: INDEX; Schema: cv; Owner: -
--

CREATE UNIQUE INDEX cvs_one_primary ON cv.cvs USING btree (user_id) WHERE is_primary;


--
-- Name: cvs_user_idx; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX cvs_user_idx ON cv.cvs USING btree (user_id, created_at DESC, id DESC);


--
-- Name: shares_tenant_idx; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX shares_tenant_idx ON cv.shares USING btree (tenant_id, cv_id);


--
-- Name: shares_user_idx; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX shares_user_idx ON cv.shares USING btree (user_id);


--
-- Name: skills_skill_idx; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX skills_skill_idx ON cv.skills USING btree (skill_id);


--
-- Name: skills_user_idx; Type: INDEX; Schema: cv; Owner: -
--

CREATE INDEX skills_user_idx ON cv.skills USING btree (user_id);


--
-- Name: applications_candidate_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX applications_candidate_idx ON ONLY hiring.applications USING btree (candidate_id) WHERE (candidate_id IS NOT NULL);


--
-- Name: applications_cv_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX applications_cv_idx ON ONLY hiring.applications USING btree (cv_id) WHERE (cv_id IS NOT NULL);


--
-- Name: applications_job_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX applications_job_idx ON ONLY hiring.applications USING btree (job_id, applied_at DESC);


--
-- Name: applications_job_score_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX applications_job_score_idx ON ONLY hiring.applications USING btree (job_id, score DESC, id DESC);


--
-- Name: applications_job_stage_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX applications_job_stage_idx ON ONLY hiring.applications USING btree (job_id, stage, status) INCLUDE (tenant_id, user_id);


--
-- Name: applications_tags_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX applications_tags_idx ON ONLY hiring.applications USING gin (tags);


--
-- Name: applications_tenant_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX applications_tenant_idx ON ONLY hiring.applications USING btree (tenant_id, applied_at DESC);


--
-- Name: applications_user_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX applications_user_idx ON ONLY hiring.applications USING btree (user_id, applied_at DESC) WHERE (user_id IS NOT NULL);


--
-- Name: candidates_email; Type: INDEX; Schema: hiring; Owner: -
--

CREATE UNIQUE INDEX candidates_email ON hiring.candidates USING btree (tenant_id, email) WHERE (email IS NOT NULL);


--
-- Name: candidates_phone; Type: INDEX; Schema: hiring; Owner: -
--

CREATE UNIQUE INDEX candidates_phone ON hiring.candidates USING btree (tenant_id, phone) WHERE (phone IS NOT NULL);


--
-- Name: candidates_tenant_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX candidates_tenant_idx ON hiring.candidates USING btree (tenant_id, created_at DESC, id DESC);


--
-- Name: challenge_templates_languages_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX challenge_templates_languages_idx ON hiring.challenge_templates USING gin (languages);


--
-- Name: challenge_templates_tenant_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX challenge_templates_tenant_idx ON hiring.challenge_templates USING btree (tenant_id, title, id);


--
-- Name: message_templates_stage; Type: INDEX; Schema: hiring; Owner: -
--

CREATE UNIQUE INDEX message_templates_stage ON hiring.message_templates USING btree (tenant_id, stage, locale) WHERE (stage IS NOT NULL);


--
-- Name: network_applications_open; Type: INDEX; Schema: hiring; Owner: -
--

CREATE UNIQUE INDEX network_applications_open ON hiring.network_applications USING btree (tenant_id, profile_id) WHERE (status <> ALL (ARRAY['hired'::text, 'rejected'::text]));


--
-- Name: network_applications_tenant_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX network_applications_tenant_idx ON hiring.network_applications USING btree (tenant_id, created_at DESC);


--
-- Name: network_applications_user_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX network_applications_user_idx ON hiring.network_applications USING btree (user_id, created_at DESC);


--
-- Name: notes_application_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX notes_application_idx ON hiring.notes USING btree (application_id, created_at);


--
-- Name: pipelines_tenant_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX pipelines_tenant_idx ON hiring.pipelines USING btree (tenant_id);


--
-- Name: scorecard_criteria_job_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX scorecard_criteria_job_idx ON hiring.scorecard_criteria USING btree (job_id, "position");


--
-- Name: scorecard_scores_criterion_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX scorecard_scores_criterion_idx ON hiring.scorecard_scores USING btree (criterion_id);


--
-- Name: stage_changes_application_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX stage_changes_application_idx ON hiring.stage_changes USING btree (application_id, changed_at);


--
-- Name: talent_profiles_email; Type: INDEX; Schema: hiring; Owner: -
--

CREATE UNIQUE INDEX talent_profiles_email ON hiring.talent_profiles USING btree (email) WHERE (email IS NOT NULL);


--
-- Name: talent_profiles_github; Type: INDEX; Schema: hiring; Owner: -
--

CREATE UNIQUE INDEX talent_profiles_github ON hiring.talent_profiles USING btree (github_username) WHERE (github_username IS NOT NULL);


--
-- Name: talent_profiles_skills; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX talent_profiles_skills ON hiring.talent_profiles USING gin (skill_ids);


--
-- Name: talent_profiles_visible; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX talent_profiles_visible ON hiring.talent_profiles USING btree (status, updated_at DESC) WHERE (status = ANY (ARRAY['active'::text, 'featured'::text]));


--
-- Name: technical_evaluations_application_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX technical_evaluations_application_idx ON hiring.technical_evaluations USING btree (application_id, created_at);


--
-- Name: technical_evaluations_template_idx; Type: INDEX; Schema: hiring; Owner: -
--

CREATE INDEX technical_evaluations_template_idx ON hiring.technical_evaluations USING btree (challenge_template_id) WHERE (challenge_template_id IS NOT NULL);


--
-- Name: consent_records_user; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX consent_records_user ON identity.consent_records USING btree (user_id, purpose, recorded_at DESC);


--
-- Name: data_exports_expiring; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX data_exports_expiring ON identity.data_exports USING btree (expires_at) WHERE (status = 'ready'::text);


--
-- Name: data_exports_user; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX data_exports_user ON identity.data_exports USING btree (user_id, requested_at DESC);


--
-- Name: invitations_open_key; Type: INDEX; Schema: identity; Owner: -
--

CREATE UNIQUE INDEX invitations_open_key ON identity.invitations USING btree (tenant_id, email) WHERE ((accepted_at IS NULL) AND (revoked_at IS NULL));


--
-- Name: invitations_tenant_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX invitations_tenant_idx ON identity.invitations USING btree (tenant_id, created_at DESC);


--
-- Name: memberships_user_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX memberships_user_idx ON identity.memberships USING btree (user_id);


--
-- Name: one_time_tokens_user_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX one_time_tokens_user_idx ON identity.one_time_tokens USING btree (user_id, purpose);


--
-- Name: refresh_tokens_session_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX refresh_tokens_session_idx ON identity.refresh_tokens USING btree (session_id);


--
-- Name: sessions_user_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX sessions_user_idx ON identity.sessions USING btree (user_id, created_at DESC);


--
-- Name: users_email_live_key; Type: INDEX; Schema: identity; Owner: -
--

CREATE UNIQUE INDEX users_email_live_key ON identity.users USING btree (email) WHERE (deleted_at IS NULL);


--
-- Name: users_purge_due_idx; Type: INDEX; Schema: identity; Owner: -
--

CREATE INDEX users_purge_due_idx ON identity.users USING btree (purge_after) WHERE (purge_after IS NOT NULL);


--
-- Name: interviews_idempotency_key; Type: INDEX; Schema: interview; Owner: -
--

CREATE UNIQUE INDEX interviews_idempotency_key ON interview.interviews USING btree (user_id, idempotency_key) WHERE (idempotency_key IS NOT NULL);


--
-- Name: interviews_stale_idx; Type: INDEX; Schema: interview; Owner: -
--

CREATE INDEX interviews_stale_idx ON interview.interviews USING btree (last_activity_at) WHERE (status = 'in_progress'::text);


--
-- Name: interviews_user_idx; Type: INDEX; Schema: interview; Owner: -
--

CREATE INDEX interviews_user_idx ON interview.interviews USING btree (user_id, created_at DESC, id DESC);


--
-- Name: questions_plan; Type: INDEX; Schema: interview; Owner: -
--

CREATE UNIQUE INDEX questions_plan ON interview.questions USING btree (interview_id, "position") WHERE (follows_up IS NULL);


--
-- Name: responses_interview_idx; Type: INDEX; Schema: interview; Owner: -
--

CREATE INDEX responses_interview_idx ON interview.responses USING btree (interview_id, created_at);


--
-- Name: board_expires_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX board_expires_idx ON matching.board USING btree (expires_at) WHERE (expires_at IS NOT NULL);


--
-- Name: board_published_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX board_published_idx ON matching.board USING btree (published_at DESC, id DESC);


--
-- Name: board_search_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX board_search_idx ON matching.board USING gin (search_vector);


--
-- Name: board_skills_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX board_skills_idx ON matching.board USING gin (skill_ids);


--
-- Name: board_title_trgm_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX board_title_trgm_idx ON matching.board USING gin (search_title public.gin_trgm_ops);


--
-- Name: job_embeddings_hnsw_384; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX job_embeddings_hnsw_384 ON matching.job_embeddings USING hnsw (((embedding)::public.vector(384)) public.vector_cosine_ops) WHERE (dimensions = 384);


--
-- Name: job_postings_active_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX job_postings_active_idx ON matching.job_postings USING btree (published_at DESC, id DESC) WHERE (status = 'active'::text);


--
-- Name: job_postings_expiry_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX job_postings_expiry_idx ON matching.job_postings USING btree (expires_at) WHERE (status = 'active'::text);


--
-- Name: job_postings_external; Type: INDEX; Schema: matching; Owner: -
--

CREATE UNIQUE INDEX job_postings_external ON matching.job_postings USING btree (source, external_id) WHERE (external_id IS NOT NULL);


--
-- Name: job_postings_tenant_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX job_postings_tenant_idx ON matching.job_postings USING btree (tenant_id, created_at DESC, id DESC);


--
-- Name: matches_job_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX matches_job_idx ON matching.matches USING btree (job_id);


--
-- Name: matches_user_idx; Type: INDEX; Schema: matching; Owner: -
--

CREATE INDEX matches_user_idx ON matching.matches USING btree (user_id, status, updated_at DESC);


--
-- Name: jobs_dedup_key; Type: INDEX; Schema: platform; Owner: -
--

CREATE UNIQUE INDEX jobs_dedup_key ON platform.jobs USING btree (kind, dedup_key) WHERE (dedup_key IS NOT NULL);


--
-- Name: jobs_ready_idx; Type: INDEX; Schema: platform; Owner: -
--

CREATE INDEX jobs_ready_idx ON platform.jobs USING btree (priority DESC, run_at) WHERE (status = 'queued'::text);


--
-- Name: jobs_running_idx; Type: INDEX; Schema: platform; Owner: -
--

CREATE INDEX jobs_running_idx ON platform.jobs USING btree (locked_until) WHERE (status = 'running'::text);


--
-- Name: board_city; Type: STATISTICS; Schema: matching; Owner: -
--

CREATE STATISTICS matching.board_city ON lower(location_city) FROM matching.board;


--
-- Name: job_postings_city; Type: STATISTICS; Schema: matching; Owner: -
--

CREATE STATISTICS matching.job_postings_city ON lower(location_city) FROM matching.job_postings;


--
-- Name: audit_log audit_log_append_only; Type: TRIGGER; Schema: analytics; Owner: -
--

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON analytics.audit_log FOR EACH ROW EXECUTE FUNCTION analytics.audit_log_guard();


--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: analytics; Owner: -
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON analytics.audit_log FOR EACH STATEMENT EXECUTE FUNCTION analytics.audit_log_guard();


--
-- Name: board board_counts_added_removed; Type: TRIGGER; Schema: matching; Owner: -
--

CREATE TRIGGER board_counts_added_removed AFTER INSERT OR DELETE ON matching.board FOR EACH ROW EXECUTE FUNCTION matching.board_count();


--
-- Name: board board_counts_changed; Type: TRIGGER; Schema: matching; Owner: -
--

CREATE TRIGGER board_counts_changed AFTER UPDATE ON matching.board FOR EACH ROW WHEN (((((((old.location_city IS DISTINCT FROM new.location_city) OR (old.remote_policy IS DISTINCT FROM new.remote_policy)) OR (old.employment_type IS DISTINCT FROM new.employment_type)) OR (old.seniority_level IS DISTINCT FROM new.seniority_level)) OR (old.industry IS DISTINCT FROM new.industry)) OR (COALESCE(old.salary_max, old.salary_min) IS DISTINCT FROM COALESCE(new.salary_max, new.salary_min)))) EXECUTE FUNCTION matching.board_count();


--
-- Name: job_embeddings job_embeddings_visibility; Type: TRIGGER; Schema: matching; Owner: -
--

CREATE TRIGGER job_embeddings_visibility BEFORE INSERT ON matching.job_embeddings FOR EACH ROW EXECUTE FUNCTION matching.job_embedding_visibility();


--
-- Name: job_postings job_postings_board; Type: TRIGGER; Schema: matching; Owner: -
--

CREATE TRIGGER job_postings_board AFTER INSERT OR UPDATE ON matching.job_postings FOR EACH ROW EXECUTE FUNCTION matching.board_sync();


--
-- Name: job_postings job_postings_visibility; Type: TRIGGER; Schema: matching; Owner: -
--

CREATE TRIGGER job_postings_visibility AFTER UPDATE OF status, expires_at ON matching.job_postings FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) OR (old.expires_at IS DISTINCT FROM new.expires_at))) EXECUTE FUNCTION matching.job_posting_visibility();


--
-- Name: payments payments_plan_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payments
    ADD CONSTRAINT payments_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES billing.plans(id);


--
-- Name: payments payments_subscription_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payments
    ADD CONSTRAINT payments_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES billing.subscriptions(id) ON DELETE CASCADE;


--
-- Name: payments payments_tenant_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payments
    ADD CONSTRAINT payments_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: payments payments_user_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.payments
    ADD CONSTRAINT payments_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: profiles profiles_tenant_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.profiles
    ADD CONSTRAINT profiles_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: profiles profiles_user_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.profiles
    ADD CONSTRAINT profiles_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: receipts receipts_credits_receipt_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.receipts
    ADD CONSTRAINT receipts_credits_receipt_id_fkey FOREIGN KEY (credits_receipt_id) REFERENCES billing.receipts(id) ON DELETE CASCADE;


--
-- Name: receipts receipts_payment_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.receipts
    ADD CONSTRAINT receipts_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES billing.payments(id) ON DELETE CASCADE;


--
-- Name: receipts receipts_series_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.receipts
    ADD CONSTRAINT receipts_series_fkey FOREIGN KEY (series) REFERENCES billing.receipt_series(series);


--
-- Name: receipts receipts_tenant_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.receipts
    ADD CONSTRAINT receipts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: receipts receipts_user_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.receipts
    ADD CONSTRAINT receipts_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: subscriptions subscriptions_plan_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.subscriptions
    ADD CONSTRAINT subscriptions_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES billing.plans(id);


--
-- Name: subscriptions subscriptions_scheduled_plan_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.subscriptions
    ADD CONSTRAINT subscriptions_scheduled_plan_id_fkey FOREIGN KEY (scheduled_plan_id) REFERENCES billing.plans(id);


--
-- Name: subscriptions subscriptions_tenant_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.subscriptions
    ADD CONSTRAINT subscriptions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: subscriptions subscriptions_user_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.subscriptions
    ADD CONSTRAINT subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: usage usage_tenant_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.usage
    ADD CONSTRAINT usage_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: usage usage_user_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: -
--

ALTER TABLE ONLY billing.usage
    ADD CONSTRAINT usage_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: consents consents_cv_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.consents
    ADD CONSTRAINT consents_cv_id_fkey FOREIGN KEY (cv_id) REFERENCES cv.cvs(id) ON DELETE CASCADE;


--
-- Name: consents consents_user_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.consents
    ADD CONSTRAINT consents_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: cv_embeddings cv_embeddings_cv_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cv_embeddings
    ADD CONSTRAINT cv_embeddings_cv_id_fkey FOREIGN KEY (cv_id) REFERENCES cv.cvs(id) ON DELETE CASCADE;


--
-- Name: cv_embeddings cv_embeddings_section_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cv_embeddings
    ADD CONSTRAINT cv_embeddings_section_id_fkey FOREIGN KEY (section_id) REFERENCES cv.cv_sections(id) ON DELETE CASCADE;


--
-- Name: cv_embeddings cv_embeddings_user_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cv_embeddings
    ADD CONSTRAINT cv_embeddings_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: cv_sections cv_sections_cv_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cv_sections
    ADD CONSTRAINT cv_sections_cv_id_fkey FOREIGN KEY (cv_id) REFERENCES cv.cvs(id) ON DELETE CASCADE;


--
-- Name: cv_sections cv_sections_user_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cv_sections
    ADD CONSTRAINT cv_sections_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: cvs cvs_user_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.cvs
    ADD CONSTRAINT cvs_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: shares shares_cv_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.shares
    ADD CONSTRAINT shares_cv_id_fkey FOREIGN KEY (cv_id) REFERENCES cv.cvs(id) ON DELETE CASCADE;


--
-- Name: shares shares_tenant_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.shares
    ADD CONSTRAINT shares_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: shares shares_user_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.shares
    ADD CONSTRAINT shares_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: skills skills_cv_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.skills
    ADD CONSTRAINT skills_cv_id_fkey FOREIGN KEY (cv_id) REFERENCES cv.cvs(id) ON DELETE CASCADE;


--
-- Name: skills skills_user_id_fkey; Type: FK CONSTRAINT; Schema: cv; Owner: -
--

ALTER TABLE ONLY cv.skills
    ADD CONSTRAINT skills_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: applications applications_assigned_recruiter_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE hiring.applications
    ADD CONSTRAINT applications_assigned_recruiter_fkey FOREIGN KEY (assigned_recruiter) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: applications applications_candidate_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE hiring.applications
    ADD CONSTRAINT applications_candidate_id_fkey FOREIGN KEY (candidate_id) REFERENCES hiring.candidates(id) ON DELETE CASCADE;


--
-- Name: applications applications_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE hiring.applications
    ADD CONSTRAINT applications_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: applications applications_user_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE hiring.applications
    ADD CONSTRAINT applications_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: candidacies candidacies_application_id_applied_at_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.candidacies
    ADD CONSTRAINT candidacies_application_id_applied_at_fkey FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications(id, applied_at) ON DELETE CASCADE;


--
-- Name: candidacies candidacies_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.candidacies
    ADD CONSTRAINT candidacies_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: candidacies candidacies_user_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.candidacies
    ADD CONSTRAINT candidacies_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: candidates candidates_added_by_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.candidates
    ADD CONSTRAINT candidates_added_by_fkey FOREIGN KEY (added_by) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: candidates candidates_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.candidates
    ADD CONSTRAINT candidates_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: challenge_templates challenge_templates_created_by_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.challenge_templates
    ADD CONSTRAINT challenge_templates_created_by_fkey FOREIGN KEY (created_by) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: challenge_templates challenge_templates_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.challenge_templates
    ADD CONSTRAINT challenge_templates_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: external_candidacies external_candidacies_application_id_applied_at_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.external_candidacies
    ADD CONSTRAINT external_candidacies_application_id_applied_at_fkey FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications(id, applied_at) ON DELETE CASCADE;


--
-- Name: external_candidacies external_candidacies_candidate_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.external_candidacies
    ADD CONSTRAINT external_candidacies_candidate_id_fkey FOREIGN KEY (candidate_id) REFERENCES hiring.candidates(id) ON DELETE CASCADE;


--
-- Name: external_candidacies external_candidacies_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.external_candidacies
    ADD CONSTRAINT external_candidacies_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: message_templates message_templates_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.message_templates
    ADD CONSTRAINT message_templates_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: network_applications network_applications_contacted_by_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.network_applications
    ADD CONSTRAINT network_applications_contacted_by_fkey FOREIGN KEY (contacted_by) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: network_applications network_applications_profile_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.network_applications
    ADD CONSTRAINT network_applications_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES hiring.talent_profiles(id) ON DELETE CASCADE;


--
-- Name: network_applications network_applications_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.network_applications
    ADD CONSTRAINT network_applications_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: network_applications network_applications_user_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.network_applications
    ADD CONSTRAINT network_applications_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: notes notes_application_id_applied_at_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.notes
    ADD CONSTRAINT notes_application_id_applied_at_fkey FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications(id, applied_at) ON DELETE CASCADE;


--
-- Name: notes notes_author_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.notes
    ADD CONSTRAINT notes_author_id_fkey FOREIGN KEY (author_id) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: notes notes_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.notes
    ADD CONSTRAINT notes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: pipelines pipelines_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.pipelines
    ADD CONSTRAINT pipelines_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: scorecard_criteria scorecard_criteria_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecard_criteria
    ADD CONSTRAINT scorecard_criteria_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: scorecard_scores scorecard_scores_criterion_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecard_scores
    ADD CONSTRAINT scorecard_scores_criterion_id_fkey FOREIGN KEY (criterion_id) REFERENCES hiring.scorecard_criteria(id);


--
-- Name: scorecard_scores scorecard_scores_scorecard_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecard_scores
    ADD CONSTRAINT scorecard_scores_scorecard_id_fkey FOREIGN KEY (scorecard_id) REFERENCES hiring.scorecards(id) ON DELETE CASCADE;


--
-- Name: scorecard_scores scorecard_scores_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecard_scores
    ADD CONSTRAINT scorecard_scores_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: scorecards scorecards_application_id_applied_at_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecards
    ADD CONSTRAINT scorecards_application_id_applied_at_fkey FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications(id, applied_at) ON DELETE CASCADE;


--
-- Name: scorecards scorecards_evaluator_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecards
    ADD CONSTRAINT scorecards_evaluator_id_fkey FOREIGN KEY (evaluator_id) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: scorecards scorecards_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.scorecards
    ADD CONSTRAINT scorecards_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: settings settings_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.settings
    ADD CONSTRAINT settings_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: stage_changes stage_changes_actor_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.stage_changes
    ADD CONSTRAINT stage_changes_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: stage_changes stage_changes_application_id_applied_at_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.stage_changes
    ADD CONSTRAINT stage_changes_application_id_applied_at_fkey FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications(id, applied_at) ON DELETE CASCADE;


--
-- Name: stage_changes stage_changes_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.stage_changes
    ADD CONSTRAINT stage_changes_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: stage_changes stage_changes_user_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.stage_changes
    ADD CONSTRAINT stage_changes_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: submissions submissions_application_id_applied_at_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.submissions
    ADD CONSTRAINT submissions_application_id_applied_at_fkey FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications(id, applied_at) ON DELETE CASCADE;


--
-- Name: submissions submissions_user_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.submissions
    ADD CONSTRAINT submissions_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: talent_profiles talent_profiles_user_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.talent_profiles
    ADD CONSTRAINT talent_profiles_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: technical_evaluations technical_evaluations_application_id_applied_at_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.technical_evaluations
    ADD CONSTRAINT technical_evaluations_application_id_applied_at_fkey FOREIGN KEY (application_id, applied_at) REFERENCES hiring.applications(id, applied_at) ON DELETE CASCADE;


--
-- Name: technical_evaluations technical_evaluations_challenge_template_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.technical_evaluations
    ADD CONSTRAINT technical_evaluations_challenge_template_id_fkey FOREIGN KEY (challenge_template_id) REFERENCES hiring.challenge_templates(id) ON DELETE SET NULL;


--
-- Name: technical_evaluations technical_evaluations_created_by_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.technical_evaluations
    ADD CONSTRAINT technical_evaluations_created_by_fkey FOREIGN KEY (created_by) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: technical_evaluations technical_evaluations_reviewer_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.technical_evaluations
    ADD CONSTRAINT technical_evaluations_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: technical_evaluations technical_evaluations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: hiring; Owner: -
--

ALTER TABLE ONLY hiring.technical_evaluations
    ADD CONSTRAINT technical_evaluations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: consent_records consent_records_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.consent_records
    ADD CONSTRAINT consent_records_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: data_exports data_exports_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.data_exports
    ADD CONSTRAINT data_exports_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: invitations invitations_accepted_by_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: invitations invitations_invited_by_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: invitations invitations_role_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_role_fkey FOREIGN KEY (role) REFERENCES identity.roles(code);


--
-- Name: invitations invitations_tenant_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.invitations
    ADD CONSTRAINT invitations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: memberships memberships_invited_by_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.memberships
    ADD CONSTRAINT memberships_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: memberships memberships_role_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.memberships
    ADD CONSTRAINT memberships_role_fkey FOREIGN KEY (role) REFERENCES identity.roles(code);


--
-- Name: memberships memberships_tenant_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.memberships
    ADD CONSTRAINT memberships_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: memberships memberships_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.memberships
    ADD CONSTRAINT memberships_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: one_time_tokens one_time_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.one_time_tokens
    ADD CONSTRAINT one_time_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: refresh_tokens refresh_tokens_session_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.refresh_tokens
    ADD CONSTRAINT refresh_tokens_session_id_fkey FOREIGN KEY (session_id) REFERENCES identity.sessions(id) ON DELETE CASCADE;


--
-- Name: refresh_tokens refresh_tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.refresh_tokens
    ADD CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: sessions sessions_tenant_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.sessions
    ADD CONSTRAINT sessions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE SET NULL;


--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: tenants tenants_created_by_fkey; Type: FK CONSTRAINT; Schema: identity; Owner: -
--

ALTER TABLE ONLY identity.tenants
    ADD CONSTRAINT tenants_created_by_fkey FOREIGN KEY (created_by) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: interviews interviews_user_id_fkey; Type: FK CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.interviews
    ADD CONSTRAINT interviews_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: questions questions_follows_up_fkey; Type: FK CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.questions
    ADD CONSTRAINT questions_follows_up_fkey FOREIGN KEY (follows_up) REFERENCES interview.questions(id) ON DELETE CASCADE;


--
-- Name: questions questions_interview_id_fkey; Type: FK CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.questions
    ADD CONSTRAINT questions_interview_id_fkey FOREIGN KEY (interview_id) REFERENCES interview.interviews(id) ON DELETE CASCADE;


--
-- Name: questions questions_user_id_fkey; Type: FK CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.questions
    ADD CONSTRAINT questions_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: responses responses_interview_id_fkey; Type: FK CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.responses
    ADD CONSTRAINT responses_interview_id_fkey FOREIGN KEY (interview_id) REFERENCES interview.interviews(id) ON DELETE CASCADE;


--
-- Name: responses responses_question_id_fkey; Type: FK CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.responses
    ADD CONSTRAINT responses_question_id_fkey FOREIGN KEY (question_id) REFERENCES interview.questions(id) ON DELETE CASCADE;


--
-- Name: responses responses_user_id_fkey; Type: FK CONSTRAINT; Schema: interview; Owner: -
--

ALTER TABLE ONLY interview.responses
    ADD CONSTRAINT responses_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: board board_id_fkey; Type: FK CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.board
    ADD CONSTRAINT board_id_fkey FOREIGN KEY (id) REFERENCES matching.job_postings(id) ON DELETE CASCADE;


--
-- Name: job_embeddings job_embeddings_job_id_fkey; Type: FK CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.job_embeddings
    ADD CONSTRAINT job_embeddings_job_id_fkey FOREIGN KEY (job_id) REFERENCES matching.job_postings(id) ON DELETE CASCADE;


--
-- Name: job_embeddings job_embeddings_tenant_id_fkey; Type: FK CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.job_embeddings
    ADD CONSTRAINT job_embeddings_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: job_postings job_postings_created_by_fkey; Type: FK CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.job_postings
    ADD CONSTRAINT job_postings_created_by_fkey FOREIGN KEY (created_by) REFERENCES identity.users(id) ON DELETE SET NULL;


--
-- Name: job_postings job_postings_tenant_id_fkey; Type: FK CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.job_postings
    ADD CONSTRAINT job_postings_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES identity.tenants(id) ON DELETE CASCADE;


--
-- Name: matches matches_job_id_fkey; Type: FK CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.matches
    ADD CONSTRAINT matches_job_id_fkey FOREIGN KEY (job_id) REFERENCES matching.job_postings(id) ON DELETE CASCADE;


--
-- Name: matches matches_user_id_fkey; Type: FK CONSTRAINT; Schema: matching; Owner: -
--

ALTER TABLE ONLY matching.matches
    ADD CONSTRAINT matches_user_id_fkey FOREIGN KEY (user_id) REFERENCES identity.users(id) ON DELETE CASCADE;


--
-- Name: audit_log; Type: ROW SECURITY; Schema: analytics; Owner: -
--

ALTER TABLE analytics.audit_log ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_log audit_log_data_team; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY audit_log_data_team ON analytics.audit_log FOR SELECT TO entrevistador_analytics USING (true);


--
-- Name: audit_log audit_log_platform; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY audit_log_platform ON analytics.audit_log FOR SELECT TO entrevistador_app USING ((app.role() = 'platform'::text));


--
-- Name: audit_log audit_log_tenant_admins; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY audit_log_tenant_admins ON analytics.audit_log FOR SELECT TO entrevistador_app USING (((tenant_id = app.tenant_id()) AND (app.role() = ANY (ARRAY['admin'::text, 'superadmin'::text]))));


--
-- Name: audit_log audit_log_workers; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY audit_log_workers ON analytics.audit_log TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: events; Type: ROW SECURITY; Schema: analytics; Owner: -
--

ALTER TABLE analytics.events ENABLE ROW LEVEL SECURITY;

--
-- Name: events events_data_team; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY events_data_team ON analytics.events FOR SELECT TO entrevistador_analytics USING (true);


--
-- Name: events events_tenant; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY events_tenant ON analytics.events FOR SELECT TO entrevistador_app USING ((tenant_id = app.tenant_id()));


--
-- Name: events events_workers; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY events_workers ON analytics.events TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: metrics; Type: ROW SECURITY; Schema: analytics; Owner: -
--

ALTER TABLE analytics.metrics ENABLE ROW LEVEL SECURITY;

--
-- Name: metrics metrics_data_team; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY metrics_data_team ON analytics.metrics FOR SELECT TO entrevistador_analytics USING (true);


--
-- Name: metrics metrics_tenant; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY metrics_tenant ON analytics.metrics FOR SELECT TO entrevistador_app USING ((tenant_id = app.tenant_id()));


--
-- Name: metrics metrics_workers; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY metrics_workers ON analytics.metrics TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: outbox; Type: ROW SECURITY; Schema: analytics; Owner: -
--

ALTER TABLE analytics.outbox ENABLE ROW LEVEL SECURITY;

--
-- Name: outbox outbox_workers; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY outbox_workers ON analytics.outbox TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: audit_log owner_all; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY owner_all ON analytics.audit_log TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: events owner_all; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY owner_all ON analytics.events TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: metrics owner_all; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY owner_all ON analytics.metrics TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: outbox owner_all; Type: POLICY; Schema: analytics; Owner: -
--

CREATE POLICY owner_all ON analytics.outbox TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: payments owner_all; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY owner_all ON billing.payments TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: profiles owner_all; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY owner_all ON billing.profiles TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: receipt_series owner_all; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY owner_all ON billing.receipt_series TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: receipts owner_all; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY owner_all ON billing.receipts TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: subscriptions owner_all; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY owner_all ON billing.subscriptions TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: usage owner_all; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY owner_all ON billing.usage TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: webhook_events owner_all; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY owner_all ON billing.webhook_events TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: payments; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.payments ENABLE ROW LEVEL SECURITY;

--
-- Name: payments payments_subject; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY payments_subject ON billing.payments TO entrevistador_app USING (((user_id = app.user_id()) OR (tenant_id = app.tenant_id()))) WITH CHECK (((user_id = app.user_id()) OR (tenant_id = app.tenant_id())));


--
-- Name: payments payments_system; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY payments_system ON billing.payments TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: profiles; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.profiles ENABLE ROW LEVEL SECURITY;

--
-- Name: profiles profiles_subject; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY profiles_subject ON billing.profiles TO entrevistador_app USING (((user_id = app.user_id()) OR (tenant_id = app.tenant_id()))) WITH CHECK (((user_id = app.user_id()) OR (tenant_id = app.tenant_id())));


--
-- Name: profiles profiles_system; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY profiles_system ON billing.profiles TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: receipt_series; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.receipt_series ENABLE ROW LEVEL SECURITY;

--
-- Name: receipt_series receipt_series_system; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY receipt_series_system ON billing.receipt_series TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: receipts; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.receipts ENABLE ROW LEVEL SECURITY;

--
-- Name: receipts receipts_subject; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY receipts_subject ON billing.receipts TO entrevistador_app USING (((user_id = app.user_id()) OR (tenant_id = app.tenant_id()))) WITH CHECK (((user_id = app.user_id()) OR (tenant_id = app.tenant_id())));


--
-- Name: receipts receipts_system; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY receipts_system ON billing.receipts TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: subscriptions; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.subscriptions ENABLE ROW LEVEL SECURITY;

--
-- Name: subscriptions subscriptions_subject; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY subscriptions_subject ON billing.subscriptions TO entrevistador_app USING (((user_id = app.user_id()) OR (tenant_id = app.tenant_id()))) WITH CHECK (((user_id = app.user_id()) OR (tenant_id = app.tenant_id())));


--
-- Name: subscriptions subscriptions_system; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY subscriptions_system ON billing.subscriptions TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: usage; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.usage ENABLE ROW LEVEL SECURITY;

--
-- Name: usage usage_subject; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY usage_subject ON billing.usage TO entrevistador_app USING (((user_id = app.user_id()) OR (tenant_id = app.tenant_id()))) WITH CHECK (((user_id = app.user_id()) OR (tenant_id = app.tenant_id())));


--
-- Name: usage usage_system; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY usage_system ON billing.usage TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: webhook_events; Type: ROW SECURITY; Schema: billing; Owner: -
--

ALTER TABLE billing.webhook_events ENABLE ROW LEVEL SECURITY;

--
-- Name: webhook_events webhook_events_system; Type: POLICY; Schema: billing; Owner: -
--

CREATE POLICY webhook_events_system ON billing.webhook_events TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: consents; Type: ROW SECURITY; Schema: cv; Owner: -
--

ALTER TABLE cv.consents ENABLE ROW LEVEL SECURITY;

--
-- Name: consents consents_owner; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY consents_owner ON cv.consents TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: consents consents_workers; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY consents_workers ON cv.consents TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: cv_embeddings; Type: ROW SECURITY; Schema: cv; Owner: -
--

ALTER TABLE cv.cv_embeddings ENABLE ROW LEVEL SECURITY;

--
-- Name: cv_embeddings cv_embeddings_discoverable; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cv_embeddings_discoverable ON cv.cv_embeddings FOR SELECT TO entrevistador_app USING (((app.tenant_id() IS NOT NULL) AND (EXISTS ( SELECT 1
   FROM cv.cvs c
  WHERE ((c.id = cv_embeddings.cv_id) AND (c.discoverable_since IS NOT NULL))))));


--
-- Name: cv_embeddings cv_embeddings_owner; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cv_embeddings_owner ON cv.cv_embeddings TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: cv_embeddings cv_embeddings_workers; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cv_embeddings_workers ON cv.cv_embeddings TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: cv_sections; Type: ROW SECURITY; Schema: cv; Owner: -
--

ALTER TABLE cv.cv_sections ENABLE ROW LEVEL SECURITY;

--
-- Name: cv_sections cv_sections_discoverable; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cv_sections_discoverable ON cv.cv_sections FOR SELECT TO entrevistador_app USING (((app.tenant_id() IS NOT NULL) AND (EXISTS ( SELECT 1
   FROM cv.cvs c
  WHERE ((c.id = cv_sections.cv_id) AND (c.discoverable_since IS NOT NULL))))));


--
-- Name: cv_sections cv_sections_owner; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cv_sections_owner ON cv.cv_sections TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: cv_sections cv_sections_shared; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cv_sections_shared ON cv.cv_sections FOR SELECT TO entrevistador_app USING (((app.tenant_id() IS NOT NULL) AND (EXISTS ( SELECT 1
   FROM cv.shares s
  WHERE ((s.cv_id = cv_sections.cv_id) AND (s.tenant_id = app.tenant_id()))))));


--
-- Name: cv_sections cv_sections_workers; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cv_sections_workers ON cv.cv_sections TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: cvs; Type: ROW SECURITY; Schema: cv; Owner: -
--

ALTER TABLE cv.cvs ENABLE ROW LEVEL SECURITY;

--
-- Name: cvs cvs_discoverable; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cvs_discoverable ON cv.cvs FOR SELECT TO entrevistador_app USING (((discoverable_since IS NOT NULL) AND (app.tenant_id() IS NOT NULL)));


--
-- Name: cvs cvs_owner; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cvs_owner ON cv.cvs TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: cvs cvs_shared; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cvs_shared ON cv.cvs FOR SELECT TO entrevistador_app USING (((app.tenant_id() IS NOT NULL) AND (EXISTS ( SELECT 1
   FROM cv.shares s
  WHERE ((s.cv_id = cvs.id) AND (s.tenant_id = app.tenant_id()))))));


--
-- Name: cvs cvs_workers; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY cvs_workers ON cv.cvs TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: consents owner_all; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY owner_all ON cv.consents TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: cv_embeddings owner_all; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY owner_all ON cv.cv_embeddings TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: cv_sections owner_all; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY owner_all ON cv.cv_sections TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: cvs owner_all; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY owner_all ON cv.cvs TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: shares owner_all; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY owner_all ON cv.shares TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: skills owner_all; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY owner_all ON cv.skills TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: shares; Type: ROW SECURITY; Schema: cv; Owner: -
--

ALTER TABLE cv.shares ENABLE ROW LEVEL SECURITY;

--
-- Name: shares shares_company; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY shares_company ON cv.shares FOR SELECT TO entrevistador_app USING ((tenant_id = app.tenant_id()));


--
-- Name: shares shares_owner; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY shares_owner ON cv.shares TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: shares shares_workers; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY shares_workers ON cv.shares TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: skills; Type: ROW SECURITY; Schema: cv; Owner: -
--

ALTER TABLE cv.skills ENABLE ROW LEVEL SECURITY;

--
-- Name: skills skills_discoverable; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY skills_discoverable ON cv.skills FOR SELECT TO entrevistador_app USING (((app.tenant_id() IS NOT NULL) AND (EXISTS ( SELECT 1
   FROM cv.cvs c
  WHERE ((c.id = skills.cv_id) AND (c.discoverable_since IS NOT NULL))))));


--
-- Name: skills skills_owner; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY skills_owner ON cv.skills TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: skills skills_shared; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY skills_shared ON cv.skills FOR SELECT TO entrevistador_app USING (((app.tenant_id() IS NOT NULL) AND (EXISTS ( SELECT 1
   FROM cv.shares s
  WHERE ((s.cv_id = skills.cv_id) AND (s.tenant_id = app.tenant_id()))))));


--
-- Name: skills skills_workers; Type: POLICY; Schema: cv; Owner: -
--

CREATE POLICY skills_workers ON cv.skills TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: applications; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.applications ENABLE ROW LEVEL SECURITY;

--
-- Name: applications applications_candidate; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY applications_candidate ON hiring.applications TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: applications applications_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY applications_tenant ON hiring.applications TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: applications applications_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY applications_workers ON hiring.applications TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: candidacies; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.candidacies ENABLE ROW LEVEL SECURITY;

--
-- Name: candidacies candidacies_candidate; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY candidacies_candidate ON hiring.candidacies TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: candidacies candidacies_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY candidacies_tenant ON hiring.candidacies TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: candidacies candidacies_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY candidacies_workers ON hiring.candidacies TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: candidates; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.candidates ENABLE ROW LEVEL SECURITY;

--
-- Name: candidates candidates_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY candidates_tenant ON hiring.candidates TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: candidates candidates_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY candidates_workers ON hiring.candidates TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: challenge_templates; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.challenge_templates ENABLE ROW LEVEL SECURITY;

--
-- Name: challenge_templates challenge_templates_public; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY challenge_templates_public ON hiring.challenge_templates FOR SELECT TO entrevistador_app USING (((tenant_id IS NULL) AND (app.tenant_id() IS NOT NULL)));


--
-- Name: challenge_templates challenge_templates_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY challenge_templates_tenant ON hiring.challenge_templates TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: challenge_templates challenge_templates_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY challenge_templates_workers ON hiring.challenge_templates TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: external_candidacies; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.external_candidacies ENABLE ROW LEVEL SECURITY;

--
-- Name: external_candidacies external_candidacies_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY external_candidacies_tenant ON hiring.external_candidacies TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: external_candidacies external_candidacies_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY external_candidacies_workers ON hiring.external_candidacies TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: message_templates; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.message_templates ENABLE ROW LEVEL SECURITY;

--
-- Name: message_templates message_templates_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY message_templates_tenant ON hiring.message_templates TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: message_templates message_templates_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY message_templates_workers ON hiring.message_templates TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: network_applications; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.network_applications ENABLE ROW LEVEL SECURITY;

--
-- Name: network_applications network_applications_person; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY network_applications_person ON hiring.network_applications FOR SELECT TO entrevistador_app USING ((user_id = app.user_id()));


--
-- Name: network_applications network_applications_platform; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY network_applications_platform ON hiring.network_applications TO entrevistador_app USING ((app.role() = ANY (ARRAY['platform'::text, 'system'::text]))) WITH CHECK ((app.role() = ANY (ARRAY['platform'::text, 'system'::text])));


--
-- Name: network_applications network_applications_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY network_applications_tenant ON hiring.network_applications TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: notes; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.notes ENABLE ROW LEVEL SECURITY;

--
-- Name: notes notes_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY notes_tenant ON hiring.notes TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: notes notes_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY notes_workers ON hiring.notes TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: applications owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.applications TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: candidacies owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.candidacies TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: candidates owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.candidates TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: challenge_templates owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.challenge_templates TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: external_candidacies owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.external_candidacies TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: message_templates owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.message_templates TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: network_applications owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.network_applications TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: notes owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.notes TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: pipelines owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.pipelines TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: scorecard_criteria owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.scorecard_criteria TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: scorecard_scores owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.scorecard_scores TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: scorecards owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.scorecards TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: settings owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.settings TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: stage_changes owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.stage_changes TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: submissions owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.submissions TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: talent_profiles owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.talent_profiles TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: technical_evaluations owner_all; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY owner_all ON hiring.technical_evaluations TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: pipelines; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.pipelines ENABLE ROW LEVEL SECURITY;

--
-- Name: pipelines pipelines_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY pipelines_tenant ON hiring.pipelines TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: pipelines pipelines_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY pipelines_workers ON hiring.pipelines TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: scorecard_criteria; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.scorecard_criteria ENABLE ROW LEVEL SECURITY;

--
-- Name: scorecard_criteria scorecard_criteria_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY scorecard_criteria_tenant ON hiring.scorecard_criteria TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: scorecard_criteria scorecard_criteria_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY scorecard_criteria_workers ON hiring.scorecard_criteria TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: scorecard_scores; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.scorecard_scores ENABLE ROW LEVEL SECURITY;

--
-- Name: scorecard_scores scorecard_scores_evaluator; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY scorecard_scores_evaluator ON hiring.scorecard_scores TO entrevistador_app USING (((tenant_id = app.tenant_id()) AND (EXISTS ( SELECT
   FROM hiring.scorecards s
  WHERE ((s.id = scorecard_scores.scorecard_id) AND (s.evaluator_id = app.user_id())))))) WITH CHECK (((tenant_id = app.tenant_id()) AND (EXISTS ( SELECT
   FROM hiring.scorecards s
  WHERE ((s.id = scorecard_scores.scorecard_id) AND (s.evaluator_id = app.user_id()))))));


--
-- Name: scorecard_scores scorecard_scores_tenant_read; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY scorecard_scores_tenant_read ON hiring.scorecard_scores FOR SELECT TO entrevistador_app USING ((tenant_id = app.tenant_id()));


--
-- Name: scorecard_scores scorecard_scores_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY scorecard_scores_workers ON hiring.scorecard_scores TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: scorecards; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.scorecards ENABLE ROW LEVEL SECURITY;

--
-- Name: scorecards scorecards_evaluator; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY scorecards_evaluator ON hiring.scorecards TO entrevistador_app USING (((tenant_id = app.tenant_id()) AND (evaluator_id = app.user_id()))) WITH CHECK (((tenant_id = app.tenant_id()) AND (evaluator_id = app.user_id())));


--
-- Name: scorecards scorecards_tenant_read; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY scorecards_tenant_read ON hiring.scorecards FOR SELECT TO entrevistador_app USING ((tenant_id = app.tenant_id()));


--
-- Name: scorecards scorecards_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY scorecards_workers ON hiring.scorecards TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: settings; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.settings ENABLE ROW LEVEL SECURITY;

--
-- Name: settings settings_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY settings_tenant ON hiring.settings TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: settings settings_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY settings_workers ON hiring.settings TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: stage_changes; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.stage_changes ENABLE ROW LEVEL SECURITY;

--
-- Name: stage_changes stage_changes_candidate; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY stage_changes_candidate ON hiring.stage_changes TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: stage_changes stage_changes_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY stage_changes_tenant ON hiring.stage_changes TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: stage_changes stage_changes_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY stage_changes_workers ON hiring.stage_changes TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: submissions; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.submissions ENABLE ROW LEVEL SECURITY;

--
-- Name: submissions submissions_candidate; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY submissions_candidate ON hiring.submissions TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: talent_profiles; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.talent_profiles ENABLE ROW LEVEL SECURITY;

--
-- Name: talent_profiles talent_profiles_companies; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY talent_profiles_companies ON hiring.talent_profiles FOR SELECT TO entrevistador_app USING (((app.tenant_id() IS NOT NULL) AND (status = ANY (ARRAY['active'::text, 'featured'::text]))));


--
-- Name: talent_profiles talent_profiles_platform; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY talent_profiles_platform ON hiring.talent_profiles TO entrevistador_app USING ((app.role() = ANY (ARRAY['platform'::text, 'system'::text]))) WITH CHECK ((app.role() = ANY (ARRAY['platform'::text, 'system'::text])));


--
-- Name: talent_profiles talent_profiles_self; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY talent_profiles_self ON hiring.talent_profiles TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: technical_evaluations; Type: ROW SECURITY; Schema: hiring; Owner: -
--

ALTER TABLE hiring.technical_evaluations ENABLE ROW LEVEL SECURITY;

--
-- Name: technical_evaluations technical_evaluations_tenant; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY technical_evaluations_tenant ON hiring.technical_evaluations TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: technical_evaluations technical_evaluations_workers; Type: POLICY; Schema: hiring; Owner: -
--

CREATE POLICY technical_evaluations_workers ON hiring.technical_evaluations TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: consent_records; Type: ROW SECURITY; Schema: identity; Owner: -
--

ALTER TABLE identity.consent_records ENABLE ROW LEVEL SECURITY;

--
-- Name: consent_records consent_records_owner; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY consent_records_owner ON identity.consent_records TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: consent_records consent_records_workers; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY consent_records_workers ON identity.consent_records TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: data_exports; Type: ROW SECURITY; Schema: identity; Owner: -
--

ALTER TABLE identity.data_exports ENABLE ROW LEVEL SECURITY;

--
-- Name: data_exports data_exports_owner; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY data_exports_owner ON identity.data_exports TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: data_exports data_exports_workers; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY data_exports_workers ON identity.data_exports TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: invitations; Type: ROW SECURITY; Schema: identity; Owner: -
--

ALTER TABLE identity.invitations ENABLE ROW LEVEL SECURITY;

--
-- Name: invitations invitations_admin; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY invitations_admin ON identity.invitations TO entrevistador_app USING (((tenant_id = app.tenant_id()) AND (app.role() = ANY (ARRAY['admin'::text, 'superadmin'::text])))) WITH CHECK (((tenant_id = app.tenant_id()) AND (app.role() = ANY (ARRAY['admin'::text, 'superadmin'::text]))));


--
-- Name: memberships; Type: ROW SECURITY; Schema: identity; Owner: -
--

ALTER TABLE identity.memberships ENABLE ROW LEVEL SECURITY;

--
-- Name: memberships memberships_admin_delete; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY memberships_admin_delete ON identity.memberships FOR DELETE TO entrevistador_app USING (((tenant_id = app.tenant_id()) AND (app.role() = ANY (ARRAY['admin'::text, 'superadmin'::text]))));


--
-- Name: memberships memberships_admin_insert; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY memberships_admin_insert ON identity.memberships FOR INSERT TO entrevistador_app WITH CHECK (((tenant_id = app.tenant_id()) AND (app.role() = ANY (ARRAY['admin'::text, 'superadmin'::text]))));


--
-- Name: memberships memberships_admin_update; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY memberships_admin_update ON identity.memberships FOR UPDATE TO entrevistador_app USING (((tenant_id = app.tenant_id()) AND (app.role() = ANY (ARRAY['admin'::text, 'superadmin'::text])))) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: memberships memberships_own_read; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY memberships_own_read ON identity.memberships FOR SELECT TO entrevistador_app USING ((user_id = app.user_id()));


--
-- Name: memberships memberships_tenant_read; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY memberships_tenant_read ON identity.memberships FOR SELECT TO entrevistador_app USING ((tenant_id = app.tenant_id()));


--
-- Name: one_time_tokens; Type: ROW SECURITY; Schema: identity; Owner: -
--

ALTER TABLE identity.one_time_tokens ENABLE ROW LEVEL SECURITY;

--
-- Name: one_time_tokens one_time_tokens_self; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY one_time_tokens_self ON identity.one_time_tokens TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: consent_records owner_all; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY owner_all ON identity.consent_records TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: data_exports owner_all; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY owner_all ON identity.data_exports TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: invitations owner_all; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY owner_all ON identity.invitations TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: memberships owner_all; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY owner_all ON identity.memberships TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: one_time_tokens owner_all; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY owner_all ON identity.one_time_tokens TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: refresh_tokens owner_all; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY owner_all ON identity.refresh_tokens TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: sessions owner_all; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY owner_all ON identity.sessions TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: tenants owner_all; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY owner_all ON identity.tenants TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: users owner_all; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY owner_all ON identity.users TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: refresh_tokens; Type: ROW SECURITY; Schema: identity; Owner: -
--

ALTER TABLE identity.refresh_tokens ENABLE ROW LEVEL SECURITY;

--
-- Name: refresh_tokens refresh_tokens_self; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY refresh_tokens_self ON identity.refresh_tokens TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: sessions; Type: ROW SECURITY; Schema: identity; Owner: -
--

ALTER TABLE identity.sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: sessions sessions_self; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY sessions_self ON identity.sessions TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: tenants; Type: ROW SECURITY; Schema: identity; Owner: -
--

ALTER TABLE identity.tenants ENABLE ROW LEVEL SECURITY;

--
-- Name: tenants tenants_admin_update; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY tenants_admin_update ON identity.tenants FOR UPDATE TO entrevistador_app USING (((id = app.tenant_id()) AND (app.role() = ANY (ARRAY['admin'::text, 'superadmin'::text]))));


--
-- Name: tenants tenants_create; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY tenants_create ON identity.tenants FOR INSERT TO entrevistador_app WITH CHECK (((id = app.tenant_id()) AND (created_by = app.user_id())));


--
-- Name: tenants tenants_member_read; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY tenants_member_read ON identity.tenants FOR SELECT TO entrevistador_app USING (((id = app.tenant_id()) OR (EXISTS ( SELECT 1
   FROM identity.memberships m
  WHERE ((m.tenant_id = tenants.id) AND (m.user_id = app.user_id()) AND (m.status = 'active'::text))))));


--
-- Name: users; Type: ROW SECURITY; Schema: identity; Owner: -
--

ALTER TABLE identity.users ENABLE ROW LEVEL SECURITY;

--
-- Name: users users_fellow_members; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY users_fellow_members ON identity.users FOR SELECT TO entrevistador_app USING ((EXISTS ( SELECT 1
   FROM identity.memberships m
  WHERE ((m.user_id = users.id) AND (m.tenant_id = app.tenant_id())))));


--
-- Name: users users_self; Type: POLICY; Schema: identity; Owner: -
--

CREATE POLICY users_self ON identity.users TO entrevistador_app USING ((id = app.user_id())) WITH CHECK ((id = app.user_id()));


--
-- Name: interviews; Type: ROW SECURITY; Schema: interview; Owner: -
--

ALTER TABLE interview.interviews ENABLE ROW LEVEL SECURITY;

--
-- Name: interviews interviews_owner; Type: POLICY; Schema: interview; Owner: -
--

CREATE POLICY interviews_owner ON interview.interviews TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: interviews interviews_system; Type: POLICY; Schema: interview; Owner: -
--

CREATE POLICY interviews_system ON interview.interviews TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: interviews owner_all; Type: POLICY; Schema: interview; Owner: -
--

CREATE POLICY owner_all ON interview.interviews TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: questions owner_all; Type: POLICY; Schema: interview; Owner: -
--

CREATE POLICY owner_all ON interview.questions TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: responses owner_all; Type: POLICY; Schema: interview; Owner: -
--

CREATE POLICY owner_all ON interview.responses TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: questions; Type: ROW SECURITY; Schema: interview; Owner: -
--

ALTER TABLE interview.questions ENABLE ROW LEVEL SECURITY;

--
-- Name: questions questions_owner; Type: POLICY; Schema: interview; Owner: -
--

CREATE POLICY questions_owner ON interview.questions TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: questions questions_system; Type: POLICY; Schema: interview; Owner: -
--

CREATE POLICY questions_system ON interview.questions TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: responses; Type: ROW SECURITY; Schema: interview; Owner: -
--

ALTER TABLE interview.responses ENABLE ROW LEVEL SECURITY;

--
-- Name: responses responses_owner; Type: POLICY; Schema: interview; Owner: -
--

CREATE POLICY responses_owner ON interview.responses TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: responses responses_system; Type: POLICY; Schema: interview; Owner: -
--

CREATE POLICY responses_system ON interview.responses TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: job_embeddings; Type: ROW SECURITY; Schema: matching; Owner: -
--

ALTER TABLE matching.job_embeddings ENABLE ROW LEVEL SECURITY;

--
-- Name: job_embeddings job_embeddings_read; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY job_embeddings_read ON matching.job_embeddings FOR SELECT TO entrevistador_app USING ((published AND ((expires_at IS NULL) OR (expires_at > now()))));


--
-- Name: job_embeddings job_embeddings_tenant; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY job_embeddings_tenant ON matching.job_embeddings TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: job_embeddings job_embeddings_workers; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY job_embeddings_workers ON matching.job_embeddings TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: job_postings; Type: ROW SECURITY; Schema: matching; Owner: -
--

ALTER TABLE matching.job_postings ENABLE ROW LEVEL SECURITY;

--
-- Name: job_postings job_postings_public_read; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY job_postings_public_read ON matching.job_postings FOR SELECT TO entrevistador_app USING (((status = 'active'::text) AND ((expires_at IS NULL) OR (expires_at > now()))));


--
-- Name: job_postings job_postings_tenant; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY job_postings_tenant ON matching.job_postings TO entrevistador_app USING ((tenant_id = app.tenant_id())) WITH CHECK ((tenant_id = app.tenant_id()));


--
-- Name: job_postings job_postings_workers; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY job_postings_workers ON matching.job_postings TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: matches; Type: ROW SECURITY; Schema: matching; Owner: -
--

ALTER TABLE matching.matches ENABLE ROW LEVEL SECURITY;

--
-- Name: matches matches_owner; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY matches_owner ON matching.matches TO entrevistador_app USING ((user_id = app.user_id())) WITH CHECK ((user_id = app.user_id()));


--
-- Name: matches matches_workers; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY matches_workers ON matching.matches TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: job_embeddings owner_all; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY owner_all ON matching.job_embeddings TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: job_postings owner_all; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY owner_all ON matching.job_postings TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: matches owner_all; Type: POLICY; Schema: matching; Owner: -
--

CREATE POLICY owner_all ON matching.matches TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: jobs; Type: ROW SECURITY; Schema: platform; Owner: -
--

ALTER TABLE platform.jobs ENABLE ROW LEVEL SECURITY;

--
-- Name: jobs owner_all; Type: POLICY; Schema: platform; Owner: -
--

CREATE POLICY owner_all ON platform.jobs TO entrevistador USING (true) WITH CHECK (true);


--
-- Name: jobs workers; Type: POLICY; Schema: platform; Owner: -
--

CREATE POLICY workers ON platform.jobs TO entrevistador_app USING ((app.role() = 'system'::text)) WITH CHECK ((app.role() = 'system'::text));


--
-- Name: SCHEMA analytics; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA analytics TO entrevistador_app;
GRANT USAGE ON SCHEMA analytics TO entrevistador_analytics;


--
-- Name: SCHEMA app; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA app TO entrevistador_app;


--
-- Name: SCHEMA billing; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA billing TO entrevistador_app;


--
-- Name: SCHEMA cv; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA cv TO entrevistador_app;


--
-- Name: SCHEMA hiring; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA hiring TO entrevistador_app;


--
-- Name: SCHEMA identity; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA identity TO entrevistador_app;


--
-- Name: SCHEMA interview; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA interview TO entrevistador_app;


--
-- Name: SCHEMA matching; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA matching TO entrevistador_app;


--
-- Name: SCHEMA platform; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA platform TO entrevistador_app;


--
-- Name: FUNCTION append_audit(p_id uuid, p_occurred_at timestamp with time zone, p_action text, p_outcome text, p_tenant_id uuid, p_actor_id uuid, p_subject_id uuid, p_ip text, p_details jsonb, p_nonce bytea); Type: ACL; Schema: analytics; Owner: -
--

REVOKE ALL ON FUNCTION analytics.append_audit(p_id uuid, p_occurred_at timestamp with time zone, p_action text, p_outcome text, p_tenant_id uuid, p_actor_id uuid, p_subject_id uuid, p_ip text, p_details jsonb, p_nonce bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION analytics.append_audit(p_id uuid, p_occurred_at timestamp with time zone, p_action text, p_outcome text, p_tenant_id uuid, p_actor_id uuid, p_subject_id uuid, p_ip text, p_details jsonb, p_nonce bytea) TO entrevistador_app;


--
-- Name: FUNCTION drop_event_partition(month date); Type: ACL; Schema: analytics; Owner: -
--

REVOKE ALL ON FUNCTION analytics.drop_event_partition(month date) FROM PUBLIC;
GRANT ALL ON FUNCTION analytics.drop_event_partition(month date) TO entrevistador_app;


--
-- Name: FUNCTION ensure_event_partitions(from_month date, ahead integer); Type: ACL; Schema: analytics; Owner: -
--

REVOKE ALL ON FUNCTION analytics.ensure_event_partitions(from_month date, ahead integer) FROM PUBLIC;
GRANT ALL ON FUNCTION analytics.ensure_event_partitions(from_month date, ahead integer) TO entrevistador_app;


--
-- Name: FUNCTION event_partition_months(); Type: ACL; Schema: analytics; Owner: -
--

REVOKE ALL ON FUNCTION analytics.event_partition_months() FROM PUBLIC;
GRANT ALL ON FUNCTION analytics.event_partition_months() TO entrevistador_app;


--
-- Name: FUNCTION refresh_views(); Type: ACL; Schema: analytics; Owner: -
--

REVOKE ALL ON FUNCTION analytics.refresh_views() FROM PUBLIC;
GRANT ALL ON FUNCTION analytics.refresh_views() TO entrevistador_app;


--
-- Name: FUNCTION track(p_id uuid, p_occurred_at timestamp with time zone, p_name text, p_user_id uuid, p_tenant_id uuid, p_properties jsonb); Type: ACL; Schema: analytics; Owner: -
--

REVOKE ALL ON FUNCTION analytics.track(p_id uuid, p_occurred_at timestamp with time zone, p_name text, p_user_id uuid, p_tenant_id uuid, p_properties jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION analytics.track(p_id uuid, p_occurred_at timestamp with time zone, p_name text, p_user_id uuid, p_tenant_id uuid, p_properties jsonb) TO entrevistador_app;


--
-- Name: FUNCTION ensure_application_partitions(from_month date, ahead integer); Type: ACL; Schema: hiring; Owner: -
--

REVOKE ALL ON FUNCTION hiring.ensure_application_partitions(from_month date, ahead integer) FROM PUBLIC;
GRANT ALL ON FUNCTION hiring.ensure_application_partitions(from_month date, ahead integer) TO entrevistador_app;


--
-- Name: FUNCTION use_challenge_template(template_id uuid); Type: ACL; Schema: hiring; Owner: -
--

REVOKE ALL ON FUNCTION hiring.use_challenge_template(template_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION hiring.use_challenge_template(template_id uuid) TO entrevistador_app;


--
-- Name: FUNCTION accept_invitation(p_token_hash text, p_membership_id uuid); Type: ACL; Schema: identity; Owner: -
--

REVOKE ALL ON FUNCTION identity.accept_invitation(p_token_hash text, p_membership_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION identity.accept_invitation(p_token_hash text, p_membership_id uuid) TO entrevistador_app;


--
-- Name: FUNCTION active_user_id_by_email(p_email text); Type: ACL; Schema: identity; Owner: -
--

REVOKE ALL ON FUNCTION identity.active_user_id_by_email(p_email text) FROM PUBLIC;
GRANT ALL ON FUNCTION identity.active_user_id_by_email(p_email text) TO entrevistador_app;


--
-- Name: FUNCTION dormant_accounts(p_used_before timestamp with time zone, p_limit integer); Type: ACL; Schema: identity; Owner: -
--

REVOKE ALL ON FUNCTION identity.dormant_accounts(p_used_before timestamp with time zone, p_limit integer) FROM PUBLIC;
GRANT ALL ON FUNCTION identity.dormant_accounts(p_used_before timestamp with time zone, p_limit integer) TO entrevistador_app;


--
-- Name: FUNCTION login_credentials(p_email text); Type: ACL; Schema: identity; Owner: -
--

REVOKE ALL ON FUNCTION identity.login_credentials(p_email text) FROM PUBLIC;
GRANT ALL ON FUNCTION identity.login_credentials(p_email text) TO entrevistador_app;


--
-- Name: FUNCTION one_time_token_owner(p_token_hash text, p_purpose text); Type: ACL; Schema: identity; Owner: -
--

REVOKE ALL ON FUNCTION identity.one_time_token_owner(p_token_hash text, p_purpose text) FROM PUBLIC;
GRANT ALL ON FUNCTION identity.one_time_token_owner(p_token_hash text, p_purpose text) TO entrevistador_app;


--
-- Name: FUNCTION refresh_token_owner(p_token_hash text); Type: ACL; Schema: identity; Owner: -
--

REVOKE ALL ON FUNCTION identity.refresh_token_owner(p_token_hash text) FROM PUBLIC;
GRANT ALL ON FUNCTION identity.refresh_token_owner(p_token_hash text) TO entrevistador_app;


--
-- Name: FUNCTION tenants_created_by_caller(); Type: ACL; Schema: identity; Owner: -
--

REVOKE ALL ON FUNCTION identity.tenants_created_by_caller() FROM PUBLIC;
GRANT ALL ON FUNCTION identity.tenants_created_by_caller() TO entrevistador_app;


--
-- Name: FUNCTION board_count(); Type: ACL; Schema: matching; Owner: -
--

REVOKE ALL ON FUNCTION matching.board_count() FROM PUBLIC;


--
-- Name: FUNCTION board_sync(); Type: ACL; Schema: matching; Owner: -
--

REVOKE ALL ON FUNCTION matching.board_sync() FROM PUBLIC;


--
-- Name: TABLE board; Type: ACL; Schema: matching; Owner: -
--

GRANT SELECT ON TABLE matching.board TO entrevistador_app;


--
-- Name: FUNCTION fold_board_counts(); Type: ACL; Schema: matching; Owner: -
--

REVOKE ALL ON FUNCTION matching.fold_board_counts() FROM PUBLIC;
GRANT ALL ON FUNCTION matching.fold_board_counts() TO entrevistador_app;


--
-- Name: FUNCTION job_embedding_visibility(); Type: ACL; Schema: matching; Owner: -
--

REVOKE ALL ON FUNCTION matching.job_embedding_visibility() FROM PUBLIC;


--
-- Name: FUNCTION job_posting_visibility(); Type: ACL; Schema: matching; Owner: -
--

REVOKE ALL ON FUNCTION matching.job_posting_visibility() FROM PUBLIC;


--
-- Name: FUNCTION enqueue_job(p_id uuid, p_kind text, p_payload jsonb, p_priority smallint, p_max_attempts integer, p_run_at timestamp with time zone, p_dedup_key text); Type: ACL; Schema: platform; Owner: -
--

REVOKE ALL ON FUNCTION platform.enqueue_job(p_id uuid, p_kind text, p_payload jsonb, p_priority smallint, p_max_attempts integer, p_run_at timestamp with time zone, p_dedup_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION platform.enqueue_job(p_id uuid, p_kind text, p_payload jsonb, p_priority smallint, p_max_attempts integer, p_run_at timestamp with time zone, p_dedup_key text) TO entrevistador_app;


--
-- Name: TABLE events; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.events TO entrevistador_analytics;
GRANT SELECT,INSERT ON TABLE analytics.events TO entrevistador_app;


--
-- Name: TABLE active_users; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.active_users TO entrevistador_analytics;


--
-- Name: TABLE application_journeys; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.application_journeys TO entrevistador_analytics;
GRANT SELECT ON TABLE analytics.application_journeys TO entrevistador_app;


--
-- Name: TABLE audit_log; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.audit_log TO entrevistador_app;


--
-- Name: COLUMN audit_log.seq; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(seq) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.id; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(id) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.occurred_at; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(occurred_at) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.action; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(action) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.outcome; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(outcome) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.tenant_id; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(tenant_id) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.erased_at; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(erased_at) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.person_pseudonym; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(person_pseudonym) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.personal_digest; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(personal_digest) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.prev_hash; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(prev_hash) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: COLUMN audit_log.hash; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT(hash) ON TABLE analytics.audit_log TO entrevistador_analytics;


--
-- Name: TABLE event_receipts; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE analytics.event_receipts TO entrevistador_app;


--
-- Name: TABLE interview_score_trends; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.interview_score_trends TO entrevistador_analytics;
GRANT SELECT ON TABLE analytics.interview_score_trends TO entrevistador_app;


--
-- Name: TABLE job_fills; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.job_fills TO entrevistador_analytics;
GRANT SELECT ON TABLE analytics.job_fills TO entrevistador_app;


--
-- Name: TABLE network_applications; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT ON TABLE hiring.network_applications TO entrevistador_app;


--
-- Name: COLUMN network_applications.status; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(status) ON TABLE hiring.network_applications TO entrevistador_app;


--
-- Name: COLUMN network_applications.placement_fee; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(placement_fee) ON TABLE hiring.network_applications TO entrevistador_app;


--
-- Name: COLUMN network_applications.fee_currency; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(fee_currency) ON TABLE hiring.network_applications TO entrevistador_app;


--
-- Name: COLUMN network_applications.fee_status; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(fee_status) ON TABLE hiring.network_applications TO entrevistador_app;


--
-- Name: COLUMN network_applications.updated_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE hiring.network_applications TO entrevistador_app;


--
-- Name: TABLE marketplace_funnel; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.marketplace_funnel TO entrevistador_analytics;


--
-- Name: TABLE marketplace_revenue_by_company; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.marketplace_revenue_by_company TO entrevistador_analytics;


--
-- Name: TABLE metrics; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.metrics TO entrevistador_analytics;
GRANT SELECT,INSERT,UPDATE ON TABLE analytics.metrics TO entrevistador_app;


--
-- Name: TABLE outbox; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT,DELETE,UPDATE ON TABLE analytics.outbox TO entrevistador_app;


--
-- Name: TABLE search_terms_without_results; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.search_terms_without_results TO entrevistador_analytics;


--
-- Name: TABLE stage_stays; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.stage_stays TO entrevistador_analytics;
GRANT SELECT ON TABLE analytics.stage_stays TO entrevistador_app;


--
-- Name: TABLE talent_profiles; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE hiring.talent_profiles TO entrevistador_app;


--
-- Name: TABLE talent_network_candidates; Type: ACL; Schema: analytics; Owner: -
--

GRANT SELECT ON TABLE analytics.talent_network_candidates TO entrevistador_analytics;


--
-- Name: TABLE payments; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE billing.payments TO entrevistador_app;


--
-- Name: COLUMN payments.subscription_id; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(subscription_id) ON TABLE billing.payments TO entrevistador_app;


--
-- Name: COLUMN payments.provider_reference; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(provider_reference) ON TABLE billing.payments TO entrevistador_app;


--
-- Name: COLUMN payments.status; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(status) ON TABLE billing.payments TO entrevistador_app;


--
-- Name: COLUMN payments.method_type; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(method_type) ON TABLE billing.payments TO entrevistador_app;


--
-- Name: COLUMN payments.payment_method; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(payment_method) ON TABLE billing.payments TO entrevistador_app;


--
-- Name: COLUMN payments.last4; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(last4) ON TABLE billing.payments TO entrevistador_app;


--
-- Name: COLUMN payments.provider_fee; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(provider_fee) ON TABLE billing.payments TO entrevistador_app;


--
-- Name: COLUMN payments.failure_reason; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(failure_reason) ON TABLE billing.payments TO entrevistador_app;


--
-- Name: COLUMN payments.updated_at; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE billing.payments TO entrevistador_app;


--
-- Name: TABLE plans; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT ON TABLE billing.plans TO entrevistador_app;


--
-- Name: TABLE profiles; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE billing.profiles TO entrevistador_app;


--
-- Name: TABLE receipt_series; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT ON TABLE billing.receipt_series TO entrevistador_app;


--
-- Name: COLUMN receipt_series.last_correlative; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(last_correlative) ON TABLE billing.receipt_series TO entrevistador_app;


--
-- Name: TABLE receipts; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE billing.receipts TO entrevistador_app;


--
-- Name: COLUMN receipts.pdf_key; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(pdf_key) ON TABLE billing.receipts TO entrevistador_app;


--
-- Name: TABLE subscriptions; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.plan_id; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(plan_id) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.status; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(status) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.billing_cycle; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(billing_cycle) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.current_period_start; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(current_period_start) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.current_period_end; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(current_period_end) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.cancel_at_period_end; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(cancel_at_period_end) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.updated_at; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.scheduled_plan_id; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(scheduled_plan_id) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.failed_charges; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(failed_charges) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.first_failed_at; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(first_failed_at) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: COLUMN subscriptions.next_charge_at; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(next_charge_at) ON TABLE billing.subscriptions TO entrevistador_app;


--
-- Name: TABLE usage; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE billing.usage TO entrevistador_app;


--
-- Name: COLUMN usage.used; Type: ACL; Schema: billing; Owner: -
--

GRANT UPDATE(used) ON TABLE billing.usage TO entrevistador_app;


--
-- Name: TABLE webhook_events; Type: ACL; Schema: billing; Owner: -
--

GRANT SELECT,INSERT ON TABLE billing.webhook_events TO entrevistador_app;


--
-- Name: TABLE consents; Type: ACL; Schema: cv; Owner: -
--

GRANT SELECT,INSERT ON TABLE cv.consents TO entrevistador_app;


--
-- Name: TABLE cv_embeddings; Type: ACL; Schema: cv; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE cv.cv_embeddings TO entrevistador_app;


--
-- Name: TABLE cv_sections; Type: ACL; Schema: cv; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE cv.cv_sections TO entrevistador_app;


--
-- Name: TABLE cvs; Type: ACL; Schema: cv; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE cv.cvs TO entrevistador_app;


--
-- Name: COLUMN cvs.is_primary; Type: ACL; Schema: cv; Owner: -
--

GRANT UPDATE(is_primary) ON TABLE cv.cvs TO entrevistador_app;


--
-- Name: COLUMN cvs.parsing_status; Type: ACL; Schema: cv; Owner: -
--

GRANT UPDATE(parsing_status) ON TABLE cv.cvs TO entrevistador_app;


--
-- Name: COLUMN cvs.parsing_error; Type: ACL; Schema: cv; Owner: -
--

GRANT UPDATE(parsing_error) ON TABLE cv.cvs TO entrevistador_app;


--
-- Name: COLUMN cvs.parsed_data; Type: ACL; Schema: cv; Owner: -
--

GRANT UPDATE(parsed_data) ON TABLE cv.cvs TO entrevistador_app;


--
-- Name: COLUMN cvs.corrections; Type: ACL; Schema: cv; Owner: -
--

GRANT UPDATE(corrections) ON TABLE cv.cvs TO entrevistador_app;


--
-- Name: COLUMN cvs.updated_at; Type: ACL; Schema: cv; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE cv.cvs TO entrevistador_app;


--
-- Name: COLUMN cvs.parsed_at; Type: ACL; Schema: cv; Owner: -
--

GRANT UPDATE(parsed_at) ON TABLE cv.cvs TO entrevistador_app;


--
-- Name: COLUMN cvs.discoverable_since; Type: ACL; Schema: cv; Owner: -
--

GRANT UPDATE(discoverable_since) ON TABLE cv.cvs TO entrevistador_app;


--
-- Name: TABLE shares; Type: ACL; Schema: cv; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE cv.shares TO entrevistador_app;


--
-- Name: TABLE skills; Type: ACL; Schema: cv; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE cv.skills TO entrevistador_app;


--
-- Name: TABLE applications; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.candidate_name; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(candidate_name) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.candidate_email; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(candidate_email) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.candidate_phone; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(candidate_phone) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.status; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(status) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.stage; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(stage) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.rating; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(rating) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.assigned_recruiter; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(assigned_recruiter) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.tags; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(tags) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.rejection_reason; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(rejection_reason) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.rejection_note; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(rejection_note) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.search_identity; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(search_identity) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.updated_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: COLUMN applications.closed_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(closed_at) ON TABLE hiring.applications TO entrevistador_app;


--
-- Name: TABLE candidacies; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE hiring.candidacies TO entrevistador_app;


--
-- Name: TABLE candidates; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE hiring.candidates TO entrevistador_app;


--
-- Name: TABLE challenge_templates; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE hiring.challenge_templates TO entrevistador_app;


--
-- Name: COLUMN challenge_templates.title; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(title) ON TABLE hiring.challenge_templates TO entrevistador_app;


--
-- Name: COLUMN challenge_templates.description; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(description) ON TABLE hiring.challenge_templates TO entrevistador_app;


--
-- Name: COLUMN challenge_templates.languages; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(languages) ON TABLE hiring.challenge_templates TO entrevistador_app;


--
-- Name: COLUMN challenge_templates.difficulty; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(difficulty) ON TABLE hiring.challenge_templates TO entrevistador_app;


--
-- Name: COLUMN challenge_templates.estimated_minutes; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(estimated_minutes) ON TABLE hiring.challenge_templates TO entrevistador_app;


--
-- Name: COLUMN challenge_templates.locale; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(locale) ON TABLE hiring.challenge_templates TO entrevistador_app;


--
-- Name: COLUMN challenge_templates.updated_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE hiring.challenge_templates TO entrevistador_app;


--
-- Name: TABLE external_candidacies; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE hiring.external_candidacies TO entrevistador_app;


--
-- Name: TABLE message_templates; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE hiring.message_templates TO entrevistador_app;


--
-- Name: TABLE notes; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT ON TABLE hiring.notes TO entrevistador_app;


--
-- Name: TABLE pipelines; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE hiring.pipelines TO entrevistador_app;


--
-- Name: TABLE scorecard_criteria; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE hiring.scorecard_criteria TO entrevistador_app;


--
-- Name: COLUMN scorecard_criteria."position"; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE("position") ON TABLE hiring.scorecard_criteria TO entrevistador_app;


--
-- Name: COLUMN scorecard_criteria.name; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(name) ON TABLE hiring.scorecard_criteria TO entrevistador_app;


--
-- Name: COLUMN scorecard_criteria.description; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(description) ON TABLE hiring.scorecard_criteria TO entrevistador_app;


--
-- Name: COLUMN scorecard_criteria.weight; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(weight) ON TABLE hiring.scorecard_criteria TO entrevistador_app;


--
-- Name: COLUMN scorecard_criteria.updated_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE hiring.scorecard_criteria TO entrevistador_app;


--
-- Name: COLUMN scorecard_criteria.retired_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(retired_at) ON TABLE hiring.scorecard_criteria TO entrevistador_app;


--
-- Name: TABLE scorecard_scores; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE hiring.scorecard_scores TO entrevistador_app;


--
-- Name: COLUMN scorecard_scores.score; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(score) ON TABLE hiring.scorecard_scores TO entrevistador_app;


--
-- Name: COLUMN scorecard_scores.comment; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(comment) ON TABLE hiring.scorecard_scores TO entrevistador_app;


--
-- Name: TABLE scorecards; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT ON TABLE hiring.scorecards TO entrevistador_app;


--
-- Name: COLUMN scorecards.recommendation; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(recommendation) ON TABLE hiring.scorecards TO entrevistador_app;


--
-- Name: COLUMN scorecards.comment; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(comment) ON TABLE hiring.scorecards TO entrevistador_app;


--
-- Name: COLUMN scorecards.updated_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE hiring.scorecards TO entrevistador_app;


--
-- Name: TABLE settings; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE hiring.settings TO entrevistador_app;


--
-- Name: TABLE stage_changes; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT ON TABLE hiring.stage_changes TO entrevistador_app;


--
-- Name: TABLE submissions; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT ON TABLE hiring.submissions TO entrevistador_app;


--
-- Name: TABLE technical_evaluations; Type: ACL; Schema: hiring; Owner: -
--

GRANT SELECT,INSERT ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.repository_url; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(repository_url) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.commit_sha; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(commit_sha) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.pr_url; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(pr_url) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.code_quality_score; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(code_quality_score) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.test_coverage; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(test_coverage) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.reviewer_id; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(reviewer_id) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.notes; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(notes) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.status; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(status) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.updated_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.submitted_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(submitted_at) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: COLUMN technical_evaluations.reviewed_at; Type: ACL; Schema: hiring; Owner: -
--

GRANT UPDATE(reviewed_at) ON TABLE hiring.technical_evaluations TO entrevistador_app;


--
-- Name: TABLE consent_records; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT,INSERT ON TABLE identity.consent_records TO entrevistador_app;


--
-- Name: TABLE data_exports; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT,INSERT ON TABLE identity.data_exports TO entrevistador_app;


--
-- Name: COLUMN data_exports.status; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(status) ON TABLE identity.data_exports TO entrevistador_app;


--
-- Name: COLUMN data_exports.object_key; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(object_key) ON TABLE identity.data_exports TO entrevistador_app;


--
-- Name: COLUMN data_exports.size_bytes; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(size_bytes) ON TABLE identity.data_exports TO entrevistador_app;


--
-- Name: COLUMN data_exports.files; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(files) ON TABLE identity.data_exports TO entrevistador_app;


--
-- Name: COLUMN data_exports.failure; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(failure) ON TABLE identity.data_exports TO entrevistador_app;


--
-- Name: COLUMN data_exports.ready_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(ready_at) ON TABLE identity.data_exports TO entrevistador_app;


--
-- Name: COLUMN data_exports.expires_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(expires_at) ON TABLE identity.data_exports TO entrevistador_app;


--
-- Name: TABLE invitations; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT,INSERT ON TABLE identity.invitations TO entrevistador_app;


--
-- Name: COLUMN invitations.role; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(role) ON TABLE identity.invitations TO entrevistador_app;


--
-- Name: COLUMN invitations.token_hash; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(token_hash) ON TABLE identity.invitations TO entrevistador_app;


--
-- Name: COLUMN invitations.invited_by; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(invited_by) ON TABLE identity.invitations TO entrevistador_app;


--
-- Name: COLUMN invitations.expires_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(expires_at) ON TABLE identity.invitations TO entrevistador_app;


--
-- Name: COLUMN invitations.revoked_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(revoked_at) ON TABLE identity.invitations TO entrevistador_app;


--
-- Name: COLUMN invitations.sent_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(sent_at) ON TABLE identity.invitations TO entrevistador_app;


--
-- Name: TABLE memberships; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE identity.memberships TO entrevistador_app;


--
-- Name: COLUMN memberships.role; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(role) ON TABLE identity.memberships TO entrevistador_app;


--
-- Name: COLUMN memberships.status; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(status) ON TABLE identity.memberships TO entrevistador_app;


--
-- Name: COLUMN memberships.updated_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE identity.memberships TO entrevistador_app;


--
-- Name: TABLE one_time_tokens; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT,INSERT ON TABLE identity.one_time_tokens TO entrevistador_app;


--
-- Name: COLUMN one_time_tokens.used_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(used_at) ON TABLE identity.one_time_tokens TO entrevistador_app;


--
-- Name: TABLE refresh_tokens; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT,INSERT ON TABLE identity.refresh_tokens TO entrevistador_app;


--
-- Name: COLUMN refresh_tokens.rotated_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(rotated_at) ON TABLE identity.refresh_tokens TO entrevistador_app;


--
-- Name: TABLE roles; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT ON TABLE identity.roles TO entrevistador_app;


--
-- Name: TABLE sessions; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT,INSERT ON TABLE identity.sessions TO entrevistador_app;


--
-- Name: COLUMN sessions.tenant_id; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(tenant_id) ON TABLE identity.sessions TO entrevistador_app;


--
-- Name: COLUMN sessions.last_used_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(last_used_at) ON TABLE identity.sessions TO entrevistador_app;


--
-- Name: COLUMN sessions.revoked_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(revoked_at) ON TABLE identity.sessions TO entrevistador_app;


--
-- Name: COLUMN sessions.revoked_reason; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(revoked_reason) ON TABLE identity.sessions TO entrevistador_app;


--
-- Name: TABLE tenants; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT,INSERT ON TABLE identity.tenants TO entrevistador_app;


--
-- Name: COLUMN tenants.name; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(name) ON TABLE identity.tenants TO entrevistador_app;


--
-- Name: COLUMN tenants.industry; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(industry) ON TABLE identity.tenants TO entrevistador_app;


--
-- Name: COLUMN tenants.employee_count; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(employee_count) ON TABLE identity.tenants TO entrevistador_app;


--
-- Name: COLUMN tenants.size; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(size) ON TABLE identity.tenants TO entrevistador_app;


--
-- Name: COLUMN tenants.settings; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(settings) ON TABLE identity.tenants TO entrevistador_app;


--
-- Name: COLUMN tenants.updated_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE identity.tenants TO entrevistador_app;


--
-- Name: TABLE users; Type: ACL; Schema: identity; Owner: -
--

GRANT SELECT ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.id; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(id) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.email; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(email) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.password_hash; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(password_hash),UPDATE(password_hash) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.first_name; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(first_name),UPDATE(first_name) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.last_name; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(last_name),UPDATE(last_name) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.phone; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(phone),UPDATE(phone) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.locale; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(locale),UPDATE(locale) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.timezone; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(timezone),UPDATE(timezone) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.status; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(status) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.email_verified_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(email_verified_at) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.terms_accepted_at; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(terms_accepted_at) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.privacy_accepted_at; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(privacy_accepted_at) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.marketing_consent_at; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(marketing_consent_at),UPDATE(marketing_consent_at) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.last_login_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(last_login_at) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.deleted_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(deleted_at) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.purge_after; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(purge_after) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.created_at; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(created_at) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.updated_at; Type: ACL; Schema: identity; Owner: -
--

GRANT INSERT(updated_at),UPDATE(updated_at) ON TABLE identity.users TO entrevistador_app;


--
-- Name: COLUMN users.inactivity_notice_at; Type: ACL; Schema: identity; Owner: -
--

GRANT UPDATE(inactivity_notice_at) ON TABLE identity.users TO entrevistador_app;


--
-- Name: TABLE interviews; Type: ACL; Schema: interview; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: COLUMN interviews.status; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(status) ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: COLUMN interviews.overall_score; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(overall_score) ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: COLUMN interviews.scores; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(scores) ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: COLUMN interviews.feedback; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(feedback) ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: COLUMN interviews.last_activity_at; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(last_activity_at) ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: COLUMN interviews.ended_at; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(ended_at) ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: COLUMN interviews.llm_input_tokens; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(llm_input_tokens) ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: COLUMN interviews.llm_output_tokens; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(llm_output_tokens) ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: COLUMN interviews.llm_cost_micro_usd; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(llm_cost_micro_usd) ON TABLE interview.interviews TO entrevistador_app;


--
-- Name: TABLE questions; Type: ACL; Schema: interview; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE interview.questions TO entrevistador_app;


--
-- Name: COLUMN questions.asked_at; Type: ACL; Schema: interview; Owner: -
--

GRANT UPDATE(asked_at) ON TABLE interview.questions TO entrevistador_app;


--
-- Name: TABLE responses; Type: ACL; Schema: interview; Owner: -
--

GRANT SELECT,INSERT,DELETE ON TABLE interview.responses TO entrevistador_app;


--
-- Name: TABLE board_counts; Type: ACL; Schema: matching; Owner: -
--

GRANT SELECT ON TABLE matching.board_counts TO entrevistador_app;


--
-- Name: TABLE job_embeddings; Type: ACL; Schema: matching; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE matching.job_embeddings TO entrevistador_app;


--
-- Name: TABLE job_postings; Type: ACL; Schema: matching; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE matching.job_postings TO entrevistador_app;


--
-- Name: TABLE matches; Type: ACL; Schema: matching; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE matching.matches TO entrevistador_app;


--
-- Name: TABLE jobs; Type: ACL; Schema: platform; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE platform.jobs TO entrevistador_app;


--
-- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: analytics; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE entrevistador IN SCHEMA analytics GRANT SELECT ON TABLES TO entrevistador_analytics;


--
-- PostgreSQL database dump complete
--


