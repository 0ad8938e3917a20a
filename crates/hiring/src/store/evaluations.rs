//! Scorecards (each job's criteria, evaluators' scorecards and their scores), technical
//! evaluations and challenge templates.

use chrono::{DateTime, Utc};
use diesel::dsl::{count_star, exists, not};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use rust_decimal::Decimal;
use uuid::Uuid;

use crate::schema::hiring::{
    challenge_templates, scorecard_criteria, scorecard_scores, scorecards, technical_evaluations,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = scorecard_criteria)]
pub struct CriterionRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub job_id: Uuid,
    pub position: i16,
    pub name: String,
    pub description: Option<String>,
    pub weight: i16,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

/// A kept criterion's new place, name, description and weight (and its return from retirement).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = scorecard_criteria, treat_none_as_null = true)]
pub struct CriterionChange<'a> {
    pub position: i16,
    pub name: &'a str,
    pub description: Option<&'a str>,
    pub weight: i16,
    pub updated_at: DateTime<Utc>,
    pub retired_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = scorecards)]
pub struct ScorecardRow {
    pub id: Uuid,
    pub application_id: Uuid,
    pub applied_at: DateTime<Utc>,
    pub tenant_id: Uuid,
    pub evaluator_id: Option<Uuid>,
    pub recommendation: String,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = scorecard_scores)]
pub struct ScoreRow {
    pub scorecard_id: Uuid,
    pub criterion_id: Uuid,
    pub tenant_id: Uuid,
    pub score: i16,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = challenge_templates)]
pub struct ChallengeRow {
    pub id: Uuid,
    /// `None` for the platform's public templates.
    pub tenant_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    pub languages: Vec<Option<String>>,
    pub difficulty: String,
    pub estimated_minutes: i32,
    pub locale: String,
    pub usage_count: i32,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a company changes in its own template; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = challenge_templates)]
pub struct ChallengeChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub languages: Option<Vec<Option<String>>>,
    pub difficulty: Option<String>,
    pub estimated_minutes: Option<i32>,
    pub locale: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// Which challenge templates a company lists.
#[derive(Debug, Clone, Default)]
pub struct ChallengeFilter {
    pub language: Option<String>,
    pub difficulty: Option<String>,
    pub locale: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = technical_evaluations)]
pub struct TechnicalRow {
    pub id: Uuid,
    pub application_id: Uuid,
    pub applied_at: DateTime<Utc>,
    pub tenant_id: Uuid,
    pub challenge_template_id: Option<Uuid>,
    pub repository_url: Option<String>,
    pub commit_sha: Option<String>,
    pub pr_url: Option<String>,
    pub code_quality_score: Option<i16>,
    pub test_coverage: Option<Decimal>,
    pub reviewer_id: Option<Uuid>,
    pub notes: Option<String>,
    pub status: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

/// A technical evaluation as it is after a change (every column a company may write).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = technical_evaluations, treat_none_as_null = true)]
pub struct TechnicalChange<'a> {
    pub repository_url: Option<&'a str>,
    pub commit_sha: Option<&'a str>,
    pub pr_url: Option<&'a str>,
    pub code_quality_score: Option<i16>,
    pub test_coverage: Option<Decimal>,
    pub reviewer_id: Option<Uuid>,
    pub notes: Option<&'a str>,
    pub status: &'a str,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
}

impl TechnicalRow {
    pub fn change(&self) -> TechnicalChange<'_> {
        TechnicalChange {
            repository_url: self.repository_url.as_deref(),
            commit_sha: self.commit_sha.as_deref(),
            pr_url: self.pr_url.as_deref(),
            code_quality_score: self.code_quality_score,
            test_coverage: self.test_coverage,
            reviewer_id: self.reviewer_id,
            notes: self.notes.as_deref(),
            status: &self.status,
            updated_at: self.updated_at,
            submitted_at: self.submitted_at,
            reviewed_at: self.reviewed_at,
        }
    }
}

// ---- scorecard criteria -----------------------------------------------------------------------

/// Serialises changes to a job's criteria (`exclusive`: the company reshapes them) against
/// evaluations that score them (shared), until the transaction ends.
pub async fn lock_criteria(conn: &mut Conn, job_id: Uuid, exclusive: bool) -> QueryResult<()> {
    let function = if exclusive { "pg_advisory_xact_lock" } else { "pg_advisory_xact_lock_shared" };
    diesel::sql_query(format!("SELECT {function}(hashtextextended($1, 0))"))
        .bind::<diesel::sql_types::Text, _>(format!("hiring.scorecard_criteria:{job_id}"))
        .execute(conn)
        .await
        .map(drop)
}

