//! The hiring part of a person's data (Law 29733): the applications they made, with their history
//! as they see it.

use async_trait::async_trait;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::personal_data::PersonalData;
use kernel::{AppError, AppResult};
use uuid::Uuid;

use super::views::candidate_view;
use crate::store;

/// How many applications one export reads per page.
const PAGE: i64 = 500;

pub struct HiringPersonalData {
    pool: DbPool,
}

impl HiringPersonalData {
    pub fn new(pool: DbPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl PersonalData for HiringPersonalData {
    fn section(&self) -> &'static str {
        "hiring"
    }

    async fn export(&self, user_id: Uuid) -> AppResult<serde_json::Value> {
        let applications = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let mut all = Vec::new();
                let mut after = None;
                loop {
                    let rows = store::applications_of_user(conn, user_id, after, PAGE).await?;
                    let more = rows.len() as i64 > PAGE;
                    let rows: Vec<_> = rows.into_iter().take(PAGE as usize).collect();
                    after = rows.last().map(|row| (row.applied_at, row.id));
                    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
                    let changes = store::stage_changes_of(conn, &ids).await?;
                    all.extend(rows.into_iter().map(|row| candidate_view(row, &changes)));
                    if !more {
                        return Ok::<_, AppError>(all);
                    }
                }
            }
            .scope_boxed()
        })
        .await?;
        Ok(serde_json::json!({ "applications": applications }))
    }

    /// Applications, their claims, submissions and history reference the account with `ON DELETE
    /// CASCADE`: the purge's deletion of the account erases them in the same statement, and the
    /// shared CVs end with the CV context's own erasure.
    async fn erase(&self, _user_id: Uuid) -> AppResult<()> {
        Ok(())
    }
}
