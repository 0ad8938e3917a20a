//! Job search on Postgres: one ranked query over the public board (`matching.board`: the
//! published postings' search columns, kept by triggers; weighted full text with the Spanish and
//! English stemmers, trigram similarity for typos, the filters), and the facet counts of the same
//! filtered set in one grouped query. The board has no row-level security (it holds only what
//! everyone sees), so its full-text, trigram and skills indexes serve the application role: under
//! a policy Postgres never makes a condition that is not leakproof an index condition (a keyword
//! search of 500,000 postings was a 2.1 s sequential scan). Typos are forgiven in titles
//! (canonical ones included) only: trigram similarity against whole bodies read every posting.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::BoxedSqlQuery;
use diesel::sql_types::{BigInt, Integer, Nullable, Numeric, Text};
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use rust_decimal::Decimal;

use super::JobRow;
use crate::schema::matching::job_postings;

/// The filters of a search, as stored values.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    /// Folded words to look for.
    pub words: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub remote_policy: Option<String>,
    pub employment_type: Option<String>,
    pub seniority_level: Option<String>,
    pub industry: Option<String>,
    /// Postings that may pay at least this much.
    pub salary_at_least: Option<Decimal>,
    pub posted_within_days: Option<i32>,
    /// Only these postings (a hybrid search's fused result).
    pub ids: Option<Vec<uuid::Uuid>>,
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchOrder {
    /// Best match first (newest first without words).
    Relevance,
    Newest,
    /// Highest pay first.
    Salary,
}

enum Arg {
    Text(String),
    Int(i32),
    Money(Decimal),
    Ids(Vec<uuid::Uuid>),
}

/// The WHERE clause of a search over board rows `p` and what it binds, in placeholder order
/// (recommendations filter their candidates with it too).
pub(super) struct Conditions {
    pub(super) sql: String,
    args: Vec<Arg>,
    /// The placeholder of the search words, when there are words.
    words: Option<usize>,
}

impl Conditions {
    pub(super) fn of(filter: &SearchFilter) -> Self {
        let mut c = Conditions {
            // On the board a posting is active; it may have expired since the last hourly sweep.
            sql: "(p.expires_at IS NULL OR p.expires_at > now())".into(),
            args: Vec::new(),
            words: None,
        };
        if let Some(words) = &filter.words {
            let n = c.add(Arg::Text(words.clone()));
            c.words = Some(n);
        }
        // With the result already decided (`ids`: a hybrid search's), words only rank and mark.
        if let (Some(n), None) = (c.words, &filter.ids) {
            c.sql.push_str(&format!(
                " AND (p.search_vector @@ (websearch_to_tsquery('spanish', ${n}) || websearch_to_tsquery('english', ${n}) \
                 || websearch_to_tsquery('simple', ${n})) OR ${n} <% p.search_title)"
            ));
        }
        let texts = [
            ("lower(p.location_city) = lower(${})", &filter.city),
            ("p.location_country = ${}", &filter.country),
            ("p.remote_policy = ${}", &filter.remote_policy),
            ("p.employment_type = ${}", &filter.employment_type),
            ("p.seniority_level = ${}", &filter.seniority_level),
            ("lower(p.industry) = lower(${})", &filter.industry),
        ];
        for (condition, value) in texts {
            if let Some(value) = value {
                let n = c.add(Arg::Text(value.clone()));
                c.sql.push_str(&format!(" AND {}", condition.replace("${}", &format!("${n}"))));
            }
        }
        if let Some(amount) = filter.salary_at_least {
            let n = c.add(Arg::Money(amount));
            c.sql.push_str(&format!(" AND coalesce(p.salary_max, p.salary_min) >= ${n}"));
        }
        if let Some(days) = filter.posted_within_days {
            let n = c.add(Arg::Int(days));
            c.sql.push_str(&format!(" AND p.published_at > now() - make_interval(days => ${n})"));
        }
        if let Some(ids) = &filter.ids {
            let n = c.add(Arg::Ids(ids.clone()));
            c.sql.push_str(&format!(" AND p.id = ANY(${n})"));
        }
        c
    }

