DROP INDEX hiring.applications_job_stage_idx;
