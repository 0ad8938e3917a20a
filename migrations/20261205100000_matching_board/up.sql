-- The public board: what searches, facets and a CV's candidates read of the published postings.
-- It holds only what everyone may see (published postings' search columns), so it needs no
-- row-level security, like billing.plans. That matters for speed: under row-level security
-- Postgres checks a policy before any condition of the query that is not leakproof (`@@`, `<%`,
-- `&&`, any SQL function), so such a condition never becomes an index condition. As the
-- application role a keyword search of 500,000 postings was a sequential scan (2.1 s) where the
-- owner's plan used the full-text and trigram indexes (0.67 s). Triggers keep the board in step
-- with the postings in the same transaction: a posting is on it exactly while its status is
-- active (the reader still checks expires_at, which passes before the hourly sweep runs).
CREATE TABLE matching.board (
    id               uuid PRIMARY KEY REFERENCES matching.job_postings (id) ON DELETE CASCADE,
    search_title     text NOT NULL,
    search_vector    tsvector NOT NULL,
    location_city    text,
    location_country text NOT NULL,
    remote_policy    text NOT NULL,
    employment_type  text NOT NULL,
    seniority_level  text,
    industry         text,
    salary_min       numeric(12, 2),
    salary_max       numeric(12, 2),
    published_at     timestamptz NOT NULL,
    expires_at       timestamptz,
    -- The canonical skills the posting asks for (analysis.skills[].id).
    skill_ids        text[] NOT NULL
);
GRANT SELECT ON matching.board TO entrevistador_app;

-- The canonical skill ids of a posting's analysis ({skills: [{id, …}]}).
CREATE FUNCTION matching.skill_ids(analysis jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT ARRAY(SELECT s ->> 'id' FROM jsonb_array_elements(
                     CASE WHEN jsonb_typeof(analysis -> 'skills') = 'array' THEN analysis -> 'skills' ELSE '[]' END) s
                 WHERE s ->> 'id' IS NOT NULL)
$$;

CREATE FUNCTION matching.board_sync() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF NEW.status <> 'active' THEN
        DELETE FROM matching.board WHERE id = NEW.id;
        RETURN NULL;
    END IF;
    INSERT INTO matching.board (id, search_title, search_vector, location_city, location_country, remote_policy,
            employment_type, seniority_level, industry, salary_min, salary_max, published_at, expires_at, skill_ids)
    VALUES (NEW.id, NEW.search_title, NEW.search_vector, NEW.location_city, NEW.location_country, NEW.remote_policy,
            NEW.employment_type, NEW.seniority_level, NEW.industry, NEW.salary_min, NEW.salary_max, NEW.published_at,
            NEW.expires_at, matching.skill_ids(NEW.analysis))
    ON CONFLICT (id) DO UPDATE SET search_title = EXCLUDED.search_title, search_vector = EXCLUDED.search_vector,
        location_city = EXCLUDED.location_city, location_country = EXCLUDED.location_country,
        remote_policy = EXCLUDED.remote_policy, employment_type = EXCLUDED.employment_type,
        seniority_level = EXCLUDED.seniority_level, industry = EXCLUDED.industry, salary_min = EXCLUDED.salary_min,
        salary_max = EXCLUDED.salary_max, published_at = EXCLUDED.published_at, expires_at = EXCLUDED.expires_at,
        skill_ids = EXCLUDED.skill_ids;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION matching.board_sync() FROM PUBLIC;
CREATE TRIGGER job_postings_board AFTER INSERT OR UPDATE ON matching.job_postings
    FOR EACH ROW EXECUTE FUNCTION matching.board_sync();

INSERT INTO matching.board (id, search_title, search_vector, location_city, location_country, remote_policy,
        employment_type, seniority_level, industry, salary_min, salary_max, published_at, expires_at, skill_ids)
SELECT p.id, p.search_title, p.search_vector, p.location_city, p.location_country, p.remote_policy, p.employment_type,
       p.seniority_level, p.industry, p.salary_min, p.salary_max, p.published_at, p.expires_at,
       matching.skill_ids(p.analysis)
FROM matching.job_postings p WHERE p.status = 'active';

CREATE INDEX board_search_idx ON matching.board USING gin (search_vector);
CREATE INDEX board_title_trgm_idx ON matching.board USING gin (search_title gin_trgm_ops);
CREATE INDEX board_published_idx ON matching.board (published_at DESC, id DESC);
CREATE INDEX board_skills_idx ON matching.board USING gin (skill_ids);
CREATE STATISTICS matching.board_city ON (lower(location_city)) FROM matching.board;

-- Only the owner could use these: the board's own indexes replace them.
DROP INDEX matching.job_postings_search_idx;
DROP INDEX matching.job_postings_title_trgm_idx;

ANALYZE matching.board;
