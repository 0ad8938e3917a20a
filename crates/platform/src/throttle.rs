//! Sliding-window counters in Redis, for limits such as "20 sign-ups per hour", and failure
//! counters for back-off ("how many failures, and when was the last one").

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

/// Failures counted under a key: how many, and when the last one happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    pub last_at_ms: u64,
}

/// Exponential back-off after failures (OWASP's advice for logins, rather than a hard lock):
/// the first `free` failures cost nothing, then each one makes the next attempt wait twice as
/// long as the one before, from one second up to `max_delay`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackOff {
    pub free: u32,
    pub max_delay: Duration,
}

impl BackOff {
    /// How long after the last of `count` failures the next attempt must wait.
    pub fn delay_after(&self, count: u32) -> Duration {
        match count.checked_sub(self.free) {
            None => Duration::ZERO,
            Some(extra) => Duration::from_secs(1u64 << extra.min(30)).min(self.max_delay),
        }
    }

    /// Seconds still to wait at `now_ms`, if the failures so far impose a wait.
    pub fn retry_after_secs(&self, failures: Option<Failures>, now_ms: u64) -> Option<u64> {
        let failures = failures?;
        let until = failures.last_at_ms.saturating_add(self.delay_after(failures.count).as_millis() as u64);
        (until > now_ms).then(|| (until - now_ms).div_ceil(1000))
    }

    /// How long failures are remembered: long enough that waiting out the longest delay does
    /// not reset the count.
    pub fn memory(&self) -> Duration {
        self.max_delay * 4 + Duration::from_secs(3600)
    }
}

#[async_trait]
pub trait Throttle: Send + Sync {
    /// Whether one more event would still be within the limit, without counting one.
    async fn check(&self, key: &str, rule: Window) -> Result<Verdict, AppError>;
    /// Counts one event, whatever the count (e.g. a failed login).
    async fn record(&self, key: &str, rule: Window) -> Result<(), AppError>;
    /// Counts one event when it is within the limit, atomically; refused events are not counted.
    async fn hit(&self, key: &str, rule: Window) -> Result<Verdict, AppError>;
    /// Counts `member` once in the window however often it is recorded, so the limit is on
    /// distinct members (e.g. distinct accounts failing from one IP address).
    async fn record_distinct(&self, key: &str, member: &str, rule: Window) -> Result<(), AppError>;
    /// Forgets every event under the key.
    async fn reset(&self, key: &str) -> Result<(), AppError>;

    /// The failures counted under `key`, if any are remembered.
    async fn failures(&self, key: &str) -> Result<Option<Failures>, AppError>;
    /// Counts one failure now; the count is forgotten `keep` after the last failure.
    async fn fail(&self, key: &str, keep: Duration) -> Result<Failures, AppError>;
    /// Forgets the failures under `key` (after a success).
    async fn clear_failures(&self, key: &str) -> Result<(), AppError>;
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

    fn failures_key(&self, key: &str) -> String {
        self.redis.key(&format!("failures:{key}"))
    }

    async fn run(&self, key: &str, rule: Window, mode: &str) -> Result<(u64, u64), AppError> {
        self.run_with_member(key, rule, mode, &kernel::ids::new_id().to_string()).await
    }

    async fn run_with_member(&self, key: &str, rule: Window, mode: &str, member: &str) -> Result<(u64, u64), AppError> {
        let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis();
        let mut invocation = self.script.key(self.redis.key(&format!("throttle:{key}")));
        invocation.arg(now_ms as u64).arg(rule.window.as_millis() as u64).arg(rule.limit).arg(mode).arg(member);
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

    async fn record_distinct(&self, key: &str, member: &str, rule: Window) -> Result<(), AppError> {
        self.run_with_member(key, rule, "record", member).await.map(drop)
    }

    async fn failures(&self, key: &str) -> Result<Option<Failures>, AppError> {
        let mut conn = self.redis.connection();
        let (count, last_at_ms): (Option<u32>, Option<u64>) = self
            .redis
            .call(redis::cmd("HMGET").arg(self.failures_key(key)).arg("count").arg("last").query_async(&mut conn))
            .await?;
        Ok(count.zip(last_at_ms).map(|(count, last_at_ms)| Failures { count, last_at_ms }))
    }

    async fn fail(&self, key: &str, keep: Duration) -> Result<Failures, AppError> {
        let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as u64;
        let key = self.failures_key(key);
        let mut conn = self.redis.connection();
        let (count,): (u32,) = self
            .redis
            .call(
                redis::pipe()
                    .atomic()
                    .hincr(&key, "count", 1)
                    .hset(&key, "last", now_ms)
                    .ignore()
                    .pexpire(&key, keep.as_millis() as i64)
                    .ignore()
                    .query_async(&mut conn),
            )
            .await?;
        Ok(Failures { count, last_at_ms: now_ms })
    }

    async fn clear_failures(&self, key: &str) -> Result<(), AppError> {
        let mut conn = self.redis.connection();
        self.redis.call(redis::cmd("DEL").arg(self.failures_key(key)).query_async::<()>(&mut conn)).await
    }

    async fn reset(&self, key: &str) -> Result<(), AppError> {
        let mut conn = self.redis.connection();
        self.redis
            .call(redis::cmd("DEL").arg(self.redis.key(&format!("throttle:{key}"))).query_async::<()>(&mut conn))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: BackOff = BackOff { free: 3, max_delay: Duration::from_secs(900) };

    #[test]
    fn delays_double_after_the_free_failures_up_to_the_cap() {
        let delays: Vec<u64> = (0..8).map(|n| POLICY.delay_after(n).as_secs()).collect();
        assert_eq!(delays, vec![0, 0, 0, 1, 2, 4, 8, 16]);
        assert_eq!(POLICY.delay_after(40).as_secs(), 900);
        assert_eq!(POLICY.delay_after(u32::MAX).as_secs(), 900);
    }

    #[test]
    fn retry_after_counts_from_the_last_failure() {
        let failures = Some(Failures { count: 5, last_at_ms: 10_000 });
        assert_eq!(POLICY.retry_after_secs(failures, 10_500), Some(4), "4 s after the 5th, 0.5 s gone");
        assert_eq!(POLICY.retry_after_secs(failures, 14_000), None);
        assert_eq!(POLICY.retry_after_secs(None, 10_000), None);
        assert_eq!(POLICY.retry_after_secs(Some(Failures { count: 2, last_at_ms: 10_000 }), 10_000), None);
        assert!(POLICY.memory() > POLICY.max_delay);
    }
}
