//! A person's interviews in their data export, and gone with their data.

use async_trait::async_trait;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::personal_data::PersonalData;
use kernel::{AppError, AppResult};
use uuid::Uuid;

use crate::store;

pub struct InterviewPersonalData {
    pool: DbPool,
}

impl InterviewPersonalData {
    pub fn new(pool: DbPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl PersonalData for InterviewPersonalData {
    fn section(&self) -> &'static str {
        "interview"
    }

    async fn export(&self, user_id: Uuid) -> AppResult<serde_json::Value> {
        let (interviews, questions, responses) = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move { Ok::<_, AppError>(store::all_of(conn, user_id).await?) }.scope_boxed()
        })
        .await?;
        let interviews: Vec<serde_json::Value> = interviews
            .iter()
            .map(|i| {
                let plan: Vec<serde_json::Value> = questions
                    .iter()
                    .filter(|q| q.interview_id == i.id)
                    .map(|q| {
                        let answer = responses.iter().find(|r| r.question_id == q.id);
                        serde_json::json!({
                            "question": q.text, "kind": q.kind, "source": q.source, "asked_at": q.asked_at,
                            "answer": answer.map(|r| &r.response_text),
                            "answer_duration_seconds": answer.and_then(|r| r.response_duration_seconds),
                            "feedback": answer.map(|r| &r.feedback),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "id": i.id, "interview_type": i.interview_type, "role_level": i.role_level,
                    "difficulty": i.difficulty, "language": i.language, "job_id": i.job_id, "job_title": i.job_title,
                    "cv_id": i.cv_id, "status": i.status, "overall_score": i.overall_score, "scores": i.scores,
                    "feedback": i.feedback, "created_at": i.created_at, "ended_at": i.ended_at, "questions": plan,
                })
            })
            .collect();
        Ok(serde_json::json!({ "interviews": interviews }))
    }

    async fn erase(&self, user_id: Uuid) -> AppResult<()> {
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::erase_all_of(conn, user_id).await?) }.scope_boxed()
        })
        .await
    }
}
