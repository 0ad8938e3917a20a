DROP FUNCTION identity.dormant_accounts(timestamptz, integer);
ALTER TABLE identity.users DROP COLUMN inactivity_notice_at;
DELETE FROM identity.consent_records WHERE purpose = 'data_retention';
ALTER TABLE identity.consent_records DROP CONSTRAINT consent_records_purpose_check;
ALTER TABLE identity.consent_records ADD CONSTRAINT consent_records_purpose_check
    CHECK (purpose IN ('marketing', 'talent_network'));
