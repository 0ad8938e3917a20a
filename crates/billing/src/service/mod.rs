//! The billing context's use cases, and its public API for the other contexts: what a subject's
//! plan allows ([`entitlements`]) and taking units of a quota ([`consume`]), both inside the
//! caller's transaction, so a refused quota rolls back the work that wanted it and work that
//! fails gives its units back.

mod company_limits;
mod payments;
mod personal_data;
mod placements;
mod receipts;
mod renewals;
mod settings;
mod settlement;
mod subscriptions;

pub use company_limits::{BillingCompanyPlans, COMPANY_TRIAL_PLAN, allow_one_more};
pub use payments::{Checkout, MethodKind, Payment, PaymentMethodInput, SANDBOX_WEBHOOK_JOB};
pub use personal_data::BillingPersonalData;
pub use placements::{CHARGE_PLACEMENT_JOB, ChargePlacements, bill_placement};
pub use receipts::{BillingProfile, RENDER_RECEIPT_JOB, Receipt, RenderReceipts, TaxIdType};
pub use renewals::{
    CHARGE_DUE_JOB, ChargeDue, FailedChargeMails, PAYMENT_FAILED_MAIL_JOB, PlanChange, PlanChangeRequest,
    RECONCILE_JOB, ReconcilePayments, SandboxWebhooks,
};
pub use settings::BillingSettings;
pub use settlement::WebhookOutcome;
pub use subscriptions::{CLOSE_PERIODS_JOB, Cancellation, CloseEndedPeriods, NewSubscription, Subscription};

use std::sync::Arc;

use chrono::{DateTime, Utc};
use kernel::audit::{self, AuditEntry};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, DbPool, RequestScope, ScopedFutureExt, parse_enum_text, scoped};
use kernel::tracking::{self, ProductEvent};
use kernel::{AppError, AppResult, Quota};
use platform::mail::Mailer;
use platform::payments::PaymentProvider;
use platform::storage::{Keyring, ObjectStorage};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use uuid::Uuid;

use crate::domain::{Audience, DEFAULT_PERSON_PLAN, FeedbackDetail, Plan, Resource, Subject, fits, usage_period};
use crate::store::{self, PlanRow};

/// What a subject's plan allows now, and the month usage counts in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Entitlements {
    pub plan: Plan,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
}

impl Entitlements {
    pub fn feedback_detail(&self) -> FeedbackDetail {
        self.plan.ai_feedback_detail
    }
}

/// One resource's count this month against its limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ResourceUsage {
    pub resource: Resource,
    pub used: u32,
    /// None: unlimited.
    pub limit: Option<u32>,
    pub remaining: Option<u32>,
}

/// The caller's plan and how much of it this month has used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Usage {
    #[serde(flatten)]
    pub entitlements: Entitlements,
    pub usage: Vec<ResourceUsage>,
}

pub(crate) fn plan_of(row: PlanRow) -> AppResult<Plan> {
    let count = |n: Option<i32>| n.and_then(|n| u32::try_from(n).ok());
    Ok(Plan {
        audience: parse_enum_text(&row.audience)?,
        ai_feedback_detail: parse_enum_text(&row.ai_feedback_detail)?,
        id: row.id.clone(),
        name: row.name,
        price_monthly: row.price_monthly,
        price_yearly: row.price_yearly,
        currency: row.currency,
        interviews_per_month: count(row.interviews_per_month),
        cv_uploads_per_month: count(row.cv_uploads_per_month),
        seats: count(row.seats),
        active_jobs: count(row.active_jobs),
        trial_days: u16::try_from(row.trial_days).unwrap_or_default(),
        features: row.features.into_iter().flatten().collect(),
    })
}

/// The plan `id` (404 for none).
pub(crate) async fn plan_named(conn: &mut DbConn, id: &str) -> AppResult<Plan> {
    plan_of(store::plan(conn, id).await?.ok_or(AppError::NotFound("plan"))?)
}

/// What `subject`'s plan allows at `now`: its live subscription's plan; a person without one is
/// on the free plan, a company without one has none (409).
pub async fn entitlements(conn: &mut DbConn, subject: Subject, now: DateTime<Utc>) -> AppResult<Entitlements> {
    let default = match subject {
        Subject::User(_) => Some(DEFAULT_PERSON_PLAN),
        Subject::Tenant(_) => None,
    };
    let row = store::plan_of(conn, subject, default)
        .await?
        .ok_or_else(|| AppError::Conflict("the company has no plan: subscribe first".into()))?;
    let (period_start, period_end) = usage_period(now);
    Ok(Entitlements { plan: plan_of(row)?, period_start, period_end })
}

/// Takes `n` units of `resource` for `subject`, or refuses with 402 `quota-exceeded` naming the
/// resource, the limit and when the count starts again. Runs in the caller's transaction: two
/// requests for the last unit, exactly one gets it.
pub async fn consume(
    conn: &mut DbConn,
    subject: Subject,
    resource: Resource,
    n: u32,
    now: DateTime<Utc>,
) -> AppResult<Entitlements> {
    let entitled = entitlements(conn, subject, now).await?;
    let limit = entitled.plan.limit(resource);
    let wanted = i32::try_from(n).map_err(|_| AppError::invalid("n", "range", "too many units at once"))?;
    let cap = limit.map(|l| i32::try_from(l).unwrap_or(i32::MAX));
    if store::consume(conn, subject, resource.as_str(), entitled.period_start, wanted, cap).await?.is_some() {
        return Ok(entitled);
    }
    let used = used_of(&store::usage_in(conn, subject, entitled.period_start).await?, resource);
    debug_assert!(!fits(limit, used, n));
    Err(AppError::QuotaExceeded(Box::new(Quota {
        resource: resource.as_str().into(),
        plan: entitled.plan.name.clone(),
        limit: limit.unwrap_or_default(),
        used,
        resets_at: Some(entitled.period_end),
    })))
}

