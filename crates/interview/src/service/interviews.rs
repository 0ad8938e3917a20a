//! Mock interviews: planned for a job and a CV, answered question by question (with at most one
//! follow-up each), completed into final scores and feedback, or abandoned.

use billing::{Resource, Subject};
use chrono::Utc;
use kernel::auth::AuthUser;
use kernel::db::{DbConn, ScopedFutureExt, is_unique_violation, scoped};
use kernel::ids::new_id;
use kernel::pagination::{Page, PageQuery};
use kernel::tracking::{ProductEvent, track};
use kernel::{AppError, AppResult};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::views::{AnsweredView, AudioView, InterviewDetail, InterviewSummary, ModelCostView, PlanItem, QuestionView};
use super::{InterviewService, enum_text, from_json, parse_text, to_json};
use crate::domain::bank::{Bank, Difficulty, InterviewType};
use crate::domain::interviews::{InterviewStatus, PlanRequest, RoleLevel, Tailoring, plan};
use crate::domain::results::{FeedbackItem, FinalScores, feedback_items, final_scores};
use crate::domain::scoring::AnswerFeedback;
use crate::domain::text::Language;
use crate::store::{self, InterviewRow, QuestionRow, ResponseRow};

/// A mock interview to plan.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInterview {
    pub interview_type: InterviewType,
    pub role_level: RoleLevel,
    pub difficulty: Difficulty,
    pub language: Language,
    /// A posting to prepare for: its skills pick and shape the questions.
    pub job_id: Option<Uuid>,
    /// One of your parsed CVs: its experiences (and, with a job, its gaps) shape the questions.
    pub cv_id: Option<Uuid>,
    #[schema(minimum = 5, maximum = 120)]
    pub target_duration_minutes: u16,
}

fn summary(row: &InterviewRow) -> AppResult<InterviewSummary> {
    Ok(InterviewSummary {
        id: row.id,
        interview_type: parse_text(&row.interview_type)?,
        role_level: parse_text(&row.role_level)?,
        difficulty: parse_text(&row.difficulty)?,
        language: parse_text(&row.language)?,
        job_id: row.job_id,
        job_title: row.job_title.clone(),
        cv_id: row.cv_id,
        target_duration_minutes: u16::try_from(row.target_duration_minutes).unwrap_or_default(),
        status: InterviewStatus::parse(&row.status)
            .ok_or_else(|| AppError::Internal(format!("status {}", row.status)))?,
        overall_score: row.overall_score.and_then(|s| u8::try_from(s).ok()),
        created_at: row.created_at,
        ended_at: row.ended_at,
    })
}

pub(super) fn question_view(row: &QuestionRow) -> AppResult<QuestionView> {
    Ok(QuestionView {
        id: row.id,
        position: u16::try_from(row.position).unwrap_or_default(),
        text: row.text.clone(),
        kind: parse_text(&row.kind)?,
        competencies: row.competencies.iter().flatten().cloned().collect(),
        source: parse_text(&row.source)?,
        follows_up: row.follows_up,
    })
}

fn detail(row: &InterviewRow, questions: &[QuestionRow], responses: &[ResponseRow]) -> AppResult<InterviewDetail> {
    let mut items = Vec::with_capacity(questions.len());
    for question in questions {
        let response = match responses.iter().find(|r| r.question_id == question.id) {
            Some(r) => Some(AnsweredView {
                response_id: r.id,
                response_text: r.response_text.clone(),
                response_duration_seconds: r.response_duration_seconds.and_then(|s| u32::try_from(s).ok()),
                feedback: from_json(&r.feedback)?,
                audio: match (&r.audio_format, r.audio_bytes) {
                    (Some(format), Some(bytes)) => Some(AudioView { format: format.clone(), bytes: bytes as u32 }),
                    _ => None,
                },
                created_at: r.created_at,
            }),
            None => None,
        };
        items.push(PlanItem { question: question_view(question)?, response });
    }
    Ok(InterviewDetail {
        summary: summary(row)?,
        questions: items,
        scores: row.scores.as_ref().map(from_json::<FinalScores>).transpose()?,
        feedback: from_json::<Vec<FeedbackItem>>(&row.feedback)?,
        scorer: row.scorer.clone(),
        rubric_version: row.rubric_version.clone(),
        model_cost: ModelCostView {
            input_tokens: row.llm_input_tokens as u64,
            output_tokens: row.llm_output_tokens as u64,
            cost_usd: row.llm_cost_micro_usd as f64 / 1e6,
        },
    })
}

