DROP FUNCTION analytics.refresh_views();
DROP MATERIALIZED VIEW analytics.search_terms_without_results;
DROP MATERIALIZED VIEW analytics.active_users;
DROP VIEW analytics.interview_score_trends;
DROP VIEW analytics.job_fills;
DROP VIEW analytics.stage_stays;
DROP VIEW analytics.application_journeys;
DROP TABLE analytics.metrics;
