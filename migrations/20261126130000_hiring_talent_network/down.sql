DROP VIEW analytics.marketplace_funnel;
DROP VIEW analytics.marketplace_revenue_by_company;
DROP VIEW analytics.talent_network_candidates;
DROP TABLE hiring.network_applications;
DROP TABLE hiring.talent_profiles;
