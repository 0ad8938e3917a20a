//! A person's analytics in their data export (their events under their pseudonym, and the audit
//! rows about them), and their erasure: their own events and outbox rows deleted, what they did
//! in a company's work kept for its numbers without their pseudonym, audit rows' personal columns
//! erased in place (the chain still verifies) and marked with their pseudonym. Archived months
//! hold no pseudonyms, so nothing there names them.

use async_trait::async_trait;
use chrono::Utc;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::personal_data::PersonalData;
use kernel::secrets::KeyedHasher;
use kernel::{AppError, AppResult};
use serde_json::{Value, json};
use uuid::Uuid;

use super::actor_key;
use crate::store::audit::{self as audit_store, AuditFilter};
use crate::store::events as event_store;

/// The most of a person's events an export lists (newest first).
const EXPORTED_EVENTS: i64 = 10_000;
/// The most audit rows about a person an export lists (newest first).
const EXPORTED_AUDIT_ROWS: i64 = 5_000;

pub struct AnalyticsPersonalData {
    pool: DbPool,
    hasher: KeyedHasher,
}

impl AnalyticsPersonalData {
    pub fn new(pool: DbPool, hasher: KeyedHasher) -> Self {
        Self { pool, hasher }
    }
}

#[async_trait]
impl PersonalData for AnalyticsPersonalData {
    fn section(&self) -> &'static str {
        "analytics"
    }

    async fn export(&self, user_id: Uuid) -> AppResult<Value> {
        let key = actor_key(&self.hasher, user_id);
        let (events, audit) = scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                let events = event_store::events_of_actor(conn, &key, EXPORTED_EVENTS).await?;
                let filter = AuditFilter { person_id: Some(user_id), ..AuditFilter::default() };
                let audit = audit_store::page(conn, &filter, None, EXPORTED_AUDIT_ROWS).await?;
                Ok::<_, AppError>((events, audit))
            }
            .scope_boxed()
        })
        .await?;
        let events: Vec<Value> = events.iter().filter_map(|event| serde_json::from_str(&event.json).ok()).collect();
        let audit: Vec<Value> = audit
            .into_iter()
            .map(|row| {
                json!({
                    "occurred_at": row.occurred_at, "action": row.action, "outcome": row.outcome,
                    "tenant_id": row.tenant_id, "by_you": row.actor_id == Some(user_id), "ip": row.ip,
                    "details": row.details,
                })
            })
            .collect();
        Ok(json!({ "events": events, "audit_log": audit }))
    }

    async fn erase(&self, user_id: Uuid) -> AppResult<()> {
        let key = actor_key(&self.hasher, user_id);
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move {
                event_store::erase_actor(conn, &key).await?;
                event_store::delete_outbox_of(conn, user_id).await?;
                audit_store::erase_person(conn, user_id, &key, Utc::now()).await?;
                Ok::<_, AppError>(())
            }
            .scope_boxed()
        })
        .await
    }
}
