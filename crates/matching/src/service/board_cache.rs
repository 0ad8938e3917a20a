//! Answers computed from the job board, kept in Redis (best effort: without Redis everything is
//! computed). Every key carries the board's version, bumped after each write that may change
//! what the board shows, so a write makes every cached search, match list and insight stale at
//! once; each also expires on its own.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::MatchingService;

const BOARD_VERSION: &str = "matching:board:version";

impl MatchingService {
    /// Marks every cached answer stale (after the write committed).
    pub(super) async fn board_changed(&self) {
        let cache = &self.inner.cache;
        let mut conn = cache.connection();
        let bumped = cache.call(redis::cmd("INCR").arg(cache.key(BOARD_VERSION)).query_async::<i64>(&mut conn)).await;
        if let Err(error) = bumped {
            tracing::warn!(%error, "cached answers may stay stale until they expire");
        }
    }

    /// The key of a `kind` of answer to `asked` as the board is now; none without Redis.
    pub(super) async fn board_key(&self, kind: &str, asked: &impl Debug) -> Option<String> {
        let cache = &self.inner.cache;
        let mut conn = cache.connection();
        let mut get = redis::cmd("GET");
        get.arg(cache.key(BOARD_VERSION));
        let version = cache.call(get.query_async::<Option<i64>>(&mut conn)).await.ok()?.unwrap_or(0);
        let asked = Sha256::digest(format!("{asked:?}").as_bytes());
        Some(format!("matching:{kind}:{version}:{asked:x}"))
    }

    pub(super) async fn cached<T: DeserializeOwned>(&self, key: Option<&str>) -> Option<T> {
        let cache = &self.inner.cache;
        let mut conn = cache.connection();
        let text = cache.call(redis::cmd("GET").arg(cache.key(key?)).query_async::<Option<String>>(&mut conn)).await;
        serde_json::from_str(&text.ok()??).ok()
    }

    pub(super) async fn keep<T: Serialize>(&self, key: Option<&str>, value: &T, seconds: u64) {
        let (Some(key), Ok(text)) = (key, serde_json::to_string(value)) else { return };
        let cache = &self.inner.cache;
        let mut conn = cache.connection();
        let mut stored = redis::cmd("SET");
        stored.arg(cache.key(key)).arg(text).arg("EX").arg(seconds);
        if let Err(error) = cache.call(stored.query_async::<()>(&mut conn)).await {
            tracing::debug!(%error, "an answer was not cached");
        }
    }
}
