-- Data retention: an account unused for two years is deleted unless the person consented to keep
-- it (a third consent purpose); they are mailed 30 days before, and the time of that notice is
-- kept so that the deletion waits for it (and a later use voids it).
ALTER TABLE identity.consent_records DROP CONSTRAINT consent_records_purpose_check;
ALTER TABLE identity.consent_records ADD CONSTRAINT consent_records_purpose_check
    CHECK (purpose IN ('marketing', 'talent_network', 'data_retention'));
ALTER TABLE identity.users ADD COLUMN inactivity_notice_at timestamptz;
GRANT UPDATE (inactivity_notice_at) ON identity.users TO entrevistador_app;

-- The accounts last used before `p_used_before` that the retention rule may concern: people's own
-- accounts (not platform operators, not a company's staff, whose accounts follow their company),
-- with when they were last used (created, signed in, a session used), the notice they were sent
-- and their data-retention consent in force. The job acts on each under that person's own scope.
CREATE FUNCTION identity.dormant_accounts(p_used_before timestamptz, p_limit integer)
RETURNS TABLE (user_id uuid, email text, locale text, last_active timestamptz, notice_at timestamptz,
               retained boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
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
REVOKE ALL ON FUNCTION identity.dormant_accounts(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION identity.dormant_accounts(timestamptz, integer) TO entrevistador_app;
