//! Applications, their claims (one per job and person), idempotent submits and stage history.

use chrono::{DateTime, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use crate::schema::hiring::{applications, candidacies, stage_changes, submissions};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: Uuid,
    pub applied_at: DateTime<Utc>,
    pub tenant_id: Uuid,
    pub job_id: Uuid,
    pub job_title: String,
    pub user_id: Option<Uuid>,
    pub cv_id: Option<Uuid>,
    pub candidate_name: Option<String>,
    pub candidate_email: Option<String>,
    pub candidate_phone: Option<String>,
    pub headline: Option<String>,
    pub cover_letter: Option<String>,
    pub answers: serde_json::Value,
    pub source: String,
    pub status: String,
    pub stage: String,
    pub score: f32,
    pub screening: Option<serde_json::Value>,
    pub rating: Option<i16>,
    pub assigned_recruiter: Option<Uuid>,
    pub tags: Vec<Option<String>>,
    pub rejection_reason: Option<String>,
    pub rejection_note: Option<String>,
    pub search_identity: String,
    pub search_work: String,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The company's own candidate (someone without an account the company added).
    pub candidate_id: Option<Uuid>,
}

/// An application's new place (status, stage, and why when rejected).
#[derive(Debug, AsChangeset)]
#[diesel(table_name = applications, treat_none_as_null = true)]
pub struct PositionChange<'a> {
    pub status: &'a str,
    pub stage: &'a str,
    pub rejection_reason: Option<&'a str>,
    pub rejection_note: Option<&'a str>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// The company's own marks on an application; `None` leaves a field as it is.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = applications)]
pub struct ReviewChange {
    pub rating: Option<Option<i16>>,
    pub assigned_recruiter: Option<Option<Uuid>>,
    pub tags: Option<Vec<Option<String>>>,
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = stage_changes)]
pub struct StageChangeRow {
    pub id: Uuid,
    pub application_id: Uuid,
    pub applied_at: DateTime<Utc>,
    pub tenant_id: Uuid,
    pub user_id: Option<Uuid>,
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub status: String,
    pub actor_id: Option<Uuid>,
    pub reason: Option<String>,
    pub changed_at: DateTime<Utc>,
}

/// Which of a job's applications a company lists.
#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    pub stage: Option<String>,
    pub status: Option<String>,
    pub tag: Option<String>,
    /// Folded words, each of which must appear.
    pub words: Vec<String>,
    /// The stages at which the candidate's identity may be searched (blind review); `None`: all.
    pub revealing_stages: Option<Vec<String>>,
}

/// How a company sorts a job's applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationOrder {
    /// Best screening score first.
    Score,
    /// Newest first.
    AppliedAt,
}

/// Where a page of applications continues: after this score or time, then id.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum ApplicationCursor {
    Score(f32, Uuid),
    AppliedAt(DateTime<Utc>, Uuid),
}

pub async fn insert_application(conn: &mut Conn, row: &ApplicationRow) -> QueryResult<()> {
    diesel::insert_into(applications::table).values(row).execute(conn).await.map(drop)
}

/// Adds the months from `from` to `ahead` months after this one as partitions (those missing).
pub async fn ensure_partitions(conn: &mut Conn, from: chrono::NaiveDate, ahead: i32) -> QueryResult<i32> {
    diesel::select(ensure_application_partitions(from, ahead)).get_result(conn).await
}

diesel::define_sql_function! {
    #[sql_name = "hiring.ensure_application_partitions"]
    fn ensure_application_partitions(from_month: diesel::sql_types::Date, ahead: diesel::sql_types::Integer) -> diesel::sql_types::Integer;
}

