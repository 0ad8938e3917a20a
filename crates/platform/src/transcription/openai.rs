//! The OpenAI adapter: `POST {base}/audio/transcriptions`, a `multipart/form-data` form with the
//! recording (`file`), `model`, the spoken `language` when known and `response_format`, answered
//! by `{text, language, duration, …}`. `verbose_json` is asked for because plain `json` carries the
//! text alone, without the length and language the interview records.
//!
//! One recording is one request, which may take `timeout` and is retried up to `max_retries`
//! times after a 408/429/5xx, a timeout or a lost connection, waiting longer each time; a candidate
//! therefore waits at most about `(max_retries + 1) × timeout` plus the waits before "unavailable".
//! The recording is held as `Bytes`, so each try sends it again without copying it.

use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use kernel::AppError;
use reqwest::multipart::{Form, Part};
use serde::Deserialize;

use super::{AudioFormat, MAX_AUDIO_BYTES, Transcriber, Transcript, TranscriptionSettings};
use crate::http_retry::{CONNECT_TIMEOUT, Failure, Retries, exchange, with_retries};

pub struct OpenAiTranscriber {
    client: reqwest::Client,
    endpoint: String,
    model: String,
    api_key: Option<String>,
    max_retries: u32,
    retry_base_delay: Duration,
}

/// The fields of a `verbose_json` answer the interview keeps; `segments`, `words`, `task` and
/// whatever a provider adds are ignored.
#[derive(Deserialize)]
struct TranscriptionResponse {
    text: String,
    language: Option<String>,
    duration: Option<f64>,
}

impl OpenAiTranscriber {
    pub fn new(settings: &TranscriptionSettings) -> Result<Self, AppError> {
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| AppError::Internal(format!("transcription HTTP client: {e}")))?;
        Ok(Self {
            client,
            endpoint: format!("{}/audio/transcriptions", settings.url.trim_end_matches('/')),
            model: settings.model.clone(),
            api_key: settings.api_key.clone(),
            max_retries: settings.max_retries,
            retry_base_delay: settings.retry_base_delay,
        })
    }

    /// The form of one try: a form is consumed by the request that sends it, so each try builds
    /// its own around the same (shared, not copied) recording.
    fn form(&self, audio: &Bytes, format: AudioFormat, language: Option<&str>) -> Result<Form, AppError> {
        // OpenAI decodes by the file name's extension; the media type is for servers that read it.
        let file = Part::stream(audio.clone())
            .file_name(format!("answer.{}", format.extension()))
            .mime_str(format.mime())
            .map_err(|e| self.broken(format!("the request cannot be built: {e}")))?;
        let form =
            Form::new().part("file", file).text("model", self.model.clone()).text("response_format", "verbose_json");
        Ok(match language {
            Some(language) => form.text("language", language.to_owned()),
            None => form,
        })
    }

    /// One request; the answer's body when it succeeded.
    async fn send(&self, form: Form) -> Result<Bytes, Failure> {
        let mut request = self.client.post(&self.endpoint).multipart(form);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key);
        }
        exchange(request, |p| self.broken(p)).await
    }

    /// A misconfiguration or a provider breaking the contract: the operator must act.
    fn broken(&self, problem: String) -> AppError {
        AppError::Internal(format!("transcription ({}, model {}): {problem}", self.endpoint, self.model))
    }
}

#[async_trait]
impl Transcriber for OpenAiTranscriber {
    fn model(&self) -> &str {
        &self.model
    }

    async fn transcribe(
        &self,
        audio: Bytes,
        format: AudioFormat,
        language: Option<&str>,
    ) -> Result<Transcript, AppError> {
        if audio.len() > MAX_AUDIO_BYTES {
            return Err(AppError::PayloadTooLarge(MAX_AUDIO_BYTES as u64));
        }
        let retries = Retries { max: self.max_retries, base_delay: self.retry_base_delay };
        let answer = with_retries("transcription", &self.endpoint, retries, || async {
            self.send(self.form(&audio, format, language).map_err(Failure::Final)?).await
        })
        .await?;
        decode(&answer).map_err(|e| self.broken(e))
    }
}

/// The transcript of an answer. Whisper's text usually starts with a space (its words carry the
/// space before them); that space is not the candidate's.
fn decode(answer: &[u8]) -> Result<Transcript, String> {
    let answer: TranscriptionResponse =
        serde_json::from_slice(answer).map_err(|e| format!("the answer is not a transcription: {e}"))?;
    Ok(Transcript { text: answer.text.trim().to_owned(), duration_seconds: answer.duration, language: answer.language })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_verbose_answer_gives_its_text_length_and_language() {
        let answer = json!({
            "task": "transcribe",
            "language": "spanish",
            "duration": 12.3,
            "text": " Lideré la migración a la nube con un equipo de cuatro personas. ",
            "segments": [{ "id": 0, "start": 0.0, "end": 12.3, "text": " Lideré…" }],
            "usage": { "type": "duration", "seconds": 13 },
        });
        let transcript = decode(&serde_json::to_vec(&answer).unwrap()).unwrap();
        assert_eq!(
            transcript,
            Transcript {
                text: "Lideré la migración a la nube con un equipo de cuatro personas.".into(),
                duration_seconds: Some(12.3),
                language: Some("spanish".into()),
            }
        );
        let bare = decode(br#"{"text": "Hola."}"#).unwrap();
        assert_eq!((bare.text.as_str(), bare.duration_seconds, bare.language), ("Hola.", None, None));
    }

    #[test]
    fn answers_that_break_the_contract_are_refused() {
        let bodies: &[&[u8]] = &[
            br#"{"language": "spanish", "duration": 3.0}"#,
            br#"{"text": null}"#,
            br#"{"text": "Hola", "duration": "3 s"}"#,
            b"Hola, soy el texto plano.",
            b"<html>Bad Gateway</html>",
        ];
        for &body in bodies {
            let error = decode(body).unwrap_err();
            assert!(error.contains("not a transcription"), "{error}");
        }
    }

    #[test]
    fn every_format_makes_a_form() {
        let settings = TranscriptionSettings {
            url: "http://127.0.0.1:9/v1".into(),
            model: "whisper-1".into(),
            api_key: None,
            timeout: Duration::from_secs(5),
            max_retries: 0,
            retry_base_delay: Duration::from_millis(10),
        };
        let transcriber = OpenAiTranscriber::new(&settings).unwrap();
        assert_eq!(transcriber.endpoint, "http://127.0.0.1:9/v1/audio/transcriptions");
        let audio = Bytes::from_static(b"OggS");
        for format in [AudioFormat::Webm, AudioFormat::Ogg, AudioFormat::Mp3, AudioFormat::Wav] {
            assert!(transcriber.form(&audio, format, Some("es")).is_ok(), "{format:?}");
        }
    }
}
