//! The candidate's side: apply to a company's job with one of your CVs (screened at once, the CV
//! shared with that company only), see your applications and their history, withdraw.

use chrono::{Datelike, Utc};
use diesel::result::{DatabaseErrorKind, Error as DbError};
use kernel::auth::AuthUser;
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, is_unique_violation, scoped};
use kernel::ids::new_id;
use kernel::pagination::{Page, PageQuery};
use kernel::tracking::{ProductEvent, track};
use kernel::{AppError, AppResult};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::views::{AnswerView, candidate_view, search_texts};
use super::{HiringService, MyApplication, PARTITIONS_AHEAD, applied_at_of, checked_text};
use crate::domain::applications::{Position, Status, withdraw};
use crate::domain::pipeline::APPLIED;
use crate::store::{self, ApplicationRow, PositionChange, StageChangeRow};

const MAX_COVER_LETTER: usize = 10_000;
const MAX_ANSWERS: usize = 20;

/// An answer to one of the posting's questions.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    #[schema(min_length = 1, max_length = 500, pattern = r"\S")]
    pub question: String,
    #[schema(max_length = 5000)]
    pub answer: String,
}

/// What you send to apply.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRequest {
    /// One of your parsed CVs: this version is shared with the company.
    pub cv_id: Uuid,
    #[schema(max_length = 10000)]
    pub cover_letter: Option<String>,
    #[schema(max_items = 20)]
    #[serde(default)]
    pub answers: Vec<Answer>,
}

impl ApplicationRequest {
    fn checked(&self) -> AppResult<(Option<String>, Vec<AnswerView>)> {
        let cover = match &self.cover_letter {
            Some(text) => Some(checked_text("cover_letter", text, MAX_COVER_LETTER)?).filter(|t| !t.is_empty()),
            None => None,
        };
        if self.answers.len() > MAX_ANSWERS {
            return Err(AppError::invalid("answers", "too_many", format!("at most {MAX_ANSWERS} answers")));
        }
        let mut answers = Vec::with_capacity(self.answers.len());
        for (i, answer) in self.answers.iter().enumerate() {
            let question = checked_text(&format!("answers[{i}].question"), &answer.question, 500)?;
            if question.is_empty() {
                return Err(AppError::invalid(&format!("answers[{i}].question"), "required", "say which question"));
            }
            let text = checked_text(&format!("answers[{i}].answer"), &answer.answer, 5000)?;
            answers.push(AnswerView { question, answer: text });
        }
        Ok((cover, answers))
    }
}

/// Whether an insert failed for want of the month's partition.
pub(super) fn lacks_partition(error: &AppError) -> bool {
    matches!(error, AppError::Database(DbError::DatabaseError(DatabaseErrorKind::Unknown, info))
        if info.message().contains("no partition of relation"))
}

impl HiringService {
    /// Applies to the job with the caller's CV: the application (screened now), its claim (one per
    /// job and person), the CV shared with the company and the first history entry, all or
    /// nothing. A repeated `Idempotency-Key` answers the application it made (`false`).
    pub async fn apply(
        &self,
        auth: &AuthUser,
        job_id: Uuid,
        request: ApplicationRequest,
        idempotency_key: Option<String>,
    ) -> AppResult<(MyApplication, bool)> {
        let (cover_letter, answers) = request.checked()?;
        if let Some(key) = &idempotency_key
            && let Some(existing) = self.submitted(auth, key).await?
        {
            return Ok((existing, false));
        }
        let profile = self.inner.cv.profile(auth, request.cv_id).await?;
        let (job, screening) = self.inner.matching.screen(&profile, job_id).await?;
        let Some(tenant_id) = job.tenant_id else {
            return Err(AppError::Conflict("this posting comes from a partner site: apply there".into()));
        };
        if !job.open {
            return Err(AppError::Conflict("this posting no longer takes applications".into()));
        }
        let (user_id, id, now) = (auth.user_id(), new_id(), Utc::now());
        let applied_at = applied_at_of(id)?;
        let headline = headline_of(&profile);
        let skills: Vec<&str> = profile.skills.iter().map(|s| s.name.as_str()).collect();
        let mut row = ApplicationRow {
            id,
            applied_at,
            tenant_id,
            job_id,
            job_title: job.title.chars().take(200).collect(),
            user_id: Some(user_id),
            cv_id: Some(profile.cv_id),
            candidate_name: profile.contact.full_name.clone(),
            candidate_email: profile.contact.email.clone(),
            candidate_phone: profile.contact.phone.clone(),
            headline,
            cover_letter,
            answers: serde_json::to_value(&answers).map_err(|e| AppError::Internal(e.to_string()))?,
            source: "platform".into(),
            status: Status::Active.as_str().into(),
            stage: APPLIED.into(),
            score: screening.fit.overall_score.clamp(0.0, 1.0) as f32,
            screening: Some(serde_json::to_value(&screening).map_err(|e| AppError::Internal(e.to_string()))?),
            rating: None,
            assigned_recruiter: None,
            tags: Vec::new(),
            rejection_reason: None,
            rejection_note: None,
            search_identity: String::new(),
            search_work: String::new(),
            updated_at: now,
            closed_at: None,
            candidate_id: None,
        };
        let written = self.file_application(auth, &mut row, &skills, idempotency_key.as_deref()).await;
        let written = match written {
            Err(error) if lacks_partition(&error) => {
                self.ensure_partitions().await?;
                self.file_application(auth, &mut row, &skills, idempotency_key.as_deref()).await
            }
            other => other,
        };
        match (written, &idempotency_key) {
            (Ok(application), _) => Ok((application, true)),
            // The same key sent twice at once: the first one made it.
            (Err(AppError::Database(db)), Some(key)) if is_unique_violation(&db, "submissions_pkey") => {
                let existing = self.submitted(auth, key).await?;
                existing.map(|a| (a, false)).ok_or(AppError::Conflict("this Idempotency-Key is in use".into()))
            }
            (Err(error), _) => Err(error),
        }
    }

