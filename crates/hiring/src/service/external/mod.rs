//! A company's own candidates: people without an account whom recruiters add (a referral, a
//! career fair, an agency's shortlist), one per email and one per phone in each company. Their CV
//! file is read in the background by the CV context's parser (`files`), and they are added to the
//! company's jobs as applications that go through the same screening, pipeline and blind review
//! as anyone's (`applications`). Recruiters and admins keep this directory; hiring managers meet
//! these candidates through their applications only.

mod applications;
mod files;

use chrono::{DateTime, Utc};
use kernel::audit::{self, AuditEntry};
use kernel::auth::{AuthUser, Permission};
use kernel::db::{DbConn, ScopedFutureExt, enum_text, is_unique_violation, parse_enum_text, scoped};
use kernel::ids::new_id;
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub use applications::CandidateApplicationRequest;
pub use files::{CandidateFile, ReadCandidateCvs};

use super::{HiringService, checked_email, checked_text};
use crate::domain::applications::Status;
use crate::domain::external::{CandidateOrigin, Known, known, phone_key};
use crate::store::{self, CandidateRow};

/// The kind of the job that reads a company's candidate's CV file.
pub const READ_CV_JOB: &str = "hiring.read_candidate_cv";

/// A candidate to add. One the company already has (the same email or phone) answers instead,
/// with what it lacked filled in.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCandidate {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub full_name: String,
    /// At least one of email and phone.
    #[schema(max_length = 320, pattern = r"^[^@\s]+@[^@\s]+$")]
    pub email: Option<String>,
    /// As written; compared in E.164 (a 9-digit number starting with 9 is a Peruvian mobile).
    #[schema(max_length = 40)]
    pub phone: Option<String>,
    pub source: CandidateOrigin,
    /// Their current role, in a line.
    #[schema(max_length = 200)]
    pub headline: Option<String>,
}

/// Where reading a candidate's CV file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CvStatus {
    Pending,
    Parsed,
    Failed,
}

/// A company's candidate's CV file and what it was read as.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CandidateCv {
    pub status: CvStatus,
    pub filename: String,
    pub mime_type: String,
    pub size_bytes: i64,
    /// Why it could not be read (`code: reason`), when it could not.
    pub error: Option<String>,
    /// Canonical skills the parser found.
    pub skills: Vec<String>,
    pub parsed_at: Option<DateTime<Utc>>,
}

/// One of the candidate's applications to the company's jobs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CandidateApplication {
    pub id: Uuid,
    pub job_id: Uuid,
    pub job_title: String,
    pub stage: String,
    pub status: Status,
    pub score: f32,
    pub applied_at: DateTime<Utc>,
}

/// A company's own candidate.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ExternalCandidate {
    pub id: Uuid,
    pub full_name: String,
    pub email: Option<String>,
    /// E.164 when the country is knowable, else the digits.
    pub phone: Option<String>,
    pub source: CandidateOrigin,
    pub headline: Option<String>,
    /// The member who added them.
    pub added_by: Option<Uuid>,
    pub cv: Option<CandidateCv>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A company's own candidate with their applications.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ExternalCandidateDetail {
    #[serde(flatten)]
    pub candidate: ExternalCandidate,
    /// Newest first.
    pub applications: Vec<CandidateApplication>,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CandidateQuery {
    /// Part of a name, email, phone or headline.
    #[param(max_length = 200)]
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    #[param(max_length = 512, pattern = "^[A-Za-z0-9_-]*$")]
    pub cursor: Option<String>,
}

/// What a company changes of its candidate; fields left out stay, `null` clears (email, phone or
/// headline; one of email and phone must remain).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateChange {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub full_name: Option<String>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, nullable, max_length = 320, pattern = r"^[^@\s]+@[^@\s]+$")]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, nullable, max_length = 40)]
    pub phone: Option<Option<String>>,
    pub source: Option<CandidateOrigin>,
    #[serde(default, deserialize_with = "kernel::input::nullable")]
    #[schema(value_type = Option<String>, nullable, max_length = 200)]
    pub headline: Option<Option<String>>,
}

