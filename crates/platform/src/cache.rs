//! The Redis connection shared by the cache-backed adapters, with a key prefix so several
//! deployments (or tests) can share one server without seeing each other's keys.
//!
//! Redis must never make the API hang: commands time out quickly, and after a failure a breaker
//! answers "unavailable" at once for a short while instead of letting requests queue behind a
//! dead server.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use kernel::AppError;
use kernel::auth::{SessionLedger, SessionRevocations};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use uuid::Uuid;

/// How long a command or a connection attempt may take before Redis counts as down.
const COMMAND_TIMEOUT: Duration = Duration::from_millis(500);
/// How long the breaker stays open after a failure.
const BREAKER_OPEN: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub struct Redis {
    conn: ConnectionManager,
    prefix: String,
    /// Unix milliseconds until which calls fail fast; 0 when closed.
    open_until_ms: Arc<AtomicU64>,
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as u64
}

impl Redis {
    /// Connects (reconnecting by itself later); fails when the server cannot be reached now.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(COMMAND_TIMEOUT))
            .set_response_timeout(Some(COMMAND_TIMEOUT))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(200));
        let conn = tokio::time::timeout(Duration::from_secs(5), client.get_connection_manager_with_config(config))
            .await
            .map_err(|_| redis::RedisError::from((redis::ErrorKind::Io, "timed out connecting to Redis")))??;
        Ok(Self { conn, prefix: prefix.to_owned(), open_until_ms: Arc::new(AtomicU64::new(0)) })
    }

    pub fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    pub fn connection(&self) -> ConnectionManager {
        self.conn.clone()
    }

    /// Runs one Redis call under the breaker: refused at once while it is open, and a failure
    /// or a call slower than the timeout opens it.
    pub async fn call<T>(&self, work: impl Future<Output = redis::RedisResult<T>>) -> Result<T, AppError> {
        if now_ms() < self.open_until_ms.load(Ordering::Relaxed) {
            return Err(AppError::Unavailable("cache"));
        }
        let outcome = match tokio::time::timeout(COMMAND_TIMEOUT * 2, work).await {
            Ok(outcome) => outcome,
            Err(_) => Err(redis::RedisError::from((redis::ErrorKind::Io, "Redis call timed out"))),
        };
        outcome.map_err(|error| {
            if !error.is_unrecoverable_error() || error.is_io_error() || error.is_timeout() {
                self.open_until_ms.store(now_ms() + BREAKER_OPEN.as_millis() as u64, Ordering::Relaxed);
            }
            unavailable(error)
        })
    }

    pub async fn ping(&self) -> Result<(), AppError> {
        let mut conn = self.connection();
        self.call(redis::cmd("PING").query_async::<String>(&mut conn)).await.map(drop)
    }
}

pub(crate) fn unavailable(error: redis::RedisError) -> AppError {
    tracing::error!(%error, "redis");
    AppError::Unavailable("cache")
}

/// Revoked sessions, remembered in Redis for one access-token lifetime (after that every access
/// token of the session has expired anyway), in front of the session ledger.
///
/// A session that is neither on the deny-list nor vouched for recently is looked up in the
/// ledger, and a live answer is cached for `confirm_secs`. So if Redis loses its data, a session
/// revoked in the database is refused again within `confirm_secs`, not only when its tokens
/// expire; and while Redis is down, the ledger alone answers.
pub struct RedisSessionRevocations {
    redis: Redis,
    ledger: Arc<dyn SessionLedger>,
    remember_secs: u64,
    confirm_secs: u64,
}

impl RedisSessionRevocations {
    pub fn new(redis: Redis, ledger: Arc<dyn SessionLedger>, access_token_ttl_secs: u64, confirm_secs: u64) -> Self {
        // A margin over the token lifetime covers clock skew and verification leeway.
        Self { redis, ledger, remember_secs: access_token_ttl_secs + 60, confirm_secs }
    }

    fn revoked_key(&self, session_id: Uuid) -> String {
        self.redis.key(&format!("revoked-session:{session_id}"))
    }

    fn live_key(&self, session_id: Uuid) -> String {
        self.redis.key(&format!("live-session:{session_id}"))
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
            pipe.set_ex(self.revoked_key(*id), 1, self.remember_secs).ignore();
            pipe.del(self.live_key(*id)).ignore();
        }
        self.redis.call(pipe.query_async::<()>(&mut self.redis.connection())).await
    }

    async fn is_revoked(&self, user_id: Uuid, session_id: Uuid) -> Result<bool, AppError> {
        let (revoked_key, live_key) = (self.revoked_key(session_id), self.live_key(session_id));
        let mut conn = self.redis.connection();
        let cached = self
            .redis
            .call(redis::pipe().exists(&revoked_key).exists(&live_key).query_async::<(bool, bool)>(&mut conn))
            .await;
        match cached {
            Ok((true, _)) => return Ok(true),
            Ok((false, true)) => return Ok(false),
            Ok((false, false)) => {}
            Err(error) => {
                tracing::warn!(%error, "session deny-list unavailable: asking the ledger");
                return Ok(!self.ledger.is_live(user_id, session_id).await?);
            }
        }
        let live = self.ledger.is_live(user_id, session_id).await?;
        let (key, ttl) = if live { (live_key, self.confirm_secs) } else { (revoked_key, self.remember_secs) };
        let remembered: redis::RedisResult<()> =
            redis::cmd("SET").arg(&key).arg(1).arg("EX").arg(ttl).query_async(&mut conn).await;
        if let Err(error) = remembered {
            tracing::warn!(%error, "could not cache a session check");
        }
        Ok(!live)
    }
}
