//! Anthropic's Messages API: `POST {base}/v1/messages` with `x-api-key` and
//! `anthropic-version: 2023-06-01`. Structured output is a forced tool call: the schema is the
//! tool's `input_schema`, `tool_choice` names the tool, and the answer is the `tool_use` block's
//! `input`. Streaming follows the published events (`message_start`, `content_block_delta` with
//! `text_delta` or `input_json_delta`, `message_delta` with the output usage, `message_stop`,
//! `error`, `ping`).

use async_trait::async_trait;
use reqwest::header::CONTENT_TYPE;
use serde::Deserialize;
use serde_json::{Value, json};

use super::sse::stream_events;
use super::{ChatApi, DeltaSink, Endpoint, Prompt, Reply, Usage};
use crate::http_retry::{Failure, exchange, provider_message};

const API_VERSION: &str = "2023-06-01";

/// The API at `{base}/v1/messages`.
pub(crate) struct AnthropicApi(pub(crate) Endpoint);

/// The request body as the API documents it.
fn body(model: &str, prompt: &Prompt, stream: bool) -> Value {
    let mut body = json!({
        "model": model,
        "max_tokens": prompt.max_output_tokens,
        "system": prompt.system,
        "messages": prompt.messages,
        "temperature": 0,
        "stream": stream,
    });
    if let Some(schema) = &prompt.schema {
        body["tools"] = json!([{
            "name": schema.name,
            "description": "Record the answer in exactly this structure.",
            "input_schema": schema.schema,
        }]);
        body["tool_choice"] = json!({ "type": "tool", "name": schema.name });
    }
    body
}