    pub(super) fn args_len(&self) -> usize {
        self.args.len()
    }

    fn add(&mut self, arg: Arg) -> usize {
        self.args.push(arg);
        self.args.len()
    }

    pub(super) fn bind<'a>(
        &self,
        mut query: BoxedSqlQuery<'a, Pg, diesel::query_builder::SqlQuery>,
    ) -> BoxedSqlQuery<'a, Pg, diesel::query_builder::SqlQuery> {
        for arg in &self.args {
            query = match arg {
                Arg::Text(text) => query.bind::<Text, _>(text.clone()),
                Arg::Int(n) => query.bind::<Integer, _>(*n),
                Arg::Money(amount) => query.bind::<Numeric, _>(*amount),
                Arg::Ids(ids) => query.bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(ids.clone()),
            };
        }
        query
    }
}

/// Lowers the similarity a typo must reach (pg_trgm's default, 0.6, misses one wrong letter in a
/// word of ten), for this transaction only.
async fn tolerate_typos(conn: &mut Conn) -> QueryResult<()> {
    diesel::sql_query("SET LOCAL pg_trgm.word_similarity_threshold = 0.45").execute(conn).await.map(drop)
}

/// A posting found, with the words that made it match marked (`<mark>…</mark>`) when words were
/// searched.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Hit {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: uuid::Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    pub title_highlight: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub description_highlight: Option<String>,
}

