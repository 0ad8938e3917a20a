//! Payments, the provider events already handled, and the subscriptions a charge is due for.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use super::SubscriptionRow;
use kernel::{AppError, AppResult};

use crate::domain::Subject;
use crate::schema::billing::{payments, subscriptions, webhook_events};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = payments)]
pub struct PaymentRow {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub subscription_id: Option<Uuid>,
    pub purpose: String,
    /// The plan and cycle paid for; none for a placement fee.
    pub plan_id: Option<String>,
    pub billing_cycle: Option<String>,
    pub amount: Decimal,
    pub currency: String,
    pub provider: String,
    pub provider_reference: Option<String>,
    pub status: String,
    pub method_type: Option<String>,
    pub payment_method: Option<String>,
    pub last4: Option<String>,
    pub provider_fee: Option<Decimal>,
    pub failure_reason: Option<String>,
    pub idempotency_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The talent-network application whose placement fee this is.
    pub placement_id: Option<Uuid>,
}

impl PaymentRow {
    pub fn subject(&self) -> AppResult<Subject> {
        Subject::of(self.user_id, self.tenant_id)
            .ok_or_else(|| AppError::Internal(format!("payment {} has no subject", self.id)))
    }
}

pub async fn insert_payment(conn: &mut Conn, row: &PaymentRow) -> QueryResult<()> {
    diesel::insert_into(payments::table).values(row).execute(conn).await.map(drop)
}

