-- The analytics context: product events (from clients and from every context's outbox), and the
-- append-only, hash-chained audit log. Nothing here names a person in the clear except the
-- outbox (drained within seconds) and the audit log's personal columns, which the data team's
-- role cannot read and the purge erases.

-- Product events, one partition per month (analytics.ensure_event_partitions). People appear
-- only as stable keyed hashes (`actor_key`, `session_key`: HMAC with the application's secret),
-- so the data team never handles who they are; the purge finds a person's rows by the same hash.
CREATE TABLE analytics.events (
    event_id      uuid NOT NULL,
    occurred_at   timestamptz NOT NULL,
    received_at   timestamptz NOT NULL,
    name          text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_.]{0,79}$'),
    category      text CHECK (length(category) <= 80),
    source        text NOT NULL CHECK (source IN ('client', 'server')),
    actor_key     text CHECK (length(actor_key) <= 64),
    tenant_id     uuid,
    session_key   text CHECK (length(session_key) <= 64),
    properties    jsonb NOT NULL DEFAULT '{}',
    page_path     text CHECK (length(page_path) <= 300),
    referrer_host text CHECK (length(referrer_host) <= 255),
    device        text,
    browser       text,
    os            text,
    country       text CHECK (country ~ '^[A-Z]{2}$'),
    city          text CHECK (length(city) <= 100),
    PRIMARY KEY (event_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX events_name_time ON analytics.events (name, occurred_at);
CREATE INDEX events_tenant_time ON analytics.events (tenant_id, occurred_at) WHERE tenant_id IS NOT NULL;
CREATE INDEX events_actor ON analytics.events (actor_key) WHERE actor_key IS NOT NULL;

-- The client event ids already taken, so a batch sent twice is stored once. Kept 30 days; a
-- client retrying later than that would be counted twice. UNLOGGED: it is the ingest's second
-- write per event, and WAL for it is a tenth of the ingest's cost; a database crash empties it,
-- after which an event retried without its own `occurred_at` could be stored twice (events that
-- carry it are still kept once by the events' key).
CREATE UNLOGGED TABLE analytics.event_receipts (
    event_id    uuid PRIMARY KEY,
    received_at timestamptz NOT NULL
);
CREATE INDEX event_receipts_received ON analytics.event_receipts (received_at);

-- Server-side events, written by every context in the transaction of the change that caused
-- them (analytics.track); the drain job moves them into `events`, pseudonymised.
CREATE TABLE analytics.outbox (
    id          uuid PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    name        text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_.]{0,79}$'),
    user_id     uuid,
    tenant_id   uuid,
    properties  jsonb NOT NULL DEFAULT '{}'
);

CREATE FUNCTION analytics.track(p_id uuid, p_occurred_at timestamptz, p_name text, p_user_id uuid,
                                p_tenant_id uuid, p_properties jsonb)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO analytics.outbox (id, occurred_at, name, user_id, tenant_id, properties)
    VALUES (p_id, p_occurred_at, p_name, p_user_id, p_tenant_id, coalesce(p_properties, '{}'))
$$;
REVOKE ALL ON FUNCTION analytics.track(uuid, timestamptz, text, uuid, uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics.track(uuid, timestamptz, text, uuid, uuid, jsonb) TO entrevistador_app;

-- Monthly partitions from `from_month` to `ahead` months after the current one, in UTC months
-- (whatever the session's time zone), as the archives read them.
CREATE FUNCTION analytics.ensure_event_partitions(from_month date, ahead integer)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
REVOKE ALL ON FUNCTION analytics.ensure_event_partitions(date, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics.ensure_event_partitions(date, integer) TO entrevistador_app;

-- The months that have a partition, oldest first.
CREATE FUNCTION analytics.event_partition_months()
RETURNS SETOF date LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT to_date(substring(c.relname FROM 'events_(\d{4}_\d{2})$'), 'YYYY_MM')
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'analytics.events'::regclass
    ORDER BY 1
$$;
REVOKE ALL ON FUNCTION analytics.event_partition_months() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics.event_partition_months() TO entrevistador_app;

-- Detaches and drops a month's partition: called once its rows are archived in object storage.
-- Refuses the current month and later.
CREATE FUNCTION analytics.drop_event_partition(month date)
RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
REVOKE ALL ON FUNCTION analytics.drop_event_partition(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics.drop_event_partition(date) TO entrevistador_app;

SELECT analytics.ensure_event_partitions(((date_trunc('month', now(), 'UTC') AT TIME ZONE 'UTC') - interval '1 month')::date, 3);

-- The audit log: security-relevant actions of every context, written in the transaction of the
-- action through analytics.append_audit, which alone may insert. Each row carries the hash of the
-- one before (`prev_hash`) and its own (`hash`), over its public columns and `personal_digest`:
-- the digest of its personal columns with a random `nonce`. The purge erases the personal
-- columns and the nonce but keeps the digest, so the chain still verifies and the erased values
-- cannot be guessed back from it.
CREATE TABLE analytics.audit_log (
    seq              bigint PRIMARY KEY,
    id               uuid NOT NULL UNIQUE,
    occurred_at      timestamptz NOT NULL,
    action           text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_.]{0,79}$'),
    outcome          text NOT NULL CHECK (outcome IN ('success', 'failure')),
    tenant_id        uuid,
    -- Personal: who acted, whom it concerned, from where, and the particulars.
    actor_id         uuid,
    subject_id       uuid,
    ip               text CHECK (length(ip) <= 64),
    details          jsonb NOT NULL DEFAULT '{}',
    nonce            bytea,
    -- Written by the purge: the person's stable pseudonym (a keyed hash), so an erased trail
    -- still shows that one person did these things.
    erased_at        timestamptz,
    person_pseudonym  text,
    personal_digest  bytea NOT NULL,
    prev_hash        bytea NOT NULL,
    hash             bytea NOT NULL
);
CREATE INDEX audit_log_tenant ON analytics.audit_log (tenant_id, seq) WHERE tenant_id IS NOT NULL;
CREATE INDEX audit_log_actor ON analytics.audit_log (actor_id) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_log_subject ON analytics.audit_log (subject_id) WHERE subject_id IS NOT NULL;
CREATE INDEX audit_log_action ON analytics.audit_log (action, occurred_at);

-- The canonical texts both digests are taken over; `entrevistador audit verify` recomputes them
-- in Rust from the columns (crates/analytics/src/domain/audit.rs), so the two must agree.
CREATE FUNCTION analytics.audit_personal_text(actor_id uuid, subject_id uuid, ip text, details jsonb)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT concat_ws('|', coalesce(actor_id::text, ''), coalesce(subject_id::text, ''), coalesce(ip, ''),
                     details::text)
$$;

CREATE FUNCTION analytics.audit_row_text(seq bigint, id uuid, occurred_at timestamptz, action text, outcome text,
                                         tenant_id uuid, personal_digest bytea)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT concat_ws('|', seq::text, id::text, ((extract(epoch FROM occurred_at) * 1000000)::bigint)::text, action,
                     outcome, coalesce(tenant_id::text, ''), encode(personal_digest, 'hex'))
$$;

-- Appends one row in the caller's transaction. One writer at a time (a transaction-level
-- advisory lock, held until the caller commits) keeps the chain a line: callers append last.
CREATE FUNCTION analytics.append_audit(p_id uuid, p_occurred_at timestamptz, p_action text, p_outcome text,
                                       p_tenant_id uuid, p_actor_id uuid, p_subject_id uuid, p_ip text,
                                       p_details jsonb, p_nonce bytea)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
REVOKE ALL ON FUNCTION analytics.append_audit(uuid, timestamptz, text, text, uuid, uuid, uuid, text, jsonb, bytea)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analytics.append_audit(uuid, timestamptz, text, text, uuid, uuid, uuid, text, jsonb, bytea)
    TO entrevistador_app;

-- Append-only for everyone, the owner included: rows are never deleted, and the only change
-- allowed is the purge's erasure of personal columns (with `analytics.erasing` set for its
-- transaction).
CREATE FUNCTION analytics.audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON analytics.audit_log
    FOR EACH ROW EXECUTE FUNCTION analytics.audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON analytics.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION analytics.audit_log_guard();

-- Row-level security. The application: workers (role 'system') read and write events, receipts
-- and the outbox; a company reads its own events; platform operators (role 'platform') read the
-- whole audit log, a company's admins their company's part. The data team reads events and the
-- audit log's public columns.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['events', 'outbox', 'audit_log'] LOOP
        EXECUTE format('ALTER TABLE analytics.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE analytics.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY owner_all ON analytics.%I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
        EXECUTE format('CREATE POLICY %I ON analytics.%I TO entrevistador_app
            USING (app.role() = ''system'') WITH CHECK (app.role() = ''system'')', t || '_workers', t);
    END LOOP;
END
$$;
CREATE POLICY events_tenant ON analytics.events FOR SELECT TO entrevistador_app USING (tenant_id = app.tenant_id());
CREATE POLICY events_data_team ON analytics.events FOR SELECT TO entrevistador_analytics USING (true);
CREATE POLICY audit_log_platform ON analytics.audit_log FOR SELECT TO entrevistador_app
    USING (app.role() = 'platform');
CREATE POLICY audit_log_tenant_admins ON analytics.audit_log FOR SELECT TO entrevistador_app
    USING (tenant_id = app.tenant_id() AND app.role() IN ('admin', 'superadmin'));
CREATE POLICY audit_log_data_team ON analytics.audit_log FOR SELECT TO entrevistador_analytics USING (true);

GRANT SELECT, INSERT ON analytics.events TO entrevistador_app;
GRANT SELECT, INSERT, DELETE ON analytics.event_receipts TO entrevistador_app;
-- UPDATE only so the drain may lock rows (FOR UPDATE SKIP LOCKED); it never changes one.
GRANT SELECT, UPDATE, DELETE ON analytics.outbox TO entrevistador_app;
GRANT SELECT ON analytics.audit_log TO entrevistador_app;

-- The schema's default gives the data team every table; these two hold people in the clear.
REVOKE ALL ON analytics.outbox, analytics.event_receipts FROM entrevistador_analytics;
REVOKE ALL ON analytics.audit_log FROM entrevistador_analytics;
GRANT SELECT (seq, id, occurred_at, action, outcome, tenant_id, erased_at, person_pseudonym, personal_digest,
              prev_hash, hash) ON analytics.audit_log TO entrevistador_analytics;
