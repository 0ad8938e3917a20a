//! A person's billing in their data export (subscriptions, usage, payments, receipts with their
//! PDFs' keys, the billing profile in clear), and gone with their data: rows and stored PDFs.
//! Receipts go too: SUNAT holds its own copy of every electronic receipt sent to it, which is
//! what Peruvian tax law asks to keep.

use std::sync::Arc;

use async_trait::async_trait;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::personal_data::PersonalData;
use kernel::{AppError, AppResult};
use platform::storage::{Keyring, ObjectKey, ObjectStorage};
use serde_json::{Value, json};
use uuid::Uuid;

use super::receipts::open_sealed_profile;
use crate::domain::Subject;
use crate::store;

pub struct BillingPersonalData {
    pool: DbPool,
    storage: Arc<dyn ObjectStorage>,
    keyring: Keyring,
}

impl BillingPersonalData {
    pub fn new(pool: DbPool, storage: Arc<dyn ObjectStorage>, keyring: Keyring) -> Self {
        Self { pool, storage, keyring }
    }
}

#[async_trait]
impl PersonalData for BillingPersonalData {
    fn section(&self) -> &'static str {
        "billing"
    }

    async fn export(&self, user_id: Uuid) -> AppResult<Value> {
        let subject = Subject::User(user_id);
        let (subscriptions, usage, payments, receipts, profile) =
            scoped(&self.pool, &RequestScope::user(user_id), |conn| {
                async move {
                    let (subscriptions, usage) = store::all_of_user(conn, user_id).await?;
                    let payments = store::payments_of(conn, subject, i64::MAX).await?;
                    let receipts = store::receipts_of(conn, subject, None, i64::MAX).await?;
                    let profile = store::profile(conn, subject).await?;
                    Ok::<_, AppError>((subscriptions, usage, payments, receipts, profile))
                }
                .scope_boxed()
            })
            .await?;
        let subscriptions: Vec<Value> = subscriptions
            .iter()
            .map(|s| {
                json!({
                    "plan": s.plan_id, "status": s.status, "billing_cycle": s.billing_cycle,
                    "period_start": s.current_period_start, "period_end": s.current_period_end,
                    "cancel_at_period_end": s.cancel_at_period_end, "created_at": s.created_at,
                })
            })
            .collect();
        let usage: Vec<Value> = usage
            .iter()
            .map(|(resource, month, used)| json!({ "resource": resource, "month_start": month, "used": used }))
            .collect();
        let payments: Vec<Value> = payments
            .iter()
            .map(|p| {
                json!({
                    "id": p.id, "purpose": p.purpose, "plan": p.plan_id, "amount": p.amount, "currency": p.currency,
                    "status": p.status, "provider": p.provider, "method_type": p.method_type, "last4": p.last4,
                    "failure_reason": p.failure_reason, "created_at": p.created_at,
                })
            })
            .collect();
        let receipts: Vec<Value> = receipts
            .iter()
            .map(|r| {
                json!({
                    "id": r.id, "kind": r.kind, "number": format!("{}-{:08}", r.series, r.correlative),
                    "issued_at": r.issued_at, "total": r.total, "currency": r.currency, "description": r.description,
                    "pdf_object": r.pdf_key,
                })
            })
            .collect();
        let profile = match profile {
            Some(row) => serde_json::to_value(open_sealed_profile(&self.keyring, "profile", row.id, &row.sealed)?)
                .map_err(|e| AppError::Internal(format!("billing profile: {e}")))?,
            None => Value::Null,
        };
        Ok(json!({
            "subscriptions": subscriptions, "usage": usage, "payments": payments, "receipts": receipts,
            "profile": profile,
        }))
    }

    async fn erase(&self, user_id: Uuid) -> AppResult<()> {
        let pdfs = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let receipts = store::receipts_of(conn, Subject::User(user_id), None, i64::MAX).await?;
                Ok::<_, AppError>(receipts.into_iter().filter_map(|r| r.pdf_key).collect::<Vec<_>>())
            }
            .scope_boxed()
        })
        .await?;
        for key in pdfs {
            self.storage.delete(&ObjectKey::new(key)?).await?;
        }
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::erase_user(conn, user_id).await?) }.scope_boxed()
        })
        .await
    }
}
