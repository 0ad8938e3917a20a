//! The company's side of applications: a job's applications (filtered, searched, sorted, counted
//! per stage), one application with its history, moves (one or in bulk), rating, tags and
//! assignment, and a candidate's timeline across the company's jobs.

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, enqueue};
use kernel::text::fold;
use kernel::tracking::{ProductEvent, track};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::views::{company_view, history_view, status_of};
use super::{
    Application, HiringService, HistoryEntry, NOTIFY_JOB, applied_at_of, blind_rule, checked_text, company_job,
    stages_of,
};
use crate::domain::applications::{Decision, Position, RejectionReason, Status, decide};
use crate::domain::blind::{BlindReview, hides_identity, revealing_stages};
use crate::domain::pipeline::{Stage, valid_key};
use crate::store::{
    self, ApplicationCursor, ApplicationFilter, ApplicationOrder, ApplicationRow, PositionChange, ReviewChange,
    StageChangeRow,
};

const MAX_TAGS: usize = 20;
const MAX_TAG_CHARS: usize = 40;
const MAX_BULK: usize = 100;

/// How a company sorts a job's applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Best screening score first.
    Score,
    /// Newest first.
    AppliedAt,
}

/// Which of a job's applications to list.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only those at this stage.
    #[param(pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub stage: Option<String>,
    /// Only those with this status.
    #[param(inline)]
    pub status: Option<Status>,
    /// Only those with this tag.
    #[param(min_length = 1, max_length = 40)]
    pub tag: Option<String>,
    /// Words to find in the candidate's headline, skills and (unless blind review hides it) name,
    /// email and phone.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// `score` (default) or `applied_at`.
    #[param(inline)]
    pub sort: Option<SortKey>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    #[param(max_length = 512, pattern = "^[A-Za-z0-9_-]*$")]
    pub cursor: Option<String>,
}

/// How many of a job's applications are active at a stage.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct StageCount {
    pub stage: String,
    pub name: String,
    pub active: i64,
}

/// A page of a job's applications, with the job's counts.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct JobApplications {
    pub items: Vec<Application>,
    pub next_cursor: Option<String>,
    /// Active applications per stage, in the pipeline's order.
    pub stages: Vec<StageCount>,
    pub hired: i64,
    pub rejected: i64,
    pub withdrawn: i64,
    pub total: i64,
}

/// An application with its history, as its company sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationDetail {
    #[serde(flatten)]
    pub application: Application,
    pub history: Vec<HistoryEntry>,
}

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
        let payload = super::background::NotifyPayload { change_id: history.id, template_id };
        enqueue(conn, &NewJob::new(NOTIFY_JOB, payload)?).await?;
    }
    Ok(true)
}

