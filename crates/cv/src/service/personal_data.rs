//! The CV part of a person's data, for the export and the erasure identity runs.

use std::sync::Arc;

use async_trait::async_trait;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::personal_data::{ExportFile, PersonalData};
use kernel::{AppError, AppResult};
use platform::storage::{ObjectStorage, user_prefixes};
use uuid::Uuid;

use super::{CvSkill, Section, view};
use crate::store;

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
        // One transaction: the CVs, the consents given for them and their shares as of one moment.
        let (rows, consents, shares) = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let mut cvs = Vec::new();
                for row in store::all_of_user(conn, user_id).await? {
                    let (sections, skills) =
                        (store::sections_of(conn, row.id).await?, store::skills_of(conn, row.id).await?);
                    cvs.push((row, sections, skills));
                }
                let consents = store::consents_of_user(conn, user_id).await?;
                Ok::<_, AppError>((cvs, consents, store::shares_of_user(conn, user_id).await?))
            }
            .scope_boxed()
        })
        .await?;
        let cvs: Vec<serde_json::Value> = rows
            .into_iter()
            .map(|(row, sections, skills)| {
                let (id, sha256) = (row.id, row.sha256.clone());
                serde_json::json!({
                    "cv": view(row),
                    "sections": sections.into_iter().map(Section::from).collect::<Vec<_>>(),
                    "skills": skills.into_iter().map(CvSkill::from).collect::<Vec<_>>(),
                    "file": { "sha256": sha256, "download": format!("/api/v1/cvs/{id}/file") },
                })
            })
            .collect();
        let consents: Vec<serde_json::Value> = consents
            .into_iter()
            .map(|c| {
                serde_json::json!({
                    "cv_id": c.cv_id, "kind": c.kind, "granted": c.granted, "ip": c.ip, "at": c.created_at,
                })
            })
            .collect();
        let shares: Vec<serde_json::Value> = shares
            .into_iter()
            .map(|s| serde_json::json!({ "cv_id": s.cv_id, "company_id": s.tenant_id, "since": s.created_at }))
            .collect();
        Ok(serde_json::json!({ "cvs": cvs, "consents": consents, "shared_with_companies": shares }))
    }

    /// The uploaded files, named `<version>-<their name>`.
    async fn files(&self, user_id: Uuid) -> AppResult<Vec<ExportFile>> {
        let rows = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move { Ok::<_, AppError>(store::all_of_user(conn, user_id).await?) }.scope_boxed()
        })
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| ExportFile {
                name: format!("{}-{}", row.version, row.original_filename.replace(['/', '\\'], "_")),
                key: row.storage_key,
            })
            .collect())
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