/// The interview if it is the caller's (row-level security hides the others': 404).
pub(super) async fn own_interview(conn: &mut DbConn, id: Uuid, lock: bool) -> AppResult<InterviewRow> {
    store::find_interview(conn, id, lock).await?.ok_or(AppError::NotFound("interview"))
}

/// The next question to answer: the first in plan order without an answer.
pub(super) fn next_open<'q>(questions: &'q [QuestionRow], responses: &[ResponseRow]) -> Option<&'q QuestionRow> {
    questions.iter().find(|q| !responses.iter().any(|r| r.question_id == q.id))
}

impl InterviewService {
    /// What the interview is tailored to: the posting's skills (those the CV shows, with a CV),
    /// the must-haves the CV lacks, and the CV's latest experiences.
    async fn tailoring(&self, auth: &AuthUser, job_id: Option<Uuid>, cv_id: Option<Uuid>) -> AppResult<Tailoring> {
        let mut tailoring = Tailoring::default();
        let profile = match cv_id {
            Some(cv_id) => Some(self.inner.cv.profile(auth, cv_id).await?),
            None => None,
        };
        if let Some(job_id) = job_id {
            let job = self.inner.matching.posting(Some(auth), job_id).await?;
            tailoring.job_title = Some(job.title.clone());
            match &profile {
                Some(profile) => {
                    let (_, screening) = self.inner.matching.screen(profile, job_id).await?;
                    tailoring.job_skills =
                        screening.fit.matching_skills.iter().map(|s| (s.id.clone(), s.name.clone())).collect();
                    tailoring.gaps = screening
                        .fit
                        .missing_skills
                        .iter()
                        .filter(|s| s.kind == matching::domain::postings::RequirementKind::Must)
                        .map(|s| s.name.clone())
                        .collect();
                }
                None => {
                    let skills = job.analysis.map(|a| a.skills).unwrap_or_default();
                    tailoring.job_skills = skills.into_iter().map(|s| (s.id, s.name)).collect();
                }
            }
        }
        if let Some(mut profile) = profile {
            // Latest first: ongoing jobs, then by start.
            profile
                .experiences
                .sort_by(|a, b| b.end.is_none().cmp(&a.end.is_none()).then_with(|| b.start.cmp(&a.start)));
            tailoring.experiences = profile
                .experiences
                .iter()
                .filter_map(|e| {
                    let line = e
                        .description
                        .lines()
                        .map(|l| l.trim_start_matches(['•', '-', '*', '·', ' ']).trim())
                        .find(|l| l.chars().count() >= 15)?;
                    let line: String = line.chars().take(160).collect();
                    Some((e.company.clone()?, e.title.clone()?, line))
                })
                .take(2)
                .collect();
        }
        Ok(tailoring)
    }

