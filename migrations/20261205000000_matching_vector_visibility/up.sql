-- A vector is readable exactly when its posting is published and unexpired. The policy used to ask
-- the posting (EXISTS on matching.job_postings), which the planner turns into a hashed subplan
-- over every visible posting before the HNSW index hands over its first row: 96 ms of a 100 ms
-- nearest-postings query at 100,000 postings, and growing with the board (3.6 ms without it).
-- The posting's status and expiry are now kept beside its vectors, by triggers, so the policy is a
-- plain condition on the row.
ALTER TABLE matching.job_embeddings
    ADD COLUMN published boolean NOT NULL DEFAULT false,
    ADD COLUMN expires_at timestamptz;

UPDATE matching.job_embeddings e SET published = (p.status = 'active'), expires_at = p.expires_at
FROM matching.job_postings p WHERE p.id = e.job_id;

-- A vector written takes its posting's visibility (an upsert keeps the row's, which the posting's
-- trigger below keeps in step).
CREATE FUNCTION matching.job_embedding_visibility() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    SELECT p.status = 'active', p.expires_at INTO NEW.published, NEW.expires_at
    FROM matching.job_postings p WHERE p.id = NEW.job_id;
    NEW.published := coalesce(NEW.published, false);
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION matching.job_embedding_visibility() FROM PUBLIC;
CREATE TRIGGER job_embeddings_visibility BEFORE INSERT ON matching.job_embeddings
    FOR EACH ROW EXECUTE FUNCTION matching.job_embedding_visibility();

-- A posting published, closed, expired or given another expiry passes it on to its vectors.
CREATE FUNCTION matching.job_posting_visibility() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE matching.job_embeddings SET published = (NEW.status = 'active'), expires_at = NEW.expires_at
    WHERE job_id = NEW.id;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION matching.job_posting_visibility() FROM PUBLIC;
CREATE TRIGGER job_postings_visibility AFTER UPDATE OF status, expires_at ON matching.job_postings
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
    EXECUTE FUNCTION matching.job_posting_visibility();

DROP POLICY job_embeddings_read ON matching.job_embeddings;
CREATE POLICY job_embeddings_read ON matching.job_embeddings FOR SELECT TO entrevistador_app
    USING (published AND (expires_at IS NULL OR expires_at > now()));
