//! Events, their receipts, the outbox and the monthly partitions.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Array, BigInt, Bool, Date, Integer, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use serde_json::Value;
use uuid::Uuid;

use super::Conn;
use crate::schema::analytics::{event_receipts, outbox};

/// One row of `analytics.events`, as stored.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub event_id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    pub name: String,
    pub category: Option<String>,
    pub source: &'static str,
    pub actor_key: Option<String>,
    pub tenant_id: Option<Uuid>,
    pub session_key: Option<String>,
    pub properties: Value,
    pub page_path: Option<String>,
    pub referrer_host: Option<String>,
    pub device: Option<String>,
    pub browser: Option<String>,
    pub os: Option<String>,
    pub country: Option<String>,
    pub city: Option<String>,
}

const EVENT_COLUMNS: &str = "event_id, occurred_at, received_at, name, category, source, actor_key, tenant_id, \
    session_key, properties, page_path, referrer_host, device, browser, os, country, city";

/// The rows bound as 17 arrays ($1 to $17), unnested as `t` with the columns' names.
const UNNESTED: &str = "unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], \
    $6::text[], $7::text[], $8::uuid[], $9::text[], $10::jsonb[], $11::text[], $12::text[], $13::text[], $14::text[], \
    $15::text[], $16::text[], $17::text[]) AS t(event_id, occurred_at, received_at, name, category, source, actor_key, \
    tenant_id, session_key, properties, page_path, referrer_host, device, browser, os, country, city)";

fn with_rows(sql: String, rows: &[EventRow]) -> BoxedSqlQuery<'static, Pg, SqlQuery> {
    fn column<T>(rows: &[EventRow], pick: impl Fn(&EventRow) -> T) -> Vec<T> {
        rows.iter().map(pick).collect()
    }
    diesel::sql_query(sql)
        .into_boxed()
        .bind::<Array<SqlUuid>, _>(column(rows, |r| r.event_id))
        .bind::<Array<Timestamptz>, _>(column(rows, |r| r.occurred_at))
        .bind::<Array<Timestamptz>, _>(column(rows, |r| r.received_at))
        .bind::<Array<Text>, _>(column(rows, |r| r.name.clone()))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.category.clone()))
        .bind::<Array<Text>, _>(column(rows, |r| r.source))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.actor_key.clone()))
        .bind::<Array<Nullable<SqlUuid>>, _>(column(rows, |r| r.tenant_id))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.session_key.clone()))
        .bind::<Array<Jsonb>, _>(column(rows, |r| r.properties.clone()))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.page_path.clone()))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.referrer_host.clone()))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.device.clone()))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.browser.clone()))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.os.clone()))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.country.clone()))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.city.clone()))
}

/// Stores `rows` in one statement, skipping any already stored (same id and time); returns how
/// many it stored.
pub async fn insert_events(conn: &mut Conn, rows: &[EventRow]) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let sql =
        format!("INSERT INTO analytics.events ({EVENT_COLUMNS}) SELECT t.* FROM {UNNESTED} ON CONFLICT DO NOTHING");
    with_rows(sql, rows).execute(conn).await
}

/// Stores the rows whose id was never received, taking their receipts, in one statement (one
/// round trip a batch); returns how many it stored.
pub async fn insert_new_events(conn: &mut Conn, rows: &[EventRow], now: DateTime<Utc>) -> QueryResult<usize> {
    if rows.is_empty() {
        return Ok(0);
    }
    let sql = format!(
        "WITH fresh AS (INSERT INTO analytics.event_receipts (event_id, received_at) SELECT unnest($1::uuid[]), $18 \
         ON CONFLICT DO NOTHING RETURNING event_id) \
         INSERT INTO analytics.events ({EVENT_COLUMNS}) SELECT t.* FROM {UNNESTED} \
         WHERE t.event_id IN (SELECT event_id FROM fresh) ON CONFLICT DO NOTHING"
    );
    with_rows(sql, rows).bind::<Timestamptz, _>(now).execute(conn).await
}

/// Forgets receipts older than `before`; returns how many.
pub async fn prune_receipts(conn: &mut Conn, before: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(event_receipts::table.filter(event_receipts::received_at.lt(before))).execute(conn).await
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub name: String,
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub properties: Value,
}

