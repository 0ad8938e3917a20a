//! The writing side of product analytics for server-side events (sign-ups, CV parses, searches,
//! applications …): a context calls [`track`] in the transaction of the change, the row waits in
//! `analytics.outbox`, and the analytics context's drain job moves it into `analytics.events`
//! with the person pseudonymised. Names are `context.thing_happened`; properties carry ids and
//! facts, never names, emails or phone numbers.

use chrono::Utc;
use diesel::sql_types::{Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use crate::error::AppResult;

#[derive(Debug, Clone)]
pub struct ProductEvent {
    pub name: &'static str,
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub properties: Value,
}

impl ProductEvent {
    pub fn new(name: &'static str, user_id: Option<Uuid>, tenant_id: Option<Uuid>, properties: Value) -> Self {
        Self { name, user_id, tenant_id, properties }
    }
}

/// Adds `event` to the outbox in the caller's transaction.
pub async fn track(conn: &mut AsyncPgConnection, event: &ProductEvent) -> AppResult<()> {
    diesel::sql_query("SELECT analytics.track($1, $2, $3, $4, $5, $6)")
        .bind::<SqlUuid, _>(crate::ids::new_id())
        .bind::<Timestamptz, _>(Utc::now())
        .bind::<Text, _>(event.name)
        .bind::<Nullable<SqlUuid>, _>(event.user_id)
        .bind::<Nullable<SqlUuid>, _>(event.tenant_id)
        .bind::<Jsonb, _>(&event.properties)
        .execute(conn)
        .await?;
    Ok(())
}
