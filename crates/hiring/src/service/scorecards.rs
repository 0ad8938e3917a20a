//! Scorecards: each job's criteria (members who manage jobs shape them; ids stay stable, and a
//! criterion removed after evaluations scored it is retired, not deleted), and one scorecard per
//! application and evaluator (every member who reads candidates evaluates; only its author
//! changes it), with the aggregate of all of them. The candidate never sees any of it.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, ScopedFutureExt, scoped};
use kernel::ids::new_id;
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::pipeline::company_application;
use super::{HiringService, applied_at_of, company_job};
use crate::domain::evaluations::{
    COMMENT_CHARS, CardScores, Checks, Criterion, CriterionInput, MAX_CRITERIA, Recommendation, aggregate,
    optional_text, revise_criteria,
};
use crate::store::{self, ApplicationRow, CriterionChange, CriterionRow, ScoreRow, ScorecardRow};

/// A job's scorecard as a company wants it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScorecardInput {
    /// In order; criteria of the current scorecard left out are removed (retired when evaluations
    /// scored them: those scores stay, outside the aggregate).
    #[schema(min_items = 1, max_items = 15)]
    pub criteria: Vec<CriterionInput>,
}

/// One criterion of a job's scorecard.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CriterionView {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    /// 1 to 5: how much it counts in the overall score.
    pub weight: i16,
}

/// What a job's evaluators score, in order.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct JobScorecard {
    pub job_id: Uuid,
    /// Empty until the company defines them.
    pub criteria: Vec<CriterionView>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// A score for one criterion.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreInput {
    /// One of the criteria of the application's job.
    pub criterion_id: Uuid,
    /// 1 (poor) to 5 (excellent).
    #[schema(minimum = 1, maximum = 5)]
    pub score: i16,
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// Your evaluation of an application (it replaces your earlier one).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    pub recommendation: Recommendation,
    /// Your overall comment.
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
    /// A score for each criterion you evaluated (criteria left out count for nothing).
    #[schema(min_items = 1, max_items = 15)]
    pub scores: Vec<ScoreInput>,
}

/// A score as an evaluator gave it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScoreView {
    pub criterion_id: Uuid,
    pub criterion_name: String,
    pub score: i16,
    pub comment: Option<String>,
    /// The criterion was removed from the scorecard since: outside the aggregate.
    pub retired: bool,
}

/// One evaluator's scorecard of an application.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Scorecard {
    pub id: Uuid,
    pub application_id: Uuid,
    /// None for an account since erased.
    pub evaluator_id: Option<Uuid>,
    /// The evaluator's name, while they are a member of the company.
    pub evaluator_name: Option<String>,
    pub recommendation: Recommendation,
    pub comment: Option<String>,
    pub scores: Vec<ScoreView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One criterion across evaluators.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CriterionAggregate {
    pub criterion_id: Uuid,
    pub name: String,
    pub weight: i16,
    /// The mean score, to two decimals; null until someone scores it.
    pub mean: Option<f64>,
    /// How many evaluators scored it.
    pub count: u32,
}

/// How many evaluators recommend what.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecommendationCounts {
    pub strong_no: u32,
    pub no: u32,
    pub yes: u32,
    pub strong_yes: u32,
}

/// What an application's evaluators say together, over the job's current criteria.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ScorecardAggregate {
    pub evaluators: u32,
    /// The criteria's means weighted by their weights (criteria nobody scored left out), 1 to 5
    /// to two decimals; null until someone scores.
    pub overall: Option<f64>,
    pub criteria: Vec<CriterionAggregate>,
    pub recommendations: RecommendationCounts,
}

/// An application's scorecards and their aggregate.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ApplicationScorecards {
    pub application_id: Uuid,
    /// The job's current criteria.
    pub criteria: Vec<CriterionView>,
    /// Oldest first.
    pub scorecards: Vec<Scorecard>,
    pub aggregate: ScorecardAggregate,
}

/// A score as checked: (criterion, 1 to 5, comment).
type CheckedScore = (Uuid, i16, Option<String>);

