//! Free practice: any question, any answer, scored like an interview's; nothing is kept.

use billing::Subject;
use chrono::Utc;
use kernel::AppResult;
use kernel::auth::AuthUser;
use kernel::db::{ScopedFutureExt, scoped};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{FeedbackSink, InterviewService, checked_text};
use crate::domain::bank::{Bank, InterviewType};
use crate::domain::scoring::inference::expected_points;
use crate::domain::scoring::{AnswerFeedback, Scoring};
use crate::domain::text::Language;

/// An answer to any question (e.g. one you were really asked yesterday), to be scored.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FreeAnswer {
    #[schema(min_length = 5, max_length = 1000, pattern = r"\S")]
    pub question_text: String,
    #[schema(min_length = 1, max_length = 10000, pattern = r"\S")]
    pub answer_text: String,
    pub language: Language,
    pub interview_type: InterviewType,
    /// How long the answer took to say, for its pace.
    #[schema(minimum = 1, maximum = 3600)]
    pub response_duration_seconds: Option<u32>,
}

impl FreeAnswer {
    /// The field rules the schema states.
    pub fn check(&self) -> AppResult<()> {
        checked_text("question_text", &self.question_text, 5, 1000)?;
        checked_text("answer_text", &self.answer_text, 1, 10000)?;
        super::checked_duration(self.response_duration_seconds)
    }
}

impl InterviewService {
    /// Feedback on one answer, from the question alone: the bank's expected points when it
    /// holds the same question, else the points every good answer of that kind makes.
    /// `progress` hears it as it is made.
    pub async fn practice(
        &self,
        auth: &AuthUser,
        answer: &FreeAnswer,
        progress: Option<&FeedbackSink>,
    ) -> AppResult<AnswerFeedback> {
        answer.check()?;
        let (subject, now) = (Subject::User(auth.user_id()), Utc::now());
        let entitled = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move { billing::entitlements(conn, subject, now).await }.scope_boxed()
        })
        .await?;
        let points = expected_points(&answer.question_text, answer.language, answer.interview_type, Bank::shipped());
        let scored = self
            .score(
                &Scoring {
                    question: &answer.question_text,
                    kind: answer.interview_type,
                    language: answer.language,
                    points: &points,
                    answer: &answer.answer_text,
                    duration_seconds: answer.response_duration_seconds,
                    job_terms: &[],
                },
                entitled.feedback_detail(),
                progress,
            )
            .await;
        Ok(scored.feedback)
    }
}
