//! The interview context's queries. Row-level security keeps each person to their own rows.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::interview::{interviews, questions, responses};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = interviews)]
pub struct InterviewRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub interview_type: String,
    pub role_level: String,
    pub difficulty: String,
    pub language: String,
    pub job_id: Option<Uuid>,
    pub job_title: Option<String>,
    pub cv_id: Option<Uuid>,
    pub job_terms: Vec<Option<String>>,
    pub target_duration_minutes: i16,
    pub status: String,
    pub overall_score: Option<i16>,
    pub scores: Option<serde_json::Value>,
    pub feedback: serde_json::Value,
    pub scorer: String,
    pub rubric_version: String,
    pub created_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub llm_input_tokens: i64,
    pub llm_output_tokens: i64,
    pub llm_cost_micro_usd: i64,
    /// The `Idempotency-Key` the interview was created with, if any.
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = questions)]
pub struct QuestionRow {
    pub id: Uuid,
    pub interview_id: Uuid,
    pub user_id: Uuid,
    pub position: i16,
    pub follows_up: Option<Uuid>,
    pub bank_id: Option<String>,
    pub source: String,
    pub kind: String,
    pub text: String,
    pub competencies: Vec<Option<String>>,
    pub expected_points: serde_json::Value,
    pub asked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = responses)]
pub struct ResponseRow {
    pub id: Uuid,
    pub question_id: Uuid,
    pub interview_id: Uuid,
    pub user_id: Uuid,
    pub response_text: String,
    pub response_duration_seconds: Option<i32>,
    pub score: i16,
    pub feedback: serde_json::Value,
    pub scorer: String,
    pub rubric_version: String,
    pub input_hash: String,
    pub created_at: DateTime<Utc>,
    /// A spoken answer's recording (sealed in object storage), its format and size.
    pub audio_key: Option<String>,
    pub audio_format: Option<String>,
    pub audio_bytes: Option<i32>,
}

/// What a model's scoring of one answer cost, added to its interview's account.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModelCost {
    pub input_tokens: i64,
    pub output_tokens: i64,
    pub micro_usd: i64,
}

pub async fn insert_interview(conn: &mut Conn, row: &InterviewRow, plan: &[QuestionRow]) -> QueryResult<()> {
    diesel::insert_into(interviews::table).values(row).execute(conn).await?;
    diesel::insert_into(questions::table).values(plan).execute(conn).await.map(drop)
}

/// The interview, locked for a move when `lock`.
pub async fn find_interview(conn: &mut Conn, id: Uuid, lock: bool) -> QueryResult<Option<InterviewRow>> {
    let query = interviews::table.find(id).select(InterviewRow::as_select());
    if lock { query.for_update().first(conn).await.optional() } else { query.first(conn).await.optional() }
}

