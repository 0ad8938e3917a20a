//! A company's own candidates, what their CV was read as, and their claims on jobs.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection as Conn, RunQueryDsl};
use uuid::Uuid;

use super::ApplicationRow;
use crate::schema::hiring::{applications, candidates, external_candidacies};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = candidates, treat_none_as_null = true)]
pub struct CandidateRow {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub source: String,
    pub headline: Option<String>,
    pub added_by: Option<Uuid>,
    pub cv_status: String,
    pub cv_storage_key: Option<String>,
    pub cv_filename: Option<String>,
    pub cv_mime_type: Option<String>,
    pub cv_size_bytes: Option<i64>,
    pub cv_error: Option<String>,
    pub cv_data: Option<serde_json::Value>,
    pub cv_sections: serde_json::Value,
    pub cv_vector: Option<Vec<Option<f32>>>,
    pub cv_model: Option<String>,
    pub cv_parsed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

pub async fn insert_candidate(conn: &mut Conn, row: &CandidateRow) -> QueryResult<()> {
    diesel::insert_into(candidates::table).values(row).execute(conn).await.map(drop)
}

pub async fn save_candidate(conn: &mut Conn, row: &CandidateRow) -> QueryResult<()> {
    diesel::update(candidates::table.find(row.id)).set(row).execute(conn).await.map(drop)
}

pub async fn find_candidate(conn: &mut Conn, id: Uuid) -> QueryResult<Option<CandidateRow>> {
    candidates::table.find(id).select(CandidateRow::as_select()).first(conn).await.optional()
}

pub async fn lock_candidate(conn: &mut Conn, id: Uuid) -> QueryResult<Option<CandidateRow>> {
    candidates::table.find(id).select(CandidateRow::as_select()).for_update().first(conn).await.optional()
}

/// The company's candidates with this email and with this phone.
pub async fn candidates_known_by(
    conn: &mut Conn,
    tenant_id: Uuid,
    email: Option<&str>,
    phone: Option<&str>,
) -> QueryResult<(Option<Uuid>, Option<Uuid>)> {
    let of_company = || candidates::table.filter(candidates::tenant_id.eq(tenant_id)).select(candidates::id);
    let by_email = match email {
        Some(email) => of_company().filter(candidates::email.eq(email)).first(conn).await.optional()?,
        None => None,
    };
    let by_phone = match phone {
        Some(phone) => of_company().filter(candidates::phone.eq(phone)).first(conn).await.optional()?,
        None => None,
    };
    Ok((by_email, by_phone))
}

/// A page of the company's candidates, newest first, optionally those whose name, email, phone
/// or headline contains `text`.
pub async fn candidates_of_company(
    conn: &mut Conn,
    tenant_id: Uuid,
    text: Option<&str>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<CandidateRow>> {
    let mut query = candidates::table
        .filter(candidates::tenant_id.eq(tenant_id))
        .select(CandidateRow::as_select())
        .order((candidates::created_at.desc(), candidates::id.desc()))
        .limit(limit + 1)
        .into_boxed();
    if let Some(text) = text {
        let pattern = format!("%{}%", super::applications::escape_like(text));
        query = query.filter(
            candidates::full_name
                .ilike(pattern.clone())
                .or(candidates::email.ilike(pattern.clone()))
                .or(candidates::phone.ilike(pattern.clone()))
                .or(candidates::headline.ilike(pattern)),
        );
    }
    if let Some((at, id)) = after {
        query =
            query.filter(candidates::created_at.lt(at).or(candidates::created_at.eq(at).and(candidates::id.lt(id))));
    }
    query.load(conn).await
}

pub async fn delete_candidate(conn: &mut Conn, id: Uuid) -> QueryResult<bool> {
    diesel::delete(candidates::table.find(id)).execute(conn).await.map(|deleted| deleted == 1)
}

/// The candidate's applications to the company's jobs, newest first.
pub async fn applications_of_external(conn: &mut Conn, candidate_id: Uuid) -> QueryResult<Vec<ApplicationRow>> {
    applications::table
        .filter(applications::candidate_id.eq(candidate_id))
        .select(ApplicationRow::as_select())
        .order((applications::applied_at.desc(), applications::id.desc()))
        .limit(200)
        .load(conn)
        .await
}

/// Claims (job, company's candidate); false when they already have an application there.
pub async fn claim_external_candidacy(conn: &mut Conn, row: &ApplicationRow, candidate_id: Uuid) -> QueryResult<bool> {
    diesel::insert_into(external_candidacies::table)
        .values((
            external_candidacies::job_id.eq(row.job_id),
            external_candidacies::candidate_id.eq(candidate_id),
            external_candidacies::tenant_id.eq(row.tenant_id),
            external_candidacies::application_id.eq(row.id),
            external_candidacies::applied_at.eq(row.applied_at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(|inserted| inserted == 1)
}

/// Who a company's candidate is, as their applications show it.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = applications, treat_none_as_null = true)]
pub struct CandidateIdentity<'a> {
    pub candidate_name: Option<&'a str>,
    pub candidate_email: Option<&'a str>,
    pub candidate_phone: Option<&'a str>,
    pub search_identity: &'a str,
}

pub async fn rename_applications_of_external(
    conn: &mut Conn,
    candidate_id: Uuid,
    identity: &CandidateIdentity<'_>,
) -> QueryResult<usize> {
    diesel::update(applications::table.filter(applications::candidate_id.eq(candidate_id)))
        .set(identity)
        .execute(conn)
        .await
}
