//! What the HTTP adapters to outside APIs (embeddings, LLM, transcription) share: how a failed
//! request is classified, how long to wait before the next try, and the provider's own words
//! about a refusal.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use kernel::AppError;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{RequestBuilder, StatusCode};

/// No wait between retries is longer, whatever the provider's `Retry-After` asks.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(10);
/// A server that does not accept a connection this fast is down, whatever the request timeout.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Why one request failed.
#[derive(Debug)]
pub enum Failure {
    /// Worth another try: the provider is busy, down or slow.
    Transient { reason: String, retry_after: Option<Duration> },
    /// Trying again would get the same answer.
    Final(AppError),
}

impl Failure {
    /// A request that could not be sent or whose answer was cut: a builder error is ours (final),
    /// anything else (refused connection, timeout, reset) is worth another try.
    pub fn lost(error: reqwest::Error, broken: impl FnOnce(String) -> AppError) -> Self {
        if error.is_builder() {
            Failure::Final(broken(format!("the request cannot be built: {error}")))
        } else {
            Failure::Transient { reason: error.to_string(), retry_after: None }
        }
    }

    /// An unsuccessful status: 408, 429 and 5xx (Anthropic's 529 "overloaded" among them) are
    /// transient; any other (400 an input refused, 401/403 the key, 404 the URL or model) is a
    /// misconfiguration the operator must fix.
    pub fn refused(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        broken: impl FnOnce(String) -> AppError,
    ) -> Self {
        let reason = format!("{status}: {}", provider_message(body));
        if status == StatusCode::REQUEST_TIMEOUT || status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
        {
            Failure::Transient { reason, retry_after: retry_after(headers) }
        } else {
            Failure::Final(broken(format!("the request was refused with {reason}")))
        }
    }
}

/// Sends one request and reads its whole answer: the body of a success, else why it failed.
/// `broken` words a failure the operator must fix.
pub async fn exchange(request: RequestBuilder, broken: impl Fn(String) -> AppError) -> Result<Bytes, Failure> {
    let response = request.send().await.map_err(|e| Failure::lost(e, &broken))?;
    let (status, headers) = (response.status(), response.headers().clone());
    let answer = response.bytes().await.map_err(|e| Failure::lost(e, &broken))?;
    if status.is_success() {
        return Ok(answer);
    }
    Err(Failure::refused(status, &headers, &answer, broken))
}

/// How often a request is tried again, and the first wait.
#[derive(Debug, Clone, Copy)]
pub struct Retries {
    pub max: u32,
    pub base_delay: Duration,
}

/// Runs `attempt` until it succeeds or fails for good; transient failures are retried
/// `retries.max` times with [`jittered_delay`], then `service` is unavailable.
pub async fn with_retries<T, Attempt>(
    service: &'static str,
    endpoint: &str,
    retries: Retries,
    mut attempt: impl FnMut() -> Attempt,
) -> Result<T, AppError>
where
    Attempt: Future<Output = Result<T, Failure>>,
{
    let mut retry = 0;
    loop {
        match attempt().await {
            Ok(answer) => return Ok(answer),
            Err(Failure::Transient { reason, retry_after }) if retry < retries.max => {
                let delay = jittered_delay(retries.base_delay, retry, retry_after);
                tracing::warn!(service, endpoint, %reason, retry = retry + 1, ?delay, "retrying");
                tokio::time::sleep(delay).await;
                retry += 1;
            }
            Err(Failure::Transient { reason, .. }) => {
                tracing::error!(service, endpoint, %reason, attempts = retry + 1, "giving up");
                return Err(AppError::Unavailable(service));
            }
            Err(Failure::Final(error)) => return Err(error),
        }
    }
}

/// `Retry-After` in seconds (the HTTP-date form is not used by these providers).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    headers.get(RETRY_AFTER).and_then(|value| value.to_str().ok()?.trim().parse().ok()).map(Duration::from_secs)
}

