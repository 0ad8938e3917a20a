//! Settling charges: the provider's webhooks, and what a charge's outcome does. Every path ends in
//! [`BillingService::apply_charge`] (the checkout's answer, a webhook, the reconciliation of a
//! payment never heard of). A webhook is only a notice: the charge's current state is read from
//! the provider, and a payment's status only moves forward (`domain::settle`), so repeated, late
//! and out-of-order notices all end in the same state.

use chrono::{DateTime, Utc};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, enum_text, parse_enum_text, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::tracking::{self, ProductEvent};
use kernel::{AppError, AppResult};
use platform::payments::{ChargeStatus, ProviderCharge, WebhookRefusal, WebhookRequest};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::BillingService;
use super::payments::MethodKind;
use crate::domain::subscriptions::{Event, State, SubscriptionStatus, apply, next_retry};
use crate::domain::{BillingCycle, PaymentStatus, Purpose, settle};
use crate::events::{PLACEMENT_FEE_PAID, PlacementFeePaid};
use crate::store::{self, PaymentRow, SubscriptionRow};

/// What became of a webhook delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebhookOutcome {
    /// The payment it is about was brought up to date.
    Applied,
    /// This event was handled before.
    Duplicate,
    /// About something billing does not follow (or a charge it did not ask for): acknowledged.
    Ignored,
}

