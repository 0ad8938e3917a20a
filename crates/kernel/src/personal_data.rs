//! Personal-data hooks (Peru's LPDP, Law 29733): every context that holds a user's data registers
//! one, so an export gathers all of it and a purge erases all of it.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::error::AppError;

#[async_trait]
pub trait PersonalData: Send + Sync {
    /// The section of the export document this context fills, e.g. `"identity"`.
    fn section(&self) -> &'static str;

    /// Everything this context holds about the user, as JSON.
    async fn export(&self, user_id: Uuid) -> Result<Value, AppError>;

    /// The user's stored files (their CVs, their recorded answers) that a full copy of their data
    /// includes, each under the name it gets in the copy.
    async fn files(&self, _user_id: Uuid) -> Result<Vec<ExportFile>, AppError> {
        Ok(Vec::new())
    }

    /// Erases everything this context holds about the user (rows, files, vectors, documents).
    async fn erase(&self, user_id: Uuid) -> Result<(), AppError>;
}

/// A stored file of the user's, for a copy of their data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// Its name in the copy, under the context's section (`cv/2-CV_Ana.pdf`).
    pub name: String,
    /// Its object storage key.
    pub key: String,
}

/// The registered hooks, in registration order. Identity registers first, so it is erased last:
/// other contexts still find the user while they clean up.
#[derive(Clone, Default)]
pub struct PersonalDataHooks(Vec<Arc<dyn PersonalData>>);

impl PersonalDataHooks {
    pub fn register(&mut self, hook: Arc<dyn PersonalData>) {
        self.0.push(hook);
    }

    pub async fn export(&self, user_id: Uuid) -> Result<Map<String, Value>, AppError> {
        let mut document = Map::new();
        for hook in &self.0 {
            document.insert(hook.section().to_owned(), hook.export(user_id).await?);
        }
        Ok(document)
    }

    /// Every context's files, named `<section>/<name>`.
    pub async fn files(&self, user_id: Uuid) -> Result<Vec<ExportFile>, AppError> {
        let mut files = Vec::new();
        for hook in &self.0 {
            for file in hook.files(user_id).await? {
                files.push(ExportFile { name: format!("{}/{}", hook.section(), file.name), key: file.key });
            }
        }
        Ok(files)
    }

    pub async fn erase(&self, user_id: Uuid) -> Result<(), AppError> {
        for hook in self.0.iter().rev() {
            hook.erase(user_id).await?;
        }
        Ok(())
    }
}
