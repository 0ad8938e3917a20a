//! Jobs for a CV: candidates from the vector index (nearest meaning) and from the canonical
//! skills (postings that ask for what the CV has), each scored and explained by the domain's
//! scorer, best first.

use chrono::Utc;
use cv::CvProfile;
use cv::analysis::Taxonomy;
use kernel::auth::AuthUser;
use kernel::db::{RequestScope, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::tracking::ProductEvent;
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Job, MatchingService, view};
use crate::domain::analysis::{PostingAnalysis, Requirement, years_in};
use crate::domain::postings::RemotePolicy;
use crate::domain::scoring::{Ask, Fit, Offer, SCORER, SkillRef, explain, score, suggestions};
use crate::store::{self, MatchRow, SearchFilter};

/// How many postings each source proposes before scoring.
const CANDIDATES: i64 = 200;
/// How long a CV's scored jobs are kept (a change to the board or to the CV makes them stale).
const MATCHES_CACHE_SECS: u64 = 3600;
/// How many scored jobs are kept: room for the largest page after dismissed ones are left out.
const CACHED_MATCHES: usize = 150;

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

/// What the person did with a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MatchStatus {
    New,
    Saved,
    Dismissed,
}

impl MatchStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Saved => "saved",
            Self::Dismissed => "dismissed",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "saved" => Self::Saved,
            "dismissed" => Self::Dismissed,
            _ => Self::New,
        }
    }
}

/// A job recommended for a CV, with why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct JobMatch {
    /// This recommendation's id, to save, dismiss or rate it.
    pub id: Uuid,
    pub status: MatchStatus,
    /// 1 to 5, when the person rated it.
    pub rating: Option<i16>,
    pub job: Job,
    #[serde(flatten)]
    pub fit: Fit,
    pub evidence: Vec<Evidence>,
    /// The fit in words, in the CV's language.
    pub explanation: String,
    /// What to add or reword in the CV for this job.
    pub suggestions: Vec<String>,
}

/// A CV's lines and the skills each names: read once for all the postings it is matched against.
pub(crate) struct CvLines {
    /// (section, line, canonical ids of the skills the line names).
    lines: Vec<(String, String, Vec<String>)>,
}

impl CvLines {
    pub(crate) fn read(sections: &[(String, String)], taxonomy: &Taxonomy) -> Self {
        let lines = sections
            .iter()
            .flat_map(|(kind, content)| content.lines().map(move |line| (kind, line)))
            .filter_map(|(kind, line)| {
                let ids = skill_ids(taxonomy, line);
                (!ids.is_empty()).then(|| (kind.clone(), line.trim().to_owned(), ids))
            })
            .collect();
        Self { lines }
    }
}

fn skill_ids(taxonomy: &Taxonomy, text: &str) -> Vec<String> {
    taxonomy.find_in(text, true).into_iter().map(|found| found.skill.id.clone()).collect()
}

/// The CV lines that show each matching skill (one per skill, at most five).
pub(crate) fn evidence(
    matching: &[SkillRef],
    requirements: &[Requirement],
    cv: &CvLines,
    taxonomy: &Taxonomy,
) -> Vec<Evidence> {
    let asked: Vec<Vec<String>> = requirements.iter().map(|r| skill_ids(taxonomy, &r.text)).collect();
    matching
        .iter()
        .filter_map(|skill| {
            let (section, line, _) = cv.lines.iter().find(|(_, _, ids)| ids.contains(&skill.id))?;
            let requirement = requirements
                .iter()
                .zip(&asked)
                .find(|(_, ids)| ids.contains(&skill.id))
                .map_or_else(|| skill.name.clone(), |(r, _)| r.text.clone());
            Some(Evidence { requirement, cv_excerpt: line.chars().take(300).collect(), section: section.clone() })
        })
        .take(5)
        .collect()
}

/// What a CV offers, for the scorer.
pub(crate) fn offer_of(profile: &CvProfile) -> Offer<'_> {
    Offer {
        skills: profile.skills.iter().map(|s| (s.id.as_str(), s.name.as_str(), s.source.as_str())).collect(),
        years: profile.total_experience_years,
        seniority: profile.seniority.as_deref(),
        titles: profile.titles.iter().map(String::as_str).collect(),
    }
}

