DROP TABLE hiring.external_candidacies;
DROP INDEX hiring.applications_candidate_idx;
ALTER TABLE hiring.applications DROP CONSTRAINT applications_source_check;
ALTER TABLE hiring.applications DROP CONSTRAINT applications_one_candidate;
ALTER TABLE hiring.applications DROP COLUMN candidate_id;
ALTER TABLE hiring.applications ADD CONSTRAINT applications_source_check CHECK (source IN ('platform'));
DROP TABLE hiring.candidates;
