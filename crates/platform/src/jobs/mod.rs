//! The worker side of the durable job queue. Contexts enqueue with `kernel::jobs::enqueue` in
//! their own transactions; a [`Worker`] claims queued jobs (`FOR UPDATE SKIP LOCKED`, so any
//! number of workers share the queue), runs the handler registered for each kind under a
//! timeout, and records the outcome: done, queued again after an exponential back-off with
//! jitter, or dead with its last error once the attempts run out. A job whose worker died is
//! queued again when its lock expires, so handlers must be idempotent: a job may start twice, and
//! the handler makes sure its effect happens once (check the state before acting).
//!
//! [`Schedule`]s add a job once per period across all workers (the period is the dedup key).

mod store;
mod worker;

use std::time::Duration;

use async_trait::async_trait;
use kernel::AppError;
use uuid::Uuid;

pub use worker::{Worker, WorkerSettings};

/// A claimed job, as its handler sees it.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: Uuid,
    pub kind: String,
    pub payload: serde_json::Value,
    /// This run included.
    pub attempt: u32,
    pub max_attempts: u32,
}

impl Job {
    /// The payload as the handler's own type; a payload that does not fit can never succeed.
    pub fn payload<T: serde::de::DeserializeOwned>(&self) -> Result<T, JobError> {
        serde_json::from_value(self.payload.clone())
            .map_err(|e| JobError::Fatal(format!("the payload does not fit {}: {e}", self.kind)))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another attempt later (a dependency was down, a timeout).
    #[error("{0}")]
    Retry(String),
    /// No attempt can succeed (a malformed payload): dead at once.
    #[error("{0}")]
    Fatal(String),
}

impl From<AppError> for JobError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Validation(_) | AppError::BadRequest(_) => Self::Fatal(error.to_string()),
            other => Self::Retry(other.to_string()),
        }
    }
}

/// Runs one kind of job.
#[async_trait]
pub trait JobHandler: Send + Sync {
    /// The `kind` its jobs are enqueued with.
    fn kind(&self) -> &'static str;

    /// How long one run may take; a slower run counts as a failed attempt.
    fn timeout(&self) -> Duration {
        Duration::from_secs(60)
    }

    /// At most this many of its jobs run at once in one worker (`None`: as many as the worker
    /// has slots), so slow work of one kind cannot take every slot from the others.
    fn concurrency(&self) -> Option<usize> {
        None
    }

    async fn run(&self, job: &Job) -> Result<(), JobError>;

    /// Called once when the job dies (out of attempts, or a fatal error), with the last error:
    /// the place to leave the affected record in a state a person can see and act on.
    async fn gave_up(&self, _job: &Job, _error: &str) -> Result<(), JobError> {
        Ok(())
    }
}

/// A job added once per `every` (e.g. a daily clean-up), whatever the number of workers.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub kind: &'static str,
    pub every: Duration,
    pub payload: serde_json::Value,
}

impl Schedule {
    /// The period `now_secs` (Unix seconds) falls in: the dedup key of that period's job.
    pub fn period(&self, now_secs: i64) -> i64 {
        now_secs.div_euclid(i64::try_from(self.every.as_secs().max(1)).unwrap_or(i64::MAX))
    }
}

/// How long a job waits after its `attempt`-th failure: 5 s, 10 s, 20 s … capped at an hour,
/// each spread by up to ±25% (`jitter` in [-1, 1]) so failures of many jobs at once (a
/// dependency outage) do not come back together.
pub fn backoff(attempt: u32, jitter: f64) -> Duration {
    let base = Duration::from_secs(5).saturating_mul(1 << attempt.saturating_sub(1).min(20));
    let capped = base.min(Duration::from_secs(3600));
    capped.mul_f64(1.0 + 0.25 * jitter.clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour_with_bounded_jitter() {
        let plain: Vec<u64> = (1..=5).map(|n| backoff(n, 0.0).as_secs()).collect();
        assert_eq!(plain, vec![5, 10, 20, 40, 80]);
        assert_eq!(backoff(30, 0.0).as_secs(), 3600);
        assert_eq!(backoff(1, 1.0).as_millis(), 6250);
        assert_eq!(backoff(1, -1.0).as_millis(), 3750);
        assert_eq!(backoff(1, 7.0).as_millis(), 6250, "jitter is clamped");
    }

    #[test]
    fn a_schedule_has_one_period_per_interval() {
        let daily = Schedule { kind: "cleanup", every: Duration::from_secs(86_400), payload: serde_json::json!({}) };
        assert_eq!(daily.period(86_399), 0);
        assert_eq!(daily.period(86_400), 1);
        assert_eq!(daily.period(2 * 86_400 + 5), 2);
    }

    #[test]
    fn bad_input_is_fatal_and_outages_are_retried() {
        assert!(matches!(JobError::from(AppError::BadRequest("x".into())), JobError::Fatal(_)));
        assert!(matches!(JobError::from(AppError::Unavailable("cache")), JobError::Retry(_)));
        let job =
            Job { id: Uuid::nil(), kind: "k".into(), payload: serde_json::json!([]), attempt: 1, max_attempts: 3 };
        assert!(matches!(job.payload::<std::collections::HashMap<String, u8>>(), Err(JobError::Fatal(_))));
    }
}
