//! Money on schedule and on request: renewals when a period ends, dunning retries (days 1, 3
//! and 7, then canceled, with a mail each time), the reconciliation of payments whose webhook
//! never came, and plan changes (upgrades charged prorated at once, downgrades at the period's
//! end).

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, enum_text, parse_enum_text, scoped};
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler, Schedule};
use platform::mail::Mail;
use platform::payments::PaymentMethod;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

use super::payments::{
    MethodKind, Payment, SANDBOX_WEBHOOK_JOB, SandboxWebhook, payment_view, pending_payment, stored_method,
};
use super::subscriptions::{Subscription, view};
use super::{BillingService, Payer, plan_named};
use crate::domain::notices::{PlanOwner, failed_charge};
use crate::domain::subscriptions::{Change, Event, State, SubscriptionStatus, apply, change_plan};
use crate::domain::{BillingCycle, Purpose};
use crate::store::{self, PaymentRow, SubscriptionRow};

pub const CHARGE_DUE_JOB: &str = "billing.charge_due";
pub const RECONCILE_JOB: &str = "billing.reconcile_payments";
pub const PAYMENT_FAILED_MAIL_JOB: &str = "billing.payment_failed_mail";

/// Why a renewal with no reusable method fails at once (Mercado Pago keeps no reusable card
/// here; the provider changed since): dunning asks the person to pay.
const NO_SAVED_METHOD: &str = "no saved payment method: pay from the checkout";

/// A pending payment older than this is asked about (its webhook may be lost).
const RECONCILE_AFTER_MINUTES: i64 = 10;

/// A plan to move to.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanChangeRequest {
    #[schema(min_length = 1, max_length = 30, pattern = "^[a-z][a-z_]*$")]
    pub plan_id: String,
}

/// A plan change's result: the subscription (with the plan it moves to at the period's end, for
/// a downgrade) and, for an upgrade, the prorated payment.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlanChange {
    pub subscription: Subscription,
    pub payment: Option<Payment>,
}

/// A refused renewal to tell about, as things stood then (the subscription moves on).
#[derive(Serialize, Deserialize)]
struct FailedChargeMail {
    subscription_id: Uuid,
    payment_id: Uuid,
    /// The next try; none: the subscription was canceled.
    next_charge_at: Option<DateTime<Utc>>,
}

/// The method the subscription's last paid payment used, if the provider keeps it reusable.
async fn saved_method(conn: &mut DbConn, subscription_id: Uuid, provider: &str) -> AppResult<Option<PaymentMethod>> {
    let found = store::last_paid_method(conn, subscription_id).await?;
    let Some((used_with, kind, token)) = found else { return Ok(None) };
    if used_with != provider {
        return Ok(None);
    }
    Ok(Some(stored_method(kind.as_deref(), token)))
}

