//! Queries on the cv schema only.

mod shares;

pub use shares::*;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::cv::{consents, cv_embeddings, cv_sections, cvs, skills};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cvs)]
pub struct CvRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub version: i32,
    pub is_primary: bool,
    pub original_filename: String,
    pub file_size_bytes: i64,
    pub mime_type: String,
    pub sha256: String,
    pub storage_key: String,
    pub language_hint: Option<String>,
    pub parsing_status: String,
    pub parsing_error: Option<String>,
    pub parsed_data: Option<serde_json::Value>,
    pub corrections: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub parsed_at: Option<DateTime<Utc>>,
    /// Since when companies may find it (the owner's consent); none when they may not.
    pub discoverable_since: Option<DateTime<Utc>>,
}

#[derive(Insertable)]
#[diesel(table_name = cvs)]
pub struct NewCv<'a> {
    pub id: Uuid,
    pub user_id: Uuid,
    pub version: i32,
    pub is_primary: bool,
    pub original_filename: &'a str,
    pub file_size_bytes: i64,
    pub mime_type: &'a str,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub language_hint: Option<&'a str>,
    pub idempotency_key: Option<&'a str>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<CvRow>> {
    cvs::table.find(id).select(CvRow::as_select()).first(conn).await.optional()
}

pub async fn find_by_idempotency_key(conn: &mut Conn, user_id: Uuid, key: &str) -> QueryResult<Option<CvRow>> {
    cvs::table
        .filter(cvs::user_id.eq(user_id))
        .filter(cvs::idempotency_key.eq(key))
        .select(CvRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The user's versions so far and whether one is primary. Two uploads of one person at once
/// number themselves one after the other: a transaction-scoped advisory lock on the person
/// serialises them (locking their rows would not: a first upload has none, and a row inserted
/// meanwhile is not locked).
pub async fn lock_versions(conn: &mut Conn, user_id: Uuid) -> QueryResult<(i32, bool)> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('cv.versions:' || $1::text, 0))")
        .bind::<diesel::sql_types::Uuid, _>(user_id)
        .execute(conn)
        .await?;
    let rows: Vec<(i32, bool)> = cvs::table
        .filter(cvs::user_id.eq(user_id))
        .select((cvs::version, cvs::is_primary))
        .for_update()
        .load(conn)
        .await?;
    Ok((rows.iter().map(|(v, _)| *v).max().unwrap_or(0), rows.iter().any(|(_, p)| *p)))
}

pub async fn insert(conn: &mut Conn, cv: &NewCv<'_>) -> QueryResult<()> {
    diesel::insert_into(cvs::table).values(cv).execute(conn).await.map(drop)
}

