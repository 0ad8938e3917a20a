//! A company's own candidates (people without an account its recruiters add): the directory,
//! their CV files, and adding them to jobs.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::Page;
use kernel::{AppResult, Problem};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Service, attachment};
use crate::service::{
    ApplicationDetail, CandidateApplicationRequest, CandidateChange, CandidateQuery, ExternalCandidate,
    ExternalCandidateDetail, NewCandidate,
};

/// The multipart form of a candidate's CV file, for the OpenAPI document (the handler reads the
/// form as a stream, so nothing constructs this type).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct CandidateCvUpload {
    /// A PDF or a Word document (.docx), decided by its content.
    #[schema(value_type = String, format = Binary, min_length = 1)]
    file: Vec<u8>,
}

/// Add a candidate who has no account (recruiters and admins): at least an email or a phone. One
/// your company already has with that email or phone answers instead (200), with what it lacked
/// filled in.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)), request_body = NewCandidate,
    responses(
        (status = 201, description = "Added", body = ExternalCandidate),
        (status = 200, description = "Your company has them already (by email or phone)", body = ExternalCandidate),
        (status = 409, description = "The email is one candidate's and the phone another's", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/candidates")]
pub(super) async fn add_candidate(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<NewCandidate>,
) -> AppResult<HttpResponse> {
    let (candidate, created) = service.add_candidate(&auth, id.into_inner(), body.into_inner()).await?;
    Ok(if created { HttpResponse::Created().json(candidate) } else { HttpResponse::Ok().json(candidate) })
}

/// Your company's candidates without an account, newest first, searched with `q` (recruiters
/// and admins).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path), CandidateQuery),
    responses((status = 200, body = Page<ExternalCandidate>)))]
#[get("/api/v1/tenants/{id}/candidates")]
pub(super) async fn list_candidates(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<CandidateQuery>,
) -> AppResult<web::Json<Page<ExternalCandidate>>> {
    Ok(web::Json(service.candidates(&auth, id.into_inner(), query.into_inner()).await?))
}

/// One of them, with their applications (recruiters and admins).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])),
    params(("id" = Uuid, Path), ("candidate_id" = Uuid, Path)),
    responses((status = 200, body = ExternalCandidateDetail)))]
#[get("/api/v1/tenants/{id}/candidates/{candidate_id}")]
pub(super) async fn get_candidate(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<web::Json<ExternalCandidateDetail>> {
    let (tenant_id, candidate_id) = path.into_inner();
    Ok(web::Json(service.candidate(&auth, tenant_id, candidate_id).await?))
}

/// Correct one of them (recruiters and admins): fields left out stay, `null` clears one (an email
/// or a phone must remain). Their applications show the new name, email and phone; an email or
/// phone another of your candidates has is 409.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])),
    params(("id" = Uuid, Path), ("candidate_id" = Uuid, Path)), request_body = CandidateChange,
    responses(
        (status = 200, body = ExternalCandidate),
        (status = 409, description = "Another of your candidates has this email or phone", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/tenants/{id}/candidates/{candidate_id}")]
pub(super) async fn change_candidate(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<CandidateChange>,
) -> AppResult<web::Json<ExternalCandidate>> {
    let (tenant_id, candidate_id) = path.into_inner();
    Ok(web::Json(service.change_candidate(&auth, tenant_id, candidate_id, body.into_inner()).await?))
}

/// Erase one of them (recruiters and admins): their applications, notes, evaluations and CV file
/// go with them.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])),
    params(("id" = Uuid, Path), ("candidate_id" = Uuid, Path)),
    responses((status = 204, description = "Erased")))]
#[delete("/api/v1/tenants/{id}/candidates/{candidate_id}")]
pub(super) async fn delete_candidate(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (tenant_id, candidate_id) = path.into_inner();
    service.delete_candidate(&auth, tenant_id, candidate_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Give one of them a CV file (PDF or DOCX, decided by its content), replacing any they had. It
/// is read in the background by the same parser as anyone's: poll the candidate until `cv.status`
/// is `parsed` (or `failed`, with `cv.error`).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])),
    params(("id" = Uuid, Path), ("candidate_id" = Uuid, Path)),
    request_body(content = CandidateCvUpload, content_type = "multipart/form-data"),
    responses((status = 202, description = "Stored; reading it is queued", body = ExternalCandidate)))]
#[post("/api/v1/tenants/{id}/candidates/{candidate_id}/cv")]
pub(super) async fn put_candidate_cv(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    req: HttpRequest,
    form: Multipart,
) -> AppResult<HttpResponse> {
    let (tenant_id, candidate_id) = path.into_inner();
    let upload = cv::http::read_cv_form(&req, form, service.max_cv_bytes()).await?;
    let candidate = service.put_candidate_cv(&auth, tenant_id, candidate_id, upload.filename, upload.bytes).await?;
    Ok(HttpResponse::Accepted().json(candidate))
}

/// Their CV file as it was sent (recruiters and admins).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])),
    params(("id" = Uuid, Path), ("candidate_id" = Uuid, Path)),
    responses((status = 200, description = "The file", content_type = "application/pdf")))]
#[get("/api/v1/tenants/{id}/candidates/{candidate_id}/cv")]
pub(super) async fn candidate_cv_file(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (tenant_id, candidate_id) = path.into_inner();
    Ok(attachment(service.candidate_cv_file(&auth, tenant_id, candidate_id).await?))
}

/// Add one of them to one of your published jobs (recruiters and admins): an application screened
/// against the posting (once their CV is read), in its first stage, its source where the
/// candidate came from. It then moves through the pipeline like anyone's.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])),
    params(("id" = Uuid, Path), ("candidate_id" = Uuid, Path)), request_body = CandidateApplicationRequest,
    responses(
        (status = 201, body = ApplicationDetail),
        (status = 409, description = "The job is not published, their CV is still being read, or they already have an application to it", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/candidates/{candidate_id}/applications")]
pub(super) async fn add_candidate_to_job(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<CandidateApplicationRequest>,
) -> AppResult<HttpResponse> {
    let (tenant_id, candidate_id) = path.into_inner();
    let application = service.add_candidate_to_job(&auth, tenant_id, candidate_id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(application))
}