    async fn file_application(
        &self,
        auth: &AuthUser,
        row: &mut ApplicationRow,
        skills: &[&str],
        idempotency_key: Option<&str>,
    ) -> AppResult<MyApplication> {
        let user_id = auth.user_id();
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                if let Some(account) = identity::contact(conn, user_id).await? {
                    row.candidate_name = row.candidate_name.take().or(Some(account.full_name));
                    row.candidate_email = row.candidate_email.take().or(Some(account.email));
                }
                let work: Vec<&str> = row.headline.iter().map(String::as_str).chain(skills.iter().copied()).collect();
                (row.search_identity, row.search_work) = search_texts(
                    row.candidate_name.as_deref(),
                    row.candidate_email.as_deref(),
                    row.candidate_phone.as_deref(),
                    &work,
                );
                store::insert_application(conn, row).await?;
                if !store::claim_candidacy(conn, row, user_id).await? {
                    return Err(AppError::Conflict(
                        "you already applied to this job: withdraw that application first to apply again".into(),
                    ));
                }
                if let Some(key) = idempotency_key {
                    store::record_submission(conn, user_id, key, row).await?;
                }
                let change = first_change(row, user_id);
                store::insert_stage_change(conn, &change).await?;
                let properties = serde_json::json!({
                    "application_id": row.id, "job_id": row.job_id, "stage": change.to_stage, "source": row.source,
                });
                let event =
                    ProductEvent::new("hiring.application_submitted", Some(user_id), Some(row.tenant_id), properties);
                track(conn, &event).await?;
                let cv_id = row.cv_id.ok_or(AppError::Internal("an application without a CV".into()))?;
                cv::sharing::share_with_company(conn, user_id, cv_id, row.tenant_id, row.id, row.updated_at).await?;
                Ok(candidate_view(row.clone(), &[change]))
            }
            .scope_boxed()
        })
        .await
    }

    /// Creates the partitions of this month and the next few (normally the scheduled job's work).
    pub async fn ensure_partitions(&self) -> AppResult<i32> {
        let this_month = Utc::now().date_naive().with_day0(0).unwrap_or_else(|| Utc::now().date_naive());
        scoped(&self.inner.pool, &RequestScope::system(), |conn| {
            async move { store::ensure_partitions(conn, this_month, PARTITIONS_AHEAD).await.map_err(AppError::from) }
                .scope_boxed()
        })
        .await
    }

    async fn submitted(&self, auth: &AuthUser, key: &str) -> AppResult<Option<MyApplication>> {
        let user_id = auth.user_id();
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let Some((id, applied_at)) = store::submission(conn, user_id, key).await? else { return Ok(None) };
                own_application(conn, user_id, id, applied_at).await.map(Some)
            }
            .scope_boxed()
        })
        .await
    }

    /// The caller's applications, newest first, each with its history.
    pub async fn my_applications(&self, auth: &AuthUser, page: &PageQuery) -> AppResult<Page<MyApplication>> {
        let (limit, after) = (page.limit()?, page.after()?);
        let user_id = auth.user_id();
        let (rows, changes) = scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let rows = store::applications_of_user(conn, user_id, after, limit).await?;
                let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
                Ok::<_, AppError>((rows, store::stage_changes_of(conn, &ids).await?))
            }
            .scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |row| (row.applied_at, row.id));
        Ok(Page {
            items: page.items.into_iter().map(|row| candidate_view(row, &changes)).collect(),
            next_cursor: page.next_cursor,
        })
    }

    /// One of the caller's applications.
    pub async fn my_application(&self, auth: &AuthUser, id: Uuid) -> AppResult<MyApplication> {
        let (user_id, applied_at) = (auth.user_id(), applied_at_of(id)?);
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move { own_application(conn, user_id, id, applied_at).await }.scope_boxed()
        })
        .await
    }

    /// The caller withdraws their application: it closes, the company stops seeing their CV, and
    /// they may apply to the job again.
    pub async fn withdraw(&self, auth: &AuthUser, id: Uuid) -> AppResult<MyApplication> {
        let (user_id, applied_at, now) = (auth.user_id(), applied_at_of(id)?, Utc::now());
        scoped(&self.inner.pool, &RequestScope::user(user_id), |conn| {
            async move {
                let row = store::lock_application(conn, id, applied_at)
                    .await?
                    .filter(|row| row.user_id == Some(user_id))
                    .ok_or(AppError::NotFound("application"))?;
                close_by_candidate(conn, &row, Some(user_id), now).await?;
                own_application(conn, user_id, id, applied_at).await
            }
            .scope_boxed()
        })
        .await
    }
}

