//! Jobs for a CV: candidates from the vector index (nearest meaning) and from the canonical
//! skills (postings that ask for what the CV has), each scored and explained by the domain's
//! scorer, best first.

use cv::analysis::Taxonomy;
use kernel::auth::AuthUser;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Job, MatchingService, view};
use crate::domain::analysis::{PostingAnalysis, Requirement};
use crate::domain::postings::RemotePolicy;
use crate::domain::scoring::{Ask, Fit, Offer, SkillRef, explain, score, suggestions};
use crate::store::{self, PlaceFilter};

/// How many postings each source proposes before scoring.
const CANDIDATES: i64 = 200;

/// Where the jobs should be.
#[derive(Debug, Clone, Default)]
pub struct MatchFilter {
    pub limit: usize,
    pub city: Option<String>,
    pub remote: Option<RemotePolicy>,
}

/// Where a requirement is met in the CV.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    /// The posting's requirement (or the skill, when the description asked for it).
    pub requirement: String,
    /// The CV's line that shows it.
    pub cv_excerpt: String,
    /// The CV section the line is in.
    pub section: String,
}

/// A job recommended for a CV, with why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct JobMatch {
    pub job: Job,
    #[serde(flatten)]
    pub fit: Fit,
    pub evidence: Vec<Evidence>,
    /// The fit in words, in the CV's language.
    pub explanation: String,
    /// What to add or reword in the CV for this job.
    pub suggestions: Vec<String>,
}

/// The CV lines that show each matching skill (one per skill, at most five).
fn evidence(
    matching: &[SkillRef],
    requirements: &[Requirement],
    sections: &[(String, String)],
    taxonomy: &Taxonomy,
) -> Vec<Evidence> {
    let names = |text: &str, listed: bool| -> Vec<String> {
        taxonomy.find_in(text, listed).into_iter().map(|found| found.skill.id.clone()).collect()
    };
    matching
        .iter()
        .filter_map(|skill| {
            let (section, line) = sections.iter().find_map(|(kind, content)| {
                let line = content.lines().find(|line| names(line, true).contains(&skill.id))?;
                Some((kind.clone(), line.trim().to_owned()))
            })?;
            let requirement = requirements
                .iter()
                .find(|r| names(&r.text, true).contains(&skill.id))
                .map_or_else(|| skill.name.clone(), |r| r.text.clone());
            Some(Evidence { requirement, cv_excerpt: line.chars().take(300).collect(), section })
        })
        .take(5)
        .collect()
}

impl MatchingService {
    /// The best jobs for the caller's CV, scored and explained.
    pub async fn matches_for_cv(&self, auth: &AuthUser, cv_id: Uuid, filter: MatchFilter) -> AppResult<Vec<JobMatch>> {
        let profile = self.inner.cv.profile(auth, cv_id).await?;
        let (model, dimensions) = (self.inner.embedder.model.clone(), self.inner.embedder.embedder.dimensions());
        let place =
            PlaceFilter { city: filter.city.clone(), remote_policy: filter.remote.map(|r| r.as_str().to_owned()) };
        let skill_ids: Vec<String> = profile.skills.iter().map(|s| s.id.clone()).collect();
        let vector = profile.vector.clone();
        let candidates = scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            let (model, place, skill_ids, vector) = (&model, &place, &skill_ids, &vector);
            async move {
                let mut ids = match vector {
                    Some(vector) => store::nearest_active(conn, vector, model, dimensions, place, CANDIDATES).await?,
                    None => Vec::new(),
                };
                for id in store::active_with_skills(conn, skill_ids, place, CANDIDATES).await? {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                store::with_similarity(conn, &ids, vector.as_deref(), model, dimensions).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;

        let offer = Offer {
            skills: profile.skills.iter().map(|s| (s.id.as_str(), s.name.as_str(), s.source.as_str())).collect(),
            years: profile.total_experience_years,
            titles: profile.titles.iter().map(String::as_str).collect(),
        };
        let taxonomy = Taxonomy::shipped();
        let mut matches: Vec<JobMatch> = candidates
            .into_iter()
            .map(|(row, similarity)| {
                let job = view(row);
                let analysis = job.analysis.clone().unwrap_or(PostingAnalysis {
                    skills: Vec::new(),
                    normalized_title: None,
                    seniority: String::new(),
                });
                let ask = Ask {
                    skills: &analysis.skills,
                    seniority: Some(analysis.seniority.as_str()).filter(|s| !s.is_empty()),
                    title: analysis.normalized_title.as_deref(),
                    years: job.requirements.iter().filter_map(|r| r.years).max(),
                };
                let fit = score(&offer, &ask, similarity);
                JobMatch {
                    evidence: evidence(&fit.matching_skills, &job.requirements, &profile.sections, taxonomy),
                    explanation: explain(&fit, &offer, &ask, &profile.language),
                    suggestions: suggestions(&fit, &offer, &profile.language),
                    fit,
                    job,
                }
            })
            .collect();
        matches.sort_by(|a, b| b.fit.overall_score.total_cmp(&a.fit.overall_score));
        matches.truncate(filter.limit);
        Ok(matches)
    }
}
