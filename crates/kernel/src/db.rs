//! The database pool and the one way to run queries for a request: a transaction that first
//! tells Postgres who is asking, so row-level security policies can decide what they see.

use diesel::sql_types::{Nullable, Text};
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::pooled_connection::deadpool::{Pool, PoolError};
use diesel_async::{AnsiTransactionManager, AsyncPgConnection, RunQueryDsl, TransactionManager};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

pub use diesel_async::AsyncPgConnection as DbConn;
pub use scoped_futures::{ScopedBoxFuture, ScopedFutureExt};

pub type DbPool = Pool<AsyncPgConnection>;

/// Builds a pool; connections are opened lazily, so this never touches the network.
pub fn pool(database_url: &str, max_size: usize) -> Result<DbPool, String> {
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(database_url);
    Pool::builder(manager).max_size(max_size).build().map_err(|e| e.to_string())
}

/// Who is asking, as Postgres policies see it (`app.user_id()`, `app.tenant_id()`, `app.role()`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestScope {
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub role: Option<String>,
}

impl RequestScope {
    /// No identity at all: only the narrow SECURITY DEFINER paths answer.
    pub fn anonymous() -> Self {
        Self::default()
    }

    /// A user acting for themselves, outside any tenant.
    pub fn user(user_id: Uuid) -> Self {
        Self { user_id: Some(user_id), ..Self::default() }
    }

    pub fn in_tenant(mut self, tenant_id: Uuid, role: impl Into<String>) -> Self {
        self.tenant_id = Some(tenant_id);
        self.role = Some(role.into());
        self
    }
}

impl From<PoolError> for AppError {
    fn from(error: PoolError) -> Self {
        tracing::error!(%error, "database pool");
        AppError::Unavailable("database")
    }
}

/// Runs `work` in one transaction whose first statement sets the request context with
/// `set_config(..., true)`: the settings die with the transaction, so a pooled connection never
/// carries one request's identity into the next. Any error rolls everything back.
pub async fn scoped<'a, T, F>(pool: &DbPool, scope: &RequestScope, work: F) -> AppResult<T>
where
    F: for<'r> FnOnce(&'r mut AsyncPgConnection) -> ScopedBoxFuture<'a, 'r, AppResult<T>> + Send + 'a,
    T: Send + 'a,
{
    let mut conn = pool.get().await?;
    let conn = &mut *conn;
    AnsiTransactionManager::begin_transaction(conn).await?;
    let outcome = match set_request_context(conn, scope).await {
        Ok(()) => work(conn).await,
        Err(error) => Err(error.into()),
    };
    match outcome {
        Ok(value) => {
            AnsiTransactionManager::commit_transaction(conn).await?;
            Ok(value)
        }
        Err(error) => {
            // A failed rollback leaves the connection marked broken; the pool then discards it.
            if let Err(rollback_error) = AnsiTransactionManager::rollback_transaction(conn).await {
                tracing::warn!(%rollback_error, "rollback failed");
            }
            Err(error)
        }
    }
}

async fn set_request_context(conn: &mut AsyncPgConnection, scope: &RequestScope) -> Result<(), diesel::result::Error> {
    diesel::sql_query(
        "SELECT set_config('app.user_id', coalesce($1, ''), true), \
                set_config('app.tenant_id', coalesce($2, ''), true), \
                set_config('app.role', coalesce($3, ''), true)",
    )
    .bind::<Nullable<Text>, _>(scope.user_id.map(|id| id.to_string()))
    .bind::<Nullable<Text>, _>(scope.tenant_id.map(|id| id.to_string()))
    .bind::<Nullable<Text>, _>(scope.role.as_deref())
    .execute(conn)
    .await
    .map(drop)
}

/// True when the error is a unique-constraint violation on the named constraint.
pub fn is_unique_violation(error: &diesel::result::Error, constraint: &str) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    matches!(error, Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info)
        if info.constraint_name() == Some(constraint))
}

/// Checks that the database answers, for readiness probes.
pub async fn ping(pool: &DbPool) -> Result<(), AppError> {
    let mut conn = pool.get().await?;
    diesel::sql_query("SELECT 1").execute(&mut conn).await?;
    Ok(())
}