impl EvaluationInput {
    /// The comments checked, trimmed (blank is none); the scores 1 to 5, one per criterion.
    fn checked(&self) -> AppResult<(Option<String>, Vec<CheckedScore>)> {
        let mut checks = Checks::default();
        let comment = checks.take(optional_text("comment", self.comment.as_deref(), COMMENT_CHARS));
        if self.scores.is_empty() || self.scores.len() > MAX_CRITERIA {
            checks.fail("scores", "length", format!("1 to {MAX_CRITERIA} scores, one per criterion"));
        }
        let mut scores: Vec<CheckedScore> = Vec::with_capacity(self.scores.len());
        for (i, item) in self.scores.iter().enumerate() {
            if !(1..=5).contains(&item.score) {
                checks.fail(&format!("scores[{i}].score"), "out_of_range", "a score is 1 to 5");
            }
            let comment =
                checks.take(optional_text(&format!("scores[{i}].comment"), item.comment.as_deref(), COMMENT_CHARS));
            if scores.iter().any(|(id, _, _)| *id == item.criterion_id) {
                checks.fail(&format!("scores[{i}].criterion_id"), "duplicate", "one score per criterion");
            }
            scores.push((item.criterion_id, item.score, comment));
        }
        checks.done()?;
        Ok((comment, scores))
    }
}

fn criterion_view(row: &CriterionRow) -> CriterionView {
    CriterionView { id: row.id, name: row.name.clone(), description: row.description.clone(), weight: row.weight }
}

fn recommendation_of(text: &str) -> Recommendation {
    Recommendation::parse(text).unwrap_or(Recommendation::No)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The application `id` of the caller's company, for evaluating (members who read candidates).
async fn evaluated_application(
    conn: &mut DbConn,
    auth: &AuthUser,
    id: Uuid,
    applied_at: DateTime<Utc>,
) -> AppResult<(Uuid, ApplicationRow)> {
    let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
    let row = company_application(conn, tenant_id, id, applied_at, false).await?;
    Ok((tenant_id, row))
}

/// Scorecards as the company reads them, with their scores and evaluators' names.
pub(super) async fn scorecard_views(
    conn: &mut DbConn,
    rows: Vec<ScorecardRow>,
    criteria: &[CriterionRow],
) -> AppResult<Vec<Scorecard>> {
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let scores = store::scores_of(conn, &ids).await?;
    // Scores of criteria of another revision than `criteria` (none today) are named by their row.
    let missing: Vec<Uuid> =
        scores.iter().map(|s| s.criterion_id).filter(|id| !criteria.iter().any(|c| c.id == *id)).collect();
    let mut named: HashMap<Uuid, CriterionRow> = criteria.iter().map(|c| (c.id, c.clone())).collect();
    if !missing.is_empty() {
        named.extend(store::criteria_by_id(conn, &missing).await?.into_iter().map(|c| (c.id, c)));
    }
    let position = |id: &Uuid| criteria.iter().position(|c| c.id == *id).unwrap_or(usize::MAX);
    let mut names: HashMap<Uuid, Option<String>> = HashMap::new();
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let evaluator_name = match row.evaluator_id {
            Some(user) if names.contains_key(&user) => names[&user].clone(),
            Some(user) => {
                let name = identity::contact(conn, user).await?.map(|contact| contact.full_name);
                names.insert(user, name.clone());
                name
            }
            None => None,
        };
        let mut own: Vec<&ScoreRow> = scores.iter().filter(|s| s.scorecard_id == row.id).collect();
        own.sort_by_key(|s| (position(&s.criterion_id), s.criterion_id));
        views.push(Scorecard {
            id: row.id,
            application_id: row.application_id,
            evaluator_id: row.evaluator_id,
            evaluator_name,
            recommendation: recommendation_of(&row.recommendation),
            comment: row.comment,
            scores: own
                .into_iter()
                .map(|s| {
                    let criterion = named.get(&s.criterion_id);
                    ScoreView {
                        criterion_id: s.criterion_id,
                        criterion_name: criterion.map(|c| c.name.clone()).unwrap_or_default(),
                        score: s.score,
                        comment: s.comment.clone(),
                        retired: criterion.is_none_or(|c| c.retired_at.is_some()),
                    }
                })
                .collect(),
            created_at: row.created_at,
            updated_at: row.updated_at,
        });
    }
    Ok(views)
}

