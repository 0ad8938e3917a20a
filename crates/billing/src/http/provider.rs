//! What is not a payer's own: the public price list, the payment provider's webhooks, and
//! refunds by the platform's operators.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use kernel::auth::AuthUser;
use kernel::{AppError, AppResult, Problem};
use platform::payments::WebhookRequest;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::Service;
use crate::domain::Plan;
use crate::service::{Payment, WebhookOutcome};

/// The largest webhook body read: providers' events are a few kilobytes.
const MAX_WEBHOOK_BYTES: usize = 64 * 1024;

/// Every plan with its prices in soles (monthly and yearly), limits and features: people's (free,
/// pro, premium) then companies' (team, business). Public and cacheable.
#[utoipa::path(tag = "billing", responses((status = 200, body = Vec<Plan>)))]
#[get("/api/v1/billing/plans")]
pub(crate) async fn list_plans(service: Service) -> AppResult<HttpResponse> {
    let plans = service.plans().await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "public, max-age=300")).json(plans))
}

/// What became of a webhook delivery.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WebhookReceipt {
    pub outcome: WebhookOutcome,
}

/// The payment provider's notices about charges (`stripe`: `Stripe-Signature`; `mercadopago`:
/// `x-signature` and `x-request-id`; `sandbox`: `sandbox-signature`). Each is checked against
/// the provider's signing secret and time tolerance, then the charge's state is read from the
/// provider itself; an event delivered twice is acknowledged and ignored.
#[utoipa::path(tag = "billing",
    params(("provider" = String, Path, description = "The provider this deployment uses", pattern = "^[a-z]{1,20}$")),
    request_body(content = String, content_type = "application/json", description = "The provider's event, as it signed it"),
    responses(
        (status = 200, body = WebhookReceipt),
        (status = 400, description = "Signed, but not an event this provider sends", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No signature, a wrong one, or one too old (a replay)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A provider this deployment does not use", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than any provider event", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The provider cannot be asked about the charge now: it delivers again later", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/billing/webhooks/{provider}")]
pub(crate) async fn payment_webhook(
    service: Service,
    provider: web::Path<String>,
    request: HttpRequest,
    body: web::Bytes,
) -> AppResult<web::Json<WebhookReceipt>> {
    if body.len() > MAX_WEBHOOK_BYTES {
        return Err(AppError::PayloadTooLarge(MAX_WEBHOOK_BYTES as u64));
    }
    let headers = request
        .headers()
        .iter()
        .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
        .collect();
    let delivery = WebhookRequest { headers, query: request.query_string().to_owned(), body: body.to_vec() };
    Ok(web::Json(WebhookReceipt { outcome: service.receive_webhook(&provider, delivery).await? }))
}

/// Gives a paid payment back in full (platform operators): the provider refunds it, a credit note
/// takes back its receipt, and the period it paid for ends now.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Payment),
        (status = 403, description = "Not a platform operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such payment", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a paid payment", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/admin/billing/payments/{id}/refund")]
pub(crate) async fn refund_payment(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Payment>> {
    Ok(web::Json(service.refund(&auth, id.into_inner()).await?))
}
