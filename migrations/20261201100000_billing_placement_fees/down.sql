DELETE FROM billing.payments WHERE purpose = 'placement';
ALTER TABLE billing.payments
    DROP CONSTRAINT payments_pays_a_plan_or_a_placement,
    DROP COLUMN placement_id,
    ALTER COLUMN plan_id SET NOT NULL,
    ALTER COLUMN billing_cycle SET NOT NULL,
    DROP CONSTRAINT payments_purpose_check,
    ADD CONSTRAINT payments_purpose_check CHECK (purpose IN ('subscribe', 'renewal', 'upgrade'));
