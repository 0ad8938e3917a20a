-- Job search on Postgres (the default search adapter): what a posting is searched by, folded in
-- Rust (case and accents, kernel::text::fold: the local server has no `unaccent`) into two
-- columns, weighted full-text over them with the posting language's stemmer, and trigram indexes
-- for typos ("contavilidad", "desarrolador").
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE matching.job_postings
    -- The title and its canonical form, folded.
    ADD COLUMN search_title text NOT NULL DEFAULT '',
    -- The skills asked for (names and ids), the requirements and the description, folded.
    ADD COLUMN search_body text NOT NULL DEFAULT '',
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, search_title), 'A')
        || setweight(to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig ELSE 'spanish'::regconfig END, search_title), 'A')
        || setweight(to_tsvector(CASE WHEN language = 'en' THEN 'english'::regconfig ELSE 'spanish'::regconfig END, search_body), 'C')
    ) STORED;

CREATE INDEX job_postings_search_idx ON matching.job_postings USING gin (search_vector) WHERE status = 'active';
CREATE INDEX job_postings_title_trgm_idx ON matching.job_postings USING gin (search_title gin_trgm_ops) WHERE status = 'active';
CREATE INDEX job_postings_body_trgm_idx ON matching.job_postings USING gin (search_body gin_trgm_ops) WHERE status = 'active';
