//! A person's CVs: list, read, download, choose the primary one, correct, delete.

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use kernel::auth::AuthUser;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::jobs::{NewJob, Priority, enqueue};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult};
use platform::jobs::{Job, JobError, JobHandler};
use platform::storage::{ByteStream, ObjectKey, ObjectStorage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    Cv, CvDetail, CvPayload, CvService, DELETE_OBJECT_JOB, EMBED_JOB, corrections_of, effective_data, find_own,
    skill_rows, this_month, view,
};
use crate::domain::corrections::Corrections;
use crate::domain::upload::ParsingStatus;
use crate::events::{CV_DELETED, CV_PARSED, CvEvent};
use crate::store::{self, CvRow};

#[derive(Serialize, Deserialize)]
pub(super) struct DeleteObjectPayload {
    pub(super) key: String,
}

impl CvService {
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

    /// The caller's primary CV, if they have one (other contexts default to it).
    pub async fn primary(&self, auth: &AuthUser) -> AppResult<Option<Cv>> {
        let user_id = auth.user_id();
        let row = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { store::primary(conn, user_id).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        Ok(row.map(view))
    }

    /// The caller's CV with its sections and skills; another person's answers 404 exactly like
    /// one that does not exist.
    pub async fn get(&self, auth: &AuthUser, id: Uuid) -> AppResult<CvDetail> {
        let user_id = auth.user_id();
        let (row, sections, skills) = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let row = find_own(conn, user_id, id).await?;
                Ok::<_, AppError>((row, store::sections_of(conn, id).await?, store::skills_of(conn, id).await?))
            }
            .scope_boxed()
        })
        .await?;
        Ok(CvDetail {
            cv: view(row),
            sections: sections.into_iter().map(Into::into).collect(),
            skills: skills.into_iter().map(Into::into).collect(),
        })
    }

    async fn own_row(&self, auth: &AuthUser, id: Uuid) -> AppResult<CvRow> {
        let user_id = auth.user_id();
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { find_own(conn, user_id, id).await }.scope_boxed()
        })
        .await
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

    /// Records the person's corrections over what was parsed (the fields they send; the rest
    /// keep their value). The skills rows follow at once, the vectors shortly after.
    pub async fn correct(&self, auth: &AuthUser, id: Uuid, newer: Corrections) -> AppResult<CvDetail> {
        let (user_id, now, today) = (auth.user_id(), Utc::now(), this_month());
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let mut row = find_own(conn, user_id, id).await?;
                if ParsingStatus::parse(&row.parsing_status) != Some(ParsingStatus::Parsed) {
                    return Err(AppError::Conflict(
                        "this CV has no parsed data to correct yet: wait until it is parsed".into(),
                    ));
                }
                newer.validate(today)?;
                let merged = corrections_of(&row).merged_with(newer);
                row.corrections = serde_json::to_value(&merged)
                    .map_err(|e| AppError::Internal(format!("corrections do not serialise: {e}")))?;
                store::save_corrections(conn, id, &row.corrections, now).await?;
                if let Some(data) = effective_data(&row, today) {
                    store::replace_skills(conn, id, &skill_rows(id, user_id, &data)).await?;
                }
                enqueue(conn, &NewJob::new(EMBED_JOB, CvPayload { cv_id: id })?.priority(Priority::Later)).await?;
                enqueue(conn, &NewJob::event(CV_PARSED, CvEvent { cv_id: id, user_id })?).await?;
                Ok(())
            }
            .scope_boxed()
        })
        .await?;
        self.get(auth, id).await
    }

    /// Deletes the CV with its sections, skills and vectors; its file is removed by a job queued
    /// in the same transaction, so it goes even if storage is down right now. The newest
    /// remaining CV becomes primary.
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
                enqueue(conn, &job).await?;
                enqueue(conn, &NewJob::event(CV_DELETED, CvEvent { cv_id: id, user_id })?).await.map(drop)
            }
            .scope_boxed()
        })
        .await
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
