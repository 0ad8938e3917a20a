//! Job postings over HTTP: thin handlers that read the request, call the service and shape the
//! reply.

use actix_web::{HttpResponse, get, patch, post, put, web};
use kernel::auth::{AuthUser, MaybeAuthUser};
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppResult, Problem};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};
use uuid::Uuid;

use crate::domain::postings::{EmploymentType, JobStatus, RemotePolicy, SeniorityLevel, is_code, parse_amount};
use crate::service::import::{ImportReport, Importer};
use crate::service::insights::CareerInsights;
use crate::service::posting_input::{CloseRequest, PublishRequest};
use crate::service::recommendations::{JobMatch, MatchFilter, MatchState, MatchStatus};
use crate::service::search::{JobSearch, SearchResult};
use crate::service::tailoring::{FileFormat, TailoredCv};
use crate::service::{Job, JobChanges, MatchingService, NewPosting};
use crate::store::{ScopedSearchKey, SearchFilter, SearchOrder};

type Service = web::Data<MatchingService>;

#[derive(OpenApi)]
#[openapi(
    paths(create_job, get_job, update_job, publish_job, close_job, company_jobs, create_search_key, cv_matches, save_match, dismiss_match, rate_match, search_jobs, import_jobs, cv_insights, job_tailoring),
    components(schemas(Page<Job>)),
    tags(
        (name = "jobs", description = "Job postings: write, publish, close, read"),
        (name = "matching", description = "Jobs for your CV, scored and explained"),
    )
)]
pub struct MatchingApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    // The search route goes before `/api/v1/jobs/{id}`, which would take `search` for an id.
    cfg.service(search_jobs)
        .service(import_jobs)
        .service(create_job)
        .service(get_job)
        .service(update_job)
        .service(publish_job)
        .service(close_job)
        .service(company_jobs)
        .service(create_search_key)
        .service(cv_matches)
        .service(cv_insights)
        .service(job_tailoring)
        .service(save_match)
        .service(dismiss_match)
        .service(rate_match);
}

