use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, post, web};
use kernel::auth::AuthUser;
use kernel::input::Query;
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::Service;
use crate::service::{DataExport, ExportLink};

/// Asks for a full copy of your data as a ZIP (every context's data in `data.json`, your CV files
/// and recorded answers): built in the background, mailed when ready, kept a week.
#[utoipa::path(tag = "identity", security(("bearer" = [])),
    responses(
        (status = 202, body = DataExport),
        (status = 409, description = "A copy is being prepared already", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Three copies a day at most", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/me/data-exports")]
pub(super) async fn request_export(service: Service, auth: AuthUser) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Accepted().json(service.request_export(&auth).await?))
}

/// Your copies, newest first, with a fresh download link for each one ready.
#[utoipa::path(tag = "identity", security(("bearer" = [])), responses((status = 200, body = Vec<DataExport>)))]
#[get("/api/v1/me/data-exports")]
pub(super) async fn my_exports(service: Service, auth: AuthUser) -> AppResult<web::Json<Vec<DataExport>>> {
    Ok(web::Json(service.my_exports(&auth).await?))
}

/// One copy, with a fresh download link while it is ready.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = DataExport)))]
#[get("/api/v1/me/data-exports/{id}")]
pub(super) async fn my_export(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<DataExport>> {
    Ok(web::Json(service.my_export(&auth, id.into_inner()).await?))
}

/// Downloads a copy through the signed link its export gives (no sign-in: the link is the key,
/// for an hour).
#[utoipa::path(tag = "identity", params(("id" = Uuid, Path), ExportLink),
    responses(
        (status = 200, description = "The ZIP", content_type = "application/zip"),
        (status = 403, description = "A link this API did not sign", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link or the copy has expired", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/data-exports/{id}/download")]
pub(super) async fn download_export(
    service: Service,
    id: web::Path<Uuid>,
    link: Query<ExportLink>,
) -> AppResult<HttpResponse> {
    let (name, object) = service.download_export(id.into_inner(), &link).await?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(name)],
    };
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .streaming(object.body))
}
