CREATE INDEX job_postings_body_trgm_idx ON matching.job_postings USING gin (search_body gin_trgm_ops) WHERE status = 'active';
