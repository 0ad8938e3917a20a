//! Recruiters' notes on applications.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::hiring::notes;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = notes)]
pub struct NoteRow {
    pub id: Uuid,
    pub application_id: Uuid,
    pub applied_at: DateTime<Utc>,
    pub tenant_id: Uuid,
    pub author_id: Option<Uuid>,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_note(conn: &mut Conn, row: &NoteRow) -> QueryResult<()> {
    diesel::insert_into(notes::table).values(row).execute(conn).await.map(drop)
}

/// An application's notes, oldest first, after the `(created_at, id)` cursor.
pub async fn notes_of(
    conn: &mut Conn,
    application_id: Uuid,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<NoteRow>> {
    let mut query = notes::table.filter(notes::application_id.eq(application_id)).into_boxed();
    if let Some((at, id)) = after {
        query = query.filter(notes::created_at.gt(at).or(notes::created_at.eq(at).and(notes::id.gt(id))));
    }
    query.order((notes::created_at, notes::id)).limit(limit + 1).select(NoteRow::as_select()).load(conn).await
}
