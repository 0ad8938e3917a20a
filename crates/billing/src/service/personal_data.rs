//! A person's billing in their data export, and gone with their data. (Receipts, once issued,
//! are kept as Peruvian tax law requires; this purge holds no receipts yet.)

use async_trait::async_trait;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::personal_data::PersonalData;
use kernel::{AppError, AppResult};
use uuid::Uuid;

use crate::store;

pub struct BillingPersonalData {
    pool: DbPool,
}

impl BillingPersonalData {
    pub fn new(pool: DbPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl PersonalData for BillingPersonalData {
    fn section(&self) -> &'static str {
        "billing"
    }

    async fn export(&self, user_id: Uuid) -> AppResult<serde_json::Value> {
        let (subscriptions, usage) = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move { Ok::<_, AppError>(store::all_of_user(conn, user_id).await?) }.scope_boxed()
        })
        .await?;
        let subscriptions: Vec<serde_json::Value> = subscriptions
            .iter()
            .map(|s| {
                serde_json::json!({
                    "plan": s.plan_id, "status": s.status, "billing_cycle": s.billing_cycle,
                    "period_start": s.current_period_start, "period_end": s.current_period_end,
                    "cancel_at_period_end": s.cancel_at_period_end, "created_at": s.created_at,
                })
            })
            .collect();
        let usage: Vec<serde_json::Value> = usage
            .iter()
            .map(|(resource, month, used)| serde_json::json!({ "resource": resource, "month_start": month, "used": used }))
            .collect();
        Ok(serde_json::json!({ "subscriptions": subscriptions, "usage": usage }))
    }

    async fn erase(&self, user_id: Uuid) -> AppResult<()> {
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::erase_user(conn, user_id).await?) }.scope_boxed()
        })
        .await
    }
}