/// The subject's payment made with `key` (a repeated request), if any.
pub async fn payment_by_key(conn: &mut Conn, subject: Subject, key: &str) -> QueryResult<Option<PaymentRow>> {
    payments::table
        .filter(payments::user_id.eq(subject.user_id()).or(payments::tenant_id.eq(subject.tenant_id())))
        .filter(payments::idempotency_key.eq(key))
        .select(PaymentRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// A payment by id, locked for a change.
pub async fn payment_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<PaymentRow>> {
    payments::table.find(id).select(PaymentRow::as_select()).for_update().first(conn).await.optional()
}

/// The payment a provider knows as `reference`, locked for a change.
pub async fn payment_by_reference(conn: &mut Conn, provider: &str, reference: &str) -> QueryResult<Option<PaymentRow>> {
    payments::table
        .filter(payments::provider.eq(provider))
        .filter(payments::provider_reference.eq(reference))
        .select(PaymentRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Writes what settling a payment changes.
pub async fn update_payment(conn: &mut Conn, row: &PaymentRow) -> QueryResult<()> {
    diesel::update(payments::table.find(row.id))
        .set((
            payments::subscription_id.eq(row.subscription_id),
            payments::provider_reference.eq(&row.provider_reference),
            payments::status.eq(&row.status),
            payments::method_type.eq(&row.method_type),
            payments::payment_method.eq(&row.payment_method),
            payments::last4.eq(&row.last4),
            payments::provider_fee.eq(row.provider_fee),
            payments::failure_reason.eq(&row.failure_reason),
            payments::updated_at.eq(row.updated_at),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// The subject's payments, newest first.
pub async fn payments_of(conn: &mut Conn, subject: Subject, limit: i64) -> QueryResult<Vec<PaymentRow>> {
    payments::table
        .filter(payments::user_id.eq(subject.user_id()).or(payments::tenant_id.eq(subject.tenant_id())))
        .order(payments::created_at.desc())
        .limit(limit)
        .select(PaymentRow::as_select())
        .load(conn)
        .await
}

/// Payments still pending that were asked for before `before` (their webhook may be lost, or the
/// request never reached the provider), oldest first.
pub async fn stale_pending(conn: &mut Conn, before: DateTime<Utc>, limit: i64) -> QueryResult<Vec<PaymentRow>> {
    payments::table
        .filter(payments::status.eq("pending"))
        .filter(payments::created_at.lt(before))
        .order(payments::created_at)
        .limit(limit)
        .select(PaymentRow::as_select())
        .load(conn)
        .await
}

/// Records a provider event as handled; false when it was handled before.
pub async fn record_event(
    conn: &mut Conn,
    provider: &str,
    event_id: &str,
    kind: &str,
    reference: Option<&str>,
    now: DateTime<Utc>,
) -> QueryResult<bool> {
    let inserted = diesel::insert_into(webhook_events::table)
        .values((
            webhook_events::provider.eq(provider),
            webhook_events::event_id.eq(event_id),
            webhook_events::kind.eq(kind),
            webhook_events::reference.eq(reference),
            webhook_events::received_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(inserted == 1)
}

/// Subscriptions a charge is due for at `now`, locked: active ones whose period ended (and are
/// not set to end with it) without a renewal charge in flight, and past-due ones whose next
/// dunning try has come.
pub async fn due_for_charge(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> QueryResult<Vec<SubscriptionRow>> {
    let in_flight = payments::table
        .filter(payments::subscription_id.eq(subscriptions::id.nullable()))
        .filter(payments::status.eq("pending"))
        .filter(payments::purpose.eq("renewal"));
    subscriptions::table
        .filter(
            subscriptions::status
                .eq("active")
                .and(subscriptions::current_period_end.le(now))
                .and(subscriptions::cancel_at_period_end.eq(false))
                .or(subscriptions::status.eq("past_due").and(subscriptions::next_charge_at.le(now))),
        )
        .filter(diesel::dsl::not(diesel::dsl::exists(in_flight)))
        .order(subscriptions::current_period_end)
        .limit(limit)
        .select(SubscriptionRow::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

/// A subscription by id, locked for a change.
pub async fn subscription_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<SubscriptionRow>> {
    subscriptions::table.find(id).select(SubscriptionRow::as_select()).for_update().first(conn).await.optional()
}

/// The method a subscription's last paid payment used, to charge again: (provider, method type,
/// the provider's reusable reference).
pub async fn last_paid_method(
    conn: &mut Conn,
    subscription_id: Uuid,
) -> QueryResult<Option<(String, Option<String>, String)>> {
    let found: Option<(String, Option<String>, Option<String>)> = payments::table
        .filter(payments::subscription_id.eq(subscription_id))
        .filter(payments::status.eq("succeeded"))
        .filter(payments::payment_method.is_not_null())
        .order(payments::created_at.desc())
        .select((payments::provider, payments::method_type, payments::payment_method))
        .first(conn)
        .await
        .optional()?;
    Ok(found.and_then(|(provider, kind, method)| Some((provider, kind, method?))))
}

/// Holds the subject's billing lock until the transaction ends: two payments of one subject
/// settled at once (a double checkout) queue, so the second sees the subscription the first made.
pub async fn lock_subject(conn: &mut Conn, subject: Subject) -> QueryResult<()> {
    let id = subject.user_id().or(subject.tenant_id()).unwrap_or_default();
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended('billing:' || $1::text, 0))")
        .bind::<diesel::sql_types::Uuid, _>(id)
        .execute(conn)
        .await
        .map(drop)
}

/// The payment of a placement fee, if billed.
pub async fn payment_of_placement(conn: &mut Conn, placement_id: Uuid) -> QueryResult<Option<PaymentRow>> {
    payments::table
        .filter(payments::placement_id.eq(placement_id))
        .select(PaymentRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The method the subject last paid with through `provider`, to charge again: (method type, the
/// provider's reusable reference).
pub async fn last_method_of(
    conn: &mut Conn,
    subject: Subject,
    provider: &str,
) -> QueryResult<Option<(Option<String>, String)>> {
    let found: Option<(Option<String>, Option<String>)> = payments::table
        .filter(payments::user_id.eq(subject.user_id()).or(payments::tenant_id.eq(subject.tenant_id())))
        .filter(payments::provider.eq(provider))
        .filter(payments::status.eq("succeeded"))
        .filter(payments::payment_method.is_not_null())
        .order(payments::created_at.desc())
        .select((payments::method_type, payments::payment_method))
        .first(conn)
        .await
        .optional()?;
    Ok(found.and_then(|(kind, method)| Some((kind, method?))))
}
