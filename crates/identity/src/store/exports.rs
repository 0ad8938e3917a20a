//! Copies of a person's data being built, ready or gone.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::identity::data_exports;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = data_exports)]
pub struct ExportRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub status: String,
    pub object_key: Option<String>,
    pub size_bytes: Option<i64>,
    pub files: Option<i32>,
    pub failure: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub ready_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A change of an export's state (`None` leaves a column as it is).
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = data_exports)]
pub struct ExportChange {
    pub status: Option<String>,
    pub object_key: Option<Option<String>>,
    pub size_bytes: Option<Option<i64>>,
    pub files: Option<Option<i32>>,
    pub failure: Option<Option<String>>,
    pub ready_at: Option<Option<DateTime<Utc>>>,
    pub expires_at: Option<Option<DateTime<Utc>>>,
}

pub async fn insert_export(conn: &mut Conn, row: &ExportRow) -> QueryResult<()> {
    diesel::insert_into(data_exports::table).values(row).execute(conn).await.map(drop)
}

pub async fn find_export(conn: &mut Conn, id: Uuid) -> QueryResult<Option<ExportRow>> {
    data_exports::table.find(id).select(ExportRow::as_select()).first(conn).await.optional()
}

/// The person's exports, newest first.
pub async fn exports_of(conn: &mut Conn, user_id: Uuid, limit: i64) -> QueryResult<Vec<ExportRow>> {
    data_exports::table
        .filter(data_exports::user_id.eq(user_id))
        .order(data_exports::requested_at.desc())
        .limit(limit)
        .select(ExportRow::as_select())
        .load(conn)
        .await
}

pub async fn update_export(conn: &mut Conn, id: Uuid, change: &ExportChange) -> QueryResult<()> {
    diesel::update(data_exports::table.find(id)).set(change).execute(conn).await.map(drop)
}

/// Ready exports whose time is up at `now`.
pub async fn expired_exports(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> QueryResult<Vec<ExportRow>> {
    data_exports::table
        .filter(data_exports::status.eq("ready").and(data_exports::expires_at.le(now)))
        .limit(limit)
        .select(ExportRow::as_select())
        .load(conn)
        .await
}

/// Takes the user's row lock, so two requests for a copy at once are counted one after the other.
pub async fn lock_user_exports(conn: &mut Conn, user_id: Uuid) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('identity.data_exports:' || $1::text, 0))")
        .bind::<diesel::sql_types::Uuid, _>(user_id)
        .execute(conn)
        .await
        .map(drop)
}
