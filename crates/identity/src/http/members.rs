//! Members over HTTP: a company's member list, and changing or removing a member.

use actix_web::{HttpResponse, delete, get, patch, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult, Problem};
use uuid::Uuid;

use super::Service;
use crate::domain::Member;
use crate::service::UpdateMemberCommand;

/// The members of the tenant you act in.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, body = Page<Member>),
        (status = 403, description = "Your role may not list members", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a company you are an active member of", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/members")]
pub(super) async fn list_members(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<Member>>> {
    Ok(web::Json(service.members(&auth, id.into_inner(), &page).await?))
}

/// Change a member's role (up to your own level) or status.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    request_body = UpdateMemberCommand,
    responses(
        (status = 200, body = Member),
        (status = 402, description = "Reactivating a member needs a free seat in the company's plan", body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would leave no admin; or your access token acts in another company (call POST /api/v1/auth/switch-tenant first) or carries an outdated role", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/api/v1/tenants/{id}/members/{user_id}")]
pub(super) async fn update_member(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<UpdateMemberCommand>,
) -> AppResult<web::Json<Member>> {
    let (tenant_id, user_id) = path.into_inner();
    let member = service.change_member(&auth, tenant_id, user_id, Some(body.into_inner())).await?;
    member.map(web::Json).ok_or_else(|| AppError::Internal("member update returned nothing".into()))
}

/// Remove a member from the company.
#[utoipa::path(tag = "identity", security(("bearer" = [])), params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses(
        (status = 204),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would leave no admin; or your access token acts in another company (call POST /api/v1/auth/switch-tenant first) or carries an outdated role", body = Problem, content_type = "application/problem+json"),
    ))]
#[delete("/api/v1/tenants/{id}/members/{user_id}")]
pub(super) async fn remove_member(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (tenant_id, user_id) = path.into_inner();
    service.change_member(&auth, tenant_id, user_id, None).await?;
    Ok(HttpResponse::NoContent().finish())
}
