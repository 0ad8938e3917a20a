//! Money in: a checkout that pays a plan's first period, the provider's webhooks that confirm
//! (or refuse) a charge, and what a confirmed charge does to the subscription.
//!
//! A charge is asked for in three steps, so a crash at any point loses nothing: the payment is
//! written first (pending, its id the provider's idempotency key), the provider is asked outside
//! any transaction, and what it answered is applied by [`apply_charge`], the one function every
//! path shares (the checkout's answer, a webhook, the reconciliation of a payment never heard
//! of). A webhook is only a notice: the charge's current state is read from the provider, and a
//! payment's status only moves forward (`domain::settle`), so repeated, late and out-of-order
//! notices all end in the same state.

use chrono::{DateTime, Utc};
use kernel::auth::AuthUser;
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, enum_text, parse_enum_text, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use platform::payments::{
    ChargeRequest, ChargeStatus, MethodType, PaymentMethod, ProviderCharge, WebhookRefusal, WebhookRequest,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{BillingService, Payer, plan_of};
use crate::domain::subscriptions::{Event, State, SubscriptionStatus, apply, next_retry};
use crate::domain::{BillingCycle, PaymentStatus, Plan, Purpose, Subject, settle};
use crate::events::{PLACEMENT_FEE_PAID, PlacementFeePaid};
use crate::store::{self, PaymentRow, SubscriptionRow};

/// How the payer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MethodKind {
    Card,
    BankTransfer,
    Yape,
}

impl From<MethodKind> for MethodType {
    fn from(kind: MethodKind) -> Self {
        match kind {
            MethodKind::Card => MethodType::Card,
            MethodKind::BankTransfer => MethodType::BankTransfer,
            MethodKind::Yape => MethodType::Yape,
        }
    }
}

impl From<MethodType> for MethodKind {
    fn from(kind: MethodType) -> Self {
        match kind {
            MethodType::Card => MethodKind::Card,
            MethodType::BankTransfer => MethodKind::BankTransfer,
            MethodType::Yape => MethodKind::Yape,
        }
    }
}

/// A method kept on a payment (its kind as stored, the provider's token or reusable reference),
/// to charge it again.
pub(crate) fn stored_method(kind: Option<&str>, token: String) -> PaymentMethod {
    let kind = kind.and_then(|kind| parse_enum_text::<MethodKind>(kind).ok()).unwrap_or(MethodKind::Card);
    PaymentMethod { kind: kind.into(), token, provider_method: None }
}

/// A payment method as the provider's own widget handed it to the client: card numbers never
/// reach this server.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentMethodInput {
    pub kind: MethodKind,
    /// The provider's token or method id (with the sandbox: `pm_card_visa`, `pm_card_chargeDeclined`,
    /// `yape_approved`, …).
    #[schema(min_length = 1, max_length = 200, pattern = "^[A-Za-z0-9_\\-.:]+$")]
    pub token: String,
    /// The provider's name for the method where it needs one (Mercado Pago: `visa`, `yape`, …).
    #[schema(min_length = 1, max_length = 40, pattern = "^[a-z0-9_]+$")]
    pub provider_method: Option<String>,
}

/// A plan to pay for.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkout {
    #[schema(min_length = 1, max_length = 30, pattern = "^[a-z][a-z_]*$")]
    pub plan_id: String,
    pub billing_cycle: BillingCycle,
    pub payment_method: PaymentMethodInput,
}

