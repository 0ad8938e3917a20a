//! Sliding-window counters in Redis, for limits such as "5 failed logins in 15 minutes".

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use kernel::AppError;

use crate::cache::Redis;

/// At most `limit` events in any `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub limit: u32,
    pub window: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// The limit is reached; the oldest counted event leaves the window after this long.
    Limited {
        retry_after_secs: u64,
    },
}

#[async_trait]
pub trait Throttle: Send + Sync {
    /// Whether one more event would still be within the limit, without counting one.
    async fn check(&self, key: &str, rule: Window) -> Result<Verdict, AppError>;
    /// Counts one event, whatever the count (e.g. a failed login).
    async fn record(&self, key: &str, rule: Window) -> Result<(), AppError>;
    /// Counts one event when it is within the limit, atomically; refused events are not counted.
    async fn hit(&self, key: &str, rule: Window) -> Result<Verdict, AppError>;
    /// Forgets every event under the key.
    async fn reset(&self, key: &str) -> Result<(), AppError>;
}

pub struct RedisThrottle {
    redis: Redis,
    script: redis::Script,
}

// KEYS[1]: the sorted set of event times (ms). ARGV: now_ms, window_ms, limit, mode, member.
// Drops events older than the window; `record` adds the event, `hit` adds it only while under the
// limit, `check` adds nothing. Answers the count and, when the limit is reached, the
// milliseconds until enough events leave the window.
const SLIDING_WINDOW_LUA: &str = r"
local key, now, window, limit, mode, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if mode == 'record' or (mode == 'hit' and count < limit) then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  if mode == 'hit' then return {count, 0} end
  count = count + 1
end
local wait = 0
if count >= limit then
  local pivot = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
  wait = tonumber(pivot[2]) + window - now
end
return {count, wait}
";

impl RedisThrottle {
    pub fn new(redis: Redis) -> Self {
        Self { redis, script: redis::Script::new(SLIDING_WINDOW_LUA) }
    }

    async fn run(&self, key: &str, rule: Window, mode: &str) -> Result<(u64, u64), AppError> {
        let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis();
        let mut invocation = self.script.key(self.redis.key(&format!("throttle:{key}")));
        invocation
            .arg(now_ms as u64)
            .arg(rule.window.as_millis() as u64)
            .arg(rule.limit)
            .arg(mode)
            .arg(kernel::ids::new_id().to_string());
        self.redis.call(invocation.invoke_async(&mut self.redis.connection())).await
    }
}

fn verdict(count: u64, wait_ms: u64, rule: Window) -> Verdict {
    if count >= u64::from(rule.limit) {
        Verdict::Limited { retry_after_secs: wait_ms.div_ceil(1000).max(1) }
    } else {
        Verdict::Allowed
    }
}

#[async_trait]
impl Throttle for RedisThrottle {
    async fn check(&self, key: &str, rule: Window) -> Result<Verdict, AppError> {
        let (count, wait_ms) = self.run(key, rule, "check").await?;
        Ok(verdict(count, wait_ms, rule))
    }

    async fn record(&self, key: &str, rule: Window) -> Result<(), AppError> {
        self.run(key, rule, "record").await.map(drop)
    }

    async fn hit(&self, key: &str, rule: Window) -> Result<Verdict, AppError> {
        // `hit` answers the count before its own event: under the limit means it was counted.
        let (count, wait_ms) = self.run(key, rule, "hit").await?;
        Ok(verdict(count, wait_ms, rule))
    }

    async fn reset(&self, key: &str) -> Result<(), AppError> {
        let mut conn = self.redis.connection();
        self.redis
            .call(redis::cmd("DEL").arg(self.redis.key(&format!("throttle:{key}"))).query_async::<()>(&mut conn))
            .await
    }
}
