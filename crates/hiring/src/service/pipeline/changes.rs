//! A company's changes to applications: one application moved, rejected, rated, tagged or
//! assigned, or many of one job moved or rejected at once; every move recorded in the history and
//! announced to the candidate.

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApplicationDetail, MAX_TAG_CHARS, company_application, detail, track_stage_change};
use crate::domain::applications::{Decision, Position, RejectionReason, Status, decide};
use crate::domain::pipeline::{Stage, valid_key};
use crate::service::views::status_of;
use crate::service::{HiringService, NOTIFY_JOB, applied_at_of, checked_text, company_job, stages_of};
use crate::store::{self, ApplicationRow, PositionChange, ReviewChange, StageChangeRow};

const MAX_TAGS: usize = 20;
const MAX_BULK: usize = 100;

/// A rejection: why (from the list) and, if the company wants, in its own words.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    pub reason: RejectionReason,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// What a company changes on an application; fields left out stay as they are. With both `stage`
/// and `rejection`, the application moves to the stage and is rejected there.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationChange {
    /// A stage of the job's pipeline.
    #[schema(pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub stage: Option<String>,
    pub rejection: Option<Rejection>,
    /// 1 to 5; null clears it.
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<i16>, minimum = 1, maximum = 5, nullable)]
    pub rating: Option<Option<i16>>,
    /// A member of the company; null clears it.
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub assigned_recruiter: Option<Option<Uuid>>,
    /// The whole set of tags (replaces the current one).
    #[schema(max_items = 20)]
    pub tags: Option<Vec<Tag>>,
}

/// A tag: 1 to 40 characters, not only spaces.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Tag(pub String);

impl utoipa::PartialSchema for Tag {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .min_length(Some(1))
            .max_length(Some(MAX_TAG_CHARS))
            .pattern(Some(r"\S"))
            .into()
    }
}

impl ToSchema for Tag {}

/// Many applications of one job moved or rejected at once; each candidate is written to (in the
/// words of `message_template_id` when given).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum BulkChange {
    Move {
        #[schema(min_items = 1, max_items = 100)]
        application_ids: Vec<Uuid>,
        #[schema(pattern = "^[a-z][a-z0-9_]{0,39}$")]
        stage: String,
        message_template_id: Option<Uuid>,
    },
    Reject {
        #[schema(min_items = 1, max_items = 100)]
        application_ids: Vec<Uuid>,
        rejection_reason: RejectionReason,
        #[schema(max_length = 2000)]
        rejection_note: Option<String>,
        message_template_id: Option<Uuid>,
    },
}

/// An application a bulk action left as it was, and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Skipped {
    pub application_id: Uuid,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct BulkOutcome {
    /// The applications changed.
    pub changed: Vec<Uuid>,
    pub skipped: Vec<Skipped>,
}

fn checked_note(note: Option<&str>) -> AppResult<Option<String>> {
    match note {
        Some(note) => Ok(Some(checked_text("rejection_note", note, 2000)?).filter(|n| !n.is_empty())),
        None => Ok(None),
    }
}

fn checked_tags(tags: &[Tag]) -> AppResult<Vec<Option<String>>> {
    if tags.len() > MAX_TAGS {
        return Err(AppError::invalid("tags", "too_many", format!("at most {MAX_TAGS} tags")));
    }
    let mut clean: Vec<Option<String>> = Vec::with_capacity(tags.len());
    for (i, tag) in tags.iter().enumerate() {
        let tag = checked_text(&format!("tags[{i}]"), &tag.0, MAX_TAG_CHARS)?;
        if tag.is_empty() {
            return Err(AppError::invalid(&format!("tags[{i}]"), "required", "a tag has 1 to 40 characters"));
        }
        if !clean.iter().flatten().any(|t| t == &tag) {
            clean.push(Some(tag));
        }
    }
    Ok(clean)
}

/// A company's move of one application, recorded and announced to the candidate (after commit,
/// by the job queue). `Ok(false)` when it was already there.
#[allow(clippy::too_many_arguments)]
async fn apply_decision(
    conn: &mut DbConn,
    row: &ApplicationRow,
    decision: &Decision,
    stages: &[Stage],
    note: Option<&str>,
    actor: Uuid,
    template_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let at = Position { status: status_of(&row.status), stage: row.stage.clone() };
    let Some(next) = decide(&at, decision, stages)? else { return Ok(false) };
    let reason = match decision {
        Decision::Reject(reason) => Some(reason.as_str()),
        Decision::MoveTo(_) => None,
    };
    let closed = matches!(next.status, Status::Hired | Status::Rejected);
    let change = PositionChange {
        status: next.status.as_str(),
        stage: &next.stage,
        rejection_reason: reason,
        rejection_note: note.filter(|_| reason.is_some()),
        updated_at: now,
        closed_at: closed.then_some(now),
    };
    store::move_application(conn, row.id, row.applied_at, &change).await?;
    let history = StageChangeRow {
        id: new_id(),
        application_id: row.id,
        applied_at: row.applied_at,
        tenant_id: row.tenant_id,
        user_id: row.user_id,
        from_stage: Some(row.stage.clone()),
        to_stage: next.stage.clone(),
        status: next.status.as_str().into(),
        actor_id: Some(actor),
        reason: reason.map(str::to_owned),
        changed_at: now,
    };
    store::insert_stage_change(conn, &history).await?;
    track_stage_change(conn, row, &history).await?;
    let reachable = row.user_id.is_some() || (row.candidate_id.is_some() && row.candidate_email.is_some());
    if reachable {
        let payload = crate::service::background::NotifyPayload { change_id: history.id, template_id };
        enqueue(conn, &NewJob::new(NOTIFY_JOB, payload)?).await?;
    }
    Ok(true)
}