/// The oldest `limit` outbox rows, locked for this transaction (other drains skip them).
pub async fn claim_outbox(conn: &mut Conn, limit: i64) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .order(outbox::occurred_at)
        .limit(limit)
        .select(OutboxRow::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

pub async fn delete_outbox(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<usize> {
    diesel::delete(outbox::table.filter(outbox::id.eq_any(ids))).execute(conn).await
}

pub async fn delete_outbox_of(conn: &mut Conn, user_id: Uuid) -> QueryResult<usize> {
    diesel::delete(outbox::table.filter(outbox::user_id.eq(user_id))).execute(conn).await
}

#[derive(QueryableByName)]
struct Created {
    #[diesel(sql_type = Integer)]
    created: i32,
}

/// Creates the monthly partitions from `from_month` to `ahead` months after this one.
pub async fn ensure_partitions(conn: &mut Conn, from_month: NaiveDate, ahead: i32) -> QueryResult<i32> {
    let row: Created = diesel::sql_query("SELECT analytics.ensure_event_partitions($1, $2) AS created")
        .bind::<Date, _>(from_month)
        .bind::<Integer, _>(ahead)
        .get_result(conn)
        .await?;
    Ok(row.created)
}

#[derive(QueryableByName)]
struct Month {
    #[diesel(sql_type = Date)]
    month: NaiveDate,
}

/// The first days of the months that have a partition, oldest first.
pub async fn partition_months(conn: &mut Conn) -> QueryResult<Vec<NaiveDate>> {
    let rows: Vec<Month> = diesel::sql_query("SELECT analytics.event_partition_months() AS month").load(conn).await?;
    Ok(rows.into_iter().map(|row| row.month).collect())
}

#[derive(QueryableByName)]
struct Dropped {
    #[diesel(sql_type = Bool)]
    dropped: bool,
}

pub async fn drop_partition(conn: &mut Conn, month: NaiveDate) -> QueryResult<bool> {
    let row: Dropped = diesel::sql_query("SELECT analytics.drop_event_partition($1) AS dropped")
        .bind::<Date, _>(month)
        .get_result(conn)
        .await?;
    Ok(row.dropped)
}

/// An event as a JSON line, with its place in its month's order.
#[derive(Debug, QueryableByName)]
pub struct ArchivedEvent {
    #[diesel(sql_type = Timestamptz)]
    pub occurred_at: DateTime<Utc>,
    #[diesel(sql_type = SqlUuid)]
    pub event_id: Uuid,
    #[diesel(sql_type = Text)]
    pub json: String,
}

/// The next `limit` events in [start, end) after `after`, in (occurred_at, event_id) order, as
/// archives keep them: without the pseudonyms, so an archive names no one (and a purge need not
/// reach it).
pub async fn events_between(
    conn: &mut Conn,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<ArchivedEvent>> {
    let (after_at, after_id) = after.unwrap_or((start - chrono::Duration::microseconds(1), Uuid::nil()));
    diesel::sql_query(
        "SELECT occurred_at, event_id, (to_jsonb(e) - 'actor_key' - 'session_key')::text AS json \
         FROM analytics.events e WHERE occurred_at >= $1 AND occurred_at < $2 AND (occurred_at, event_id) > ($3, $4) \
         ORDER BY occurred_at, event_id LIMIT $5",
    )
    .bind::<Timestamptz, _>(start)
    .bind::<Timestamptz, _>(end)
    .bind::<Timestamptz, _>(after_at)
    .bind::<SqlUuid, _>(after_id)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// A person's events (by their pseudonym), newest first, as JSON rows.
pub async fn events_of_actor(conn: &mut Conn, actor_key: &str, limit: i64) -> QueryResult<Vec<ArchivedEvent>> {
    diesel::sql_query(
        "SELECT occurred_at, event_id, row_to_json(e)::text AS json FROM analytics.events e \
         WHERE actor_key = $1 ORDER BY occurred_at DESC LIMIT $2",
    )
    .bind::<Text, _>(actor_key)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// Erases a person from the events: their own (no company) are deleted; what they did in a
/// company's work stays for its numbers, without their pseudonym.
pub async fn erase_actor(conn: &mut Conn, actor_key: &str) -> QueryResult<usize> {
    let deleted = diesel::sql_query("DELETE FROM analytics.events WHERE actor_key = $1 AND tenant_id IS NULL")
        .bind::<Text, _>(actor_key)
        .execute(conn)
        .await?;
    let anonymised =
        diesel::sql_query("UPDATE analytics.events SET actor_key = NULL, session_key = NULL WHERE actor_key = $1")
            .bind::<Text, _>(actor_key)
            .execute(conn)
            .await?;
    Ok(deleted + anonymised)
}
