//! Full copies of a person's data (LPDP, Law 29733: access): asked for over the API, built by
//! the job queue into object storage as a ZIP (every context's section in `data.json`, their CV
//! files and recorded answers), downloadable through a signed link for a week, then deleted.
//! `GET /api/v1/me/data-export` still answers the JSON at once; the copy adds the files.

use std::io::{Cursor, Write};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::audit::{self, AuditEntry};
use kernel::auth::AuthUser;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::personal_data::PersonalDataHooks;
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler, Schedule};
use platform::mail::Mail;
use platform::storage::{Object, ObjectBody, ObjectKey, ObjectMetadata};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use zip::write::SimpleFileOptions;

use super::{IdentityService, spanish};
use crate::domain::{EXPORT_LIFETIME, EXPORTS_PER_DAY, ExportStatus, archive_name, link_expiry, link_payload};
use crate::store::{self, ExportChange, ExportRow};

const BUILD_JOB: &str = "identity.build_data_export";
const EXPIRE_JOB: &str = "identity.expire_data_exports";
const LINK_PURPOSE: &str = "data-export-link";

/// A copy of the caller's data.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DataExport {
    pub id: Uuid,
    pub status: ExportStatus,
    pub requested_at: DateTime<Utc>,
    pub ready_at: Option<DateTime<Utc>>,
    /// When the file is deleted.
    pub expires_at: Option<DateTime<Utc>>,
    pub size_bytes: Option<i64>,
    /// Stored files included (CVs, recorded answers).
    pub files: Option<i32>,
    pub failure: Option<String>,
    /// While ready: a link that downloads the ZIP without signing in, for an hour (read the
    /// export again for a fresh one).
    pub download_url: Option<String>,
    pub download_url_expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct BuildPayload {
    export_id: Uuid,
}

/// A signed link's query.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportLink {
    /// Unix seconds the link works until.
    pub expires: i64,
    #[param(max_length = 100)]
    pub signature: String,
}

impl IdentityService {
    fn export_view(&self, row: ExportRow, now: DateTime<Utc>) -> AppResult<DataExport> {
        let status = ExportStatus::parse(&row.status)
            .ok_or_else(|| AppError::Internal(format!("an export status the code does not know: {}", row.status)))?;
        let link = match (status, row.expires_at) {
            (ExportStatus::Ready, Some(expires_at)) if expires_at > now => {
                let until = link_expiry(now, expires_at);
                let signature = self.inner.ports.hasher.tag(LINK_PURPOSE, &link_payload(row.id, until.timestamp()));
                let url = format!(
                    "/api/v1/data-exports/{}/download?expires={}&signature={signature}",
                    row.id,
                    until.timestamp()
                );
                Some((url, until))
            }
            _ => None,
        };
        Ok(DataExport {
            id: row.id,
            status,
            requested_at: row.requested_at,
            ready_at: row.ready_at,
            expires_at: row.expires_at,
            size_bytes: row.size_bytes,
            files: row.files,
            failure: row.failure,
            download_url: link.as_ref().map(|(url, _)| url.clone()),
            download_url_expires_at: link.map(|(_, until)| until),
        })
    }

