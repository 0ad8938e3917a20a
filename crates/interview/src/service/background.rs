//! Work behind interviews: interviews left in progress expire (a scheduled job).

use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use platform::jobs::{Job, JobError, JobHandler, Schedule};

use super::{EXPIRE_JOB, InterviewService};
use crate::store;

/// How long an interview may sit without a move before it expires.
const IDLE_LIMIT: chrono::Duration = chrono::Duration::hours(24);

/// Ends as expired the interviews with no move for a day (hourly).
pub struct ExpireInterviews(pub InterviewService);

impl ExpireInterviews {
    pub fn schedule() -> Schedule {
        Schedule { kind: EXPIRE_JOB, every: Duration::from_secs(3600), payload: serde_json::json!({}) }
    }
}

impl InterviewService {
    /// Expires the interviews idle since before `now - IDLE_LIMIT`; how many.
    pub async fn expire_stale(&self, now: chrono::DateTime<Utc>) -> kernel::AppResult<usize> {
        scoped(&self.inner.pool, &RequestScope::system(), |conn| {
            async move { Ok(store::expire_stale(conn, now - IDLE_LIMIT, now).await?) }.scope_boxed()
        })
        .await
    }
}

#[async_trait]
impl JobHandler for ExpireInterviews {
    fn kind(&self) -> &'static str {
        EXPIRE_JOB
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let expired = self.0.expire_stale(Utc::now()).await?;
        if expired > 0 {
            tracing::info!(expired, "stale interviews expired");
        }
        Ok(())
    }
}
