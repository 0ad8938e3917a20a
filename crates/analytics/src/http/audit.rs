use actix_web::{get, web};
use kernel::auth::AuthUser;
use kernel::input::Query;
use kernel::pagination::{Page, PageQuery};
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::Service;
use crate::service::{AuditEntryView, AuditQuery};

/// The audit log, newest first: every security-relevant action on the platform (platform
/// operators only).
#[utoipa::path(tag = "analytics", security(("bearer" = [])), params(AuditQuery, PageQuery),
    responses(
        (status = 200, body = Page<AuditEntryView>),
        (status = 403, description = "Not a platform operator", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/admin/audit")]
pub(super) async fn platform_audit(
    service: Service,
    auth: AuthUser,
    query: Query<AuditQuery>,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<AuditEntryView>>> {
    Ok(web::Json(service.platform_audit(&auth, query.into_inner(), page.into_inner()).await?))
}

/// The company's part of the audit log, newest first (its admins only).
#[utoipa::path(tag = "analytics", security(("bearer" = [])), params(("id" = Uuid, Path), AuditQuery, PageQuery),
    responses(
        (status = 200, body = Page<AuditEntryView>),
        (status = 403, description = "A role that does not manage the company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A company the caller is not in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The token acts in another company", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/audit")]
pub(super) async fn company_audit(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<AuditQuery>,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<AuditEntryView>>> {
    Ok(web::Json(service.company_audit(&auth, id.into_inner(), query.into_inner(), page.into_inner()).await?))
}