pub(super) fn aggregate_view(criteria: &[CriterionRow], cards: &[Scorecard]) -> ScorecardAggregate {
    let current: Vec<&CriterionRow> = criteria.iter().filter(|c| c.retired_at.is_none()).collect();
    let weights: Vec<(Uuid, i16)> = current.iter().map(|c| (c.id, c.weight)).collect();
    let cards: Vec<CardScores> = cards
        .iter()
        .map(|card| CardScores {
            recommendation: card.recommendation,
            scores: card.scores.iter().map(|s| (s.criterion_id, s.score)).collect(),
        })
        .collect();
    let summary = aggregate(&weights, &cards);
    let [strong_no, no, yes, strong_yes] = summary.recommendations.map(count);
    ScorecardAggregate {
        evaluators: count(summary.evaluators),
        overall: summary.overall,
        criteria: summary
            .criteria
            .into_iter()
            .zip(current)
            .map(|(s, c)| CriterionAggregate {
                criterion_id: s.criterion_id,
                name: c.name.clone(),
                weight: c.weight,
                mean: s.mean,
                count: count(s.count),
            })
            .collect(),
        recommendations: RecommendationCounts { strong_no, no, yes, strong_yes },
    }
}

fn job_scorecard(job_id: Uuid, rows: &[CriterionRow]) -> JobScorecard {
    let current: Vec<&CriterionRow> = rows.iter().filter(|c| c.retired_at.is_none()).collect();
    JobScorecard {
        job_id,
        criteria: current.iter().map(|c| criterion_view(c)).collect(),
        updated_at: rows.iter().map(|c| c.updated_at.max(c.retired_at.unwrap_or(c.updated_at))).max(),
    }
}

