//! What a company's plan allows of what other contexts hold for it: seats (asked by identity,
//! through `kernel::company_plans`) and active job postings (asked by matching). A new company
//! starts on the entry plan's trial, so it can post and invite at once; without a plan (the trial
//! over, nothing paid) it can add neither until it subscribes.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::company_plans::{CompanyLimit, CompanyPlans};
use kernel::db::DbConn;
use kernel::{AppError, AppResult, Quota};
use uuid::Uuid;

use super::plan_of;
use super::subscriptions::trial;
use crate::domain::{BillingCycle, Subject, fits};
use crate::store;

/// The plan a new company tries (14 days).
pub const COMPANY_TRIAL_PLAN: &str = "team";

/// Refuses one more of `limit` for company `tenant_id`, which holds `held` now (402
/// `quota-exceeded` naming the limit; a company without a plan may hold none). In the caller's
/// transaction.
pub async fn allow_one_more(conn: &mut DbConn, tenant_id: Uuid, limit: CompanyLimit, held: u32) -> AppResult<()> {
    let plan = match store::plan_of(conn, Subject::Tenant(tenant_id), None).await? {
        Some(row) => Some(plan_of(row)?),
        None => None,
    };
    let cap = plan.as_ref().map_or(Some(0), |plan| match limit {
        CompanyLimit::Seats => plan.seats,
        CompanyLimit::ActiveJobs => plan.active_jobs,
    });
    if fits(cap, held, 1) {
        return Ok(());
    }
    Err(AppError::QuotaExceeded(Box::new(Quota {
        resource: limit.as_str().into(),
        plan: plan.map(|plan| plan.name).unwrap_or_default(),
        limit: cap.unwrap_or_default(),
        used: held,
        resets_at: None,
    })))
}

/// Billing's answer to the port.
pub struct BillingCompanyPlans;

#[async_trait]
impl CompanyPlans for BillingCompanyPlans {
    async fn start_trial(&self, conn: &mut DbConn, tenant_id: Uuid, now: DateTime<Utc>) -> AppResult<()> {
        let subject = Subject::Tenant(tenant_id);
        if store::ever_subscribed(conn, subject).await? {
            return Ok(());
        }
        let plan = store::plan(conn, COMPANY_TRIAL_PLAN).await?;
        let plan = plan_of(plan.ok_or_else(|| AppError::Internal(format!("no plan {COMPANY_TRIAL_PLAN}")))?)?;
        store::insert_subscription(conn, &trial(subject, &plan, BillingCycle::Monthly, now)).await?;
        Ok(())
    }

    async fn allow_one_more(
        &self,
        conn: &mut DbConn,
        tenant_id: Uuid,
        limit: CompanyLimit,
        held: u32,
    ) -> AppResult<()> {
        allow_one_more(conn, tenant_id, limit, held).await
    }
}
