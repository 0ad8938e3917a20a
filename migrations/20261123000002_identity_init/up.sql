-- Identity context: users, companies (tenants), memberships, roles, sessions, invitations and
-- one-time tokens. Every table with user or tenant data has ENABLE + FORCE ROW LEVEL SECURITY.
--
-- Policies name two kinds of subject:
--   * the application role, whose request context (app.user_id(), app.tenant_id(), app.role())
--     decides what it sees;
--   * the owner role (CURRENT_USER while migrating), which runs migrations and owns the
--     SECURITY DEFINER functions below. Those functions are the only way the application reaches
--     rows before it knows who the caller is (login, refresh, reset, invitation accept), and each
--     returns only what its step needs.
CREATE SCHEMA identity;
GRANT USAGE ON SCHEMA identity TO entrevistador_app;

CREATE TABLE identity.roles (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    level       smallint NOT NULL UNIQUE CHECK (level > 0),
    permissions text[] NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE identity.roles IS 'Reference data: a role may grant only roles of its level or lower.';

INSERT INTO identity.roles (code, name, level, permissions) VALUES
    ('superadmin', 'Superadministrador', 100, ARRAY['*']),
    ('admin', 'Administrador', 50,
        ARRAY['tenant:manage', 'members:read', 'members:manage', 'invitations:manage', 'jobs:manage', 'candidates:read', 'candidates:manage']),
    ('recruiter', 'Reclutador', 30,
        ARRAY['members:read', 'jobs:manage', 'candidates:read', 'candidates:manage']),
    ('hiring_manager', 'Responsable de contratación', 20,
        ARRAY['members:read', 'candidates:read']),
    ('candidate', 'Candidato', 10,
        ARRAY['profile:manage']);
GRANT SELECT ON identity.roles TO entrevistador_app;

CREATE TABLE identity.users (
    id                   uuid PRIMARY KEY,
    email                text NOT NULL CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
    password_hash        text NOT NULL,
    first_name           text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name            text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    phone                text,
    locale               text NOT NULL DEFAULT 'es-PE',
    timezone             text NOT NULL DEFAULT 'America/Lima',
    status               text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'deleted')),
    is_platform_admin    boolean NOT NULL DEFAULT false,
    email_verified_at    timestamptz,
    terms_accepted_at    timestamptz NOT NULL,
    privacy_accepted_at  timestamptz NOT NULL,
    marketing_consent_at timestamptz,
    last_login_at        timestamptz,
    deleted_at           timestamptz,
    purge_after          timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'deleted') = (deleted_at IS NOT NULL AND purge_after IS NOT NULL))
);
COMMENT ON COLUMN identity.users.purge_after IS 'LPDP (Ley 29733): a deleted account is erased for good after this time.';
-- A deleted account keeps its row until purge, but frees its email for a new account.
CREATE UNIQUE INDEX users_email_live_key ON identity.users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_purge_due_idx ON identity.users (purge_after) WHERE purge_after IS NOT NULL;

-- The application may never make anyone a platform admin nor rewrite identity or consent history.
GRANT SELECT ON identity.users TO entrevistador_app;
GRANT INSERT (id, email, password_hash, first_name, last_name, phone, locale, timezone,
              terms_accepted_at, privacy_accepted_at, marketing_consent_at, created_at, updated_at)
    ON identity.users TO entrevistador_app;
GRANT UPDATE (password_hash, first_name, last_name, phone, locale, timezone, status,
              email_verified_at, marketing_consent_at, last_login_at, deleted_at, purge_after, updated_at)
    ON identity.users TO entrevistador_app;

CREATE TABLE identity.tenants (
    id             uuid PRIMARY KEY,
    name           text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
    slug           text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) BETWEEN 3 AND 63),
    industry       text,
    employee_count integer CHECK (employee_count > 0),
    size           text CHECK (size IN ('1-10', '11-50', '51-200', '201-500', '501-1000', '1001+')),
    settings       jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_by     uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON identity.tenants TO entrevistador_app;
GRANT UPDATE (name, industry, employee_count, size, settings, updated_at) ON identity.tenants TO entrevistador_app;

CREATE TABLE identity.memberships (
    id         uuid PRIMARY KEY,
    tenant_id  uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    role       text NOT NULL REFERENCES identity.roles (code),
    status     text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    invited_by uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, user_id)
);
CREATE INDEX memberships_user_idx ON identity.memberships (user_id);
GRANT SELECT, INSERT, DELETE ON identity.memberships TO entrevistador_app;
GRANT UPDATE (role, status, updated_at) ON identity.memberships TO entrevistador_app;

