//! OpenAI-compatible chat completions: `POST {base}/chat/completions` with a bearer key (OpenAI,
//! and the many servers that copy its API). Structured output is `response_format` of type
//! `json_schema` (strict); streaming is `data:` chunks of `choices[].delta.content`, a last
//! chunk with the usage (`stream_options.include_usage`), then `data: [DONE]`.

use async_trait::async_trait;
use reqwest::header::CONTENT_TYPE;
use serde::Deserialize;
use serde_json::{Value, json};

use super::sse::stream_events;
use super::{ChatApi, DeltaSink, Endpoint, Prompt, Reply, Usage};
use crate::http_retry::{Failure, exchange, provider_message};

/// The API at `{base}/chat/completions`.
pub(crate) struct OpenAiApi(pub(crate) Endpoint);

fn body(model: &str, prompt: &Prompt, stream: bool) -> Value {
    let mut messages = vec![json!({ "role": "system", "content": prompt.system })];
    messages.extend(prompt.messages.iter().map(|m| json!(m)));
    let mut body = json!({
        "model": model,
        "messages": messages,
        "max_tokens": prompt.max_output_tokens,
        "temperature": 0,
    });
    if stream {
        body["stream"] = json!(true);
        body["stream_options"] = json!({ "include_usage": true });
    }
    if let Some(schema) = &prompt.schema {
        body["response_format"] = json!({
            "type": "json_schema",
            "json_schema": { "name": schema.name, "schema": schema.schema, "strict": true },
        });
    }
    body
}

#[derive(Deserialize)]
struct Completion {
    #[serde(default)]
    model: String,
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<OpenAiUsage>,
}

#[derive(Deserialize)]
struct Choice {
    message: AnswerMessage,
}

#[derive(Deserialize)]
struct AnswerMessage {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize, Default)]
struct OpenAiUsage {
    #[serde(default)]
    prompt_tokens: u64,
    #[serde(default)]
    completion_tokens: u64,
}

impl From<OpenAiUsage> for Usage {
    fn from(usage: OpenAiUsage) -> Self {
        Usage { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens }
    }
}

/// The first choice's content (a refusal leaves it empty, which no schema accepts).
fn decode(answer: &[u8], requested_model: &str) -> Result<Reply, String> {
    let completion: Completion =
        serde_json::from_slice(answer).map_err(|e| format!("the answer is not a chat completion: {e}"))?;
    let choice = completion.choices.into_iter().next().ok_or("the answer has no choices")?;
    let model = if completion.model.is_empty() { requested_model.to_owned() } else { completion.model };
    Ok(Reply {
        text: choice.message.content.unwrap_or_default(),
        model,
        usage: completion.usage.unwrap_or_default().into(),
    })
}

#[derive(Deserialize)]
struct Chunk {
    #[serde(default)]
    model: String,
    #[serde(default)]
    choices: Option<Vec<ChunkChoice>>,
    #[serde(default)]
    usage: Option<OpenAiUsage>,
    #[serde(default)]
    error: Option<Value>,
}

#[derive(Deserialize)]
struct ChunkChoice {
    #[serde(default)]
    delta: Option<ChunkDelta>,
}

#[derive(Deserialize)]
struct ChunkDelta {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Default)]
struct StreamState {
    text: String,
    model: String,
    usage: Usage,
    done: bool,
}

impl StreamState {
    fn take(&mut self, data: &str) -> Result<Option<String>, Failure> {
        if data.trim() == "[DONE]" {
            self.done = true;
            return Ok(None);
        }
        let chunk: Chunk = serde_json::from_str(data)
            .map_err(|e| Failure::Transient { reason: format!("unreadable stream chunk: {e}"), retry_after: None })?;
        if let Some(error) = chunk.error {
            let reason =
                format!("stream error: {}", provider_message(json!({ "error": error }).to_string().as_bytes()));
            return Err(Failure::Transient { reason, retry_after: None });
        }
        if !chunk.model.is_empty() {
            self.model = chunk.model;
        }
        if let Some(usage) = chunk.usage {
            self.usage = usage.into();
        }
        let piece: String =
            chunk.choices.unwrap_or_default().into_iter().take(1).filter_map(|choice| choice.delta?.content).collect();
        self.text.push_str(&piece);
        Ok((!piece.is_empty()).then_some(piece))
    }
}

