-- The talent network (a marketplace of consenting candidates): people opt in, with a recorded
-- consent, to be found by companies; the platform sources prospects (deduplicated by email and
-- GitHub username) and invites them, counting invitations; companies search active profiles and
-- contact them, which opens a network application with the placement fee the platform bills.
CREATE TABLE hiring.talent_profiles (
    id                uuid PRIMARY KEY,
    -- The person's account; none for a prospect who has not signed up yet.
    user_id           uuid UNIQUE REFERENCES identity.users (id) ON DELETE CASCADE,
    -- Lower-cased; unique among profiles, so a person sourced twice is one profile.
    email             text CHECK (length(email) <= 320),
    github_username   text CHECK (github_username ~ '^[a-z0-9](?:[a-z0-9-]{0,38})$'),
    full_name         text CHECK (length(full_name) <= 200),
    source            text NOT NULL CHECK (source IN ('self', 'github', 'referral', 'import', 'event')),
    status            text NOT NULL CHECK (status IN ('prospect', 'invited', 'active', 'featured', 'paused', 'removed')),
    -- What companies see, from the person's primary CV and their own answers.
    cv_id             uuid,
    headline          text CHECK (length(headline) <= 200),
    seniority         text,
    city              text CHECK (length(city) <= 100),
    skills            jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(skills) = 'array'),
    skill_ids         text[] NOT NULL DEFAULT '{}',
    total_experience_years real,
    remote_preference text CHECK (remote_preference IN ('onsite', 'hybrid', 'remote', 'any')),
    availability      text CHECK (availability IN ('immediate', 'two_weeks', 'one_month', 'three_months', 'not_available')),
    hourly_rate       numeric(10, 2) CHECK (hourly_rate > 0),
    rate_currency     text NOT NULL DEFAULT 'PEN' CHECK (rate_currency ~ '^[A-Z]{3}$'),
    -- The consent to be found: when, from which address, through which page or app.
    consent_at        timestamptz,
    consent_ip        text CHECK (length(consent_ip) <= 45),
    consent_source    text CHECK (length(consent_source) <= 60),
    invitations_sent  integer NOT NULL DEFAULT 0 CHECK (invitations_sent >= 0),
    last_invited_at   timestamptz,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    CHECK (status NOT IN ('active', 'featured') OR (consent_at IS NOT NULL AND user_id IS NOT NULL))
);
CREATE UNIQUE INDEX talent_profiles_email ON hiring.talent_profiles (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX talent_profiles_github ON hiring.talent_profiles (github_username) WHERE github_username IS NOT NULL;
CREATE INDEX talent_profiles_visible ON hiring.talent_profiles (status, updated_at DESC) WHERE status IN ('active', 'featured');
CREATE INDEX talent_profiles_skills ON hiring.talent_profiles USING gin (skill_ids);

-- A company's approach to a network profile, and where it went.
CREATE TABLE hiring.network_applications (
    id             uuid PRIMARY KEY,
    tenant_id      uuid NOT NULL REFERENCES identity.tenants (id) ON DELETE CASCADE,
    profile_id     uuid NOT NULL REFERENCES hiring.talent_profiles (id) ON DELETE CASCADE,
    -- The person (the profile's account), so they read the approaches they received.
    user_id        uuid NOT NULL REFERENCES identity.users (id) ON DELETE CASCADE,
    job_id         uuid,
    job_title      text CHECK (length(job_title) <= 200),
    status         text NOT NULL CHECK (status IN ('interested', 'contacted', 'interviewing', 'offer', 'hired', 'rejected')),
    message        text CHECK (length(message) <= 5000),
    contacted_by   uuid REFERENCES identity.users (id) ON DELETE SET NULL,
    placement_fee  numeric(12, 2) CHECK (placement_fee >= 0),
    fee_currency   text NOT NULL DEFAULT 'PEN' CHECK (fee_currency ~ '^[A-Z]{3}$'),
    fee_status     text CHECK (fee_status IN ('pending', 'invoiced', 'paid')),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CHECK ((status = 'hired') = (placement_fee IS NOT NULL AND fee_status IS NOT NULL))
);
-- One open approach per company and person.
CREATE UNIQUE INDEX network_applications_open ON hiring.network_applications (tenant_id, profile_id)
    WHERE status NOT IN ('hired', 'rejected');
CREATE INDEX network_applications_user_idx ON hiring.network_applications (user_id, created_at DESC);
CREATE INDEX network_applications_tenant_idx ON hiring.network_applications (tenant_id, created_at DESC);

ALTER TABLE hiring.talent_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE hiring.talent_profiles FORCE ROW LEVEL SECURITY;
CREATE POLICY talent_profiles_self ON hiring.talent_profiles TO entrevistador_app
    USING (user_id = app.user_id()) WITH CHECK (user_id = app.user_id());
-- Companies read the profiles that are visible now (active or featured), nothing else.
CREATE POLICY talent_profiles_companies ON hiring.talent_profiles FOR SELECT TO entrevistador_app
    USING (app.tenant_id() IS NOT NULL AND status IN ('active', 'featured'));
-- The platform's operators (role 'platform') source prospects, invite, feature and remove.
CREATE POLICY talent_profiles_platform ON hiring.talent_profiles TO entrevistador_app
    USING (app.role() IN ('platform', 'system')) WITH CHECK (app.role() IN ('platform', 'system'));
CREATE POLICY owner_all ON hiring.talent_profiles TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON hiring.talent_profiles TO entrevistador_app;

ALTER TABLE hiring.network_applications ENABLE ROW LEVEL SECURITY;
ALTER TABLE hiring.network_applications FORCE ROW LEVEL SECURITY;
CREATE POLICY network_applications_tenant ON hiring.network_applications TO entrevistador_app
    USING (tenant_id = app.tenant_id()) WITH CHECK (tenant_id = app.tenant_id());
CREATE POLICY network_applications_person ON hiring.network_applications FOR SELECT TO entrevistador_app
    USING (user_id = app.user_id());
CREATE POLICY network_applications_platform ON hiring.network_applications TO entrevistador_app
    USING (app.role() IN ('platform', 'system')) WITH CHECK (app.role() IN ('platform', 'system'));
CREATE POLICY owner_all ON hiring.network_applications TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON hiring.network_applications TO entrevistador_app;
GRANT UPDATE (status, placement_fee, fee_currency, fee_status, updated_at) ON hiring.network_applications
    TO entrevistador_app;

-- For the data team (read-only role, analytics schema): the network without names or contact
-- details.
CREATE VIEW analytics.talent_network_candidates AS
    SELECT id AS profile_id, status, source, seniority, city, remote_preference, availability,
           total_experience_years, skill_ids, hourly_rate, rate_currency, consent_at, created_at
    FROM hiring.talent_profiles
    WHERE status IN ('active', 'featured');
CREATE VIEW analytics.marketplace_revenue_by_company AS
    SELECT tenant_id, fee_currency, count(*) AS placements,
           sum(placement_fee) AS fees,
           sum(placement_fee) FILTER (WHERE fee_status = 'paid') AS fees_paid
    FROM hiring.network_applications
    WHERE status = 'hired'
    GROUP BY tenant_id, fee_currency;
CREATE VIEW analytics.marketplace_funnel AS
    SELECT status, count(*) AS applications, count(DISTINCT tenant_id) AS companies,
           count(DISTINCT profile_id) AS candidates
    FROM hiring.network_applications
    GROUP BY status;
GRANT SELECT ON analytics.talent_network_candidates, analytics.marketplace_revenue_by_company,
    analytics.marketplace_funnel TO entrevistador_analytics;