CREATE TABLE identity.invitations (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    email       text NOT NULL CHECK (email = lower(btrim(email))),
    role        text NOT NULL REFERENCES identity.roles (code),
    token_hash  text NOT NULL UNIQUE,
    invited_by  uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invitations_tenant_idx ON identity.invitations (tenant_id, created_at DESC);
GRANT SELECT, INSERT ON identity.invitations TO entrevistador_app;
GRANT UPDATE (revoked_at) ON identity.invitations TO entrevistador_app;

-- A session is one refresh-token family: every rotation adds a token to the same session.
CREATE TABLE identity.sessions (
    id             uuid PRIMARY KEY,
    user_id        uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    tenant_id      uuid REFERENCES identity.tenants (id) ON DELETE SET NULL,
    ip             text,
    user_agent     text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text CHECK (revoked_reason IN ('logout', 'revoked_by_user', 'password_changed', 'token_reuse', 'account_deleted', 'member_removed'))
);
CREATE INDEX sessions_user_idx ON identity.sessions (user_id, created_at DESC);
GRANT SELECT, INSERT ON identity.sessions TO entrevistador_app;
GRANT UPDATE (tenant_id, last_used_at, revoked_at, revoked_reason) ON identity.sessions TO entrevistador_app;

CREATE TABLE identity.refresh_tokens (
    token_hash text PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES identity.sessions (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    rotated_at timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON identity.refresh_tokens (session_id);
GRANT SELECT, INSERT ON identity.refresh_tokens TO entrevistador_app;
GRANT UPDATE (rotated_at) ON identity.refresh_tokens TO entrevistador_app;

-- Single-use tokens sent by mail: email verification and password reset.
CREATE TABLE identity.one_time_tokens (
    token_hash text PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('email_verification', 'password_reset')),
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX one_time_tokens_user_idx ON identity.one_time_tokens (user_id, purpose);
GRANT SELECT, INSERT ON identity.one_time_tokens TO entrevistador_app;
GRANT UPDATE (used_at) ON identity.one_time_tokens TO entrevistador_app;

-- Row-level security ---------------------------------------------------------------------------
ALTER TABLE identity.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity.users FORCE ROW LEVEL SECURITY;
ALTER TABLE identity.tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity.tenants FORCE ROW LEVEL SECURITY;
ALTER TABLE identity.memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity.memberships FORCE ROW LEVEL SECURITY;
ALTER TABLE identity.invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity.invitations FORCE ROW LEVEL SECURITY;
ALTER TABLE identity.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity.sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE identity.refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity.refresh_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE identity.one_time_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity.one_time_tokens FORCE ROW LEVEL SECURITY;

-- The owner: migrations and the SECURITY DEFINER functions. The application never holds it.
CREATE POLICY owner_all ON identity.users TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON identity.tenants TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON identity.memberships TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON identity.invitations TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON identity.sessions TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON identity.refresh_tokens TO CURRENT_USER USING (true) WITH CHECK (true);
CREATE POLICY owner_all ON identity.one_time_tokens TO CURRENT_USER USING (true) WITH CHECK (true);

-- users: yourself; and, for reading, the members of the tenant you act in.
CREATE POLICY users_self ON identity.users TO entrevistador_app
    USING (id = app.user_id()) WITH CHECK (id = app.user_id());
CREATE POLICY users_fellow_members ON identity.users FOR SELECT TO entrevistador_app
    USING (EXISTS (SELECT 1 FROM identity.memberships m
                   WHERE m.user_id = users.id AND m.tenant_id = app.tenant_id()));

-- tenants: the ones you belong to, the one you act in; created by a signed-in user acting in it;
-- changed by its admins.
CREATE POLICY tenants_member_read ON identity.tenants FOR SELECT TO entrevistador_app
    USING (id = app.tenant_id()
           OR EXISTS (SELECT 1 FROM identity.memberships m
                      WHERE m.tenant_id = tenants.id AND m.user_id = app.user_id() AND m.status = 'active'));
CREATE POLICY tenants_create ON identity.tenants FOR INSERT TO entrevistador_app
    WITH CHECK (id = app.tenant_id() AND created_by = app.user_id());
CREATE POLICY tenants_admin_update ON identity.tenants FOR UPDATE TO entrevistador_app
    USING (id = app.tenant_id() AND app.role() IN ('admin', 'superadmin'));

-- memberships: your own everywhere; the current tenant's for reading; written by its admins.
CREATE POLICY memberships_own_read ON identity.memberships FOR SELECT TO entrevistador_app
    USING (user_id = app.user_id());
CREATE POLICY memberships_tenant_read ON identity.memberships FOR SELECT TO entrevistador_app
    USING (tenant_id = app.tenant_id());
CREATE POLICY memberships_admin_insert ON identity.memberships FOR INSERT TO entrevistador_app
    WITH CHECK (tenant_id = app.tenant_id() AND app.role() IN ('admin', 'superadmin'));
CREATE POLICY memberships_admin_update ON identity.memberships FOR UPDATE TO entrevistador_app
    USING (tenant_id = app.tenant_id() AND app.role() IN ('admin', 'superadmin'))
    WITH CHECK (tenant_id = app.tenant_id());
CREATE POLICY memberships_admin_delete ON identity.memberships FOR DELETE TO entrevistador_app
    USING (tenant_id = app.tenant_id() AND app.role() IN ('admin', 'superadmin'));

-- invitations: the current tenant's admins only.
CREATE POLICY invitations_admin ON identity.invitations TO entrevistador_app
    USING (tenant_id = app.tenant_id() AND app.role() IN ('admin', 'superadmin'))
    WITH CHECK (tenant_id = app.tenant_id() AND app.role() IN ('admin', 'superadmin'));

-- sessions and tokens: their user only.
CREATE POLICY sessions_self ON identity.sessions TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
CREATE POLICY refresh_tokens_self ON identity.refresh_tokens TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
CREATE POLICY one_time_tokens_self ON identity.one_time_tokens TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());

-- Narrow paths for steps that run before the caller is known -------------------------------------

-- Login: the live account for an email, with just what checking a password needs.
CREATE FUNCTION identity.login_credentials(p_email text)
    RETURNS TABLE (user_id uuid, password_hash text, status text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT u.id, u.password_hash, u.status
        FROM identity.users u
        WHERE u.email = lower(btrim(p_email)) AND u.deleted_at IS NULL
    $$;

-- Password reset request: the id of an active account, nothing else.
CREATE FUNCTION identity.active_user_id_by_email(p_email text)
    RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT u.id FROM identity.users u
        WHERE u.email = lower(btrim(p_email)) AND u.status = 'active'
    $$;

-- Refresh: whose refresh token this is (the rest runs in that user's context).
CREATE FUNCTION identity.refresh_token_owner(p_token_hash text)
    RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$ SELECT t.user_id FROM identity.refresh_tokens t WHERE t.token_hash = p_token_hash $$;

-- Email verification and password reset confirmation: whose token this is.
CREATE FUNCTION identity.one_time_token_owner(p_token_hash text, p_purpose text)
    RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT t.user_id FROM identity.one_time_tokens t
        WHERE t.token_hash = p_token_hash AND t.purpose = p_purpose
    $$;

-- Invitation accept: the signed-in user (app.user_id()) joins the inviting tenant when the
-- invitation is live and addressed to their email (p_membership_id: a new membership's id). Returns the outcome, and the tenant and role
-- when accepted.
CREATE FUNCTION identity.accept_invitation(p_token_hash text, p_membership_id uuid)
    RETURNS TABLE (outcome text, tenant_id uuid, role text)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
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
        IF NOT FOUND OR inv.revoked_at IS NOT NULL THEN
            RETURN QUERY SELECT 'not_found'::text, NULL::uuid, NULL::text;
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

REVOKE ALL ON FUNCTION identity.login_credentials(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION identity.active_user_id_by_email(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION identity.refresh_token_owner(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION identity.one_time_token_owner(text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION identity.accept_invitation(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identity.login_credentials(text) TO entrevistador_app;
GRANT EXECUTE ON FUNCTION identity.active_user_id_by_email(text) TO entrevistador_app;
GRANT EXECUTE ON FUNCTION identity.refresh_token_owner(text) TO entrevistador_app;
GRANT EXECUTE ON FUNCTION identity.one_time_token_owner(text, text) TO entrevistador_app;
GRANT EXECUTE ON FUNCTION identity.accept_invitation(text, uuid) TO entrevistador_app;
