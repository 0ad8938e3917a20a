//! Receipts, their gap-free numbers, and billing profiles.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::domain::Subject;
use crate::schema::billing::{profiles, receipt_series, receipts};

/// Takes the next number of the series for `kind`: the series row stays locked until the
/// transaction ends, so concurrent receipts queue, and a rollback gives the number back.
pub async fn next_number(conn: &mut Conn, kind: &str) -> QueryResult<(String, i32)> {
    diesel::update(receipt_series::table.filter(receipt_series::kind.eq(kind)))
        .set(receipt_series::last_correlative.eq(receipt_series::last_correlative + 1))
        .returning((receipt_series::series, receipt_series::last_correlative))
        .get_result(conn)
        .await
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = receipts)]
pub struct ReceiptRow {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub payment_id: Uuid,
    pub kind: String,
    pub series: String,
    pub correlative: i32,
    pub issued_at: DateTime<Utc>,
    pub currency: String,
    pub description: String,
    pub base: Decimal,
    pub igv: Decimal,
    pub total: Decimal,
    pub igv_rate: Decimal,
    pub buyer_sealed: Vec<u8>,
    pub credits_receipt_id: Option<Uuid>,
    pub credit_reason: Option<String>,
    pub pdf_key: Option<String>,
}

pub async fn insert_receipt(conn: &mut Conn, row: &ReceiptRow) -> QueryResult<()> {
    diesel::insert_into(receipts::table).values(row).execute(conn).await.map(drop)
}

pub async fn receipt(conn: &mut Conn, id: Uuid) -> QueryResult<Option<ReceiptRow>> {
    receipts::table.find(id).select(ReceiptRow::as_select()).first(conn).await.optional()
}

/// The receipt issued for a payment (not its credit notes).
pub async fn receipt_of_payment(conn: &mut Conn, payment_id: Uuid) -> QueryResult<Option<ReceiptRow>> {
    receipts::table
        .filter(receipts::payment_id.eq(payment_id))
        .filter(receipts::credits_receipt_id.is_null())
        .select(ReceiptRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The subject's receipts and credit notes, newest first, after `before` (a cursor) if given.
pub async fn receipts_of(
    conn: &mut Conn,
    subject: Subject,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<ReceiptRow>> {
    let mut query = receipts::table
        .filter(receipts::user_id.eq(subject.user_id()).or(receipts::tenant_id.eq(subject.tenant_id())))
        .into_boxed();
    if let Some((at, id)) = before {
        query = query.filter(receipts::issued_at.lt(at).or(receipts::issued_at.eq(at).and(receipts::id.lt(id))));
    }
    query
        .order((receipts::issued_at.desc(), receipts::id.desc()))
        .limit(limit)
        .select(ReceiptRow::as_select())
        .load(conn)
        .await
}

pub async fn set_pdf_key(conn: &mut Conn, id: Uuid, key: &str) -> QueryResult<()> {
    diesel::update(receipts::table.find(id)).set(receipts::pdf_key.eq(key)).execute(conn).await.map(drop)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = profiles)]
pub struct ProfileRow {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub id_kind: String,
    pub sealed: Vec<u8>,
    pub updated_at: DateTime<Utc>,
}

pub async fn profile(conn: &mut Conn, subject: Subject) -> QueryResult<Option<ProfileRow>> {
    profiles::table
        .filter(profiles::user_id.eq(subject.user_id()).or(profiles::tenant_id.eq(subject.tenant_id())))
        .select(ProfileRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Writes the subject's profile (one per subject: a second write replaces the first).
pub async fn save_profile(conn: &mut Conn, subject: Subject, row: &ProfileRow) -> QueryResult<()> {
    let insert = diesel::insert_into(profiles::table).values(row);
    let changes =
        (profiles::id_kind.eq(&row.id_kind), profiles::sealed.eq(&row.sealed), profiles::updated_at.eq(row.updated_at));
    match subject {
        Subject::User(_) => insert.on_conflict(profiles::user_id).do_update().set(changes).execute(conn).await,
        Subject::Tenant(_) => insert.on_conflict(profiles::tenant_id).do_update().set(changes).execute(conn).await,
    }
    .map(drop)
}
