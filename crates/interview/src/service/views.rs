//! What the API shows of interviews, and what it takes.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::bank::{Difficulty, InterviewType};
use crate::domain::interviews::{InterviewStatus, QuestionSource, RoleLevel};
use crate::domain::results::{FeedbackItem, FinalScores};
use crate::domain::scoring::AnswerFeedback;
use crate::domain::text::Language;

/// An interview at a glance.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InterviewSummary {
    pub id: Uuid,
    pub interview_type: InterviewType,
    pub role_level: RoleLevel,
    pub difficulty: Difficulty,
    pub language: Language,
    // Left out when none, not null: clients (and the contract fuzzer's links) follow the ids there are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cv_id: Option<Uuid>,
    pub target_duration_minutes: u16,
    pub status: InterviewStatus,
    /// 0–100, once completed.
    pub overall_score: Option<u8>,
    pub created_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// A question of the plan (what a strong answer covers is told after answering).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QuestionView {
    pub id: Uuid,
    /// Its place in the plan; a follow-up shares the place of the question it follows.
    pub position: u16,
    pub text: String,
    pub kind: InterviewType,
    pub competencies: Vec<String>,
    /// Why it is asked: the bank, the job's requirements, a gap in the CV, a CV experience, or a
    /// follow-up.
    pub source: QuestionSource,
    /// The question this one follows up on.
    pub follows_up: Option<Uuid>,
}

/// An answer and its feedback.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AnsweredView {
    pub response_id: Uuid,
    pub response_text: String,
    pub response_duration_seconds: Option<u32>,
    pub feedback: AnswerFeedback,
    /// A spoken answer's recording (the text above is its transcript).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<AudioView>,
    pub created_at: DateTime<Utc>,
}

/// A recording kept with an answer.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AudioView {
    /// webm, ogg, mp3 or wav.
    pub format: String,
    pub bytes: u32,
}

/// What the model that scored an interview's answers cost (zero for the built-in interviewer).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ModelCostView {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_usd: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PlanItem {
    pub question: QuestionView,
    /// Once answered.
    pub response: Option<AnsweredView>,
}

/// An interview with its plan, answers and (once completed) final scores and feedback.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InterviewDetail {
    #[serde(flatten)]
    pub summary: InterviewSummary,
    pub questions: Vec<PlanItem>,
    pub scores: Option<FinalScores>,
    pub feedback: Vec<FeedbackItem>,
    /// `builtin` or the model that scored it; with `rubric_version`, how to reproduce the scores.
    pub scorer: String,
    pub rubric_version: String,
    pub model_cost: ModelCostView,
}

/// An answer to the interview's current question.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseInput {
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub response_text: String,
    /// How long the answer took, for its pace.
    #[schema(minimum = 1, maximum = 3600)]
    pub response_duration_seconds: Option<u32>,
}

/// The feedback on an answer, and the follow-up question when the answer missed a point that
/// has one (at most one per question).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ResponseFeedback {
    pub response_id: Uuid,
    pub question_id: Uuid,
    #[serde(flatten)]
    pub feedback: AnswerFeedback,
    pub follow_up_question: Option<QuestionView>,
}
