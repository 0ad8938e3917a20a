//! The billing context's queries. Usage is counted by one conditional upsert, so two requests for
//! the last unit cannot both take it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Int4, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

mod payments;
mod receipts;

pub use payments::*;
pub use receipts::*;

use kernel::{AppError, AppResult};

use crate::domain::Subject;
use crate::schema::billing::{plans, subscriptions, usage};

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = plans)]
pub struct PlanRow {
    pub id: String,
    pub audience: String,
    pub name: String,
    pub price_monthly: Decimal,
    pub price_yearly: Decimal,
    pub currency: String,
    pub interviews_per_month: Option<i32>,
    pub cv_uploads_per_month: Option<i32>,
    pub ai_feedback_detail: String,
    pub seats: Option<i32>,
    pub active_jobs: Option<i32>,
    pub trial_days: i16,
    pub features: Vec<Option<String>>,
    pub position: i16,
}

pub async fn plans(conn: &mut Conn) -> QueryResult<Vec<PlanRow>> {
    plans::table.order(plans::position).select(PlanRow::as_select()).load(conn).await
}

pub async fn plan(conn: &mut Conn, id: &str) -> QueryResult<Option<PlanRow>> {
    plans::table.find(id).select(PlanRow::as_select()).first(conn).await.optional()
}

/// The plan of the subject's live (trialing, active or past-due) subscription, else the plan
/// named `default` (none: no plan), in one round trip.
pub async fn plan_of(conn: &mut Conn, subject: Subject, default: Option<&str>) -> QueryResult<Option<PlanRow>> {
    let rows: Vec<PlanRow> = diesel::sql_query(
        "SELECT p.* FROM billing.plans p
         WHERE p.id = coalesce(
             (SELECT s.plan_id FROM billing.subscriptions s
              WHERE s.status IN ('trialing', 'active', 'past_due') AND (s.user_id = $1 OR s.tenant_id = $2)
              LIMIT 1),
             $3)",
    )
    .bind::<Nullable<SqlUuid>, _>(subject.user_id())
    .bind::<Nullable<SqlUuid>, _>(subject.tenant_id())
    .bind::<Nullable<Text>, _>(default)
    .load(conn)
    .await?;
    Ok(rows.into_iter().next())
}

#[derive(QueryableByName)]
struct Used {
    #[diesel(sql_type = Int4)]
    used: i32,
}