    /// Plans an interview, counted against the plan's monthly interviews (402 when spent). With an
    /// idempotency key the caller used before, answers the interview that key made (`false`:
    /// nothing new was created, nothing counted), so a retried request makes one.
    pub async fn create_interview(
        &self,
        auth: &AuthUser,
        input: NewInterview,
        idempotency_key: Option<String>,
    ) -> AppResult<(InterviewDetail, bool)> {
        if !(5..=120).contains(&input.target_duration_minutes) {
            return Err(AppError::invalid("target_duration_minutes", "range", "5 to 120 minutes"));
        }
        if let Some(key) = &idempotency_key
            && let Some(existing) = self.by_idempotency_key(auth, key).await?
        {
            return Ok((existing, false));
        }
        let tailoring = self.tailoring(auth, input.job_id, input.cv_id).await?;
        let (id, now, user_id) = (new_id(), Utc::now(), auth.user_id());
        let seed = u64::from_le_bytes(id.as_bytes()[8..16].try_into().unwrap_or_default());
        let planned = plan(
            Bank::shipped(),
            &PlanRequest {
                kind: input.interview_type,
                level: input.role_level,
                difficulty: input.difficulty,
                language: input.language,
                duration_minutes: input.target_duration_minutes,
                seed,
                tailoring: &tailoring,
            },
        );
        let job_terms: Vec<Option<String>> =
            tailoring.job_skills.iter().map(|(_, name)| Some(kernel::text::fold(name))).collect();
        let row = InterviewRow {
            id,
            user_id,
            interview_type: enum_text(&input.interview_type),
            role_level: input.role_level.as_str().into(),
            difficulty: enum_text(&input.difficulty),
            language: enum_text(&input.language),
            job_id: input.job_id,
            job_title: tailoring.job_title.as_ref().map(|t| t.chars().take(200).collect()),
            cv_id: input.cv_id,
            job_terms,
            target_duration_minutes: i16::try_from(input.target_duration_minutes).unwrap_or(120),
            status: InterviewStatus::InProgress.as_str().into(),
            overall_score: None,
            scores: None,
            feedback: serde_json::json!([]),
            // Set from the plan when the month's interview is counted.
            scorer: String::new(),
            rubric_version: String::new(),
            created_at: now,
            last_activity_at: now,
            ended_at: None,
            llm_input_tokens: 0,
            llm_output_tokens: 0,
            llm_cost_micro_usd: 0,
            idempotency_key: idempotency_key.clone(),
        };
        let mut questions = Vec::with_capacity(planned.len());
        for (position, q) in planned.into_iter().enumerate() {
            questions.push(QuestionRow {
                id: new_id(),
                interview_id: id,
                user_id,
                position: i16::try_from(position).unwrap_or(i16::MAX),
                follows_up: None,
                bank_id: q.bank_id,
                source: q.source.as_str().into(),
                kind: enum_text(&q.kind),
                text: q.text,
                competencies: q.competencies.into_iter().map(Some).collect(),
                expected_points: to_json(&q.expected_points)?,
                asked_at: None,
            });
        }
        let created = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let entitled = billing::consume(conn, Subject::User(user_id), Resource::Interviews, 1, now).await?;
                let (scorer, rubric_version) = self.scorer_label(entitled.feedback_detail());
                let row = InterviewRow { scorer, rubric_version: rubric_version.into(), ..row };
                store::insert_interview(conn, &row, &questions).await?;
                let properties = serde_json::json!({
                    "interview_id": row.id, "interview_type": row.interview_type, "difficulty": row.difficulty,
                    "language": row.language, "job_id": row.job_id, "questions": questions.len(),
                });
                track(conn, &ProductEvent::new("interview.started", Some(user_id), None, properties)).await?;
                detail(&row, &questions, &[])
            }
            .scope_boxed()
        })
        .await;
        match (created, &idempotency_key) {
            (Ok(detail), _) => Ok((detail, true)),
            // The same key raced in twice: the first one made it.
            (Err(AppError::Database(error)), Some(key))
                if is_unique_violation(&error, "interviews_idempotency_key") =>
            {
                let existing = self.by_idempotency_key(auth, key).await?;
                existing.map(|detail| (detail, false)).ok_or(AppError::Database(error))
            }
            (Err(error), _) => Err(error),
        }
    }

    async fn by_idempotency_key(&self, auth: &AuthUser, key: &str) -> AppResult<Option<InterviewDetail>> {
        let (key, user_id) = (key.to_owned(), auth.user_id());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let Some(row) = store::find_by_idempotency_key(conn, user_id, &key).await? else { return Ok(None) };
                let questions = store::questions_of(conn, row.id).await?;
                let responses = store::responses_of(conn, row.id).await?;
                detail(&row, &questions, &responses).map(Some)
            }
            .scope_boxed()
        })
        .await
    }

    pub async fn interview(&self, auth: &AuthUser, id: Uuid) -> AppResult<InterviewDetail> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let row = own_interview(conn, id, false).await?;
                let questions = store::questions_of(conn, id).await?;
                let responses = store::responses_of(conn, id).await?;
                detail(&row, &questions, &responses)
            }
            .scope_boxed()
        })
        .await
    }

    /// The question to answer now (the same until it is answered); 409 when the interview is over
    /// or every question is answered.
    pub async fn next_question(&self, auth: &AuthUser, id: Uuid) -> AppResult<QuestionView> {
        let now = Utc::now();
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let row = own_interview(conn, id, false).await?;
                status_of(&row)?.must_be_in_progress()?;
                let questions = store::questions_of(conn, id).await?;
                let responses = store::responses_of(conn, id).await?;
                let next = next_open(&questions, &responses)
                    .ok_or_else(|| AppError::Conflict("every question is answered: complete the interview".into()))?;
                store::mark_asked(conn, next.id, now).await?;
                question_view(next)
            }
            .scope_boxed()
        })
        .await
    }

    /// Ends the interview with its final scores and feedback; 409 before any answer.
    pub async fn complete(&self, auth: &AuthUser, id: Uuid) -> AppResult<InterviewDetail> {
        let now = Utc::now();
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let row = own_interview(conn, id, true).await?;
                status_of(&row)?.must_be_in_progress()?;
                let responses = store::responses_of(conn, id).await?;
                if responses.is_empty() {
                    return Err(AppError::Conflict("answer at least one question before completing".into()));
                }
                let answers: Vec<AnswerFeedback> =
                    responses.iter().map(|r| from_json(&r.feedback)).collect::<AppResult<_>>()?;
                let scores = final_scores(&answers);
                let items = feedback_items(&answers, &scores, parse_text(&row.language)?);
                let result = (i16::from(scores.overall), to_json(&scores)?, to_json(&items)?);
                let overall = result.0;
                store::end_interview(conn, id, InterviewStatus::Completed.as_str(), Some(result), now).await?;
                let row = own_interview(conn, id, false).await?;
                let properties = serde_json::json!({
                    "interview_id": id, "interview_type": row.interview_type, "overall_score": overall,
                    "answers": responses.len(),
                });
                track(conn, &ProductEvent::new("interview.completed", Some(row.user_id), None, properties)).await?;
                let questions = store::questions_of(conn, id).await?;
                detail(&row, &questions, &responses)
            }
            .scope_boxed()
        })
        .await
    }

    pub async fn abandon(&self, auth: &AuthUser, id: Uuid) -> AppResult<InterviewSummary> {
        let now = Utc::now();
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let row = own_interview(conn, id, true).await?;
                status_of(&row)?.must_be_in_progress()?;
                store::end_interview(conn, id, InterviewStatus::Abandoned.as_str(), None, now).await?;
                summary(&own_interview(conn, id, false).await?)
            }
            .scope_boxed()
        })
        .await
    }

    pub async fn my_interviews(&self, auth: &AuthUser, page: &PageQuery) -> AppResult<Page<InterviewSummary>> {
        let (limit, before) = (page.limit()?, page.after::<(chrono::DateTime<Utc>, Uuid)>()?);
        let user_id = auth.user_id();
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move { Ok(store::interviews_of(conn, user_id, before, limit).await?) }.scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |row| (row.created_at, row.id));
        Ok(Page { items: page.items.iter().map(summary).collect::<AppResult<_>>()?, next_cursor: page.next_cursor })
    }
}

pub(super) fn status_of(row: &InterviewRow) -> AppResult<InterviewStatus> {
    InterviewStatus::parse(&row.status).ok_or_else(|| AppError::Internal(format!("status {}", row.status)))
}
