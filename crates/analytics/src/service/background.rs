//! The context's scheduled work: draining the outbox, and the partitions' upkeep.

use std::time::Duration;

use async_trait::async_trait;
use platform::jobs::{Job, JobError, JobHandler, Schedule};

use super::AnalyticsService;

const DRAIN_JOB: &str = "analytics.drain_outbox";
const PARTITIONS_JOB: &str = "analytics.maintain_partitions";
const ROLLUP_JOB: &str = "analytics.rollup";

/// Moves server-side events from the outbox into `analytics.events`, twice a minute.
pub struct DrainOutbox(pub AnalyticsService);

impl DrainOutbox {
    pub fn schedule() -> Schedule {
        Schedule { kind: DRAIN_JOB, every: Duration::from_secs(30), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for DrainOutbox {
    fn kind(&self) -> &'static str {
        DRAIN_JOB
    }

    fn concurrency(&self) -> Option<usize> {
        Some(1)
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let moved = self.0.drain_outbox().await?;
        if moved > 0 {
            tracing::debug!(moved, "server events drained");
        }
        Ok(())
    }
}

/// Daily: partitions ready three months ahead, months past the retention archived and dropped,
/// old receipts forgotten.
pub struct MaintainEventPartitions(pub AnalyticsService);

impl MaintainEventPartitions {
    pub fn schedule() -> Schedule {
        Schedule { kind: PARTITIONS_JOB, every: Duration::from_secs(24 * 3600), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for MaintainEventPartitions {
    fn kind(&self) -> &'static str {
        PARTITIONS_JOB
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(3600)
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let done = self.0.maintain_partitions().await?;
        tracing::info!(
            created = done.partitions_created,
            archived = ?done.months_archived,
            receipts_forgotten = done.receipts_forgotten,
            "event partitions maintained"
        );
        Ok(())
    }
}

/// Every quarter hour: recent metric buckets recounted, the materialised views refreshed.
pub struct RollUp(pub AnalyticsService);

impl RollUp {
    pub fn schedule() -> Schedule {
        Schedule { kind: ROLLUP_JOB, every: Duration::from_secs(15 * 60), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for RollUp {
    fn kind(&self) -> &'static str {
        ROLLUP_JOB
    }

    fn concurrency(&self) -> Option<usize> {
        Some(1)
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(15 * 60)
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let written = self.0.roll_up(chrono::Utc::now()).await?;
        tracing::debug!(written, "metrics rolled up");
        Ok(())
    }
}