/// What was read in a posting (nothing for one written before postings were analysed).
pub(crate) fn analysis_of(job: &Job) -> PostingAnalysis {
    job.analysis.clone().unwrap_or(PostingAnalysis {
        skills: Vec::new(),
        normalized_title: None,
        seniority: String::new(),
    })
}

/// What a posting asks for, for the scorer.
pub(crate) fn ask_of<'a>(job: &Job, analysis: &'a PostingAnalysis) -> Ask<'a> {
    Ask {
        skills: &analysis.skills,
        seniority: Some(analysis.seniority.as_str()).filter(|s| !s.is_empty()),
        title: analysis.normalized_title.as_deref(),
        years: job.requirements.iter().filter_map(|r| r.years.or_else(|| years_in(&r.text))).max(),
    }
}

impl MatchingService {
    /// The best jobs for the caller's CV, scored and explained.
    /// The scoring is kept an hour in Redis, keyed by the board's version and by everything the
    /// CV's profile says, so a posting's or the CV's change recomputes it.
    pub async fn matches_for_cv(&self, auth: &AuthUser, cv_id: Uuid, filter: MatchFilter) -> AppResult<Vec<JobMatch>> {
        let profile = self.inner.cv.profile(auth, cv_id).await?;
        let key = self.board_key("matches", &(&profile, &filter.city, filter.remote)).await;
        let matches = match self.cached(key.as_deref()).await {
            Some(matches) => matches,
            None => {
                let matches = self.score_candidates(&profile, &filter).await?;
                self.keep(key.as_deref(), &matches, MATCHES_CACHE_SECS).await;
                matches
            }
        };
        let shown = self.remember(auth, cv_id, matches, filter.limit).await?;
        let properties = serde_json::json!({
            "cv_id": cv_id, "shown": shown.len(), "top_score": shown.first().map(|m| m.fit.overall_score),
        });
        let viewed = ProductEvent::new("matching.matches_viewed", Some(auth.user_id()), None, properties);
        self.inner.events.push(&viewed).await;
        Ok(shown)
    }