impl BillingService {
    /// A webhook delivery for provider `provider`: checked, then the charge it names brought up
    /// to date. 404 for a provider this deployment does not use, 401 for a forged or replayed
    /// delivery, 400 for one that is signed but unreadable; 503 when the provider cannot be asked
    /// about the charge (the provider delivers again later).
    pub async fn receive_webhook(&self, provider: &str, request: WebhookRequest) -> AppResult<WebhookOutcome> {
        if provider != self.payments.name() {
            return Err(AppError::NotFound("payment provider"));
        }
        let now = Utc::now();
        let notice = self.payments.verify(&request, now).map_err(|refusal| match refusal {
            WebhookRefusal::Signature(reason) => AppError::Unauthorized(format!("webhook refused: {reason}")),
            WebhookRefusal::Malformed(reason) => AppError::BadRequest(format!("webhook unreadable: {reason}")),
        })?;
        let charge = match &notice.reference {
            Some(reference) => Some(self.payments.fetch(reference).await?),
            None => None,
        };
        let service = self.clone();
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let first = store::record_event(
                    conn,
                    provider,
                    &notice.event_id,
                    &notice.kind,
                    notice.reference.as_deref(),
                    now,
                )
                .await?;
                if !first {
                    return Ok(WebhookOutcome::Duplicate);
                }
                let Some(charge) = charge else { return Ok(WebhookOutcome::Ignored) };
                let row = match store::payment_by_reference(conn, provider, &charge.reference).await? {
                    Some(row) => Some(row),
                    None => match charge.payment_id {
                        Some(id) => store::payment_for_update(conn, id).await?.filter(|row| row.provider == provider),
                        None => None,
                    },
                };
                let Some(row) = row else {
                    tracing::warn!(provider, reference = %charge.reference, "webhook about a charge billing did not ask for");
                    return Ok(WebhookOutcome::Ignored);
                };
                service.apply_charge(conn, row, &charge, now).await?;
                Ok(WebhookOutcome::Applied)
            }
            .scope_boxed()
        })
        .await
    }

    /// Brings a locked payment up to date with what its provider says, and does what the new
    /// status calls for: a paid first period, renewal or upgrade moves the subscription and
    /// issues its receipt; a failed renewal starts or continues dunning; a refund issues a
    /// credit note.
    pub(crate) async fn apply_charge(
        &self,
        conn: &mut DbConn,
        mut row: PaymentRow,
        charge: &ProviderCharge,
        now: DateTime<Utc>,
    ) -> AppResult<PaymentRow> {
        if charge.payment_id.is_some_and(|id| id != row.id) || charge.amount != row.amount {
            return Err(AppError::Internal(format!(
                "the provider's charge {} does not match payment {} (its id or amount differ)",
                charge.reference, row.id
            )));
        }
        if row.provider_reference.is_none() {
            row.provider_reference = Some(charge.reference.clone());
        }
        row.method_type = charge.method.map(|m| enum_text(&MethodKind::from(m))).or(row.method_type);
        row.last4 =
            charge.last4.clone().filter(|l| l.len() == 4 && l.bytes().all(|b| b.is_ascii_digit())).or(row.last4);
        row.provider_fee = charge.fee.or(row.provider_fee);
        let reported = match charge.status {
            ChargeStatus::Pending => PaymentStatus::Pending,
            ChargeStatus::Succeeded => PaymentStatus::Succeeded,
            ChargeStatus::Failed => PaymentStatus::Failed,
            ChargeStatus::Refunded => PaymentStatus::Refunded,
        };
        let current: PaymentStatus = parse_enum_text(&row.status)?;
        let next = settle(current, reported);
        if let Some(next) = next {
            row.status = enum_text(&next);
            if next == PaymentStatus::Succeeded {
                // What renewals charge: the provider's reusable reference, never a one-use token.
                row.payment_method = charge.reusable_method.clone();
            }
            if next == PaymentStatus::Failed {
                row.failure_reason = charge.failure_reason.clone().map(|r| r.chars().take(500).collect());
            }
        }
        row.updated_at = now;
        let purpose: Purpose = parse_enum_text(&row.purpose)?;
        match next {
            Some(PaymentStatus::Succeeded) => {
                if purpose == Purpose::Placement {
                    placement_paid(conn, &row).await?;
                } else {
                    row.subscription_id = Some(self.paid(conn, &row, purpose, now).await?);
                }
                store::update_payment(conn, &row).await?;
                if current == PaymentStatus::Pending || current == PaymentStatus::Failed {
                    self.issue_receipt(conn, &row, now).await?;
                }
            }
            Some(PaymentStatus::Failed) => {
                store::update_payment(conn, &row).await?;
                if purpose == Purpose::Renewal {
                    self.renewal_failed(conn, &row, now).await?;
                }
            }
            Some(PaymentStatus::Refunded) => {
                store::update_payment(conn, &row).await?;
                if current == PaymentStatus::Succeeded {
                    self.issue_credit_note(conn, &row, "06", "Devolución total", now).await?;
                    self.end_refunded_period(conn, &row, purpose, now).await?;
                }
            }
            Some(PaymentStatus::Pending) | None => store::update_payment(conn, &row).await?,
        }
        if let Some(next @ (PaymentStatus::Succeeded | PaymentStatus::Failed | PaymentStatus::Refunded)) = next {
            let properties = serde_json::json!({
                "payment_id": row.id, "status": next, "purpose": row.purpose, "plan": row.plan_id,
                "amount": row.amount, "currency": row.currency, "method_type": row.method_type,
            });
            let event = ProductEvent::new("billing.payment_settled", row.user_id, row.tenant_id, properties);
            tracking::track(conn, &event).await?;
        }
        Ok(row)
    }

    /// What a paid payment buys; the subscription's id.
    async fn paid(
        &self,
        conn: &mut DbConn,
        payment: &PaymentRow,
        purpose: Purpose,
        now: DateTime<Utc>,
    ) -> AppResult<Uuid> {
        let subject = payment.subject()?;
        let (plan_id, cycle) = plan_paid(payment)?;
        store::lock_subject(conn, subject).await?;
        let live = match payment.subscription_id {
            Some(id) => store::subscription_for_update(conn, id).await?,
            None => store::live_subscription(conn, subject, true).await?,
        };
        let Some(mut sub) = live.filter(|sub| is_live(&sub.status)) else {
            let row = SubscriptionRow {
                id: new_id(),
                user_id: subject.user_id(),
                tenant_id: subject.tenant_id(),
                plan_id: plan_id.clone(),
                status: enum_text(&SubscriptionStatus::Active),
                billing_cycle: enum_text(&cycle),
                current_period_start: now,
                current_period_end: cycle.period_end(now),
                cancel_at_period_end: false,
                created_at: now,
                updated_at: now,
                scheduled_plan_id: None,
                failed_charges: 0,
                first_failed_at: None,
                next_charge_at: None,
            };
            store::insert_subscription(conn, &row).await?;
            return Ok(row.id);
        };
        let status: SubscriptionStatus = parse_enum_text(&sub.status)?;
        let (next, _) =
            apply(State { status, cancel_at_period_end: sub.cancel_at_period_end }, Event::PaymentSucceeded)
                .map_err(AppError::Conflict)?;
        match purpose {
            // A trial turned paid starts its first period now; a second payment for the same
            // plan (two checkouts at once) adds a period rather than taking money for nothing.
            Purpose::Subscribe if status == SubscriptionStatus::Trialing => {
                sub.current_period_start = now;
                sub.current_period_end = cycle.period_end(now);
                sub.billing_cycle = enum_text(&cycle);
            }
            Purpose::Subscribe => sub.current_period_end = cycle.period_end(sub.current_period_end),
            Purpose::Renewal => {
                sub.current_period_start = sub.current_period_end;
                sub.current_period_end = cycle.period_end(sub.current_period_end);
                sub.scheduled_plan_id = None;
                sub.failed_charges = 0;
                sub.first_failed_at = None;
                sub.next_charge_at = None;
            }
            Purpose::Upgrade | Purpose::Placement => {}
        }
        sub.plan_id = plan_id;
        sub.status = enum_text(&next.status);
        sub.cancel_at_period_end = next.cancel_at_period_end;
        sub.updated_at = now;
        store::update_subscription(conn, &sub).await?;
        Ok(sub.id)
    }

    /// A refunded period is not kept: the subscription it paid for ends now (an upgrade's
    /// refund only takes back the difference; the plan stays as it was paid for).
    async fn end_refunded_period(
        &self,
        conn: &mut DbConn,
        payment: &PaymentRow,
        purpose: Purpose,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let Some(id) = payment.subscription_id.filter(|_| purpose != Purpose::Upgrade) else { return Ok(()) };
        let Some(mut sub) = store::subscription_for_update(conn, id).await? else { return Ok(()) };
        let status: SubscriptionStatus = parse_enum_text(&sub.status)?;
        let state = State { status, cancel_at_period_end: sub.cancel_at_period_end };
        let Ok((next, _)) = apply(state, Event::Cancel { at_period_end: false }) else { return Ok(()) };
        sub.status = enum_text(&next.status);
        sub.cancel_at_period_end = next.cancel_at_period_end;
        sub.updated_at = now;
        Ok(store::update_subscription(conn, &sub).await?)
    }

    /// A renewal charge was refused: past due, tried again on the dunning days, then canceled;
    /// the person is told each time.
    async fn renewal_failed(&self, conn: &mut DbConn, payment: &PaymentRow, now: DateTime<Utc>) -> AppResult<()> {
        let Some(id) = payment.subscription_id else { return Ok(()) };
        let Some(mut sub) = store::subscription_for_update(conn, id).await? else { return Ok(()) };
        let status: SubscriptionStatus = parse_enum_text(&sub.status)?;
        if !status.is_live() {
            return Ok(());
        }
        let state = State { status, cancel_at_period_end: sub.cancel_at_period_end };
        let (mut next, _) = apply(state, Event::PaymentFailed).map_err(AppError::Conflict)?;
        sub.failed_charges = sub.failed_charges.saturating_add(1);
        let first = *sub.first_failed_at.get_or_insert(now);
        sub.next_charge_at = next_retry(first, usize::try_from(sub.failed_charges).unwrap_or(usize::MAX));
        if sub.next_charge_at.is_none() {
            next = apply(next, Event::DunningExhausted).map_err(AppError::Conflict)?.0;
        }
        sub.status = enum_text(&next.status);
        sub.cancel_at_period_end = next.cancel_at_period_end;
        sub.updated_at = now;
        store::update_subscription(conn, &sub).await?;
        self.tell_about_failed_charge(conn, &sub, payment).await
    }
}

/// The plan and cycle a payment for a plan paid (a placement fee has none).
pub(crate) fn plan_paid(payment: &PaymentRow) -> AppResult<(String, BillingCycle)> {
    match (&payment.plan_id, &payment.billing_cycle) {
        (Some(plan), Some(cycle)) => Ok((plan.clone(), parse_enum_text(cycle)?)),
        _ => Err(AppError::Internal(format!("payment {} pays no plan", payment.id))),
    }
}

/// A placement fee was paid: hiring is told (it marks the fee paid).
async fn placement_paid(conn: &mut DbConn, payment: &PaymentRow) -> AppResult<()> {
    let Some(placement_id) = payment.placement_id else { return Ok(()) };
    let event = PlacementFeePaid { placement_id, payment_id: payment.id, amount: payment.amount };
    enqueue(conn, &NewJob::event(PLACEMENT_FEE_PAID, event)?).await.map(drop)
}

fn is_live(status: &str) -> bool {
    parse_enum_text::<SubscriptionStatus>(status).is_ok_and(SubscriptionStatus::is_live)
}