fn checked_name(text: &str) -> AppResult<String> {
    let full_name = checked_text("full_name", text, 200)?;
    if full_name.is_empty() {
        return Err(AppError::invalid("full_name", "required", "the candidate's name"));
    }
    Ok(full_name)
}

/// A phone as candidates are compared by it; blank is none.
fn checked_phone(written: &str) -> AppResult<Option<String>> {
    match written.trim() {
        "" => Ok(None),
        written => phone_key(written)
            .map(Some)
            .ok_or_else(|| AppError::invalid("phone", "invalid", "a phone number: 7 to 15 digits")),
    }
}

fn checked_headline(text: &str) -> AppResult<Option<String>> {
    Ok(Some(checked_text("headline", text, 200)?).filter(|h| !h.is_empty()))
}

fn reachable(email: &Option<String>, phone: &Option<String>) -> AppResult<()> {
    if email.is_none() && phone.is_none() {
        return Err(AppError::invalid("email", "required", "an email or a phone, to tell candidates apart"));
    }
    Ok(())
}

impl NewCandidate {
    /// The entry as stored: texts checked, email lower-cased, phone as its key.
    fn checked(&self) -> AppResult<Entry> {
        let full_name = checked_name(&self.full_name)?;
        let email = self.email.as_deref().map(|email| checked_email("email", email)).transpose()?;
        let phone = self.phone.as_deref().map(checked_phone).transpose()?.flatten();
        reachable(&email, &phone)?;
        let headline = self.headline.as_deref().map(checked_headline).transpose()?.flatten();
        Ok(Entry { full_name, email, phone, headline, source: enum_text(&self.source) })
    }
}

impl CandidateChange {
    /// Lays the change over `row`, checked as a new entry is.
    fn apply(&self, row: &mut CandidateRow) -> AppResult<()> {
        if let Some(name) = &self.full_name {
            row.full_name = checked_name(name)?;
        }
        if let Some(email) = &self.email {
            row.email = email.as_deref().map(|email| checked_email("email", email)).transpose()?;
        }
        if let Some(phone) = &self.phone {
            row.phone = phone.as_deref().map(checked_phone).transpose()?.flatten();
        }
        reachable(&row.email, &row.phone)?;
        if let Some(headline) = &self.headline {
            row.headline = headline.as_deref().map(checked_headline).transpose()?.flatten();
        }
        if let Some(source) = &self.source {
            row.source = enum_text(source);
        }
        Ok(())
    }
}

struct Entry {
    full_name: String,
    email: Option<String>,
    phone: Option<String>,
    headline: Option<String>,
    source: String,
}

/// The stored `cv_status` of a candidate without a CV file.
const NO_CV: &str = "none";

/// Where reading the candidate's CV stands; `None` when they have no CV file.
pub(in crate::service) fn cv_status(row: &CandidateRow) -> AppResult<Option<CvStatus>> {
    match row.cv_status.as_str() {
        NO_CV => Ok(None),
        stored => parse_enum_text(stored).map(Some),
    }
}

/// The sections the parser found in the candidate's CV (none until it is read).
pub(in crate::service) fn cv_sections(row: &CandidateRow) -> AppResult<Vec<cv::service::Section>> {
    serde_json::from_value(row.cv_sections.clone()).map_err(|e| AppError::Internal(e.to_string()))
}

fn cv_view(row: &CandidateRow) -> AppResult<Option<CandidateCv>> {
    let Some(status) = cv_status(row)? else { return Ok(None) };
    let skills =
        row.cv_data.as_ref().and_then(|data| data["skills"].as_array()).map_or_else(Vec::new, |skills| {
            skills.iter().filter_map(|s| s["name"].as_str().map(str::to_owned)).collect()
        });
    Ok(Some(CandidateCv {
        status,
        filename: row.cv_filename.clone().unwrap_or_default(),
        mime_type: row.cv_mime_type.clone().unwrap_or_default(),
        size_bytes: row.cv_size_bytes.unwrap_or_default(),
        error: row.cv_error.clone(),
        skills,
        parsed_at: row.cv_parsed_at,
    }))
}

