-- Each consent a person gives or takes back, per purpose, with when, how and from where (LPDP,
-- Law 29733: consent must be provable and revocable). The latest record of a purpose is the
-- consent in force. Sign-up's terms and privacy are the account itself and stay on the user row.
CREATE TABLE identity.consent_records (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    purpose     text NOT NULL CHECK (purpose IN ('marketing', 'talent_network')),
    granted     boolean NOT NULL,
    source      text NOT NULL CHECK (source ~ '^[a-z][a-z0-9_]{0,39}$'),
    ip          text CHECK (length(ip) <= 64),
    recorded_at timestamptz NOT NULL
);
CREATE INDEX consent_records_user ON identity.consent_records (user_id, purpose, recorded_at DESC);

ALTER TABLE identity.consent_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE identity.consent_records FORCE ROW LEVEL SECURITY;
CREATE POLICY consent_records_owner ON identity.consent_records TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
CREATE POLICY consent_records_workers ON identity.consent_records TO entrevistador_app
    USING (app.role() = 'system') WITH CHECK (app.role() = 'system');
CREATE POLICY owner_all ON identity.consent_records TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON identity.consent_records TO entrevistador_app;

-- The marketing consents given before this ledger existed.
INSERT INTO identity.consent_records (id, user_id, purpose, granted, source, ip, recorded_at)
    SELECT gen_random_uuid(), id, 'marketing', true, 'signup', NULL, marketing_consent_at
    FROM identity.users WHERE marketing_consent_at IS NOT NULL;