impl Checkout {
    /// What the schema states, which deserialising does not check.
    fn check(&self) -> AppResult<()> {
        let method = &self.payment_method;
        let token_ok = (1..=200).contains(&method.token.len())
            && method.token.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.:".contains(&b));
        if !token_ok {
            return Err(AppError::invalid("payment_method.token", "format", "1 to 200 of A-Z a-z 0-9 _ - . :"));
        }
        let named_ok = method.provider_method.as_ref().is_none_or(|name| {
            (1..=40).contains(&name.len())
                && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
        if !named_ok {
            return Err(AppError::invalid("payment_method.provider_method", "format", "1 to 40 of a-z 0-9 _"));
        }
        Ok(())
    }
}

/// A payment as its payer sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Payment {
    pub id: Uuid,
    pub purpose: Purpose,
    /// The plan and cycle paid for; none for a placement fee.
    pub plan_id: Option<String>,
    pub billing_cycle: Option<BillingCycle>,
    /// A decimal string in `currency`, IGV included.
    #[schema(value_type = String, example = "29.90")]
    pub amount: Decimal,
    pub currency: String,
    /// Pending until the provider confirms (its webhook); then succeeded or failed.
    pub status: PaymentStatus,
    pub provider: String,
    pub method_type: Option<MethodKind>,
    pub last4: Option<String>,
    /// The provider's words for a refusal.
    pub failure_reason: Option<String>,
    pub subscription_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub(crate) fn payment_view(row: PaymentRow) -> AppResult<Payment> {
    Ok(Payment {
        id: row.id,
        purpose: parse_enum_text(&row.purpose)?,
        billing_cycle: row.billing_cycle.as_deref().map(parse_enum_text).transpose()?,
        status: parse_enum_text(&row.status)?,
        method_type: row.method_type.as_deref().map(parse_enum_text).transpose()?,
        plan_id: row.plan_id,
        amount: row.amount,
        currency: row.currency,
        provider: row.provider,
        last4: row.last4,
        failure_reason: row.failure_reason,
        subscription_id: row.subscription_id,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

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

pub const SANDBOX_WEBHOOK_JOB: &str = "billing.sandbox_webhook";

#[derive(Serialize, Deserialize)]
pub(crate) struct SandboxWebhook {
    pub(crate) reference: String,
}

/// A new pending payment of `amount` for `purpose`.
pub(crate) fn pending_payment(
    subject: Subject,
    purpose: Purpose,
    plan: &Plan,
    cycle: BillingCycle,
    amount: Decimal,
    provider: &str,
    now: DateTime<Utc>,
) -> PaymentRow {
    PaymentRow {
        id: new_id(),
        user_id: subject.user_id(),
        tenant_id: subject.tenant_id(),
        subscription_id: None,
        purpose: enum_text(&purpose),
        plan_id: Some(plan.id.clone()),
        billing_cycle: Some(enum_text(&cycle)),
        amount,
        currency: plan.currency.clone(),
        provider: provider.to_owned(),
        provider_reference: None,
        status: enum_text(&PaymentStatus::Pending),
        method_type: None,
        payment_method: None,
        last4: None,
        provider_fee: None,
        failure_reason: None,
        idempotency_key: None,
        created_at: now,
        updated_at: now,
        placement_id: None,
    }
}

impl BillingService {
    /// Pays the first period of a person's plan (a trial turns paid): the payment is pending
    /// until the provider confirms it. A repeated `Idempotency-Key` answers the payment it made
    /// (`false`: not created now).
    pub async fn checkout(
        &self,
        payer: &Payer,
        input: Checkout,
        idempotency_key: Option<String>,
    ) -> AppResult<(Payment, bool)> {
        input.check()?;
        let (subject, now) = (payer.subject, Utc::now());
        let provider = self.payments.name();
        let method = PaymentMethod {
            kind: input.payment_method.kind.into(),
            token: input.payment_method.token.clone(),
            provider_method: input.payment_method.provider_method.clone(),
        };
        let written = scoped(&self.pool, &payer.scope, |conn| {
            async move {
                if let Some(key) = &idempotency_key
                    && let Some(made) = store::payment_by_key(conn, subject, key).await?
                {
                    return Ok((made, false));
                }
                let plan = store::plans(conn).await?.into_iter().find(|p| p.id == input.plan_id);
                let plan = plan_of(plan.ok_or(AppError::NotFound("plan"))?)?;
                payer.check_audience(&plan)?;
                let amount = input.billing_cycle.price(&plan);
                if amount <= Decimal::ZERO {
                    return Err(AppError::Conflict("everyone is on this plan without paying".into()));
                }
                if let Some(live) = store::live_subscription(conn, subject, true).await?
                    && live.status != "trialing"
                {
                    return Err(AppError::Conflict("you have a paid subscription: change its plan instead".into()));
                }
                let mut row =
                    pending_payment(subject, Purpose::Subscribe, &plan, input.billing_cycle, amount, provider, now);
                row.idempotency_key = idempotency_key;
                // Kept until the charge is decided, so a charge the provider never received can
                // be asked for again.
                row.method_type = Some(enum_text(&input.payment_method.kind));
                row.payment_method = Some(input.payment_method.token);
                store::insert_payment(conn, &row).await?;
                Ok((row, true))
            }
            .scope_boxed()
        })
        .await?;
        let (row, created) = written;
        if !created {
            return Ok((payment_view(row)?, false));
        }
        let contact = self.contact_of(payer.user_id).await?;
        let charged = self.charge(row, method, contact).await?;
        Ok((payment_view(charged)?, true))
    }

    /// The email the provider's receipt goes to.
    async fn contact_of(&self, user_id: Uuid) -> AppResult<Option<String>> {
        let contact = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move { identity::contact(conn, user_id).await }.scope_boxed()
        })
        .await?;
        Ok(contact.map(|contact| contact.email))
    }

    /// Asks the provider for a written pending payment and applies its answer. A provider that
    /// cannot be reached leaves the payment pending (the reconciliation asks again with the same
    /// idempotency key); a method it refuses fails the payment and answers why.
    pub(crate) async fn charge(
        &self,
        row: PaymentRow,
        method: PaymentMethod,
        payer_email: Option<String>,
    ) -> AppResult<PaymentRow> {
        let description = match &row.plan_id {
            Some(plan) => format!("Entrevistador Inteligente: plan {plan}"),
            None => "Entrevistador Inteligente: comisión por colocación".to_owned(),
        };
        let request = ChargeRequest {
            payment_id: row.id,
            amount: row.amount,
            currency: row.currency.clone(),
            description,
            method,
            payer_email,
        };
        match self.payments.charge(&request).await {
            Ok(charge) => {
                let applied = self.apply_in_transaction(row.id, charge.clone()).await?;
                if charge.status == ChargeStatus::Pending && self.payments.name() == "sandbox" {
                    self.schedule_sandbox_webhook(&charge.reference).await?;
                }
                Ok(applied)
            }
            Err(AppError::Unavailable(service)) => {
                tracing::warn!(payment = %row.id, service, "payment provider unreachable: the payment stays pending");
                Ok(row)
            }
            Err(refusal @ (AppError::Validation(_) | AppError::Conflict(_) | AppError::NotFound(_))) => {
                let reason = match &refusal {
                    AppError::Validation(errors) => {
                        errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")
                    }
                    other => other.to_string(),
                };
                self.fail_unsent(row.id, &reason).await?;
                Err(refusal)
            }
            Err(other) => Err(other),
        }
    }

    /// A payment the provider would not take at all (a method it refuses, none to charge):
    /// failed with the reason, through the same path as a refusal it reports, so a renewal's
    /// dunning starts all the same.
    pub(crate) async fn fail_unsent(&self, payment_id: Uuid, reason: &str) -> AppResult<()> {
        let now = Utc::now();
        let service = self.clone();
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let Some(row) = store::payment_for_update(conn, payment_id).await? else { return Ok(()) };
                let charge = ProviderCharge {
                    reference: row.provider_reference.clone().unwrap_or_else(|| format!("unsent-{payment_id}")),
                    payment_id: Some(payment_id),
                    status: ChargeStatus::Failed,
                    amount: row.amount,
                    currency: row.currency.clone(),
                    method: None,
                    last4: None,
                    fee: None,
                    failure_reason: Some(reason.to_owned()),
                    reusable_method: None,
                };
                service.apply_charge(conn, row, &charge, now).await.map(drop)
            }
            .scope_boxed()
        })
        .await
    }