    /// Asks for a copy: 409 while one is being built, 429 past three a day.
    pub async fn request_export(&self, auth: &AuthUser) -> AppResult<DataExport> {
        let (user_id, now) = (auth.user_id(), self.now());
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                store::lock_user_exports(conn, user_id).await?;
                let recent = store::exports_of(conn, user_id, EXPORTS_PER_DAY + 1).await?;
                if recent.iter().any(|row| row.status == ExportStatus::Queued.as_str()) {
                    return Err(AppError::Conflict("a copy of your data is being prepared already".into()));
                }
                let today = recent.iter().filter(|row| row.requested_at > now - chrono::Duration::days(1)).count();
                if today as i64 >= EXPORTS_PER_DAY {
                    return Err(AppError::TooManyRequests { retry_after_secs: 3600 });
                }
                let row = ExportRow {
                    id: new_id(),
                    user_id,
                    status: ExportStatus::Queued.as_str().into(),
                    object_key: None,
                    size_bytes: None,
                    files: None,
                    failure: None,
                    requested_at: now,
                    ready_at: None,
                    expires_at: None,
                };
                store::insert_export(conn, &row).await?;
                enqueue(conn, &NewJob::new(BUILD_JOB, BuildPayload { export_id: row.id })?).await?;
                audit::record(conn, &AuditEntry::new("identity.data_export_requested").by(user_id).at(now)).await?;
                Ok(row)
            }
            .scope_boxed()
        })
        .await?;
        self.export_view(row, now)
    }

    pub async fn my_exports(&self, auth: &AuthUser) -> AppResult<Vec<DataExport>> {
        let (user_id, now) = (auth.user_id(), self.now());
        let rows = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { Ok::<_, AppError>(store::exports_of(conn, user_id, 20).await?) }.scope_boxed()
        })
        .await?;
        rows.into_iter().map(|row| self.export_view(row, now)).collect()
    }

    pub async fn my_export(&self, auth: &AuthUser, id: Uuid) -> AppResult<DataExport> {
        let (user_id, now) = (auth.user_id(), self.now());
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { Ok::<_, AppError>(store::find_export(conn, id).await?) }.scope_boxed()
        })
        .await?
        .ok_or(AppError::NotFound("data export"))?;
        self.export_view(row, now)
    }

    /// The copy's file through a signed link: 403 for a link this API did not sign, 410 for one
    /// past its time or a copy already deleted.
    pub async fn download_export(&self, id: Uuid, link: &ExportLink) -> AppResult<(String, Object)> {
        let now = self.now();
        if !self.inner.ports.hasher.verify_tag(LINK_PURPOSE, &link_payload(id, link.expires), &link.signature) {
            return Err(AppError::Forbidden("this download link is not valid".into()));
        }
        if link.expires < now.timestamp() {
            return Err(AppError::Gone("this download link has expired: open your data exports for a new one".into()));
        }
        let row = scoped(&self.inner.pool, &RequestScope::system(), |conn| {
            async move {
                let row = store::find_export(conn, id).await?.ok_or(AppError::NotFound("data export"))?;
                let entry = AuditEntry::new("identity.data_export_downloaded").concerning(row.user_id).at(now);
                audit::record(conn, &entry).await?;
                Ok::<_, AppError>(row)
            }
            .scope_boxed()
        })
        .await?;
        let key = match (row.status.as_str(), &row.object_key) {
            ("ready", Some(key)) => ObjectKey::new(key.clone())?,
            _ => return Err(AppError::Gone("this copy of your data is no longer available".into())),
        };
        let name = format!("mis-datos-{}.zip", row.requested_at.format("%Y-%m-%d"));
        Ok((name, self.inner.ports.storage.get(&key).await?))
    }

    /// Builds a queued copy (the job's work): every context's section and files into one ZIP.
    async fn build_export(&self, hooks: &PersonalDataHooks, id: Uuid) -> AppResult<()> {
        let row = scoped(&self.inner.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::find_export(conn, id).await?) }.scope_boxed()
        })
        .await?;
        let Some(row) = row.filter(|row| row.status == ExportStatus::Queued.as_str()) else { return Ok(()) };
        let now = self.now();
        let document = serde_json::json!({
            "user_id": row.user_id, "exported_at": now, "data": hooks.export(row.user_id).await?,
        });
        let files = hooks.files(row.user_id).await?;
        let storage = &self.inner.ports.storage;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let json = serde_json::to_vec_pretty(&document).map_err(|e| AppError::Internal(e.to_string()))?;
        write_entry(&mut zip, "data.json", &json, options)?;
        let mut included = 0i32;
        for file in &files {
            let bytes = match storage.get(&ObjectKey::new(file.key.clone())?).await {
                Ok(object) => object.bytes().await?,
                // Deleted since it was listed (a CV removed meanwhile): not part of the copy.
                Err(AppError::NotFound(_)) => continue,
                Err(error) => return Err(error),
            };
            write_entry(&mut zip, &format!("files/{}", archive_name(&file.name)), &bytes, options)?;
            included += 1;
        }
        let archive = zip.finish().map_err(zip_error)?.into_inner();
        let size = i64::try_from(archive.len()).unwrap_or(i64::MAX);
        let key = ObjectKey::new(format!("exports/{}/{id}.zip", row.user_id))?;
        storage.put(&key, ObjectBody::Bytes(archive.into()), ObjectMetadata::new("application/zip")).await?;
        let expires_at = now + EXPORT_LIFETIME;
        let user_id = row.user_id;
        // As the person: their account is theirs to read.
        let contact = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let change = ExportChange {
                    status: Some(ExportStatus::Ready.as_str().into()),
                    object_key: Some(Some(key.as_str().to_owned())),
                    size_bytes: Some(Some(size)),
                    files: Some(Some(included)),
                    ready_at: Some(Some(now)),
                    expires_at: Some(Some(expires_at)),
                    ..ExportChange::default()
                };
                store::update_export(conn, id, &change).await?;
                crate::contact(conn, user_id).await
            }
            .scope_boxed()
        })
        .await?;
        if let Some(contact) = contact {
            let link =
                format!("{}/account/data-exports/{id}", self.inner.settings.public_web_url.trim_end_matches('/'));
            self.send_mail(ready_mail(&contact.email, &contact.locale, &link, expires_at)).await;
        }
        Ok(())
    }

    async fn fail_export(&self, id: Uuid, reason: &str) -> AppResult<()> {
        let failure: String = reason.chars().take(500).collect();
        scoped(&self.inner.pool, &RequestScope::system(), |conn| {
            async move {
                let change = ExportChange {
                    status: Some(ExportStatus::Failed.as_str().into()),
                    failure: Some(Some(failure)),
                    ..ExportChange::default()
                };
                Ok::<_, AppError>(store::update_export(conn, id, &change).await?)
            }
            .scope_boxed()
        })
        .await
    }

    /// Deletes the files of copies past their week; how many.
    pub async fn expire_exports(&self, now: DateTime<Utc>) -> AppResult<usize> {
        let due = scoped(&self.inner.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::expired_exports(conn, now, 500).await?) }.scope_boxed()
        })
        .await?;
        for row in &due {
            if let Some(key) = &row.object_key {
                self.inner.ports.storage.delete(&ObjectKey::new(key.clone())?).await?;
            }
            let id = row.id;
            scoped(&self.inner.pool, &RequestScope::system(), |conn| {
                async move {
                    let change = ExportChange {
                        status: Some(ExportStatus::Expired.as_str().into()),
                        object_key: Some(None),
                        ready_at: Some(None),
                        expires_at: Some(None),
                        ..ExportChange::default()
                    };
                    Ok::<_, AppError>(store::update_export(conn, id, &change).await?)
                }
                .scope_boxed()
            })
            .await?;
        }
        Ok(due.len())
    }
}

