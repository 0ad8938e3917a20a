//! A fake of OpenAI's `POST /v1/audio/transcriptions` on loopback, following the published
//! format (a `multipart/form-data` form in, `verbose_json` out, OpenAI's error body on refusals),
//! so the real adapter is what the tests drive. It hears nothing: it answers the transcript the
//! test set, and fails when the test scripted it to.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::{Served, serve};

/// The length the fake gives every recording.
pub const DURATION_SECONDS: f64 = 4.2;

/// What the fake answers until a test sets another transcript.
pub const DEFAULT_TRANSCRIPT: &str =
    "Lideré la migración del sistema de facturación a la nube con un equipo de cuatro personas.";

/// Above the 25 MB OpenAI accepts, so that the adapter's own limit is the one a test meets.
const BODY_LIMIT: usize = 32 * 1024 * 1024;

struct State {
    api_key: Option<String>,
    transcript: Mutex<String>,
    /// Scripted refusals, answered one per request before any transcript.
    failures: Mutex<VecDeque<(u16, Option<u64>)>>,
    requests: AtomicUsize,
    last_form: Mutex<Option<web::Bytes>>,
}

pub struct FakeTranscriber {
    state: web::Data<State>,
    server: Served,
}

impl FakeTranscriber {
    /// A fake that takes any key, or none.
    pub async fn start() -> FakeTranscriber {
        Self::serve(None)
    }

    /// A fake that refuses, as OpenAI does with 401, any request without `Bearer {api_key}`.
    pub async fn start_with_key(api_key: &str) -> FakeTranscriber {
        Self::serve(Some(api_key.to_owned()))
    }

    fn serve(api_key: Option<String>) -> FakeTranscriber {
        let state = web::Data::new(State {
            api_key,
            transcript: Mutex::new(DEFAULT_TRANSCRIPT.to_owned()),
            failures: Mutex::default(),
            requests: AtomicUsize::new(0),
            last_form: Mutex::default(),
        });
        let served = state.clone();
        let server = serve(move |cfg| {
            cfg.app_data(served.clone())
                .app_data(web::PayloadConfig::new(BODY_LIMIT))
                .route("/v1/audio/transcriptions", web::post().to(transcriptions));
        });
        FakeTranscriber { state, server }
    }

    /// The API base, e.g. `http://127.0.0.1:PORT/v1`: what `TRANSCRIPTION_URL` takes.
    pub fn url(&self) -> String {
        format!("{}/v1", self.server.url)
    }

    pub fn set_transcript(&self, text: &str) {
        *self.state.transcript.lock().expect("fake transcriber lock") = text.to_owned();
    }

    /// Answers the next request not yet scripted with `status` (and `Retry-After`, in seconds)
    /// instead of a transcript; each call scripts one more request. A wrong key is refused first,
    /// as OpenAI checks the key before anything else.
    pub fn fail_next(&self, status: u16, retry_after: Option<u64>) {
        self.state.failures.lock().expect("fake transcriber lock").push_back((status, retry_after));
    }

    /// Every request received, refused ones included: how many tries the adapter made.
    pub fn requests(&self) -> usize {
        self.state.requests.load(Ordering::SeqCst)
    }

    /// A text field (`model`, `language`, `response_format`) of the last form transcribed.
    pub fn last_field(&self, name: &str) -> Option<String> {
        text_field(self.state.last_form.lock().expect("fake transcriber lock").as_ref()?, name)
    }
}

async fn transcriptions(state: web::Data<State>, request: HttpRequest, form: web::Bytes) -> HttpResponse {
    state.requests.fetch_add(1, Ordering::SeqCst);
    if let Some(key) = &state.api_key {
        let authorization = request.headers().get("authorization").and_then(|value| value.to_str().ok());
        if authorization != Some(format!("Bearer {key}").as_str()) {
            return refusal(StatusCode::UNAUTHORIZED, None, "Incorrect API key provided.");
        }
    }
    let failure = state.failures.lock().expect("fake transcriber lock").pop_front();
    if let Some((status, retry_after)) = failure {
        let status = StatusCode::from_u16(status).expect("a scripted failure is an HTTP status");
        return refusal(status, retry_after, &format!("fake says {}", status.as_u16()));
    }
    let content_type = request.headers().get("content-type").and_then(|value| value.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("multipart/form-data")
        || find(&form, b"name=\"model\"").is_none()
        || find(&form, b"name=\"file\"").is_none()
    {
        return refusal(StatusCode::BAD_REQUEST, None, "The request must be a multipart form with a file and a model.");
    }
    let language = language_name(text_field(&form, "language").as_deref());
    let text = state.transcript.lock().expect("fake transcriber lock").clone();
    *state.last_form.lock().expect("fake transcriber lock") = Some(form);
    HttpResponse::Ok().json(json!({
        "task": "transcribe",
        "language": language,
        "duration": DURATION_SECONDS,
        "text": text,
        "segments": [],
    }))
}

/// OpenAI's error body, `{"error": {"message", "type", "param", "code"}}`.
fn refusal(status: StatusCode, retry_after: Option<u64>, message: &str) -> HttpResponse {
    let kind = match status.as_u16() {
        429 => "requests",
        500.. => "server_error",
        _ => "invalid_request_error",
    };
    let mut reply = HttpResponse::build(status);
    if let Some(seconds) = retry_after {
        reply.insert_header(("Retry-After", seconds.to_string()));
    }
    reply.json(json!({ "error": { "message": message, "type": kind, "param": null, "code": null } }))
}

/// OpenAI answers the language's English name, not the code it was given; without a code it
/// names what it heard, and the recordings the tests send stand for Spanish answers.
fn language_name(code: Option<&str>) -> String {
    match code {
        None | Some("es") => "spanish",
        Some("en") => "english",
        Some("pt") => "portuguese",
        Some(other) => other,
    }
    .to_owned()
}

/// A text field's value: what follows its part's headers, up to the next boundary.
fn text_field(form: &[u8], name: &str) -> Option<String> {
    let part = &form[find(form, format!("name=\"{name}\"").as_bytes())?..];
    let start = find(part, b"\r\n\r\n")? + 4;
    let length = find(&part[start..], b"\r\n--")?;
    Some(String::from_utf8_lossy(&part[start..start + length]).into_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}
