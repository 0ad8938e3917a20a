//! A local stand-in for the two LLM APIs the port speaks, following their published formats:
//! Anthropic's Messages API (`POST /v1/messages`: `x-api-key`, `anthropic-version`, tool use,
//! its error bodies and streaming events) and OpenAI's chat completions
//! (`POST /v1/chat/completions`: bearer key, `response_format`, `data:` chunks and `[DONE]`).
//! A test sets the answer and scripts one-off misbehaviour (a status with `Retry-After`, a
//! stall, an answer that is not the JSON asked for, a stream cut short).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use super::{Served, serve};

/// What the fake does with one request, instead of answering well.
#[derive(Debug, Clone)]
pub enum Misbehaviour {
    /// Refuses with this status (and `Retry-After` seconds), in the provider's error format.
    Status(u16, Option<u64>),
    /// Waits this long before answering well.
    Stall(Duration),
    /// Answers this text where the JSON was asked for.
    Answer(String),
    /// Streams the first half of the answer, then ends without the closing event.
    CutStream,
}

/// A request the fake received: its route, headers that matter, and body.
#[derive(Debug, Clone)]
pub struct Received {
    pub route: &'static str,
    pub api_key: Option<String>,
    pub anthropic_version: Option<String>,
    pub body: Value,
}

/// What a well-behaved answer holds, from the request's body: the JSON object for structured
/// requests, its text else.
type Responder = Arc<dyn Fn(&Value) -> Value + Send + Sync>;

struct State {
    key: String,
    responder: Responder,
    script: VecDeque<Misbehaviour>,
    received: Vec<Received>,
}

pub struct FakeLlm {
    state: Arc<Mutex<State>>,
    /// Its root is the Anthropic base (`LLM_URL` for `anthropic`); the OpenAI base is
    /// [`FakeLlm::openai_url`].
    server: Served,
}

impl FakeLlm {
    pub const KEY: &str = "fake-llm-key";

    /// Answers every request with `answer`.
    pub async fn start(answer: Value) -> FakeLlm {
        Self::start_with(move |_| answer.clone()).await
    }

    /// Answers each request with what `responder` makes of its body.
    pub async fn start_with(responder: impl Fn(&Value) -> Value + Send + Sync + 'static) -> FakeLlm {
        let state = Arc::new(Mutex::new(State {
            key: Self::KEY.into(),
            responder: Arc::new(responder),
            script: VecDeque::new(),
            received: Vec::new(),
        }));
        let served = web::Data::from(state.clone());
        let server = serve(move |cfg| {
            cfg.app_data(served.clone())
                .app_data(web::PayloadConfig::new(4 << 20))
                .route("/v1/messages", web::post().to(anthropic))
                .route("/v1/chat/completions", web::post().to(openai));
        });
        FakeLlm { state, server }
    }

    pub fn openai_url(&self) -> String {
        format!("{}/v1", self.server.url)
    }

    /// The settings an app or adapter needs to reach the fake as `provider`.
    pub fn settings(&self, provider: &str) -> Vec<(String, String)> {
        let url = if provider == "openai" { self.openai_url() } else { self.server.url.clone() };
        vec![
            ("LLM_PROVIDER".into(), provider.into()),
            ("LLM_URL".into(), url),
            ("LLM_API_KEY".into(), Self::KEY.into()),
        ]
    }

    pub fn set_answer(&self, answer: Value) {
        self.state.lock().unwrap().responder = Arc::new(move |_| answer.clone());
    }

    /// The next requests misbehave in this order, one each.
    pub fn script(&self, misbehaviour: impl IntoIterator<Item = Misbehaviour>) {
        self.state.lock().unwrap().script.extend(misbehaviour);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }
}

/// Input tokens as the providers roughly count them, so usage is not a constant.
fn tokens(text: &str) -> u64 {
    (text.len() as u64).div_ceil(4)
}