/// A page of postings matching `filter` in `order`: `limit + 1` hits from `offset` (the extra
/// one tells that more follow).
pub async fn search(
    conn: &mut Conn,
    filter: &SearchFilter,
    order: SearchOrder,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Hit>> {
    tolerate_typos(conn).await?;
    let c = Conditions::of(filter);
    let (rank, highlights) = match c.words {
        Some(n) => (
            format!(
                "ts_rank_cd(p.search_vector, websearch_to_tsquery('spanish', ${n}) || websearch_to_tsquery('english', ${n}) \
                 || websearch_to_tsquery('simple', ${n})) + word_similarity(${n}, p.search_title)"
            ),
            // Subqueries, so that only the page's rows are read and marked (after the sort).
            format!(
                "(SELECT ts_headline('simple', j.title, websearch_to_tsquery('simple', ${n}), \
                   'StartSel=<mark>, StopSel=</mark>, HighlightAll=true') \
                   FROM matching.job_postings j WHERE j.id = p.id) AS title_highlight, \
                 (SELECT ts_headline('simple', left(j.description, 2000), websearch_to_tsquery('simple', ${n}), \
                   'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12') \
                   FROM matching.job_postings j WHERE j.id = p.id) AS description_highlight"
            ),
        ),
        None => ("0".to_owned(), "NULL::text AS title_highlight, NULL::text AS description_highlight".to_owned()),
    };
    let order_by = match order {
        SearchOrder::Relevance => format!("{rank} DESC, p.published_at DESC, p.id DESC"),
        SearchOrder::Newest => "p.published_at DESC, p.id DESC".to_owned(),
        SearchOrder::Salary => {
            "coalesce(p.salary_max, p.salary_min) DESC NULLS LAST, p.published_at DESC, p.id DESC".to_owned()
        }
    };
    let next = c.args.len() + 1;
    let sql = format!(
        "SELECT p.id, {highlights} FROM matching.board p WHERE {} ORDER BY {order_by} \
         LIMIT ${next} OFFSET ${}",
        c.sql,
        next + 1
    );
    c.bind(diesel::sql_query(sql).into_boxed()).bind::<BigInt, _>(limit + 1).bind::<BigInt, _>(offset).load(conn).await
}

/// The postings `ids` that are published and unexpired now, in no particular order.
pub async fn published(conn: &mut Conn, ids: &[uuid::Uuid]) -> QueryResult<Vec<JobRow>> {
    job_postings::table
        .filter(job_postings::id.eq_any(ids))
        .filter(job_postings::status.eq("active"))
        .filter(job_postings::expires_at.is_null().or(job_postings::expires_at.gt(diesel::dsl::now)))
        .select(JobRow::as_select())
        .load(conn)
        .await
}

/// One facet value and how many postings of the search have it.
#[derive(Debug, Clone)]
pub struct FacetCount {
    /// city, remote_policy, employment_type, seniority_level, industry or salary.
    pub facet: &'static str,
    pub value: String,
    pub count: i64,
}

#[derive(QueryableByName)]
struct Grouped {
    #[diesel(sql_type = Integer)]
    set: i32,
    #[diesel(sql_type = Nullable<Text>)]
    value: Option<String>,
    #[diesel(sql_type = BigInt)]
    count: i64,
}

/// The facets of the postings matching `filter`, and their total, in one grouped query. Salary
/// buckets are monthly amounts in the posting's currency. With no filter at all (the job list)
/// they are the counts the board keeps instead.
pub async fn facets(conn: &mut Conn, filter: &SearchFilter) -> QueryResult<(Vec<FacetCount>, i64)> {
    let c = Conditions::of(filter);
    if c.args_len() == 0 {
        return counted_facets(conn).await;
    }
    tolerate_typos(conn).await?;
    // Room to hash every grouping set at once: with the default 4 MB, half a million postings
    // were sorted on disk for one of them (1.4 s against 0.65-0.93 s at 500,000).
    diesel::sql_query("SET LOCAL work_mem = '64MB'").execute(conn).await?;
    let sql = format!(
        "WITH found AS (SELECT p.location_city AS city, p.remote_policy, p.employment_type, p.seniority_level, \
                p.industry, matching.salary_bucket(coalesce(p.salary_max, p.salary_min)) AS salary \
             FROM matching.board p WHERE {}) \
         SELECT grouping(city, remote_policy, employment_type, seniority_level, industry, salary) AS set, \
                coalesce(city, remote_policy, employment_type, seniority_level, industry, salary) AS value, \
                count(*) AS count \
         FROM found GROUP BY GROUPING SETS ((city), (remote_policy), (employment_type), (seniority_level), \
                (industry), (salary), ()) \
         ORDER BY count DESC",
        c.sql
    );
    let grouped: Vec<Grouped> = c.bind(diesel::sql_query(sql).into_boxed()).load(conn).await?;
    // grouping() sets a bit for each column not grouped: the one clear bit names the facet.
    const SETS: [i32; 6] = [0b011111, 0b101111, 0b110111, 0b111011, 0b111101, 0b111110];
    let mut total = 0;
    let mut counts = Vec::new();
    for group in grouped {
        if group.set == 0b111111 {
            total = group.count;
        } else if let (Some(at), Some(value)) = (SETS.iter().position(|bits| *bits == group.set), group.value) {
            counts.push(FacetCount { facet: FACETS[at], value, count: group.count });
        }
    }
    Ok((counts, total))
}

/// The facets, in `facets`' grouping order.
const FACETS: [&str; 6] = ["city", "remote_policy", "employment_type", "seniority_level", "industry", "salary"];

/// Every active posting's facets and their total: the counts the board keeps as it changes
/// (`matching.board_counts`, one row per facet value once folded), less the postings that expired
/// since the hourly sweep (by the board's `expires_at` index). A full count read the whole board.
async fn counted_facets(conn: &mut Conn) -> QueryResult<(Vec<FacetCount>, i64)> {
    #[derive(QueryableByName)]
    struct Counted {
        #[diesel(sql_type = Text)]
        facet: String,
        #[diesel(sql_type = Text)]
        value: String,
        #[diesel(sql_type = BigInt)]
        count: i64,
    }
    let counted: Vec<Counted> = diesel::sql_query(
        "SELECT facet, value, sum(postings)::bigint AS count FROM ( \
             SELECT facet, value, postings FROM matching.board_counts \
             UNION ALL \
             SELECT f.facet, f.value, -1 FROM matching.board p CROSS JOIN LATERAL matching.facet_values(p) f \
             WHERE p.expires_at <= now()) c \
         GROUP BY facet, value HAVING sum(postings) > 0 ORDER BY count DESC",
    )
    .load(conn)
    .await?;
    let mut total = 0;
    let mut counts = Vec::new();
    for Counted { facet, value, count } in counted {
        match FACETS.iter().find(|name| **name == facet) {
            Some(name) => counts.push(FacetCount { facet: name, value, count }),
            None if facet.is_empty() => total = count,
            None => {}
        }
    }
    Ok((counts, total))
}

/// Folds the board's appended facet counts into one row per value; how many rows went.
pub async fn fold_board_counts(conn: &mut Conn) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Folded {
        #[diesel(sql_type = BigInt)]
        folded: i64,
    }
    let folded: Folded = diesel::sql_query("SELECT matching.fold_board_counts() AS folded").get_result(conn).await?;
    Ok(folded.folded)
}

