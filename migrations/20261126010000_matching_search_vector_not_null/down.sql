ALTER TABLE matching.job_postings ALTER COLUMN search_vector DROP NOT NULL;
