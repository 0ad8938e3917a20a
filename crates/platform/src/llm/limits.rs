//! What keeps LLM spending in check, in Redis so every replica shares it: the answer cache and
//! the per-model token bucket. Both step aside when Redis is down (a miss; no wait): the model
//! still answers, and the provider's own 429s remain the last limit.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use super::{Prompt, Reply};
use crate::cache::Redis;

/// Answers kept for the same model, prompt version and input.
pub(crate) struct ResponseCache {
    redis: Redis,
    ttl: Duration,
}

/// The cache key of a prompt to a model: everything that shapes the answer.
pub(crate) fn cache_key(provider: &str, model: &str, prompt: &Prompt) -> String {
    let mut hash = Sha256::new();
    for part in [provider, model, prompt.version] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    // The prompt's JSON form holds the system text, messages, schema and token limit.
    hash.update(serde_json::to_vec(prompt).unwrap_or_default());
    format!("llm:answer:{model}:{}:{:x}", prompt.version, hash.finalize())
}

impl ResponseCache {
    pub(crate) fn new(redis: Redis, ttl: Duration) -> Option<Self> {
        (!ttl.is_zero()).then_some(Self { redis, ttl })
    }

    pub(crate) async fn get(&self, key: &str) -> Option<Reply> {
        let mut conn = self.redis.connection();
        let stored: Option<String> =
            match self.redis.call(redis::cmd("GET").arg(self.redis.key(key)).query_async(&mut conn)).await {
                Ok(stored) => stored,
                Err(error) => {
                    tracing::warn!(%error, "llm cache unavailable: asking the model");
                    return None;
                }
            };
        serde_json::from_str(&stored?).ok()
    }

    pub(crate) async fn put(&self, key: &str, reply: &Reply) {
        let Ok(json) = serde_json::to_string(reply) else { return };
        let mut conn = self.redis.connection();
        let mut set = redis::cmd("SET");
        set.arg(self.redis.key(key)).arg(json).arg("EX").arg(self.ttl.as_secs());
        if let Err(error) = self.redis.call(set.query_async::<()>(&mut conn)).await {
            tracing::warn!(%error, "llm answer not cached");
        }
    }
}

// KEYS[1]: the bucket (hash: tokens, ts). ARGV: now_ms, capacity, refill per ms.
// Refills for the time since the last call, takes one token when there is one and answers 0,
// else answers the milliseconds until there is one (taking nothing).
const TOKEN_BUCKET_LUA: &str = r"
local now, capacity, rate = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
local ts = tonumber(redis.call('HGET', KEYS[1], 'ts'))
if tokens == nil or ts == nil then tokens = capacity; ts = now end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
return wait
";

/// Requests per minute per model, with a burst.
pub(crate) struct TokenBucket {
    redis: Redis,
    script: redis::Script,
    capacity: u32,
    per_ms: f64,
}

impl TokenBucket {
    pub(crate) fn new(redis: Redis, requests_per_minute: u32, burst: u32) -> Self {
        Self {
            redis,
            script: redis::Script::new(TOKEN_BUCKET_LUA),
            capacity: burst.max(1),
            per_ms: f64::from(requests_per_minute.max(1)) / 60_000.0,
        }
    }

    /// Takes a request's token for `model`: `None` when taken, else how long until one is free.
    pub(crate) async fn take(&self, model: &str) -> Option<Duration> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as u64;
        let mut conn = self.redis.connection();
        let mut call = self.script.key(self.redis.key(&format!("llm:bucket:{model}")));
        call.arg(now).arg(self.capacity).arg(self.per_ms);
        match self.redis.call(call.invoke_async::<u64>(&mut conn)).await {
            Ok(0) => None,
            Ok(wait_ms) => Some(Duration::from_millis(wait_ms)),
            Err(error) => {
                tracing::warn!(%error, "llm rate limiter unavailable: not waiting");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::{Message, OutputSchema, Tier};

    fn prompt(answer: &str) -> Prompt {
        Prompt {
            tier: Tier::Balanced,
            version: "feedback-1",
            system: "You score interview answers.".into(),
            messages: vec![Message::user(answer)],
            max_output_tokens: 800,
            schema: Some(OutputSchema { name: "feedback", schema: serde_json::json!({"type": "object"}) }),
        }
    }

    #[test]
    fn the_cache_key_changes_with_anything_that_shapes_the_answer() {
        let base = cache_key("anthropic", "claude-sonnet-4-5", &prompt("Lideré la migración"));
        assert_eq!(base, cache_key("anthropic", "claude-sonnet-4-5", &prompt("Lideré la migración")));
        assert!(base.starts_with("llm:answer:claude-sonnet-4-5:feedback-1:"));
        assert_ne!(base, cache_key("anthropic", "claude-sonnet-4-5", &prompt("Lideré la migración.")));
        assert_ne!(base, cache_key("anthropic", "claude-haiku-4-5", &prompt("Lideré la migración")));
        assert_ne!(base, cache_key("openai", "claude-sonnet-4-5", &prompt("Lideré la migración")));
        let newer = Prompt { version: "feedback-2", ..prompt("Lideré la migración") };
        assert_ne!(base, cache_key("anthropic", "claude-sonnet-4-5", &newer));
        let longer = Prompt { max_output_tokens: 900, ..prompt("Lideré la migración") };
        assert_ne!(base, cache_key("anthropic", "claude-sonnet-4-5", &longer));
    }
}