fn write_entry(
    zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>,
    name: &str,
    bytes: &[u8],
    options: SimpleFileOptions,
) -> AppResult<()> {
    zip.start_file(name, options).map_err(zip_error)?;
    zip.write_all(bytes).map_err(|e| AppError::Internal(format!("writing a data export: {e}")))
}

fn zip_error(error: zip::result::ZipError) -> AppError {
    AppError::Internal(format!("writing a data export: {error}"))
}

fn ready_mail(to: &str, locale: &str, link: &str, expires_at: DateTime<Utc>) -> Mail {
    let until = expires_at.format("%Y-%m-%d");
    let (subject, body) = if spanish(locale) {
        (
            "Tu copia de datos está lista",
            format!("Hola:\n\nLa copia de tus datos está lista. Descárgala aquí hasta el {until}:\n{link}\n"),
        )
    } else {
        (
            "Your copy of your data is ready",
            format!("Hello,\n\nYour copy of your data is ready. Download it here until {until}:\n{link}\n"),
        )
    };
    Mail { to: to.to_owned(), subject: subject.to_owned(), body }
}

/// Builds the copies people ask for.
pub struct BuildDataExports {
    pub service: IdentityService,
    pub hooks: PersonalDataHooks,
}

#[async_trait]
impl JobHandler for BuildDataExports {
    fn kind(&self) -> &'static str {
        BUILD_JOB
    }

    fn timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(15 * 60)
    }

    fn concurrency(&self) -> Option<usize> {
        Some(1)
    }

    async fn run(&self, job: &Job) -> Result<(), JobError> {
        let BuildPayload { export_id } = job.payload()?;
        Ok(self.service.build_export(&self.hooks, export_id).await?)
    }

    async fn gave_up(&self, job: &Job, error: &str) -> Result<(), JobError> {
        let BuildPayload { export_id } = job.payload()?;
        tracing::error!(%export_id, error, "a data export could not be built");
        Ok(self.service.fail_export(export_id, "the copy could not be prepared; ask for another").await?)
    }
}

/// Hourly: the files of copies past their week are deleted.
pub struct ExpireDataExports(pub IdentityService);

impl ExpireDataExports {
    pub fn schedule() -> Schedule {
        Schedule { kind: EXPIRE_JOB, every: std::time::Duration::from_secs(3600), payload: serde_json::json!({}) }
    }
}

#[async_trait]
impl JobHandler for ExpireDataExports {
    fn kind(&self) -> &'static str {
        EXPIRE_JOB
    }

    async fn run(&self, _job: &Job) -> Result<(), JobError> {
        let expired = self.0.expire_exports(Utc::now()).await?;
        if expired > 0 {
            tracing::info!(expired, "data exports expired");
        }
        Ok(())
    }
}