#[async_trait]
impl ChatApi for OpenAiApi {
    fn endpoint(&self) -> &str {
        &self.0.url
    }

    async fn send(&self, model: &str, prompt: &Prompt, deltas: Option<&DeltaSink>) -> Result<Reply, Failure> {
        let request = self
            .0
            .client
            .post(&self.0.url)
            .header(CONTENT_TYPE, "application/json")
            .bearer_auth(&self.0.api_key)
            .body(body(model, prompt, deltas.is_some()).to_string());
        let broken = |problem: String| self.0.broken(model, problem);
        let Some(deltas) = deltas else {
            let answer = exchange(request.timeout(self.0.timeout), broken).await?;
            return decode(&answer, model).map_err(|e| Failure::Final(self.0.broken(model, e)));
        };
        let mut state = StreamState { model: model.to_owned(), ..StreamState::default() };
        stream_events(request, broken, deltas, |data| state.take(data)).await?;
        if !state.done {
            return Err(Failure::Transient { reason: "the stream ended before [DONE]".into(), retry_after: None });
        }
        Ok(Reply { text: state.text, model: state.model, usage: state.usage })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::{Message, OutputSchema, Tier};

    #[test]
    fn the_system_text_leads_and_a_schema_is_strict() {
        let prompt = Prompt {
            tier: Tier::Balanced,
            version: "t-1",
            system: "Score it.".into(),
            messages: vec![Message::user("Q"), Message::assistant("{}"), Message::user("Fix it")],
            max_output_tokens: 300,
            schema: Some(OutputSchema { name: "verdict", schema: json!({"type": "object"}) }),
        };
        let body = body("gpt-4o", &prompt, true);
        assert_eq!(body["messages"][0], json!({ "role": "system", "content": "Score it." }));
        assert_eq!(body["messages"][2], json!({ "role": "assistant", "content": "{}" }));
        assert_eq!(body["response_format"]["json_schema"]["strict"], true);
        assert_eq!(body["stream_options"]["include_usage"], true);
    }

    #[test]
    fn answers_and_streams_are_read_with_their_usage() {
        let answer = json!({
            "id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-2024-08-06",
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": "{\"score\":70}" }, "finish_reason": "stop" }],
            "usage": { "prompt_tokens": 30, "completion_tokens": 9, "total_tokens": 39 }
        })
        .to_string();
        let reply = decode(answer.as_bytes(), "gpt-4o").unwrap();
        assert_eq!((reply.text.as_str(), reply.model.as_str()), ("{\"score\":70}", "gpt-4o-2024-08-06"));
        assert_eq!(reply.usage, Usage { input_tokens: 30, output_tokens: 9 });
        assert!(decode(br#"{"choices": []}"#, "gpt-4o").is_err());

        let mut state = StreamState::default();
        for data in [
            r#"{"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""}}],"usage":null}"#,
            r#"{"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"{\"score\":"}}],"usage":null}"#,
            r#"{"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"70}"},"finish_reason":"stop"}]}"#,
            r#"{"id":"c","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":30,"completion_tokens":9}}"#,
            "[DONE]",
        ] {
            state.take(data).unwrap();
        }
        assert_eq!((state.text.as_str(), state.done), ("{\"score\":70}", true));
        assert_eq!(state.usage, Usage { input_tokens: 30, output_tokens: 9 });
        assert!(state.take(r#"{"error":{"message":"server overloaded"}}"#).is_err());
    }
}
