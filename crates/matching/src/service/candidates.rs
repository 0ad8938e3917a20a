//! Candidates for a company's job: CVs whose owners made them discoverable (their consent,
//! revocable at once), found by the posting's vector and skills through the CV context's public
//! API, scored by the same scorer as the person's own recommendations, best first. People who
//! applied join them with the hiring pipeline.

use kernel::auth::{AuthUser, Permission};
use kernel::db::{ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::recommendations::{analysis_of, ask_of, offer_of};
use super::{MatchingService, view};
use crate::domain::candidates::{cosine, explain_candidate};
use crate::domain::scoring::{Fit, score};
use crate::store;

/// How many CVs each source (vector, skills) proposes before scoring.
const PROPOSED: i64 = 50;

/// Why the company may see this CV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CandidateSource {
    /// The person lets companies find this CV.
    Discoverable,
}

/// A CV that fits the job, with why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Candidate {
    pub cv_id: Uuid,
    pub full_name: Option<String>,
    /// The title of the CV's latest job, canonical.
    pub title: Option<String>,
    pub seniority: Option<String>,
    pub total_experience_years: f64,
    pub location: Option<String>,
    pub source: CandidateSource,
    #[serde(flatten)]
    pub fit: Fit,
    /// The fit in words, in the posting's language.
    pub explanation: String,
}

impl MatchingService {
    /// The best candidates for the caller's company's posting (admins and recruiters).
    pub async fn candidates_for_job(&self, auth: &AuthUser, job_id: Uuid, limit: usize) -> AppResult<Vec<Candidate>> {
        let model = self.inner.embedder.model.as_str();
        let (row, vector) = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::JobsManage).await?;
                let row = store::find(conn, job_id)
                    .await?
                    .filter(|row| row.tenant_id == Some(tenant_id))
                    .ok_or(AppError::NotFound("job"))?;
                let vector = store::embedding_of(conn, job_id, model).await?;
                Ok::<_, AppError>((row, vector))
            }
            .scope_boxed()
        })
        .await?;
        let job = view(row);
        let analysis = analysis_of(&job);
        let ask = ask_of(&job, &analysis);
        let skill_ids: Vec<String> = analysis.skills.iter().map(|s| s.id.clone()).collect();
        let profiles = self.inner.cv.discoverable_profiles(auth, vector.as_deref(), &skill_ids, PROPOSED).await?;
        let mut candidates: Vec<Candidate> = profiles
            .iter()
            .map(|profile| {
                let offer = offer_of(profile);
                let similarity = match (&profile.vector, &vector) {
                    (Some(cv), Some(posting)) => cosine(cv, posting),
                    _ => None,
                };
                let fit = score(&offer, &ask, similarity);
                Candidate {
                    cv_id: profile.cv_id,
                    full_name: profile.contact.full_name.clone(),
                    title: profile.titles.first().cloned(),
                    seniority: profile.seniority.clone(),
                    total_experience_years: profile.total_experience_years,
                    location: profile.location.clone(),
                    source: CandidateSource::Discoverable,
                    explanation: explain_candidate(&fit, &offer, &ask, &job.language),
                    fit,
                }
            })
            .collect();
        candidates.sort_by(|a, b| b.fit.overall_score.total_cmp(&a.fit.overall_score));
        candidates.truncate(limit);
        Ok(candidates)
    }
}
