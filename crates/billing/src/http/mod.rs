//! The billing context over HTTP: thin handlers for a person's billing (`person`), a company's
//! (`company`, for its admins), and what belongs to neither (`provider`: the price list, the
//! payment provider's webhooks, operators' refunds).

mod company;
mod person;
mod provider;

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, web};
use bytes::Bytes;
use utoipa::OpenApi;

use crate::service::BillingService;

pub use provider::WebhookReceipt;

type Service = web::Data<BillingService>;

fn attachment(name: String) -> ContentDisposition {
    ContentDisposition { disposition: DispositionType::Attachment, parameters: vec![DispositionParam::Filename(name)] }
}

/// A receipt's UBL XML as a download named by its number.
fn xml_document(number: &str, xml: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, attachment(format!("{number}.xml"))))
        .body(xml)
}

/// A receipt's PDF as a download named by its number.
fn pdf_document(number: &str, pdf: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((header::CONTENT_DISPOSITION, attachment(format!("{number}.pdf"))))
        .body(pdf)
}

#[derive(OpenApi)]
#[openapi(
    paths(
        provider::list_plans,
        person::my_usage,
        person::subscribe,
        person::my_subscription,
        person::cancel_subscription,
        person::resume_subscription,
        person::checkout,
        person::change_plan,
        person::my_payments,
        person::my_invoices,
        person::invoice_xml,
        person::invoice_pdf,
        person::my_billing_profile,
        person::save_billing_profile,
        company::company_usage,
        company::company_subscribe,
        company::company_subscription,
        company::company_cancel,
        company::company_resume,
        company::company_change_plan,
        company::company_checkout,
        company::company_payments,
        company::company_invoices,
        company::company_invoice_xml,
        company::company_invoice_pdf,
        company::company_billing_profile,
        company::save_company_billing_profile,
        provider::payment_webhook,
        provider::refund_payment,
    ),
    components(schemas(WebhookReceipt)),
    tags((name = "billing", description = "Plans, quotas, subscriptions, payments, receipts and the providers' webhooks")),
)]
pub struct BillingApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(provider::list_plans)
        .service(person::my_usage)
        .service(person::subscribe)
        .service(person::my_subscription)
        .service(person::cancel_subscription)
        .service(person::resume_subscription)
        .service(person::checkout)
        .service(person::change_plan)
        .service(person::my_payments)
        .service(person::my_invoices)
        .service(person::invoice_xml)
        .service(person::invoice_pdf)
        .service(person::my_billing_profile)
        .service(person::save_billing_profile)
        .service(company::company_usage)
        .service(company::company_subscribe)
        .service(company::company_subscription)
        .service(company::company_cancel)
        .service(company::company_resume)
        .service(company::company_change_plan)
        .service(company::company_checkout)
        .service(company::company_payments)
        .service(company::company_invoices)
        .service(company::company_invoice_xml)
        .service(company::company_invoice_pdf)
        .service(company::company_billing_profile)
        .service(company::save_company_billing_profile)
        .service(provider::payment_webhook)
        .service(provider::refund_payment);
}