impl BillingService {
    /// Starts the charges due at `now`: renewals of periods that ended and dunning retries whose
    /// day has come. How many were asked for.
    pub async fn charge_due(&self, now: DateTime<Utc>) -> AppResult<usize> {
        let provider = self.payments.name();
        let due = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let mut due = Vec::new();
                for sub in store::due_for_charge(conn, now, 100).await? {
                    let status: SubscriptionStatus = parse_enum_text(&sub.status)?;
                    if status == SubscriptionStatus::Active {
                        // The machine decides; an active period that ended calls for a renewal.
                        apply(State { status, cancel_at_period_end: sub.cancel_at_period_end }, Event::PeriodEnded)
                            .map_err(AppError::Conflict)?;
                    }
                    let plan = plan_named(conn, sub.scheduled_plan_id.as_deref().unwrap_or(&sub.plan_id)).await?;
                    let cycle: BillingCycle = parse_enum_text(&sub.billing_cycle)?;
                    let subject = sub.subject()?;
                    let mut payment =
                        pending_payment(subject, Purpose::Renewal, &plan, cycle, cycle.price(&plan), provider, now);
                    payment.subscription_id = Some(sub.id);
                    let method = saved_method(conn, sub.id, provider).await?;
                    if let Some(method) = &method {
                        payment.method_type = Some(enum_text(&MethodKind::from(method.kind)));
                        payment.payment_method = Some(method.token.clone());
                    }
                    store::insert_payment(conn, &payment).await?;
                    due.push((payment, method));
                }
                Ok::<_, AppError>(due)
            }
            .scope_boxed()
        })
        .await?;
        let count = due.len();
        for (payment, method) in due {
            let id = payment.id;
            let outcome = match method {
                Some(method) => self.charge(payment, method, None).await.map(drop),
                None => self.fail_unsent(id, NO_SAVED_METHOD).await,
            };
            if let Err(error) = outcome {
                tracing::error!(payment = %id, %error, "renewal charge not taken: reconciled later");
            }
        }
        Ok(count)
    }

    /// Asks the provider about payments still pending after a while: the ones it never received
    /// are sent again (same idempotency key), the others brought up to date. How many.
    pub async fn reconcile(&self, now: DateTime<Utc>) -> AppResult<usize> {
        let before = now - Duration::minutes(RECONCILE_AFTER_MINUTES);
        let stale = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::stale_pending(conn, before, 100).await?) }.scope_boxed()
        })
        .await?;
        let count = stale.len();
        for row in stale {
            let id = row.id;
            let outcome = match (&row.provider_reference, &row.payment_method, &row.method_type) {
                (Some(reference), ..) => match self.payments.fetch(reference).await {
                    Ok(charge) => self.apply_in_transaction(id, charge).await.map(drop),
                    Err(error) => Err(error),
                },
                (None, Some(token), kind) => {
                    let method = stored_method(kind.as_deref(), token.clone());
                    self.charge(row, method, None).await.map(drop)
                }
                (None, None, _) => self.fail_unsent(id, NO_SAVED_METHOD).await,
            };
            if let Err(error) = outcome {
                tracing::warn!(payment = %id, %error, "pending payment not reconciled: tried again later");
            }
        }
        Ok(count)
    }

    /// Moves the caller's subscription to another plan: an upgrade is charged now for the rest of
    /// the period (prorated) and applies once paid; a downgrade applies when the period ends; a
    /// trial simply changes plan.
    pub async fn change_plan(
        &self,
        payer: &Payer,
        input: PlanChangeRequest,
        idempotency_key: Option<String>,
    ) -> AppResult<PlanChange> {
        let (subject, now, provider) = (payer.subject, Utc::now(), self.payments.name());
        let prepared = scoped(&self.pool, &payer.scope, |conn| {
            async move {
                let mut sub =
                    store::live_subscription(conn, subject, true).await?.ok_or(AppError::NotFound("subscription"))?;
                let target = plan_named(conn, &input.plan_id).await?;
                let current = plan_named(conn, &sub.plan_id).await?;
                if target.audience != current.audience {
                    return Err(AppError::Forbidden("a plan for another kind of customer".into()));
                }
                if target.id == current.id {
                    if sub.scheduled_plan_id.take().is_none() {
                        return Err(AppError::Conflict("you are on this plan".into()));
                    }
                    sub.updated_at = now;
                    store::update_subscription(conn, &sub).await?;
                    return Ok((view(conn, &sub).await?, None));
                }
                let details = json!({ "subscription_id": sub.id, "from": current.id, "to": target.id });
                payer.record(conn, "billing.plan_changed", details).await?;
                let status: SubscriptionStatus = parse_enum_text(&sub.status)?;
                let cycle: BillingCycle = parse_enum_text(&sub.billing_cycle)?;
                if cycle.price(&target) <= Decimal::ZERO {
                    return Err(AppError::Conflict("to go back to the free plan, cancel the subscription".into()));
                }
                match status {
                    SubscriptionStatus::Trialing => {
                        sub.plan_id = target.id.clone();
                        sub.updated_at = now;
                        store::update_subscription(conn, &sub).await?;
                        return Ok((view(conn, &sub).await?, None));
                    }
                    SubscriptionStatus::Active => {}
                    _ => return Err(AppError::Conflict("settle the failed payment before changing plan".into())),
                }
                let change = change_plan(
                    cycle.price(&current),
                    cycle.price(&target),
                    sub.current_period_start,
                    sub.current_period_end,
                    now,
                );
                let charge_now = match change {
                    Change::Upgrade { charge_now } if charge_now > Decimal::ZERO => charge_now,
                    Change::Upgrade { .. } => {
                        sub.plan_id = target.id.clone();
                        sub.scheduled_plan_id = None;
                        sub.updated_at = now;
                        store::update_subscription(conn, &sub).await?;
                        return Ok((view(conn, &sub).await?, None));
                    }
                    Change::AtPeriodEnd => {
                        sub.scheduled_plan_id = Some(target.id.clone());
                        sub.updated_at = now;
                        store::update_subscription(conn, &sub).await?;
                        return Ok((view(conn, &sub).await?, None));
                    }
                };
                let method = saved_method(conn, sub.id, provider)
                    .await?
                    .ok_or_else(|| AppError::Conflict(NO_SAVED_METHOD.into()))?;
                let mut payment = pending_payment(subject, Purpose::Upgrade, &target, cycle, charge_now, provider, now);
                payment.subscription_id = Some(sub.id);
                payment.idempotency_key = idempotency_key;
                payment.method_type = Some(enum_text(&MethodKind::from(method.kind)));
                payment.payment_method = Some(method.token.clone());
                store::insert_payment(conn, &payment).await?;
                Ok((view(conn, &sub).await?, Some((payment, method))))
            }
            .scope_boxed()
        })
        .await?;
        let (subscription, upgrade) = prepared;
        let Some((payment, method)) = upgrade else { return Ok(PlanChange { subscription, payment: None }) };
        let paid = self.charge(payment, method, None).await?;
        let subscription = self.subscription(payer).await?;
        Ok(PlanChange { subscription, payment: Some(payment_view(paid)?) })
    }

    /// Queues the mail telling the payer (a person, or a company's admins) their renewal was
    /// refused (and when it is tried again, or that the subscription ended).
    pub(crate) async fn tell_about_failed_charge(
        &self,
        conn: &mut DbConn,
        sub: &SubscriptionRow,
        payment: &PaymentRow,
    ) -> AppResult<()> {
        let mail =
            FailedChargeMail { subscription_id: sub.id, payment_id: payment.id, next_charge_at: sub.next_charge_at };
        let job = NewJob::new(PAYMENT_FAILED_MAIL_JOB, mail)?.dedup_key(payment.id.to_string());
        enqueue(conn, &job).await.map(drop)
    }

    async fn failed_charge_mail(&self, mail: FailedChargeMail) -> AppResult<()> {
        let FailedChargeMail { subscription_id, payment_id, next_charge_at } = mail;
        let found = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let sub = store::subscription_for_update(conn, subscription_id).await?;
                let payment = store::payment_for_update(conn, payment_id).await?;
                Ok::<_, AppError>(sub.zip(payment))
            }
            .scope_boxed()
        })
        .await?;
        let Some((sub, payment)) = found else { return Ok(()) };
        let (recipients, company) = match (sub.user_id, sub.tenant_id) {
            (Some(user_id), _) => {
                let contact = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
                    async move { identity::contact(conn, user_id).await }.scope_boxed()
                })
                .await?;
                (contact.into_iter().collect::<Vec<_>>(), None)
            }
            (None, Some(tenant_id)) => {
                scoped(&self.pool, &RequestScope::system().in_tenant(tenant_id, "system"), |conn| {
                    async move {
                        let admins = identity::admin_contacts(conn, tenant_id).await?;
                        Ok::<_, AppError>((admins, identity::company_name(conn, tenant_id).await?))
                    }
                    .scope_boxed()
                })
                .await?
            }
            (None, None) => return Ok(()),
        };
        let reason = payment.failure_reason.unwrap_or_default();
        for contact in recipients {
            let owner = company.as_deref().map_or(PlanOwner::Person, PlanOwner::Company);
            let spanish = !contact.locale.starts_with("en");
            let (subject, body) =
                failed_charge(&contact.full_name, owner, payment.amount, &reason, next_charge_at, spanish);
            self.mailer.send(Mail { to: contact.email, subject, body }).await?;
        }
        Ok(())
    }

    /// The sandbox's own webhook about `reference`, delivered through the same path as a real
    /// provider's.
    async fn deliver_sandbox_webhook(&self, reference: &str) -> AppResult<()> {
        let charge = self.payments.fetch(reference).await?;
        let Some(webhook) = self.payments.simulated_webhook(&charge, Utc::now()) else { return Ok(()) };
        self.receive_webhook(self.payments.name(), webhook).await.map(drop)
    }
}