fn header(request: &HttpRequest, name: &str) -> Option<String> {
    request.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// What to do with this request: the scripted misbehaviour, if any, after recording it.
fn receive(state: &Mutex<State>, received: Received) -> (Option<Misbehaviour>, String, Value) {
    let mut state = state.lock().unwrap();
    let answer = (state.responder)(&received.body);
    state.received.push(received);
    (state.script.pop_front(), state.key.clone(), answer)
}

/// The text of a request's last user message (both APIs put it in `messages`).
pub fn last_user_text(body: &Value) -> String {
    let messages = body["messages"].as_array().cloned().unwrap_or_default();
    let last = messages.iter().rev().find(|m| m["role"] == "user");
    last.and_then(|m| m["content"].as_str()).unwrap_or_default().to_owned()
}

fn text_of(answer: &Value, structured: bool) -> String {
    match answer {
        Value::String(text) if !structured => text.clone(),
        other => other.to_string(),
    }
}

/// Pieces of about 12 characters, cut on character boundaries.
fn pieces(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(12).map(|c| c.iter().collect()).collect()
}

fn with_retry_after(mut response: HttpResponse, seconds: Option<u64>) -> HttpResponse {
    if let Some(seconds) = seconds {
        let value = actix_web::http::header::HeaderValue::from(seconds);
        response.headers_mut().insert(actix_web::http::header::RETRY_AFTER, value);
    }
    response
}

fn sse(frames: Vec<String>) -> HttpResponse {
    HttpResponse::Ok().content_type("text/event-stream").body(frames.concat())
}

async fn anthropic(state: web::Data<Mutex<State>>, request: HttpRequest, body: web::Bytes) -> HttpResponse {
    let error = |status: u16, kind: &str, message: &str| {
        HttpResponse::build(StatusCode::from_u16(status).unwrap())
            .json(json!({ "type": "error", "error": { "type": kind, "message": message } }))
    };
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return error(400, "invalid_request_error", "the body is not JSON");
    };
    let received = Received {
        route: "anthropic",
        api_key: header(&request, "x-api-key"),
        anthropic_version: header(&request, "anthropic-version"),
        body: body.clone(),
    };
    let (misbehaviour, key, answer) = receive(&state, received.clone());
    if received.api_key.as_deref() != Some(key.as_str()) {
        return error(401, "authentication_error", "invalid x-api-key");
    }
    if received.anthropic_version.is_none() {
        return error(400, "invalid_request_error", "anthropic-version: header is required");
    }
    let model = body["model"].as_str().unwrap_or_default().to_owned();
    if model.is_empty()
        || body["max_tokens"].as_u64().is_none()
        || body["messages"].as_array().is_none_or(|m| m.is_empty())
    {
        return error(400, "invalid_request_error", "model, max_tokens and messages are required");
    }
    let tool = body["tool_choice"]["name"].as_str().map(str::to_owned);
    let mut text = text_of(&answer, tool.is_some());
    match misbehaviour {
        Some(Misbehaviour::Status(status, retry_after)) => {
            let kind = match status {
                429 => "rate_limit_error",
                529 => "overloaded_error",
                500.. => "api_error",
                _ => "invalid_request_error",
            };
            return with_retry_after(error(status, kind, "scripted refusal"), retry_after);
        }
        Some(Misbehaviour::Stall(wait)) => tokio::time::sleep(wait).await,
        Some(Misbehaviour::Answer(ref other)) => text = other.clone(),
        Some(Misbehaviour::CutStream) | None => {}
    }
    let input_tokens = tokens(&body["system"].to_string()) + tokens(&body["messages"].to_string());
    let output_tokens = tokens(&text);
    if body["stream"].as_bool() == Some(true) {
        let (block, delta_kind, field) = match &tool {
            Some(name) => (
                json!({ "type": "tool_use", "id": "toolu_fake", "name": name, "input": {} }),
                "input_json_delta",
                "partial_json",
            ),
            None => (json!({ "type": "text", "text": "" }), "text_delta", "text"),
        };
        let frame = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
        let mut frames = vec![
            frame(
                "message_start",
                json!({ "type": "message_start", "message": {
                "id": "msg_fake", "type": "message", "role": "assistant", "model": model, "content": [],
                "stop_reason": null, "usage": { "input_tokens": input_tokens, "output_tokens": 1 } } }),
            ),
            frame("content_block_start", json!({ "type": "content_block_start", "index": 0, "content_block": block })),
            frame("ping", json!({ "type": "ping" })),
        ];
        let parts = pieces(&text);
        let keep = if matches!(misbehaviour, Some(Misbehaviour::CutStream)) { parts.len() / 2 } else { parts.len() };
        for part in &parts[..keep] {
            frames.push(frame(
                "content_block_delta",
                json!({ "type": "content_block_delta", "index": 0,
                "delta": { "type": delta_kind, field: part } }),
            ));
        }
        if keep == parts.len() {
            frames.push(frame("content_block_stop", json!({ "type": "content_block_stop", "index": 0 })));
            frames.push(frame(
                "message_delta",
                json!({ "type": "message_delta",
                "delta": { "stop_reason": if tool.is_some() { "tool_use" } else { "end_turn" } },
                "usage": { "output_tokens": output_tokens } }),
            ));
            frames.push(frame("message_stop", json!({ "type": "message_stop" })));
        }
        return sse(frames);
    }
    let content = match (&tool, serde_json::from_str::<Value>(&text)) {
        (Some(name), Ok(input)) if input.is_object() => {
            json!([{ "type": "tool_use", "id": "toolu_fake", "name": name, "input": input }])
        }
        // A model that talks instead of calling the tool: no tool_use block at all.
        _ => json!([{ "type": "text", "text": text }]),
    };
    HttpResponse::Ok().json(json!({
        "id": "msg_fake", "type": "message", "role": "assistant", "model": model, "content": content,
        "stop_reason": if tool.is_some() { "tool_use" } else { "end_turn" }, "stop_sequence": null,
        "usage": { "input_tokens": input_tokens, "output_tokens": output_tokens },
    }))
}

