CREATE INDEX job_postings_search_idx ON matching.job_postings USING gin (search_vector) WHERE status = 'active';
CREATE INDEX job_postings_title_trgm_idx ON matching.job_postings USING gin (search_title gin_trgm_ops) WHERE status = 'active';
DROP TRIGGER job_postings_board ON matching.job_postings;
DROP FUNCTION matching.board_sync();
DROP TABLE matching.board;
DROP FUNCTION matching.skill_ids(jsonb);