impl HiringService {
    /// Moves, rejects, rates, tags or assigns one application (company members who manage
    /// candidates).
    pub async fn change_application(
        &self,
        auth: &AuthUser,
        id: Uuid,
        change: ApplicationChange,
    ) -> AppResult<ApplicationDetail> {
        let applied_at = applied_at_of(id)?;
        if change.stage.as_deref().is_some_and(|stage| !valid_key(stage)) {
            return Err(AppError::invalid("stage", "invalid", "not a stage key"));
        }
        let note = checked_note(change.rejection.as_ref().and_then(|r| r.note.as_deref()))?;
        let mut decisions: Vec<Decision> = change.stage.iter().map(|stage| Decision::MoveTo(stage.clone())).collect();
        decisions.extend(change.rejection.as_ref().map(|r| Decision::Reject(r.reason)));
        if let Some(Some(rating)) = change.rating
            && !(1..=5).contains(&rating)
        {
            return Err(AppError::invalid("rating", "out_of_range", "a rating is 1 to 5"));
        }
        let tags = change.tags.as_deref().map(checked_tags).transpose()?;
        let (actor, now) = (auth.user_id(), Utc::now());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesManage).await?;
                let row = company_application(conn, tenant_id, id, applied_at, true).await?;
                if !decisions.is_empty() {
                    let stages = stages_of(conn, tenant_id, row.job_id).await?;
                    let mut row = row;
                    for decision in &decisions {
                        apply_decision(conn, &row, decision, &stages, note.as_deref(), actor, None, now).await?;
                        row = company_application(conn, tenant_id, id, applied_at, true).await?;
                    }
                }
                if let Some(Some(recruiter)) = change.assigned_recruiter
                    && identity::contact(conn, recruiter).await?.is_none()
                {
                    return Err(AppError::Conflict("assigned_recruiter is not a member of your company".into()));
                }
                let review = ReviewChange {
                    rating: change.rating,
                    assigned_recruiter: change.assigned_recruiter,
                    tags,
                    updated_at: Some(now),
                };
                if review.rating.is_some() || review.assigned_recruiter.is_some() || review.tags.is_some() {
                    store::review_application(conn, id, applied_at, &review).await?;
                }
                let row = company_application(conn, tenant_id, id, applied_at, false).await?;
                detail(conn, tenant_id, row).await
            }
            .scope_boxed()
        })
        .await
    }

    /// Moves or rejects many applications of one job in one transaction; those that cannot make
    /// the move (closed, not of this job) are reported and left as they were.
    pub async fn bulk_change(&self, auth: &AuthUser, job_id: Uuid, bulk: BulkChange) -> AppResult<BulkOutcome> {
        let (application_ids, decision, note, template_id) = match bulk {
            BulkChange::Move { application_ids, stage, message_template_id } => {
                if !valid_key(&stage) {
                    return Err(AppError::invalid("stage", "invalid", "not a stage key"));
                }
                (application_ids, Decision::MoveTo(stage), None, message_template_id)
            }
            BulkChange::Reject { application_ids, rejection_reason, rejection_note, message_template_id } => {
                let note = checked_note(rejection_note.as_deref())?;
                (application_ids, Decision::Reject(rejection_reason), note, message_template_id)
            }
        };
        if application_ids.is_empty() || application_ids.len() > MAX_BULK {
            return Err(AppError::invalid("application_ids", "length", format!("1 to {MAX_BULK} applications")));
        }
        let (actor, now) = (auth.user_id(), Utc::now());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesManage).await?;
                company_job(conn, tenant_id, job_id).await?;
                if let Some(template_id) = template_id {
                    store::template(conn, template_id).await?.ok_or_else(|| {
                        AppError::Conflict("message_template_id is not one of your company's templates".into())
                    })?;
                }
                let stages = stages_of(conn, tenant_id, job_id).await?;
                let mut outcome = BulkOutcome { changed: Vec::new(), skipped: Vec::new() };
                let mut ids = application_ids.clone();
                ids.sort();
                ids.dedup();
                for id in ids {
                    let skip = |reason: &str| Skipped { application_id: id, reason: reason.to_owned() };
                    let Ok(applied_at) = applied_at_of(id) else {
                        outcome.skipped.push(skip("not an application of this job"));
                        continue;
                    };
                    let row = store::lock_application(conn, id, applied_at).await?.filter(|row| row.job_id == job_id);
                    let Some(row) = row else {
                        outcome.skipped.push(skip("not an application of this job"));
                        continue;
                    };
                    match apply_decision(conn, &row, &decision, &stages, note.as_deref(), actor, template_id, now).await
                    {
                        Ok(true) => outcome.changed.push(id),
                        Ok(false) => outcome.skipped.push(skip("already there")),
                        Err(AppError::Conflict(reason)) => outcome.skipped.push(skip(&reason)),
                        Err(error) => return Err(error),
                    }
                }
                Ok(outcome)
            }
            .scope_boxed()
        })
        .await
    }
}
