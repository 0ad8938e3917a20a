//! The company's side of applications: a job's applications (filtered, searched, sorted, counted
//! per stage), one application with its history and a candidate's timeline across the company's
//! jobs; their changes (moves, one or in bulk, rating, tags, assignment) are in `changes`.

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, ScopedFutureExt, scoped};
use kernel::text::fold;
use kernel::tracking::{ProductEvent, track};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::views::{company_view, history_view, status_of};
use super::{
    Application, HiringService, HistoryEntry, applied_at_of, blind_rule, checked_text, company_job, stages_of,
};
use crate::domain::applications::Status;
use crate::domain::blind::{BlindReview, hides_identity, revealing_stages};
use crate::domain::pipeline::{Stage, valid_key};
use crate::store::{self, ApplicationCursor, ApplicationFilter, ApplicationOrder, ApplicationRow, StageChangeRow};

mod changes;

pub use changes::{ApplicationChange, BulkChange, BulkOutcome, Rejection, Skipped};

const MAX_TAG_CHARS: usize = 40;

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
