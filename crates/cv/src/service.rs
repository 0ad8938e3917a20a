//! CV use cases: upload (a new version, stored encrypted, parsing queued), list, read, download,
//! primary, reparse, delete; and the CV part of a person's data export and erasure.

use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Datelike, Utc};
use kernel::auth::AuthUser;
use kernel::db::{DbConn, DbPool, RequestScope, ScopedFutureExt, is_unique_violation, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::pagination::{Page, PageQuery};
use kernel::personal_data::PersonalData;
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler};
use platform::storage::{ByteStream, ObjectKey, ObjectMetadata, ObjectStorage, user_prefixes};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::dates::YearMonth;
use crate::domain::parse::{Line, parse_cv};
use crate::domain::skills::Taxonomy;
use crate::domain::text;
use crate::domain::upload::{Language, ParsingStatus, clean_filename, sniff_format};
use crate::store::{self, CvRow};

/// The kind of the job that parses an uploaded CV (its handler comes with the parser).
pub const PARSE_JOB: &str = "cv.parse";
/// The kind of the job that removes a deleted CV's stored file.
pub const DELETE_OBJECT_JOB: &str = "cv.delete_object";

#[derive(Debug, Clone)]
pub struct CvSettings {
    /// Largest file accepted, in bytes.
    pub max_upload_bytes: u64,
}

#[derive(Clone)]
pub struct CvService {
    inner: Arc<Inner>,
}

struct Inner {
    pool: DbPool,
    /// Originals are sealed by the application before they leave the process.
    storage: Arc<dyn ObjectStorage>,
    settings: CvSettings,
}

/// A CV as its owner sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Cv {
    pub id: Uuid,
    /// 1 for the first upload, then one more for each.
    pub version: i32,
    pub is_primary: bool,
    pub original_filename: String,
    pub file_size_bytes: i64,
    pub mime_type: String,
    pub language_hint: Option<Language>,
    pub parsing_status: ParsingStatus,
    /// Why parsing failed, when it did.
    pub parsing_error: Option<String>,
    /// What the parser found, once parsed (corrections applied).
    #[schema(value_type = Option<Object>)]
    pub parsed_data: Option<serde_json::Value>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub parsed_at: Option<DateTime<Utc>>,
}

/// A file as it arrived.
pub struct Upload {
    pub filename: Option<String>,
    pub bytes: Bytes,
    pub language: Option<Language>,
}

fn view(row: CvRow) -> Cv {
    Cv {
        id: row.id,
        version: row.version,
        is_primary: row.is_primary,
        original_filename: row.original_filename,
        file_size_bytes: row.file_size_bytes,
        mime_type: row.mime_type,
        language_hint: row.language_hint.as_deref().and_then(Language::parse),
        parsing_status: ParsingStatus::parse(&row.parsing_status).unwrap_or(ParsingStatus::Pending),
        parsing_error: row.parsing_error,
        parsed_data: row.parsed_data,
        created_at: row.created_at,
        updated_at: row.updated_at,
        parsed_at: row.parsed_at,
    }
}

#[derive(Serialize, Deserialize)]
struct ParsePayload {
    cv_id: Uuid,
}

#[derive(Serialize, Deserialize)]
struct DeleteObjectPayload {
    key: String,
}

impl CvService {
    pub fn new(pool: DbPool, storage: Arc<dyn ObjectStorage>, settings: CvSettings) -> Self {
        Self { inner: Arc::new(Inner { pool, storage, settings }) }
    }

    pub fn max_upload_bytes(&self) -> u64 {
        self.inner.settings.max_upload_bytes
    }

    /// Stores a new version and queues its parsing. With an idempotency key already used by the
    /// caller, answers the CV that key made (`false`: nothing new was created).
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
        let format = sniff_format(&upload.bytes)
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
                enqueue(conn, &NewJob::new(PARSE_JOB, ParsePayload { cv_id: id })?).await?;
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

