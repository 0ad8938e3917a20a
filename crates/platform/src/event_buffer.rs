//! Product events from hot read paths (job searches, match lists), where a database transaction
//! per request would cost more than the request itself (a cached search answers in well under a
//! millisecond): pushed onto a Redis list, and moved into `analytics.events` by the analytics
//! context's drain, next to the outbox's events. Best effort, unlike the outbox: a push that
//! fails is logged and the request goes on, and what Redis loses is lost. Each event carries its
//! id, so an event stored twice (a drain that stopped between storing and trimming) is kept once.

use chrono::{DateTime, Utc};
use kernel::AppError;
use kernel::tracking::ProductEvent;
use redis::AsyncCommands;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::cache::Redis;

const LIST: &str = "analytics:buffered_events";

/// An event as the list holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BufferedEvent {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub name: String,
    pub user_id: Option<Uuid>,
    pub tenant_id: Option<Uuid>,
    pub properties: serde_json::Value,
}

#[derive(Clone)]
pub struct EventBuffer {
    redis: Redis,
}

impl EventBuffer {
    pub fn new(redis: Redis) -> Self {
        Self { redis }
    }

    /// Appends `event`; a failure is logged, never returned.
    pub async fn push(&self, event: &ProductEvent) {
        let buffered = BufferedEvent {
            id: kernel::ids::new_id(),
            occurred_at: Utc::now(),
            name: event.name.to_owned(),
            user_id: event.user_id,
            tenant_id: event.tenant_id,
            properties: event.properties.clone(),
        };
        let Ok(json) = serde_json::to_string(&buffered) else { return };
        let mut conn = self.redis.connection();
        let key = self.redis.key(LIST);
        if let Err(error) = self.redis.call(conn.rpush::<_, _, i64>(key, json)).await {
            tracing::warn!(%error, event = event.name, "a product event was not buffered");
        }
    }

    /// The oldest `count` events, left in place until [`Self::forget`]; lines that do not parse
    /// are skipped (and forgotten with the others).
    pub async fn oldest(&self, count: usize) -> Result<(usize, Vec<BufferedEvent>), AppError> {
        let mut conn = self.redis.connection();
        let stop = isize::try_from(count).unwrap_or(isize::MAX).saturating_sub(1);
        let lines: Vec<String> = self.redis.call(conn.lrange(self.redis.key(LIST), 0, stop)).await?;
        let events = lines.iter().filter_map(|line| serde_json::from_str(line).ok()).collect();
        Ok((lines.len(), events))
    }

    /// Drops the oldest `count` events (those [`Self::oldest`] gave, once they are stored).
    pub async fn forget(&self, count: usize) -> Result<(), AppError> {
        let mut conn = self.redis.connection();
        let start = isize::try_from(count).unwrap_or(isize::MAX);
        self.redis.call(conn.ltrim::<_, ()>(self.redis.key(LIST), start, -1)).await
    }
}