/// A resource's count among a period's counts (none counted: 0).
fn used_of(counted: &[(String, i32)], resource: Resource) -> u32 {
    counted
        .iter()
        .find(|(name, _)| name == resource.as_str())
        .map_or(0, |(_, used)| u32::try_from(*used).unwrap_or_default())
}

/// Who a billing request is for: the caller, or a company they manage; with the request scope
/// its queries run in (row-level security shows a person their rows, a company its own).
#[derive(Debug, Clone)]
pub struct Payer {
    pub(crate) subject: Subject,
    pub(crate) scope: RequestScope,
    /// The person acting: the provider's receipt goes to their email.
    pub(crate) user_id: Uuid,
}

impl Payer {
    fn tenant_id(&self) -> Option<Uuid> {
        match self.subject {
            Subject::Tenant(tenant_id) => Some(tenant_id),
            Subject::User(_) => None,
        }
    }

    /// Records a change to the payer's billing, in the caller's transaction: in the audit log,
    /// and as a product event of the same name.
    pub(crate) async fn record(
        &self,
        conn: &mut DbConn,
        action: &'static str,
        details: serde_json::Value,
    ) -> AppResult<()> {
        let event = ProductEvent::new(action, Some(self.user_id), self.tenant_id(), details.clone());
        tracking::track(conn, &event).await?;
        audit::record(conn, &AuditEntry::new(action).by(self.user_id).in_tenant(self.tenant_id()).details(details))
            .await
    }

    /// The caller, paying for themselves.
    pub fn person(auth: &AuthUser) -> Self {
        Self { subject: Subject::User(auth.user_id()), scope: auth.scope(), user_id: auth.user_id() }
    }

    /// The plans this payer may buy.
    pub(crate) fn audience(&self) -> Audience {
        match self.subject {
            Subject::User(_) => Audience::Person,
            Subject::Tenant(_) => Audience::Company,
        }
    }

    /// Refuses a plan sold to the other kind of customer.
    pub(crate) fn check_audience(&self, plan: &Plan) -> AppResult<()> {
        match (self.audience(), plan.audience) {
            (Audience::Person, Audience::Company) => {
                Err(AppError::Forbidden("a company plan: a company's admins subscribe to it".into()))
            }
            (Audience::Company, Audience::Person) => {
                Err(AppError::Forbidden("a plan for people, not companies".into()))
            }
            _ => Ok(()),
        }
    }
}

/// The outside world billing needs: the payment provider, the keys that seal buyers' tax data,
/// the store receipts' PDFs go to, and the mail dunning sends.
#[derive(Clone)]
pub struct BillingPorts {
    pub payments: Arc<dyn PaymentProvider>,
    pub keyring: Keyring,
    pub storage: Arc<dyn ObjectStorage>,
    pub mailer: Arc<dyn Mailer>,
}

#[derive(Clone)]
pub struct BillingService {
    pool: DbPool,
    payments: Arc<dyn PaymentProvider>,
    keyring: Keyring,
    storage: Arc<dyn ObjectStorage>,
    mailer: Arc<dyn Mailer>,
    settings: Arc<BillingSettings>,
}

impl BillingService {
    pub fn new(pool: DbPool, ports: BillingPorts, settings: BillingSettings) -> Self {
        let BillingPorts { payments, keyring, storage, mailer } = ports;
        Self { pool, payments, keyring, storage, mailer, settings: Arc::new(settings) }
    }

    /// Company `tenant_id` as payer, when the caller may manage it (identity's refusals: 404 for
    /// a company they are not in, 409 when their token acts in another, 403 for a role that does
    /// not manage the company).
    pub async fn company_payer(&self, auth: &AuthUser, tenant_id: Uuid) -> AppResult<Payer> {
        scoped(&self.pool, &auth.scope(), |conn| {
            async move { identity::authorize(conn, auth, tenant_id, Permission::TenantManage).await }.scope_boxed()
        })
        .await?;
        Ok(Payer { subject: Subject::Tenant(tenant_id), scope: auth.scope(), user_id: auth.user_id() })
    }

    /// Every plan, people's then companies', cheapest first.
    pub async fn plans(&self) -> AppResult<Vec<Plan>> {
        let rows = scoped(&self.pool, &RequestScope::anonymous(), |conn| {
            async move { Ok::<_, AppError>(store::plans(conn).await?) }.scope_boxed()
        })
        .await?;
        rows.into_iter().map(plan_of).collect()
    }

    /// The payer's plan and this month's usage of it.
    pub async fn usage(&self, payer: &Payer) -> AppResult<Usage> {
        let (subject, now) = (payer.subject, Utc::now());
        scoped(&self.pool, &payer.scope, |conn| {
            async move {
                let entitlements = entitlements(conn, subject, now).await?;
                let counted = store::usage_in(conn, subject, entitlements.period_start).await?;
                let usage = Resource::ALL
                    .into_iter()
                    .map(|resource| {
                        let used = used_of(&counted, resource);
                        let limit = entitlements.plan.limit(resource);
                        ResourceUsage { resource, used, limit, remaining: limit.map(|l| l.saturating_sub(used)) }
                    })
                    .collect();
                Ok(Usage { entitlements, usage })
            }
            .scope_boxed()
        })
        .await
    }
}
