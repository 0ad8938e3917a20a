//! [`Llm`]: the port the contexts call. One request's path: cache → token bucket → adapter,
//! retried with back-off → usage and cost → cache; for structured output, the answer is parsed
//! and checked, and a bad one is shown back to the model once to be repaired.

use std::sync::Arc;
use std::time::Duration;

use kernel::AppError;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc;

use super::anthropic::AnthropicApi;
use super::limits::{ResponseCache, TokenBucket, cache_key};
use super::openai::OpenAiApi;
use super::settings::{LlmSettings, Provider};
use super::{ChatApi, DeltaSink, Endpoint, Message, Prompt, Reply, Tier, Usage, json_text};
use crate::cache::Redis;
use crate::http_retry::{CONNECT_TIMEOUT, Failure, jittered_delay};

/// The longest a request waits for its model's rate to allow it before giving up.
const MAX_RATE_WAIT: Duration = Duration::from_secs(10);

/// A finished answer with what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub text: String,
    /// The model that answered (as the provider names it).
    pub model: String,
    /// Tokens this call consumed (none when the answer came from the cache).
    pub usage: Usage,
    pub cost_micro_usd: u64,
    pub cached: bool,
}

/// A checked structured answer.
#[derive(Debug, Clone)]
pub struct Structured<T> {
    pub value: T,
    /// Usage and cost add up the repair request when there was one.
    pub completion: Completion,
    pub repaired: bool,
}

#[derive(Clone)]
pub struct Llm {
    inner: Arc<Inner>,
}

struct Inner {
    settings: LlmSettings,
    api: Box<dyn ChatApi>,
    cache: Option<ResponseCache>,
    bucket: Option<TokenBucket>,
}

impl Llm {
    /// The adapter the settings name; without Redis (tools, tests) nothing is cached or
    /// rate-limited here.
    pub fn new(settings: LlmSettings, redis: Option<Redis>) -> Result<Self, AppError> {
        let client = reqwest::Client::builder()
            .connect_timeout(settings.timeout.min(CONNECT_TIMEOUT))
            .read_timeout(settings.timeout)
            .build()
            .map_err(|e| AppError::Internal(format!("llm HTTP client: {e}")))?;
        let endpoint = |route: &str| Endpoint {
            client: client.clone(),
            url: format!("{}{route}", settings.url),
            api_key: settings.api_key.clone(),
            timeout: settings.timeout,
        };
        let api: Box<dyn ChatApi> = match settings.provider {
            Provider::Anthropic => Box::new(AnthropicApi(endpoint("/v1/messages"))),
            Provider::OpenAi => Box::new(OpenAiApi(endpoint("/chat/completions"))),
        };
        let cache = redis.clone().and_then(|redis| ResponseCache::new(redis, settings.cache_ttl));
        let bucket = redis.map(|redis| TokenBucket::new(redis, settings.requests_per_minute, settings.burst));
        Ok(Self { inner: Arc::new(Inner { settings, api, cache, bucket }) })
    }

    /// The model a tier uses.
    pub fn model(&self, tier: Tier) -> &str {
        &self.inner.settings.tier(tier).model
    }

    /// A text answer.
    pub async fn complete(&self, prompt: &Prompt) -> Result<Completion, AppError> {
        self.answer(prompt, None, |_| Ok(())).await.map(|(completion, _)| completion)
    }

    /// A text answer, its pieces sent to `deltas` as the model writes them.
    pub async fn stream(&self, prompt: &Prompt, deltas: mpsc::Sender<String>) -> Result<Completion, AppError> {
        let sink = DeltaSink::new(deltas);
        self.answer(prompt, Some(&sink), |_| Ok(())).await.map(|(completion, _)| completion)
    }

    /// A JSON answer (the prompt carries its schema) read as `T` and accepted by `check`; a bad
    /// one is sent back once with what is wrong. Only an accepted answer is cached. Streams
    /// the JSON as it is written when `deltas` is given.
    pub async fn structured<T: DeserializeOwned>(
        &self,
        prompt: &Prompt,
        deltas: Option<mpsc::Sender<String>>,
        check: impl Fn(&T) -> Result<(), String>,
    ) -> Result<Structured<T>, AppError> {
        let sink = deltas.map(DeltaSink::new);
        let read = |text: &str| -> Result<T, String> {
            let value: T =
                serde_json::from_str(json_text(text)).map_err(|e| format!("it is not the JSON asked for: {e}"))?;
            check(&value)?;
            Ok(value)
        };
        let (completion, first) = self.answer(prompt, sink.as_ref(), |text| read(text).map(drop)).await?;
        if first.is_ok() {
            let value = read(&completion.text).map_err(|e| self.broken(prompt, e))?;
            return Ok(Structured { value, completion, repaired: false });
        }
        let problem = first.err().unwrap_or_default();
        tracing::warn!(model = %completion.model, schema = prompt.schema.as_ref().map(|s| s.name), %problem, "llm: asking for a repair");
        let mut repair = prompt.clone();
        repair.messages.push(Message::assistant(completion.text.clone()));
        repair.messages.push(Message::user(format!(
            "That answer cannot be used: {problem}. Answer again with only the corrected JSON object that the schema describes."
        )));
        let (second, verdict) = self.answer(&repair, sink.as_ref(), |text| read(text).map(drop)).await?;
        let value = match verdict {
            Ok(()) => read(&second.text).map_err(|e| self.broken(prompt, e))?,
            Err(problem) => {
                tracing::error!(model = %second.model, %problem, "llm: the repaired answer is still unusable");
                return Err(AppError::Unavailable("llm"));
            }
        };
        // The repaired answer stands for the original question from now on.
        self.remember(prompt, &Reply { text: second.text.clone(), model: second.model.clone(), usage: second.usage })
            .await;
        let usage = completion.usage + second.usage;
        let completion = Completion {
            text: second.text,
            model: second.model,
            usage,
            cost_micro_usd: completion.cost_micro_usd + second.cost_micro_usd,
            cached: false,
        };
        Ok(Structured { value, completion, repaired: true })
    }