/// A job's criteria, the current ones in order first, then the retired ones.
pub async fn criteria_of(conn: &mut Conn, job_id: Uuid) -> QueryResult<Vec<CriterionRow>> {
    scorecard_criteria::table
        .filter(scorecard_criteria::job_id.eq(job_id))
        .order((scorecard_criteria::retired_at.is_not_null(), scorecard_criteria::position, scorecard_criteria::id))
        .select(CriterionRow::as_select())
        .load(conn)
        .await
}

/// The criteria `ids` (retired ones included), whichever jobs they are of.
pub async fn criteria_by_id(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<CriterionRow>> {
    scorecard_criteria::table
        .filter(scorecard_criteria::id.eq_any(ids))
        .select(CriterionRow::as_select())
        .load(conn)
        .await
}

pub async fn insert_criteria(conn: &mut Conn, rows: &[CriterionRow]) -> QueryResult<()> {
    diesel::insert_into(scorecard_criteria::table).values(rows).execute(conn).await.map(drop)
}

pub async fn update_criterion(conn: &mut Conn, id: Uuid, change: &CriterionChange<'_>) -> QueryResult<()> {
    diesel::update(scorecard_criteria::table.find(id)).set(change).execute(conn).await.map(drop)
}

/// Deletes those of `ids` that no scorecard scored, and retires the others.
pub async fn remove_criteria(conn: &mut Conn, ids: &[Uuid], now: DateTime<Utc>) -> QueryResult<()> {
    let scored = exists(scorecard_scores::table.filter(scorecard_scores::criterion_id.eq(scorecard_criteria::id)));
    diesel::delete(scorecard_criteria::table.filter(scorecard_criteria::id.eq_any(ids)).filter(not(scored)))
        .execute(conn)
        .await?;
    diesel::update(
        scorecard_criteria::table
            .filter(scorecard_criteria::id.eq_any(ids))
            .filter(scorecard_criteria::retired_at.is_null()),
    )
    .set(scorecard_criteria::retired_at.eq(now))
    .execute(conn)
    .await
    .map(drop)
}

// ---- scorecards -------------------------------------------------------------------------------

/// Writes the evaluator's scorecard of an application (a new one, or over theirs, keeping its id
/// and creation time), and answers it as stored.
pub async fn save_scorecard(conn: &mut Conn, row: &ScorecardRow) -> QueryResult<ScorecardRow> {
    diesel::insert_into(scorecards::table)
        .values(row)
        .on_conflict((scorecards::application_id, scorecards::evaluator_id))
        .do_update()
        .set((
            scorecards::recommendation.eq(excluded(scorecards::recommendation)),
            scorecards::comment.eq(excluded(scorecards::comment)),
            scorecards::updated_at.eq(excluded(scorecards::updated_at)),
        ))
        .returning(ScorecardRow::as_returning())
        .get_result(conn)
        .await
}

/// Replaces a scorecard's scores.
pub async fn replace_scores(conn: &mut Conn, scorecard_id: Uuid, rows: &[ScoreRow]) -> QueryResult<()> {
    diesel::delete(scorecard_scores::table.filter(scorecard_scores::scorecard_id.eq(scorecard_id)))
        .execute(conn)
        .await?;
    diesel::insert_into(scorecard_scores::table).values(rows).execute(conn).await.map(drop)
}

/// An application's scorecards, oldest first.
pub async fn scorecards_of(conn: &mut Conn, application_id: Uuid) -> QueryResult<Vec<ScorecardRow>> {
    scorecards::table
        .filter(scorecards::application_id.eq(application_id))
        .order((scorecards::created_at, scorecards::id))
        .select(ScorecardRow::as_select())
        .load(conn)
        .await
}

/// The scorecards of `application_ids`, oldest first.
pub async fn scorecards_of_applications(conn: &mut Conn, application_ids: &[Uuid]) -> QueryResult<Vec<ScorecardRow>> {
    scorecards::table
        .filter(scorecards::application_id.eq_any(application_ids))
        .order((scorecards::created_at, scorecards::id))
        .select(ScorecardRow::as_select())
        .load(conn)
        .await
}

/// One evaluator's scorecard of an application.
pub async fn scorecard_of(
    conn: &mut Conn,
    application_id: Uuid,
    evaluator_id: Uuid,
) -> QueryResult<Option<ScorecardRow>> {
    scorecards::table
        .filter(scorecards::application_id.eq(application_id).and(scorecards::evaluator_id.eq(evaluator_id)))
        .select(ScorecardRow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn scores_of(conn: &mut Conn, scorecard_ids: &[Uuid]) -> QueryResult<Vec<ScoreRow>> {
    scorecard_scores::table
        .filter(scorecard_scores::scorecard_id.eq_any(scorecard_ids))
        .select(ScoreRow::as_select())
        .load(conn)
        .await
}

// ---- challenge templates ----------------------------------------------------------------------

/// The templates the caller's company may use (its own and the public ones), by title, after the
/// `(title, id)` cursor.
pub async fn challenges(
    conn: &mut Conn,
    tenant_id: Uuid,
    filter: &ChallengeFilter,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<ChallengeRow>> {
    let mut query = challenge_templates::table
        .filter(challenge_templates::tenant_id.eq(tenant_id).or(challenge_templates::tenant_id.is_null()))
        .into_boxed();
    if let Some(language) = &filter.language {
        query = query.filter(challenge_templates::languages.contains(vec![Some(language.clone())]));
    }
    if let Some(difficulty) = &filter.difficulty {
        query = query.filter(challenge_templates::difficulty.eq(difficulty.clone()));
    }
    if let Some(locale) = &filter.locale {
        query = query.filter(challenge_templates::locale.eq(locale.clone()));
    }
    if let Some((title, id)) = after {
        query = query.filter(
            challenge_templates::title
                .gt(title.clone())
                .or(challenge_templates::title.eq(title).and(challenge_templates::id.gt(id))),
        );
    }
    query
        .order((challenge_templates::title, challenge_templates::id))
        .limit(limit + 1)
        .select(ChallengeRow::as_select())
        .load(conn)
        .await
}

/// The template `id`, as row-level security lets the caller see it (its company's or public).
pub async fn challenge(conn: &mut Conn, id: Uuid) -> QueryResult<Option<ChallengeRow>> {
    challenge_templates::table.find(id).select(ChallengeRow::as_select()).first(conn).await.optional()
}

pub async fn insert_challenge(conn: &mut Conn, row: &ChallengeRow) -> QueryResult<()> {
    diesel::insert_into(challenge_templates::table).values(row).execute(conn).await.map(drop)
}

/// Changes one of the company's own templates; `None` when it has none with this id.
pub async fn update_challenge(
    conn: &mut Conn,
    tenant_id: Uuid,
    id: Uuid,
    change: &ChallengeChange,
) -> QueryResult<Option<ChallengeRow>> {
    diesel::update(
        challenge_templates::table
            .filter(challenge_templates::id.eq(id).and(challenge_templates::tenant_id.eq(tenant_id))),
    )
    .set(change)
    .returning(ChallengeRow::as_returning())
    .get_result(conn)
    .await
    .optional()
}

pub async fn delete_challenge(conn: &mut Conn, tenant_id: Uuid, id: Uuid) -> QueryResult<usize> {
    diesel::delete(
        challenge_templates::table
            .filter(challenge_templates::id.eq(id).and(challenge_templates::tenant_id.eq(tenant_id))),
    )
    .execute(conn)
    .await
}

diesel::define_sql_function! {
    #[sql_name = "hiring.use_challenge_template"]
    fn use_challenge_template(template_id: diesel::sql_types::Uuid) -> diesel::sql_types::Bool;
}

/// Counts one more use of a template the caller's company may use; false when it may not.
pub async fn use_challenge(conn: &mut Conn, id: Uuid) -> QueryResult<bool> {
    diesel::select(use_challenge_template(id)).get_result(conn).await
}

// ---- technical evaluations --------------------------------------------------------------------

pub async fn insert_technical(conn: &mut Conn, row: &TechnicalRow) -> QueryResult<()> {
    diesel::insert_into(technical_evaluations::table).values(row).execute(conn).await.map(drop)
}

/// The technical evaluation `id` as row-level security lets the caller see it, optionally locked.
pub async fn technical(conn: &mut Conn, id: Uuid, lock: bool) -> QueryResult<Option<TechnicalRow>> {
    let query = technical_evaluations::table.find(id).select(TechnicalRow::as_select());
    if lock { query.for_update().first(conn).await.optional() } else { query.first(conn).await.optional() }
}

/// An application's technical evaluations, oldest first.
pub async fn technicals_of(conn: &mut Conn, application_id: Uuid) -> QueryResult<Vec<TechnicalRow>> {
    technical_evaluations::table
        .filter(technical_evaluations::application_id.eq(application_id))
        .order((technical_evaluations::created_at, technical_evaluations::id))
        .select(TechnicalRow::as_select())
        .load(conn)
        .await
}

pub async fn count_technicals(conn: &mut Conn, application_id: Uuid) -> QueryResult<i64> {
    technical_evaluations::table
        .filter(technical_evaluations::application_id.eq(application_id))
        .select(count_star())
        .get_result(conn)
        .await
}

pub async fn update_technical(conn: &mut Conn, id: Uuid, change: &TechnicalChange<'_>) -> QueryResult<()> {
    diesel::update(technical_evaluations::table.find(id)).set(change).execute(conn).await.map(drop)
}
