//! Work behind the postings and matches: posting vectors (made after each write, skipped when the
//! text did not change), their expiry (a scheduled sweep), and matches following their CV's events.

use std::time::Duration;

use async_trait::async_trait;
use chrono::Utc;
use cv::events::{CV_DELETED, CV_PARSED, CvEvent};
use kernel::AppError;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::tracking::{ProductEvent, track};
use platform::embeddings::{InputKind, Passage};
use platform::jobs::{Job, JobError, JobHandler, Schedule};
use serde::Deserialize;
use uuid::Uuid;

use super::{EMBED_JOB, EXPIRE_JOB, FOLD_COUNTS_JOB, MatchingService};
use crate::store::{self, JobRow};

/// The posting as one passage, what it is about first: title, skills asked for, requirements,
/// then the description.
fn passage(row: &JobRow) -> String {
    let mut parts = vec![row.title.clone()];
    if let Some(skills) = row.analysis["skills"].as_array() {
        parts.push(skills.iter().filter_map(|s| s["name"].as_str()).collect::<Vec<_>>().join(", "));
    }
    if let Some(requirements) = row.requirements.as_array() {
        parts.extend(requirements.iter().filter_map(|r| r["text"].as_str()).map(str::to_owned));
    }
    parts.push(row.description.clone());
    parts.retain(|p| !p.trim().is_empty());
    parts.join("\n")
}

#[derive(Deserialize)]
struct EmbedPayload {
    job_id: Uuid,
}

/// Makes a posting's vector after it is written.
pub struct EmbedPostings(pub MatchingService);

#[async_trait]
impl JobHandler for EmbedPostings {
    fn kind(&self) -> &'static str {
        EMBED_JOB
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(120)
    }

    /// See `cv.embed`: the embedding server may compute one request at a time.
    fn concurrency(&self) -> Option<usize> {
        Some(2)
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let EmbedPayload { job_id } = job.payload()?;
        let inner = &self.0.inner;
        let model = inner.embedder.model.clone();
        let found = scoped(&inner.pool, &RequestScope::system(), |conn| {
            let model = &model;
            async move {
                let Some(row) = store::find(conn, job_id).await? else { return Ok::<_, AppError>(None) };
                let stamp = store::embedding_stamp(conn, job_id, model).await?;
                Ok(Some((row, stamp)))
            }
            .scope_boxed()
        })
        .await?;
        let Some((row, stamp)) = found else { return Ok(()) };
        let Passage { text, sha256 } = Passage::new(&passage(&row));
        if stamp.as_deref() == Some(sha256.as_str()) {
            return Ok(());
        }
        let vector = inner.embedder.embedder.embed(&[text], InputKind::Passage).await?;
        let Some(vector) = vector.first() else {
            return Err(JobError::Retry("the embedder answered no vector".into()));
        };
        scoped(&inner.pool, &RequestScope::system(), |conn| {
            let (model, sha256) = (&model, &sha256);
            async move {
                // Deleted meanwhile: nothing to store.
                if store::find(conn, job_id).await?.is_none() {
                    return Ok(());
                }
                store::put_embedding(conn, &row, model, vector, sha256).await?;
                self.0.queue_index(conn, &[job_id]).await
            }
            .scope_boxed()
        })
        .await?;
        // Matches scored without this vector (or with the old one) are stale now.
        self.0.board_changed().await;
        Ok(())
    }
}

/// Expires published postings whose date has passed (hourly, once across workers).
pub struct ExpirePostings(pub MatchingService);

impl ExpirePostings {
    pub fn schedule() -> Schedule {
        Schedule { kind: EXPIRE_JOB, every: Duration::from_secs(3600), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for ExpirePostings {
    fn kind(&self) -> &'static str {
        EXPIRE_JOB
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let expired = scoped(&self.0.inner.pool, &RequestScope::system(), |conn| {
            async move {
                let expired = store::expire_due(conn, Utc::now()).await?;
                let ids: Vec<Uuid> = expired.iter().map(|(id, _)| *id).collect();
                self.0.queue_index(conn, &ids).await?;
                for (job_id, tenant_id) in &expired {
                    let properties = serde_json::json!({ "job_id": job_id, "status": "expired" });
                    track(conn, &ProductEvent::new("matching.job_status_changed", None, *tenant_id, properties))
                        .await?;
                }
                Ok::<_, AppError>(ids)
            }
            .scope_boxed()
        })
        .await?;
        if !expired.is_empty() {
            tracing::info!(count = expired.len(), "job postings expired");
            self.0.board_changed().await;
        }
        Ok(())
    }
}

/// Folds the board's appended facet counts into one row per value (every minute, once across
/// workers), so the job list's facets read a few hundred rows, not every change since.
pub struct FoldBoardCounts(pub MatchingService);

impl FoldBoardCounts {
    pub fn schedule() -> Schedule {
        Schedule { kind: FOLD_COUNTS_JOB, every: Duration::from_secs(60), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for FoldBoardCounts {
    fn kind(&self) -> &'static str {
        FOLD_COUNTS_JOB
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let folded = scoped(&self.0.inner.pool, &RequestScope::system(), |conn| {
            async move { store::fold_board_counts(conn).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        tracing::debug!(folded, "board facet counts folded");
        Ok(())
    }
}

/// A CV's data changed (`cv.parsed`): its matches not saved or dismissed are forgotten, to be
/// computed again from the new data when asked for.
pub struct RefreshCvMatches(pub MatchingService);

/// A CV was deleted (`cv.deleted`): all its matches go.
pub struct ForgetCvMatches(pub MatchingService);

async fn forget(service: &MatchingService, job: &Job, keep_chosen: bool) -> Result<(), JobError> {
    let CvEvent { cv_id, .. } = job.payload()?;
    scoped(&service.inner.pool, &RequestScope::system(), |conn| {
        async move { store::forget_matches(conn, cv_id, keep_chosen).await.map(drop).map_err(AppError::from) }
            .scope_boxed()
    })
    .await?;
    Ok(())
}

#[async_trait]
impl JobHandler for RefreshCvMatches {
    fn kind(&self) -> &'static str {
        CV_PARSED
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        forget(&self.0, job, true).await
    }
}

#[async_trait]
impl JobHandler for ForgetCvMatches {
    fn kind(&self) -> &'static str {
        CV_DELETED
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        forget(&self.0, job, false).await
    }
}
