-- The board's facet counts, kept as it changes: the unfiltered job list (a job board's front
-- page, its most frequent request) shows every facet of every active posting, which on 500,000
-- postings was a 370 ms scan of the whole board per uncached request. Each change of the board
-- appends its +1/-1 per facet value here (append-only, so concurrent writers never wait on one
-- another or deadlock), and a scheduled job folds the rows into one per value. A reader sums
-- them and takes away the postings that expired since the hourly sweep (few, by an index).
CREATE TABLE matching.board_counts (
    -- city, remote_policy, employment_type, seniority_level, industry, salary; '' for the total.
    facet    text NOT NULL,
    value    text NOT NULL,
    id       bigint GENERATED ALWAYS AS IDENTITY,
    postings bigint NOT NULL,
    -- The reader sums by (facet, value) from the index alone: after a bulk import the fold
    -- leaves its few rows behind the import's dead ones, which only a vacuum can trim.
    PRIMARY KEY (facet, value, id) INCLUDE (postings)
);
GRANT SELECT ON matching.board_counts TO entrevistador_app;

-- The salary facet's buckets (domain::search::SALARY_BUCKETS; a test keeps the two alike). No
-- SET clause, so that it is inlined: a facet query calls it once per posting found.
CREATE FUNCTION matching.salary_bucket(pay numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN pay IS NULL THEN 'undisclosed' WHEN pay < 2000 THEN '0-2000' WHEN pay < 4000 THEN '2000-4000'
                WHEN pay < 7000 THEN '4000-7000' WHEN pay < 10000 THEN '7000-10000' ELSE '10000+' END
$$;

-- The facet values a board row counts under ('' for the total), as the facet counts and the
-- reader see them.
CREATE FUNCTION matching.facet_values(b matching.board) RETURNS TABLE (facet text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT f.facet, f.value
    FROM (VALUES ('', ''), ('city', b.location_city), ('remote_policy', b.remote_policy),
                 ('employment_type', b.employment_type), ('seniority_level', b.seniority_level),
                 ('industry', b.industry),
                 ('salary', matching.salary_bucket(coalesce(b.salary_max, b.salary_min)))) f (facet, value)
    WHERE f.value IS NOT NULL
$$;

CREATE FUNCTION matching.board_count() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO matching.board_counts (facet, value, postings) SELECT facet, value, -1 FROM matching.facet_values(OLD);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO matching.board_counts (facet, value, postings) SELECT facet, value, 1 FROM matching.facet_values(NEW);
    END IF;
    RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION matching.board_count() FROM PUBLIC;
CREATE TRIGGER board_counts_added_removed AFTER INSERT OR DELETE ON matching.board
    FOR EACH ROW EXECUTE FUNCTION matching.board_count();
CREATE TRIGGER board_counts_changed AFTER UPDATE ON matching.board FOR EACH ROW
    WHEN ((OLD.location_city, OLD.remote_policy, OLD.employment_type, OLD.seniority_level, OLD.industry,
           coalesce(OLD.salary_max, OLD.salary_min))
          IS DISTINCT FROM (NEW.location_city, NEW.remote_policy, NEW.employment_type, NEW.seniority_level,
                            NEW.industry, coalesce(NEW.salary_max, NEW.salary_min)))
    EXECUTE FUNCTION matching.board_count();

-- Folds the appended changes into one row per value (what the scheduled job runs). Rows appended
-- while it runs are not in its snapshot: they stay, to be folded next time.
CREATE FUNCTION matching.fold_board_counts() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    WITH gone AS (DELETE FROM matching.board_counts RETURNING facet, value, postings),
         kept AS (INSERT INTO matching.board_counts (facet, value, postings)
                  SELECT facet, value, sum(postings) FROM gone GROUP BY facet, value HAVING sum(postings) <> 0
                  RETURNING 1)
    SELECT (SELECT count(*) FROM gone) - (SELECT count(*) FROM kept)
$$;
REVOKE ALL ON FUNCTION matching.fold_board_counts() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION matching.fold_board_counts() TO entrevistador_app;

INSERT INTO matching.board_counts (facet, value, postings)
SELECT f.facet, f.value, count(*) FROM matching.board b CROSS JOIN LATERAL matching.facet_values(b) f
GROUP BY f.facet, f.value;

-- The postings that expired since the last sweep, which a reader takes away from the counts.
CREATE INDEX board_expires_idx ON matching.board (expires_at) WHERE expires_at IS NOT NULL;
