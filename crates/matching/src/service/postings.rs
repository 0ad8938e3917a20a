//! Writing, publishing, closing and reading job postings. Company actions are authorised by the
//! caller's membership as it is now (identity reads it in the same transaction), not by what the
//! token said when it was issued.

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::company_plans::CompanyLimit;
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::jobs::{NewJob, Priority, enqueue};
use kernel::pagination::{Page, PageQuery};
use kernel::tracking::{ProductEvent, track};
use kernel::{AppError, AppResult};
use uuid::Uuid;

use super::posting_input::{JobChanges, NewPosting, PublishRequest};
use super::{EMBED_JOB, Job, MatchingService, view};
use crate::domain::postings::{CloseReason, JobStatus, Transition, editable, expiry_on_publish, next_status};
use crate::store::{self, JobContent, JobRow, StatusChange};

/// Where a new posting comes from.
pub(super) struct Origin<'a> {
    pub tenant_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub source: &'a str,
    pub external_id: Option<&'a str>,
}

/// A new posting's row from checked content; published now when `status` is active.
pub(super) fn new_row(
    id: Uuid,
    origin: Origin<'_>,
    content: JobContent,
    status: JobStatus,
    now: DateTime<Utc>,
) -> JobRow {
    JobRow {
        id,
        tenant_id: origin.tenant_id,
        created_by: origin.created_by,
        source: origin.source.to_owned(),
        external_id: origin.external_id.map(str::to_owned),
        status: status.as_str().into(),
        close_reason: None,
        title: content.title,
        description: content.description,
        requirements: content.requirements,
        benefits: content.benefits,
        industry: content.industry,
        job_function: content.job_function,
        seniority_level: content.seniority_level,
        employment_type: content.employment_type,
        location_city: content.location_city,
        location_country: content.location_country,
        remote_policy: content.remote_policy,
        salary_min: content.salary_min,
        salary_max: content.salary_max,
        salary_currency: content.salary_currency,
        salary_period: content.salary_period,
        language: content.language,
        analysis: content.analysis,
        expires_at: content.expires_at,
        published_at: (status == JobStatus::Active).then_some(now),
        closed_at: None,
        created_at: now,
        updated_at: now,
        search_title: content.search_title,
        search_body: content.search_body,
    }
}

/// The company's posting, locked, for a change by someone who may manage its jobs.
async fn managed_posting(conn: &mut DbConn, auth: &AuthUser, id: Uuid) -> AppResult<JobRow> {
    let tenant_id = identity::acting_company(conn, auth, Permission::JobsManage).await?;
    store::find_for_update(conn, tenant_id, id).await?.ok_or(AppError::NotFound("job"))
}

pub(super) async fn queue_vector(conn: &mut DbConn, id: Uuid) -> AppResult<()> {
    let job = NewJob::new(EMBED_JOB, serde_json::json!({ "job_id": id }))?.priority(Priority::Later);
    enqueue(conn, &job).await.map(drop)
}

