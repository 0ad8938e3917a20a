-- Billing, part two: payments through a provider and its webhooks, renewals and dunning on the
-- subscription, Peruvian electronic receipts (facturas, boletas, credit notes) numbered without
-- gaps, and each subject's billing profile (tax id, name, address) sealed with AES-256-GCM.

-- Renewals charge the method of the subscription's last paid payment (see billing.payments).
ALTER TABLE billing.subscriptions
    -- A downgrade waits for the period's end.
    ADD COLUMN scheduled_plan_id text REFERENCES billing.plans (id),
    -- Dunning: failed charges since the last paid one, the first failure, and the next try.
    ADD COLUMN failed_charges    smallint NOT NULL DEFAULT 0 CHECK (failed_charges >= 0),
    ADD COLUMN first_failed_at   timestamptz,
    ADD COLUMN next_charge_at    timestamptz;
GRANT UPDATE (scheduled_plan_id, failed_charges, first_failed_at, next_charge_at)
    ON billing.subscriptions TO entrevistador_app;
CREATE INDEX subscriptions_due ON billing.subscriptions (current_period_end)
    WHERE status IN ('active', 'past_due');

CREATE TABLE billing.payments (
    id                  uuid PRIMARY KEY,
    user_id             uuid REFERENCES identity.users (id) ON DELETE CASCADE,
    tenant_id           uuid REFERENCES identity.tenants (id) ON DELETE CASCADE,
    subscription_id     uuid REFERENCES billing.subscriptions (id) ON DELETE CASCADE,
    -- What the money is for: a first subscription (or a trial turned paid), a renewal (or a
    -- dunning retry of one), the prorated difference of an upgrade.
    purpose             text NOT NULL CHECK (purpose IN ('subscribe', 'renewal', 'upgrade')),
    plan_id             text NOT NULL REFERENCES billing.plans (id),
    billing_cycle       text NOT NULL CHECK (billing_cycle IN ('monthly', 'yearly')),
    amount              numeric(10, 2) NOT NULL CHECK (amount > 0),
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    provider            text NOT NULL CHECK (provider IN ('sandbox', 'stripe', 'mercadopago')),
    -- Set once the provider took the charge; a payment without one is retried with the same id
    -- as the provider's idempotency key.
    provider_reference  text CHECK (length(provider_reference) BETWEEN 1 AND 200),
    status              text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
    method_type         text CHECK (method_type IN ('card', 'bank_transfer', 'yape')),
    -- The provider's reusable reference to the method (Stripe's pm_…), never card data.
    payment_method      text CHECK (length(payment_method) <= 200),
    last4               text CHECK (last4 ~ '^[0-9]{4}$'),
    provider_fee        numeric(10, 2) CHECK (provider_fee >= 0),
    failure_reason      text CHECK (length(failure_reason) <= 500),
    idempotency_key     text CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CHECK ((user_id IS NULL) <> (tenant_id IS NULL))
);
CREATE UNIQUE INDEX payments_by_reference ON billing.payments (provider, provider_reference);
CREATE UNIQUE INDEX payments_idempotency ON billing.payments (coalesce(user_id, tenant_id), idempotency_key);
CREATE INDEX payments_of_subject ON billing.payments (coalesce(user_id, tenant_id), created_at DESC);
CREATE INDEX payments_pending ON billing.payments (created_at) WHERE status = 'pending';
-- At most one charge at a time per subscription for a renewal.
CREATE UNIQUE INDEX payments_one_pending_renewal ON billing.payments (subscription_id)
    WHERE status = 'pending' AND purpose = 'renewal';

-- Provider events already handled: a second delivery of one is acknowledged and ignored.
CREATE TABLE billing.webhook_events (
    provider     text NOT NULL,
    event_id     text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 200),
    kind         text NOT NULL,
    reference    text,
    received_at  timestamptz NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- One row per series: its last correlative, taken and raised in the transaction that issues a
-- receipt, so a rolled-back receipt gives its number back and numbers never skip.
CREATE TABLE billing.receipt_series (
    series            text PRIMARY KEY CHECK (series ~ '^[FB][A-Z0-9]{3}$'),
    kind              text NOT NULL UNIQUE CHECK (kind IN ('invoice', 'receipt', 'invoice_credit_note', 'receipt_credit_note')),
    last_correlative  integer NOT NULL DEFAULT 0 CHECK (last_correlative BETWEEN 0 AND 99999999)
);
INSERT INTO billing.receipt_series (series, kind) VALUES
    ('F001', 'invoice'), ('B001', 'receipt'), ('FC01', 'invoice_credit_note'), ('BC01', 'receipt_credit_note');