#[derive(QueryableByName)]
struct Ranked {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: uuid::Uuid,
}

/// The best `k` postings for the search's words by keyword rank (full text and trigrams), best
/// first: one half of a hybrid search.
pub async fn keyword_ranked(conn: &mut Conn, filter: &SearchFilter, k: i64) -> QueryResult<Vec<uuid::Uuid>> {
    let found = search(conn, filter, SearchOrder::Relevance, 0, k - 1).await?;
    Ok(found.into_iter().map(|hit| hit.id).collect())
}

/// The fewest candidates HNSW looks at. On 500,000 postings a search's 10 found 0.70 of the exact
/// 10 at 100 and 0.89 at 400 (0.96 unfiltered, 0.91 in Lima), p50 12 -> 17 ms; at 100,000, 0.93.
/// Affordable since a vector's visibility is a condition on its row (it was a scan of every
/// posting per query). `remote=hybrid` stays near 0.6 on the bench's corpus: there a query's exact
/// 10 are near-identical copies of a few seed postings (distances within 3%), and which of them a
/// graph walk hands over first is chance.
const MIN_EF_SEARCH: i64 = 400;

/// The `k` published postings (within the filter, words aside) whose vector is nearest `vector`,
/// at least `min_similarity` close when given, nearest first: the meaning half of a hybrid
/// search, and a CV's candidates by meaning. HNSW on the index of `dimensions`, looking at `k`
/// candidates (`MIN_EF_SEARCH` at least) and scanning on (iterative scans) when the filter drops
/// many.
pub async fn nearest_published(
    conn: &mut Conn,
    filter: &SearchFilter,
    vector: &[f32],
    model: &str,
    dimensions: usize,
    min_similarity: Option<f64>,
    k: i64,
) -> QueryResult<Vec<uuid::Uuid>> {
    diesel::sql_query("SET LOCAL hnsw.iterative_scan = relaxed_order").execute(conn).await?;
    diesel::sql_query(format!("SET LOCAL hnsw.ef_search = {}", k.clamp(MIN_EF_SEARCH, 1000))).execute(conn).await?;
    let c = Conditions::of(&SearchFilter { words: None, ..filter.clone() });
    let (vector_at, model_at, floor, limit) = (c.args.len() + 1, c.args.len() + 2, c.args.len() + 3, c.args.len() + 4);
    let sql = format!(
        "SELECT p.id FROM matching.job_embeddings e JOIN matching.board p ON p.id = e.job_id \
         WHERE {} AND e.model = ${model_at} AND e.dimensions = {dimensions} \
           AND (${floor}::float8 IS NULL OR 1 - (e.embedding::vector({dimensions}) <=> ${vector_at}::vector({dimensions})) >= ${floor}) \
         ORDER BY e.embedding::vector({dimensions}) <=> ${vector_at}::vector({dimensions}) LIMIT ${limit}",
        c.sql
    );
    let ranked: Vec<Ranked> = c
        .bind(diesel::sql_query(sql).into_boxed())
        .bind::<Text, _>(platform::embeddings::vector_text(vector))
        .bind::<Text, _>(model.to_owned())
        .bind::<Nullable<diesel::sql_types::Double>, _>(min_similarity)
        .bind::<BigInt, _>(k)
        .load(conn)
        .await?;
    Ok(ranked.into_iter().map(|r| r.id).collect())
}
