//! Companies over HTTP: creating one, the companies you belong to, and reading or changing one.

use actix_web::{HttpResponse, get, patch, post, web};
use kernel::auth::AuthUser;
use kernel::input::Json;
use kernel::{AppResult, Problem};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::Service;
use crate::domain::{MyTenant, Tenant, TenantUpdate};
use crate::service::CreateTenantCommand;

/// Changes to a company; absent or null fields stay as they are. The slug never changes (sending
/// it, or any other field, is a 422).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTenantRequest {
    /// At most 120 characters, at least 2 besides the spaces around it (which are trimmed).
    #[schema(min_length = 2, max_length = 120, pattern = r"^[ \t\n\r]*[^ \t\n\r][\s\S]*[^ \t\n\r][ \t\n\r]*$")]
    pub name: Option<String>,
    /// At most 120 characters; blank clears it.
    #[schema(max_length = 120)]
    pub industry: Option<String>,
    /// The head count, at least 1; it sets `size`.
    #[schema(minimum = 1)]
    pub employee_count: Option<i32>,
}

impl From<UpdateTenantRequest> for TenantUpdate {
    fn from(request: UpdateTenantRequest) -> Self {
        TenantUpdate { name: request.name, industry: request.industry, employee_count: request.employee_count }
    }
}

/// Create a company; you become its admin. An account may create a few companies only (5).
#[utoipa::path(tag = "identity", security(("bearer" = [])), request_body = CreateTenantCommand,
    responses(
        (status = 201, body = MyTenant),
        (status = 409, description = "Slug taken, or you have created as many companies as an account may", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants")]
pub(super) async fn create_tenant(
    service: Service,
    auth: AuthUser,
    body: Json<CreateTenantCommand>,
) -> AppResult<HttpResponse> {
    let tenant = service.create_tenant(&auth, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(tenant))
}

/// The companies you belong to, with your role in each.
#[utoipa::path(tag = "identity", security(("bearer" = [])), responses((status = 200, body = Vec<MyTenant>)))]
#[get("/api/v1/tenants")]
pub(super) async fn list_tenants(service: Service, auth: AuthUser) -> AppResult<web::Json<Vec<MyTenant>>> {
    Ok(web::Json(service.my_tenants(&auth).await?))
}

/// A company you are an active member of and act in.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Tenant),
    ))]
#[get("/api/v1/tenants/{id}")]
pub(super) async fn get_tenant(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<web::Json<Tenant>> {
    Ok(web::Json(service.tenant(&auth, id.into_inner()).await?))
}

/// Change the company's name, industry or head count (admins). The slug never changes.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateTenantRequest,
    responses(
        (status = 200, body = Tenant),
        (status = 403, description = "Your role may not change the company", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/tenants/{id}")]
pub(super) async fn update_tenant(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateTenantRequest>,
) -> AppResult<web::Json<Tenant>> {
    Ok(web::Json(service.update_tenant(&auth, id.into_inner(), body.into_inner().into()).await?))
}