impl MatchingService {
    /// A new draft in the caller's company.
    pub async fn create_posting(&self, auth: &AuthUser, posting: NewPosting) -> AppResult<Job> {
        let now = Utc::now();
        let content = posting.into_content(now)?;
        let (user_id, id) = (auth.user_id(), new_id());
        let row = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::JobsManage).await?;
                let origin = Origin {
                    tenant_id: Some(tenant_id),
                    created_by: Some(user_id),
                    source: "direct",
                    external_id: None,
                };
                let row = new_row(id, origin, content, JobStatus::Draft, now);
                store::insert(conn, &row).await?;
                queue_vector(conn, id).await?;
                Ok(row)
            }
            .scope_boxed()
        })
        .await?;
        self.board_changed().await;
        Ok(view(row))
    }

    /// A posting: anyone sees an active one; its company sees it in every state.
    pub async fn posting(&self, auth: Option<&AuthUser>, id: Uuid) -> AppResult<Job> {
        let scope = auth.map_or_else(RequestScope::anonymous, AuthUser::scope);
        let row = scoped(&self.inner.pool, &scope, |conn| {
            async move { store::find(conn, id).await.map_err(AppError::from) }.scope_boxed()
        })
        .await?;
        row.map(view).ok_or(AppError::NotFound("job"))
    }

    pub async fn update_posting(&self, auth: &AuthUser, id: Uuid, changes: JobChanges) -> AppResult<Job> {
        let now = Utc::now();
        let row = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let row = managed_posting(conn, auth, id).await?;
                let status = JobStatus::parse(&row.status).unwrap_or(JobStatus::Draft);
                if !editable(status) {
                    return Err(AppError::Conflict("a closed posting can no longer be changed".into()));
                }
                let content = changes.apply(row.content(), now)?;
                if status == JobStatus::Active && content.expires_at.is_none_or(|at| at <= now) {
                    return Err(AppError::invalid(
                        "expires_at",
                        "not_in_future",
                        "a published posting must expire in the future",
                    ));
                }
                store::save_content(conn, id, &content).await?;
                queue_vector(conn, id).await?;
                self.queue_index(conn, &[id]).await?;
                store::find(conn, id).await?.ok_or(AppError::NotFound("job"))
            }
            .scope_boxed()
        })
        .await?;
        self.board_changed().await;
        Ok(view(row))
    }

    /// Publishes a draft (or an expired posting again) until `expires_at`.
    pub async fn publish_posting(&self, auth: &AuthUser, id: Uuid, request: PublishRequest) -> AppResult<Job> {
        let now = Utc::now();
        self.move_posting(auth, id, Transition::Publish, move |row| {
            let requested = request.expires_at.or(row.expires_at.filter(|at| *at > now));
            let expires_at = expiry_on_publish(requested, now)
                .map_err(|problem| AppError::invalid("expires_at", "invalid", problem))?;
            Ok((Some(now), Some(expires_at), None))
        })
        .await
    }

    pub async fn close_posting(&self, auth: &AuthUser, id: Uuid, reason: CloseReason) -> AppResult<Job> {
        let now = Utc::now();
        self.move_posting(auth, id, Transition::Close(reason), move |row| {
            Ok((row.published_at, row.expires_at, Some(now)))
        })
        .await
    }

    /// Applies a move of the posting's life; `dates` gives (published_at, expires_at, closed_at).
    async fn move_posting(
        &self,
        auth: &AuthUser,
        id: Uuid,
        transition: Transition,
        dates: impl FnOnce(&JobRow) -> AppResult<(Option<DateTime<Utc>>, Option<DateTime<Utc>>, Option<DateTime<Utc>>)>
        + Send,
    ) -> AppResult<Job> {
        let now = Utc::now();
        let row = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let row = managed_posting(conn, auth, id).await?;
                let status = JobStatus::parse(&row.status).unwrap_or(JobStatus::Draft);
                let next =
                    next_status(status, transition).map_err(|refusal| AppError::Conflict(refusal.to_string()))?;
                if let (JobStatus::Active, Some(tenant_id)) = (next, row.tenant_id) {
                    allow_one_more_posting(conn, tenant_id, now).await?;
                }
                let (published_at, expires_at, closed_at) = dates(&row)?;
                let reason = match transition {
                    Transition::Close(reason) => Some(reason.as_str()),
                    _ => None,
                };
                let change = StatusChange {
                    status: next.as_str(),
                    close_reason: reason,
                    published_at,
                    expires_at,
                    closed_at,
                    updated_at: now,
                };
                store::save_status(conn, id, &change).await?;
                self.queue_index(conn, &[id]).await?;
                let properties = serde_json::json!({ "job_id": id, "status": next.as_str(), "close_reason": reason });
                let event =
                    ProductEvent::new("matching.job_status_changed", Some(auth.user_id()), row.tenant_id, properties);
                track(conn, &event).await?;
                store::find(conn, id).await?.ok_or(AppError::NotFound("job"))
            }
            .scope_boxed()
        })
        .await?;
        self.board_changed().await;
        Ok(view(row))
    }

    /// The company's postings, newest first, optionally of some statuses.
    pub async fn company_postings(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        statuses: &[JobStatus],
        page: &PageQuery,
    ) -> AppResult<Page<Job>> {
        let (limit, after) = (page.limit()?, page.after::<(DateTime<Utc>, Uuid)>()?);
        let statuses: Vec<String> = statuses.iter().map(|s| s.as_str().to_owned()).collect();
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            let statuses = &statuses;
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::MembersRead).await?;
                store::page_of_tenant(conn, tenant_id, statuses, after, limit).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |row| (row.created_at, row.id));
        Ok(Page { items: page.items.into_iter().map(view).collect(), next_cursor: page.next_cursor })
    }
}

/// Refuses a company one more active posting beyond what its plan allows (402
/// `quota-exceeded`, from billing), holding the company's postings lock to the transaction's end.
pub(crate) async fn allow_one_more_posting(conn: &mut DbConn, tenant_id: Uuid, now: DateTime<Utc>) -> AppResult<()> {
    let active = u32::try_from(store::lock_active_postings(conn, tenant_id, now).await?).unwrap_or(u32::MAX);
    billing::allow_one_more(conn, tenant_id, CompanyLimit::ActiveJobs, active).await
}
