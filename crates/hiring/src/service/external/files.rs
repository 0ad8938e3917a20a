//! A company's candidate's CV file: stored sealed by the CV context, read in the background by
//! the same parser as an upload (the `hiring.read_candidate_cv` job), downloaded by recruiters.

use async_trait::async_trait;
use bytes::Bytes;
use chrono::Utc;
use kernel::auth::{AuthUser, Permission};
use kernel::db::{RequestScope, ScopedFutureExt, enum_text, scoped};
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler};
use platform::storage::ByteStream;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{CvStatus, ExternalCandidate, READ_CV_JOB, candidate_view, company_candidate, record};
use crate::service::HiringService;
use crate::service::candidates::headline_of;
use crate::store;

#[derive(Debug, Serialize, Deserialize)]
struct ReadPayload {
    candidate_id: Uuid,
    /// The file to read: a newer one makes this job's result stale.
    storage_key: String,
}

/// A candidate's CV file to send.
pub struct CandidateFile {
    pub filename: String,
    pub mime_type: String,
    pub bytes: ByteStream,
}

impl HiringService {
    /// The largest CV file taken, in bytes (the CV context's limit).
    pub fn max_cv_bytes(&self) -> u64 {
        self.inner.cv.max_upload_bytes()
    }

    /// Gives the company's candidate a CV file (recruiters and admins), replacing the one they
    /// had; it is read in the background (`cv.status` pending until then).
    pub async fn put_candidate_cv(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        id: Uuid,
        filename: Option<String>,
        bytes: Bytes,
    ) -> AppResult<ExternalCandidate> {
        let stored = self.inner.cv.store_document(tenant_id, filename.as_deref(), bytes).await?;
        let now = Utc::now();
        let written = scoped(&self.inner.pool, &auth.scope(), |conn| {
            let stored = &stored;
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                let mut row = company_candidate(conn, tenant_id, id, true).await?;
                if let Some(previous) = &row.cv_storage_key {
                    cv::service::forget_document(conn, previous).await?;
                }
                row.cv_status = enum_text(&CvStatus::Pending);
                row.cv_storage_key = Some(stored.storage_key.clone());
                row.cv_filename = Some(stored.filename.clone());
                row.cv_mime_type = Some(stored.mime_type.clone());
                row.cv_size_bytes = Some(stored.size_bytes);
                row.cv_error = None;
                row.cv_data = None;
                row.cv_sections = serde_json::json!([]);
                row.cv_vector = None;
                row.cv_model = None;
                row.cv_parsed_at = None;
                row.updated_at = now;
                store::save_candidate(conn, &row).await?;
                let payload = ReadPayload { candidate_id: id, storage_key: stored.storage_key.clone() };
                enqueue(conn, &NewJob::new(READ_CV_JOB, payload)?).await?;
                record(conn, auth, tenant_id, "hiring.candidate_cv_added", id).await?;
                candidate_view(&row)
            }
            .scope_boxed()
        })
        .await;
        if written.is_err() {
            // Nothing refers to the stored file: take it back.
            if let Err(cleanup) = self.inner.cv.delete_document(&stored.storage_key).await {
                tracing::warn!(%cleanup, key = stored.storage_key, "an unreferenced candidate CV stays in storage");
            }
        }
        written
    }

    /// The company's candidate's CV file (recruiters and admins).
    pub async fn candidate_cv_file(&self, auth: &AuthUser, tenant_id: Uuid, id: Uuid) -> AppResult<CandidateFile> {
        let row = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                company_candidate(conn, tenant_id, id, false).await
            }
            .scope_boxed()
        })
        .await?;
        self.stored_cv(&row).await
    }

    pub(in crate::service) async fn stored_cv(&self, row: &store::CandidateRow) -> AppResult<CandidateFile> {
        let key = row.cv_storage_key.as_deref().ok_or(AppError::NotFound("cv"))?;
        Ok(CandidateFile {
            filename: row.cv_filename.clone().unwrap_or_else(|| "cv".into()),
            mime_type: row.cv_mime_type.clone().unwrap_or_else(|| "application/octet-stream".into()),
            bytes: self.inner.cv.document(key).await?,
        })
    }
}

/// Reads companies' candidates' CV files. Running twice reads again; a file replaced meanwhile
/// is left to its own job.
pub struct ReadCandidateCvs(pub HiringService);

#[async_trait]
impl JobHandler for ReadCandidateCvs {
    fn kind(&self) -> &'static str {
        READ_CV_JOB
    }

    fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(90)
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let ReadPayload { candidate_id, storage_key } = job.payload()?;
        let outcome = self.0.inner.cv.read_document(&storage_key).await;
        let outcome = match outcome {
            // Erased or given another file since: nothing to read.
            Err(AppError::NotFound(_)) => return Ok(()),
            other => other?,
        };
        save_reading(&self.0, candidate_id, &storage_key, outcome).await?;
        Ok(())
    }

    /// Out of attempts (storage, the embedding model or the database down for long): the file
    /// says it failed, so the recruiter is not left waiting and may send it again.
    async fn gave_up(&self, job: &Job, error: &str) -> Result<(), JobError> {
        let ReadPayload { candidate_id, storage_key } = job.payload()?;
        let reason = format!("parse_failed: the CV could not be processed ({error}); send the file again");
        save_reading(&self.0, candidate_id, &storage_key, Err(reason)).await?;
        Ok(())
    }
}

async fn save_reading(
    service: &HiringService,
    candidate_id: Uuid,
    storage_key: &str,
    outcome: Result<cv::service::ReadDocument, String>,
) -> AppResult<()> {
    scoped(&service.inner.pool, &RequestScope::system(), |conn| {
        async move {
            let Some(mut row) = store::lock_candidate(conn, candidate_id).await? else { return Ok(()) };
            if row.cv_storage_key.as_deref() != Some(storage_key) {
                return Ok(());
            }
            match outcome {
                Ok(read) => {
                    if row.headline.is_none() {
                        let profile = cv::service::document_profile(candidate_id, &read.data, &read.sections, None);
                        row.headline = headline_of(&profile);
                    }
                    row.cv_status = enum_text(&CvStatus::Parsed);
                    row.cv_error = None;
                    row.cv_sections =
                        serde_json::to_value(&read.sections).map_err(|e| AppError::Internal(e.to_string()))?;
                    row.cv_data = Some(read.data);
                    row.cv_vector = read.vector.map(|v| v.into_iter().map(Some).collect());
                    row.cv_model = Some(read.model);
                    row.cv_parsed_at = Some(Utc::now());
                }
                Err(reason) => {
                    row.cv_status = enum_text(&CvStatus::Failed);
                    row.cv_error = Some(reason.chars().take(2000).collect());
                }
            }
            row.updated_at = Utc::now();
            store::save_candidate(conn, &row).await.map_err(AppError::from)
        }
        .scope_boxed()
    })
    .await
}
