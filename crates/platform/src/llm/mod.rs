//! The LLM port: prompts in, text or schema-checked JSON out, from Anthropic's Messages API or
//! any OpenAI-compatible chat completions API.
//!
//! The contexts see [`Llm`]: it picks the model of a [`Tier`], answers repeated prompts from a
//! Redis cache (7 days by default), keeps each model under its request rate with a token bucket
//! in Redis (shared by every replica), retries what is worth retrying with back-off, checks
//! structured output and asks the model once to repair it, and counts tokens and their cost.
//! The adapters ([`anthropic`], [`openai`]) only speak their provider's wire format, one request
//! at a time. With no provider configured there is no `Llm`: the built-in interviewer scores.

mod anthropic;
mod engine;
mod limits;
mod openai;
mod settings;
mod sse;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::http_retry::Failure;

pub use engine::{Completion, Llm, Structured};
pub use settings::{LlmSettings, Price, Provider};

/// How capable (and costly) a model a task needs, per ADR-015: `fast` for short, frequent work,
/// `balanced` for scoring answers, `powerful` for the rare long reasoning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Fast,
    Balanced,
    Powerful,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn user(content: impl Into<String>) -> Self {
        Self { role: Role::User, content: content.into() }
    }

    pub fn assistant(content: impl Into<String>) -> Self {
        Self { role: Role::Assistant, content: content.into() }
    }
}

/// The JSON Schema an answer must follow: sent to the provider (OpenAI's `response_format`,
/// Anthropic's forced tool input) and named so logs say which one failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutputSchema {
    pub name: &'static str,
    pub schema: serde_json::Value,
}

/// What is asked of a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prompt {
    pub tier: Tier,
    /// The prompt template's version: part of the cache key, and stored beside what the answer
    /// produced so a result can be traced to the words that asked for it.
    pub version: &'static str,
    pub system: String,
    pub messages: Vec<Message>,
    pub max_output_tokens: u32,
    pub schema: Option<OutputSchema>,
}

/// Tokens a request consumed, as the provider counted them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
}

impl std::ops::Add for Usage {
    type Output = Usage;

    fn add(self, other: Usage) -> Usage {
        Usage {
            input_tokens: self.input_tokens + other.input_tokens,
            output_tokens: self.output_tokens + other.output_tokens,
        }
    }
}

/// One provider's answer: the text (for a schema, the JSON), which model wrote it, its usage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub model: String,
    pub usage: Usage,
}

/// Where a streamed answer's text goes as it arrives, remembering whether any went: a request
/// that failed after its first words cannot be retried without the client seeing them twice.
pub struct DeltaSink {
    sender: mpsc::Sender<String>,
    sent_any: std::sync::atomic::AtomicBool,
}

impl DeltaSink {
    pub fn new(sender: mpsc::Sender<String>) -> Self {
        Self { sender, sent_any: false.into() }
    }

    /// Passes a piece of the answer on; a client that went away is not an error of the model's.
    pub async fn push(&self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.sent_any.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = self.sender.send(text.to_owned()).await;
    }

    pub fn sent_any(&self) -> bool {
        self.sent_any.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Where and how an adapter reaches its provider.
pub(crate) struct Endpoint {
    pub(crate) client: reqwest::Client,
    /// The full URL of the API's route.
    pub(crate) url: String,
    pub(crate) api_key: String,
    /// For a whole answer; a stream may take this long between two pieces (the client's read timeout).
    pub(crate) timeout: std::time::Duration,
}

impl Endpoint {
    /// A misconfiguration or a provider breaking the contract: the operator must act.
    pub(crate) fn broken(&self, model: &str, problem: String) -> kernel::AppError {
        kernel::AppError::Internal(format!("llm ({}, model {model}): {problem}", self.url))
    }
}

/// A provider's wire format: one request, streamed into `deltas` when given.
#[async_trait]
pub(crate) trait ChatApi: Send + Sync {
    fn endpoint(&self) -> &str;
    async fn send(&self, model: &str, prompt: &Prompt, deltas: Option<&DeltaSink>) -> Result<Reply, Failure>;
}

/// A JSON answer's text as models sometimes wrap it (in a Markdown code fence), unwrapped.
pub fn json_text(text: &str) -> &str {
    let text = text.trim();
    let Some(inner) = text.strip_prefix("```") else { return text };
    let inner = inner.strip_prefix("json").unwrap_or(inner);
    inner.strip_suffix("```").unwrap_or(inner).trim()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fenced_json_is_unwrapped() {
        assert_eq!(super::json_text(" {\"a\":1} "), "{\"a\":1}");
        assert_eq!(super::json_text("```json\n{\"a\":1}\n```"), "{\"a\":1}");
        assert_eq!(super::json_text("```\n[1]\n```"), "[1]");
        assert_eq!(super::json_text("no json"), "no json");
    }
}
