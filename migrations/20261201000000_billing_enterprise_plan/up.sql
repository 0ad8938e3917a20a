-- Companies that hire at scale (dozens of open postings, many recruiters) outgrow business: a
-- plan without seat or posting limits.
INSERT INTO billing.plans (id, audience, name, price_monthly, price_yearly, interviews_per_month, cv_uploads_per_month,
                           ai_feedback_detail, seats, active_jobs, trial_days, features, position)
VALUES ('enterprise', 'company', 'Corporativo', 2490.00, 24900.00, NULL, NULL, 'comprehensive', NULL, NULL, 14,
        ARRAY['Usuarios ilimitados', 'Empleos activos ilimitados', 'Integraciones y soporte dedicado'], 6);