fn candidate_view(row: &CandidateRow) -> AppResult<ExternalCandidate> {
    Ok(ExternalCandidate {
        id: row.id,
        full_name: row.full_name.clone(),
        email: row.email.clone(),
        phone: row.phone.clone(),
        source: parse_enum_text(&row.source)?,
        headline: row.headline.clone(),
        added_by: row.added_by,
        cv: cv_view(row)?,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// A write that met another candidate's email or phone, written a moment ago by another member
/// (the look-up before it saw none): 409, not 500.
fn taken(error: diesel::result::Error) -> AppError {
    if ["candidates_email", "candidates_phone"].iter().any(|c| is_unique_violation(&error, c)) {
        AppError::Conflict("another candidate was just given this email or phone: send it again".into())
    } else {
        error.into()
    }
}

/// The company's candidate `id`, optionally locked; 404 for anything else.
async fn company_candidate(conn: &mut DbConn, tenant_id: Uuid, id: Uuid, lock: bool) -> AppResult<CandidateRow> {
    let row = if lock { store::lock_candidate(conn, id).await? } else { store::find_candidate(conn, id).await? };
    row.filter(|row| row.tenant_id == tenant_id).ok_or(AppError::NotFound("candidate"))
}

/// Leaves the trace of a member handling a company's candidate's personal data.
async fn record(conn: &mut DbConn, auth: &AuthUser, tenant_id: Uuid, action: &'static str, id: Uuid) -> AppResult<()> {
    let entry = AuditEntry::new(action)
        .by(auth.user_id())
        .in_tenant(Some(tenant_id))
        .details(serde_json::json!({ "candidate_id": id }));
    audit::record(conn, &entry).await
}

impl HiringService {
    /// Adds a candidate to the company (recruiters and admins); one it already has by email or
    /// phone answers instead (`false`), with a missing email, phone or headline filled in.
    pub async fn add_candidate(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        input: NewCandidate,
    ) -> AppResult<(ExternalCandidate, bool)> {
        let entry = input.checked()?;
        let now = Utc::now();
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                let (by_email, by_phone) =
                    store::candidates_known_by(conn, tenant_id, entry.email.as_deref(), entry.phone.as_deref()).await?;
                let (row, created) = match known(by_email, by_phone) {
                    Known::Split { by_email, by_phone } => {
                        return Err(AppError::Conflict(format!(
                            "this email is candidate {by_email}'s and this phone is candidate {by_phone}'s: add them with one of the two"
                        )));
                    }
                    Known::Same(id) => {
                        let mut row = company_candidate(conn, tenant_id, id, true).await?;
                        row.email = row.email.or(entry.email);
                        row.phone = row.phone.or(entry.phone);
                        row.headline = row.headline.or(entry.headline);
                        row.updated_at = now;
                        store::save_candidate(conn, &row).await?;
                        (row, false)
                    }
                    Known::New => {
                        let row = CandidateRow {
                            id: new_id(),
                            tenant_id,
                            full_name: entry.full_name,
                            email: entry.email,
                            phone: entry.phone,
                            source: entry.source,
                            headline: entry.headline,
                            added_by: Some(auth.user_id()),
                            cv_status: NO_CV.into(),
                            cv_storage_key: None,
                            cv_filename: None,
                            cv_mime_type: None,
                            cv_size_bytes: None,
                            cv_error: None,
                            cv_data: None,
                            cv_sections: serde_json::json!([]),
                            cv_vector: None,
                            cv_model: None,
                            cv_parsed_at: None,
                            created_at: now,
                            updated_at: now,
                        };
                        store::insert_candidate(conn, &row).await.map_err(taken)?;
                        record(conn, auth, tenant_id, "hiring.candidate_added", row.id).await?;
                        (row, true)
                    }
                };
                Ok((candidate_view(&row)?, created))
            }
            .scope_boxed()
        })
        .await
    }

    /// The company's candidates, newest first (recruiters and admins).
    pub async fn candidates(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        query: CandidateQuery,
    ) -> AppResult<Page<ExternalCandidate>> {
        let page = PageQuery { limit: query.limit, cursor: query.cursor };
        let (limit, after) = (page.limit()?, page.after()?);
        let text = match &query.q {
            Some(q) => Some(checked_text("q", q, 200)?).filter(|q| !q.is_empty()),
            None => None,
        };
        let rows = scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                Ok::<_, AppError>(store::candidates_of_company(conn, tenant_id, text.as_deref(), after, limit).await?)
            }
            .scope_boxed()
        })
        .await?;
        let page = Page::from_rows(rows, limit, |row| (row.created_at, row.id));
        Ok(Page {
            items: page.items.iter().map(candidate_view).collect::<AppResult<_>>()?,
            next_cursor: page.next_cursor,
        })
    }

    /// One of the company's candidates with their applications (recruiters and admins).
    pub async fn candidate(&self, auth: &AuthUser, tenant_id: Uuid, id: Uuid) -> AppResult<ExternalCandidateDetail> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                let row = company_candidate(conn, tenant_id, id, false).await?;
                let applications = store::applications_of_external(conn, id)
                    .await?
                    .into_iter()
                    .map(|a| CandidateApplication {
                        id: a.id,
                        job_id: a.job_id,
                        job_title: a.job_title,
                        stage: a.stage,
                        status: super::views::status_of(&a.status),
                        score: a.score,
                        applied_at: a.applied_at,
                    })
                    .collect();
                Ok(ExternalCandidateDetail { candidate: candidate_view(&row)?, applications })
            }
            .scope_boxed()
        })
        .await
    }

    /// Corrects a company's candidate (recruiters and admins); their applications follow the new
    /// name, email and phone. An email or phone another candidate has is 409.
    pub async fn change_candidate(
        &self,
        auth: &AuthUser,
        tenant_id: Uuid,
        id: Uuid,
        change: CandidateChange,
    ) -> AppResult<ExternalCandidate> {
        let now = Utc::now();
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                let mut row = company_candidate(conn, tenant_id, id, true).await?;
                change.apply(&mut row)?;
                let (by_email, by_phone) =
                    store::candidates_known_by(conn, tenant_id, row.email.as_deref(), row.phone.as_deref()).await?;
                if let Some(other) = [by_email, by_phone].into_iter().flatten().find(|other| *other != id) {
                    return Err(AppError::Conflict(format!("candidate {other} has this email or phone")));
                }
                row.updated_at = now;
                store::save_candidate(conn, &row).await.map_err(taken)?;
                let (search_identity, _) =
                    super::views::search_texts(Some(&row.full_name), row.email.as_deref(), row.phone.as_deref(), &[]);
                let identity = store::CandidateIdentity {
                    candidate_name: Some(&row.full_name),
                    candidate_email: row.email.as_deref(),
                    candidate_phone: row.phone.as_deref(),
                    search_identity: &search_identity,
                };
                store::rename_applications_of_external(conn, id, &identity).await?;
                record(conn, auth, tenant_id, "hiring.candidate_changed", id).await?;
                candidate_view(&row)
            }
            .scope_boxed()
        })
        .await
    }

    /// Erases a company's candidate (recruiters and admins): their row, applications with their
    /// notes, evaluations and history, and their CV file (removed by the job queue after commit).
    pub async fn delete_candidate(&self, auth: &AuthUser, tenant_id: Uuid, id: Uuid) -> AppResult<()> {
        scoped(&self.inner.pool, &auth.scope(), |conn| {
            async move {
                identity::authorize(conn, auth, tenant_id, Permission::CandidatesManage).await?;
                let row = company_candidate(conn, tenant_id, id, true).await?;
                store::delete_candidate(conn, id).await?;
                if let Some(key) = &row.cv_storage_key {
                    cv::service::forget_document(conn, key).await?;
                }
                record(conn, auth, tenant_id, "hiring.candidate_deleted", id).await
            }
            .scope_boxed()
        })
        .await
    }
}