    pub async fn list(&self, auth: &AuthUser, page: &PageQuery) -> AppResult<Page<Cv>> {
        let (limit, after) = (page.limit()?, page.after::<(DateTime<Utc>, Uuid)>()?);
        let user_id = auth.user_id();
        let rows = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::page(conn, user_id, after, limit).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |row| (row.created_at, row.id));
        Ok(Page { items: page.items.into_iter().map(view).collect(), next_cursor: page.next_cursor })
    }

    /// The caller's CV; another person's answers 404 exactly like one that does not exist.
    async fn own_row(&self, auth: &AuthUser, id: Uuid) -> AppResult<CvRow> {
        let user_id = auth.user_id();
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { find_own(conn, user_id, id).await }.scope_boxed()
        })
        .await
    }

    pub async fn get(&self, auth: &AuthUser, id: Uuid) -> AppResult<Cv> {
        self.own_row(auth, id).await.map(view)
    }

    /// The original file, decrypted as it streams.
    pub async fn download(&self, auth: &AuthUser, id: Uuid) -> AppResult<(Cv, ByteStream)> {
        let row = self.own_row(auth, id).await?;
        let object = self.inner.storage.get(&ObjectKey::new(row.storage_key.clone())?).await?;
        Ok((view(row), object.body))
    }

    pub async fn make_primary(&self, auth: &AuthUser, id: Uuid) -> AppResult<Cv> {
        let (user_id, now) = (auth.user_id(), Utc::now());
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                find_own(conn, user_id, id).await?;
                store::lock_versions(conn, user_id).await?;
                store::make_primary(conn, user_id, id, now).await?;
                find_own(conn, user_id, id).await
            }
            .scope_boxed()
        })
        .await?;
        Ok(view(row))
    }

    /// Parses the CV again (corrections are kept); refused while a parse is queued or running.
    pub async fn reparse(&self, auth: &AuthUser, id: Uuid) -> AppResult<Cv> {
        let (user_id, now) = (auth.user_id(), Utc::now());
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let row = find_own(conn, user_id, id).await?;
                if matches!(
                    ParsingStatus::parse(&row.parsing_status),
                    Some(ParsingStatus::Pending | ParsingStatus::Processing)
                ) {
                    return Err(AppError::Conflict("this CV is already waiting to be parsed".into()));
                }
                store::mark_pending(conn, id, now).await?;
                enqueue(conn, &NewJob::new(PARSE_JOB, ParsePayload { cv_id: id })?).await?;
                find_own(conn, user_id, id).await
            }
            .scope_boxed()
        })
        .await?;
        Ok(view(row))
    }

    /// Deletes the CV; its file is removed by a job queued in the same transaction, so it goes
    /// even if storage is down right now. The newest remaining CV becomes primary.
    pub async fn delete(&self, auth: &AuthUser, id: Uuid) -> AppResult<()> {
        let (user_id, now) = (auth.user_id(), Utc::now());
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let row = find_own(conn, user_id, id).await?;
                store::lock_versions(conn, user_id).await?;
                store::delete(conn, id).await?;
                if row.is_primary
                    && let Some(next) = store::latest(conn, user_id).await?
                {
                    store::make_primary(conn, user_id, next, now).await?;
                }
                let job = NewJob::new(DELETE_OBJECT_JOB, DeleteObjectPayload { key: row.storage_key })?;
                enqueue(conn, &job).await.map(drop)
            }
            .scope_boxed()
        })
        .await
    }
}

async fn find_own(conn: &mut DbConn, user_id: Uuid, id: Uuid) -> AppResult<CvRow> {
    store::find(conn, id).await?.filter(|row| row.user_id == user_id).ok_or(AppError::NotFound("cv"))
}

/// Parses uploaded CVs: the original is read back (decrypted), its text extracted with layout and
/// parsed; the CV ends `parsed` with its data, or `failed` with a reason a person can act on
/// (a scanned image, a password, a damaged file). Running twice just parses again.
pub struct ParseCvs(pub CvService);

