use actix_web::{get, web};
use kernel::auth::AuthUser;
use kernel::input::Query;
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::Service;
use crate::service::{DashboardQuery, PipelineReport, SourcesReport, TimeToHireReport};

/// The company's pipeline: applications by outcome, and the funnel of stages reached (members
/// who read candidates).
#[utoipa::path(tag = "analytics", security(("bearer" = [])), params(("id" = Uuid, Path), DashboardQuery),
    responses(
        (status = 200, body = PipelineReport),
        (status = 403, description = "A role that does not read candidates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A company the caller is not in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The token acts in another company", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/analytics/pipeline")]
pub(super) async fn pipeline(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<DashboardQuery>,
) -> AppResult<web::Json<PipelineReport>> {
    Ok(web::Json(service.pipeline_report(&auth, id.into_inner(), query.into_inner()).await?))
}

/// Time to hire, time to fill, and time in each stage.
#[utoipa::path(tag = "analytics", security(("bearer" = [])), params(("id" = Uuid, Path), DashboardQuery),
    responses(
        (status = 200, body = TimeToHireReport),
        (status = 403, description = "A role that does not read candidates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A company the caller is not in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The token acts in another company", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/analytics/time-to-hire")]
pub(super) async fn time_to_hire(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<DashboardQuery>,
) -> AppResult<web::Json<TimeToHireReport>> {
    Ok(web::Json(service.time_to_hire_report(&auth, id.into_inner(), query.into_inner()).await?))
}

/// Where applications and hires come from.
#[utoipa::path(tag = "analytics", security(("bearer" = [])), params(("id" = Uuid, Path), DashboardQuery),
    responses(
        (status = 200, body = SourcesReport),
        (status = 403, description = "A role that does not read candidates", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A company the caller is not in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The token acts in another company", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/analytics/sources")]
pub(super) async fn sources(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: Query<DashboardQuery>,
) -> AppResult<web::Json<SourcesReport>> {
    Ok(web::Json(service.sources_report(&auth, id.into_inner(), query.into_inner()).await?))
}
