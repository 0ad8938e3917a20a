//! The company's side: a job's applications and one application.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, patch, post, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::{Service, attachment};
use crate::service::{
    ApplicationChange, ApplicationDetail, BulkChange, BulkOutcome, ExportQuery, JobApplications, ListQuery, NewNote,
    Note,
};
use cv::service::CvDetail;

/// Your company's applications to a job (members who read candidates): filtered by stage, status
/// or tag, searched with `q`, best screening score (or newest) first, with the job's counts per
/// stage. Under blind review, who a candidate is stays hidden (and unsearchable) until the reveal
/// stage.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path), ListQuery),
    responses((status = 200, body = JobApplications)))]
#[get("/api/v1/jobs/{id}/applications")]
pub(super) async fn job_applications(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<ListQuery>,
) -> AppResult<web::Json<JobApplications>> {
    Ok(web::Json(service.job_applications(&auth, id.into_inner(), query.into_inner()).await?))
}

/// The same applications as CSV (at most 10,000), best screening score first unless `sort` says.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path), ExportQuery),
    responses(
        (status = 200, description = "One line per application", content_type = "text/csv", body = String),
        (status = 409, description = "More than 10,000 applications match", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/jobs/{id}/applications/export")]
pub(super) async fn export_applications(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<ExportQuery>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let csv = service.export_applications(&auth, id, query.into_inner()).await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(format!("applications-{id}.csv"))],
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .body(csv))
}

/// Move or reject many of a job's applications at once (members who manage candidates); each
/// candidate is written to (with `message_template_id`, in that template's words). Applications
/// that cannot make the move are reported and left as they were.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)), request_body = BulkChange,
    responses(
        (status = 200, body = BulkOutcome),
        (status = 409, description = "`message_template_id` is not one of your company's templates", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/jobs/{id}/applications/bulk")]
pub(super) async fn bulk_change(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<BulkChange>,
) -> AppResult<web::Json<BulkOutcome>> {
    Ok(web::Json(service.bulk_change(&auth, id.into_inner(), body.into_inner()).await?))
}

/// An application with its history (members who read candidates).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = ApplicationDetail)))]
#[get("/api/v1/applications/{id}")]
pub(super) async fn get_application(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<ApplicationDetail>> {
    Ok(web::Json(service.application(&auth, id.into_inner()).await?))
}

/// Move (to a stage of the job's pipeline, or `rejected` with a reason), rate, tag or assign an
/// application (members who manage candidates). A move is recorded in its history and the
/// candidate is written to.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)), request_body = ApplicationChange,
    responses(
        (status = 200, body = ApplicationDetail),
        (status = 409, description = "The application is closed (hired or withdrawn)", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/applications/{id}")]
pub(super) async fn change_application(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ApplicationChange>,
) -> AppResult<web::Json<ApplicationDetail>> {
    Ok(web::Json(service.change_application(&auth, id.into_inner(), body.into_inner()).await?))
}

/// The candidate's applications to any of your company's jobs, newest first.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<ApplicationDetail>)))]
#[get("/api/v1/applications/{id}/timeline")]
pub(super) async fn application_timeline(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Vec<ApplicationDetail>>> {
    Ok(web::Json(service.candidate_timeline(&auth, id.into_inner()).await?))
}

/// The company's notes on an application, oldest first (never shown to the candidate).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<Note>)))]
#[get("/api/v1/applications/{id}/notes")]
pub(super) async fn application_notes(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<Note>>> {
    Ok(web::Json(service.notes(&auth, id.into_inner(), &page).await?))
}

/// Add a note (members who manage candidates).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)), request_body = NewNote,
    responses((status = 201, body = Note)))]
#[post("/api/v1/applications/{id}/notes")]
pub(super) async fn add_note(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<NewNote>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service.add_note(&auth, id.into_inner(), body.into_inner()).await?))
}

/// The CV the candidate shared with this application, masked under blind review.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = CvDetail)))]
#[get("/api/v1/applications/{id}/cv")]
pub(super) async fn application_cv(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<CvDetail>> {
    Ok(web::Json(service.application_cv(&auth, id.into_inner()).await?))
}

/// The original file of that CV (not while blind review hides who the candidate is).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The original file", content_type = "application/pdf"),
        (status = 409, description = "Blind review hides who the candidate is", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/applications/{id}/cv/file")]
pub(super) async fn application_cv_file(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    Ok(attachment(service.application_cv_file(&auth, id.into_inner()).await?))
}
