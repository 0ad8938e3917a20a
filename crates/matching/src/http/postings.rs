//! Postings: write, read, publish, close, list a company's, import NDJSON, company search keys.

use actix_web::{HttpResponse, get, patch, post, web};
use kernel::auth::{AuthUser, MaybeAuthUser};
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppResult, Problem};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::domain::postings::JobStatus;
use crate::service::candidates::Candidate;
use crate::service::import::{ImportReport, Importer};
use crate::service::posting_input::{CloseRequest, PublishRequest};
use crate::service::{Job, JobChanges, NewPosting};
use crate::store::ScopedSearchKey;

use super::Service;

/// Write a job posting for your company (recruiters and admins). It starts as a draft.
#[utoipa::path(tag = "jobs", security(("bearer" = [])), request_body = NewPosting,
    responses(
        (status = 201, body = Job),
        (status = 403, description = "Not acting in a company, or your role there cannot manage jobs", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/jobs")]
pub(super) async fn create_job(service: Service, auth: AuthUser, posting: Json<NewPosting>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service.create_posting(&auth, posting.into_inner()).await?))
}

/// A job posting: anyone may read a published one; its company reads it in every state.
/// Answers carry an `ETag`; `If-None-Match` with it answers 304 while the posting is unchanged.
#[utoipa::path(tag = "jobs", security((), ("bearer" = [])),
    params(("id" = Uuid, Path), ("If-None-Match" = Option<String>, Header, description = "An ETag of this posting", max_length = 200)),
    responses(
        (status = 200, body = Job),
        (status = 304, description = "Unchanged since the ETag given"),
        (status = 422, description = "A malformed If-None-Match", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/jobs/{id}")]
pub(super) async fn get_job(
    service: Service,
    auth: MaybeAuthUser,
    req: actix_web::HttpRequest,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let asked = match req.headers().get(actix_web::http::header::IF_NONE_MATCH) {
        Some(value) => Some(
            value
                .to_str()
                .ok()
                .filter(|tags| tags.len() <= 200 && !kernel::input::has_control_character(tags))
                .ok_or_else(|| kernel::AppError::invalid("If-None-Match", "invalid", "at most 200 visible characters"))?
                .to_owned(),
        ),
        None => None,
    };
    let job = service.posting(auth.0.as_ref(), id.into_inner()).await?;
    let etag = format!("\"{}-{}\"", job.id.simple(), job.updated_at.timestamp_micros());
    // Public copies only of what everyone may see; a company's view of its own posting stays private.
    let cache_control =
        if auth.0.is_none() && job.status == JobStatus::Active { "public, max-age=60" } else { "private, no-cache" };
    let matches = asked.is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag || tag.trim() == "*"));
    let mut response = if matches { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response
        .insert_header((actix_web::http::header::ETAG, etag))
        .insert_header((actix_web::http::header::CACHE_CONTROL, cache_control));
    Ok(if matches { response.finish() } else { response.json(job) })
}

/// Change a posting (not once closed). Fields left out keep their value; `null` clears one.
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = JobChanges,
    responses(
        (status = 200, body = Job),
        (status = 403, description = "Your role cannot manage jobs", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The posting is closed", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/jobs/{id}")]
pub(super) async fn update_job(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    changes: Json<JobChanges>,
) -> AppResult<web::Json<Job>> {
    Ok(web::Json(service.update_posting(&auth, id.into_inner(), changes.into_inner()).await?))
}

/// Publish a draft (or an expired posting again) until `expires_at` (60 days when left out), when
/// the company's plan has room for one more active posting.
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = PublishRequest,
    responses(
        (status = 200, body = Job),
        (status = 402, description = "The company's plan allows no more active postings (or it has no plan): `quota` says which", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Your role cannot manage jobs", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already published, or closed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/jobs/{id}/publish")]
pub(super) async fn publish_job(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    request: Json<PublishRequest>,
) -> AppResult<web::Json<Job>> {
    Ok(web::Json(service.publish_posting(&auth, id.into_inner(), request.into_inner()).await?))
}

/// Close a posting: `filled` or `removed`. A closed posting stays closed.
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = CloseRequest,
    responses(
        (status = 200, body = Job),
        (status = 403, description = "Your role cannot manage jobs", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already closed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/jobs/{id}/close")]
pub(super) async fn close_job(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    request: Json<CloseRequest>,
) -> AppResult<web::Json<Job>> {
    Ok(web::Json(service.close_posting(&auth, id.into_inner(), request.into_inner().reason).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CompanyJobsQuery {
    /// Only postings in this status (all when left out).
    status: Option<JobStatus>,
    /// How many items to return (1 to 100, default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// The `next_cursor` of the previous page; empty means the first page.
    #[param(max_length = 512, pattern = "^[A-Za-z0-9_-]*$")]
    cursor: Option<String>,
}

/// Your company's postings, newest first.
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(("id" = Uuid, Path), CompanyJobsQuery),
    responses((status = 200, body = Page<Job>)))]
#[get("/api/v1/tenants/{id}/jobs")]
pub(super) async fn company_jobs(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<CompanyJobsQuery>,
) -> AppResult<web::Json<Page<Job>>> {
    let query = query.into_inner();
    let statuses: Vec<JobStatus> = query.status.into_iter().collect();
    let page = PageQuery { limit: query.limit, cursor: query.cursor };
    Ok(web::Json(service.company_postings(&auth, id.into_inner(), &statuses, &page).await?))
}

/// A key for your company's own pages (a careers site) to search its published postings directly
/// in the search index, for 24 hours (admins and recruiters). The index enforces the company
/// filter the key carries; a new key may be fetched at any time.
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 201, body = ScopedSearchKey),
        (status = 403, description = "Your role in this company cannot manage jobs", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "This deployment searches postings in Postgres, which hands out no keys", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/search-keys")]
pub(super) async fn create_search_key(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service.tenant_search_key(&auth, id.into_inner()).await?))
}

/// The largest import accepted in one request (use the CLI for more).
const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ImportQuery {
    /// Where the postings come from (the feed's name: 1 to 64 of a-z, 0-9, `_`, `.`, `-`); with
    /// each line's `external_id` it names a posting across imports. `import` when left out.
    #[param(pattern = "^[a-z0-9][a-z0-9_.-]{0,63}$")]
    source: Option<String>,
}

/// Import postings for your company: NDJSON, one posting per line as `POST /api/v1/jobs` takes
/// it plus `external_id` (required) and `publish` (default true). Upserts by (source,
/// external_id); a line repeating an active posting (same title and city, nearly the same
/// description) is folded into it; each line is imported whole or not at all, and the failed
/// ones come back with their number and errors (a body with no importable line is a 422).
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(ImportQuery),
    request_body(content = String, content_type = "application/x-ndjson"),
    responses(
        (status = 200, body = ImportReport),
        (status = 403, description = "Not acting in a company, or your role there cannot manage jobs", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/jobs/import")]
pub(super) async fn import_jobs(
    service: Service,
    auth: AuthUser,
    req: actix_web::HttpRequest,
    query: Query<ImportQuery>,
    mut body: web::Payload,
) -> AppResult<web::Json<ImportReport>> {
    use futures_util::StreamExt;
    let content_type = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
    if content_type.is_none_or(|t| t.split(';').next().is_none_or(|t| t.trim() != "application/x-ndjson")) {
        return Err(kernel::AppError::UnsupportedMediaType("send the postings as application/x-ndjson".into()));
    }
    let mut bytes = bytes::BytesMut::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| kernel::AppError::BadRequest(format!("the body did not arrive whole: {e}")))?;
        if bytes.len() + chunk.len() > MAX_IMPORT_BYTES {
            return Err(kernel::AppError::PayloadTooLarge(MAX_IMPORT_BYTES as u64));
        }
        bytes.extend_from_slice(&chunk);
    }
    let text = String::from_utf8(bytes.to_vec())
        .map_err(|_| kernel::AppError::invalid("body", "encoding", "the body must be UTF-8 text"))?;
    if kernel::input::has_control_character(&text) {
        return Err(kernel::AppError::invalid("body", "control_character", "the body holds a control character"));
    }
    let source = query.into_inner().source.unwrap_or_else(|| "import".into());
    let lines = text.lines().map(str::to_owned).collect::<Vec<_>>();
    let report = service.import_postings(&Importer::Member(auth), &source, lines, &|_| {}).await?;
    // A body none of whose lines is a posting is refused as a whole, saying why line by line.
    if report.created + report.updated + report.folded == 0 {
        let mut errors: Vec<kernel::error::FieldError> = report
            .errors
            .into_iter()
            .flat_map(|failed| {
                failed.errors.into_iter().map(move |mut e| {
                    e.field = format!("line {}: {}", failed.line, e.field);
                    e
                })
            })
            .collect();
        if errors.is_empty() {
            errors.push(kernel::error::FieldError::new("body", "empty", "send at least one posting, one per line"));
        }
        return Err(kernel::AppError::Validation(errors));
    }
    Ok(web::Json(report))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct CandidatesQuery {
    /// How many candidates (1 to 50, default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u32>,
}

/// The CVs that fit your company's posting best (admins and recruiters): CVs whose owners let
/// companies find them (never others), each with the scores, the skills shown and missing, and
/// the fit in the posting's language. A person who withdraws their consent disappears at once.
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(("id" = Uuid, Path), CandidatesQuery),
    responses(
        (status = 200, body = Vec<Candidate>),
        (status = 403, description = "Not acting in a company, or your role there cannot manage jobs", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/jobs/{id}/candidates")]
pub(super) async fn job_candidates(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<CandidatesQuery>,
) -> AppResult<web::Json<Vec<Candidate>>> {
    let limit = match query.limit {
        None => 20,
        Some(n @ 1..=50) => n as usize,
        Some(_) => return Err(kernel::AppError::invalid("limit", "out_of_range", "must be 1 to 50")),
    };
    Ok(web::Json(service.candidates_for_job(&auth, id.into_inner(), limit).await?))
}