#[derive(Deserialize)]
struct MessageResponse {
    model: String,
    content: Vec<Block>,
    usage: AnthropicUsage,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Block {
    Text {
        text: String,
    },
    ToolUse {
        input: Value,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize, Default)]
struct AnthropicUsage {
    #[serde(default)]
    input_tokens: u64,
    #[serde(default)]
    output_tokens: u64,
}

/// The answer's text: the tool input as JSON when a schema was asked for and the model called
/// the tool, else its text blocks (which the repair request shows back to it).
fn decode(answer: &[u8], structured: bool) -> Result<Reply, String> {
    let message: MessageResponse =
        serde_json::from_slice(answer).map_err(|e| format!("the answer is not a Messages API message: {e}"))?;
    let (mut text, mut tool_input) = (String::new(), None);
    for block in message.content {
        match block {
            Block::ToolUse { input } => tool_input = Some(input.to_string()),
            Block::Text { text: part } => text.push_str(&part),
            Block::Other => {}
        }
    }
    let text = match tool_input {
        Some(input) if structured => input,
        _ => text,
    };
    let usage = Usage { input_tokens: message.usage.input_tokens, output_tokens: message.usage.output_tokens };
    Ok(Reply { text, model: message.model, usage })
}

/// What a stream has said so far.
#[derive(Default)]
struct StreamState {
    text: String,
    model: String,
    usage: Usage,
    stopped: bool,
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum StreamEvent {
    MessageStart {
        message: StartedMessage,
    },
    ContentBlockDelta {
        delta: Piece,
    },
    MessageDelta {
        usage: AnthropicUsage,
    },
    MessageStop,
    Error {
        error: Value,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct StartedMessage {
    model: String,
    #[serde(default)]
    usage: AnthropicUsage,
}

/// A `content_block_delta`'s piece: text, or a fragment of the tool input's JSON.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Piece {
    TextDelta {
        text: String,
    },
    InputJsonDelta {
        partial_json: String,
    },
    #[serde(other)]
    Other,
}

impl StreamState {
    /// Takes one event's data; the piece of answer it adds, or why the stream failed.
    fn take(&mut self, data: &str) -> Result<Option<String>, Failure> {
        let event: StreamEvent = serde_json::from_str(data)
            .map_err(|e| Failure::Transient { reason: format!("unreadable stream event: {e}"), retry_after: None })?;
        match event {
            StreamEvent::MessageStart { message } => {
                self.model = message.model;
                self.usage.input_tokens = message.usage.input_tokens;
                self.usage.output_tokens = message.usage.output_tokens;
            }
            StreamEvent::ContentBlockDelta { delta: Piece::TextDelta { text } }
            | StreamEvent::ContentBlockDelta { delta: Piece::InputJsonDelta { partial_json: text } } => {
                self.text.push_str(&text);
                return Ok(Some(text));
            }
            // The usage in `message_delta` is cumulative.
            StreamEvent::MessageDelta { usage } => self.usage.output_tokens = usage.output_tokens,
            StreamEvent::MessageStop => self.stopped = true,
            // Mid-stream errors (`overloaded_error` above all) are the provider's trouble, not ours.
            StreamEvent::Error { error } => {
                let reason =
                    format!("stream error: {}", provider_message(json!({ "error": error }).to_string().as_bytes()));
                return Err(Failure::Transient { reason, retry_after: None });
            }
            StreamEvent::ContentBlockDelta { .. } | StreamEvent::Other => {}
        }
        Ok(None)
    }
}

#[async_trait]
impl ChatApi for AnthropicApi {
    fn endpoint(&self) -> &str {
        &self.0.url
    }

    async fn send(&self, model: &str, prompt: &Prompt, deltas: Option<&DeltaSink>) -> Result<Reply, Failure> {
        let request = self
            .0
            .client
            .post(&self.0.url)
            .header(CONTENT_TYPE, "application/json")
            .header("x-api-key", &self.0.api_key)
            .header("anthropic-version", API_VERSION)
            .body(body(model, prompt, deltas.is_some()).to_string());
        let broken = |problem: String| self.0.broken(model, problem);
        let Some(deltas) = deltas else {
            let answer = exchange(request.timeout(self.0.timeout), broken).await?;
            return decode(&answer, prompt.schema.is_some()).map_err(|e| Failure::Final(self.0.broken(model, e)));
        };
        let mut state = StreamState::default();
        stream_events(request, broken, deltas, |data| state.take(data)).await?;
        if !state.stopped {
            return Err(Failure::Transient {
                reason: "the stream ended before message_stop".into(),
                retry_after: None,
            });
        }
        Ok(Reply { text: state.text, model: state.model, usage: state.usage })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::{Message, OutputSchema, Tier};

    fn prompt(schema: bool) -> Prompt {
        Prompt {
            tier: Tier::Fast,
            version: "t-1",
            system: "Be brief.".into(),
            messages: vec![Message::user("Hola")],
            max_output_tokens: 100,
            schema: schema.then(|| OutputSchema { name: "verdict", schema: json!({"type": "object"}) }),
        }
    }

    #[test]
    fn a_schema_becomes_a_forced_tool() {
        let plain = body("claude-haiku-4-5", &prompt(false), false);
        assert_eq!(plain["messages"], json!([{ "role": "user", "content": "Hola" }]));
        assert_eq!((plain["system"].as_str(), plain["max_tokens"].as_u64()), (Some("Be brief."), Some(100)));
        assert!(plain.get("tools").is_none());
        let structured = body("claude-haiku-4-5", &prompt(true), true);
        assert_eq!(structured["tools"][0]["name"], "verdict");
        assert_eq!(structured["tools"][0]["input_schema"], json!({"type": "object"}));
        assert_eq!(structured["tool_choice"], json!({ "type": "tool", "name": "verdict" }));
        assert_eq!(structured["stream"], true);
    }

    #[test]
    fn answers_are_read_from_text_or_tool_blocks() {
        let answer = json!({
            "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-haiku-4-5",
            "content": [
                { "type": "text", "text": "Claro: " },
                { "type": "tool_use", "id": "toolu_1", "name": "verdict", "input": { "score": 80 } }
            ],
            "stop_reason": "tool_use", "usage": { "input_tokens": 12, "output_tokens": 7 }
        })
        .to_string();
        let structured = decode(answer.as_bytes(), true).unwrap();
        assert_eq!(structured.text, r#"{"score":80}"#);
        assert_eq!(structured.usage, Usage { input_tokens: 12, output_tokens: 7 });
        assert_eq!(decode(answer.as_bytes(), false).unwrap().text, "Claro: ");
        let talked = json!({ "model": "m", "content": [{ "type": "text", "text": "score: 80" }], "usage": {} });
        assert_eq!(decode(talked.to_string().as_bytes(), true).unwrap().text, "score: 80");
        assert!(decode(b"{\"type\": \"message\"}", false).is_err());
    }

    #[test]
    fn a_stream_adds_up_to_the_answer_and_its_usage() {
        let mut state = StreamState::default();
        let events = [
            r#"{"type":"message_start","message":{"id":"m","model":"claude-sonnet-4-5","usage":{"input_tokens":25,"output_tokens":1}}}"#,
            r#"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t","name":"v","input":{}}}"#,
            r#"{"type":"ping"}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"score\": "}}"#,
            r#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"80}"}}"#,
            r#"{"type":"content_block_stop","index":0}"#,
            r#"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":15}}"#,
            r#"{"type":"message_stop"}"#,
        ];
        let pieces: Vec<String> = events.iter().filter_map(|e| state.take(e).ok().flatten()).collect();
        assert_eq!(pieces, vec!["{\"score\": ", "80}"]);
        assert_eq!(
            (state.text.as_str(), state.model.as_str(), state.stopped),
            ("{\"score\": 80}", "claude-sonnet-4-5", true)
        );
        assert_eq!(state.usage, Usage { input_tokens: 25, output_tokens: 15 });
        let overloaded = r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#;
        assert!(
            matches!(state.take(overloaded), Err(Failure::Transient { reason, .. }) if reason.contains("Overloaded"))
        );
    }
}