/// The user's CVs, newest first, after the `(created_at, id)` cursor.
pub async fn page(
    conn: &mut Conn,
    user_id: Uuid,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<CvRow>> {
    let mut query = cvs::table.filter(cvs::user_id.eq(user_id)).into_boxed();
    if let Some((created_at, id)) = after {
        query = query.filter(cvs::created_at.lt(created_at).or(cvs::created_at.eq(created_at).and(cvs::id.lt(id))));
    }
    query.order((cvs::created_at.desc(), cvs::id.desc())).limit(limit + 1).select(CvRow::as_select()).load(conn).await
}

/// The user's primary CV, if they have one.
pub async fn primary(conn: &mut Conn, user_id: Uuid) -> QueryResult<Option<CvRow>> {
    cvs::table
        .filter(cvs::user_id.eq(user_id))
        .filter(cvs::is_primary)
        .select(CvRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Makes `id` the user's only primary CV.
pub async fn make_primary(conn: &mut Conn, user_id: Uuid, id: Uuid, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(cvs::table.filter(cvs::user_id.eq(user_id)).filter(cvs::is_primary).filter(cvs::id.ne(id)))
        .set((cvs::is_primary.eq(false), cvs::updated_at.eq(now)))
        .execute(conn)
        .await?;
    diesel::update(cvs::table.find(id)).set((cvs::is_primary.eq(true), cvs::updated_at.eq(now))).execute(conn).await?;
    Ok(())
}

pub async fn mark_pending(conn: &mut Conn, id: Uuid, now: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(cvs::table.find(id))
        .set((cvs::parsing_status.eq("pending"), cvs::parsing_error.eq(None::<String>), cvs::updated_at.eq(now)))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn delete(conn: &mut Conn, id: Uuid) -> QueryResult<usize> {
    diesel::delete(cvs::table.find(id)).execute(conn).await
}

/// The most recent remaining CV of the user, to become primary when the primary one goes.
pub async fn latest(conn: &mut Conn, user_id: Uuid) -> QueryResult<Option<Uuid>> {
    cvs::table
        .filter(cvs::user_id.eq(user_id))
        .order((cvs::created_at.desc(), cvs::id.desc()))
        .select(cvs::id)
        .first(conn)
        .await
        .optional()
}

pub async fn all_of_user(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<CvRow>> {
    cvs::table.filter(cvs::user_id.eq(user_id)).order(cvs::created_at.asc()).select(CvRow::as_select()).load(conn).await
}

/// Records what parsing found (or why it failed); `None` data with an error is a failure.
pub async fn record_parse(
    conn: &mut Conn,
    id: Uuid,
    outcome: Result<serde_json::Value, String>,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    let (status, data, error) = match outcome {
        Ok(data) => ("parsed", Some(data), None),
        Err(reason) => ("failed", None, Some(reason)),
    };
    diesel::update(cvs::table.find(id))
        .set((
            cvs::parsing_status.eq(status),
            cvs::parsed_data.eq(data),
            cvs::parsing_error.eq(error),
            cvs::parsed_at.eq(Some(now)),
            cvs::updated_at.eq(now),
        ))
        .execute(conn)
        .await
}

pub async fn save_corrections(
    conn: &mut Conn,
    id: Uuid,
    corrections: &serde_json::Value,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(cvs::table.find(id))
        .set((cvs::corrections.eq(corrections), cvs::updated_at.eq(now)))
        .execute(conn)
        .await
        .map(drop)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cv_sections)]
pub struct SectionRow {
    pub id: Uuid,
    pub cv_id: Uuid,
    pub user_id: Uuid,
    pub position: i32,
    pub kind: String,
    pub heading: String,
    pub content: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = skills)]
pub struct SkillRow {
    pub cv_id: Uuid,
    pub user_id: Uuid,
    pub skill_id: String,
    pub name: String,
    pub category: String,
    pub source: String,
    pub years: Option<f32>,
    pub proficiency: Option<String>,
    pub confidence: f32,
}

/// Replaces the CV's sections (their vectors go with them).
pub async fn replace_sections(conn: &mut Conn, cv_id: Uuid, rows: &[SectionRow]) -> QueryResult<()> {
    diesel::delete(cv_sections::table.filter(cv_sections::cv_id.eq(cv_id))).execute(conn).await?;
    diesel::insert_into(cv_sections::table).values(rows).execute(conn).await.map(drop)
}

pub async fn replace_skills(conn: &mut Conn, cv_id: Uuid, rows: &[SkillRow]) -> QueryResult<()> {
    diesel::delete(skills::table.filter(skills::cv_id.eq(cv_id))).execute(conn).await?;
    diesel::insert_into(skills::table).values(rows).execute(conn).await.map(drop)
}

pub async fn sections_of(conn: &mut Conn, cv_id: Uuid) -> QueryResult<Vec<SectionRow>> {
    cv_sections::table
        .filter(cv_sections::cv_id.eq(cv_id))
        .order(cv_sections::position.asc())
        .select(SectionRow::as_select())
        .load(conn)
        .await
}

/// The CV's skills, surest first.
pub async fn skills_of(conn: &mut Conn, cv_id: Uuid) -> QueryResult<Vec<SkillRow>> {
    skills::table
        .filter(skills::cv_id.eq(cv_id))
        .order((skills::confidence.desc(), skills::name.asc()))
        .select(SkillRow::as_select())
        .load(conn)
        .await
}

/// A stored vector's identity: what it embeds (a section, or the whole CV when `None`) and the
/// hash of the text it was made from.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cv_embeddings)]
pub struct EmbeddingStamp {
    pub section_id: Option<Uuid>,
    pub content_sha256: String,
}

pub async fn embedding_stamps(conn: &mut Conn, cv_id: Uuid, model: &str) -> QueryResult<Vec<EmbeddingStamp>> {
    cv_embeddings::table
        .filter(cv_embeddings::cv_id.eq(cv_id))
        .filter(cv_embeddings::model.eq(model))
        .select(EmbeddingStamp::as_select())
        .load(conn)
        .await
}

pub struct NewEmbedding<'a> {
    pub id: Uuid,
    pub cv_id: Uuid,
    pub user_id: Uuid,
    pub section_id: Option<Uuid>,
    pub section_kind: Option<&'a str>,
    pub model: &'a str,
    pub vector: &'a [f32],
    pub content_sha256: &'a str,
}

/// Stores one vector of the model in place of the one it replaces (same CV, section and model).
pub async fn put_embedding(conn: &mut Conn, embedding: &NewEmbedding<'_>) -> QueryResult<()> {
    use diesel::sql_types::{Integer, Nullable, Text, Uuid as SqlUuid};
    let target = cv_embeddings::table
        .filter(cv_embeddings::cv_id.eq(embedding.cv_id))
        .filter(cv_embeddings::model.eq(embedding.model));
    match embedding.section_id {
        Some(section) => diesel::delete(target.filter(cv_embeddings::section_id.eq(section))).execute(conn).await?,
        None => diesel::delete(target.filter(cv_embeddings::section_id.is_null())).execute(conn).await?,
    };
    // diesel has no type for pgvector's `vector`: the vector travels as its text form.
    diesel::sql_query(
        "INSERT INTO cv.cv_embeddings (id, cv_id, user_id, section_id, section_kind, model, dimensions, embedding, content_sha256) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::vector, $9)",
    )
    .bind::<SqlUuid, _>(embedding.id)
    .bind::<SqlUuid, _>(embedding.cv_id)
    .bind::<SqlUuid, _>(embedding.user_id)
    .bind::<Nullable<SqlUuid>, _>(embedding.section_id)
    .bind::<Nullable<Text>, _>(embedding.section_kind)
    .bind::<Text, _>(embedding.model)
    .bind::<Integer, _>(embedding.vector.len() as i32)
    .bind::<Text, _>(platform::embeddings::vector_text(embedding.vector))
    .bind::<Text, _>(embedding.content_sha256)
    .execute(conn)
    .await
    .map(drop)
}

/// Drops the CV's vectors of the model that embed nothing current (a section gone, say).
pub async fn prune_embeddings(conn: &mut Conn, cv_id: Uuid, model: &str, keep: &[Uuid]) -> QueryResult<usize> {
    diesel::delete(
        cv_embeddings::table
            .filter(cv_embeddings::cv_id.eq(cv_id))
            .filter(cv_embeddings::model.eq(model))
            .filter(cv_embeddings::section_id.is_not_null())
            .filter(cv_embeddings::section_id.ne_all(keep)),
    )
    .execute(conn)
    .await
}

pub async fn delete_embeddings(conn: &mut Conn, cv_id: Uuid) -> QueryResult<usize> {
    diesel::delete(cv_embeddings::table.filter(cv_embeddings::cv_id.eq(cv_id))).execute(conn).await
}

/// Parsed CVs, oldest first: those without a whole-CV vector of `model`, or all with `every`.
pub async fn parsed_cvs_to_embed(conn: &mut Conn, model: &str, every: bool) -> QueryResult<Vec<Uuid>> {
    let mut query = cvs::table.filter(cvs::parsing_status.eq("parsed")).into_boxed();
    if !every {
        let embedded = cv_embeddings::table
            .filter(cv_embeddings::model.eq(model.to_owned()))
            .filter(cv_embeddings::section_id.is_null())
            .select(cv_embeddings::cv_id);
        query = query.filter(cvs::id.ne_all(embedded));
    }
    query.order((cvs::created_at.asc(), cvs::id.asc())).select(cvs::id).load(conn).await
}

/// Drops every vector made by another model than `model`.
pub async fn delete_other_models(conn: &mut Conn, model: &str) -> QueryResult<usize> {
    diesel::delete(cv_embeddings::table.filter(cv_embeddings::model.ne(model))).execute(conn).await
}

/// Makes the HNSW index for vectors of `dimensions` when there is none (as the owner: the
/// application role creates nothing). The migration made the one for the default model.
pub async fn ensure_vector_index(conn: &mut Conn, dimensions: u16) -> QueryResult<()> {
    diesel::sql_query(format!(
        "CREATE INDEX IF NOT EXISTS cv_embeddings_hnsw_{dimensions} ON cv.cv_embeddings \
         USING hnsw ((embedding::vector({dimensions})) vector_cosine_ops) WHERE dimensions = {dimensions}"
    ))
    .execute(conn)
    .await
    .map(drop)
}

/// The CV's whole-CV vector under `model`, read back from pgvector's text form.
pub async fn whole_cv_vector(conn: &mut Conn, cv_id: Uuid, model: &str) -> QueryResult<Option<Vec<f32>>> {
    #[derive(QueryableByName)]
    struct Stored {
        #[diesel(sql_type = diesel::sql_types::Text)]
        vector: String,
    }
    let stored: Option<Stored> = diesel::sql_query(
        "SELECT embedding::text AS vector FROM cv.cv_embeddings WHERE cv_id = $1 AND model = $2 AND section_id IS NULL",
    )
    .bind::<diesel::sql_types::Uuid, _>(cv_id)
    .bind::<diesel::sql_types::Text, _>(model)
    .get_result(conn)
    .await
    .optional()?;
    Ok(stored.and_then(|s| platform::embeddings::parse_vector_text(&s.vector)))
}

/// A grant or revocation of a consent, as recorded.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consents)]
pub struct ConsentRow {
    pub id: Uuid,
    pub cv_id: Uuid,
    pub user_id: Uuid,
    pub kind: String,
    pub granted: bool,
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Makes the CV discoverable from `since`, or not (`None`), and records the consent given or
/// withdrawn.
pub async fn set_discoverable(conn: &mut Conn, consent: &ConsentRow, since: Option<DateTime<Utc>>) -> QueryResult<()> {
    diesel::update(cvs::table.find(consent.cv_id)).set(cvs::discoverable_since.eq(since)).execute(conn).await?;
    diesel::insert_into(consents::table).values(consent).execute(conn).await.map(drop)
}

pub async fn consents_of_user(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<ConsentRow>> {
    consents::table
        .filter(consents::user_id.eq(user_id))
        .order(consents::created_at.asc())
        .select(ConsentRow::as_select())
        .load(conn)
        .await
}

/// Parsed, discoverable CVs whose whole-CV vector is nearest `vector` (at most `k`), nearest first.
pub async fn nearest_discoverable(
    conn: &mut Conn,
    vector: &[f32],
    model: &str,
    dimensions: usize,
    k: i64,
) -> QueryResult<Vec<Uuid>> {
    #[derive(QueryableByName)]
    struct Near {
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        cv_id: Uuid,
    }
    diesel::sql_query("SET LOCAL hnsw.iterative_scan = relaxed_order").execute(conn).await?;
    let near: Vec<Near> = diesel::sql_query(format!(
        "SELECT e.cv_id FROM cv.cv_embeddings e JOIN cv.cvs c ON c.id = e.cv_id \
         WHERE e.section_id IS NULL AND e.model = $1 AND e.dimensions = {dimensions} \
           AND c.discoverable_since IS NOT NULL AND c.parsing_status = 'parsed' \
         ORDER BY e.embedding::vector({dimensions}) <=> $2::vector({dimensions}) LIMIT $3"
    ))
    .bind::<diesel::sql_types::Text, _>(model)
    .bind::<diesel::sql_types::Text, _>(platform::embeddings::vector_text(vector))
    .bind::<diesel::sql_types::BigInt, _>(k)
    .load(conn)
    .await?;
    Ok(near.into_iter().map(|n| n.cv_id).collect())
}

/// Parsed, discoverable CVs with any of `skill_ids`, most recently parsed first (at most `k`).
pub async fn discoverable_with_skills(conn: &mut Conn, skill_ids: &[String], k: i64) -> QueryResult<Vec<Uuid>> {
    cvs::table
        .filter(cvs::discoverable_since.is_not_null())
        .filter(cvs::parsing_status.eq("parsed"))
        .filter(diesel::dsl::exists(
            skills::table.filter(skills::cv_id.eq(cvs::id)).filter(skills::skill_id.eq_any(skill_ids)),
        ))
        .order(cvs::parsed_at.desc())
        .limit(k)
        .select(cvs::id)
        .load(conn)
        .await
}

/// A discoverable CV, as a company sees it (row-level security decides).
pub async fn discoverable(conn: &mut Conn, cv_id: Uuid) -> QueryResult<Option<CvRow>> {
    cvs::table
        .find(cv_id)
        .filter(cvs::discoverable_since.is_not_null())
        .select(CvRow::as_select())
        .first(conn)
        .await
        .optional()
}