/// The application `id` (its month is `applied_at`, the time in the id), as row-level security lets
/// the caller see it.
pub async fn find_application(
    conn: &mut Conn,
    id: Uuid,
    applied_at: DateTime<Utc>,
) -> QueryResult<Option<ApplicationRow>> {
    applications::table
        .filter(applications::id.eq(id).and(applications::applied_at.eq(applied_at)))
        .select(ApplicationRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The same, locked for a change.
pub async fn lock_application(
    conn: &mut Conn,
    id: Uuid,
    applied_at: DateTime<Utc>,
) -> QueryResult<Option<ApplicationRow>> {
    applications::table
        .filter(applications::id.eq(id).and(applications::applied_at.eq(applied_at)))
        .select(ApplicationRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn move_application(
    conn: &mut Conn,
    id: Uuid,
    applied_at: DateTime<Utc>,
    change: &PositionChange<'_>,
) -> QueryResult<()> {
    diesel::update(applications::table.filter(applications::id.eq(id).and(applications::applied_at.eq(applied_at))))
        .set(change)
        .execute(conn)
        .await
        .map(drop)
}

pub async fn review_application(
    conn: &mut Conn,
    id: Uuid,
    applied_at: DateTime<Utc>,
    change: &ReviewChange,
) -> QueryResult<()> {
    diesel::update(applications::table.filter(applications::id.eq(id).and(applications::applied_at.eq(applied_at))))
        .set(change)
        .execute(conn)
        .await
        .map(drop)
}

/// The person's applications, newest first, after the `(applied_at, id)` cursor.
pub async fn applications_of_user(
    conn: &mut Conn,
    user_id: Uuid,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<ApplicationRow>> {
    let mut query = applications::table.filter(applications::user_id.eq(user_id)).into_boxed();
    if let Some((at, id)) = after {
        query = query
            .filter(applications::applied_at.lt(at).or(applications::applied_at.eq(at).and(applications::id.lt(id))));
    }
    query
        .order((applications::applied_at.desc(), applications::id.desc()))
        .limit(limit + 1)
        .select(ApplicationRow::as_select())
        .load(conn)
        .await
}

/// A page of a job's applications in `order`, after `cursor`.
pub async fn applications_of_job(
    conn: &mut Conn,
    job_id: Uuid,
    filter: &ApplicationFilter,
    order: ApplicationOrder,
    cursor: Option<ApplicationCursor>,
    limit: i64,
) -> QueryResult<Vec<ApplicationRow>> {
    let mut query = applications::table.filter(applications::job_id.eq(job_id)).into_boxed();
    if let Some(stage) = &filter.stage {
        query = query.filter(applications::stage.eq(stage.clone()));
    }
    if let Some(status) = &filter.status {
        query = query.filter(applications::status.eq(status.clone()));
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(applications::tags.contains(vec![Some(tag.clone())]));
    }
    for word in &filter.words {
        let pattern = format!("%{}%", escape_like(word));
        let in_work = applications::search_work.like(pattern.clone());
        query = match &filter.revealing_stages {
            None => query.filter(in_work.or(applications::search_identity.like(pattern))),
            Some(stages) => query.filter(
                in_work.or(applications::search_identity
                    .like(pattern)
                    .and(applications::stage.eq_any(stages.clone()).or(applications::status.eq("hired")))),
            ),
        };
    }
    query = match (order, cursor) {
        (ApplicationOrder::Score, Some(ApplicationCursor::Score(score, id))) => {
            query.filter(applications::score.lt(score).or(applications::score.eq(score).and(applications::id.lt(id))))
        }
        (ApplicationOrder::AppliedAt, Some(ApplicationCursor::AppliedAt(at, id))) => query
            .filter(applications::applied_at.lt(at).or(applications::applied_at.eq(at).and(applications::id.lt(id)))),
        _ => query,
    };
    query = match order {
        ApplicationOrder::Score => query.order((applications::score.desc(), applications::id.desc())),
        ApplicationOrder::AppliedAt => query.order((applications::applied_at.desc(), applications::id.desc())),
    };
    query.limit(limit + 1).select(ApplicationRow::as_select()).load(conn).await
}

pub(super) fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// How many of a job's applications are in each (stage, status).
pub async fn counts_of_job(conn: &mut Conn, job_id: Uuid) -> QueryResult<Vec<(String, String, i64)>> {
    applications::table
        .filter(applications::job_id.eq(job_id))
        .group_by((applications::stage, applications::status))
        .select((applications::stage, applications::status, count_star()))
        .load(conn)
        .await
}

/// The company's applications of one person (a candidate's timeline across its jobs).
pub async fn applications_of_candidate(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<ApplicationRow>> {
    applications::table
        .filter(applications::user_id.eq(user_id))
        .order(applications::applied_at.desc())
        .limit(200)
        .select(ApplicationRow::as_select())
        .load(conn)
        .await
}

/// The active applications of a person (their account is going away).
pub async fn active_applications_of_user(conn: &mut Conn, user_id: Uuid) -> QueryResult<Vec<ApplicationRow>> {
    applications::table
        .filter(applications::user_id.eq(user_id).and(applications::status.eq("active")))
        .select(ApplicationRow::as_select())
        .load(conn)
        .await
}

/// Claims (job, person); false when the person already has an application there.
pub async fn claim_candidacy(conn: &mut Conn, row: &ApplicationRow, user_id: Uuid) -> QueryResult<bool> {
    diesel::insert_into(candidacies::table)
        .values((
            candidacies::job_id.eq(row.job_id),
            candidacies::user_id.eq(user_id),
            candidacies::tenant_id.eq(row.tenant_id),
            candidacies::application_id.eq(row.id),
            candidacies::applied_at.eq(row.applied_at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(|inserted| inserted == 1)
}

/// The person's application to the job that holds the claim.
pub async fn candidacy(conn: &mut Conn, job_id: Uuid, user_id: Uuid) -> QueryResult<Option<(Uuid, DateTime<Utc>)>> {
    candidacies::table
        .find((job_id, user_id))
        .select((candidacies::application_id, candidacies::applied_at))
        .first(conn)
        .await
        .optional()
}

pub async fn release_candidacy(conn: &mut Conn, application_id: Uuid) -> QueryResult<()> {
    diesel::delete(candidacies::table.filter(candidacies::application_id.eq(application_id)))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn record_submission(conn: &mut Conn, user_id: Uuid, key: &str, row: &ApplicationRow) -> QueryResult<()> {
    diesel::insert_into(submissions::table)
        .values((
            submissions::user_id.eq(user_id),
            submissions::idempotency_key.eq(key),
            submissions::application_id.eq(row.id),
            submissions::applied_at.eq(row.applied_at),
        ))
        .execute(conn)
        .await
        .map(drop)
}

pub async fn submission(conn: &mut Conn, user_id: Uuid, key: &str) -> QueryResult<Option<(Uuid, DateTime<Utc>)>> {
    submissions::table
        .find((user_id, key))
        .select((submissions::application_id, submissions::applied_at))
        .first(conn)
        .await
        .optional()
}

pub async fn insert_stage_change(conn: &mut Conn, row: &StageChangeRow) -> QueryResult<()> {
    diesel::insert_into(stage_changes::table).values(row).execute(conn).await.map(drop)
}

pub async fn stage_changes_of(conn: &mut Conn, application_ids: &[Uuid]) -> QueryResult<Vec<StageChangeRow>> {
    stage_changes::table
        .filter(stage_changes::application_id.eq_any(application_ids))
        .order((stage_changes::changed_at, stage_changes::id))
        .select(StageChangeRow::as_select())
        .load(conn)
        .await
}

pub async fn stage_change(conn: &mut Conn, id: Uuid) -> QueryResult<Option<StageChangeRow>> {
    stage_changes::table.find(id).select(StageChangeRow::as_select()).first(conn).await.optional()
}
