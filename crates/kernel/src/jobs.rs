//! The enqueueing side of the durable job queue (`platform.jobs`): a context adds a job with
//! [`enqueue`] on the connection of the transaction that makes the change needing it, so the job
//! exists exactly when the change does. `platform::jobs` runs them.

use chrono::{DateTime, Utc};
use diesel::sql_types::{Bool, Integer, Jsonb, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// Which work goes first when the queue is long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// Re-processing everything (re-embedding, reindexing): last.
    Bulk,
    /// Follow-up work nobody is waiting on (a CV's vectors after its parse): after what people
    /// wait for, before bulk work.
    Later,
    Normal,
    /// What paying users wait for.
    Premium,
}

impl Priority {
    pub fn value(self) -> i16 {
        match self {
            Self::Bulk => -100,
            Self::Later => -50,
            Self::Normal => 0,
            Self::Premium => 100,
        }
    }
}

/// A job to add. `kind` names its handler; the payload is what the handler needs (ids, not
/// copies of rows: the handler reads the current state when it runs).
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: &'static str,
    pub payload: serde_json::Value,
    pub priority: Priority,
    pub max_attempts: u32,
    /// Not before this time (now when `None`).
    pub run_at: Option<DateTime<Utc>>,
    /// At most one job per (kind, dedup_key), ever: a second enqueue is a no-op.
    pub dedup_key: Option<String>,
}

impl NewJob {
    pub fn new(kind: &'static str, payload: impl Serialize) -> AppResult<Self> {
        let payload = serde_json::to_value(payload).map_err(|e| AppError::Internal(format!("job payload: {e}")))?;
        Ok(Self { kind, payload, priority: Priority::Normal, max_attempts: 5, run_at: None, dedup_key: None })
    }

    /// A domain event (`kind` is its name, e.g. `cv.parsed`): a job that the worker hands to every
    /// subscriber of that name, delivered at least once, retried for longer than a plain job.
    pub fn event(kind: &'static str, payload: impl Serialize) -> AppResult<Self> {
        Ok(Self::new(kind, payload)?.max_attempts(10))
    }

    pub fn priority(mut self, priority: Priority) -> Self {
        self.priority = priority;
        self
    }

    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    pub fn run_at(mut self, at: DateTime<Utc>) -> Self {
        self.run_at = Some(at);
        self
    }

    pub fn dedup_key(mut self, key: impl Into<String>) -> Self {
        self.dedup_key = Some(key.into());
        self
    }
}

/// Adds `job` in the caller's transaction; `Ok(None)` when its dedup key was used before.
pub async fn enqueue(conn: &mut AsyncPgConnection, job: &NewJob) -> AppResult<Option<Uuid>> {
    #[derive(diesel::QueryableByName)]
    struct Enqueued {
        #[diesel(sql_type = Bool)]
        added: bool,
    }
    let id = crate::ids::new_id();
    let enqueued: Enqueued = diesel::sql_query("SELECT platform.enqueue_job($1, $2, $3, $4, $5, $6, $7) AS added")
        .bind::<SqlUuid, _>(id)
        .bind::<Text, _>(job.kind)
        .bind::<Jsonb, _>(&job.payload)
        .bind::<SmallInt, _>(job.priority.value())
        .bind::<Integer, _>(i32::try_from(job.max_attempts).unwrap_or(i32::MAX))
        .bind::<Nullable<Timestamptz>, _>(job.run_at)
        .bind::<Nullable<Text>, _>(job.dedup_key.as_deref())
        .get_result(conn)
        .await?;
    Ok(enqueued.added.then_some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_order_bulk_last_and_premium_first() {
        assert!(Priority::Premium.value() > Priority::Normal.value());
        assert!(Priority::Normal.value() > Priority::Bulk.value());
    }

    #[test]
    fn a_job_carries_its_payload_and_settings() {
        let job = NewJob::new("mail.send", serde_json::json!({"to": "ana@example.pe"}))
            .unwrap()
            .priority(Priority::Premium)
            .max_attempts(0)
            .dedup_key("k");
        assert_eq!(job.payload["to"], "ana@example.pe");
        assert_eq!(job.max_attempts, 1, "at least one attempt");
        assert_eq!(job.dedup_key.as_deref(), Some("k"));
    }
}
