//! Money in: a checkout that pays a plan's first period, asking the provider for a charge, the
//! payer's payments, and refunds.
//!
//! A charge is asked for in three steps, so a crash at any point loses nothing: the payment is
//! written first (pending, its id the provider's idempotency key), the provider is asked outside
//! any transaction, and what it answered is applied by `BillingService::apply_charge`
//! (`settlement`), the one function every path shares.

use chrono::{DateTime, Utc};
use kernel::audit::{self, AuditEntry};
use kernel::auth::AuthUser;
use kernel::db::{RequestScope, ScopedFutureExt, enum_text, parse_enum_text, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use platform::payments::{ChargeRequest, ChargeStatus, MethodType, PaymentMethod, ProviderCharge};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{BillingService, Payer, plan_named};
use crate::domain::{BillingCycle, PaymentStatus, Plan, Purpose, Subject};
use crate::store::{self, PaymentRow};

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
                let plan = plan_named(conn, &input.plan_id).await?;
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

    /// Gives a paid payment back in full (platform operators only): the provider refunds it, the
    /// receipt is taken back by a credit note, and the period it paid for ends now. 404 for no
    /// such payment, 409 for one not paid.
    pub async fn refund(&self, auth: &AuthUser, payment_id: Uuid) -> AppResult<Payment> {
        let user_id = auth.user_id();
        identity::operator_scope(&self.pool, auth).await?;
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
        let refunded = self.apply_in_transaction(payment_id, charge).await?;
        let tenant_id = refunded.tenant_id;
        let details =
            serde_json::json!({ "payment_id": payment_id, "amount": refunded.amount, "currency": refunded.currency });
        let entry = AuditEntry::new("billing.payment_refunded").by(user_id).in_tenant(tenant_id).details(details);
        let entry = match refunded.user_id {
            Some(payer) => entry.concerning(payer),
            None => entry,
        };
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { audit::record(conn, &entry).await }.scope_boxed()
        })
        .await?;
        payment_view(refunded)
    }
}
