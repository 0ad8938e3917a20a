//! Identity's part of a personal-data export and purge.

use async_trait::async_trait;
use kernel::AppError;
use kernel::AppResult;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::personal_data::PersonalData;
use tracing::Instrument;
use uuid::Uuid;

use super::{session_view, user_view};
use crate::store;

/// Identity's part of a personal-data export and purge.
pub struct IdentityPersonalData {
    pool: DbPool,
}

impl IdentityPersonalData {
    pub fn new(pool: DbPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl PersonalData for IdentityPersonalData {
    fn section(&self) -> &'static str {
        "identity"
    }

    async fn export(&self, user_id: Uuid) -> AppResult<serde_json::Value> {
        let (user, memberships, sessions) = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let user = store::find_user(conn, user_id).await?.ok_or(AppError::NotFound("user"))?;
                let memberships = store::memberships_of_user(conn, user_id).await?;
                let sessions = store::all_sessions(conn, user_id).await?;
                Ok::<_, AppError>((user, memberships, sessions))
            }
            .scope_boxed()
        })
        .await?;
        let last_login_at = user.last_login_at;
        let (deleted_at, purge_after) = (user.deleted_at, user.purge_after);
        Ok(serde_json::json!({
            "account": user_view(user),
            "last_login_at": last_login_at,
            "deleted_at": deleted_at,
            "purge_after": purge_after,
            "memberships": memberships.iter().map(|m| serde_json::json!({
                "tenant_id": m.tenant_id, "role": m.role, "status": m.status, "joined_at": m.created_at,
            })).collect::<Vec<_>>(),
            "sessions": sessions.into_iter().map(|s| session_view(s, Uuid::nil())).collect::<Vec<_>>(),
        }))
    }

    async fn erase(&self, user_id: Uuid) -> AppResult<()> {
        // Sessions, tokens and memberships go with the account (ON DELETE CASCADE).
        scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move { store::delete_user(conn, user_id).await.map_err(AppError::from) }.scope_boxed()
        })
        .instrument(tracing::info_span!("erase identity", %user_id))
        .await
    }
}
