//! The company's hiring setup: job pipelines, blind review, message templates.

use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use kernel::auth::AuthUser;
use kernel::input::Json;
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::Service;
use crate::service::{HiringSettings, Pipeline, PipelineInput, SettingsChange, Template, TemplateInput};

/// A job's pipeline: its stages in order (the defaults until the company changes them).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Pipeline)))]
#[get("/api/v1/jobs/{id}/pipeline")]
pub(super) async fn get_pipeline(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Pipeline>> {
    Ok(web::Json(service.pipeline(&auth, id.into_inner()).await?))
}

/// Rename, add (without a key), remove and reorder a job's stages (admins and recruiters); the
/// first stays `applied` and the last `hired`.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)), request_body = PipelineInput,
    responses(
        (status = 200, body = Pipeline),
        (status = 409, description = "Active applications are at a stage being removed", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/jobs/{id}/pipeline")]
pub(super) async fn put_pipeline(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<PipelineInput>,
) -> AppResult<web::Json<Pipeline>> {
    Ok(web::Json(service.change_pipeline(&auth, id.into_inner(), body.into_inner()).await?))
}

/// Your company's hiring rules (blind review).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = HiringSettings)))]
#[get("/api/v1/tenants/{id}/hiring-settings")]
pub(super) async fn get_settings(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<HiringSettings>> {
    Ok(web::Json(service.settings(&auth, id.into_inner()).await?))
}

/// Change your company's hiring rules (admins).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)), request_body = SettingsChange,
    responses((status = 200, body = HiringSettings)))]
#[patch("/api/v1/tenants/{id}/hiring-settings")]
pub(super) async fn patch_settings(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<SettingsChange>,
) -> AppResult<web::Json<HiringSettings>> {
    Ok(web::Json(service.change_settings(&auth, id.into_inner(), body.into_inner()).await?))
}

/// Your company's message templates.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Template>)))]
#[get("/api/v1/tenants/{id}/message-templates")]
pub(super) async fn list_templates(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Vec<Template>>> {
    Ok(web::Json(service.templates(&auth, id.into_inner()).await?))
}

/// Add a message template (members who manage candidates).
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path)), request_body = TemplateInput,
    responses(
        (status = 201, body = Template),
        (status = 409, description = "A template with this name (or for this stage) and locale exists", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/message-templates")]
pub(super) async fn create_template(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<TemplateInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service.save_template(&auth, id.into_inner(), None, body.into_inner()).await?))
}

/// Replace a message template.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path), ("template_id" = Uuid, Path)),
    request_body = TemplateInput,
    responses(
        (status = 200, body = Template),
        (status = 409, description = "Another template has this name (or stage) and locale", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/tenants/{id}/message-templates/{template_id}")]
pub(super) async fn put_template(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<TemplateInput>,
) -> AppResult<web::Json<Template>> {
    let (tenant_id, id) = path.into_inner();
    Ok(web::Json(service.save_template(&auth, tenant_id, Some(id), body.into_inner()).await?))
}

/// Delete a message template.
#[utoipa::path(tag = "hiring", security(("bearer" = ["company"])), params(("id" = Uuid, Path), ("template_id" = Uuid, Path)),
    responses((status = 204, description = "Deleted")))]
#[delete("/api/v1/tenants/{id}/message-templates/{template_id}")]
pub(super) async fn delete_template(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (tenant_id, id) = path.into_inner();
    service.delete_template(&auth, tenant_id, id).await?;
    Ok(HttpResponse::NoContent().finish())
}