async fn openai(state: web::Data<Mutex<State>>, request: HttpRequest, body: web::Bytes) -> HttpResponse {
    let error = |status: u16, kind: &str, message: &str| {
        HttpResponse::build(StatusCode::from_u16(status).unwrap())
            .json(json!({ "error": { "message": message, "type": kind, "param": null, "code": null } }))
    };
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return error(400, "invalid_request_error", "We could not parse the JSON body of your request.");
    };
    let bearer = header(&request, "authorization").and_then(|v| v.strip_prefix("Bearer ").map(str::to_owned));
    let received = Received { route: "openai", api_key: bearer, anthropic_version: None, body: body.clone() };
    let (misbehaviour, key, answer) = receive(&state, received.clone());
    if received.api_key.as_deref() != Some(key.as_str()) {
        return error(401, "invalid_request_error", "Incorrect API key provided.");
    }
    let model = body["model"].as_str().unwrap_or_default().to_owned();
    if model.is_empty() || body["messages"].as_array().is_none_or(|m| m.is_empty()) {
        return error(400, "invalid_request_error", "model and messages are required");
    }
    let structured = body["response_format"]["type"] == "json_schema";
    let mut text = text_of(&answer, structured);
    match misbehaviour {
        Some(Misbehaviour::Status(status, retry_after)) => {
            let kind = if status == 429 { "rate_limit_exceeded" } else { "server_error" };
            return with_retry_after(error(status, kind, "scripted refusal"), retry_after);
        }
        Some(Misbehaviour::Stall(wait)) => tokio::time::sleep(wait).await,
        Some(Misbehaviour::Answer(ref other)) => text = other.clone(),
        Some(Misbehaviour::CutStream) | None => {}
    }
    let usage = json!({
        "prompt_tokens": tokens(&body["messages"].to_string()),
        "completion_tokens": tokens(&text),
        "total_tokens": tokens(&body["messages"].to_string()) + tokens(&text),
    });
    if body["stream"].as_bool() == Some(true) {
        let chunk = |choices: Value, usage: Value| {
            format!(
                "data: {}\n\n",
                json!({ "id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 0,
                "model": model, "choices": choices, "usage": usage })
            )
        };
        let mut frames =
            vec![chunk(json!([{ "index": 0, "delta": { "role": "assistant", "content": "" } }]), Value::Null)];
        let parts = pieces(&text);
        let keep = if matches!(misbehaviour, Some(Misbehaviour::CutStream)) { parts.len() / 2 } else { parts.len() };
        for part in &parts[..keep] {
            frames.push(chunk(json!([{ "index": 0, "delta": { "content": part } }]), Value::Null));
        }
        if keep == parts.len() {
            frames.push(chunk(json!([{ "index": 0, "delta": {}, "finish_reason": "stop" }]), Value::Null));
            frames.push(chunk(json!([]), usage));
            frames.push("data: [DONE]\n\n".into());
        }
        return sse(frames);
    }
    HttpResponse::Ok().json(json!({
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
        "choices": [{ "index": 0, "message": { "role": "assistant", "content": text, "refusal": null }, "finish_reason": "stop" }],
        "usage": usage,
    }))
}
