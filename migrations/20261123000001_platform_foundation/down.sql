ALTER DEFAULT PRIVILEGES IN SCHEMA analytics REVOKE SELECT ON TABLES FROM entrevistador_analytics;
DROP SCHEMA analytics;
DROP SCHEMA app CASCADE;
-- The roles, the owner's membership in entrevistador_app and the extensions are shared by the cluster's other databases and stay.
