//! Spoken answers: a recording (WebM, Ogg, MP3 or WAV, told by its bytes) is transcribed by the
//! configured transcriber, sealed in object storage, and scored from its transcript like a
//! written answer. Without a transcriber, recordings are refused with a problem that says so.

use bytes::Bytes;
use kernel::auth::AuthUser;
use kernel::{AppError, AppResult};
use platform::storage::{ObjectKey, ObjectMetadata};
use platform::transcription::AudioFormat;
use uuid::Uuid;

use super::views::ResponseFeedback;
use super::{Answer, InterviewService, StoredAudio, checked_duration, checked_text};
use crate::domain::text::Language;
use kernel::ids::new_id;

/// The largest recording taken: about ten minutes of compressed speech.
pub const MAX_AUDIO_BYTES: u64 = 10 * 1024 * 1024;

/// A recorded answer, as read from the form.
pub struct SpokenAnswer {
    pub audio: Bytes,
    pub duration_seconds: Option<u32>,
}

impl InterviewService {
    pub async fn respond_spoken(
        &self,
        auth: &AuthUser,
        id: Uuid,
        question_id: Uuid,
        spoken: SpokenAnswer,
    ) -> AppResult<ResponseFeedback> {
        let Some(transcriber) = self.inner.helpers.transcriber.clone() else {
            return Err(AppError::UnsupportedMediaType(
                "spoken answers need a transcriber and none is configured here: send the answer as text (application/json)"
                    .into(),
            ));
        };
        if spoken.audio.len() as u64 > MAX_AUDIO_BYTES {
            return Err(AppError::PayloadTooLarge(MAX_AUDIO_BYTES));
        }
        let format = AudioFormat::sniff(&spoken.audio).ok_or_else(|| {
            AppError::UnsupportedMediaType("the recording must be WebM, Ogg, MP3 or WAV audio".into())
        })?;
        checked_duration(spoken.duration_seconds)?;
        // Checked before paying for a transcription.
        let turn = self.turn(auth, id, question_id).await?;
        let language = match turn.language {
            Language::Es => "es",
            Language::En => "en",
        };
        let transcript = transcriber.transcribe(spoken.audio.clone(), format, Some(language)).await?;
        let text = transcript.text.trim().to_owned();
        if text.is_empty() {
            return Err(AppError::invalid("audio", "silent", "no speech could be heard in the recording"));
        }
        let text: String = text.chars().take(10_000).collect();
        checked_text("audio", &text, 1, 10_000)?;
        // The recording's own length when the transcriber measured it, for the pace.
        let duration_seconds = spoken.duration_seconds.or_else(|| {
            transcript.duration_seconds.filter(|d| d.is_finite() && *d >= 1.0).map(|d| (d.round() as u32).min(3600))
        });

        let response_id = new_id();
        let key = ObjectKey::interview_audio(auth.user_id(), id, response_id);
        let bytes = i32::try_from(spoken.audio.len()).map_err(|_| AppError::PayloadTooLarge(MAX_AUDIO_BYTES))?;
        self.inner.storage.put(&key, spoken.audio.into(), ObjectMetadata::new(format.mime())).await?;
        let audio = StoredAudio { response_id, key: key.as_str().to_owned(), format, bytes };
        let recorded = self.record(auth, &turn, Answer { text, duration_seconds, audio: Some(audio) }, None).await;
        if recorded.is_err()
            && let Err(error) = self.inner.storage.delete(&key).await
        {
            tracing::warn!(%error, %key, "interview: a recording whose answer was not stored stays behind");
        }
        recorded
    }
}
