//! A person's progress across their interviews.

use kernel::auth::AuthUser;
use kernel::db::{ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};

use super::InterviewService;
use crate::domain::bank::InterviewType;
use crate::domain::progress::{AnswerRecord, Progress, progress};
use crate::domain::scoring::AnswerFeedback;
use crate::store;

/// How many of the latest answers progress reads.
const ANSWERS_READ: i64 = 500;

impl InterviewService {
    pub async fn progress(&self, auth: &AuthUser) -> AppResult<Progress> {
        let user_id = auth.user_id();
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move { Ok::<_, AppError>(store::answers_for_progress(conn, user_id, ANSWERS_READ).await?) }
                .scope_boxed()
        })
        .await?;
        let mut answers = Vec::with_capacity(rows.len());
        for (answered_at, kind, competencies, feedback) in rows {
            let feedback: AnswerFeedback = serde_json::from_value(feedback)
                .map_err(|e| AppError::Internal(format!("stored feedback unreadable: {e}")))?;
            let interview_type: InterviewType = serde_json::from_value(serde_json::Value::String(kind))
                .map_err(|e| AppError::Internal(format!("stored interview kind unknown: {e}")))?;
            answers.push(AnswerRecord {
                answered_at,
                interview_type,
                competencies: competencies.into_iter().flatten().collect(),
                score: feedback.score,
                missed_points: feedback.missed_points,
                sub_scores: feedback.sub_scores.into_iter().map(|s| (s.name, s.score)).collect(),
            });
        }
        Ok(progress(answers))
    }
}