impl HiringService {
    /// A job's applications (company members who read candidates).
    pub async fn job_applications(
        &self,
        auth: &AuthUser,
        job_id: Uuid,
        query: ListQuery,
    ) -> AppResult<JobApplications> {
        let page = kernel::pagination::PageQuery { limit: query.limit, cursor: query.cursor.clone() };
        let limit = page.limit()?;
        let order = match query.sort.unwrap_or(SortKey::Score) {
            SortKey::Score => ApplicationOrder::Score,
            SortKey::AppliedAt => ApplicationOrder::AppliedAt,
        };
        let cursor: Option<ApplicationCursor> = page.after()?;
        let q = match &query.q {
            Some(q) => checked_text("q", q, 200)?,
            None => String::new(),
        };
        let tag = match &query.tag {
            Some(tag) if tag.is_empty() => {
                return Err(AppError::invalid("tag", "too_short", "a tag has 1 to 40 characters"));
            }
            Some(tag) => Some(checked_text("tag", tag, MAX_TAG_CHARS)?).filter(|t| !t.is_empty()),
            None => None,
        };
        if query.stage.as_deref().is_some_and(|stage| !valid_key(stage)) {
            return Err(AppError::invalid("stage", "invalid", "not a stage key"));
        }
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                company_job(conn, tenant_id, job_id).await?;
                let stages = stages_of(conn, tenant_id, job_id).await?;
                let rule = blind_rule(conn, tenant_id).await?;
                let filter = ApplicationFilter {
                    stage: query.stage.clone(),
                    status: query.status.map(|s| s.as_str().to_owned()),
                    tag,
                    words: fold(&q).split_whitespace().map(str::to_owned).collect(),
                    revealing_stages: rule.enabled.then(|| revealing_stages(&rule, &stages)),
                };
                let rows = store::applications_of_job(conn, job_id, &filter, order, cursor, limit).await?;
                let counts = store::counts_of_job(conn, job_id).await?;
                let page = kernel::pagination::Page::from_rows(rows, limit, |row| match order {
                    ApplicationOrder::Score => ApplicationCursor::Score(row.score, row.id),
                    ApplicationOrder::AppliedAt => ApplicationCursor::AppliedAt(row.applied_at, row.id),
                });
                let count_of = |stage: Option<&str>, status: &str| -> i64 {
                    counts
                        .iter()
                        .filter(|(s, st, _)| st == status && stage.is_none_or(|stage| s == stage))
                        .map(|(_, _, n)| n)
                        .sum()
                };
                Ok(JobApplications {
                    items: page.items.into_iter().map(|row| view_for(&rule, &stages, row)).collect(),
                    next_cursor: page.next_cursor,
                    stages: stages
                        .iter()
                        .map(|s| StageCount {
                            stage: s.key.clone(),
                            name: s.name.clone(),
                            active: count_of(Some(&s.key), "active"),
                        })
                        .collect(),
                    hired: count_of(None, "hired"),
                    rejected: count_of(None, "rejected"),
                    withdrawn: count_of(None, "withdrawn"),
                    total: counts.iter().map(|(_, _, n)| n).sum(),
                })
            }
            .scope_boxed()
        })
        .await
    }

    /// One application with its history (company members who read candidates).
    pub async fn application(&self, auth: &AuthUser, id: Uuid) -> AppResult<ApplicationDetail> {
        let applied_at = applied_at_of(id)?;
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                let row = company_application(conn, tenant_id, id, applied_at, false).await?;
                detail(conn, tenant_id, row).await
            }
            .scope_boxed()
        })
        .await
    }

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

    /// One person's applications to the company's jobs, newest first (the candidate's timeline),
    /// from one of their applications.
    pub async fn candidate_timeline(&self, auth: &AuthUser, id: Uuid) -> AppResult<Vec<ApplicationDetail>> {
        let applied_at = applied_at_of(id)?;
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                let row = company_application(conn, tenant_id, id, applied_at, false).await?;
                let rows = match (row.user_id, row.candidate_id) {
                    (Some(user_id), _) => store::applications_of_candidate(conn, user_id).await?,
                    (None, Some(candidate_id)) => store::applications_of_external(conn, candidate_id).await?,
                    (None, None) => vec![row],
                };
                let mut timeline = Vec::with_capacity(rows.len());
                for row in rows {
                    timeline.push(detail(conn, tenant_id, row).await?);
                }
                Ok(timeline)
            }
            .scope_boxed()
        })
        .await
    }
}

/// The company's application `id`, optionally locked; 404 for anything else.
pub(super) async fn company_application(
    conn: &mut DbConn,
    tenant_id: Uuid,
    id: Uuid,
    applied_at: DateTime<Utc>,
    lock: bool,
) -> AppResult<ApplicationRow> {
    let row = if lock {
        store::lock_application(conn, id, applied_at).await?
    } else {
        store::find_application(conn, id, applied_at).await?
    };
    row.filter(|row| row.tenant_id == tenant_id).ok_or(AppError::NotFound("application"))
}

/// Whether the company must not see who is behind `row` now.
pub(super) async fn identity_hidden(conn: &mut DbConn, tenant_id: Uuid, row: &ApplicationRow) -> AppResult<bool> {
    let rule = blind_rule(conn, tenant_id).await?;
    if !rule.enabled {
        return Ok(false);
    }
    let stages = stages_of(conn, tenant_id, row.job_id).await?;
    Ok(hides_identity(&rule, &stages, status_of(&row.status), &row.stage))
}

fn view_for(rule: &BlindReview, stages: &[Stage], row: ApplicationRow) -> Application {
    let hidden = hides_identity(rule, stages, status_of(&row.status), &row.stage);
    company_view(row, hidden)
}

pub(super) async fn detail(conn: &mut DbConn, tenant_id: Uuid, row: ApplicationRow) -> AppResult<ApplicationDetail> {
    let hidden = identity_hidden(conn, tenant_id, &row).await?;
    let candidate = row.user_id;
    let history = store::stage_changes_of(conn, &[row.id]).await?;
    let history = history
        .into_iter()
        .map(history_view)
        .map(|mut entry| {
            // The candidate's own moves would name their account.
            if hidden && entry.actor_id == candidate {
                entry.actor_id = None;
            }
            entry
        })
        .collect();
    Ok(ApplicationDetail { application: company_view(row, hidden), history })
}

/// Tells product analytics an application moved (the company's funnels are built from these).
pub(super) async fn track_stage_change(
    conn: &mut DbConn,
    row: &ApplicationRow,
    history: &StageChangeRow,
) -> AppResult<()> {
    let properties = serde_json::json!({
        "application_id": row.id, "job_id": row.job_id, "from": row.stage, "to": history.to_stage,
        "status": history.status, "applied_at": row.applied_at,
    });
    let event = ProductEvent::new("hiring.stage_changed", history.actor_id, Some(row.tenant_id), properties);
    track(conn, &event).await
}
