-- Searches no longer compare words with whole posting bodies by trigrams (it read every posting);
-- the index served nothing else and cost every write.
DROP INDEX matching.job_postings_body_trgm_idx;