/// The provider's own words about a refusal: OpenAI's `{"error": {"message": …}}`, Anthropic's
/// `{"type": "error", "error": {"type": …, "message": …}}`, Mercado Pago's `{"message": …,
/// "error": "bad_request"}` and their common variants, else the start of the body.
pub fn provider_message(answer: &[u8]) -> String {
    let json: Option<serde_json::Value> = serde_json::from_slice(answer).ok();
    let message = json.as_ref().and_then(|json| {
        json.pointer("/error/message").or_else(|| json.get("message")).or_else(|| json.get("error"))?.as_str()
    });
    match message {
        Some(message) => message.chars().take(300).collect(),
        None => String::from_utf8_lossy(answer).chars().take(300).collect(),
    }
}

/// The wait before retry number `retry` (from 0): `base`, twice that, four times … spread by up
/// to ±25% (`jitter` in [-1, 1]) so clients refused together do not come back together; at
/// least what the provider's `Retry-After` asked; never over [`MAX_RETRY_DELAY`].
pub fn retry_delay(base: Duration, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
    let backoff = base.saturating_mul(1 << retry.min(16)).min(MAX_RETRY_DELAY);
    let spread = backoff.mul_f64(1.0 + 0.25 * jitter.clamp(-1.0, 1.0));
    spread.max(retry_after.unwrap_or_default()).min(MAX_RETRY_DELAY)
}

/// [`retry_delay`] with a random jitter.
pub fn jittered_delay(base: Duration, retry: u32, retry_after: Option<Duration>) -> Duration {
    use rand::Rng;
    retry_delay(base, retry, retry_after, rand::thread_rng().gen_range(-1.0..=1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_reported_in_the_providers_words() {
        let openai = br#"{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}"#;
        assert_eq!(provider_message(openai), "Incorrect API key provided");
        let anthropic = br#"{"type": "error", "error": {"type": "rate_limit_error", "message": "Number of requests has exceeded your rate limit"}}"#;
        assert_eq!(provider_message(anthropic), "Number of requests has exceeded your rate limit");
        assert_eq!(provider_message(br#"{"error": "model not found"}"#), "model not found");
        assert_eq!(provider_message(b"Bad Gateway"), "Bad Gateway");
        assert_eq!(provider_message("ñ".repeat(500).as_bytes()).chars().count(), 300);
    }

    #[test]
    fn busy_and_broken_providers_are_told_apart() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "3".parse().unwrap());
        let broken = |problem: String| AppError::Internal(problem);
        for status in [408, 429, 500, 503, 529] {
            let status = StatusCode::from_u16(status).unwrap();
            match Failure::refused(status, &headers, b"{}", broken) {
                Failure::Transient { retry_after, .. } => assert_eq!(retry_after, Some(Duration::from_secs(3))),
                Failure::Final(error) => panic!("{status} is worth another try, not {error}"),
            }
        }
        for status in [400, 401, 403, 404, 422] {
            let status = StatusCode::from_u16(status).unwrap();
            assert!(matches!(Failure::refused(status, &headers, b"{}", broken), Failure::Final(_)), "{status}");
        }
    }

    #[test]
    fn retries_back_off_exponentially_within_bounds() {
        let base = Duration::from_millis(250);
        let plain: Vec<u128> = (0..4).map(|n| retry_delay(base, n, None, 0.0).as_millis()).collect();
        assert_eq!(plain, vec![250, 500, 1000, 2000]);
        assert_eq!(retry_delay(base, 30, None, 0.0), MAX_RETRY_DELAY);
        assert_eq!(retry_delay(base, 0, None, 1.0).as_millis(), 312);
        assert_eq!(retry_delay(base, 0, None, -9.0).as_millis(), 187, "jitter is clamped");
        assert_eq!(retry_delay(base, 0, Some(Duration::from_secs(3)), 0.0), Duration::from_secs(3));
        assert_eq!(retry_delay(base, 0, Some(Duration::from_secs(3600)), 0.0), MAX_RETRY_DELAY);
    }
}
