//! The audit log: pages for operators and admins, the chain for verification, and the purge's
//! erasure of a person's columns.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bytea, Nullable, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use serde_json::Value;
use uuid::Uuid;

use super::Conn;
use crate::domain::audit::ChainedRow;
use crate::schema::analytics::audit_log;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub seq: i64,
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub action: String,
    pub outcome: String,
    pub tenant_id: Option<Uuid>,
    pub actor_id: Option<Uuid>,
    pub subject_id: Option<Uuid>,
    pub ip: Option<String>,
    pub details: Value,
    pub erased_at: Option<DateTime<Utc>>,
    pub person_pseudonym: Option<String>,
}

/// Which rows a reader asks for (row-level security decides which they may see).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub tenant_id: Option<Uuid>,
    pub action: Option<String>,
    /// Rows this person did or that concerned them.
    pub person_id: Option<Uuid>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

/// Newest first, below `before_seq`.
pub async fn page(
    conn: &mut Conn,
    filter: &AuditFilter,
    before_seq: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut query =
        audit_log::table.select(AuditRow::as_select()).order(audit_log::seq.desc()).limit(limit).into_boxed();
    if let Some(tenant_id) = filter.tenant_id {
        query = query.filter(audit_log::tenant_id.eq(tenant_id));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_log::action.eq(action.clone()));
    }
    if let Some(person) = filter.person_id {
        query = query.filter(audit_log::actor_id.eq(person).or(audit_log::subject_id.eq(person)));
    }
    if let Some(since) = filter.since {
        query = query.filter(audit_log::occurred_at.ge(since));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::occurred_at.lt(until));
    }
    if let Some(seq) = before_seq {
        query = query.filter(audit_log::seq.lt(seq));
    }
    query.load(conn).await
}

#[derive(QueryableByName)]
struct ChainSql {
    #[diesel(sql_type = BigInt)]
    seq: i64,
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = BigInt)]
    occurred_at_micros: i64,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Text)]
    outcome: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    tenant_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    actor_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    subject_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    ip: Option<String>,
    #[diesel(sql_type = Text)]
    details_text: String,
    #[diesel(sql_type = Nullable<Bytea>)]
    nonce: Option<Vec<u8>>,
    #[diesel(sql_type = Bytea)]
    personal_digest: Vec<u8>,
    #[diesel(sql_type = Bytea)]
    prev_hash: Vec<u8>,
    #[diesel(sql_type = Bytea)]
    hash: Vec<u8>,
}

/// The next `limit` rows after `after_seq`, in chain order, with the columns the chain covers.
pub async fn chain_after(conn: &mut Conn, after_seq: i64, limit: i64) -> QueryResult<Vec<ChainedRow>> {
    let rows: Vec<ChainSql> = diesel::sql_query(
        "SELECT seq, id, (extract(epoch FROM occurred_at) * 1000000)::bigint AS occurred_at_micros, action, \
         outcome, tenant_id, actor_id, subject_id, ip, details::text AS details_text, nonce, personal_digest, \
         prev_hash, hash FROM analytics.audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind::<BigInt, _>(after_seq)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ChainedRow {
            seq: r.seq,
            id: r.id,
            occurred_at_micros: r.occurred_at_micros,
            action: r.action,
            outcome: r.outcome,
            tenant_id: r.tenant_id,
            actor_id: r.actor_id,
            subject_id: r.subject_id,
            ip: r.ip,
            details_text: r.details_text,
            nonce: r.nonce,
            personal_digest: r.personal_digest,
            prev_hash: r.prev_hash,
            hash: r.hash,
        })
        .collect())
}

/// Erases a person from the rows they did or that concerned them: their id (and, where they
/// acted, their address), the details, and the nonce (their digest can no longer be checked),
/// leaving their pseudonym. Whoever else acted in a row stays named. The owner's purge alone may
/// (the table's guard checks `analytics.erasing`).
pub async fn erase_person(conn: &mut Conn, user_id: Uuid, pseudonym: &str, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::sql_query("SELECT set_config('analytics.erasing', 'on', true)").execute(conn).await?;
    diesel::sql_query(
        "UPDATE analytics.audit_log SET \
         ip = CASE WHEN actor_id = $1 THEN NULL ELSE ip END, \
         actor_id = CASE WHEN actor_id = $1 THEN NULL ELSE actor_id END, \
         subject_id = CASE WHEN subject_id = $1 THEN NULL ELSE subject_id END, \
         details = '{}', nonce = NULL, erased_at = $2, person_pseudonym = $3 \
         WHERE actor_id = $1 OR subject_id = $1",
    )
    .bind::<SqlUuid, _>(user_id)
    .bind::<diesel::sql_types::Timestamptz, _>(now)
    .bind::<Text, _>(pseudonym)
    .execute(conn)
    .await
}
