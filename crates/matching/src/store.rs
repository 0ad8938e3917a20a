//! Queries on the matching schema only.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::matching::{job_embeddings, job_postings, matches};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = job_postings)]
pub struct JobRow {
    pub id: Uuid,
    pub tenant_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub source: String,
    pub external_id: Option<String>,
    pub status: String,
    pub close_reason: Option<String>,
    pub title: String,
    pub description: String,
    pub requirements: serde_json::Value,
    pub benefits: serde_json::Value,
    pub industry: Option<String>,
    pub job_function: Option<String>,
    pub seniority_level: Option<String>,
    pub employment_type: String,
    pub location_city: Option<String>,
    pub location_country: String,
    pub remote_policy: String,
    pub salary_min: Option<Decimal>,
    pub salary_max: Option<Decimal>,
    pub salary_currency: String,
    pub salary_period: String,
    pub language: String,
    pub analysis: serde_json::Value,
    pub expires_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What an edit may change (everything the publisher wrote, and what was read from it).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = job_postings, treat_none_as_null = true)]
pub struct JobContent {
    pub title: String,
    pub description: String,
    pub requirements: serde_json::Value,
    pub benefits: serde_json::Value,
    pub industry: Option<String>,
    pub job_function: Option<String>,
    pub seniority_level: Option<String>,
    pub employment_type: String,
    pub location_city: Option<String>,
    pub location_country: String,
    pub remote_policy: String,
    pub salary_min: Option<Decimal>,
    pub salary_max: Option<Decimal>,
    pub salary_currency: String,
    pub salary_period: String,
    pub language: String,
    pub analysis: serde_json::Value,
    pub expires_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl JobRow {
    pub fn content(&self) -> JobContent {
        JobContent {
            title: self.title.clone(),
            description: self.description.clone(),
            requirements: self.requirements.clone(),
            benefits: self.benefits.clone(),
            industry: self.industry.clone(),
            job_function: self.job_function.clone(),
            seniority_level: self.seniority_level.clone(),
            employment_type: self.employment_type.clone(),
            location_city: self.location_city.clone(),
            location_country: self.location_country.clone(),
            remote_policy: self.remote_policy.clone(),
            salary_min: self.salary_min,
            salary_max: self.salary_max,
            salary_currency: self.salary_currency.clone(),
            salary_period: self.salary_period.clone(),
            language: self.language.clone(),
            analysis: self.analysis.clone(),
            expires_at: self.expires_at,
            updated_at: self.updated_at,
        }
    }
}

pub async fn insert(conn: &mut Conn, job: &JobRow) -> QueryResult<()> {
    diesel::insert_into(job_postings::table).values(job).execute(conn).await.map(drop)
}

/// The posting, when the caller may see it (row-level security decides).
pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<JobRow>> {
    job_postings::table.find(id).select(JobRow::as_select()).first(conn).await.optional()
}

/// The posting locked for a change, when it belongs to `tenant_id`.
pub async fn find_for_update(conn: &mut Conn, tenant_id: Uuid, id: Uuid) -> QueryResult<Option<JobRow>> {
    job_postings::table
        .find(id)
        .filter(job_postings::tenant_id.eq(tenant_id))
        .select(JobRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn save_content(conn: &mut Conn, id: Uuid, content: &JobContent) -> QueryResult<()> {
    diesel::update(job_postings::table.find(id)).set(content).execute(conn).await.map(drop)
}

/// A move in a posting's life, as stored.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = job_postings, treat_none_as_null = true)]
pub struct StatusChange<'a> {
    pub status: &'a str,
    pub close_reason: Option<&'a str>,
    pub published_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

pub async fn save_status(conn: &mut Conn, id: Uuid, change: &StatusChange<'_>) -> QueryResult<()> {
    diesel::update(job_postings::table.find(id)).set(change).execute(conn).await.map(drop)
}

/// A tenant's postings, newest first, optionally of some statuses, after the cursor.
pub async fn page_of_tenant(
    conn: &mut Conn,
    tenant_id: Uuid,
    statuses: &[String],
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<JobRow>> {
    let mut query = job_postings::table.filter(job_postings::tenant_id.eq(tenant_id)).into_boxed();
    if !statuses.is_empty() {
        query = query.filter(job_postings::status.eq_any(statuses.to_vec()));
    }
    if let Some((created_at, id)) = after {
        query = query.filter(
            job_postings::created_at
                .lt(created_at)
                .or(job_postings::created_at.eq(created_at).and(job_postings::id.lt(id))),
        );
    }
    query
        .order((job_postings::created_at.desc(), job_postings::id.desc()))
        .limit(limit + 1)
        .select(JobRow::as_select())
        .load(conn)
        .await
}

/// Active postings past their expiry become expired; their ids.
pub async fn expire_due(conn: &mut Conn, now: DateTime<Utc>) -> QueryResult<Vec<Uuid>> {
    diesel::update(
        job_postings::table.filter(job_postings::status.eq("active")).filter(job_postings::expires_at.le(now)),
    )
    .set((job_postings::status.eq("expired"), job_postings::updated_at.eq(now)))
    .returning(job_postings::id)
    .get_results(conn)
    .await
}

/// The hash of the text the posting's vector under `model` was made from.
pub async fn embedding_stamp(conn: &mut Conn, job_id: Uuid, model: &str) -> QueryResult<Option<String>> {
    job_embeddings::table.find((job_id, model)).select(job_embeddings::content_sha256).first(conn).await.optional()
}

/// Stores the posting's vector under `model`, replacing the one it had.
pub async fn put_embedding(
    conn: &mut Conn,
    job: &JobRow,
    model: &str,
    vector: &[f32],
    content_sha256: &str,
) -> QueryResult<()> {
    use diesel::sql_types::{Integer, Nullable, Text, Uuid as SqlUuid};
    // diesel has no type for pgvector's `vector`: the vector travels as its text form.
    diesel::sql_query(
        "INSERT INTO matching.job_embeddings (job_id, tenant_id, model, dimensions, embedding, content_sha256) \
         VALUES ($1, $2, $3, $4, $5::vector, $6) \
         ON CONFLICT (job_id, model) DO UPDATE SET tenant_id = EXCLUDED.tenant_id, dimensions = EXCLUDED.dimensions, \
             embedding = EXCLUDED.embedding, content_sha256 = EXCLUDED.content_sha256, created_at = now()",
    )
    .bind::<SqlUuid, _>(job.id)
    .bind::<Nullable<SqlUuid>, _>(job.tenant_id)
    .bind::<Text, _>(model)
    .bind::<Integer, _>(vector.len() as i32)
    .bind::<Text, _>(platform::embeddings::vector_text(vector))
    .bind::<Text, _>(content_sha256)
    .execute(conn)
    .await
    .map(drop)
}

/// Where the posting must be, for a recommendation.
#[derive(Debug, Clone, Default)]
pub struct PlaceFilter {
    pub city: Option<String>,
    pub remote_policy: Option<String>,
}

impl PlaceFilter {
    /// The SQL condition on `p` (a posting) for this filter, binding from `$first`.
    fn condition(&self, first: usize) -> String {
        let mut condition = String::new();
        let mut next = first;
        if self.city.is_some() {
            condition.push_str(&format!(" AND lower(p.location_city) = lower(${next})"));
            next += 1;
        }
        if self.remote_policy.is_some() {
            condition.push_str(&format!(" AND p.remote_policy = ${next}"));
        }
        condition
    }
}

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
}

/// Published postings whose vector is nearest `vector` (up to `k`, through the HNSW index of
/// `dimensions`; iterative scans keep `k` results coming when filters drop many).
pub async fn nearest_active(
    conn: &mut Conn,
    vector: &[f32],
    model: &str,
    dimensions: usize,
    filter: &PlaceFilter,
    k: i64,
) -> QueryResult<Vec<Uuid>> {
    use diesel::sql_types::{BigInt, Text};
    diesel::sql_query("SET LOCAL hnsw.iterative_scan = relaxed_order").execute(conn).await?;
    diesel::sql_query("SET LOCAL hnsw.ef_search = 200").execute(conn).await?;
    let sql = format!(
        "SELECT p.id FROM matching.job_embeddings e JOIN matching.job_postings p ON p.id = e.job_id \
         WHERE e.model = $2 AND e.dimensions = {dimensions} AND p.status = 'active' \
           AND (p.expires_at IS NULL OR p.expires_at > now()){} \
         ORDER BY e.embedding::vector({dimensions}) <=> $1::vector({dimensions}) LIMIT $3",
        filter.condition(4)
    );
    let query = diesel::sql_query(sql)
        .into_boxed()
        .bind::<Text, _>(platform::embeddings::vector_text(vector))
        .bind::<Text, _>(model.to_owned())
        .bind::<BigInt, _>(k);
    let query = match &filter.city {
        Some(city) => query.bind::<Text, _>(city.clone()),
        None => query,
    };
    let query = match &filter.remote_policy {
        Some(policy) => query.bind::<Text, _>(policy.clone()),
        None => query,
    };
    Ok(query.load::<Candidate>(conn).await?.into_iter().map(|c| c.id).collect())
}

/// Published postings asking for any of `skill_ids`, newest first (up to `k`).
pub async fn active_with_skills(
    conn: &mut Conn,
    skill_ids: &[String],
    filter: &PlaceFilter,
    k: i64,
) -> QueryResult<Vec<Uuid>> {
    use diesel::sql_types::{Array, BigInt, Text};
    let sql = format!(
        "SELECT p.id FROM matching.job_postings p \
         WHERE p.status = 'active' AND (p.expires_at IS NULL OR p.expires_at > now()){} \
           AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.analysis -> 'skills') s WHERE s ->> 'id' = ANY($1)) \
         ORDER BY p.published_at DESC LIMIT $2",
        filter.condition(3)
    );
    let query = diesel::sql_query(sql).into_boxed().bind::<Array<Text>, _>(skill_ids.to_vec()).bind::<BigInt, _>(k);
    let query = match &filter.city {
        Some(city) => query.bind::<Text, _>(city.clone()),
        None => query,
    };
    let query = match &filter.remote_policy {
        Some(policy) => query.bind::<Text, _>(policy.clone()),
        None => query,
    };
    Ok(query.load::<Candidate>(conn).await?.into_iter().map(|c| c.id).collect())
}

/// The postings `ids` with the cosine similarity of their vector to `vector` (none without one).
pub async fn with_similarity(
    conn: &mut Conn,
    ids: &[Uuid],
    vector: Option<&[f32]>,
    model: &str,
    dimensions: usize,
) -> QueryResult<Vec<(JobRow, Option<f64>)>> {
    #[derive(QueryableByName)]
    struct Similar {
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        id: Uuid,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Double>)]
        similarity: Option<f64>,
    }
    use diesel::sql_types::{Array, Nullable, Text, Uuid as SqlUuid};
    let rows: Vec<JobRow> =
        job_postings::table.filter(job_postings::id.eq_any(ids)).select(JobRow::as_select()).load(conn).await?;
    let similar: Vec<Similar> = diesel::sql_query(format!(
        "SELECT e.job_id AS id, 1 - (e.embedding::vector({dimensions}) <=> $1::vector({dimensions})) AS similarity \
         FROM matching.job_embeddings e WHERE e.job_id = ANY($2) AND e.model = $3 AND e.dimensions = {dimensions} \
           AND $1 IS NOT NULL"
    ))
    .bind::<Nullable<Text>, _>(vector.map(platform::embeddings::vector_text))
    .bind::<Array<SqlUuid>, _>(ids.to_vec())
    .bind::<Text, _>(model)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let similarity = similar.iter().find(|s| s.id == row.id).and_then(|s| s.similarity);
            (row, similarity)
        })
        .collect())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = matches)]
