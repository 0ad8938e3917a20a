DROP POLICY job_embeddings_read ON matching.job_embeddings;
CREATE POLICY job_embeddings_read ON matching.job_embeddings FOR SELECT TO entrevistador_app
    USING (EXISTS (SELECT 1 FROM matching.job_postings p WHERE p.id = job_id));
DROP TRIGGER job_postings_visibility ON matching.job_postings;
DROP FUNCTION matching.job_posting_visibility();
DROP TRIGGER job_embeddings_visibility ON matching.job_embeddings;
DROP FUNCTION matching.job_embedding_visibility();
ALTER TABLE matching.job_embeddings DROP COLUMN published, DROP COLUMN expires_at;
