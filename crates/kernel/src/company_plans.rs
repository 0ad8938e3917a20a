//! What a company's plan allows of the things other contexts hold for it: members (seats) and
//! active job postings. Billing answers; identity asks through this port because billing reads
//! identity (contacts, roles), so identity cannot depend on billing.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::AppResult;
use crate::db::DbConn;

/// A limit on what a company holds at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanyLimit {
    /// Active members and open invitations.
    Seats,
    /// Published postings not yet closed or expired.
    ActiveJobs,
}

impl CompanyLimit {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Seats => "seats",
            Self::ActiveJobs => "active_jobs",
        }
    }
}

#[async_trait]
pub trait CompanyPlans: Send + Sync {
    /// Starts a new company's trial of the entry plan, in the transaction that creates it.
    async fn start_trial(&self, conn: &mut DbConn, tenant_id: Uuid, now: DateTime<Utc>) -> AppResult<()>;

    /// Refuses one more of `limit` for a company that holds `held` now: 402 `quota-exceeded` at
    /// its plan's limit, or when it has no plan; in the caller's transaction.
    async fn allow_one_more(&self, conn: &mut DbConn, tenant_id: Uuid, limit: CompanyLimit, held: u32)
    -> AppResult<()>;
}
