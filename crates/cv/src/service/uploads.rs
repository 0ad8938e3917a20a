//! Uploading a CV: a new version, its original sealed in storage, its parsing queued in the same
//! transaction as its row.

use billing::{Resource, Subject};
use bytes::Bytes;
use chrono::Utc;
use kernel::auth::AuthUser;
use kernel::db::{RequestScope, ScopedFutureExt, is_unique_violation, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::tracking::{ProductEvent, track};
use kernel::{AppError, AppResult};
use platform::storage::{ObjectKey, ObjectMetadata};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{Cv, CvPayload, CvService, PARSE_JOB, view};
use crate::domain::text::detect_format;
use crate::domain::upload::{Language, clean_filename};
use crate::store;

/// A file as it arrived.
pub struct Upload {
    pub filename: Option<String>,
    pub bytes: Bytes,
    pub language: Option<Language>,
}

impl CvService {
    /// Stores a new version and queues its parsing, counted against the plan's CV quota (402 when
    /// spent). With an idempotency key already used by the caller, answers the CV that key made
    /// (`false`: nothing new was created).
    pub async fn upload(
        &self,
        auth: &AuthUser,
        upload: Upload,
        idempotency_key: Option<String>,
    ) -> AppResult<(Cv, bool)> {
        if upload.bytes.is_empty() {
            return Err(AppError::invalid("file", "empty", "the file is empty"));
        }
        if upload.bytes.len() as u64 > self.inner.settings.max_upload_bytes {
            return Err(AppError::PayloadTooLarge(self.inner.settings.max_upload_bytes));
        }
        let format = detect_format(&upload.bytes)
            .ok_or(AppError::UnsupportedMediaType("the file must be a PDF or a Word document (.docx)".into()))?;
        let user_id = auth.user_id();
        if let Some(key) = &idempotency_key
            && let Some(existing) = self.by_idempotency_key(user_id, key).await?
        {
            return Ok((existing, false));
        }

        let id = new_id();
        let object_key = ObjectKey::cv_original(user_id, id);
        let sha256 = format!("{:x}", Sha256::digest(&upload.bytes));
        let size = upload.bytes.len() as i64;
        let metadata = ObjectMetadata::new(format.mime_type()).with("sha256", sha256.clone());
        self.inner.storage.put(&object_key, upload.bytes.into(), metadata).await?;

        let filename = clean_filename(upload.filename.as_deref(), format);
        let now = Utc::now();
        let inserted = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            let (object_key, filename, sha256, idempotency_key) = (&object_key, &filename, &sha256, &idempotency_key);
            async move {
                billing::consume(conn, Subject::User(user_id), Resource::CvUploads, 1, now).await?;
                let (last_version, has_primary) = store::lock_versions(conn, user_id).await?;
                let new_cv = store::NewCv {
                    id,
                    user_id,
                    version: last_version + 1,
                    is_primary: !has_primary,
                    original_filename: filename,
                    file_size_bytes: size,
                    mime_type: format.mime_type(),
                    sha256,
                    storage_key: object_key.as_str(),
                    language_hint: upload.language.map(Language::as_str),
                    idempotency_key: idempotency_key.as_deref(),
                    created_at: now,
                    updated_at: now,
                };
                store::insert(conn, &new_cv).await?;
                enqueue(conn, &NewJob::new(PARSE_JOB, CvPayload { cv_id: id })?).await?;
                let properties = serde_json::json!({ "cv_id": id, "version": new_cv.version });
                track(conn, &ProductEvent::new("cv.uploaded", Some(user_id), None, properties)).await?;
                store::find(conn, id).await?.ok_or(AppError::NotFound("cv"))
            }
            .scope_boxed()
        })
        .await;
        match inserted {
            Ok(row) => Ok((view(row), true)),
            Err(error) => {
                // Nothing refers to the stored file: take it back.
                if let Err(cleanup) = self.inner.storage.delete(&object_key).await {
                    tracing::warn!(%cleanup, key = object_key.as_str(), "an unreferenced upload stays in storage");
                }
                match (&error, &idempotency_key) {
                    (AppError::Database(db), Some(key)) if is_unique_violation(db, "cvs_idempotency_key") => {
                        let existing = self.by_idempotency_key(user_id, key).await?;
                        existing.map(|cv| (cv, false)).ok_or(error)
                    }
                    _ => Err(error),
                }
            }
        }
    }

    async fn by_idempotency_key(&self, user_id: Uuid, key: &str) -> AppResult<Option<Cv>> {
        let key = key.to_owned();
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::find_by_idempotency_key(conn, user_id, &key).await.map_err(AppError::from) }
                .scope_boxed()
        })
        .await?;
        Ok(row.map(view))
    }
}
