-- The billing context, first part: the plans (prices in soles, limits, features), the
-- subscriptions that put a person or a company on a plan, and usage counted per month for the
-- quotas other contexts consume inside their own transactions (race-free: one conditional
-- upsert). Plans are public; a subscription and its usage are read by their subject only.
CREATE SCHEMA billing;
GRANT USAGE ON SCHEMA billing TO entrevistador_app;

CREATE TABLE billing.plans (
    id                    text PRIMARY KEY CHECK (id ~ '^[a-z][a-z_]{1,29}$'),
    audience              text NOT NULL CHECK (audience IN ('person', 'company')),
    name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
    price_monthly         numeric(10, 2) NOT NULL CHECK (price_monthly >= 0),
    price_yearly          numeric(10, 2) NOT NULL CHECK (price_yearly >= 0),
    currency              text NOT NULL DEFAULT 'PEN' CHECK (currency ~ '^[A-Z]{3}$'),
    -- Limits: NULL is unlimited (or, for a plan of the other audience, not applicable).
    interviews_per_month  integer CHECK (interviews_per_month >= 0),
    cv_uploads_per_month  integer CHECK (cv_uploads_per_month >= 0),
    ai_feedback_detail    text NOT NULL CHECK (ai_feedback_detail IN ('basic', 'detailed', 'comprehensive')),
    seats                 integer CHECK (seats >= 1),
    active_jobs           integer CHECK (active_jobs >= 0),
    trial_days            smallint NOT NULL DEFAULT 0 CHECK (trial_days BETWEEN 0 AND 90),
    features              text[] NOT NULL DEFAULT '{}',
    position              smallint NOT NULL
);
GRANT SELECT ON billing.plans TO entrevistador_app;

INSERT INTO billing.plans (id, audience, name, price_monthly, price_yearly, interviews_per_month, cv_uploads_per_month,
                           ai_feedback_detail, seats, active_jobs, trial_days, features, position) VALUES
    ('free', 'person', 'Gratis', 0, 0, 5, 10, 'basic', NULL, NULL, 0,
     ARRAY['5 entrevistas de práctica al mes', 'Feedback explicable de cada respuesta', 'Búsqueda y match de empleos'], 1),
    ('pro', 'person', 'Pro', 29.90, 299.00, 30, 30, 'detailed', NULL, NULL, 7,
     ARRAY['30 entrevistas de práctica al mes', 'Feedback detallado con IA', 'Preparación por empleo (readiness)'], 2),
    ('premium', 'person', 'Premium', 59.90, 599.00, NULL, NULL, 'comprehensive', NULL, NULL, 7,
     ARRAY['Entrevistas ilimitadas', 'Respuestas habladas', 'Feedback integral con IA'], 3),
    ('team', 'company', 'Equipo', 299.00, 2990.00, NULL, NULL, 'detailed', 5, 10, 14,
     ARRAY['5 usuarios', '10 empleos activos', 'Pipeline, scorecards y revisión ciega'], 4),
    ('business', 'company', 'Empresa', 999.00, 9990.00, NULL, NULL, 'comprehensive', 25, 50, 14,
     ARRAY['25 usuarios', '50 empleos activos', 'Red de talento y evaluaciones técnicas'], 5);

CREATE TABLE billing.subscriptions (
    id                    uuid PRIMARY KEY,
    user_id               uuid REFERENCES identity.users (id) ON DELETE CASCADE,
    tenant_id             uuid REFERENCES identity.tenants (id) ON DELETE CASCADE,
    plan_id               text NOT NULL REFERENCES billing.plans (id),
    status                text NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'canceled', 'expired')),
    billing_cycle         text NOT NULL CHECK (billing_cycle IN ('monthly', 'yearly')),
    current_period_start  timestamptz NOT NULL,
    current_period_end    timestamptz NOT NULL CHECK (current_period_end > current_period_start),
    cancel_at_period_end  boolean NOT NULL DEFAULT false,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    CHECK ((user_id IS NULL) <> (tenant_id IS NULL))
);
-- One live subscription per subject.
CREATE UNIQUE INDEX subscriptions_live ON billing.subscriptions (coalesce(user_id, tenant_id))
    WHERE status IN ('trialing', 'active', 'past_due');

CREATE TABLE billing.usage (
    id            uuid PRIMARY KEY,
    user_id       uuid REFERENCES identity.users (id) ON DELETE CASCADE,
    tenant_id     uuid REFERENCES identity.tenants (id) ON DELETE CASCADE,
    resource      text NOT NULL CHECK (resource IN ('interviews', 'cv_uploads')),
    period_start  timestamptz NOT NULL,
    used          integer NOT NULL CHECK (used >= 0),
    CHECK ((user_id IS NULL) <> (tenant_id IS NULL))
);
CREATE UNIQUE INDEX usage_per_period ON billing.usage (coalesce(user_id, tenant_id), resource, period_start);

-- Row-level security: a person's rows by user_id, a company's by tenant_id; the `system` role
-- (workers: renewals, purge) all.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['subscriptions', 'usage'] LOOP
        EXECUTE format('ALTER TABLE billing.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE billing.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON billing.%I TO entrevistador_app
            USING (user_id = app.user_id() OR tenant_id = app.tenant_id())
            WITH CHECK (user_id = app.user_id() OR tenant_id = app.tenant_id())', t || '_subject', t);
        EXECUTE format('CREATE POLICY %I ON billing.%I TO entrevistador_app
            USING (app.role() = ''system'') WITH CHECK (app.role() = ''system'')', t || '_system', t);
        EXECUTE format('CREATE POLICY owner_all ON billing.%I TO CURRENT_USER USING (true) WITH CHECK (true)', t);
    END LOOP;
END $$;
GRANT SELECT, INSERT, DELETE ON billing.subscriptions TO entrevistador_app;
GRANT UPDATE (plan_id, status, billing_cycle, current_period_start, current_period_end, cancel_at_period_end, updated_at)
    ON billing.subscriptions TO entrevistador_app;
GRANT SELECT, INSERT, DELETE ON billing.usage TO entrevistador_app;
GRANT UPDATE (used) ON billing.usage TO entrevistador_app;
