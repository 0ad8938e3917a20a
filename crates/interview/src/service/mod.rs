//! The interview context's use cases: free practice (nothing stored), and mock interviews planned
//! for a job and a CV, answered question by question, completed into final scores and feedback;
//! stale ones expire; a person's interviews join their data export and purge.

mod answers;
mod background;
mod interviews;
mod personal_data;
mod practice;
mod progress;
mod scoring;
pub(crate) mod spoken;
mod views;

use std::sync::Arc;

use billing::FeedbackDetail;
use cv::CvService;
use kernel::db::{DbPool, enum_text, parse_enum_text as parse_text};
use kernel::{AppError, AppResult};
use matching::MatchingService;
use platform::llm::{Llm, Tier};
use platform::storage::ObjectStorage;
use platform::transcription::{AudioFormat, Transcriber};
use uuid::Uuid;

use crate::domain::bank::{ExpectedPoint, InterviewType};
use crate::domain::scoring::{AnswerFeedback, RUBRIC_VERSION, judged};
use crate::domain::text::Language;
use crate::store::QuestionRow;

pub use background::ExpireInterviews;
pub use interviews::NewInterview;
pub use personal_data::InterviewPersonalData;
pub use practice::FreeAnswer;
pub use spoken::SpokenAnswer;
pub use views::{InterviewDetail, InterviewSummary, QuestionView, ResponseFeedback, ResponseInput};

const EXPIRE_JOB: &str = "interview.expire_stale";

#[derive(Clone)]
pub struct InterviewService {
    inner: Arc<Inner>,
}

struct Inner {
    pool: DbPool,
    cv: CvService,
    matching: MatchingService,
    helpers: Helpers,
    storage: Arc<dyn ObjectStorage>,
}

/// The outside help the interviewer may have (both optional: the built-in interviewer needs
/// neither): a model that judges answers, and a transcriber for spoken ones.
#[derive(Clone, Default)]
pub struct Helpers {
    pub llm: Option<Llm>,
    pub transcriber: Option<Arc<dyn Transcriber>>,
}

impl InterviewService {
    /// `storage` keeps spoken answers' recordings (sealed: give it the encrypting adapter).
    pub fn new(
        pool: DbPool,
        cv: CvService,
        matching: MatchingService,
        helpers: Helpers,
        storage: Arc<dyn ObjectStorage>,
    ) -> Self {
        Self { inner: Arc::new(Inner { pool, cv, matching, helpers, storage }) }
    }

    /// Who scores answers at this feedback depth here, and the version of its rubric (or prompt):
    /// the built-in interviewer for basic feedback or without a model; the model otherwise (the
    /// powerful tier for comprehensive feedback).
    fn scorer(&self, detail: FeedbackDetail) -> Option<(&Llm, Tier)> {
        let llm = self.inner.helpers.llm.as_ref()?;
        match detail {
            FeedbackDetail::Basic => None,
            FeedbackDetail::Detailed => Some((llm, Tier::Balanced)),
            FeedbackDetail::Comprehensive => Some((llm, Tier::Powerful)),
        }
    }

    /// The scorer's name and rubric version as an interview records them.
    fn scorer_label(&self, detail: FeedbackDetail) -> (String, &'static str) {
        match self.scorer(detail) {
            Some((llm, tier)) => (llm.model(tier).to_owned(), judged::PROMPT_VERSION),
            None => ("builtin".into(), RUBRIC_VERSION),
        }
    }
}

/// What a client following an answer's feedback over SSE hears before the final feedback.
#[derive(Debug, Clone)]
pub enum FeedbackEvent {
    /// The built-in measures of the answer, at once.
    Measured(Box<AnswerFeedback>),
    /// A piece of the model's judgement (its JSON) as the model writes it.
    Judging(String),
}

/// Where [`FeedbackEvent`]s go.
pub type FeedbackSink = tokio::sync::mpsc::Sender<FeedbackEvent>;

/// A question of an interview, ready to be scored against.
pub struct Turn {
    interview_id: Uuid,
    /// How deep the person's plan lets the feedback go.
    detail: FeedbackDetail,
    question: QuestionRow,
    points: Vec<ExpectedPoint>,
    kind: InterviewType,
    language: Language,
    job_terms: Vec<String>,
}

/// An answer to record: its text (a spoken answer's transcript) and recording.
pub struct Answer {
    text: String,
    duration_seconds: Option<u32>,
    audio: Option<StoredAudio>,
}

/// A recording already sealed in storage under the answer's id.
pub(crate) struct StoredAudio {
    response_id: Uuid,
    key: String,
    format: AudioFormat,
    bytes: i32,
}

/// A text field as the schema states it: not blank, `min` to `max` characters.
fn checked_text(field: &str, text: &str, min: usize, max: usize) -> AppResult<()> {
    if text.trim().is_empty() {
        return Err(AppError::invalid(field, "blank", "must not be blank"));
    }
    let length = text.chars().count();
    if !(min..=max).contains(&length) {
        return Err(AppError::invalid(field, "length", format!("{min} to {max} characters")));
    }
    Ok(())
}

fn checked_duration(seconds: Option<u32>) -> AppResult<()> {
    match seconds {
        Some(s) if !(1..=3600).contains(&s) => {
            Err(AppError::invalid("response_duration_seconds", "range", "1 to 3600 seconds"))
        }
        _ => Ok(()),
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> AppResult<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| AppError::Internal(e.to_string()))
}

/// Stored JSON (feedback, points, scores) back into its type.
fn from_json<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> AppResult<T> {
    serde_json::from_value(value.clone()).map_err(|e| AppError::Internal(format!("stored JSON unreadable: {e}")))
}