/// Write a job posting for your company (recruiters and admins). It starts as a draft.
#[utoipa::path(tag = "jobs", security(("bearer" = [])), request_body = NewPosting,
    responses(
        (status = 201, body = Job),
        (status = 403, description = "Not acting in a company, or your role there cannot manage jobs", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/jobs")]
async fn create_job(service: Service, auth: AuthUser, posting: Json<NewPosting>) -> AppResult<HttpResponse> {
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
async fn get_job(
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
async fn update_job(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    changes: Json<JobChanges>,
) -> AppResult<web::Json<Job>> {
    Ok(web::Json(service.update_posting(&auth, id.into_inner(), changes.into_inner()).await?))
}

/// Publish a draft (or an expired posting again) until `expires_at` (60 days when left out).
#[utoipa::path(tag = "jobs", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = PublishRequest,
    responses(
        (status = 200, body = Job),
        (status = 403, description = "Your role cannot manage jobs", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already published, or closed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/jobs/{id}/publish")]
async fn publish_job(
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
async fn close_job(
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
async fn company_jobs(
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
async fn create_search_key(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service.tenant_search_key(&auth, id.into_inner()).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct MatchesQuery {
    /// How many jobs (1 to 50, default 20).
    #[param(minimum = 1, maximum = 50)]
    limit: Option<u32>,
    /// Only jobs in this city.
    #[param(min_length = 1, max_length = 100)]
    city: Option<String>,
    /// Only jobs with this remote policy.
    remote: Option<RemotePolicy>,
}

/// The published jobs that fit your CV best, each with its scores (overall, semantic, skills,
/// experience), the skills you match and those you miss (must-haves first), where your CV shows
/// each requirement, an explanation in your CV's language and suggestions for your CV.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path), MatchesQuery),
    responses(
        (status = 200, body = Vec<JobMatch>),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/cvs/{id}/matches")]
async fn cv_matches(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<MatchesQuery>,
) -> AppResult<web::Json<Vec<JobMatch>>> {
    let query = query.into_inner();
    let limit = query.limit.unwrap_or(20);
    if !(1..=50).contains(&limit) {
        return Err(kernel::AppError::invalid("limit", "out_of_range", "must be 1 to 50"));
    }
    let city = query.city.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    let filter = MatchFilter { limit: limit as usize, city, remote: query.remote };
    Ok(web::Json(service.matches_for_cv(&auth, id.into_inner(), filter).await?))
}

/// Save a recommended job, to find it again.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = MatchState)))]
#[post("/api/v1/matches/{id}/save")]
async fn save_match(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<web::Json<MatchState>> {
    Ok(web::Json(service.set_match_status(&auth, id.into_inner(), MatchStatus::Saved).await?))
}

/// Dismiss a recommended job: it is not recommended again for this CV.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = MatchState)))]
#[post("/api/v1/matches/{id}/dismiss")]
async fn dismiss_match(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<web::Json<MatchState>> {
    Ok(web::Json(service.set_match_status(&auth, id.into_inner(), MatchStatus::Dismissed).await?))
}

/// How good a fit the recommendation is, in your view.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Rating {
    /// 1 (poor fit) to 5 (great fit).
    #[schema(minimum = 1, maximum = 5)]
    rating: i16,
}

/// Rate a recommended job from 1 (poor fit) to 5 (great fit).
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = Rating,
    responses((status = 200, body = MatchState)))]
#[put("/api/v1/matches/{id}/rating")]
async fn rate_match(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    rating: Json<Rating>,
) -> AppResult<web::Json<MatchState>> {
    Ok(web::Json(service.rate_match(&auth, id.into_inner(), rating.into_inner().rating).await?))
}

/// How search results are ordered.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum SortBy {
    /// Best match first (newest first when no words are given).
    Relevance,
    Recent,
    Salary,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct SearchQuery {
    /// Words to look for, in Spanish or English: accents and capitals do not matter, typos are
    /// forgiven ("contavilidad" finds "Contabilidad"); `"quoted phrases"`, `or` and `-word` work.
    #[param(max_length = 200)]
    q: Option<String>,
    #[param(min_length = 1, max_length = 100)]
    city: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[param(pattern = "^[A-Z]{2}$")]
    country: Option<String>,
    remote: Option<RemotePolicy>,
    employment_type: Option<EmploymentType>,
    seniority: Option<SeniorityLevel>,
    /// Postings that may pay at least this much (a decimal such as "3000").
    #[param(pattern = r"^\d{1,10}(\.\d{1,2})?$")]
    salary_min: Option<String>,
    #[param(min_length = 1, max_length = 100)]
    industry: Option<String>,
    /// Only postings published in the last N days (1 to 365).
    #[param(minimum = 1, maximum = 365)]
    posted_within_days: Option<i32>,
    /// relevance (default with words), recent (default without) or salary.
    #[param(inline)]
    sort: Option<SortBy>,
    /// How many postings per page (1 to 100, default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// The `next_cursor` of the previous page; empty means the first page.
    #[param(max_length = 512, pattern = "^[A-Za-z0-9_-]*$")]
    cursor: Option<String>,
}

/// Search the published jobs: words, filters, facets of the whole result (city, remote policy,
/// employment type, seniority, industry, salary buckets) and the total. Open to everyone.
#[utoipa::path(tag = "jobs", params(SearchQuery), responses((status = 200, body = SearchResult)))]
#[get("/api/v1/jobs/search")]
async fn search_jobs(service: Service, query: Query<SearchQuery>) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let invalid = |field: &str, problem: &str| kernel::AppError::invalid(field, "invalid", problem);
    if query.q.as_deref().is_some_and(|q| q.chars().count() > 200) {
        return Err(invalid("q", "at most 200 characters"));
    }
    for (field, value) in [("city", &query.city), ("industry", &query.industry)] {
        if value.as_deref().is_some_and(|v| !(1..=100).contains(&v.chars().count())) {
            return Err(invalid(field, "1 to 100 characters"));
        }
    }
    if query.country.as_deref().is_some_and(|c| !is_code(c, 2)) {
        return Err(invalid("country", "must be an ISO 3166 code such as PE"));
    }
    let text = |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let salary_at_least = match query.salary_min.as_deref() {
        Some(amount) => Some(
            parse_amount(amount)
                .ok_or_else(|| kernel::AppError::invalid("salary_min", "invalid", "must be an amount such as 3000"))?,
        ),
        None => None,
    };
    if query.posted_within_days.is_some_and(|days| !(1..=365).contains(&days)) {
        return Err(kernel::AppError::invalid("posted_within_days", "out_of_range", "must be 1 to 365"));
    }
    let filter = SearchFilter {
        words: None,
        city: text(query.city),
        country: query.country,
        remote_policy: query.remote.map(|r| r.as_str().to_owned()),
        employment_type: query.employment_type.map(|e| e.as_str().to_owned()),
        seniority_level: query.seniority.map(|s| s.as_str().to_owned()),
        industry: text(query.industry),
        salary_at_least,
        posted_within_days: query.posted_within_days,
        ids: None,
    };
    let order = query.sort.map(|sort| match sort {
        SortBy::Relevance => SearchOrder::Relevance,
        SortBy::Recent => SearchOrder::Newest,
        SortBy::Salary => SearchOrder::Salary,
    });
    let search =
        JobSearch { words: query.q, filter, order, page: PageQuery { limit: query.limit, cursor: query.cursor } };
    // Everyone sees the same published board: caches may keep an answer a minute.
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "public, max-age=60"))
        .json(service.search(search).await?))
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
async fn import_jobs(
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

/// The job market around your CV, from the published postings: for the title of your latest job
/// (in your city when it has enough postings, else everywhere), the skills asked for that your
/// CV lacks (how often, must or not, and the pay of the postings asking for them), your skills
/// the market wants most, the seniorities hired and the monthly pay quartiles.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = CareerInsights),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/cvs/{id}/insights")]
async fn cv_insights(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<web::Json<CareerInsights>> {
    Ok(web::Json(service.insights(&auth, id.into_inner()).await?))
}

/// What the tailored CV comes as.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
enum TailoringFormat {
    /// The tailoring itself, to show and edit.
    #[default]
    Json,
    /// The tailored CV as an A4 PDF to download.
    Pdf,
    /// The tailored CV as a Word document to download and edit.
    Docx,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct TailoringQuery {
    /// Your CV to tailor (parsed).
    cv_id: Uuid,
    /// json (default), pdf or docx.
    #[param(inline)]
    format: Option<TailoringFormat>,
}

/// Your CV tailored to this job (published, or your company's), from your CV's own lines only:
/// requirement by requirement (must first) the jobs and lines of your CV that show it, the
/// requirements it does not show, the skills you name otherwise than the posting ("NIIF" for
/// "IFRS"), and the whole CV reordered for this job: a summary built from your title, years and
/// skills, your jobs most relevant first (with why), your skills asked for first in the
/// posting's words. `format=pdf` or `docx` downloads that CV as a file.
#[utoipa::path(tag = "matching", security(("bearer" = [])), params(("id" = Uuid, Path), TailoringQuery),
    responses(
        (status = 200, description = "The tailoring (json), or the tailored CV as a file (pdf, docx)", content(
            (TailoredCv = "application/json"),
            ("application/pdf"),
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        )),
        (status = 409, description = "The CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/jobs/{id}/tailoring")]
async fn job_tailoring(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<TailoringQuery>,
) -> AppResult<HttpResponse> {
    use actix_web::http::header::{CONTENT_DISPOSITION, ContentDisposition, DispositionParam, DispositionType};
    let query = query.into_inner();
    let format = match query.format.unwrap_or_default() {
        TailoringFormat::Json => {
            return Ok(HttpResponse::Ok().json(service.tailored_cv(&auth, id.into_inner(), query.cv_id).await?));
        }
        TailoringFormat::Pdf => FileFormat::Pdf,
        TailoringFormat::Docx => FileFormat::Docx,
    };
    let file = service.tailored_file(&auth, id.into_inner(), query.cv_id, format).await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(file.filename)],
    };
    Ok(HttpResponse::Ok()
        .content_type(file.format.content_type())
        .insert_header((CONTENT_DISPOSITION, disposition))
        .body(file.bytes))
}
