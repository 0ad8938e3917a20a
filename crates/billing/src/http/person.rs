//! A person's own billing: their plan and usage, trial, checkout, subscription moves, payments,
//! receipts and billing profile.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::{Service, pdf_document, xml_document};
use crate::service::{
    BillingProfile, Cancellation, Checkout, NewSubscription, Payer, Payment, PlanChange, PlanChangeRequest, Receipt,
    Subscription, Usage,
};

/// Your plan (the free one until you subscribe), this month's usage of each quota, and when the
/// month ends (Lima time).
#[utoipa::path(tag = "billing", security(("bearer" = [])), responses((status = 200, body = Usage)))]
#[get("/api/v1/billing/usage")]
pub(crate) async fn my_usage(service: Service, auth: AuthUser) -> AppResult<web::Json<Usage>> {
    Ok(web::Json(service.usage(&Payer::person(&auth)).await?))
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
    Ok(HttpResponse::Created().json(service.subscribe(&Payer::person(&auth), body.into_inner()).await?))
}

/// Your live subscription (trialing, active or past due).
#[utoipa::path(tag = "billing", security(("bearer" = [])),
    responses(
        (status = 200, body = Subscription),
        (status = 404, description = "No subscription: you are on the free plan", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/billing/subscription")]
pub(crate) async fn my_subscription(service: Service, auth: AuthUser) -> AppResult<web::Json<Subscription>> {
    Ok(web::Json(service.subscription(&Payer::person(&auth)).await?))
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
    Ok(web::Json(service.cancel(&Payer::person(&auth), body.into_inner()).await?))
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
    Ok(web::Json(service.resume(&Payer::person(&auth)).await?))
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
    let (payment, created) = service.checkout(&Payer::person(&auth), body.into_inner(), key).await?;
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
    Ok(web::Json(service.change_plan(&Payer::person(&auth), body.into_inner(), key).await?))
}

/// Your payments, newest first (at most 100).
#[utoipa::path(tag = "billing", security(("bearer" = [])), responses((status = 200, body = Vec<Payment>)))]
#[get("/api/v1/billing/payments")]
pub(crate) async fn my_payments(service: Service, auth: AuthUser) -> AppResult<web::Json<Vec<Payment>>> {
    Ok(web::Json(service.payments(&Payer::person(&auth)).await?))
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
    Ok(web::Json(service.receipts(&Payer::person(&auth), &page).await?))
}

/// A receipt's electronic document: SUNAT's UBL 2.1 XML (an `Invoice`, or a `CreditNote`).
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The UBL 2.1 document", content_type = "application/xml", body = String),
        (status = 404, description = "No such receipt of yours", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/billing/invoices/{id}/xml")]
pub(crate) async fn invoice_xml(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let (number, xml) = service.receipt_xml(&Payer::person(&auth), id.into_inner()).await?;
    Ok(xml_document(&number, xml))
}

/// A receipt's printable PDF.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The printed receipt", content_type = "application/pdf"),
        (status = 404, description = "No such receipt of yours", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/billing/invoices/{id}/pdf")]
pub(crate) async fn invoice_pdf(service: Service, auth: AuthUser, id: web::Path<Uuid>) -> AppResult<HttpResponse> {
    let (number, pdf) = service.receipt_pdf(&Payer::person(&auth), id.into_inner()).await?;
    Ok(pdf_document(&number, pdf))
}

/// Who your receipts name: tax id, name and address (stored encrypted).
#[utoipa::path(tag = "billing", security(("bearer" = [])),
    responses(
        (status = 200, body = BillingProfile),
        (status = 404, description = "Not given yet: receipts are boletas to \"clientes varios\"", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/billing/profile")]
pub(crate) async fn my_billing_profile(service: Service, auth: AuthUser) -> AppResult<web::Json<BillingProfile>> {
    Ok(web::Json(service.profile(&Payer::person(&auth)).await?))
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
    Ok(web::Json(service.save_profile(&Payer::person(&auth), body.into_inner()).await?))
}
