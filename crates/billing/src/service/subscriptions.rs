//! A person's subscription: started as the plan's trial, cancelled at the period's end (and
//! resumed) or at once, moved by the state machine in `domain::subscriptions` (409 on an illegal
//! move). Trials and periods set to end are closed by an hourly job. Paying, renewals and plan
//! changes are in `payments` and `renewals`.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, enum_text, parse_enum_text, scoped};
use kernel::ids::new_id;
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler, Schedule};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{BillingService, Payer, plan_named};
use crate::domain::subscriptions::{Event, State, SubscriptionStatus, apply};
use crate::domain::{BillingCycle, Plan, Subject};
use crate::store::{self, SubscriptionRow};

/// A plan to subscribe to.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubscription {
    #[schema(min_length = 1, max_length = 30, pattern = "^[a-z][a-z_]*$")]
    pub plan_id: String,
    pub billing_cycle: BillingCycle,
}

/// How to cancel.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancellation {
    /// Keep the plan until the current period ends (true), or end it now (false).
    pub at_period_end: bool,
}

/// A subscription as its subscriber sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Subscription {
    pub id: Uuid,
    pub plan: Plan,
    pub status: SubscriptionStatus,
    pub billing_cycle: BillingCycle,
    pub current_period_start: DateTime<Utc>,
    pub current_period_end: DateTime<Utc>,
    /// It ends when the current period does, unless resumed.
    pub cancel_at_period_end: bool,
    /// A downgrade asked for: the plan from the next period on.
    pub scheduled_plan_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

pub(crate) async fn view(conn: &mut DbConn, row: &SubscriptionRow) -> AppResult<Subscription> {
    Ok(Subscription {
        id: row.id,
        plan: plan_named(conn, &row.plan_id).await?,
        status: parse_enum_text(&row.status)?,
        billing_cycle: parse_enum_text(&row.billing_cycle)?,
        current_period_start: row.current_period_start,
        current_period_end: row.current_period_end,
        cancel_at_period_end: row.cancel_at_period_end,
        scheduled_plan_id: row.scheduled_plan_id.clone(),
        created_at: row.created_at,
    })
}

/// A new trial of `plan` for `subject`, from `now` for the plan's trial days.
pub(crate) fn trial(subject: Subject, plan: &Plan, cycle: BillingCycle, now: DateTime<Utc>) -> SubscriptionRow {
    SubscriptionRow {
        id: new_id(),
        user_id: subject.user_id(),
        tenant_id: subject.tenant_id(),
        plan_id: plan.id.clone(),
        status: enum_text(&SubscriptionStatus::Trialing),
        billing_cycle: enum_text(&cycle),
        current_period_start: now,
        current_period_end: now + Duration::days(i64::from(plan.trial_days)),
        cancel_at_period_end: false,
        created_at: now,
        updated_at: now,
        scheduled_plan_id: None,
        failed_charges: 0,
        first_failed_at: None,
        next_charge_at: None,
    }
}

/// Applies `event` to the row (409 naming the illegal move).
fn moved(mut row: SubscriptionRow, event: Event, now: DateTime<Utc>) -> AppResult<SubscriptionRow> {
    let status: SubscriptionStatus = parse_enum_text(&row.status)?;
    let (next, _) =
        apply(State { status, cancel_at_period_end: row.cancel_at_period_end }, event).map_err(AppError::Conflict)?;
    row.status = enum_text(&next.status);
    row.cancel_at_period_end = next.cancel_at_period_end;
    row.updated_at = now;
    Ok(row)
}