#[async_trait]
impl JobHandler for ParseCvs {
    fn kind(&self) -> &'static str {
        PARSE_JOB
    }

    fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(30)
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let ParsePayload { cv_id } = job.payload()?;
        let inner = &self.0.inner;
        let row = scoped(&inner.pool, &RequestScope::system(), |conn| {
            async move { store::find(conn, cv_id).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        // Deleted since it was queued: nothing to do.
        let Some(row) = row else { return Ok(()) };
        let bytes = inner.storage.get(&ObjectKey::new(row.storage_key.clone())?).await?.bytes().await?;
        let limits = text::Limits { max_bytes: inner.settings.max_upload_bytes as usize, ..text::Limits::default() };
        let today = Utc::now();
        let outcome = tokio::task::spawn_blocking(move || {
            let extracted = text::extract(&bytes, &limits).map_err(|e| format!("{}: {e}", e.code()))?;
            let lines: Vec<Line> =
                extracted.lines().map(|l| Line { text: l.text.to_owned(), heading_like: l.heading_like }).collect();
            let month = YearMonth::new(today.year(), today.month()).ok_or("the clock is off")?;
            serde_json::to_value(parse_cv(&lines, month, Taxonomy::shipped())).map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| JobError::Retry(format!("the parser stopped: {e}")))?;
        if let Err(reason) = &outcome {
            tracing::info!(%cv_id, reason, "CV could not be parsed");
        }
        scoped(&inner.pool, &RequestScope::system(), |conn| {
            async move { store::record_parse(conn, cv_id, outcome, Utc::now()).await.map(drop).map_err(AppError::from) }
                .scope_boxed()
        })
        .await?;
        Ok(())
    }
}

/// Removes the stored files of deleted CVs (idempotent: a file already gone is fine).
pub struct DeleteStoredObjects(pub Arc<dyn ObjectStorage>);

#[async_trait]
impl JobHandler for DeleteStoredObjects {
    fn kind(&self) -> &'static str {
        DELETE_OBJECT_JOB
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let DeleteObjectPayload { key } = job.payload()?;
        let key = ObjectKey::new(key).map_err(|e| JobError::Fatal(e.to_string()))?;
        Ok(self.0.delete(&key).await?)
    }
}

/// The CV part of a person's data: the CVs with what was parsed (files listed, downloadable
/// through the API) in the export; every row and stored file at erasure.
pub struct CvPersonalData {
    pool: DbPool,
    storage: Arc<dyn ObjectStorage>,
}

impl CvPersonalData {
    pub fn new(pool: DbPool, storage: Arc<dyn ObjectStorage>) -> Self {
        Self { pool, storage }
    }
}

#[async_trait]
impl PersonalData for CvPersonalData {
    fn section(&self) -> &'static str {
        "cv"
    }

    async fn export(&self, user_id: Uuid) -> AppResult<serde_json::Value> {
        let rows = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move { store::all_of_user(conn, user_id).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        let cvs: Vec<serde_json::Value> = rows
            .into_iter()
            .map(|row| {
                let (id, corrections, sha256) = (row.id, row.corrections.clone(), row.sha256.clone());
                serde_json::json!({
                    "cv": view(row),
                    "corrections": corrections,
                    "file": { "sha256": sha256, "download": format!("/api/v1/cvs/{id}/file") },
                })
            })
            .collect();
        Ok(serde_json::json!({ "cvs": cvs }))
    }

    async fn erase(&self, user_id: Uuid) -> AppResult<()> {
        for prefix in user_prefixes(user_id) {
            for object in self.storage.list(&prefix).await? {
                self.storage.delete(&object.key).await?;
            }
        }
        scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move {
                for row in store::all_of_user(conn, user_id).await? {
                    store::delete(conn, row.id).await?;
                }
                Ok::<_, AppError>(())
            }
            .scope_boxed()
        })
        .await
    }
}