CREATE TABLE billing.receipts (
    id                  uuid PRIMARY KEY,
    user_id             uuid REFERENCES identity.users (id) ON DELETE CASCADE,
    tenant_id           uuid REFERENCES identity.tenants (id) ON DELETE CASCADE,
    payment_id          uuid NOT NULL REFERENCES billing.payments (id) ON DELETE CASCADE,
    kind                text NOT NULL CHECK (kind IN ('invoice', 'receipt', 'invoice_credit_note', 'receipt_credit_note')),
    series              text NOT NULL REFERENCES billing.receipt_series (series),
    correlative         integer NOT NULL CHECK (correlative BETWEEN 1 AND 99999999),
    issued_at           timestamptz NOT NULL,
    currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    description         text NOT NULL CHECK (length(description) BETWEEN 1 AND 250),
    base                numeric(10, 2) NOT NULL CHECK (base >= 0),
    igv                 numeric(10, 2) NOT NULL CHECK (igv >= 0),
    total               numeric(10, 2) NOT NULL CHECK (total = base + igv),
    igv_rate            numeric(5, 4) NOT NULL CHECK (igv_rate >= 0 AND igv_rate < 1),
    -- The buyer as printed (tax id kind, id, name, address): JSON sealed with AES-256-GCM.
    buyer_sealed        bytea NOT NULL,
    -- A credit note's receipt and reason.
    credits_receipt_id  uuid REFERENCES billing.receipts (id) ON DELETE CASCADE,
    credit_reason       text CHECK (length(credit_reason) <= 250),
    -- The PDF in object storage, once rendered.
    pdf_key             text,
    UNIQUE (series, correlative),
    CHECK ((user_id IS NULL) <> (tenant_id IS NULL)),
    CHECK ((credits_receipt_id IS NULL) = (kind IN ('invoice', 'receipt')))
);
CREATE INDEX receipts_of_subject ON billing.receipts (coalesce(user_id, tenant_id), issued_at DESC);
CREATE UNIQUE INDEX receipts_one_per_payment ON billing.receipts (payment_id) WHERE credits_receipt_id IS NULL;

-- Who the receipts name: a DNI or RUC, a name and an address, sealed with AES-256-GCM; only the
-- kind of id is in clear (it decides factura or boleta).
CREATE TABLE billing.profiles (
    id          uuid PRIMARY KEY,
    user_id     uuid UNIQUE REFERENCES identity.users (id) ON DELETE CASCADE,
    tenant_id   uuid UNIQUE REFERENCES identity.tenants (id) ON DELETE CASCADE,
    id_kind     text NOT NULL CHECK (id_kind IN ('ruc', 'dni', 'none')),
    sealed      bytea NOT NULL,
    updated_at  timestamptz NOT NULL,
    CHECK ((user_id IS NULL) <> (tenant_id IS NULL))
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['payments', 'receipts', 'profiles'] LOOP
        EXECUTE format('ALTER TABLE billing.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE billing.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON billing.%I TO entrevistador_app
            USING (user_id = app.user_id() OR tenant_id = app.tenant_id())
            WITH CHECK (user_id = app.user_id() OR tenant_id = app.tenant_id())', t || '_subject', t);
        EXECUTE format('CREATE POLICY %I ON billing.%I TO entrevistador_app
            USING (app.role() = ''system'') WITH CHECK (app.role() = ''system'')', t || '_system', t);
        EXECUTE format('CREATE POLICY owner_all ON billing.%I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
    -- Provider events and receipt numbers belong to no subject: workers (the system role) only.
    FOREACH t IN ARRAY ARRAY['webhook_events', 'receipt_series'] LOOP
        EXECUTE format('ALTER TABLE billing.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE billing.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON billing.%I TO entrevistador_app
            USING (app.role() = ''system'') WITH CHECK (app.role() = ''system'')', t || '_system', t);
        EXECUTE format('CREATE POLICY owner_all ON billing.%I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
END $$;
GRANT SELECT, INSERT, DELETE ON billing.payments TO entrevistador_app;
GRANT UPDATE (subscription_id, provider_reference, status, method_type, payment_method, last4, provider_fee,
              failure_reason, updated_at) ON billing.payments TO entrevistador_app;
GRANT SELECT, INSERT ON billing.webhook_events TO entrevistador_app;
GRANT SELECT ON billing.receipt_series TO entrevistador_app;
GRANT UPDATE (last_correlative) ON billing.receipt_series TO entrevistador_app;
-- Receipts are never edited or deleted one by one (the purge deletes a person's whole account).
GRANT SELECT, INSERT, DELETE ON billing.receipts TO entrevistador_app;
GRANT UPDATE (pdf_key) ON billing.receipts TO entrevistador_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON billing.profiles TO entrevistador_app;
