//! CVs shared with companies (one row per purpose, e.g. an application).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::cv::shares;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = shares)]
pub struct ShareRow {
    pub cv_id: Uuid,
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub purpose_id: Uuid,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_share(conn: &mut Conn, share: &ShareRow) -> QueryResult<()> {
    diesel::insert_into(shares::table).values(share).on_conflict_do_nothing().execute(conn).await.map(drop)
}

pub async fn delete_shares_for(conn: &mut Conn, purpose_id: Uuid) -> QueryResult<usize> {
    diesel::delete(shares::table.filter(shares::purpose_id.eq(purpose_id))).execute(conn).await
}

pub async fn delete_shares_of_user(conn: &mut Conn, user_id: Uuid) -> QueryResult<usize> {
    diesel::delete(shares::table.filter(shares::user_id.eq(user_id))).execute(conn).await
}

pub async fn shares_of_user(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<ShareRow>> {
    shares::table
        .filter(shares::user_id.eq(user_id))
        .order(shares::created_at)
        .select(ShareRow::as_select())
        .load(conn)
        .await
}