    /// The best postings for a CV, scored and explained, best first.
    async fn score_candidates(&self, profile: &CvProfile, filter: &MatchFilter) -> AppResult<Vec<JobMatch>> {
        let (model, dimensions) = (self.inner.embedder.model.clone(), self.inner.embedder.embedder.dimensions());
        let place = SearchFilter {
            city: filter.city.clone(),
            remote_policy: filter.remote.map(|r| r.as_str().to_owned()),
            ..SearchFilter::default()
        };
        let skill_ids: Vec<String> = profile.skills.iter().map(|s| s.id.clone()).collect();
        let vector = profile.vector.clone();
        let candidates = scoped(&self.inner.pool, &RequestScope::anonymous(), |conn| {
            let (model, place, skill_ids, vector) = (&model, &place, &skill_ids, &vector);
            async move {
                let mut ids = match vector {
                    Some(vector) => {
                        store::nearest_published(conn, place, vector, model, dimensions, None, CANDIDATES).await?
                    }
                    None => Vec::new(),
                };
                for id in store::published_with_skills(conn, place, skill_ids, CANDIDATES).await? {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                store::with_similarity(conn, &ids, vector.as_deref(), model, dimensions).await.map_err(AppError::from)
            }
            .scope_boxed()
        })
        .await?;

        let offer = offer_of(profile);
        let mut scored: Vec<(Job, PostingAnalysis, Fit)> = candidates
            .into_iter()
            .map(|(row, similarity)| {
                let job = view(row);
                let analysis = analysis_of(&job);
                let fit = score(&offer, &ask_of(&job, &analysis), similarity);
                (job, analysis, fit)
            })
            .collect();
        scored.sort_by(|a, b| b.2.overall_score.total_cmp(&a.2.overall_score));
        scored.truncate(CACHED_MATCHES);
        // Only the kept jobs are explained: the words cost more than the scores.
        let taxonomy = Taxonomy::shipped();
        let cv_lines = CvLines::read(&profile.sections, taxonomy);
        let matches = scored
            .into_iter()
            .map(|(job, analysis, fit)| {
                let ask = ask_of(&job, &analysis);
                JobMatch {
                    id: Uuid::nil(),
                    status: MatchStatus::New,
                    rating: None,
                    evidence: evidence(&fit.matching_skills, &job.requirements, &cv_lines, taxonomy),
                    explanation: explain(&fit, &offer, &ask, &profile.language),
                    suggestions: suggestions(&fit, &offer, &profile.language),
                    fit,
                    job,
                }
            })
            .collect();
        Ok(matches)
    }

    /// Leaves out what the person dismissed for this CV, keeps the best `limit`, stores them
    /// (scores and reasons as computed now; the person's status and rating stay) and answers them
    /// with their ids.
    async fn remember(
        &self,
        auth: &AuthUser,
        cv_id: Uuid,
        mut matches: Vec<JobMatch>,
        limit: usize,
    ) -> AppResult<Vec<JobMatch>> {
        let (user_id, now) = (auth.user_id(), Utc::now());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let stored = store::matches_of_cv(conn, cv_id).await?;
                matches.retain(|m| {
                    !stored.iter().any(|s| s.job_id == m.job.id && s.status == MatchStatus::Dismissed.as_str())
                });
                matches.truncate(limit);
                let mut rows = Vec::with_capacity(matches.len());
                for found in &mut matches {
                    match stored.iter().find(|s| s.job_id == found.job.id) {
                        Some(known) => {
                            found.id = known.id;
                            found.status = MatchStatus::parse(&known.status);
                            found.rating = known.rating;
                        }
                        None => found.id = new_id(),
                    }
                    rows.push(row_of(found, cv_id, user_id, now)?);
                }
                store::save_matches(conn, &rows).await?;
                Ok(matches)
            }
            .scope_boxed()
        })
        .await
    }

    /// Saves, dismisses (never recommended again for that CV) or restores a recommendation.
    pub async fn set_match_status(&self, auth: &AuthUser, id: Uuid, status: MatchStatus) -> AppResult<MatchState> {
        let now = Utc::now();
        self.change_match(auth, id, move |conn| {
            async move { store::set_match_status(conn, id, status.as_str(), now).await.map(drop) }.scope_boxed()
        })
        .await
    }

    /// Rates a recommendation from 1 (poor fit) to 5 (great fit).
    pub async fn rate_match(&self, auth: &AuthUser, id: Uuid, rating: i16) -> AppResult<MatchState> {
        if !(1..=5).contains(&rating) {
            return Err(AppError::invalid("rating", "out_of_range", "must be 1 to 5"));
        }
        let now = Utc::now();
        self.change_match(auth, id, move |conn| {
            async move { store::set_match_rating(conn, id, rating, now).await.map(drop) }.scope_boxed()
        })
        .await
    }

    async fn change_match<F>(&self, auth: &AuthUser, id: Uuid, change: F) -> AppResult<MatchState>
    where
        F: for<'r> FnOnce(
                &'r mut kernel::db::DbConn,
            ) -> kernel::db::ScopedBoxFuture<'static, 'r, diesel::QueryResult<()>>
            + Send
            + 'static,
    {
        let row = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                store::find_match(conn, id).await?.ok_or(AppError::NotFound("match"))?;
                change(conn).await?;
                store::find_match(conn, id).await?.ok_or(AppError::NotFound("match"))
            }
            .scope_boxed()
        })
        .await?;
        Ok(MatchState { id: row.id, job_id: row.job_id, status: MatchStatus::parse(&row.status), rating: row.rating })
    }
}

/// A recommendation's state after a change.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MatchState {
    pub id: Uuid,
    pub job_id: Uuid,
    pub status: MatchStatus,
    pub rating: Option<i16>,
}

fn row_of(found: &JobMatch, cv_id: Uuid, user_id: Uuid, now: chrono::DateTime<Utc>) -> AppResult<MatchRow> {
    let details = serde_json::json!({
        "matching_skills": found.fit.matching_skills,
        "missing_skills": found.fit.missing_skills,
        "same_title": found.fit.same_title,
        "evidence": found.evidence,
        "explanation": found.explanation,
        "suggestions": found.suggestions,
    });
    Ok(MatchRow {
        id: found.id,
        cv_id,
        user_id,
        job_id: found.job.id,
        overall_score: found.fit.overall_score as f32,
        semantic_score: found.fit.semantic_score as f32,
        skill_match_score: found.fit.skill_match_score as f32,
        experience_score: found.fit.experience_score as f32,
        details,
        scorer: SCORER.to_owned(),
        status: found.status.as_str().to_owned(),
        rating: found.rating,
        computed_at: now,
        updated_at: now,
    })
}
