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

DROP FUNCTION identity.tenants_created_by_caller();
REVOKE UPDATE (role, token_hash, invited_by, expires_at, sent_at) ON identity.invitations FROM entrevistador_app;
DROP INDEX identity.invitations_open_key;
ALTER TABLE identity.invitations DROP COLUMN sent_at;
