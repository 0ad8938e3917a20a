ALTER TABLE matching.job_postings DROP COLUMN search_vector, DROP COLUMN search_title, DROP COLUMN search_body;
