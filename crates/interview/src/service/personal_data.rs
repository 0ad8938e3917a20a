//! A person's interviews in their data export, and gone with their data (their recordings too).

use std::sync::Arc;

use async_trait::async_trait;
use kernel::db::{DbPool, RequestScope, ScopedFutureExt, scoped};
use kernel::personal_data::{ExportFile, PersonalData};
use kernel::{AppError, AppResult};
use platform::storage::{ObjectStorage, interview_audio_prefix};
use uuid::Uuid;

use crate::store;

pub struct InterviewPersonalData {
    pool: DbPool,
    storage: Arc<dyn ObjectStorage>,
}

impl InterviewPersonalData {
    pub fn new(pool: DbPool, storage: Arc<dyn ObjectStorage>) -> Self {
        Self { pool, storage }
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
                            "recording": answer.and_then(|r| r.audio_key.as_ref().map(|key| serde_json::json!({
                                "object": key, "format": r.audio_format, "bytes": r.audio_bytes,
                            }))),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "id": i.id, "interview_type": i.interview_type, "role_level": i.role_level,
                    "difficulty": i.difficulty, "language": i.language, "job_id": i.job_id, "job_title": i.job_title,
                    "cv_id": i.cv_id, "status": i.status, "overall_score": i.overall_score, "scores": i.scores,
                    "feedback": i.feedback, "created_at": i.created_at, "ended_at": i.ended_at, "questions": plan,
                    "model_cost": { "input_tokens": i.llm_input_tokens, "output_tokens": i.llm_output_tokens,
                        "cost_micro_usd": i.llm_cost_micro_usd },
                })
            })
            .collect();
        Ok(serde_json::json!({ "interviews": interviews }))
    }

    /// The recorded answers, named `<interview>/<question>.<format>`.
    async fn files(&self, user_id: Uuid) -> AppResult<Vec<ExportFile>> {
        let (_, _, responses) = scoped(&self.pool, &RequestScope::user(user_id), |conn| {
            async move { Ok::<_, AppError>(store::all_of(conn, user_id).await?) }.scope_boxed()
        })
        .await?;
        Ok(responses
            .into_iter()
            .filter_map(|r| {
                let key = r.audio_key?;
                let format = r.audio_format.unwrap_or_else(|| "audio".into());
                Some(ExportFile { name: format!("{}/{}.{format}", r.interview_id, r.question_id), key })
            })
            .collect())
    }

    async fn erase(&self, user_id: Uuid) -> AppResult<()> {
        for object in self.storage.list(&interview_audio_prefix(user_id)).await? {
            self.storage.delete(&object.key).await?;
        }
        scoped(&self.pool, &RequestScope::system(), |conn| {
            async move { Ok::<_, AppError>(store::erase_all_of(conn, user_id).await?) }.scope_boxed()
        })
        .await
    }
}
