//! The billing context over HTTP: thin handlers.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use kernel::AppResult;
use kernel::auth::AuthUser;
use utoipa::OpenApi;

use crate::domain::Plan;
use crate::service::{BillingService, Usage};

type Service = web::Data<BillingService>;

/// Every plan with its prices in soles (monthly and yearly), limits and features: people's (free,
/// pro, premium) then companies' (team, business). Public and cacheable.
#[utoipa::path(tag = "billing", responses((status = 200, body = Vec<Plan>)))]
#[get("/api/v1/billing/plans")]
pub(crate) async fn list_plans(service: Service) -> AppResult<HttpResponse> {
    let plans = service.plans().await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "public, max-age=300")).json(plans))
}

/// Your plan (the free one until you subscribe), this month's usage of each quota, and when the
/// month ends (Lima time).
#[utoipa::path(tag = "billing", security(("bearer" = [])), responses((status = 200, body = Usage)))]
#[get("/api/v1/billing/usage")]
pub(crate) async fn my_usage(service: Service, auth: AuthUser) -> AppResult<web::Json<Usage>> {
    Ok(web::Json(service.usage(&auth).await?))
}

#[derive(OpenApi)]
#[openapi(
    paths(list_plans, my_usage),
    tags((name = "billing", description = "Plans, quotas and usage")),
)]
pub struct BillingApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_plans).service(my_usage);
}
