-- The weighted tsvector is generated from columns that are never null, so it is never null
-- either; saying so keeps diesel's printed schema (`make schema`) equal to the code's.
ALTER TABLE matching.job_postings ALTER COLUMN search_vector SET NOT NULL;