    async fn schedule_sandbox_webhook(&self, reference: &str) -> AppResult<()> {
        let job = NewJob::new(SANDBOX_WEBHOOK_JOB, SandboxWebhook { reference: reference.to_owned() })?
            .run_at(Utc::now() + chrono::Duration::seconds(1))
            .dedup_key(reference);
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { enqueue(conn, &job).await.map(drop) }.scope_boxed()
        })
        .await
    }

    /// Applies a provider's answer about payment `payment_id` in its own transaction.
    pub(crate) async fn apply_in_transaction(&self, payment_id: Uuid, charge: ProviderCharge) -> AppResult<PaymentRow> {
        let service = self.clone();
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let row = store::payment_for_update(conn, payment_id).await?.ok_or(AppError::NotFound("payment"))?;
                service.apply_charge(conn, row, &charge, Utc::now()).await
            }
            .scope_boxed()
        })
        .await
    }

    /// The caller's payments, newest first.
    pub async fn payments(&self, payer: &Payer) -> AppResult<Vec<Payment>> {
        let subject = payer.subject;
        let rows = scoped(&self.pool, &payer.scope, |conn| {
            async move { Ok::<_, AppError>(store::payments_of(conn, subject, 100).await?) }.scope_boxed()
        })
        .await?;
        rows.into_iter().map(payment_view).collect()
    }

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
        let subject =
            payment.subject().ok_or_else(|| AppError::Internal(format!("payment {} has no subject", payment.id)))?;
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

    /// Gives a paid payment back in full (platform operators only): the provider refunds it, the
    /// receipt is taken back by a credit note, and the period it paid for ends now. 404 for no
    /// such payment, 409 for one not paid.
    pub async fn refund(&self, auth: &AuthUser, payment_id: Uuid) -> AppResult<Payment> {
        let user_id = auth.user_id();
        let admin = scoped(&self.pool, &auth.scope(), |conn| {
            async move { identity::is_platform_admin(conn, user_id).await }.scope_boxed()
        })
        .await?;
        if !admin {
            return Err(AppError::Forbidden("refunds are for the platform's operators".into()));
        }
        let row = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::payment_for_update(conn, payment_id).await?) }.scope_boxed()
        })
        .await?
        .ok_or(AppError::NotFound("payment"))?;
        let reference = match (row.status.as_str(), &row.provider_reference) {
            ("succeeded", Some(reference)) if row.provider == self.payments.name() => reference.clone(),
            ("succeeded", _) => {
                return Err(AppError::Conflict("paid through a provider this deployment no longer uses".into()));
            }
            _ => return Err(AppError::Conflict("only a paid payment can be refunded".into())),
        };
        let mut charge = self.payments.refund(&reference, row.amount).await?;
        // The sandbox names the refunded charge apart; the payment keeps the reference it was paid under.
        charge.reference = reference;
        payment_view(self.apply_in_transaction(payment_id, charge).await?)
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
