ALTER DEFAULT PRIVILEGES IN SCHEMA analytics REVOKE SELECT ON TABLES FROM entrevistador_analytics;
DROP SCHEMA analytics;
DROP SCHEMA app CASCADE;
-- The roles and extensions are shared by the cluster's other databases and stay.
