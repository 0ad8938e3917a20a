//! Queries on the cv schema only.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::cv::cvs;

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

/// The user's versions so far and whether one is primary, with the user's rows locked so two
/// uploads at once number themselves one after the other.
pub async fn lock_versions(conn: &mut Conn, user_id: Uuid) -> QueryResult<(i32, bool)> {
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
