//! The writing side of the audit log (`analytics.audit_log`): a context records a
//! security-relevant action with [`record`] on the connection of the transaction that performs
//! it, so the trace exists exactly when the action does. `analytics.append_audit` chains the row
//! to the one before; the analytics context reads, verifies and erases.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use diesel::sql_types::{Bytea, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use rand::RngCore;
use serde_json::Value;
use uuid::Uuid;

use crate::error::AppResult;

/// One action to record. The actor, the subject, the address and the details are personal data:
/// readable by platform operators and the tenant's admins, never by the data team, erased (but
/// still verifiable) at the person's purge.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    /// What happened, `context.action` (e.g. `identity.login`).
    pub action: &'static str,
    pub succeeded: bool,
    pub tenant_id: Option<Uuid>,
    /// Who did it.
    pub actor_id: Option<Uuid>,
    /// Whom it concerned, when that is someone else (the member whose role changed).
    pub subject_id: Option<Uuid>,
    pub ip: Option<IpAddr>,
    pub details: Value,
    pub at: DateTime<Utc>,
}

impl AuditEntry {
    pub fn new(action: &'static str) -> Self {
        Self {
            action,
            succeeded: true,
            tenant_id: None,
            actor_id: None,
            subject_id: None,
            ip: None,
            details: Value::Object(serde_json::Map::new()),
            at: Utc::now(),
        }
    }

    pub fn by(mut self, actor_id: Uuid) -> Self {
        self.actor_id = Some(actor_id);
        self
    }

    pub fn concerning(mut self, subject_id: Uuid) -> Self {
        self.subject_id = Some(subject_id);
        self
    }

    pub fn in_tenant(mut self, tenant_id: Option<Uuid>) -> Self {
        self.tenant_id = tenant_id;
        self
    }

    pub fn from_ip(mut self, ip: Option<IpAddr>) -> Self {
        self.ip = ip;
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    pub fn failed(mut self) -> Self {
        self.succeeded = false;
        self
    }

    pub fn at(mut self, at: DateTime<Utc>) -> Self {
        self.at = at;
        self
    }
}

/// Appends `entry` in the caller's transaction. The chain admits one writer at a time until the
/// caller commits, so record last, after the action's own statements.
pub async fn record(conn: &mut AsyncPgConnection, entry: &AuditEntry) -> AppResult<()> {
    let mut nonce = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut nonce);
    diesel::sql_query("SELECT analytics.append_audit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind::<SqlUuid, _>(crate::ids::new_id())
        .bind::<Timestamptz, _>(entry.at)
        .bind::<Text, _>(entry.action)
        .bind::<Text, _>(if entry.succeeded { "success" } else { "failure" })
        .bind::<Nullable<SqlUuid>, _>(entry.tenant_id)
        .bind::<Nullable<SqlUuid>, _>(entry.actor_id)
        .bind::<Nullable<SqlUuid>, _>(entry.subject_id)
        .bind::<Nullable<Text>, _>(entry.ip.map(|ip| ip.to_string()))
        .bind::<Jsonb, _>(&entry.details)
        .bind::<Bytea, _>(nonce.as_slice())
        .execute(conn)
        .await?;
    Ok(())
}
