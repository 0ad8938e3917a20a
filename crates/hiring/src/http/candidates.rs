//! The candidate's side.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query, idempotency_key};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::Service;
use crate::service::{ApplicationRequest, MyApplication};

/// Apply to a company's job with one of your parsed CVs. The CV is screened against the posting at
/// once and shared with that company (only) while the application stands. One application per job
/// until you withdraw it; a repeated `Idempotency-Key` answers the application it made.
#[utoipa::path(tag = "applications", security(("bearer" = [])), params(("id" = Uuid, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried submit apply once",
            min_length = 1, max_length = 255, pattern = "^[!-~]+$")),
    request_body = ApplicationRequest,
    responses(
        (status = 201, body = MyApplication),
        (status = 200, description = "This Idempotency-Key made this application before", body = MyApplication),
        (status = 409, description = "Already applied, the posting is closed or a partner's, or the CV is not parsed yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/jobs/{id}/applications")]
pub(super) async fn apply(
    service: Service,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Json<ApplicationRequest>,
) -> AppResult<HttpResponse> {
    let key = idempotency_key(&req)?;
    let (application, created) = service.apply(&auth, id.into_inner(), body.into_inner(), key).await?;
    Ok(if created { HttpResponse::Created().json(application) } else { HttpResponse::Ok().json(application) })
}

/// Your applications, newest first, with where each is and how it got there.
#[utoipa::path(tag = "applications", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<MyApplication>)))]
#[get("/api/v1/me/applications")]
pub(super) async fn my_applications(
    service: Service,
    auth: AuthUser,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<MyApplication>>> {
    Ok(web::Json(service.my_applications(&auth, &page).await?))
}

/// One of your applications.
#[utoipa::path(tag = "applications", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = MyApplication)))]
#[get("/api/v1/me/applications/{id}")]
pub(super) async fn my_application(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<MyApplication>> {
    Ok(web::Json(service.my_application(&auth, id.into_inner()).await?))
}

/// Withdraw your application: the company stops seeing your CV at once, and you may apply to the
/// job again.
#[utoipa::path(tag = "applications", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = MyApplication),
        (status = 409, description = "The application is already closed", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/me/applications/{id}/withdraw")]
pub(super) async fn withdraw_application(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<MyApplication>> {
    Ok(web::Json(service.withdraw(&auth, id.into_inner()).await?))
}
