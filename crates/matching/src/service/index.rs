//! Keeping a separate search index (Typesense) in step with Postgres: every write to postings
//! queues `matching.index_postings` in its own transaction (the outbox), and the job sends the
//! postings' state as it is when it runs; `entrevistador reindex --search` rebuilds the whole
//! index from Postgres. With Postgres as the index none of this has anything to do.

use std::time::Duration;

use async_trait::async_trait;
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, scoped};
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{INDEX_JOB, MatchingService};
use crate::store::{self, ScopedSearchKey};

/// Postings per indexing job and per batch of a rebuild.
const BATCH: usize = 500;
/// How long a company's search key lasts.
const SEARCH_KEY_TTL_HOURS: i64 = 24;

#[derive(Serialize, Deserialize)]
struct IndexPayload {
    job_ids: Vec<Uuid>,
}

impl MatchingService {
    /// In the caller's transaction: the index is to be told of `ids` once it commits.
    pub(super) async fn queue_index(&self, conn: &mut DbConn, ids: &[Uuid]) -> AppResult<()> {
        if !self.inner.index.is_separate() {
            return Ok(());
        }
        for chunk in ids.chunks(BATCH) {
            enqueue(conn, &NewJob::new(INDEX_JOB, IndexPayload { job_ids: chunk.to_vec() })?).await?;
        }
        Ok(())
    }

    /// Rebuilds the index from the published postings into a new place, then moves searches over
    /// at once; `progress(done, total)` after each batch. The number indexed, or none when the
    /// index is Postgres itself (nothing to rebuild).
    pub async fn rebuild_search_index(&self, progress: &(dyn Fn(u64, u64) + Sync)) -> AppResult<Option<u64>> {
        let index = &self.inner.index;
        let Some(target) = index.rebuild_start().await? else { return Ok(None) };
        let (model, dimensions) = (self.inner.embedder.model.as_str(), self.inner.embedder.embedder.dimensions());
        let system = RequestScope::system();
        let total = scoped(&self.inner.pool, &system, |conn| {
            async move { store::published_count(conn).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        let (mut done, mut after) = (0u64, None);
        loop {
            let batch = scoped(&self.inner.pool, &system, |conn| {
                async move {
                    store::published_after(conn, after, BATCH as i64, model, dimensions).await.map_err(AppError::from)
                }
                .scope_boxed()
            })
            .await?;
            let Some(last) = batch.last() else { break };
            after = Some(last.row.id);
            index.rebuild_put(&target, &batch).await?;
            done += batch.len() as u64;
            progress(done, (total as u64).max(done));
        }
        index.rebuild_finish(&target).await?;
        self.board_changed().await;
        Ok(Some(done))
    }

    /// A key with which a company's own pages search its published postings in the index
    /// directly (admins and recruiters; 409 when the index is Postgres, which is never exposed).
    pub async fn tenant_search_key(&self, auth: &AuthUser, tenant_id: Uuid) -> AppResult<ScopedSearchKey> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move { identity::authorize(conn, auth, tenant_id, Permission::JobsManage).await }.scope_boxed()
        })
        .await?;
        self.inner.index.tenant_search_key(tenant_id, chrono::Duration::hours(SEARCH_KEY_TTL_HOURS)).ok_or_else(|| {
            AppError::Conflict(
                "this deployment searches postings in Postgres (SEARCH_BACKEND=postgres), which has no keys to hand out"
                    .into(),
            )
        })
    }
}

/// Sends postings' current state to the index: published ones put, the others taken out.
pub struct IndexPostings(pub MatchingService);

#[async_trait]
impl JobHandler for IndexPostings {
    fn kind(&self) -> &'static str {
        INDEX_JOB
    }

    fn timeout(&self) -> Duration {
        Duration::from_secs(60)
    }

    /// One at a time per worker, so two jobs for one posting do not cross each other here.
    fn concurrency(&self) -> Option<usize> {
        Some(1)
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let IndexPayload { job_ids } = job.payload()?;
        let inner = &self.0.inner;
        let (model, dimensions) = (inner.embedder.model.as_str(), inner.embedder.embedder.dimensions());
        let (published, gone) = scoped(&inner.pool, &RequestScope::system(), |conn| {
            let job_ids = &job_ids;
            async move { store::to_index(conn, job_ids, model, dimensions).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        inner.index.put(&published).await?;
        inner.index.remove(&gone).await?;
        // Searches cached before the index changed are stale now.
        self.0.board_changed().await;
        Ok(())
    }
}