    /// One answer, from the cache or the model (retried), with its cost; `accept` says whether
    /// it may be cached, and its verdict is handed back.
    async fn answer(
        &self,
        prompt: &Prompt,
        deltas: Option<&DeltaSink>,
        accept: impl Fn(&str) -> Result<(), String>,
    ) -> Result<(Completion, Result<(), String>), AppError> {
        let tier = self.inner.settings.tier(prompt.tier);
        let key = cache_key(self.inner.settings.provider.as_str(), &tier.model, prompt);
        if let Some(cache) = &self.inner.cache
            && let Some(reply) = cache.get(&key).await
            && accept(&reply.text).is_ok()
        {
            if let Some(deltas) = deltas {
                deltas.push(&reply.text).await;
            }
            let completion = Completion {
                text: reply.text,
                model: reply.model,
                usage: Usage::default(),
                cost_micro_usd: 0,
                cached: true,
            };
            return Ok((completion, Ok(())));
        }
        let reply = self.ask(prompt, &tier.model, deltas).await?;
        let verdict = accept(&reply.text);
        if verdict.is_ok()
            && let Some(cache) = &self.inner.cache
        {
            cache.put(&key, &reply).await;
        }
        let cost_micro_usd = tier.price.micro_usd(reply.usage);
        tracing::info!(model = %reply.model, version = prompt.version, input_tokens = reply.usage.input_tokens,
            output_tokens = reply.usage.output_tokens, cost_micro_usd, "llm: answered");
        Ok((
            Completion { text: reply.text, model: reply.model, usage: reply.usage, cost_micro_usd, cached: false },
            verdict,
        ))
    }

    async fn remember(&self, prompt: &Prompt, reply: &Reply) {
        if let Some(cache) = &self.inner.cache {
            let model = &self.inner.settings.tier(prompt.tier).model;
            cache.put(&cache_key(self.inner.settings.provider.as_str(), model, prompt), reply).await;
        }
    }

    /// The model's answer, waiting for the rate limit and retrying what may pass next time
    /// (never once pieces of a streamed answer went out).
    async fn ask(&self, prompt: &Prompt, model: &str, deltas: Option<&DeltaSink>) -> Result<Reply, AppError> {
        let settings = &self.inner.settings;
        let mut retry = 0;
        loop {
            self.wait_for_rate(model).await?;
            match self.inner.api.send(model, prompt, deltas).await {
                Ok(reply) => return Ok(reply),
                Err(Failure::Transient { reason, retry_after })
                    if retry < settings.max_retries && !deltas.is_some_and(DeltaSink::sent_any) =>
                {
                    let delay = jittered_delay(settings.retry_base_delay, retry, retry_after);
                    tracing::warn!(endpoint = self.inner.api.endpoint(), %model, %reason, retry = retry + 1, ?delay, "llm: retrying");
                    tokio::time::sleep(delay).await;
                    retry += 1;
                }
                Err(Failure::Transient { reason, .. }) => {
                    tracing::error!(endpoint = self.inner.api.endpoint(), %model, %reason, attempts = retry + 1, "llm: giving up");
                    return Err(AppError::Unavailable("llm"));
                }
                Err(Failure::Final(error)) => return Err(error),
            }
        }
    }

    async fn wait_for_rate(&self, model: &str) -> Result<(), AppError> {
        let Some(bucket) = &self.inner.bucket else { return Ok(()) };
        let mut waited = Duration::ZERO;
        while let Some(wait) = bucket.take(model).await {
            if waited + wait > MAX_RATE_WAIT {
                tracing::warn!(%model, ?waited, "llm: the model's request rate is spent");
                return Err(AppError::Unavailable("llm"));
            }
            tokio::time::sleep(wait).await;
            waited += wait;
        }
        Ok(())
    }

    fn broken(&self, prompt: &Prompt, problem: String) -> AppError {
        AppError::Internal(format!("llm ({}, {}): {problem}", self.inner.api.endpoint(), prompt.version))
    }
}
