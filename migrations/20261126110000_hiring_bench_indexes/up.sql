-- Every list of a job's applications also counts them per stage and status (hiring's
-- counts_of_job). Through applications_job_idx that read every application of the job from the
-- heap, one page each since a job's applications arrive among everyone else's: at 1,000,000
-- applications over 12 monthly partitions, a job with 5,000 of them cost ~5,000 buffers and was
-- most of the list's time (`make bench`, hiring_list; docs/operations.md). This index answers the
-- counts from the index alone (an index-only scan once VACUUM has marked the pages all-visible).
-- tenant_id and user_id are in it because row-level security adds them to the query (the
-- company's and the candidate's policies): without them the scan must visit the heap again.
CREATE INDEX applications_job_stage_idx ON hiring.applications (job_id, stage, status) INCLUDE (tenant_id, user_id);
