-- Companies stop being a spam relay, and revoked invitations say so.
--   * invitations.sent_at: when the invitation was last mailed, so a repeated invitation to the
--     same address mails at most once per interval (the service decides the interval).
--   * At most one open (neither accepted nor revoked) invitation per (tenant, email): inviting the
--     same address again refreshes that invitation (new token, expiry, role) instead of adding one.
--   * identity.tenants_created_by_caller(): how many companies the caller has created, counted
--     under a per-caller lock, for the cap on companies per account.
--   * identity.accept_invitation answers 'revoked' for a revoked invitation (the API says 410).

ALTER TABLE identity.invitations ADD COLUMN sent_at timestamptz;
UPDATE identity.invitations SET sent_at = created_at;
ALTER TABLE identity.invitations ALTER COLUMN sent_at SET NOT NULL;
ALTER TABLE identity.invitations ALTER COLUMN sent_at SET DEFAULT now();
COMMENT ON COLUMN identity.invitations.sent_at IS 'When the invitation was last mailed.';

-- Duplicates made before this migration: the newest open invitation per (tenant, email) stays,
-- the older ones are revoked.
UPDATE identity.invitations older SET revoked_at = now()
WHERE older.accepted_at IS NULL AND older.revoked_at IS NULL
  AND EXISTS (SELECT 1 FROM identity.invitations newer
              WHERE newer.tenant_id = older.tenant_id AND newer.email = older.email
                AND newer.accepted_at IS NULL AND newer.revoked_at IS NULL
                AND (newer.created_at, newer.id) > (older.created_at, older.id));
CREATE UNIQUE INDEX invitations_open_key ON identity.invitations (tenant_id, email)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;

-- Refreshing an open invitation: a new token and expiry, the latest role and inviter, the mail time.
GRANT UPDATE (role, token_hash, invited_by, expires_at, sent_at) ON identity.invitations TO entrevistador_app;

-- The number of companies the signed-in user (app.user_id()) has created, including ones they no
-- longer belong to (which row-level security hides from them). The transaction-scoped lock makes
-- two concurrent creations by one user count one after the other.
CREATE FUNCTION identity.tenants_created_by_caller()
    RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
    AS $$
    BEGIN
        IF app.user_id() IS NULL THEN
            RETURN 0;
        END IF;
        PERFORM pg_advisory_xact_lock(hashtextextended('identity.tenants_created_by:' || app.user_id()::text, 0));
        RETURN (SELECT count(*) FROM identity.tenants t WHERE t.created_by = app.user_id());
    END
    $$;
REVOKE ALL ON FUNCTION identity.tenants_created_by_caller() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identity.tenants_created_by_caller() TO entrevistador_app;

-- As before, with a revoked invitation answered as 'revoked' rather than 'not_found'.
CREATE OR REPLACE FUNCTION identity.accept_invitation(p_token_hash text, p_membership_id uuid)
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
