//! Answering an interview's questions in order: the question checked answerable, the answer
//! scored without holding a transaction (a model may take seconds), then stored with its
//! follow-up and cost once the question is still the one to answer.

use billing::Subject;
use chrono::Utc;
use kernel::auth::AuthUser;
use kernel::db::{DbConn, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::{AppError, AppResult};
use uuid::Uuid;

use super::interviews::{next_open, own_interview, question_view, status_of};
use super::views::{ResponseFeedback, ResponseInput};
use super::{
    Answer, FeedbackSink, InterviewService, Turn, checked_duration, checked_text, enum_text, from_json, parse_text,
    to_json,
};
use crate::domain::bank::ExpectedPoint;
use crate::domain::interviews::QuestionSource;
use crate::domain::scoring::{AnswerFeedback, Scoring};
use crate::store::{self, InterviewRow, QuestionRow, ResponseRow};

/// An interview in progress (locked for a write when `lock`) with its questions and answers.
async fn answerable(
    conn: &mut DbConn,
    id: Uuid,
    lock: bool,
) -> AppResult<(InterviewRow, Vec<QuestionRow>, Vec<ResponseRow>)> {
    let row = own_interview(conn, id, lock).await?;
    status_of(&row)?.must_be_in_progress()?;
    let questions = store::questions_of(conn, id).await?;
    let responses = store::responses_of(conn, id).await?;
    Ok((row, questions, responses))
}

/// The question if it is the one to answer now: 404 when the interview has none such, 409 when
/// it is answered or not yet its turn.
fn current<'q>(
    questions: &'q [QuestionRow],
    responses: &[ResponseRow],
    question_id: Uuid,
) -> AppResult<&'q QuestionRow> {
    let question = questions.iter().find(|q| q.id == question_id).ok_or(AppError::NotFound("question"))?;
    if responses.iter().any(|r| r.question_id == question_id) {
        return Err(AppError::Conflict("this question is answered already".into()));
    }
    let next = next_open(questions, responses).map(|q| q.id);
    if next != Some(question_id) {
        return Err(AppError::Conflict(format!(
            "answer the questions in order: the next one is {}",
            next.map(|n| n.to_string()).unwrap_or_default()
        )));
    }
    Ok(question)
}

impl InterviewService {
    pub async fn respond(
        &self,
        auth: &AuthUser,
        id: Uuid,
        question_id: Uuid,
        input: ResponseInput,
    ) -> AppResult<ResponseFeedback> {
        let (turn, answer) = self.prepare_written(auth, id, question_id, input).await?;
        self.record(auth, &turn, answer, None).await
    }

    /// A written answer checked, and its question checked answerable now: what
    /// [`Self::record`] takes (for a client following the feedback as it is made).
    pub async fn prepare_written(
        &self,
        auth: &AuthUser,
        id: Uuid,
        question_id: Uuid,
        input: ResponseInput,
    ) -> AppResult<(Turn, Answer)> {
        checked_text("response_text", &input.response_text, 1, 10000)?;
        checked_duration(input.response_duration_seconds)?;
        let turn = self.turn(auth, id, question_id).await?;
        Ok((turn, Answer { text: input.response_text, duration_seconds: input.response_duration_seconds, audio: None }))
    }

    /// The question to answer, checked to be answerable now (read without a lock: scoring may
    /// take a model's seconds, and [`Self::record`] checks again before writing).
    pub(super) async fn turn(&self, auth: &AuthUser, id: Uuid, question_id: Uuid) -> AppResult<Turn> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let (row, questions, responses) = answerable(conn, id, false).await?;
                let question = current(&questions, &responses, question_id)?;
                let entitled = billing::entitlements(conn, Subject::User(row.user_id), Utc::now()).await?;
                Ok(Turn {
                    interview_id: id,
                    detail: entitled.feedback_detail(),
                    question: question.clone(),
                    points: from_json(&question.expected_points)?,
                    kind: parse_text(&question.kind)?,
                    language: parse_text(&row.language)?,
                    job_terms: row.job_terms.iter().flatten().cloned().collect(),
                })
            }
            .scope_boxed()
        })
        .await
    }

    /// Scores the answer (telling `progress` as it goes), then stores it with its feedback, its
    /// follow-up question if one is due, and what the model cost, once the question is still the
    /// one to answer.
    pub async fn record(
        &self,
        auth: &AuthUser,
        turn: &Turn,
        answer: Answer,
        progress: Option<&FeedbackSink>,
    ) -> AppResult<ResponseFeedback> {
        let scored = self
            .score(
                &Scoring {
                    question: &turn.question.text,
                    kind: turn.kind,
                    language: turn.language,
                    points: &turn.points,
                    answer: &answer.text,
                    duration_seconds: answer.duration_seconds,
                    job_terms: &turn.job_terms,
                },
                turn.detail,
                progress,
            )
            .await;
        let (now, user_id, question_id) = (Utc::now(), auth.user_id(), turn.question.id);
        let feedback = scored.feedback;
        let response = ResponseRow {
            id: answer.audio.as_ref().map_or_else(new_id, |audio| audio.response_id),
            question_id,
            interview_id: turn.interview_id,
            user_id,
            response_text: answer.text,
            response_duration_seconds: answer.duration_seconds.and_then(|s| i32::try_from(s).ok()),
            score: i16::from(feedback.score),
            feedback: to_json(&feedback)?,
            scorer: feedback.scorer.clone(),
            rubric_version: feedback.rubric_version.clone(),
            input_hash: feedback.input_hash.clone(),
            created_at: now,
            audio_key: answer.audio.as_ref().map(|a| a.key.clone()),
            audio_format: answer.audio.as_ref().map(|a| enum_text(&a.format)),
            audio_bytes: answer.audio.as_ref().map(|a| a.bytes),
        };
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let (_, questions, responses) = answerable(conn, turn.interview_id, true).await?;
                let question = current(&questions, &responses, question_id)?;
                let has_follow_up = questions.iter().any(|q| q.follows_up == Some(question_id));
                let follow_up = follow_up_row(question, &turn.points, &feedback, has_follow_up);
                store::mark_asked(conn, question_id, now).await?;
                store::insert_response(conn, &response, follow_up.as_ref(), scored.cost).await?;
                Ok(ResponseFeedback {
                    response_id: response.id,
                    question_id,
                    feedback,
                    follow_up_question: follow_up.as_ref().map(question_view).transpose()?,
                })
            }
            .scope_boxed()
        })
        .await
    }
}

/// The follow-up to ask after this answer: only for a planned question (not a follow-up) with
/// none yet, when the answer missed a point that has one; it expects the points missed.
fn follow_up_row(
    question: &QuestionRow,
    points: &[ExpectedPoint],
    feedback: &AnswerFeedback,
    has_follow_up: bool,
) -> Option<QuestionRow> {
    if question.follows_up.is_some() || has_follow_up {
        return None;
    }
    let text = feedback.follow_up.clone()?;
    let missed: Vec<ExpectedPoint> = points
        .iter()
        .filter(|p| feedback.missed_points.contains(&p.point))
        .map(|p| ExpectedPoint { follow_up: None, ..p.clone() })
        .collect();
    Some(QuestionRow {
        id: new_id(),
        interview_id: question.interview_id,
        user_id: question.user_id,
        position: question.position,
        follows_up: Some(question.id),
        bank_id: question.bank_id.clone(),
        source: QuestionSource::FollowUp.as_str().into(),
        kind: question.kind.clone(),
        text,
        competencies: question.competencies.clone(),
        expected_points: serde_json::to_value(&missed).ok()?,
        asked_at: None,
    })
}