/// Adds `n` to the subject's count of `resource` in the period starting `period_start`, unless
/// that would pass `limit` (`None`: no limit); the new count, or `None` when refused. The row's
/// lock makes concurrent calls queue, and each sees the count the one before left.
pub async fn consume(
    conn: &mut Conn,
    subject: Subject,
    resource: &str,
    period_start: DateTime<Utc>,
    n: i32,
    limit: Option<i32>,
) -> QueryResult<Option<i32>> {
    let counted: Vec<Used> = diesel::sql_query(
        "INSERT INTO billing.usage AS u (id, user_id, tenant_id, resource, period_start, used)
         SELECT $1, $2, $3, $4, $5, $6 WHERE $7::int IS NULL OR $6 <= $7::int
         ON CONFLICT (coalesce(user_id, tenant_id), resource, period_start)
         DO UPDATE SET used = u.used + EXCLUDED.used WHERE $7::int IS NULL OR u.used + EXCLUDED.used <= $7::int
         RETURNING u.used",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<Nullable<SqlUuid>, _>(subject.user_id())
    .bind::<Nullable<SqlUuid>, _>(subject.tenant_id())
    .bind::<Text, _>(resource)
    .bind::<Timestamptz, _>(period_start)
    .bind::<Int4, _>(n)
    .bind::<Nullable<Int4>, _>(limit)
    .load(conn)
    .await?;
    Ok(counted.into_iter().next().map(|row| row.used))
}

/// The subject's counts in the period starting `period_start`: (resource, used).
pub async fn usage_in(
    conn: &mut Conn,
    subject: Subject,
    period_start: DateTime<Utc>,
) -> QueryResult<Vec<(String, i32)>> {
    let rows = usage::table.filter(usage::period_start.eq(period_start)).select((usage::resource, usage::used));
    match subject {
        Subject::User(id) => rows.filter(usage::user_id.eq(id)).load(conn).await,
        Subject::Tenant(id) => rows.filter(usage::tenant_id.eq(id)).load(conn).await,
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = subscriptions)]
pub struct SubscriptionRow {
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub plan_id: String,
    pub status: String,
    pub billing_cycle: String,
    pub current_period_start: DateTime<Utc>,
    pub current_period_end: DateTime<Utc>,
    pub cancel_at_period_end: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub scheduled_plan_id: Option<String>,
    pub failed_charges: i16,
    pub first_failed_at: Option<DateTime<Utc>>,
    pub next_charge_at: Option<DateTime<Utc>>,
}

impl SubscriptionRow {
    pub fn subject(&self) -> AppResult<Subject> {
        Subject::of(self.user_id, self.tenant_id)
            .ok_or_else(|| AppError::Internal(format!("subscription {} has no subject", self.id)))
    }
}

const LIVE: [&str; 3] = ["trialing", "active", "past_due"];

/// The subject's live subscription, locked for a change when `lock`.
pub async fn live_subscription(conn: &mut Conn, subject: Subject, lock: bool) -> QueryResult<Option<SubscriptionRow>> {
    let query = subscriptions::table
        .filter(subscriptions::status.eq_any(LIVE))
        .filter(subscriptions::user_id.eq(subject.user_id()).or(subscriptions::tenant_id.eq(subject.tenant_id())))
        .select(SubscriptionRow::as_select());
    if lock { query.for_update().first(conn).await.optional() } else { query.first(conn).await.optional() }
}

/// Whether the subject ever had a subscription (a trial is given once).
pub async fn ever_subscribed(conn: &mut Conn, subject: Subject) -> QueryResult<bool> {
    let query = subscriptions::table.select(subscriptions::id).into_boxed();
    let query = match subject {
        Subject::User(id) => query.filter(subscriptions::user_id.eq(id)),
        Subject::Tenant(id) => query.filter(subscriptions::tenant_id.eq(id)),
    };
    Ok(query.first::<Uuid>(conn).await.optional()?.is_some())
}

pub async fn insert_subscription(conn: &mut Conn, row: &SubscriptionRow) -> QueryResult<()> {
    diesel::insert_into(subscriptions::table).values(row).execute(conn).await.map(drop)
}

/// Writes what a subscription's moves change (its subject and creation never do).
pub async fn update_subscription(conn: &mut Conn, row: &SubscriptionRow) -> QueryResult<()> {
    diesel::update(subscriptions::table.find(row.id))
        .set((
            subscriptions::plan_id.eq(&row.plan_id),
            subscriptions::status.eq(&row.status),
            subscriptions::billing_cycle.eq(&row.billing_cycle),
            subscriptions::current_period_start.eq(row.current_period_start),
            subscriptions::current_period_end.eq(row.current_period_end),
            subscriptions::cancel_at_period_end.eq(row.cancel_at_period_end),
            subscriptions::updated_at.eq(row.updated_at),
            subscriptions::scheduled_plan_id.eq(&row.scheduled_plan_id),
            subscriptions::failed_charges.eq(row.failed_charges),
            subscriptions::first_failed_at.eq(row.first_failed_at),
            subscriptions::next_charge_at.eq(row.next_charge_at),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Trialing subscriptions, and those set to end with their period, whose period is over at
/// `now` (the `system` role reads every subject's), locked, oldest first, at most `limit`.
pub async fn ended_periods(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> QueryResult<Vec<SubscriptionRow>> {
    subscriptions::table
        .filter(subscriptions::current_period_end.le(now))
        .filter(
            subscriptions::status
                .eq("trialing")
                .or(subscriptions::cancel_at_period_end.and(subscriptions::status.eq("active"))),
        )
        .order(subscriptions::current_period_end)
        .limit(limit)
        .select(SubscriptionRow::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

/// Everything billing holds about a person: their subscriptions and usage counts.
pub async fn all_of_user(
    conn: &mut Conn,
    user_id: Uuid,
) -> QueryResult<(Vec<SubscriptionRow>, Vec<(String, DateTime<Utc>, i32)>)> {
    let subscriptions = subscriptions::table
        .filter(subscriptions::user_id.eq(user_id))
        .order(subscriptions::created_at)
        .select(SubscriptionRow::as_select())
        .load(conn)
        .await?;
    let usage = usage::table
        .filter(usage::user_id.eq(user_id))
        .order((usage::period_start, usage::resource))
        .select((usage::resource, usage::period_start, usage::used))
        .load(conn)
        .await?;
    Ok((subscriptions, usage))
}

/// Deletes a person's billing: receipts, payments, profile, usage and subscriptions (the purge;
/// the `system` role).
pub async fn erase_user(conn: &mut Conn, user_id: Uuid) -> QueryResult<()> {
    use crate::schema::billing::{payments, profiles, receipts};
    diesel::delete(receipts::table.filter(receipts::user_id.eq(user_id))).execute(conn).await?;
    diesel::delete(payments::table.filter(payments::user_id.eq(user_id))).execute(conn).await?;
    diesel::delete(profiles::table.filter(profiles::user_id.eq(user_id))).execute(conn).await?;
    diesel::delete(usage::table.filter(usage::user_id.eq(user_id))).execute(conn).await?;
    diesel::delete(subscriptions::table.filter(subscriptions::user_id.eq(user_id))).execute(conn).await.map(drop)
}
