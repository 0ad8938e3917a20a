DROP TABLE identity.consent_records;
