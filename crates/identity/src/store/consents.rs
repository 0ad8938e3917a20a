//! The consent ledger: one row per consent given or taken back.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::identity::consent_records;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = consent_records)]
pub struct ConsentRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub purpose: String,
    pub granted: bool,
    pub source: String,
    pub ip: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

pub async fn insert_consent(conn: &mut Conn, row: &ConsentRow) -> QueryResult<()> {
    diesel::insert_into(consent_records::table).values(row).execute(conn).await.map(drop)
}

/// The person's records, newest first.
pub async fn consents_of(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<ConsentRow>> {
    consent_records::table
        .filter(consent_records::user_id.eq(user_id))
        .order((consent_records::recorded_at.desc(), consent_records::id.desc()))
        .select(ConsentRow::as_select())
        .load(conn)
        .await
}
