//! The hiring context's view of postings: a CV screened against a posting it applies to (the same
//! scorer and evidence as the person's recommendations), and a company's own posting.

use chrono::Utc;
use cv::CvProfile;
use cv::analysis::Taxonomy;
use kernel::db::{DbConn, RequestScope, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::recommendations::{CvLines, Evidence, analysis_of, ask_of, evidence, offer_of};
use super::{MatchingService, view};
use crate::domain::candidates::cosine;
use crate::domain::postings::JobStatus;
use crate::domain::scoring::{Fit, explain, score};
use crate::store;

/// The posting an application is for, as the hiring context needs it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct JobBrief {
    pub id: Uuid,
    /// The company that publishes it (none for partners' postings, which take no applications here).
    pub tenant_id: Option<Uuid>,
    pub title: String,
    /// es or en.
    pub language: String,
    /// Whether it takes applications now (published and not expired).
    pub open: bool,
}

/// How a CV fits a posting, computed when someone applies.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Screening {
    #[serde(flatten)]
    pub fit: Fit,
    /// The CV lines that show the posting's skills.
    pub evidence: Vec<Evidence>,
    /// The fit in words, in the posting's language (the company reads it).
    pub explanation: String,
}

fn brief(row: &store::JobRow) -> JobBrief {
    let open = row.status == JobStatus::Active.as_str() && row.expires_at.is_none_or(|at| at > Utc::now());
    JobBrief { id: row.id, tenant_id: row.tenant_id, title: row.title.clone(), language: row.language.clone(), open }
}

impl MatchingService {
    /// `profile` screened against the posting `job_id`: the posting as it is and the fit; 404 when
    /// nobody may see the posting (a draft, another company's, none).
    pub async fn screen(&self, profile: &CvProfile, job_id: Uuid) -> AppResult<(JobBrief, Screening)> {
        let model = self.inner.embedder.model.as_str();
        let (row, vector) = scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            async move {
                let row = store::find(conn, job_id).await?.ok_or(AppError::NotFound("job"))?;
                let vector = store::embedding_of(conn, job_id, model).await?;
                Ok::<_, AppError>((row, vector))
            }
            .scope_boxed()
        })
        .await?;
        let brief = brief(&row);
        let job = view(row);
        let analysis = analysis_of(&job);
        let ask = ask_of(&job, &analysis);
        let offer = offer_of(profile);
        let similarity = match (&profile.vector, &vector) {
            (Some(cv), Some(posting)) => cosine(cv, posting),
            _ => None,
        };
        let fit = score(&offer, &ask, similarity);
        let taxonomy = Taxonomy::shipped();
        let screening = Screening {
            evidence: evidence(
                &fit.matching_skills,
                &job.requirements,
                &CvLines::read(&profile.sections, taxonomy),
                taxonomy,
            ),
            explanation: explain(&fit, &offer, &ask, &job.language),
            fit,
        };
        Ok((brief, screening))
    }
}

/// The company's own posting, read in the caller's transaction (the caller acts in `tenant_id`);
/// `None` for a posting of another company or none.
pub async fn company_job(conn: &mut DbConn, tenant_id: Uuid, job_id: Uuid) -> AppResult<Option<JobBrief>> {
    let row = store::find(conn, job_id).await?;
    Ok(row.filter(|row| row.tenant_id == Some(tenant_id)).as_ref().map(brief))
}
