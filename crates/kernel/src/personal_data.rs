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

    /// Erases everything this context holds about the user (rows, files, vectors, documents).
    async fn erase(&self, user_id: Uuid) -> Result<(), AppError>;
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

    pub async fn erase(&self, user_id: Uuid) -> Result<(), AppError> {
        for hook in self.0.iter().rev() {
            hook.erase(user_id).await?;
        }
        Ok(())
    }
}
