//! The database pool and the one way to run queries for a request: a transaction that first
//! tells Postgres who is asking, so row-level security policies can decide what they see.

use diesel_async::pooled_connection::deadpool::{Object, Pool, PoolError};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod};
use diesel_async::{AnsiTransactionManager, AsyncPgConnection, RunQueryDsl, TransactionManager};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

pub use diesel_async::AsyncPgConnection as DbConn;
pub use scoped_futures::{ScopedBoxFuture, ScopedFutureExt};

pub type DbPool = Pool<AsyncPgConnection>;

/// Builds a pool; connections are opened lazily, so this never touches the network.
///
/// Connections are handed out again without a test query (`RecyclingMethod::Fast`: one its client
/// knows closed or broken is still discarded): the query would cost every transaction a round
/// trip. One the server closed that its client has not noticed yet fails at `scoped`'s BEGIN,
/// which then takes a fresh one.
pub fn pool(database_url: &str, max_size: usize) -> Result<DbPool, String> {
    let mut config = ManagerConfig::default();
    config.recycling_method = RecyclingMethod::Fast;
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(database_url, config);
    Pool::builder(manager).max_size(max_size).build().map_err(|e| e.to_string())
}

/// The `app.role()` of the platform's own background work; never a tenant role.
pub const SYSTEM_ROLE: &str = "system";

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

    /// Background work of the platform itself (the job queue's workers): policies let the role
    /// `system` see what no request may, e.g. every queued job.
    pub fn system() -> Self {
        Self { role: Some(SYSTEM_ROLE.to_owned()), ..Self::default() }
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
    // BEGIN and the context travel in one round trip (one simple-query message).
    let begin = begin_with_context(scope);
    if let Err(error) = AnsiTransactionManager::begin_transaction_sql(&mut *conn, &begin).await {
        // This fixed statement fails only on a connection that is gone: the server closed it
        // since it was pooled (a restart, a terminated backend: "connection closed", or the
        // server's own FATAL notice read as BEGIN's answer). Nothing was done on it, so a fresh
        // connection starts over, once.
        tracing::info!(%error, "a pooled connection failed to begin: replaced");
        drop(Object::take(conn));
        conn = pool.get().await?;
        AnsiTransactionManager::begin_transaction_sql(&mut *conn, &begin).await?;
    }
    let conn = &mut *conn;
    let outcome = work(conn).await;
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

/// `BEGIN` and the three `set_config(.., true)` calls as one batch. The values are UUIDs and a
/// role code, quoted as SQL literals (standard_conforming_strings: only `'` needs doubling).
fn begin_with_context(scope: &RequestScope) -> String {
    let literal = |value: Option<String>| format!("'{}'", value.unwrap_or_default().replace('\'', "''"));
    format!(
        "BEGIN; SELECT set_config('app.user_id', {}, true), set_config('app.tenant_id', {}, true), \
         set_config('app.role', {}, true)",
        literal(scope.user_id.map(|id| id.to_string())),
        literal(scope.tenant_id.map(|id| id.to_string())),
        literal(scope.role.clone()),
    )
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

/// An enum's text form as a column stores it: its serde name.
pub fn enum_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A stored text form back into its enum; a value the code does not know is an internal error.
pub fn parse_enum_text<T: serde::de::DeserializeOwned>(text: &str) -> AppResult<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| AppError::Internal(format!("a stored value the code does not know: {text}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_context_is_quoted_as_literals() {
        let user = Uuid::nil();
        let sql = begin_with_context(&RequestScope::user(user).in_tenant(user, "it's"));
        assert!(
            sql.starts_with("BEGIN; SELECT set_config('app.user_id', '00000000-0000-0000-0000-000000000000', true)")
        );
        assert!(sql.ends_with("set_config('app.role', 'it''s', true)"), "{sql}");
        assert!(begin_with_context(&RequestScope::anonymous()).contains("set_config('app.tenant_id', '', true)"));
    }
}