impl BillingService {
    /// Starts the plan's trial for the payer: 404 for no such plan, 403 for a plan sold to the
    /// other kind of customer, 409 for the free plan (everyone has it), with a live subscription
    /// or a trial used before (then the checkout pays for the plan).
    pub async fn subscribe(&self, payer: &Payer, input: NewSubscription) -> AppResult<Subscription> {
        let (subject, now) = (payer.subject, Utc::now());
        scoped(&self.pool, &payer.scope, |conn| {
            async move {
                let plan = plan_named(conn, &input.plan_id).await?;
                payer.check_audience(&plan)?;
                if plan.trial_days == 0 {
                    return Err(AppError::Conflict("everyone is on this plan without a subscription".into()));
                }
                if store::live_subscription(conn, subject, true).await?.is_some() {
                    return Err(AppError::Conflict("you have a subscription: cancel it or change its plan".into()));
                }
                if store::ever_subscribed(conn, subject).await? {
                    return Err(AppError::Conflict("your trial is used: pay for the plan through the checkout".into()));
                }
                let row = trial(subject, &plan, input.billing_cycle, now);
                store::insert_subscription(conn, &row).await?;
                payer
                    .record(conn, "billing.trial_started", json!({ "plan": plan.id, "subscription_id": row.id }))
                    .await?;
                view(conn, &row).await
            }
            .scope_boxed()
        })
        .await
    }

    /// The caller's live subscription (404 without one: they are on the free plan).
    pub async fn subscription(&self, payer: &Payer) -> AppResult<Subscription> {
        self.moving(payer, None).await
    }

    pub async fn cancel(&self, payer: &Payer, cancellation: Cancellation) -> AppResult<Subscription> {
        self.moving(payer, Some(Event::Cancel { at_period_end: cancellation.at_period_end })).await
    }

    /// Takes back a cancellation set for the period's end.
    pub async fn resume(&self, payer: &Payer) -> AppResult<Subscription> {
        self.moving(payer, Some(Event::Resume)).await
    }

    /// The caller's live subscription after `event`, if any.
    async fn moving(&self, payer: &Payer, event: Option<Event>) -> AppResult<Subscription> {
        let (subject, now) = (payer.subject, Utc::now());
        scoped(&self.pool, &payer.scope, |conn| {
            async move {
                let row = store::live_subscription(conn, subject, event.is_some()).await?;
                let row = row.ok_or(AppError::NotFound("subscription"))?;
                let Some(event) = event else { return view(conn, &row).await };
                let row = moved(row, event, now)?;
                store::update_subscription(conn, &row).await?;
                let details = json!({ "subscription_id": row.id, "status": row.status, "cancel_at_period_end": row.cancel_at_period_end });
                let action = match event {
                    Event::Resume => "billing.subscription_resumed",
                    _ => "billing.subscription_cancelled",
                };
                payer.record(conn, action, details).await?;
                view(conn, &row).await
            }
            .scope_boxed()
        })
        .await
    }

    /// Ends the trials and the cancelled periods that are over at `now`: a trial without a
    /// payment expires, a period set to end cancels. How many were closed.
    pub async fn close_ended_periods(&self, now: DateTime<Utc>) -> AppResult<usize> {
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let rows = store::ended_periods(conn, now, 500).await?;
                let count = rows.len();
                for row in rows {
                    let event = if row.status == "trialing" && !row.cancel_at_period_end {
                        Event::TrialEnded
                    } else {
                        Event::PeriodEnded
                    };
                    store::update_subscription(conn, &moved(row, event, now)?).await?;
                }
                Ok(count)
            }
            .scope_boxed()
        })
        .await
    }
}

pub const CLOSE_PERIODS_JOB: &str = "billing.close_ended_periods";

/// The hourly job closing trials and cancelled periods that are over.
pub struct CloseEndedPeriods(pub BillingService);

impl CloseEndedPeriods {
    pub fn schedule() -> Schedule {
        Schedule {
            kind: CLOSE_PERIODS_JOB,
            every: std::time::Duration::from_secs(3600),
            payload: serde_json::json!({}),
        }
    }
}

#[async_trait]
impl JobHandler for CloseEndedPeriods {
    fn kind(&self) -> &'static str {
        CLOSE_PERIODS_JOB
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let closed = self.0.close_ended_periods(Utc::now()).await?;
        if closed > 0 {
            tracing::info!(closed, "billing: subscriptions whose period ended were closed");
        }
        Ok(())
    }
}
