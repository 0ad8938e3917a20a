//! The Redis connection shared by the cache-backed adapters, with a key prefix so several
//! deployments (or tests) can share one server without seeing each other's keys.

use std::time::Duration;

use async_trait::async_trait;
use kernel::AppError;
use kernel::auth::SessionRevocations;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use uuid::Uuid;

#[derive(Clone)]
pub struct Redis {
    conn: ConnectionManager,
    prefix: String,
}

impl Redis {
    /// Connects (reconnecting by itself later); fails when the server cannot be reached now.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let conn = tokio::time::timeout(Duration::from_secs(5), client.get_connection_manager())
            .await
            .map_err(|_| redis::RedisError::from((redis::ErrorKind::Io, "timed out connecting to Redis")))??;
        Ok(Self { conn, prefix: prefix.to_owned() })
    }

    pub fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn connection(&self) -> ConnectionManager {
        self.conn.clone()
    }

    pub async fn ping(&self) -> Result<(), AppError> {
        let mut conn = self.connection();
        redis::cmd("PING").query_async::<String>(&mut conn).await.map_err(unavailable)?;
        Ok(())
    }
}

pub(crate) fn unavailable(error: redis::RedisError) -> AppError {
    tracing::error!(%error, "redis");
    AppError::Unavailable("cache")
}

/// Revoked sessions, remembered in Redis for one access-token lifetime: after that every access
/// token of the session has expired anyway.
pub struct RedisSessionRevocations {
    redis: Redis,
    remember_secs: u64,
}

impl RedisSessionRevocations {
    pub fn new(redis: Redis, access_token_ttl_secs: u64) -> Self {
        // A margin over the token lifetime covers clock skew and verification leeway.
        Self { redis, remember_secs: access_token_ttl_secs + 60 }
    }

    fn key(&self, session_id: Uuid) -> String {
        self.redis.key(&format!("revoked-session:{session_id}"))
    }
}

#[async_trait]
impl SessionRevocations for RedisSessionRevocations {
    async fn revoke(&self, session_ids: &[Uuid]) -> Result<(), AppError> {
        if session_ids.is_empty() {
            return Ok(());
        }
        let mut pipe = redis::pipe();
        for id in session_ids {
            pipe.set_ex(self.key(*id), 1, self.remember_secs).ignore();
        }
        pipe.query_async::<()>(&mut self.redis.connection()).await.map_err(unavailable)
    }

    async fn is_revoked(&self, session_id: Uuid) -> Result<bool, AppError> {
        self.redis.connection().exists(self.key(session_id)).await.map_err(unavailable)
    }
}
