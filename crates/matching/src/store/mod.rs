//! Queries on the matching schema only: postings and their vectors here, recommendations and
//! search in their own files.

mod feed;
mod index;
mod insights;
mod recommendations;
mod search;
mod typesense;

pub use feed::*;
pub use index::*;
pub use insights::*;
pub use recommendations::*;
pub use search::*;
pub use typesense::TypesenseIndex;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::matching::{job_embeddings, job_postings};

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
    pub search_title: String,
    pub search_body: String,
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
    pub search_title: String,
    pub search_body: String,
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
            search_title: self.search_title.clone(),
            search_body: self.search_body.clone(),
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

/// The posting a source knows by `external_id`, locked for the import that updates it.
pub async fn find_by_external(conn: &mut Conn, source: &str, external_id: &str) -> QueryResult<Option<JobRow>> {
    job_postings::table
        .filter(job_postings::source.eq(source))
        .filter(job_postings::external_id.eq(external_id))
        .select(JobRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// An active posting of the same company (or of none) with the same folded title and city and
/// nearly the same description (trigram similarity ≥ 0.9): the same job, listed again.
pub async fn near_duplicate(
    conn: &mut Conn,
    tenant_id: Option<Uuid>,
    search_title: &str,
    city: Option<&str>,
    description: &str,
) -> QueryResult<Option<Uuid>> {
    use diesel::sql_types::{Nullable, Text, Uuid as SqlUuid};
    #[derive(QueryableByName)]
    struct Same {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    let same: Option<Same> = diesel::sql_query(
        "SELECT id FROM matching.job_postings \
         WHERE status = 'active' AND tenant_id IS NOT DISTINCT FROM $1 AND search_title = $2 \
           AND lower(location_city) IS NOT DISTINCT FROM lower($3) AND similarity(description, $4) >= 0.9 \
         LIMIT 1",
    )
    .bind::<Nullable<SqlUuid>, _>(tenant_id)
    .bind::<Text, _>(search_title)
    .bind::<Nullable<Text>, _>(city)
    .bind::<Text, _>(description)
    .get_result(conn)
    .await
    .optional()?;
    Ok(same.map(|s| s.id))
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

/// Active postings past their expiry become expired; their ids and companies.
pub async fn expire_due(conn: &mut Conn, now: DateTime<Utc>) -> QueryResult<Vec<(Uuid, Option<Uuid>)>> {
    diesel::update(
        job_postings::table.filter(job_postings::status.eq("active")).filter(job_postings::expires_at.le(now)),
    )
    .set((job_postings::status.eq("expired"), job_postings::updated_at.eq(now)))
    .returning((job_postings::id, job_postings::tenant_id))
    .get_results(conn)
    .await
}

/// The posting's vector under `model`, when made.
pub async fn embedding_of(conn: &mut Conn, job_id: Uuid, model: &str) -> QueryResult<Option<Vec<f32>>> {
    #[derive(QueryableByName)]
    struct Stored {
        #[diesel(sql_type = diesel::sql_types::Text)]
        vector: String,
    }
    let stored: Option<Stored> = diesel::sql_query(
        "SELECT embedding::text AS vector FROM matching.job_embeddings WHERE job_id = $1 AND model = $2",
    )
    .bind::<diesel::sql_types::Uuid, _>(job_id)
    .bind::<diesel::sql_types::Text, _>(model)
    .get_result(conn)
    .await
    .optional()?;
    Ok(stored.and_then(|s| platform::embeddings::parse_vector_text(&s.vector)))
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

/// The company's active postings (published, neither closed nor past their expiry), with its
/// postings lock held to the transaction's end, so two publications at once cannot both take
/// the plan's last place.
pub async fn lock_active_postings(conn: &mut Conn, tenant_id: Uuid, now: DateTime<Utc>) -> QueryResult<i64> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('active_jobs:' || $1::text, 0))")
        .bind::<diesel::sql_types::Uuid, _>(tenant_id)
        .execute(conn)
        .await?;
    job_postings::table
        .filter(job_postings::tenant_id.eq(tenant_id))
        .filter(job_postings::status.eq("active"))
        .filter(job_postings::expires_at.is_null().or(job_postings::expires_at.gt(now)))
        .count()
        .get_result(conn)
        .await
}