/// Every 15 minutes: renewals and dunning retries that are due.
pub struct ChargeDue(pub BillingService);

impl ChargeDue {
    pub fn schedule() -> Schedule {
        Schedule { kind: CHARGE_DUE_JOB, every: std::time::Duration::from_secs(900), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for ChargeDue {
    fn kind(&self) -> &'static str {
        CHARGE_DUE_JOB
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let asked = self.0.charge_due(Utc::now()).await?;
        if asked > 0 {
            tracing::info!(asked, "billing: renewal and dunning charges asked for");
        }
        Ok(())
    }
}

/// Every 10 minutes: payments pending too long.
pub struct ReconcilePayments(pub BillingService);

impl ReconcilePayments {
    pub fn schedule() -> Schedule {
        Schedule { kind: RECONCILE_JOB, every: std::time::Duration::from_secs(600), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for ReconcilePayments {
    fn kind(&self) -> &'static str {
        RECONCILE_JOB
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let asked = self.0.reconcile(Utc::now()).await?;
        if asked > 0 {
            tracing::info!(asked, "billing: pending payments asked about");
        }
        Ok(())
    }
}

/// The sandbox provider's confirmations.
pub struct SandboxWebhooks(pub BillingService);

#[async_trait]
impl JobHandler for SandboxWebhooks {
    fn kind(&self) -> &'static str {
        SANDBOX_WEBHOOK_JOB
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let SandboxWebhook { reference } = job.payload()?;
        Ok(self.0.deliver_sandbox_webhook(&reference).await?)
    }
}

/// Mails about refused renewals.
pub struct FailedChargeMails(pub BillingService);

#[async_trait]
impl JobHandler for FailedChargeMails {
    fn kind(&self) -> &'static str {
        PAYMENT_FAILED_MAIL_JOB
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        Ok(self.0.failed_charge_mail(job.payload()?).await?)
    }
}
