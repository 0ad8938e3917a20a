//! Migrations embedded in the binary, run as the owner role.

use diesel::Connection;
use diesel::sql_types::Text;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::config::APP_DATABASE_ROLE;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// Applies pending migrations and returns how many ran. Then, when a password is given, sets it
/// on the application role (the first migration creates that role without one).
pub async fn run(database_url: &str, app_role_password: Option<&str>) -> anyhow::Result<usize> {
    let url = database_url.to_owned();
    // The migration harness is synchronous: it runs on the blocking pool with its own executor.
    let applied = tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
        let mut conn = <AsyncConnectionWrapper<AsyncPgConnection> as Connection>::establish(&url)?;
        let applied = conn.run_pending_migrations(MIGRATIONS).map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
        Ok(applied.len())
    })
    .await??;
    if let Some(password) = app_role_password {
        let mut conn = AsyncPgConnection::establish(database_url).await?;
        // ALTER ROLE takes no bind parameters: let the server quote the literals.
        let statement: String = diesel::select(
            diesel::dsl::sql::<Text>("format('ALTER ROLE %I PASSWORD %L', ")
                .bind::<Text, _>(APP_DATABASE_ROLE)
                .sql(", ")
                .bind::<Text, _>(password)
                .sql(")"),
        )
        .get_result(&mut conn)
        .await?;
        diesel::sql_query(statement).execute(&mut conn).await?;
    }
    Ok(applied)
}
