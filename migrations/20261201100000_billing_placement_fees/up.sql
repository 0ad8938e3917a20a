-- The talent network's placement fees are billed to the hiring company: a payment of its own
-- kind, for a network application (hiring's id) rather than a plan.
ALTER TABLE billing.payments
    DROP CONSTRAINT payments_purpose_check,
    ADD CONSTRAINT payments_purpose_check CHECK (purpose IN ('subscribe', 'renewal', 'upgrade', 'placement')),
    ALTER COLUMN plan_id DROP NOT NULL,
    ALTER COLUMN billing_cycle DROP NOT NULL,
    ADD COLUMN placement_id uuid,
    ADD CONSTRAINT payments_pays_a_plan_or_a_placement CHECK (
        (purpose = 'placement') = (placement_id IS NOT NULL AND plan_id IS NULL AND billing_cycle IS NULL)
        AND (purpose = 'placement' OR (plan_id IS NOT NULL AND billing_cycle IS NOT NULL)));
-- One charge per placement.
CREATE UNIQUE INDEX payments_one_per_placement ON billing.payments (placement_id) WHERE placement_id IS NOT NULL;