/// Withdraws `row` for its candidate (`actor`, or nobody when their account went away): closed,
/// claim released, CV share ended, move recorded.
pub(super) async fn close_by_candidate(
    conn: &mut DbConn,
    row: &ApplicationRow,
    actor: Option<Uuid>,
    now: chrono::DateTime<Utc>,
) -> AppResult<()> {
    let at = Position { status: super::views::status_of(&row.status), stage: row.stage.clone() };
    let next = withdraw(&at)?;
    let change = PositionChange {
        status: next.status.as_str(),
        stage: &next.stage,
        rejection_reason: None,
        rejection_note: None,
        updated_at: now,
        closed_at: Some(now),
    };
    store::move_application(conn, row.id, row.applied_at, &change).await?;
    store::release_candidacy(conn, row.id).await?;
    cv::sharing::end_share(conn, row.id).await?;
    let history = StageChangeRow {
        id: new_id(),
        application_id: row.id,
        applied_at: row.applied_at,
        tenant_id: row.tenant_id,
        user_id: row.user_id,
        from_stage: Some(row.stage.clone()),
        to_stage: next.stage,
        status: next.status.as_str().into(),
        actor_id: actor,
        reason: None,
        changed_at: now,
    };
    store::insert_stage_change(conn, &history).await?;
    super::pipeline::track_stage_change(conn, row, &history).await
}

/// What a CV says a person does now, in a line: their latest job's canonical title, else the
/// first title it writes.
pub(super) fn headline_of(profile: &cv::CvProfile) -> Option<String> {
    let title = profile.titles.first().cloned().or_else(|| profile.experiences.iter().find_map(|e| e.title.clone()));
    title.map(|h| h.chars().take(200).collect())
}

/// An application's first entry in its history: filed by `actor` (the candidate, or the member
/// who added the company's own candidate).
pub(super) fn first_change(row: &ApplicationRow, actor: Uuid) -> StageChangeRow {
    StageChangeRow {
        id: new_id(),
        application_id: row.id,
        applied_at: row.applied_at,
        tenant_id: row.tenant_id,
        user_id: row.user_id,
        from_stage: None,
        to_stage: APPLIED.into(),
        status: Status::Active.as_str().into(),
        actor_id: Some(actor),
        reason: None,
        changed_at: row.updated_at,
    }
}

async fn own_application(
    conn: &mut DbConn,
    user_id: Uuid,
    id: Uuid,
    applied_at: chrono::DateTime<Utc>,
) -> AppResult<MyApplication> {
    let row = store::find_application(conn, id, applied_at)
        .await?
        .filter(|row| row.user_id == Some(user_id))
        .ok_or(AppError::NotFound("application"))?;
    let changes = store::stage_changes_of(conn, &[id]).await?;
    Ok(candidate_view(row, &changes))
}
