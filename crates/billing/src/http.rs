//! The billing context over HTTP: thin handlers.

use actix_web::http::header;
use actix_web::{HttpResponse, get, post, web};
use kernel::auth::AuthUser;
use kernel::input::Json;
use kernel::{AppResult, Problem};
use utoipa::OpenApi;

use crate::domain::Plan;
use crate::service::{BillingService, Cancellation, NewSubscription, Subscription, Usage};

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

/// Starts a person's plan as its trial (pro and premium: 7 days): the plan applies at once.
/// Paid subscriptions, after the trial, need payments, which are not available yet.
#[utoipa::path(tag = "billing", security(("bearer" = [])), request_body = NewSubscription,
    responses(
        (status = 201, body = Subscription),
        (status = 403, description = "A company plan", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The free plan (no subscription needed), a subscription you have, or a trial you used", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/billing/subscriptions")]
pub(crate) async fn subscribe(
    service: Service,
    auth: AuthUser,
    body: Json<NewSubscription>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service.subscribe(&auth, body.into_inner()).await?))
}

/// Your live subscription (trialing, active or past due).
#[utoipa::path(tag = "billing", security(("bearer" = [])),
    responses(
        (status = 200, body = Subscription),
        (status = 404, description = "No subscription: you are on the free plan", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/billing/subscription")]
pub(crate) async fn my_subscription(service: Service, auth: AuthUser) -> AppResult<web::Json<Subscription>> {
    Ok(web::Json(service.subscription(&auth).await?))
}

/// Cancels your subscription at the current period's end (the plan stays until then; resume to
/// keep it) or at once (back to the free plan now).
#[utoipa::path(tag = "billing", security(("bearer" = [])), request_body = Cancellation,
    responses(
        (status = 200, body = Subscription),
        (status = 404, description = "No subscription", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a move this subscription can take (e.g. cancelled already)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/billing/subscription/cancel")]
pub(crate) async fn cancel_subscription(
    service: Service,
    auth: AuthUser,
    body: Json<Cancellation>,
) -> AppResult<web::Json<Subscription>> {
    Ok(web::Json(service.cancel(&auth, body.into_inner()).await?))
}

/// Takes back a cancellation set for the period's end.
#[utoipa::path(tag = "billing", security(("bearer" = [])),
    responses(
        (status = 200, body = Subscription),
        (status = 404, description = "No subscription", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing to resume", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/billing/subscription/resume")]
pub(crate) async fn resume_subscription(service: Service, auth: AuthUser) -> AppResult<web::Json<Subscription>> {
    Ok(web::Json(service.resume(&auth).await?))
}

#[derive(OpenApi)]
#[openapi(
    paths(list_plans, my_usage, subscribe, my_subscription, cancel_subscription, resume_subscription),
    tags((name = "billing", description = "Plans, quotas, usage and subscriptions")),
)]
pub struct BillingApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_plans)
        .service(my_usage)
        .service(subscribe)
        .service(my_subscription)
        .service(cancel_subscription)
        .service(resume_subscription);
}
