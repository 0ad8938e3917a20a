//! The billing context over HTTP: thin handlers.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppError, AppResult, Problem};
use platform::payments::WebhookRequest;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use crate::domain::Plan;
use crate::service::{
    BillingProfile, BillingService, Cancellation, Checkout, NewSubscription, Payment, PlanChange, PlanChangeRequest,
    Receipt, Subscription, Usage, WebhookOutcome,
};

/// The largest webhook body read: providers' events are a few kilobytes.
const MAX_WEBHOOK_BYTES: usize = 64 * 1024;

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

/// Starts a person's plan as its trial (pro and premium: 7 days): the plan applies at once. To pay
/// for a plan (during the trial or after it), use the checkout.
#[utoipa::path(tag = "billing", security(("bearer" = [])), request_body = NewSubscription,
    responses(
        (status = 201, body = Subscription),
        (status = 403, description = "A company plan", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The free plan (no subscription needed), a subscription you have, or a trial you used (pay through the checkout)", body = Problem, content_type = "application/problem+json"),
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

/// Pays a person's plan (its first period; a trial turns paid): the payment is `pending` until the
/// provider confirms it through its webhook, then `succeeded` (the plan applies and a receipt is
/// issued) or `failed` with the provider's reason. The payment method comes from the provider's
/// own widget (with the development sandbox: `pm_card_visa`, `pm_card_chargeDeclined`,
/// `yape_approved`, …). A repeated `Idempotency-Key` answers the payment it made.
#[utoipa::path(tag = "billing", security(("bearer" = [])), request_body = Checkout,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request pay once",
        min_length = 1, max_length = 255, pattern = "^[!-~]+$")),
    responses(
        (status = 201, body = Payment),
        (status = 200, description = "This Idempotency-Key made this payment before", body = Payment),
        (status = 403, description = "A company plan", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The free plan, or a paid subscription you have (change its plan instead)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A payment method the provider does not take", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/billing/checkout")]
pub(crate) async fn checkout(
    service: Service,
    auth: AuthUser,
    request: HttpRequest,
    body: Json<Checkout>,
) -> AppResult<HttpResponse> {
    let key = kernel::input::idempotency_key(&request)?;
    let (payment, created) = service.checkout(&auth, body.into_inner(), key).await?;
    Ok(if created { HttpResponse::Created().json(payment) } else { HttpResponse::Ok().json(payment) })
}

/// Moves your subscription to another plan: an upgrade is charged now for what is left of the
/// period (prorated, with the method you paid with) and applies once paid; a downgrade applies
/// when the period ends; during a trial the plan simply changes. Asking for your current plan
/// takes back a downgrade set for the period's end.
#[utoipa::path(tag = "billing", security(("bearer" = [])), request_body = PlanChangeRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried upgrade pay once",
        min_length = 1, max_length = 255, pattern = "^[!-~]+$")),
    responses(
        (status = 200, body = PlanChange),
        (status = 403, description = "A plan for companies", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No subscription, or no such plan", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already on the plan, a payment to settle first, the free plan (cancel instead), or no saved payment method", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/billing/subscription/change")]
pub(crate) async fn change_plan(
    service: Service,
    auth: AuthUser,
    request: HttpRequest,
    body: Json<PlanChangeRequest>,
) -> AppResult<web::Json<PlanChange>> {
    let key = kernel::input::idempotency_key(&request)?;
    Ok(web::Json(service.change_plan(&auth, body.into_inner(), key).await?))
}

/// Your payments, newest first (at most 100).
#[utoipa::path(tag = "billing", security(("bearer" = [])), responses((status = 200, body = Vec<Payment>)))]
#[get("/api/v1/billing/payments")]
pub(crate) async fn my_payments(service: Service, auth: AuthUser) -> AppResult<web::Json<Vec<Payment>>> {
    Ok(web::Json(service.payments(&auth).await?))
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

/// Your receipts (boletas, or facturas once your billing profile has a RUC) and credit notes,
/// newest first.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(PageQuery),
    responses((status = 200, body = Page<Receipt>)))]
#[get("/api/v1/billing/invoices")]
pub(crate) async fn my_invoices(
    service: Service,
    auth: AuthUser,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<Receipt>>> {
    Ok(web::Json(service.receipts(&auth, &page).await?))
}

fn attachment(name: String) -> ContentDisposition {
    ContentDisposition { disposition: DispositionType::Attachment, parameters: vec![DispositionParam::Filename(name)] }
}

/// A receipt's electronic document: SUNAT's UBL 2.1 XML (an `Invoice`, or a `CreditNote`).
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The UBL 2.1 document", content_type = "application/xml", body = String),
        (status = 404, description = "No such receipt of yours", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/billing/invoices/{id}/xml")]
pub(crate) async fn invoice_xml(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let (number, xml) = service.receipt_xml(&auth, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, attachment(format!("{number}.xml"))))
        .body(xml))
}

/// A receipt's printable PDF.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The printed receipt", content_type = "application/pdf"),
        (status = 404, description = "No such receipt of yours", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/billing/invoices/{id}/pdf")]
pub(crate) async fn invoice_pdf(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let (number, pdf) = service.receipt_pdf(&auth, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((header::CONTENT_DISPOSITION, attachment(format!("{number}.pdf"))))
        .body(pdf))
}

/// Who your receipts name: tax id, name and address (stored encrypted).
#[utoipa::path(tag = "billing", security(("bearer" = [])),
    responses(
        (status = 200, body = BillingProfile),
        (status = 404, description = "Not given yet: receipts are boletas to \"clientes varios\"", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/billing/profile")]
pub(crate) async fn my_billing_profile(service: Service, auth: AuthUser) -> AppResult<web::Json<BillingProfile>> {
    Ok(web::Json(service.profile(&auth).await?))
}

/// Sets who your next receipts name: with a RUC (its check digit right, and the fiscal address)
/// they are facturas; with a DNI or no id, boletas.
#[utoipa::path(tag = "billing", security(("bearer" = [])), request_body = BillingProfile,
    responses(
        (status = 200, body = BillingProfile),
        (status = 422, description = "An id that does not fit its kind (a RUC's check digit), or a RUC without an address", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/billing/profile")]
pub(crate) async fn save_billing_profile(
    service: Service,
    auth: AuthUser,
    body: Json<BillingProfile>,
) -> AppResult<web::Json<BillingProfile>> {
    Ok(web::Json(service.save_profile(&auth, body.into_inner()).await?))
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

#[derive(OpenApi)]
#[openapi(
    paths(
        list_plans,
        my_usage,
        subscribe,
        my_subscription,
        cancel_subscription,
        resume_subscription,
        checkout,
        change_plan,
        my_payments,
        payment_webhook,
        my_invoices,
        invoice_xml,
        invoice_pdf,
        my_billing_profile,
        save_billing_profile,
        refund_payment,
    ),
    components(schemas(WebhookReceipt)),
    tags((name = "billing", description = "Plans, quotas, subscriptions, payments, receipts and the providers' webhooks")),
)]
pub struct BillingApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(list_plans)
        .service(my_usage)
        .service(subscribe)
        .service(my_subscription)
        .service(cancel_subscription)
        .service(resume_subscription)
        .service(checkout)
        .service(change_plan)
        .service(my_payments)
        .service(payment_webhook)
        .service(my_invoices)
        .service(invoice_xml)
        .service(invoice_pdf)
        .service(my_billing_profile)
        .service(save_billing_profile)
        .service(refund_payment);
}
