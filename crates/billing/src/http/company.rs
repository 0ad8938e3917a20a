//! A company's billing, for its admins: the same use cases as a person's, with the company as
//! the payer (its plans are team and business; its receipts are facturas once its profile has
//! its RUC). Refusals about the company are identity's: 404 for a company the caller is not in,
//! 409 when the token acts in another, 403 for a role that does not manage it.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use kernel::auth::AuthUser;
use kernel::input::{Json, Query};
use kernel::pagination::{Page, PageQuery};
use kernel::{AppResult, Problem};
use uuid::Uuid;

use super::{Service, pdf_document, xml_document};
use crate::service::{
    BillingProfile, Cancellation, Checkout, NewSubscription, Payment, PlanChange, PlanChangeRequest, Receipt,
    Subscription, Usage,
};

/// The company's plan and the month its usage counts in (409 without a plan: subscribe first).
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Usage),
        (status = 409, description = "The company has no plan yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/billing/usage")]
pub(crate) async fn company_usage(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Usage>> {
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(web::Json(service.usage(&payer).await?))
}

/// Starts a company plan's trial (team and business: 14 days).
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = NewSubscription,
    responses(
        (status = 201, body = Subscription),
        (status = 403, description = "A plan for people, or a role that does not manage the company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan or company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A subscription the company has, or a trial it used", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/billing/subscriptions")]
pub(crate) async fn company_subscribe(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<NewSubscription>,
) -> AppResult<HttpResponse> {
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(HttpResponse::Created().json(service.subscribe(&payer, body.into_inner()).await?))
}

/// The company's live subscription.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Subscription),
        (status = 404, description = "No subscription", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/billing/subscription")]
pub(crate) async fn company_subscription(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Subscription>> {
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(web::Json(service.subscription(&payer).await?))
}

/// Cancels the company's subscription at the period's end or now.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = Cancellation,
    responses(
        (status = 200, body = Subscription),
        (status = 404, description = "No subscription", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a move this subscription can take", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/billing/subscription/cancel")]
pub(crate) async fn company_cancel(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<Cancellation>,
) -> AppResult<web::Json<Subscription>> {
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(web::Json(service.cancel(&payer, body.into_inner()).await?))
}

/// Takes back a cancellation set for the period's end.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = Subscription),
        (status = 404, description = "No subscription", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nothing to resume", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/billing/subscription/resume")]
pub(crate) async fn company_resume(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Subscription>> {
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(web::Json(service.resume(&payer).await?))
}

/// Moves the company to another plan (upgrades prorated now, downgrades at the period's end).
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried upgrade pay once",
            min_length = 1, max_length = 255, pattern = "^[!-~]+$")),
    request_body = PlanChangeRequest,
    responses(
        (status = 200, body = PlanChange),
        (status = 403, description = "A plan for people", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No subscription, or no such plan", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already on the plan, a payment to settle first, or no saved payment method", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/billing/subscription/change")]
pub(crate) async fn company_change_plan(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    request: HttpRequest,
    body: Json<PlanChangeRequest>,
) -> AppResult<web::Json<PlanChange>> {
    let key = kernel::input::idempotency_key(&request)?;
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(web::Json(service.change_plan(&payer, body.into_inner(), key).await?))
}

/// Pays a company plan's first period (a trial turns paid); pending until the provider confirms.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request pay once",
            min_length = 1, max_length = 255, pattern = "^[!-~]+$")),
    request_body = Checkout,
    responses(
        (status = 201, body = Payment),
        (status = 200, description = "This Idempotency-Key made this payment before", body = Payment),
        (status = 403, description = "A plan for people, or a role that does not manage the company", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such plan or company", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A paid subscription the company has (change its plan instead)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A payment method the provider does not take", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api/v1/tenants/{id}/billing/checkout")]
pub(crate) async fn company_checkout(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    request: HttpRequest,
    body: Json<Checkout>,
) -> AppResult<HttpResponse> {
    let key = kernel::input::idempotency_key(&request)?;
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    let (payment, created) = service.checkout(&payer, body.into_inner(), key).await?;
    Ok(if created { HttpResponse::Created().json(payment) } else { HttpResponse::Ok().json(payment) })
}

/// The company's payments, newest first (at most 100).
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Payment>)))]
#[get("/api/v1/tenants/{id}/billing/payments")]
pub(crate) async fn company_payments(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Vec<Payment>>> {
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(web::Json(service.payments(&payer).await?))
}

/// The company's receipts and credit notes, newest first.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<Receipt>)))]
#[get("/api/v1/tenants/{id}/billing/invoices")]
pub(crate) async fn company_invoices(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    page: Query<PageQuery>,
) -> AppResult<web::Json<Page<Receipt>>> {
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(web::Json(service.receipts(&payer, &page).await?))
}

/// One of the company's receipts as SUNAT's UBL 2.1 XML.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path), ("receipt_id" = Uuid, Path)),
    responses(
        (status = 200, description = "The UBL 2.1 document", content_type = "application/xml", body = String),
        (status = 404, description = "No such receipt of the company", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/billing/invoices/{receipt_id}/xml")]
pub(crate) async fn company_invoice_xml(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (tenant_id, receipt_id) = path.into_inner();
    let payer = service.company_payer(&auth, tenant_id).await?;
    let (number, xml) = service.receipt_xml(&payer, receipt_id).await?;
    Ok(xml_document(&number, xml))
}

/// One of the company's receipts as a PDF.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path), ("receipt_id" = Uuid, Path)),
    responses(
        (status = 200, description = "The printed receipt", content_type = "application/pdf"),
        (status = 404, description = "No such receipt of the company", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/billing/invoices/{receipt_id}/pdf")]
pub(crate) async fn company_invoice_pdf(
    service: Service,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (tenant_id, receipt_id) = path.into_inner();
    let payer = service.company_payer(&auth, tenant_id).await?;
    let (number, pdf) = service.receipt_pdf(&payer, receipt_id).await?;
    Ok(pdf_document(&number, pdf))
}

/// Who the company's receipts name (its RUC, legal name and fiscal address; stored encrypted).
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, body = BillingProfile),
        (status = 404, description = "Not given yet", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/tenants/{id}/billing/profile")]
pub(crate) async fn company_billing_profile(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<BillingProfile>> {
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(web::Json(service.profile(&payer).await?))
}

/// Sets who the company's next receipts name: with its RUC they are facturas.
#[utoipa::path(tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = BillingProfile,
    responses(
        (status = 200, body = BillingProfile),
        (status = 422, description = "An id that does not fit its kind (a RUC's check digit), or a RUC without an address", body = Problem, content_type = "application/problem+json"),
    ))]
#[put("/api/v1/tenants/{id}/billing/profile")]
pub(crate) async fn save_company_billing_profile(
    service: Service,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<BillingProfile>,
) -> AppResult<web::Json<BillingProfile>> {
    let payer = service.company_payer(&auth, id.into_inner()).await?;
    Ok(web::Json(service.save_profile(&payer, body.into_inner()).await?))
}
