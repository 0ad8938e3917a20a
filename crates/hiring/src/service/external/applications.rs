//! A company's candidate added to one of its jobs: an application screened against the posting
//! by the same scorer as anyone's (once their CV is read), in the job's first stage, its source
//! of hire where the candidate came from.

use chrono::Utc;
use kernel::auth::{AuthUser, Permission};
use kernel::db::{ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::tracking::{ProductEvent, track};
use kernel::{AppError, AppResult};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{CvStatus, company_candidate, cv_sections, cv_status};
use crate::domain::applications::Status;
use crate::domain::pipeline::APPLIED;
use crate::service::candidates::{first_change, headline_of, lacks_partition};
use crate::service::pipeline::detail;
use crate::service::views::search_texts;
use crate::service::{ApplicationDetail, HiringService, applied_at_of, company_job};
use crate::store::{self, ApplicationRow, CandidateRow};

/// The job to add a company's candidate to.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateApplicationRequest {
    /// One of your company's published, unexpired postings.
    pub job_id: Uuid,
}

/// The candidate's CV as the scorer reads it (its vector only when made by the model postings'
/// vectors are made with now).
fn profile_of(row: &CandidateRow, model: &str) -> AppResult<Option<cv::CvProfile>> {
    if cv_status(row)? != Some(CvStatus::Parsed) {
        return Ok(None);
    }
    let Some(data) = &row.cv_data else { return Ok(None) };
    let sections = cv_sections(row)?;
    let vector = row
        .cv_vector
        .as_ref()
        .filter(|_| row.cv_model.as_deref() == Some(model))
        .map(|v| v.iter().map(|x| x.unwrap_or_default()).collect());
    Ok(Some(cv::service::document_profile(row.id, data, &sections, vector)))
}

impl HiringService {
    /// Adds the company's candidate to one of its open jobs (recruiters and admins); 409 while
    /// their CV is being read, or when they already have an application to the job.
    pub async fn add_candidate_to_job(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        id: Uuid,
        request: CandidateApplicationRequest,
    ) -> AppResult<ApplicationDetail> {
        let job_id = request.job_id;
        let (candidate, job) = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                let candidate = company_candidate(conn, tenant_id, id, false).await?;
                let job = company_job(conn, tenant_id, job_id).await?;
                Ok::<_, AppError>((candidate, job))
            }
            .scope_boxed()
        })
        .await?;
        if !job.open {
            return Err(AppError::Conflict("this posting is not published (or has expired): publish it first".into()));
        }
        if cv_status(&candidate)? == Some(CvStatus::Pending) {
            return Err(AppError::Conflict(
                "the candidate's CV is still being read: add them once it is, to screen it".into(),
            ));
        }
        let profile = profile_of(&candidate, self.inner.cv.embedding_model())?;
        let screening = match &profile {
            Some(profile) => Some(self.inner.matching.screen(profile, job_id).await?.1),
            None => None,
        };
        let (application_id, now) = (new_id(), Utc::now());
        let skills: Vec<&str> = profile.iter().flat_map(|p| p.skills.iter().map(|s| s.name.as_str())).collect();
        let headline = candidate.headline.clone().or_else(|| profile.as_ref().and_then(headline_of));
        let work: Vec<&str> = headline.iter().map(String::as_str).chain(skills.iter().copied()).collect();
        let (search_identity, search_work) =
            search_texts(Some(&candidate.full_name), candidate.email.as_deref(), candidate.phone.as_deref(), &work);
        let row = ApplicationRow {
            id: application_id,
            applied_at: applied_at_of(application_id)?,
            tenant_id,
            job_id,
            job_title: job.title.chars().take(200).collect(),
            user_id: None,
            cv_id: None,
            candidate_name: Some(candidate.full_name.clone()),
            candidate_email: candidate.email.clone(),
            candidate_phone: candidate.phone.clone(),
            headline,
            cover_letter: None,
            answers: serde_json::json!([]),
            source: candidate.source.clone(),
            status: Status::Active.as_str().into(),
            stage: APPLIED.into(),
            score: screening.as_ref().map_or(0.0, |s| s.fit.overall_score.clamp(0.0, 1.0) as f32),
            screening: screening
                .as_ref()
                .map(serde_json::to_value)
                .transpose()
                .map_err(|e| AppError::Internal(e.to_string()))?,
            rating: None,
            assigned_recruiter: None,
            tags: Vec::new(),
            rejection_reason: None,
            rejection_note: None,
            search_identity,
            search_work,
            updated_at: now,
            closed_at: None,
            candidate_id: Some(id),
        };
        match self.file_external(auth, &row).await {
            Err(error) if lacks_partition(&error) => {
                self.ensure_partitions().await?;
                self.file_external(auth, &row).await
            }
            other => other,
        }
    }

    async fn file_external(&self, auth: &AuthUser, row: &ApplicationRow) -> AppResult<ApplicationDetail> {
        let actor = auth.user_id();
        let candidate_id = row.candidate_id.ok_or(AppError::Internal("no company candidate".into()))?;
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                // Held until commit: the candidate cannot be erased under their new application.
                company_candidate(conn, row.tenant_id, candidate_id, true).await?;
                store::insert_application(conn, row).await?;
                if !store::claim_external_candidacy(conn, row, candidate_id).await? {
                    return Err(AppError::Conflict("this candidate already has an application to this job".into()));
                }
                let change = first_change(row, actor);
                store::insert_stage_change(conn, &change).await?;
                let properties = serde_json::json!({
                    "application_id": row.id, "job_id": row.job_id, "stage": change.to_stage, "source": row.source,
                    "added_by_company": true,
                });
                let event =
                    ProductEvent::new("hiring.application_submitted", Some(actor), Some(row.tenant_id), properties);
                track(conn, &event).await?;
                detail(conn, row.tenant_id, row.clone()).await
            }
            .scope_boxed()
        })
        .await
    }
}
