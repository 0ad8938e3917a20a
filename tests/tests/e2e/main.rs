//! Black-box journeys over HTTP against the real server, Postgres and Redis.

mod accounts;
mod administration;
mod analytics;
mod applications;
mod attacks;

mod candidates;
mod companies;
mod cv_data;
mod cv_parsing;
mod cvs;
mod evaluations;
mod external_candidates;
mod hardening;
mod hiring_attacks;
mod interview_helpers;
mod interviews;
mod jobs;
mod llm;
mod matches;
mod network;
mod payments;
mod personal_data;
mod platform;
mod postings;
mod quotas;
mod row_level_security;
mod search;
mod sessions;
mod tailoring;
mod tenants;