/// The person's interview made with this `Idempotency-Key`.
pub async fn find_by_idempotency_key(conn: &mut Conn, user_id: Uuid, key: &str) -> QueryResult<Option<InterviewRow>> {
    interviews::table
        .filter(interviews::user_id.eq(user_id))
        .filter(interviews::idempotency_key.eq(key))
        .select(InterviewRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Its questions in the order they are asked: by position, a follow-up right after its question.
pub async fn questions_of(conn: &mut Conn, interview_id: Uuid) -> QueryResult<Vec<QuestionRow>> {
    questions::table
        .filter(questions::interview_id.eq(interview_id))
        .order((questions::position, questions::follows_up.is_not_null()))
        .select(QuestionRow::as_select())
        .load(conn)
        .await
}

pub async fn responses_of(conn: &mut Conn, interview_id: Uuid) -> QueryResult<Vec<ResponseRow>> {
    responses::table
        .filter(responses::interview_id.eq(interview_id))
        .order(responses::created_at)
        .select(ResponseRow::as_select())
        .load(conn)
        .await
}

pub async fn mark_asked(conn: &mut Conn, question_id: Uuid, at: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(questions::table.find(question_id).filter(questions::asked_at.is_null()))
        .set(questions::asked_at.eq(at))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn insert_response(
    conn: &mut Conn,
    row: &ResponseRow,
    follow_up: Option<&QuestionRow>,
    cost: ModelCost,
) -> QueryResult<()> {
    diesel::insert_into(responses::table).values(row).execute(conn).await?;
    if let Some(follow_up) = follow_up {
        diesel::insert_into(questions::table).values(follow_up).execute(conn).await?;
    }
    diesel::update(interviews::table.find(row.interview_id))
        .set((
            interviews::last_activity_at.eq(row.created_at),
            interviews::llm_input_tokens.eq(interviews::llm_input_tokens + cost.input_tokens),
            interviews::llm_output_tokens.eq(interviews::llm_output_tokens + cost.output_tokens),
            interviews::llm_cost_micro_usd.eq(interviews::llm_cost_micro_usd + cost.micro_usd),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// Ends an interview: completed (with its scores and feedback), abandoned or expired.
pub async fn end_interview(
    conn: &mut Conn,
    id: Uuid,
    status: &str,
    result: Option<(i16, serde_json::Value, serde_json::Value)>,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    let (overall, scores, feedback) = match result {
        Some((overall, scores, feedback)) => (Some(overall), Some(scores), feedback),
        None => (None, None, serde_json::json!([])),
    };
    diesel::update(interviews::table.find(id))
        .set((
            interviews::status.eq(status),
            interviews::overall_score.eq(overall),
            interviews::scores.eq(scores),
            interviews::feedback.eq(feedback),
            interviews::last_activity_at.eq(at),
            interviews::ended_at.eq(at),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// The person's interviews, newest first, after the `(created_at, id)` cursor.
pub async fn interviews_of(
    conn: &mut Conn,
    user_id: Uuid,
    before: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<InterviewRow>> {
    let mut query = interviews::table.filter(interviews::user_id.eq(user_id)).into_boxed();
    if let Some((at, id)) = before {
        query =
            query.filter(interviews::created_at.lt(at).or(interviews::created_at.eq(at).and(interviews::id.lt(id))));
    }
    query
        .order((interviews::created_at.desc(), interviews::id.desc()))
        .limit(limit + 1)
        .select(InterviewRow::as_select())
        .load(conn)
        .await
}

/// Interviews in progress with no move since `idle_since`, ended as expired; how many.
pub async fn expire_stale(conn: &mut Conn, idle_since: DateTime<Utc>, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::update(
        interviews::table
            .filter(interviews::status.eq("in_progress"))
            .filter(interviews::last_activity_at.lt(idle_since)),
    )
    .set((interviews::status.eq("expired"), interviews::ended_at.eq(now)))
    .execute(conn)
    .await
}

/// Everything of one person's interviews, for their data export.
pub async fn all_of(
    conn: &mut Conn,
    user_id: Uuid,
) -> QueryResult<(Vec<InterviewRow>, Vec<QuestionRow>, Vec<ResponseRow>)> {
    let interviews =
        interviews::table.filter(interviews::user_id.eq(user_id)).select(InterviewRow::as_select()).load(conn).await?;
    let questions =
        questions::table.filter(questions::user_id.eq(user_id)).select(QuestionRow::as_select()).load(conn).await?;
    let responses =
        responses::table.filter(responses::user_id.eq(user_id)).select(ResponseRow::as_select()).load(conn).await?;
    Ok((interviews, questions, responses))
}

/// Deletes every interview of the person (their questions and answers go with them).
pub async fn erase_all_of(conn: &mut Conn, user_id: Uuid) -> QueryResult<()> {
    diesel::delete(interviews::table.filter(interviews::user_id.eq(user_id))).execute(conn).await.map(drop)
}

/// One of the person's answers as progress and readiness read it.
pub type AnswerSummaryRow = (DateTime<Utc>, String, Option<Uuid>, Vec<Option<String>>, serde_json::Value);

/// The person's latest answers (up to `limit`): when, their interview's kind and job, their
/// question's competencies, the feedback.
pub async fn latest_answers(conn: &mut Conn, user_id: Uuid, limit: i64) -> QueryResult<Vec<AnswerSummaryRow>> {
    responses::table
        .inner_join(questions::table)
        .inner_join(interviews::table)
        .filter(responses::user_id.eq(user_id))
        .order(responses::created_at.desc())
        .limit(limit)
        .select((
            responses::created_at,
            interviews::interview_type,
            interviews::job_id,
            questions::competencies,
            responses::feedback,
        ))
        .load(conn)
        .await
}
