//! The scheduled sweep of scratch space: objects under `temp/` older than a day are removed.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::{ObjectStorage, TEMP_PREFIX};
use crate::jobs::{Job, JobError, JobHandler, Schedule};

pub const SWEEP_TEMP_JOB: &str = "platform.storage.sweep_temp";

pub struct SweepTempObjects {
    storage: Arc<dyn ObjectStorage>,
    max_age: Duration,
}

impl SweepTempObjects {
    pub fn new(storage: Arc<dyn ObjectStorage>, max_age: Duration) -> Self {
        Self { storage, max_age }
    }

    /// Once an hour, so nothing outlives its day by much.
    pub fn schedule() -> Schedule {
        Schedule { kind: SWEEP_TEMP_JOB, every: Duration::from_secs(3600), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for SweepTempObjects {
    fn kind(&self) -> &'static str {
        SWEEP_TEMP_JOB
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(600)
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let max_age = chrono::Duration::from_std(self.max_age).map_err(|e| JobError::Fatal(e.to_string()))?;
        let cutoff = chrono::Utc::now() - max_age;
        let mut removed = 0;
        for object in self.storage.list(TEMP_PREFIX).await? {
            if object.last_modified <= cutoff {
                self.storage.delete(&object.key).await?;
                removed += 1;
            }
        }
        tracing::info!(removed, "temporary objects swept");
        Ok(())
    }
}