impl HiringService {
    /// A job's scorecard (members who read candidates).
    pub async fn job_scorecard(&self, auth: &AuthUser, job_id: Uuid) -> AppResult<JobScorecard> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::CandidatesRead).await?;
                company_job(conn, tenant_id, job_id).await?;
                Ok(job_scorecard(job_id, &store::criteria_of(conn, job_id).await?))
            }
            .scope_boxed()
        })
        .await
    }

    /// Replaces a job's criteria (admins and recruiters): kept ones by id, new ones without, the
    /// ones left out deleted, or retired when evaluations scored them.
    pub async fn change_job_scorecard(
        &self,
        auth: &AuthUser,
        job_id: Uuid,
        input: ScorecardInput,
    ) -> AppResult<JobScorecard> {
        let now = Utc::now();
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let tenant_id = identity::acting_company(conn, auth, Permission::JobsManage).await?;
                company_job(conn, tenant_id, job_id).await?;
                store::lock_criteria(conn, job_id, true).await?;
                let rows = store::criteria_of(conn, job_id).await?;
                let current: Vec<Criterion> =
                    rows.iter().map(|row| Criterion { id: row.id, retired: row.retired_at.is_some() }).collect();
                let revision = revise_criteria(&current, &input.criteria)?;
                let mut new_rows = Vec::new();
                for (position, criterion) in revision.criteria.iter().enumerate() {
                    let position = i16::try_from(position).map_err(|e| AppError::Internal(e.to_string()))?;
                    match criterion.id {
                        Some(id) => {
                            let change = CriterionChange {
                                position,
                                name: &criterion.name,
                                description: criterion.description.as_deref(),
                                weight: criterion.weight,
                                updated_at: now,
                                retired_at: None,
                            };
                            store::update_criterion(conn, id, &change).await?;
                        }
                        None => new_rows.push(CriterionRow {
                            id: new_id(),
                            tenant_id,
                            job_id,
                            position,
                            name: criterion.name.clone(),
                            description: criterion.description.clone(),
                            weight: criterion.weight,
                            created_at: now,
                            updated_at: now,
                            retired_at: None,
                        }),
                    }
                }
                store::insert_criteria(conn, &new_rows).await?;
                store::remove_criteria(conn, &revision.removed, now).await?;
                Ok(job_scorecard(job_id, &store::criteria_of(conn, job_id).await?))
            }
            .scope_boxed()
        })
        .await
    }

    /// Writes the caller's scorecard of an application (members who read candidates evaluate):
    /// a new one, or over their own; nobody else's.
    pub async fn evaluate(
        &self,
        auth: &AuthUser,
        application_id: Uuid,
        input: EvaluationInput,
    ) -> AppResult<Scorecard> {
        let applied_at = applied_at_of(application_id)?;
        let (comment, scores) = input.checked()?;
        let recommendation = input.recommendation;
        let (evaluator, now) = (auth.user_id(), Utc::now());
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let (tenant_id, application) = evaluated_application(conn, auth, application_id, applied_at).await?;
                if application.status == "withdrawn" {
                    return Err(AppError::Conflict("the candidate withdrew this application".into()));
                }
                store::lock_criteria(conn, application.job_id, false).await?;
                let criteria = store::criteria_of(conn, application.job_id).await?;
                if criteria.iter().all(|c| c.retired_at.is_some()) {
                    return Err(AppError::Conflict(
                        "this job has no scorecard yet: define its criteria (PUT /api/v1/jobs/{id}/scorecard) first"
                            .into(),
                    ));
                }
                let mut checks = Checks::default();
                for (i, (criterion_id, _, _)) in scores.iter().enumerate() {
                    if !criteria.iter().any(|c| c.id == *criterion_id && c.retired_at.is_none()) {
                        checks.fail(
                            &format!("scores[{i}].criterion_id"),
                            "unknown",
                            "not a criterion of this job's scorecard",
                        );
                    }
                }
                checks.done()?;
                let card = ScorecardRow {
                    id: new_id(),
                    application_id,
                    applied_at,
                    tenant_id,
                    evaluator_id: Some(evaluator),
                    recommendation: recommendation.as_str().to_owned(),
                    comment,
                    created_at: now,
                    updated_at: now,
                };
                let card = store::save_scorecard(conn, &card).await?;
                let rows: Vec<ScoreRow> = scores
                    .into_iter()
                    .map(|(criterion_id, score, comment)| ScoreRow {
                        scorecard_id: card.id,
                        criterion_id,
                        tenant_id,
                        score,
                        comment,
                    })
                    .collect();
                store::replace_scores(conn, card.id, &rows).await?;
                let mut views = scorecard_views(conn, vec![card], &criteria).await?;
                views.pop().ok_or(AppError::Internal("a saved scorecard went missing".into()))
            }
            .scope_boxed()
        })
        .await
    }

    /// The caller's own scorecard of an application; 404 until they write one.
    pub async fn my_scorecard(&self, auth: &AuthUser, application_id: Uuid) -> AppResult<Scorecard> {
        let applied_at = applied_at_of(application_id)?;
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let (_, application) = evaluated_application(conn, auth, application_id, applied_at).await?;
                let card = store::scorecard_of(conn, application_id, auth.user_id())
                    .await?
                    .ok_or(AppError::NotFound("scorecard"))?;
                let criteria = store::criteria_of(conn, application.job_id).await?;
                let mut views = scorecard_views(conn, vec![card], &criteria).await?;
                views.pop().ok_or(AppError::NotFound("scorecard"))
            }
            .scope_boxed()
        })
        .await
    }

    /// Every scorecard of an application with their aggregate (members who read candidates).
    pub async fn application_scorecards(
        &self,
        auth: &AuthUser,
        application_id: Uuid,
    ) -> AppResult<ApplicationScorecards> {
        let applied_at = applied_at_of(application_id)?;
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                let (_, application) = evaluated_application(conn, auth, application_id, applied_at).await?;
                let criteria = store::criteria_of(conn, application.job_id).await?;
                let rows = store::scorecards_of(conn, application_id).await?;
                let scorecards = scorecard_views(conn, rows, &criteria).await?;
                let aggregate = aggregate_view(&criteria, &scorecards);
                Ok(ApplicationScorecards {
                    application_id,
                    criteria: criteria.iter().filter(|c| c.retired_at.is_none()).map(criterion_view).collect(),
                    scorecards,
                    aggregate,
                })
            }
            .scope_boxed()
        })
        .await
    }
}