pub struct MatchRow {
    pub id: Uuid,
    pub cv_id: Uuid,
    pub user_id: Uuid,
    pub job_id: Uuid,
    pub overall_score: f32,
    pub semantic_score: f32,
    pub skill_match_score: f32,
    pub experience_score: f32,
    pub details: serde_json::Value,
    pub scorer: String,
    pub status: String,
    pub rating: Option<i16>,
    pub computed_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The CV's stored matches (with what the person did with them).
pub async fn matches_of_cv(conn: &mut Conn, cv_id: Uuid) -> QueryResult<Vec<MatchRow>> {
    matches::table.filter(matches::cv_id.eq(cv_id)).select(MatchRow::as_select()).load(conn).await
}

/// Stores freshly computed matches: scores and reasons replace the old ones; the person's status
/// and rating stay.
pub async fn save_matches(conn: &mut Conn, rows: &[MatchRow]) -> QueryResult<()> {
    use diesel::upsert::excluded;
    diesel::insert_into(matches::table)
        .values(rows)
        .on_conflict((matches::cv_id, matches::job_id))
        .do_update()
        .set((
            matches::overall_score.eq(excluded(matches::overall_score)),
            matches::semantic_score.eq(excluded(matches::semantic_score)),
            matches::skill_match_score.eq(excluded(matches::skill_match_score)),
            matches::experience_score.eq(excluded(matches::experience_score)),
            matches::details.eq(excluded(matches::details)),
            matches::scorer.eq(excluded(matches::scorer)),
            matches::computed_at.eq(excluded(matches::computed_at)),
        ))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn find_match(conn: &mut Conn, id: Uuid) -> QueryResult<Option<MatchRow>> {
    matches::table.find(id).select(MatchRow::as_select()).first(conn).await.optional()
}

pub async fn set_match_status(conn: &mut Conn, id: Uuid, status: &str, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(matches::table.find(id))
        .set((matches::status.eq(status), matches::updated_at.eq(now)))
        .execute(conn)
        .await
}

pub async fn set_match_rating(conn: &mut Conn, id: Uuid, rating: i16, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(matches::table.find(id))
        .set((matches::rating.eq(Some(rating)), matches::updated_at.eq(now)))
        .execute(conn)
        .await
}

/// Forgets a CV's matches: all of them (`keep_chosen` false), or those the person has not saved
/// or dismissed (its data changed: they are computed again when asked for).
pub async fn forget_matches(conn: &mut Conn, cv_id: Uuid, keep_chosen: bool) -> QueryResult<usize> {
    let of_cv = matches::table.filter(matches::cv_id.eq(cv_id));
    if keep_chosen {
        diesel::delete(of_cv.filter(matches::status.eq("new"))).execute(conn).await
    } else {
        diesel::delete(of_cv).execute(conn).await
    }
}
