DROP STATISTICS matching.job_postings_city;
